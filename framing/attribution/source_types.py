"""Source typing: which of :data:`SOURCE_TYPES` a source phrase is (state media list,
anonymity, appositions, head nouns, ordered type patterns).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from weakref import WeakKeyDictionary

from ..mentions import Mention, Resolver, known_kind, state_adjectives
from ..resources import data_path, read_tsv, source_roles, state_media
from ..text import Document, quote_spans
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

FIRST_NAMES_FILE = "first_names.tsv"

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
        elif row["kind"] in {"role", "name"}:
            by_type.setdefault(row["type"], []).append(row["pattern"])
        elif row["kind"] == "cased_name":  # a type of its own order ("Salvation Army")
            by_type.setdefault(row["type"], [])
    types = [
        (t, re.compile(r"\b(" + "|".join(alts) + r")(?!\w)" if alts else r"(?!)"))
        for t, alts in by_type.items()
    ]
    return types, re.compile(r"\b(" + "|".join(person) + r")\b")


@lru_cache(maxsize=1)
def _cased_names() -> list[tuple[str, re.Pattern[str]]]:
    """The ``cased_name`` rows of ``framing/data/source_roles.tsv`` by type: names matched
    with their capitals ("Slate", "The Atlantic", "Planned Parenthood"), not as words."""
    by_type: dict[str, list[str]] = {}
    for row in source_roles():
        if row["kind"] == "cased_name":
            by_type.setdefault(row["type"], []).append(row["pattern"])
    return [
        (t, re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"))
        for t, alts in by_type.items()
    ]


# "pro-Clinton", "anti-Trump": whom a body is for or against, not what it is
_FOR_AGAINST = re.compile(r"(?<![\w-])(?:pro|anti)-[\w.'’-]+", re.IGNORECASE)


def _named(text: str) -> tuple[set[str], str]:
    """The types of the known names in ``text`` (see :func:`_cased_names`), and ``text``
    lower-cased with those names blanked, so that the words inside a name ("Army" in
    "Salvation Army", "Clinton" in "Clinton Foundation") do not type it, nor whom it is for
    or against ("a pro-Clinton super PAC")."""
    found: set[str] = set()
    text = _FOR_AGAINST.sub(lambda m: " " * len(m.group(0)), text)
    hits = [(m.start(), m.end(), t) for t, p in _cased_names() for m in p.finditer(text)]
    taken: list[tuple[int, int]] = []
    for a, b, t in sorted(hits, key=lambda h: h[0] - h[1]):  # the longest name first
        if all(b <= x or y <= a for x, y in taken):
            found.add(t)
            taken.append((a, b))
    for a, b in taken:
        text = text[:a] + " " * (b - a) + text[b:]
    return found, text.lower()


def _kind_pattern(kind: str, template: str) -> re.Pattern[str]:
    alts = [row["pattern"] for row in source_roles() if row["kind"] == kind]
    return re.compile(template.replace("ALTS", "|".join(alts)))


# Source-type cues, tried in this order on the lower-cased source text; words for private persons.
_TYPE_PATTERNS, _PERSON_WORDS = _role_patterns()
# The same patterns where they end the phrase (its head noun decides: "Sanders supporters").
_HEAD_PATTERNS = [(t, re.compile(p.pattern[:-6] + r"$")) for t, p in _TYPE_PATTERNS] + [
    ("person", re.compile(_PERSON_WORDS.pattern[:-2] + r"$"))
]
# "president of X" / "X president": titles that take the type of the body they head.
_TITLE_OF = re.compile(
    r"\b(?:"
    + "|".join(r["pattern"] for r in source_roles() if r["kind"] in {"title_of", "member_of"})
    + r")\s+(?:of|at|for|with)\s+(?P<body>.+)$"
)
_BODY_TITLE = _kind_pattern("title_of", r"^(?P<body>.*?)\s*\b(?:ALTS)$")
_TITLE_MODIFIERS = _kind_pattern("title_modifier", r"^(?:ALTS)$")
# "officials", "press secretary": a role noun that takes the type its modifiers mark
_ROLE_OF_BODY = _kind_pattern("role_of_body", r"(?:^|\s)(?:ALTS)$")
# "office", "press office": what its holder's possessive owns ("the sheriff's office")
_OFFICE = _kind_pattern("office", r"^(?:(?:[\w-]+\s+){0,2})(?:ALTS)$")
# "officials", "some senators", "senior aides": a role the article names no one or no body for
_UNNAMED = re.compile(
    _kind_pattern("unnamed_modifier", r"^(?:(?:ALTS)\s+)*").pattern
    + _kind_pattern("unnamed_plural", r"(?:ALTS)$").pattern
)


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


# "a group of rabbis", "a handful of senators": nouns for a number of what follows "of"
_COLLECTIVE = frozenset(
    "group groups handful number couple bunch slew crowd crowds pair trio series".split()
)


def _head_part(text: str) -> tuple[str, str]:
    """The noun phrase up to its head, and what cut it ("clause", "place", "of" or "").

    "A super PAC supporting the president" -> ("A super PAC", "clause");
    "staffers on his campaign" -> ("staffers", "place"); "a new law by the
    government" -> ("a new law", "of"). A preposition inside a name ("Bank of
    England data") does not cut.
    """
    words = text.split()
    first = 0  # "dozens of staffers ...", "a group of rabbis": the head follows a quantity
    for k in range(1, len(words)):
        w, nxt = words[k], words[k + 1] if k + 1 < len(words) else ""
        low = w.lower()
        if low == "of" and all(
            x.lower() in _QUANTITY_WORDS or x.lower() in _COLLECTIVE or x[:1].isdigit()
            for x in words[first:k]
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


def _body_type(body: str) -> str | None:
    """The type of the body a title heads ("the Log Cabin Republicans", "Judicial Watch"):
    its own type, official for a state, organization for another name, else None."""
    words = [w for w in body.split() if w.lower() not in _DETERMINERS]
    while words and _TITLE_MODIFIERS.match(words[0].lower()):
        words = words[1:]
    if not words:
        return None
    body = " ".join(words)
    if all(w.lower() in state_adjectives() for w in words) or known_kind(body) == "state":
        return "official"
    kind = _typed(body)
    if kind is not None and kind not in {"person", "other", "anonymous"}:
        return kind
    return "organization"  # "Judicial Watch president", "a school spokesman"


def _title_type(text: str) -> str | None:
    """The type of a source named by a title of a body: "president of the Log Cabin
    Republicans", "Judicial Watch president Tom Fitton" (see ``title_of`` in source_roles)."""
    low = text.lower()
    if len(low) != len(text):
        return None
    m = _TITLE_OF.search(low)
    if m and len(low[: m.start()].split()) <= 3:
        return _body_type(text[m.start("body") :])
    head = _head_part(text)[0].split()
    k = len(head)
    while k > 0 and (head[k - 1][:1].isupper() or head[k - 1][:1].isdigit()):
        k -= 1
    if k == 0:  # "Planned Parenthood President Cecile Richards": the capitalised title
        for i in range(len(head) - 2, 0, -1):
            m = _BODY_TITLE.match(" ".join(head[: i + 1]).lower())
            body = " ".join(head[: i + 1])[: m.end("body")] if m else ""
            if body and "(" not in body and ")" not in body and _typed(body) is not None:
                return _body_type(body)
        return None
    desc = " ".join(head[:k] if k < len(head) else head)
    desc = re.sub(r"\s+(?:and|&)$", "", desc)  # "Fox News Vice President and Managing Editor X"
    m = _BODY_TITLE.match(desc.lower()) if len(desc) == len(desc.lower()) else None
    if m and m.group("body"):
        return _body_type(desc[: m.end("body")])
    return None


def _head_type(text: str) -> str | None:
    """The type the head noun of ``text`` marks ("Sanders supporters" -> other, "Fox News
    host Glenn Beck" -> media: before a name, the noun that describes it), or None."""
    head = _head_part(text)[0].split()
    k = len(head)
    # a name: capitalised, a number or a handle ("Twitter user @jane")
    while k > 0 and (head[k - 1][:1].isupper() or head[k - 1][:1] in "0123456789@"):
        k -= 1
    if k == 0:
        return None
    full = " ".join(head[:k]).rstrip(",.;:")
    # "economist at Moody's": the preposition before the name goes with it ("author of", "ministry of" stay)
    desc = re.sub(r"(?<=[a-z])\s+(?:at|for|with|from|in|on)$", "", full)
    if len(desc) < len(full) and not desc.split()[-1].islower():  # "House Committee on"
        desc = full
    m = _ROLE_OF_BODY.search(desc.lower())
    body = (
        [w for w in desc[: m.start()].split() if not _TITLE_MODIFIERS.match(w.lower())] if m else []
    )
    if body:  # "Pentagon press secretary", "company officials": the body's type
        kind = _pattern_type(" ".join(body))
        if kind in {"military", "state_media", "media", "expert", "organization"}:
            return kind
    parts = [_named(p)[1].strip() for p in (full, desc)]  # "The Koch network": a name
    # "scholars and advocates": the first decides
    for part in dict.fromkeys([p.split(" and ")[0] for p in parts] + parts):
        for name, pattern in _HEAD_PATTERNS:
            if pattern.search(part):
                return name
    return None


def _document_head(text: str) -> bool:
    """The head noun of ``text`` is a document or data ("Court filings", not "the Bureau
    of Labor Statistics")."""
    words = _head_part(text)[0].split()
    if len(text.split()) <= 4:  # "own tracking poll": the -ing word is a modifier
        words = text.split()
    by = re.match(r"(.+?)\s+(?:by|from)\s+[A-Z]", text)
    if by:  # "a poll from Florida Atlantic University": "from" begins no name
        words = _head_part(by.group(1))[0].split()
    last = words[-1].rstrip(",;:") if words else ""  # "the new poll, conducted ..."
    return last.islower() and last in _DOCUMENT_NOUNS


def _pattern_type(text: str) -> str | None:
    """The first type, in the order of ``source_roles.tsv``, that a known name in ``text``
    or one of its words marks."""
    names, low = _named(text)
    for name, pattern in _TYPE_PATTERNS:
        if name in names or pattern.search(low):
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
    words = text.split(",")[0].split()
    if (
        _name_like(text.split(",")[0])
        and words[0].lower() != "the"
        and words[0].lower() not in _QUANTITY_WORDS
        and low not in {"they", "it", "we"}
    ):
        return "person"  # a name, not "the Sunshine State" or "Most"
    return "other"


# "Smith, of the Brookings Institution", "Jones, at Harvard": a phrase after a name that
# says whom it works for ("along with" joins another source, "like" gives examples of it);
# other prepositions ("in a statement") describe no one
_AFFILIATION_PREPS = frozenset({"of", "at", "with", "from", "for", "along", "like"})


def _apposition_type(text: str) -> tuple[bool, str | None]:
    """Whether an apposition decides the type of ``text``, and the type: the description
    decides over the name ("Anthony Fauci, the top U.S. infectious diseases expert"), the
    name over a participle ("Silver, speaking at a news conference")."""
    first, sep, rest = text.partition(", ")
    if not sep or "(" in first.replace(")", "") or not rest:
        return False, None
    name_first, name_rest = _name_like(first), _name_like(rest)
    if name_first == name_rest:
        return False, None
    desc = rest if name_first else first
    dw = desc.split()
    if not dw:  # nothing but punctuation before the comma (", '' Name")
        return False, None
    if dw[0].lower() in {"writing", "reporting"} and _typed(desc) in {"media", "state_media"}:
        return True, _typed(desc)  # "Jane Porter, writing in The New Republic"
    if dw[0].lower() in _ALL_PREPOSITIONS - _AFFILIATION_PREPS:
        # "Brennan, in a warning on ...": the name decides; "Dowd, in The New York Times"
        kind = _typed(desc)
        return True, kind if kind in {"media", "state_media"} else _typed(
            first if name_first else rest
        )
    if (
        dw[0].lower().endswith("ing")
        and len(dw) > 1
        and (
            dw[1].lower() in _DETERMINERS | _ALL_PREPOSITIONS | _DAYS | _NUMBERS | _PRONOUNS
            or dw[1][:1].isupper()
        )
    ):
        return True, _typed(first if name_first else rest)
    kind = _typed(desc)
    return kind is not None, kind


# "who heads the pro-Clinton super PAC ...", "whose Delegates Unbound group": the body
_HEADS_BODY = re.compile(
    r"\bwho(?:\s+now)?\s+(?:heads|leads|runs|founded|directs|chairs)\s+(?P<body>.+)$"
    r"|\bwhose\s+(?P<group>[A-Z][^,]*?\s+(?:group|organi[sz]ation|company|firm|campaign))\b"
)


# "Trump's", not "who's", "it's", "that's" (is/has)
_POSSESSIVE = re.compile(
    r"(?<!\bwho)(?<!\bit)(?<!\bthat)(?<!\bhe)(?<!\bshe)(?<!\bthere)(?<!\bwhat)(?<!\bhere)"
    r"['’]s\s+",
    re.IGNORECASE,
)


# "who was undersecretary of state", "who is a professor at ...": a relative clause that
# describes what its antecedent is
_RELATIVE_IS = re.compile(
    r"^(?:who|whom)\s+(?:now\s+|also\s+)?(?:is|was|has been|had been|became|serves as|served as"
    r"|(?:teaches|taught|lectures|studies|studied)(?:\s+[\w-]+){0,3}?(?=\s+at\b))"
    r"\s+(?:now\s+|then\s+|also\s+|still\s+|once\s+)?(?P<desc>[^,;]+)",
    re.IGNORECASE,
)


# "who covers ...", "who writes a column for ...": what a journalist does
_RELATIVE_MEDIA = re.compile(
    r"^(?:who|whom)\s+(?:now\s+|also\s+)?(?:covers|covered|hosts|hosted|co-hosts|anchors|anchored"
    r"|edits|edited|(?:writes|wrote|reports|reported)\s+(?:a\s+(?:column|blog)\s+)?for)\b",
    re.IGNORECASE,
)


def _relative_type(clause: str) -> str | None:
    """The type a describing relative clause marks ("who was undersecretary of state"
    -> official, "who covers the White House for CNN" -> media), or None."""
    if _RELATIVE_MEDIA.match(clause):
        return "media"
    m = _RELATIVE_IS.match(clause)
    if not m:
        return None
    kind = _typed(m.group("desc"))
    return kind if kind not in {"other", "anonymous"} else None


def _possessive_type(parts: list[str]) -> str:
    """The type of a phrase with a possessive, split at it: "Trump's former lawyer Michael
    Cohen": the part after it decides, unless it is a bare name ("Breitbart News's John
    Binder": the possessor decides) or a unit of a university, an outlet or an army
    ("Rutgers University's Eagleton Institute": the owner's type)."""
    owner, owned = " ".join(parts[:-1]), parts[-1]
    if _office(owned):  # "the governor's office": the holder's type, a person's is official
        return _office_type(_typed(owner))
    if _document_head(owned):  # "Gallup's own tracking poll": the body's document
        kind = _typed(owner)
        return kind if kind not in {None, "person", "anonymous"} else "other"
    # "the group's president", "the Pentagon's press secretary": the owner's type; not
    # "Bloomberg's campaign manager" (a modifier with a type of its own)
    title = " ".join(
        w
        for w in owned.lower().split()
        if not (_TITLE_MODIFIERS.match(w) and _pattern_type(w) is None) and w not in _DETERMINERS
    )
    m = _BODY_TITLE.match(title)
    if title and ((m and not m.group("body")) or _ROLE_OF_BODY.fullmatch(" " + title)):
        return _body_type(owner) or "other"
    head = classify_source(owned)
    if head == "organization" and _name_like(owned.split()[0]):
        kind = classify_source(owner)
        return kind if kind in {"expert", "media", "military", "state_media"} else head
    if head != "person" or _PERSON_WORDS.search(owned.lower()):
        return head  # "the party's own committee", "Trump's former lawyer Michael Cohen"
    return classify_source(owner)


def _office(owned: str) -> bool:
    """``owned`` (what follows a possessive) is an office ("office", "press office"), not
    "box office" or "Oval Office": its words are lower-case and those before "office" are
    title modifiers."""
    words = [w for w in owned.split() if w.lower() not in _DETERMINERS]
    return (
        bool(words)
        and all(w.islower() for w in words)
        and bool(_OFFICE.match(" ".join(words)))
        and all(_TITLE_MODIFIERS.match(w) for w in words[:-1])
    )


def _office_type(holder: str | None) -> str:
    """The type of an office from that of its holder: a body's own type, official for a
    person or an unknown holder ("Booker's office")."""
    return holder if holder not in {None, "person", "other", "anonymous"} else "official"


_LEADING_NAME = re.compile(
    r"(?:[Tt]he\s+)?[A-Z][\w.&'’/-]*(?:\s+(?:(?:of|for|on|and|the|&)\s+)*[A-Z][\w.&'’/-]*)*"
)


def _document_type(text: str, head: str) -> str:
    """The type of a document ``text`` whose head is ``head``: that of the body named with
    it ("a recent CNN/ORC poll", "a poll released by The Washington Post"), else other
    ("Court filings"). The words before the document noun name its body first ("a POLITICO
    analysis of FEC records": POLITICO's), then those after "by" or "from" ("a survey of 18
    countries from the Pew Research Center"), the name right after them first, then all
    the others."""
    words = head.split()
    noun = next(w for w in words if w.rstrip(",;:") in _DOCUMENT_NOUNS or w == words[-1])
    before, _, after = text.partition(noun)
    by = re.search(r"\b(?:by|from)\s+(.+)", after)
    # the name right after "from" first ("a poll from Florida Atlantic University broadcast
    # on MSNBC": the university's)
    name = _LEADING_NAME.match(by.group(1)) if by else None
    parts = (before, name.group(0) if name else "", by.group(1) if by else "")
    for part in (*parts, before + " " + after):
        kind = _pattern_type(part)
        if kind not in {None, "person", "anonymous"}:
            return kind
    return "other"


def _typed(text: str) -> str | None:
    """The source type that the words of ``text`` mark, or None (see :func:`classify_source`)."""
    acr, oth = _state_media_re()
    if acr.search(text) or oth.search(text):
        return "state_media"
    text = text.strip().rstrip(",;:")
    low = text.lower()
    if _TYPE_PATTERNS[0][1].search(_named(text)[1]) or _UNNAMED.match(low):
        return "anonymous"
    parts = _POSSESSIVE.split(text)
    head, cut = _head_part(text)
    # not a possessive inside a phrase after a head of its own type ("a meteorologist with
    # the National Weather Service's Monterey office": the meteorologist decides)
    if len(parts) > 1 and not (cut and len(parts[0]) >= len(head) and _pattern_type(head)):
        return _possessive_type(parts)
    m = _HEADS_BODY.search(text)
    if m:  # "David Brock, a Clinton confidant who heads the super PAC Correct the Record"
        return _body_type(m.group("body") or m.group("group"))
    m = re.search(r",\s+(?:who|whom|which)\b", text)
    if m:  # "Wendy Sherman, who was undersecretary of state": the description decides
        kind = _relative_type(text[m.start() :].lstrip(", "))
        return kind if kind is not None else classify_source(text[: m.start()])
    decided, kind = _apposition_type(text)
    if decided:
        return kind
    kind = _title_type(text)
    if kind is not None:
        return kind
    if _document_head(text):
        return _document_type(text, head)
    kind = _head_type(text)
    if kind is not None:
        return kind
    if cut in {"clause", "place"}:  # the head decides, not the phrase that locates it
        kind = _pattern_type(head)
        if kind is None and cut == "place" and _PERSON_WORDS.search(head.lower()):
            kind = "person"
        if kind is not None:
            return kind
    # after a quantity ("a group of rabbis") its words do not count
    partitive = not cut and len(head.split()) < len(text.split())
    kind = _pattern_type(head if partitive else text)
    if kind is None and _name_like(text):  # "Iran", "the U.N.", "ISIS": actor_names.tsv
        kind = {
            "state": "official",
            "armed_group": "military",
            "force": "military",
            "organization": "organization",
        }.get(known_kind(text) or "")
    return kind


#: Personal pronouns typed by the actor they refer to; relative pronouns by their antecedent.
_PERSONAL_PRONOUNS = frozenset("he she they it we i his her him them their its".split())
_RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
_PARTITIVE = re.compile(r"(?:[\w-]+\s+){1,3}of\s+(whom|which)$", re.IGNORECASE)
_APPOSITION = re.compile(
    r"\s*,\s+([^,;:()\"“”]{3,160}?)(?=\s*(?:[,;)]|(?<![A-Z]\.[A-Z])\.(?:\s|$)|$))"
)
# "Porter wrote in The Atlantic": a journalist's verb after the name, and the outlet
_WROTE_IN = re.compile(r"\s+(?:wrote|writes|reported|reports)\s+(?:in|for)\s+(?P<pub>[^,.;]{2,60})")
_WORD = re.compile(r"[\w.'’&-]+")
_PARTICIPLE = re.compile(r"[a-z]{3,}ed\b")
# "Smith of the Brookings Institution": a capitalised body after a name
_OF_BODY = re.compile(
    r"\s+(?:of|at|with)\s+(?:the\s+)?"
    r"(?P<body>[A-Z][\w.&'’-]*(?:\s+(?:(?:for|of|on|and|the|&)\s+)*[A-Z][\w.&'’-]*)*)"
)


def _role_word(word: str) -> bool:
    """A title or role word ("host", "Sen."): not an "other" word ("act", "men")."""
    low = word.lower()
    return any(p.fullmatch(low) or p.match(low) for t, p in _TYPE_PATTERNS[1:] if t != "other")


def _in_context(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """The source ``text[start:end]`` with the title words before it ("Fox News host Glenn
    Beck") and an apposition after it ("Smith, a Pentagon spokesman"), inside ``[lo, hi)``."""
    left = []
    at = start  # punctuation between two words ends the title words: "(CNN) President"
    for m in reversed(list(_WORD.finditer(text, max(lo, start - 80), start))[-6:]):
        w = m.group(0)
        if not (w[:1].isupper() or _role_word(w)) or w.lower() in _PERSONAL_PRONOUNS:
            break
        if text[m.end() : at].strip():
            break
        left.append(w)
        at = m.start()
    phrase = " ".join([*reversed(left), text[start:end].strip()])
    m = _OF_BODY.match(text, end, hi)
    if m and _typed(m.group("body")) is not None:  # "Mr. Burman of the Tax Policy Center"
        phrase += " " + " ".join(m.group(0).split())
        end = m.end()
    m = _WROTE_IN.match(text, end, hi)
    if m and _typed(m.group("pub")) in {"media", "state_media"}:
        return phrase + ", writing in " + m.group("pub")
    m = _APPOSITION.match(text, end, hi)
    if m and _PARTICIPLE.match(m.group(1)):  # "Ron Howard, endorsed ...": no apposition
        m = None
    if m and (_typed(m.group(1)) is not None or _relative_type(m.group(1)) is not None):
        phrase += ", " + m.group(1)
    return phrase


#: The actor types found in one article, per :class:`~framing.mentions.Resolver` (one per
#: article): every source of an actor takes the same type, found once, so that typing the n
#: sources of an actor with n mentions costs n, not n * n (a transcript of "Smith said ...").
_ACTOR_TYPES: WeakKeyDictionary[Resolver, dict[tuple[int, int, int], str | None]] = (
    WeakKeyDictionary()
)


def _actor_type(
    text: str,
    mentions: list[Mention],
    lo_of: Callable[[int], int],
    hi_of: Callable[[int], int],
    resolver: Resolver,
) -> str | None:
    """The first type that one of an actor's mentions marks in its context."""
    if not mentions:
        return None
    memo = _ACTOR_TYPES.setdefault(resolver, {})
    key = (mentions[0].start, mentions[-1].end, len(mentions))
    if key in memo:
        return memo[key]
    found = None
    # a headline's run of capitals ("Conservative Icon Morton Blackwell Endorses Ted Cruz")
    # is no title of the name: its mentions count after those of the body text
    for m in sorted(mentions, key=lambda m: _headline(text, lo_of(m.start), hi_of(m.start))):
        kind = _typed(_in_context(text, m.start, m.end, lo_of(m.start), hi_of(m.start)))
        if kind is not None:
            found = kind
            break
    memo[key] = found
    return found


def _headline(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is set in title case (most of its longer words capitalised)."""
    words = [w for w in _WORD.findall(text[lo:hi]) if len(w) > 3]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


_MALE_TITLE = _kind_pattern("male_title", r"(?:^|\s)(?:ALTS)\s*$")
_FEMALE_TITLE = _kind_pattern("female_title", r"(?:^|\s)(?:ALTS)\s*$")
_SPEAKER_AFTER = _kind_pattern(
    "speaker_verb", r"^[\s,]*(?:(?:has|had|also|then|later)\s+)*(?:ALTS)\b"
)
_SPEAKER_BEFORE = _kind_pattern("speaker_verb", r"\b(?:ALTS)[\s,]*$")


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    """``framing/data/first_names.tsv``: first name (lower case) -> "he" or "she"."""
    rows = read_tsv(data_path(FIRST_NAMES_FILE), ("name", "pronoun"), ("name", "pronoun"))
    return {row["name"]: row["pronoun"] for _, row in rows}


def _gender(text: str, m: Mention) -> str:
    """``"he"``, ``"she"`` or ``""``: the title before a person mention ("Mr.", "Mrs.") or
    its first name ("Hillary Clinton")."""
    before = text[max(0, m.start - 12) : m.start].lower()
    if _MALE_TITLE.search(before):
        return "he"
    if _FEMALE_TITLE.search(before):
        return "she"
    words = m.text.split()
    return _first_names().get(words[0].lower(), "") if len(words) >= 2 else ""


@dataclass(frozen=True, slots=True)
class _ActorFacts:
    """What :func:`_person_like` and the pronoun checks read of all of an actor's mentions:
    its longest mention, whether one has a title or is a full name of capitalised words, and
    the genders they mark."""

    mentions: list[Mention]
    best: Mention
    titled: bool
    full: bool
    genders: frozenset[str]


#: Per article (its Resolver): id of an actor's mention list (the Resolver keeps each one)
#: -> its facts, read once per actor rather than once per pronoun source near one of its
#: mentions ("Mr. Smith said ... He said ..." repeated: quadratic otherwise).
_FACTS: WeakKeyDictionary[Resolver, dict[int, _ActorFacts]] = WeakKeyDictionary()


def _actor_facts(text: str, resolver: Resolver, m: Mention) -> _ActorFacts:
    """The facts of the actor of mention ``m`` (``m`` alone when it resolves to none)."""
    named = resolver.actor(m.start, m.end)
    memo = _FACTS.setdefault(resolver, {}) if named else {}
    facts = memo.get(id(named))
    if facts is None:
        actor = named or [m]
        facts = _ActorFacts(
            actor,
            max(actor, key=lambda a: len(a.text)),
            any(a.title for a in actor),
            any(
                len(a.text.split()) >= 2 and all(w[:1].isupper() for w in a.text.split())
                for a in actor
            ),
            frozenset(_gender(text, a) for a in actor) - {""},
        )
        if named:
            memo[id(named)] = facts
    return facts


def _fitting_person(
    text: str, resolver: Resolver, m: Mention, pronoun: str
) -> list[Mention] | None:
    """The mentions of the actor of ``m`` when ``m`` names an individual that ``pronoun``
    ("he", "she") can refer to (no gender of its mentions says otherwise), else None."""
    facts = _actor_facts(text, resolver, m)
    if not _person_like(text, m, facts) or (facts.genders and pronoun not in facts.genders):
        return None
    return facts.mentions


def _person_like(text: str, m: Mention, facts: _ActorFacts) -> bool:
    """Whether a named mention of kind person names an individual: a full name ("Jon
    Tester"), a name after a title, or a speaker; not "Wednesday", "Boston Globe", "CNN"."""
    if m.is_pronoun or m.kind != "person":
        return False
    if not m.name:  # "the former Maryland governor", "the admiral": a person noun
        return m.number != "pl" and _typed(m.text) not in {None, "other", "anonymous"}
    low = m.text.lower()
    if not m.text[:1].isupper() or m.number == "pl" or low in _DETERMINERS | _QUANTITY_WORDS:
        return False
    for a in dict.fromkeys((m.text, facts.best.text)):
        if _named(a)[0]:  # "Tax Policy Center", "Newsweek": a body's name
            return False
        kind = _typed(a)
        if kind in {"media", "organization", "state_media", "other"}:
            return False
        if known_kind(a) not in {None, "person"}:
            return False
        if kind is not None:  # "Trump", "Sen. Sanders": a name of the role lists
            return True
    if facts.titled or _gender(text, m):
        return True
    return facts.full or _speaker(text, m)


def _speaker(text: str, m: Mention) -> bool:
    """The mention is the subject of a reporting verb next to it ("Axelrod said", "said
    Mr. Burman")."""
    after = text[m.end : m.end + 30]
    before = text[max(0, m.start - 14) : m.start]
    return bool(_SPEAKER_AFTER.match(after) or _SPEAKER_BEFORE.search(before))


def _antecedent(
    doc: Document, resolver: Resolver, start: int, pronoun: str
) -> tuple[Mention, list[Mention]] | None:
    """The person a "he" or "she" source refers to, and its actor's mentions: the nearest
    earlier individual of a fitting title or first name, outside quotations, in its sentence
    and the three before, a speaker
    ("..., said Mr. Burman. ... he added") before any other name; or None."""
    text = doc.text
    sent = doc.sentence_at(start)
    if sent is None:
        return None
    lo = doc.sentences[max(0, sent - 3)].start
    quotes = quote_spans(text, lo, start)
    cands = []
    for m in resolver.within(lo, start):
        if any(qs < m.start and m.end < qe for qs, qe in quotes):  # a name inside a quotation
            continue
        actor = _fitting_person(text, resolver, m, pronoun)
        if actor is not None:
            cands.append((m, actor))
    # (where, mention, actor): a surname the clustering missed stands for its full name
    found = [(m, m, actor) for m, actor in cands]
    found += _missed_surnames(doc, resolver, lo, start, quotes, pronoun)
    found.sort(key=lambda c: c[0].start)
    if not found:
        return None
    speakers = [
        c
        for c in found
        if _speaker(text, c[0]) or any(_speaker(text, a) for a in c[2] if lo <= a.start < start)
    ]
    _, m, actor = (speakers or found)[-1]
    return m, actor


#: Per article (its Resolver): "" -> surname -> the mentions of a full name with it, and
#: "pronoun surname" -> the first of them that fits the pronoun, with its actor, or None.
_SURNAMES: WeakKeyDictionary[Resolver, dict] = WeakKeyDictionary()
_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][\w'’-]+(?![\w-])")


def _missed_surnames(
    doc: Document,
    resolver: Resolver,
    lo: int,
    start: int,
    quotes: list[tuple[int, int]],
    pronoun: str,
) -> list[tuple[Mention, Mention, list[Mention]]]:
    """The surnames in ``text[lo:start]``, outside quotations and mentions and not within a
    longer name, of individuals named elsewhere in the article ("Fiorina was upfront ..."
    that opens a sentence, which the clustering misses): ``(where, mention, actor)``, the
    surname's place, the full-name mention and its actor."""
    text = doc.text
    taken = [(m.start, m.end) for m in resolver.within(lo, start, overlapping=True)]
    taken += quotes
    words = []
    for w in _CAPITALISED.finditer(text, lo, start):
        if any(a <= w.start() < b for a, b in taken):
            continue
        before = text[max(lo, w.start() - 30) : w.start()].split()
        after = text[w.end() : w.end() + 30].split()
        if (before and before[-1][:1].isupper() and not before[-1].endswith(".")) or (
            after and after[0][:1].isupper()
        ):
            continue  # "Lake Charles", "Rule Summit": part of another name
        words.append(w)
    if not words:
        return []
    memo = _SURNAMES.setdefault(resolver, {})
    if "" not in memo:  # surname -> the mentions of a full name, in their order
        index: dict[str, list] = {}
        for m in resolver.mentions:
            parts = m.name.split() if m.name else []
            if len(parts) >= 2:
                index.setdefault(parts[-1], []).append(m)
        memo[""] = index
    found = []
    for w in words:
        key = pronoun + " " + w.group(0)
        if key not in memo:
            memo[key] = None
            for m in memo[""].get(w.group(0), []):
                actor = _fitting_person(text, resolver, m, pronoun)
                if actor is not None:
                    memo[key] = (m, actor)
                    break
        if memo[key] is not None:
            m, actor = memo[key]
            found.append((replace(m, start=w.start(), end=w.end(), text=w.group(0)), m, actor))
    return found


def _he_or_she(
    doc: Document,
    start: int,
    pronoun: str,
    resolver: Resolver,
    lo_of: Callable[[int], int],
    hi_of: Callable[[int], int],
) -> tuple[str, dict | None]:
    """The type of a "he" or "she" source: that of the person it refers to
    (:func:`_antecedent`), ``person`` when none is found."""
    found = _antecedent(doc, resolver, start, pronoun)
    if found is None:
        return "person", None
    m, actor = found
    kind = _actor_type(doc.text, actor, lo_of, hi_of, resolver)
    if kind is None:
        kind = _same_name_type(doc.text, m.text, lo_of, hi_of, resolver)
    best = resolver.resolve(m.start, m.end) or m
    return (kind or "person"), {"start": best.start, "end": best.end, "text": best.text}


def type_source(
    doc: Document, start: int, end: int, resolver: Resolver | None = None
) -> tuple[str, dict | None]:
    """The type of the source ``doc.text[start:end]`` in its article, and the fullest
    mention of the actor it stands for (``{"start","end","text"}`` or None).

    "He" and "she" take the type of the person they refer to (the nearest fitting person
    before them, a speaker first; ``person`` when there is none), another pronoun
    ("they") that of the actor it refers to (:class:`framing.mentions.Resolver`), a
    relative pronoun ("who") that of the words it follows; a name takes the type its
    title ("Fox News host Glenn Beck"), an apposition ("Smith, a Pentagon spokesman") or
    another mention of the same actor or surname in the article ("Tester" -> "Sen. Jon
    Tester") marks; otherwise :func:`classify_source` of its words.
    """
    text = doc.text
    resolver = Resolver(doc) if resolver is None else resolver
    s_text = text[start:end].strip()
    low = s_text.lower()

    def lo_of(at: int) -> int:
        sent = doc.sentence_at(at)
        return doc.sentences[sent].start if sent is not None else 0

    def hi_of(at: int) -> int:
        sent = doc.sentence_at(at)
        return doc.sentences[sent].end if sent is not None else len(text)

    best = resolver.resolve(start, end)
    resolved = None
    if best is not None and not (start <= best.start and best.end <= end):
        resolved = {"start": best.start, "end": best.end, "text": best.text}
    # "X, who ...", "five superdelegates, two of whom": the words before, back to a comma
    if low in _RELATIVE_PRONOUNS or _PARTITIVE.match(s_text):
        lo = lo_of(start)
        stripped = text[lo:start].rstrip(" ,")
        s2, e2 = lo + max(stripped.rfind(c) for c in ',;:()"“”') + 1, lo + len(stripped)
        while s2 < e2 and text[s2].isspace():
            s2 += 1
        return type_source(doc, s2, e2, resolver) if s2 < e2 else ("other", None)
    if low in {"he", "she"}:
        return _he_or_she(doc, start, low, resolver, lo_of, hi_of)
    if low in _PERSONAL_PRONOUNS:
        actor = resolver.actor(start, end)
        kind = _actor_type(text, actor, lo_of, hi_of, resolver) if actor else None
        if kind is None:
            kind = "person" if low in {"i", "his", "her", "him"} else "other"
            if actor:
                kind = classify_source(actor[0].text)
        return kind, resolved
    m = _POSSESSIVE.search(s_text) or re.match(r"(?:his|her|their|its)(?=\s)", s_text, re.I)
    if m and _office(s_text[m.end() :]):  # "Booker's office": its holder's, in the article
        at = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        return _office_type(
            type_source(doc, at, at + (m.start() or m.end()), resolver)[0]
        ), resolved
    if m and _document_head(s_text[m.end() :]):  # "her medical records": hers
        at = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        kind = type_source(doc, at, at + (m.start() or m.end()), resolver)[0]
        return (kind if kind not in {"person", "anonymous"} else "other"), resolved
    kind = _typed(s_text)
    if kind is None and _name_like(s_text) and len(s_text.split()) <= 4:
        kind = _typed(_in_context(text, start, end, lo_of(start), hi_of(start)))
        if kind is None:
            kind = _actor_type(text, resolver.actor(start, end), lo_of, hi_of, resolver)
        if kind is None:
            kind = _same_name_type(text, s_text, lo_of, hi_of, resolver)
    return (kind or classify_source(s_text)), resolved


#: Per article (its :class:`~framing.mentions.Resolver`): surname -> the type its mentions mark.
_NAME_TYPES: WeakKeyDictionary[Resolver, dict[str, str | None]] = WeakKeyDictionary()
_TITLES_ONLY = re.compile(r"^(?:mr|mrs|ms|miss|dr)\.?$", re.IGNORECASE)


def _same_name_type(
    text: str,
    name: str,
    lo_of: Callable[[int], int],
    hi_of: Callable[[int], int],
    resolver: Resolver,
) -> str | None:
    """The first type that another mention of the same surname marks in the article, with
    its title or apposition ("Shuster" -> "Rep. Bill Shuster (R-Pa.)"), or None: the short
    name of a mention the clustering missed (a name that opens a sentence, a possessive)."""
    words = [w for w in name.split() if not _TITLES_ONLY.match(w)]
    if not words:
        return None
    last = re.sub(r"(?:['’]s?)$", "", words[-1])
    if len(last) < 3 or not last[:1].isupper() or last.lower() in _DETERMINERS:
        return None
    memo = _NAME_TYPES.setdefault(resolver, {})
    if last not in memo:
        found = None
        for m in re.finditer(r"(?<![\w-])" + re.escape(last) + r"(?![\w-])", text):
            phrase = _in_context(text, m.start(), m.end(), lo_of(m.start()), hi_of(m.start()))
            if phrase != last:  # the first mention with a first name, a title or an apposition
                found = _typed(phrase)
                break
        memo[last] = found if found not in {"other", "anonymous"} else None
    return memo[last]
