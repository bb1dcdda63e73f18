"""Fitting a neutral alternative to the form of the flagged word.

A lexicon entry lists its neutral alternatives once, for the headword, but it
matches every inflection: "cleanse" matches "cleansed", "cleanses" and
"cleansing", so the alternatives of the match must be "expelled", "expels" and
"expelling" (:func:`fit_alternative`). The inflection class of a word is read
from its ending (:func:`inflection_class`): ``ed`` (past tense or participle),
``ing``, ``s`` (plural noun or third-person verb), ``ly`` (adverb) or ``base``.
An alternative of several words is inflected at its head: the first word of a
verb phrase ("drove out" -> "drives out"), otherwise the last word before a
preposition ("members of the armed group" -> "member of the armed group").
Irregular forms and the verbs that double their last consonant are data:
``framing/data/word_classes.tsv`` (classes ``irregular_past``,
``irregular_plural`` and ``doubling_verbs``).
"""

from __future__ import annotations

from functools import lru_cache

from .wordclasses import word_class, word_pairs

__all__ = ["inflection_class", "fit_alternative", "inflect"]

_NOT_LY = frozenset(
    {"only", "family", "ally", "reply", "supply", "apply", "rally", "italy", "july"}
)
_PHRASE_STOP = frozenset(
    {"in", "of", "for", "on", "to", "by", "that", "with", "from", "who", "as", "at", "against"}
)
_VOWELS = "aeiou"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str], frozenset]:
    past = word_pairs("irregular_past")  # base -> past
    plural = word_pairs("irregular_plural")  # singular -> plural
    return (
        past,
        {v: k for k, v in past.items()},
        plural,
        {v: k for k, v in plural.items()},
        word_class("doubling_verbs"),
    )


def inflection_class(word: str) -> str:
    """``ed``, ``ing``, ``s``, ``ly`` or ``base`` from the ending of a word."""
    w = word.lower()
    past, past_base, plural, plural_sing, _ = _tables()
    if w in past_base:
        return "ed"
    if w in plural_sing:
        return "s"
    if w.endswith("ed") and len(w) > 4:
        return "ed"
    if w.endswith("ing") and len(w) > 5:
        return "ing"
    if w.endswith("ly") and len(w) > 4 and w not in _NOT_LY:
        return "ly"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return "s"
    return "base"


def _doubles(base: str) -> bool:
    """Whether the last consonant doubles before -ed/-ing (stop -> stopped, expel -> expelled)."""
    if base in _tables()[4]:
        return True
    groups = sum(
        1 for i, ch in enumerate(base) if ch in _VOWELS and (i == 0 or base[i - 1] not in _VOWELS)
    )
    return (
        groups == 1
        and len(base) >= 3
        and base[-1] not in _VOWELS + "wxy"
        and base[-2] in _VOWELS
        and base[-3] not in _VOWELS
    )


def _base(word: str, cls: str) -> str:
    """The base form of ``word`` of class ``cls`` (rules and the irregular tables)."""
    past, past_base, plural, plural_sing, _ = _tables()
    if cls == "ed":
        if word in past_base:
            return past_base[word]
        stem = word[:-2]
        if word.endswith("eed"):  # agreed, freed
            return word[:-1]
        if word.endswith("ied"):
            return word[:-3] + "y"
        return _undouble(stem)
    if cls == "ing":
        return _undouble(word[:-3])
    if cls == "s":
        if word in plural_sing:
            return plural_sing[word]
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("ches", "shes", "sses", "xes", "zes")):
            return word[:-2]
        return word[:-1]
    if cls == "ly":
        if word.endswith("ically"):
            return word[:-4]
        if word.endswith("ily"):
            return word[:-3] + "y"
        if word.endswith("bly") or word.endswith("ply"):
            return word[:-1] + "e"
        return word[:-2]
    return word


def _undouble(stem: str) -> str:
    """The base of an -ed/-ing stem: "stopp" -> "stop", "expell" -> "expel", "kill" stays,
    "remov" -> "remove"."""
    if len(stem) > 2 and stem[-1] == stem[-2]:
        shorter = stem[:-1]
        if shorter in _tables()[4] or (_doubles(shorter) and stem[-1] not in "lsfz"):
            return shorter
        return stem
    return stem + "e" if _needs_e(stem) else stem


def _needs_e(stem: str) -> bool:
    """Whether a stem without -ed/-ing had a silent e: "remov" (remove), "seiz" (seize),
    "shap" (shape: a one-syllable stem that would have doubled its consonant otherwise),
    "eliminat" (eliminate)."""
    if stem.endswith(("v", "z", "c", "u", "dg")) or (stem.endswith("g") and stem[-2:-1] != "n"):
        return True
    if len(stem) == 2 and stem[0] in _VOWELS and stem[1] not in _VOWELS:  # us -> use
        return True
    if _doubles(stem) and stem not in _tables()[4]:
        return True
    return stem.endswith("at") and len(stem) > 4 and stem[-3] not in _VOWELS


def _past(base: str) -> str:
    past = _tables()[0]
    if base in past:
        return past[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        return base[:-1] + "ied"
    return base + (base[-1] + "ed" if _doubles(base) else "ed")


def _gerund(base: str) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    return base + (base[-1] + "ing" if _doubles(base) else "ing")


def _plural(base: str) -> str:
    plural = _tables()[2]
    if base in plural:
        return plural[base]
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return base + "es"
    return base + "s"


def _adverb(base: str) -> str:
    if base.endswith("ic"):
        return base + "ally"
    if base.endswith("y"):
        return base[:-1] + "ily"
    if base.endswith("le"):
        return base[:-1] + "y"
    return base + "ly"


_INFLECT = {"base": lambda b: b, "ed": _past, "ing": _gerund, "s": _plural, "ly": _adverb}


def inflect(base: str, cls: str) -> str:
    """``base`` in class ``cls`` (``expel``, ``ed`` -> ``expelled``)."""
    if cls not in _INFLECT:
        raise ValueError(f"unknown inflection class {cls!r}")
    return _INFLECT[cls](base)


def _head(words: list[str], verbal: bool) -> int:
    if len(words) == 1 or verbal:
        return 0
    k = 0
    while k + 1 < len(words) and words[k + 1].lower() not in _PHRASE_STOP:
        k += 1
    return k


def fit_alternative(alternative: str, word: str, verbal: bool) -> str:
    """``alternative`` inflected like the flagged ``word``.

    Parameters
    ----------
    alternative : str
        As written in the lexicon (for the headword).
    word : str
        The flagged word as it appears in the text (one word).
    verbal : bool
        Whether the entry is a verb (its forms include -ed or -ing forms): then a
        phrase is inflected at its first word.
    """
    target = inflection_class(word)
    words = alternative.split(" ")
    k = _head(words, verbal)
    head = words[k]
    if not head.isalpha() or not head.islower():
        return alternative  # a name, a placeholder ("[named group]")
    cls = inflection_class(head)
    if "ly" in (target, cls) and {target, cls} != {"ly", "base"}:
        return alternative  # adverbs come from adjectives only ("brutally" -> "harshly")
    if cls == "ly" and target == "base":
        return alternative  # an -ly adjective ("unlikely", "costly"), never cut to "unlike"
    if cls == target:
        return alternative
    words[k] = inflect(_base(head, cls), target)
    return " ".join(words)
