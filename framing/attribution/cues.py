"""Reporting cues: the cue table entries, matching a cue at a token, and the token tests that
tell a reporting verb from the same word used otherwise (noun, possessive, relative clause).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import attribution_cues
from ..text import Token
from .words import (
    _ABBREVIATIONS,
    _AMBIGUOUS,
    _DETERMINERS,
    _FRAME_AUX,
    _INFINITIVE,
    _LEADING_SKIP,
    _LY_NOUNS,
    _MODALS,
    _NOT_BEFORE,
    _NOUN_CUES,
    _NUMBERS,
    _OPEN_QUOTE_CHARS,
    _PRONOUNS,
    _SURVEY_NOUNS,
    _TITLES,
    _VERBS,
)

#: Words a survey cue ("In a Fox News poll released Sunday, ...") may span before its comma.
SURVEY_SOURCE_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class _Cue:
    words: tuple[str, ...]
    lemma: str
    stance: str
    kind: str


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[_Cue]]:
    """Cue entries keyed by their first word (lower case)."""
    table: dict[str, list[_Cue]] = {}
    for row in attribution_cues():
        words = tuple(row["cue"].lower().split())
        table.setdefault(words[0], []).append(_Cue(words, row["lemma"], row["stance"], row["kind"]))
    for entries in table.values():
        entries.sort(key=lambda c: -len(c.words))
    return table


def _is_verbish(t: Token, prev: Token | None) -> bool:
    """A lower-case token that is probably a verb (closed list, -ed form, or a cue)."""
    low = t.lower
    if not t.is_word or t.text[:1].isupper():
        return False
    if low in _VERBS:
        return True
    if (
        low.endswith("ed")
        and len(low) > 4
        and not (prev is not None and prev.lower in _DETERMINERS)
    ):
        return True
    return False


def _is_boundary_dot(toks: tuple[Token, ...], k: int, text: str) -> bool:
    """A full stop ends a phrase unless it closes an abbreviation or sits inside a word."""
    t = toks[k]
    if t.text != ".":
        return False
    if k > 0 and (
        toks[k - 1].lower in _ABBREVIATIONS
        or toks[k - 1].lower in _TITLES
        or (len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper())
    ):
        return False  # "Corp.", "Cmdr.", "Loretta E. Lynch"
    return t.end >= len(text) or text[t.end].isspace()


def _match_cue(toks: tuple[Token, ...], i: int) -> _Cue | None:
    entries = _cues().get(toks[i].lower)
    if not entries:
        return None
    for entry in entries:
        n = len(entry.words)
        if i + n <= len(toks) and all(toks[i + k].lower == entry.words[k] for k in range(n)):
            if entry.kind == "survey" and not _survey_frame(toks, i + n):
                continue
            return entry
    return None


def _survey_frame(toks: tuple[Token, ...], k: int) -> bool:
    """The cue ending before token ``k`` opens its sentence (``toks``) and a poll or survey
    follows before a comma that more words follow: "In a new Fox News poll, 45 percent ..."."""
    if any(t.is_word and t.lower not in _LEADING_SKIP for t in toks[: k - 1]):
        return False
    survey = False
    for m in range(k, min(len(toks), k + SURVEY_SOURCE_MAX_WORDS)):
        if toks[m].text == "," and (m + 1 == len(toks) or toks[m + 1].start > toks[m].end):
            return survey and any(t.is_word for t in toks[m + 1 :])
        if toks[m].text == ",":  # inside a number: "1,000 adults"
            continue
        if not toks[m].is_word and toks[m].text not in {"-", "/", "’", "'", "."}:
            return False
        survey = survey or toks[m].lower in _SURVEY_NOUNS
    return False


def _is_adverb(toks: tuple[Token, ...], j: int) -> bool:
    """A lower-case -ly word that is not a noun ("the family", "an ally")."""
    low = toks[j].lower
    return (
        low.endswith("ly")
        and len(low) > 4
        and not toks[j].text[:1].isupper()
        and low not in _LY_NOUNS
        and not (
            j > 0 and (toks[j - 1].lower in _DETERMINERS - {"that"} or _is_possessive(toks[j - 1]))
        )
    )


def _is_verb_at(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` is probably a finite verb or auxiliary (closed list, -ed form, cue, modal)."""
    t = toks[k]
    return (
        t.lower in _MODALS
        or _is_verbish(t, toks[k - 1] if k > 0 else None)
        or (
            _match_cue(toks, k) is not None
            and not _noun_context(toks, k)
            and (t.lower not in _AMBIGUOUS or _clausal(toks, k + 1))
        )
    )


def _claim_to(toks: tuple[Token, ...], k: int, lemma: str) -> bool:
    """ "claim(s) to have ...", "purports to be ...": an infinitival reported clause at ``k``."""
    return (
        lemma in _INFINITIVE
        and k + 1 < len(toks)
        and toks[k].lower == "to"
        and toks[k + 1].lower in {"have", "be", "know", "own", "represent", "speak", "hold"}
    )


def _not_a_reporting_verb(toks: tuple[Token, ...], ci: int, cj: int, entry: _Cue) -> bool:
    """The cue word is used here as a noun, an infinitive or a passive participle.

    "the report", "to say", "Trump’s claim", "his June 2 rant", "a new report
    from", "an immigrant accused of ..." (the accused, not the accuser).
    """
    n = len(toks)
    low = toks[ci].lower
    prev = toks[ci - 1] if ci > 0 else None
    nxt = toks[cj].lower if cj < n else ""
    if prev is not None and (prev.lower in _DETERMINERS or prev.lower == "to"):
        return True
    if (
        low in _AMBIGUOUS | _NOUN_CUES
        and prev is not None
        and (_is_possessive(prev) or prev.text.replace(",", "").isdigit() or prev.lower in _NUMBERS)
    ):
        return True
    if nxt in _NOT_BEFORE.get(entry.lemma, ()):
        return True
    return (
        low in _AMBIGUOUS
        and not _claim_to(toks, cj, entry.lemma)
        and (_noun_context(toks, ci) or nxt in {"from", "of", "by", "on", "for"})
    )


def _reported_frame(toks: tuple[Token, ...], ci: int) -> int | None:
    """Start of a passive frame before a participle cue, or None.

    "X was quoted as saying", "X can be heard saying", "X was seen telling":
    the source is the subject before the frame; the modal of "can be heard"
    does not hedge the speech act.
    """
    k = ci - 1
    if k >= 1 and toks[k].lower == "as" and toks[k - 1].lower == "quoted":
        k -= 2
    elif (
        k >= 0
        and toks[k].lower in {"heard", "seen", "filmed", "recorded", "overheard"}
        and toks[ci].lower.endswith("ing")
    ):
        k -= 1
    else:
        return None
    if k < 0 or toks[k].lower not in _FRAME_AUX:
        return None
    while k >= 0 and toks[k].lower in _FRAME_AUX:
        k -= 1
    return k + 1


def _is_possessive(t: Token) -> bool:
    """ "Trump’s", "the agency's" (not "it’s", "that’s", "there’s")."""
    low = t.lower
    return low.endswith(("'s", "’s")) and low[:-2] not in _PRONOUNS | {
        "that",
        "there",
        "what",
        "who",
        "here",
        "where",
        "let",
    }


def _noun_context(toks: tuple[Token, ...], ci: int) -> bool:
    """The cue token follows a determiner or possessive ("the report", "Trump's new tweet")."""

    def det(t: Token) -> bool:
        return (
            t.lower in _DETERMINERS
            or t.lower in _NUMBERS
            or t.text[:1].isdigit()
            or t.lower in {"other", "various", "numerous", "multiple", "such"}
            or _is_possessive(t)
        )

    if ci >= 1 and det(toks[ci - 1]):
        return True
    if (
        ci >= 2
        and det(toks[ci - 2])
        and toks[ci - 1].is_word
        and not toks[ci].lower.endswith("ing")
    ):
        return True
    # "a New York Times report": an indefinite article before a name makes a singular
    # noun phrase, which the base form or the -s form cannot be the verb of
    k = ci - 1
    while k >= 0 and toks[k].is_word and toks[k].text[:1].isupper():
        k -= 1
    return k >= 0 and k < ci - 1 and toks[k].lower in {"a", "an"}


def _is_predicate_verb(toks: tuple[Token, ...], k: int) -> bool:
    """Token ``k`` after a coordinator reads as a verb: -ed form, closed list or cue."""
    t = toks[k]
    if not t.is_word or t.text[:1].isupper():
        return False
    return (
        t.lower in _VERBS
        or (t.lower.endswith("ed") and len(t.lower) >= 4)
        or (_match_cue(toks, k) is not None and t.lower not in _AMBIGUOUS)
    )


def _relative_that(toks: tuple[Token, ...], m: int) -> bool:
    """ "that" at ``m`` is directly followed by a verb: a relative pronoun, not "that" + clause."""
    if m + 1 >= len(toks) or m == 0 or not toks[m - 1].is_word:
        return False
    nxt = toks[m + 1].lower
    return nxt in _VERBS | _MODALS or (nxt.endswith("ed") and len(nxt) > 4)


def _clausal(toks: tuple[Token, ...], k: int) -> bool:
    """The cue at ``k - 1`` is followed by "that" or a quotation (soon).

    Only a comma or colon right after the cue may come before it ("said, “...”").
    """
    for m in range(k, min(len(toks), k + 6)):
        t = toks[m]
        if t.lower == "that" and _relative_that(toks, m):
            return False  # "comments that followed": a relative clause after a noun
        if t.lower == "that" or t.text in _OPEN_QUOTE_CHARS:
            return True
        if t.text in {".", ";"} or (t.text in {",", ":", "—", "–"} and m > k):
            return False
    return False


def _cue_entry(text: str) -> _Cue:
    """The cue-table entry of a cue found by the learned extractor (or a neutral one)."""
    words = tuple(text.lower().split())
    for entry in _cues().get(words[0] if words else "", []):
        if entry.words == words[: len(entry.words)]:
            return entry
    return _Cue(words, words[0] if words else "", "neutral", "speech")
