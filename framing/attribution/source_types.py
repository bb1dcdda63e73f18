"""Source typing: which of :data:`SOURCE_TYPES` a source phrase is (state media list,
anonymity, appositions, head nouns, ordered type patterns).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import source_roles, state_media
from .words import (
    _ALL_PREPOSITIONS,
    _DAYS,
    _DETERMINERS,
    _DOCUMENT_NOUNS,
    _NUMBERS,
    _POSTMODIFIER_PREPS,
    _PRONOUNS,
    _QUANTITY_WORDS,
)

SOURCE_TYPES = (
    "official",
    "military",
    "state_media",
    "media",
    "anonymous",
    "witness",
    "expert",
    "person",
    "organization",
    "other",
)


def _role_patterns() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    """The type patterns of ``framing/data/source_roles.tsv`` in their order, and the person words."""
    by_type: dict[str, list[str]] = {}
    person: list[str] = []
    for row in source_roles():
        if row["kind"] == "person_word":
            person.append(row["pattern"])
        else:
            by_type.setdefault(row["type"], []).append(row["pattern"])
    types = [(t, re.compile(r"\b(" + "|".join(alts) + r")(?!\w)")) for t, alts in by_type.items()]
    return types, re.compile(r"\b(" + "|".join(person) + r")\b")


# Source-type cues, tried in this order on the lower-cased source text; words for private persons.
_TYPE_PATTERNS, _PERSON_WORDS = _role_patterns()


@lru_cache(maxsize=1)
def _state_media_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns: all-caps acronyms (case-sensitive) and names (case-insensitive)."""
    names = [row["name"] for row in state_media()]
    acronyms = sorted((n for n in names if n.isupper()), key=len, reverse=True)
    others = sorted((n for n in names if not n.isupper()), key=len, reverse=True)
    acr = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, acronyms)) + r")(?!\w)")
    oth = re.compile(
        r"(?<!\w)(" + "|".join(map(re.escape, others)) + r")(?!\w)"
        r"|\bstate[- ](?:run|owned|controlled|media|television|tv|news agency|broadcaster)\b",
        re.IGNORECASE,
    )
    return acr, oth


def _name_like(text: str) -> bool:
    """Every word (after a leading "the") is capitalised: a name, not a description."""
    words = [w for w in re.findall(r"[\w.'’-]+", text) if w[:1].isalnum()]
    if words and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _head_part(text: str) -> tuple[str, str]:
    """The noun phrase up to its head, and what cut it ("clause", "place", "of" or "").

    "A super PAC supporting the president" -> ("A super PAC", "clause");
    "staffers on his campaign" -> ("staffers", "place"); "a new law by the
    government" -> ("a new law", "of"). A preposition inside a name ("Bank of
    England data") does not cut.
    """
    words = text.split()
    first = 0  # "dozens of staffers ...": the head follows a quantity
    for k in range(1, len(words)):
        w, nxt = words[k], words[k + 1] if k + 1 < len(words) else ""
        low = w.lower()
        if low == "of" and all(
            x.lower() in _QUANTITY_WORDS or x[:1].isdigit() for x in words[first:k]
        ):
            first = k + 1
            continue
        if low in {"who", "whom", "whose", "which", "that"}:
            return " ".join(words[first:k]), "clause"
        if (
            w.islower()
            and len(low) > 5
            and low.endswith(("ing", "ed"))
            and words[k - 1].lower() not in _DETERMINERS
        ):
            return " ".join(words[first:k]), "clause"
        if low in _POSTMODIFIER_PREPS and not nxt[:1].isupper():
            return " ".join(words[first:k]), "place" if low in {"on", "in", "at", "with"} else "of"
    return " ".join(words[first:]), ""


def _pattern_type(low: str) -> str | None:
    for name, pattern in _TYPE_PATTERNS:
        if pattern.search(low):
            return name
    return None


def classify_source(text: str) -> str:
    """Source type of a source phrase (one of :data:`SOURCE_TYPES`).

    Parameters
    ----------
    text : str
        The source span, e.g. ``"the Russian defense ministry"``.

    Returns
    -------
    str
        ``state_media`` for outlets in ``framing/data/state_media.tsv`` or
        described as state-run; ``anonymous`` when the phrase marks anonymity;
        otherwise the type of the description in an apposition ("Anthony
        Fauci, the top U.S. infectious diseases expert" -> expert), ``other``
        when the head noun is a document or data ("a new report from ..."),
        the type of the head before a clause ("A super PAC supporting the
        president" -> organization), else the first matching class of
        military, official, media, expert, witness, organization, other;
        ``person`` for a name or a person noun; ``other`` by default.
    """
    kind = _typed(text)
    if kind is not None:
        return kind
    low = text.lower()
    if low in {"he", "she"} or _PERSON_WORDS.search(low):
        return "person"
    if any(w[:1].isupper() for w in text.split()[1:]) or text[:1].isupper():
        return "person" if low not in {"they", "it", "we"} else "other"
    return "other"


def _typed(text: str) -> str | None:
    """The source type that the words of ``text`` mark, or None (see :func:`classify_source`)."""
    acr, oth = _state_media_re()
    if acr.search(text) or oth.search(text):
        return "state_media"
    low = text.lower()
    if _TYPE_PATTERNS[0][1].search(low):
        return "anonymous"
    # "Trump's former lawyer Michael Cohen": the part after the possessive decides,
    # unless it is a bare name ("Breitbart News's John Binder": the possessor decides)
    parts = re.split(r"['’]s\s+", text)
    if len(parts) > 1:
        head = classify_source(parts[-1])
        if head != "person" or _PERSON_WORDS.search(parts[-1].lower()):
            return head
        return classify_source(" ".join(parts[:-1]))
    m = re.search(r",\s+(?:who|whom|which)\b", text)
    if m:
        return classify_source(text[: m.start()])
    # apposition: the description decides over the name
    first, sep, rest = text.partition(", ")
    if sep and "(" not in first.replace(")", "") and rest:
        name_first, name_rest = _name_like(first), _name_like(rest)
        desc = rest if name_first else first
        dw = desc.split()
        if (
            name_first != name_rest
            and dw[0].lower().endswith("ing")
            and len(dw) > 1
            and (
                dw[1].lower() in _DETERMINERS | _ALL_PREPOSITIONS | _DAYS | _NUMBERS | _PRONOUNS
                or dw[1][:1].isupper()
            )
        ):
            return _typed(first if name_first else rest)  # "Silver, speaking at a news conference"
        if name_first != name_rest:
            kind = _typed(desc)
            if kind is not None:
                return kind
    head, cut = _head_part(text)
    head_words = head.split()
    if head_words and head_words[-1].islower() and head_words[-1] in _DOCUMENT_NOUNS:
        return "other"  # a common noun: "Court filings", not "the Bureau of Labor Statistics"
    if cut in {"clause", "place"}:  # the head decides, not the phrase that locates it
        kind = _pattern_type(head.lower())
        if kind is None and cut == "place" and _PERSON_WORDS.search(head.lower()):
            kind = "person"
        if kind is not None:
            return kind
    return _pattern_type(low)
