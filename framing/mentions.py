"""Mentions of actors in an article, and which mentions are the same actor.

One mechanism for everything in framing that asks "who is this?": actors
(:mod:`framing.actors`) and attribution sources (a pronoun or a short name that
stands for a full mention earlier in the article).

Rules, not a parser (the data they read are ``framing/data/actor_words.tsv`` and
``framing/data/actor_names.tsv``):

* **Named mentions**: runs of capitalised words (with inner connectors such as
  *al-*, *bin*, *of*), titles before a name kept outside the name (*President*
  *Assad*), known actors and their aliases (*HTS* = *Hayat Tahrir al-Sham*). A run
  right after a locative preposition, or followed by a place noun (*Idlib
  province*), is a place and not an actor, unless it is a known actor.
* **Noun mentions**: an actor noun (*army*, *militants*, *regime*, *protesters*...)
  with the modifiers before it (*the Syrian army*, *Turkish-backed militants*);
  an actor noun next to a name joins it (*the terrorist group Hayat Tahrir
  al-Sham*, *HTS militants*).
* **Pronouns**: *he/she/they/it...*, kept only when they resolve.

Clustering (:func:`cluster`): same normalised name or alias; a short name to the
full name it ends or begins (*Assad* -> *Bashar al-Assad*); a bare definite noun
(*the militants*, *the army*) to the latest actor of its kind within
:data:`NOUN_WINDOW` sentences that has that noun or is a named actor of that kind; a
pronoun to the nearest earlier mention of a fitting kind and number within
:data:`PRONOUN_WINDOW` sentences.

>>> from framing.text import tokenize
>>> from framing.mentions import find_mentions, cluster
>>> doc = tokenize("President Bashar al-Assad spoke. Assad said he would win.")
>>> ents = cluster(doc, find_mentions(doc))
>>> [(e.name, e.kind, len(e.mentions)) for e in ents]
[('Bashar al-Assad', 'person', 3)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .resources import data_path, read_tsv, split_list
from .text import WORD_CACHE_SIZE, Document

__all__ = [
    "Mention",
    "Entity",
    "find_mentions",
    "cluster",
    "resolve",
    "normalize_name",
    "actor_key",
    "NOUN_WINDOW",
    "PRONOUN_WINDOW",
]

#: A bare definite actor noun refers back at most this many sentences.
NOUN_WINDOW = 3
#: A pronoun refers back at most this many sentences.
PRONOUN_WINDOW = 2

ACTOR_WORDS_FILE = "actor_words.tsv"
ACTOR_NAMES_FILE = "actor_names.tsv"

_CONNECTORS = frozenset(
    "al al- el el- bin ibn bint abu abd of de du la le van von der den da di ben".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Mention:
    """One mention of an actor.

    Attributes
    ----------
    start, end : int
        Character span of the mention in the text (determiners and titles outside).
    text : str
        ``text[start:end]``.
    head : str
        Lower-case head: the actor noun (``"army"``, ``"militants"``), the name's last
        word for a named mention (``"assad"``), or the pronoun.
    kind : str
        ``person``, ``state``, ``force``, ``armed_group``, ``organization``, ``group``
        or ``pronoun``.
    sentence : int
        Index of the sentence in the Document.
    name : str
        The name part (``"Hayat Tahrir al-Sham"`` in *the terrorist group Hayat Tahrir
        al-Sham*), empty for a noun or pronoun mention without one.
    number : str
        ``"sg"``, ``"pl"`` or ``""`` (unknown).
    nouns : tuple of (int, int, str)
        Spans and lower-case text of the actor nouns and modifiers inside the mention
        (``(s, e, "terrorist group")``), which are what the mention calls the actor.
    title : str
        A title before a person's name (``"President"``), else empty.
    """

    start: int
    end: int
    text: str
    head: str
    kind: str
    sentence: int
    name: str = ""
    number: str = ""
    nouns: tuple[tuple[int, int, str], ...] = ()
    title: str = ""

    @property
    def is_pronoun(self) -> bool:
        return self.kind == "pronoun"


@dataclass
class Entity:
    """An actor of one article: its mentions, in text order.

    Attributes
    ----------
    name : str
        The fullest name among the mentions (or the noun phrase of the first noun
        mention when none is named).
    kind : str
        The kind of its non-pronoun mentions (the most frequent).
    key : str
        :func:`actor_key` of the name: the same actor in other articles has the same key.
    mentions : list of int
        Indices into the list of mentions given to :func:`cluster`.
    """

    name: str
    kind: str
    key: str
    mentions: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _shipped(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:

    return [row for _, row in read_tsv(data_path(name), columns, columns, where=name)]


@dataclass(frozen=True)
class _Words:
    heads: dict[str, tuple[str, str]]  # noun -> (kind, number)
    person_heads: frozenset[str]
    titles: frozenset[str]
    pronouns: dict[str, tuple[str, str]]
    modifiers: frozenset[str]
    place_heads: frozenset[str]
    place_preps: frozenset[str]
    not_name: frozenset[str]
    generic: frozenset[str]  # heads that bare name no one in particular (people, officials)
    max_head_words: int
    max_title_words: int
    noun_starts: frozenset[str]  # first words of heads and person heads, and pronouns


@cache
def _words() -> _Words:
    rows = _shipped(ACTOR_WORDS_FILE, ("word", "kind", "role", "number", "note"))
    heads: dict[str, tuple[str, str]] = {}
    person_heads, titles, modifiers, place_heads, place_preps, not_name, generic = (
        set() for _ in range(7)
    )
    pronouns: dict[str, tuple[str, str]] = {}
    for r in rows:
        w, kind, role, number = r["word"].lower(), r["kind"], r["role"], r["number"]
        if role == "head":
            if kind == "person":
                person_heads.add(w)
            else:
                heads.setdefault(w, (kind, number))
        elif role == "title":
            titles.add(w)
        elif role == "pronoun":
            pronouns[w] = (kind, number)
        elif role == "modifier":
            modifiers.add(w)
        elif role == "place_head":
            place_heads.add(w)
        elif role == "place_preposition":
            place_preps.add(w)
        elif role == "not_name":
            not_name.add(w)
        elif role == "generic":
            generic.add(w)
    return _Words(
        heads,
        frozenset(person_heads),
        frozenset(titles),
        pronouns,
        frozenset(modifiers),
        frozenset(place_heads),
        frozenset(place_preps),
        frozenset(not_name),
        frozenset(generic),
        max(len(w.split()) for w in list(heads) + list(person_heads)),
        max(len(w.split()) for w in titles),
        frozenset(w.split()[0] for w in list(heads) + list(person_heads)) | frozenset(pronouns),
    )


@dataclass(frozen=True)
class _Names:
    kind: dict[str, str]  # normalised name or alias -> kind
    canonical: dict[str, str]  # normalised name or alias -> canonical name
    adjectives: dict[str, str]  # lower-case adjective -> canonical state name
    max_words: int


@cache
def _names() -> _Names:

    kind: dict[str, str] = {}
    canonical: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    longest = 1
    for r in _shipped(ACTOR_NAMES_FILE, ("name", "kind", "aliases", "adjectives")):
        for form in (r["name"], *split_list(r["aliases"])):
            key = normalize_name(form)
            kind.setdefault(key, r["kind"])
            canonical.setdefault(key, r["name"])
            longest = max(longest, len(key.split()))
        for adj in split_list(r["adjectives"]):
            adjectives.setdefault(adj.lower(), r["name"])
    return _Names(kind, canonical, adjectives, longest)


def is_generic(m: Mention) -> bool:
    """Whether a mention is a bare generic plural ("people", "officials"; role ``generic``
    in ``actor_words.tsv``): no name and no modifier qualifies it, so it names no one in
    particular ("Syrian officials", "Hamas officials" are qualified)."""
    return not m.name and len(m.nouns) == 1 and m.head in _words().generic


def state_adjectives() -> frozenset[str]:
    """Lower-case adjectives of the states of ``actor_names.tsv`` (*syrian*, *u.s.*)."""
    return frozenset(_names().adjectives)


def known_kind(name: str) -> str | None:
    """The kind ``actor_names.tsv`` gives a name or alias (``"Syria"`` -> ``"state"``), or None."""
    return _names().kind.get(normalize_name(name))


@lru_cache(maxsize=WORD_CACHE_SIZE)  # the names of an article are compared many times over
def normalize_name(name: str) -> str:
    """Lower case, a leading *the* and a final possessive removed, inner spaces single,
    curly apostrophes straight: the form names are compared in."""
    s = " ".join(name.replace("’", "'").split()).lower()
    s = _POSSESSIVE.sub("", s)
    if s.startswith("the "):
        s = s[4:]
    return s


def actor_key(name: str) -> str:
    """The key an actor is matched by across articles: its normalised name, mapped to
    the canonical name of ``actor_names.tsv`` when it is a known alias (``"hts"`` ->
    ``"hayat tahrir al-sham"``)."""
    key = normalize_name(name)
    canonical = _names().canonical.get(key)
    return normalize_name(canonical) if canonical else key


# ---------------------------------------------------------------------------
# Finding mentions
# ---------------------------------------------------------------------------


_NAME_PREFIXES = (
    "al-",
    "el-",
    "ad-",
    "as-",
    "ash-",
    "at-",
    "az-",
    "bin-",
    "ibn-",
    "abu-",
    "d'",
    "o'",
    "mc",
)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_cap(word: str) -> bool:
    first = word[:1]
    if first.isupper():
        return True
    if first.isdigit():
        return len(word) > 1 and word[1:].isupper()
    cut = word.find("-")
    if cut < 0:
        cut = word.find("'")
    if 0 < cut < 4 and cut + 1 < len(word) and word[cut + 1].isupper():
        return word[: cut + 1].lower() in _NAME_PREFIXES
    return False


def _lower(word: str) -> str:
    return word.lower().replace("’", "'")


def _match_phrase(lows: list[str], i: int, table, max_words: int) -> int:
    """Length (in tokens) of the longest phrase of ``table`` starting at token i, or 0."""
    first = _FIRST_WORDS.get(id(table))
    if first is None:
        first = _first_words(id(table), table)
    longest = first.get(lows[i], 0)
    if not longest:
        return 0
    for n in range(min(longest, len(lows) - i), 0, -1):
        if n == 1:
            return 1 if lows[i] in table else 0
        if " ".join(lows[i : i + n]) in table:
            return n
    return 0


_FIRST_WORDS: dict[int, dict[str, int]] = {}


def _first_words(key: int, table) -> dict[str, int]:
    """First word of each phrase of a (cached, never mutated) table -> its most words."""
    found = _FIRST_WORDS.get(key)
    if found is None:
        found = {}
        for phrase in table:
            words = phrase.split()
            if words:
                found[words[0]] = max(found.get(words[0], 0), len(words))
        _FIRST_WORDS[key] = found
    return found


def find_mentions(doc: Document) -> list[Mention]:
    """Actor mentions of a tokenized article, in text order (see the module docstring).

    Parameters
    ----------
    doc : Document
        From :func:`framing.text.tokenize`.

    Returns
    -------
    list of Mention
    """
    out: list[Mention] = []
    for sent in doc.sentences:
        out.extend(_sentence_mentions(doc.text, sent))
    return out


def _sentence_mentions(text: str, sent) -> list[Mention]:
    W = _words()
    N = _names()
    toks = sent.words
    words = [t.text for t in toks]
    lows = [w.lower().replace("’", "'") for w in words]
    n = len(toks)
    used = [False] * n
    cap = [_is_cap(w) for w in words]
    mentions: list[Mention] = []

    # 1. Named runs of capitalised words.
    i = 0
    while i < n:
        if not cap[i] or (lows[i] in W.not_name and not _known_at(lows, i, N)):
            i += 1
            continue
        j = i + 1
        while j < n:
            if not _adjacent(text, toks[j - 1], toks[j]):
                break
            if cap[j] and lows[j] not in W.not_name:
                j += 1
            elif (
                lows[j] in _CONNECTORS
                and j + 1 < n
                and cap[j + 1]
                and _adjacent(text, toks[j], toks[j + 1])
            ):
                j += 2
            else:
                break
        m = _named_mention(text, sent, toks, words, lows, i, j, used)
        if m is not None:
            mentions.append(m)
        i = j
    # 2. Actor nouns and pronouns not inside a named mention.
    starts = W.noun_starts
    for i in [i for i, low in enumerate(lows) if low in starts]:
        if used[i]:
            continue
        k = _match_phrase(lows, i, W.heads, W.max_head_words)
        person = 0 if k else _match_phrase(lows, i, W.person_heads, W.max_head_words)
        if k or person:
            nxt = i + (k or person)
            if (
                nxt < n
                and not used[nxt]
                and lows[nxt] in starts
                and (
                    _match_phrase(lows, nxt, W.heads, W.max_head_words)
                    or _match_phrase(lows, nxt, W.person_heads, W.max_head_words)
                )
                and _adjacent(text, toks[nxt - 1], toks[nxt])
            ):
                continue  # "military source", "army units": the next noun is the head
            m = _noun_mention(text, sent, toks, lows, i, nxt, used, person=bool(person))
            if m is not None:
                mentions.append(m)
            continue
        p = W.pronouns.get(lows[i])
        if p is not None:
            t = toks[i]
            mentions.append(
                Mention(t.start, t.end, t.text, lows[i], "pronoun", sent.index, number=p[1])
            )
            used[i] = True
    mentions.sort(key=lambda m: m.start)
    return mentions


def _adjacent(text: str, a, b) -> bool:
    """Only spaces between two tokens (a name does not run over punctuation)."""
    gap = text[a.end : b.start]
    return gap == " " or (not gap.strip() and "\n" not in gap)


def _known_at(lows: list[str], i: int, N: _Names) -> bool:
    return _match_phrase(lows, i, N.kind, N.max_words) > 0


def _named_mention(text, sent, toks, words, lows, a, b, used) -> Mention | None:
    W = _words()
    N = _names()
    # Titles at the start of the run stay outside the name.
    title = ""
    title_start = a
    k = _match_phrase(lows, a, W.titles, W.max_title_words)
    if k and a + k < b:
        title = text[toks[a].start : toks[a + k - 1].end]
        a += k
    elif k and a + k == b:
        return None  # a title alone ("President") is found as a noun mention
    # The name's own words, trimmed of a trailing possessive mark.
    name_toks = toks[a:b]
    name = text[name_toks[0].start : name_toks[-1].end]
    key = normalize_name(name)
    known = N.kind.get(key)
    # An adjective of a state ("Syrian") joins the actor noun after it.
    if known is None and b - a == 1 and lows[a] in N.adjectives:
        return None
    if known == "place" or (known is None and not _looks_like_actor(lows, a, b, bool(title))):
        return None
    # An actor noun right after the name joins the mention (HTS militants, Syrian army).
    end_tok = b
    nouns: list[tuple[int, int, str]] = []
    hk = 0
    if b < len(lows) and _adjacent(text, toks[b - 1], toks[b]):
        hk = _match_phrase(lows, b, W.heads, W.max_head_words)
    kind = known
    if hk:
        noun = " ".join(lows[b : b + hk])
        nouns.append((toks[b].start, toks[b + hk - 1].end, noun))
        end_tok = b + hk
        if kind is None:
            kind = W.heads[noun][0]
    # An actor noun right before ("the terrorist group Hayat Tahrir al-Sham").
    start_tok = a
    for k in range(min(W.max_head_words, a), 0, -1):
        noun = " ".join(lows[a - k : a])
        if noun in W.heads and not used[a - k] and _adjacent(text, toks[a - 1], toks[a]):
            nouns.insert(0, (toks[a - k].start, toks[a - 1].end, noun))
            start_tok = a - k
            if kind is None:
                kind = W.heads[noun][0]
            break
    # Modifiers before that (Turkish-backed, so-called...).
    while (
        start_tok > 0
        and not used[start_tok - 1]
        and _is_modifier(lows[start_tok - 1])
        and _adjacent(text, toks[start_tok - 1], toks[start_tok])
        and not title
    ):
        start_tok -= 1
        nouns.insert(0, (toks[start_tok].start, toks[start_tok].end, lows[start_tok]))
    if kind is None:
        # an unknown name with no actor noun: an acronym (AFP, NGO) is an organisation,
        # anything else most often a person
        kind = (
            "organization" if b - a == 1 and words[a].isupper() and len(words[a]) > 1 else "person"
        )
    for t in range(min(start_tok, title_start), end_tok):
        used[t] = True
    s, e = toks[start_tok].start, toks[end_tok - 1].end
    surface = text[s:e]
    stripped = _POSSESSIVE.sub("", name)
    return Mention(
        s,
        e - (len(surface) - len(_POSSESSIVE.sub("", surface))),
        _POSSESSIVE.sub("", surface),
        lows[b - 1] if not hk else " ".join(lows[b : b + hk]),
        kind,
        sent.index,
        name=stripped,
        number=_number_of(nouns, kind),
        nouns=tuple(nouns),
        title=title,
    )


def _looks_like_actor(lows: list[str], a: int, b: int, titled: bool) -> bool:
    """Whether an unknown capitalised run ``lows[a:b]`` can be an actor's name: not a
    place (after a locative preposition, before a place noun), not a lone capitalised
    first word unless a reporting verb follows ("Smith said"), not an actor noun in
    capitals ("Units", "Army", found as a noun mention)."""
    W = _words()
    prev = lows[a - 1] if a > 0 else ""
    nxt = lows[b] if b < len(lows) else ""
    if (prev in W.place_preps and not titled) or nxt in W.place_heads:
        return False
    if a == 0 and b - a == 1 and not titled and nxt not in _REPORTING_NEXT:
        return False
    return _match_phrase(lows, a, W.heads, W.max_head_words) != b - a


_REPORTING_NEXT = frozenset(
    "said says told added stated noted claimed insisted argued wrote".split()
)


def _followed_by_reporting(lows: list[str], b: int) -> bool:
    return b < len(lows) and lows[b] in _REPORTING_NEXT


def _is_modifier(low: str) -> bool:
    W = _words()
    N = _names()
    return (
        low in W.modifiers
        or low in N.adjectives
        or low.endswith(
            (
                "-backed",
                "-led",
                "-allied",
                "-aligned",
                "-controlled",
                "-held",
                "-linked",
                "-affiliated",
            )
        )
        or low.startswith(("pro-", "anti-"))
    )


def _number_of(nouns, kind: str) -> str:
    W = _words()
    for _, _, noun in reversed(nouns):
        if noun in W.heads:
            return W.heads[noun][1]
    return "sg" if kind in ("person", "state", "organization", "force") else ""


def _noun_mention(text, sent, toks, lows, a, b, used, person: bool) -> Mention | None:
    W = _words()
    N = _names()
    noun = " ".join(lows[a:b])
    kind, number = ("person", "sg") if person else W.heads[noun]
    start = a
    nouns = [(toks[a].start, toks[b - 1].end, noun)]
    state = ""
    while (
        start > 0
        and not used[start - 1]
        and _adjacent(text, toks[start - 1], toks[start])
        and (_is_modifier(lows[start - 1]) or W.heads.get(lows[start - 1], ("", ""))[1] == "sg")
    ):
        start -= 1
        low = lows[start]
        if low in N.adjectives and not state:
            state = N.adjectives[low]
        nouns.insert(0, (toks[start].start, toks[start].end, low))
    for t in range(start, b):
        used[t] = True
    s, e = toks[start].start, toks[b - 1].end
    return Mention(s, e, text[s:e], noun, kind, sent.index, number=number, nouns=tuple(nouns))


# ---------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------

_PRONOUN_FITS = {
    "person": ("person",),
    "plural": ("armed_group", "force", "group", "organization", "state", "person"),
    "thing": ("organization", "state", "force", "armed_group"),
}


def cluster(doc: Document, mentions: list[Mention]) -> list[Entity]:
    """Group mentions into actors (see the module docstring for the rules).

    Returns
    -------
    list of Entity
        In order of first mention; unresolved pronouns belong to no entity.
    """
    owner: list[int | None] = [None] * len(mentions)
    entities: list[Entity] = []
    by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.is_pronoun or not m.name:
            continue
        key = actor_key(m.name)
        e = by_key.get(key)
        if e is None:
            e = _short_name_owner(key, m, entities, by_key)
        if e is None:
            e = len(entities)
            entities.append(Entity(_display_name(m), m.kind, key, []))
            by_key[key] = e
        else:
            _prefer_name(entities[e], m)
        owner[i] = e
    named_entities = set(owner) - {None}
    for i, m in enumerate(mentions):
        if m.is_pronoun or m.name:
            continue
        e = _of_name_owner(doc, i, mentions, owner)
        if e is None:
            e = _noun_owner(i, m, mentions, owner, entities, named_entities)
        if e is None:
            key = actor_key(_noun_phrase(m))
            e = by_key.get(key)
            if e is None:
                e = len(entities)
                entities.append(Entity(_noun_phrase(m), m.kind, key, []))
                by_key[key] = e
        owner[i] = e
    # Later full names absorb earlier short ones ("Assad ... Bashar al-Assad").
    _merge_short_names(entities, mentions, owner)
    _resolve_pronouns(mentions, owner, entities)
    for i, e in enumerate(owner):
        if e is not None:
            entities[e].mentions.append(i)
    live = [e for e in entities if e.mentions]
    return sorted(live, key=lambda e: e.mentions[0])


def _display_name(m: Mention) -> str:
    canonical = _names().canonical.get(normalize_name(m.name))
    return canonical or m.name


def _prefer_name(entity: Entity, m: Mention) -> None:
    name = _display_name(m)
    if len(name) > len(entity.name) and entity.kind == m.kind:
        entity.name = name


def _noun_phrase(m: Mention) -> str:
    return " ".join(n for _, _, n in m.nouns) if m.nouns else m.head


def _short_name_owner(
    key: str, m: Mention, entities: list[Entity], by_key: dict[str, int]
) -> int | None:
    """An earlier person whose name ends or begins with this one-word name."""
    if m.kind != "person" or " " in key:
        return None
    for e, ent in enumerate(entities):
        if ent.kind == "person" and key in _name_ends(ent.key):
            by_key[key] = e
            return e
    return None


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _name_ends(key: str) -> tuple[str, str]:
    """First and last word of a person's name key, a place after it left out
    (*jon tester of montana* -> *jon*, *tester*)."""
    words = key.split(" of ")[0].split() or key.split()
    return words[0], words[-1]


def _merge_short_names(
    entities: list[Entity], mentions: list[Mention], owner: list[int | None]
) -> None:
    for e, ent in enumerate(entities):
        if ent.kind != "person" or " " in ent.key:
            continue
        for f, full in enumerate(entities):
            if (
                f != e
                and full.kind == "person"
                and " " in full.key
                and _name_ends(full.key)[1] == ent.key
            ):
                for i, o in enumerate(owner):
                    if o == e:
                        owner[i] = f
                break


def _noun_owner(
    i: int,
    m: Mention,
    mentions: list[Mention],
    owner: list[int | None],
    entities: list[Entity],
    named_entities: set[int],
) -> int | None:
    """The actor a nameless noun mention refers back to, or None."""
    for j in range(i - 1, -1, -1):
        prev = mentions[j]
        if m.sentence - prev.sentence > NOUN_WINDOW:
            break
        e = owner[j]
        if e is None or prev.is_pronoun or prev.kind != m.kind:
            continue
        if not _same_state(m, entities[e]):
            continue
        named = e in named_entities
        if prev.head == m.head or (named and m.kind in ("armed_group", "force", "organization")):
            return e
        if m.kind == "person" and prev.title and m.head in prev.title.lower().split():
            return e  # "the president" after "President Hadi"
    return None


_OF_GAPS = frozenset({" of ", " of the "})


def _of_name_owner(
    doc: Document, i: int, mentions: list[Mention], owner: list[int | None]
) -> int | None:
    """ "terrorists of Hayat Tahrir al-Sham", "units of the Syrian Arab Army": the noun is
    the named actor."""
    if i + 1 >= len(mentions):
        return None
    m, nxt = mentions[i], mentions[i + 1]
    if not nxt.name or nxt.kind in ("person", "place") or nxt.sentence != m.sentence:
        return None
    if doc.text[m.end : nxt.start].lower() in _OF_GAPS:
        return owner[i + 1]
    return None


def _same_state(m: Mention, entity: Entity) -> bool:
    """A noun with a state adjective ("Turkish forces") refers only to an actor of
    that state."""
    adjectives = _names().adjectives
    for _, _, noun in m.nouns:
        state = adjectives.get(noun)
        if state is not None and noun not in entity.key and normalize_name(state) not in entity.key:
            return False
    return True


def _pronoun_fits(pclass: str, prev: Mention, kind: str) -> bool:
    """Whether a pronoun of class ``pclass`` can refer to ``prev`` (of an actor of ``kind``)."""
    if kind not in _PRONOUN_FITS.get(pclass, ()):
        return False
    if pclass == "plural" and prev.number == "sg" and kind in ("person", "force"):
        return False
    return not (pclass in ("thing", "person") and prev.number == "pl")  # "she" is not "Americans"


def _resolve_pronouns(
    mentions: list[Mention], owner: list[int | None], entities: list[Entity]
) -> None:
    """Each pronoun's actor: that of the nearest earlier named or noun mention it fits, at
    most ``PRONOUN_WINDOW`` sentences back (mentions are in text order). One pass that keeps
    the last fitting mention per pronoun class, so a text of nothing but pronouns stays
    linear (scanning back from every pronoun was quadratic in a long sentence)."""
    last: dict[str, int] = {}  # pronoun class -> index of the last mention it fits
    for i, m in enumerate(mentions):
        if not m.is_pronoun:
            e = owner[i]
            if e is not None:
                for pclass in _PRONOUN_FITS:
                    if _pronoun_fits(pclass, m, entities[e].kind):
                        last[pclass] = i
            continue
        pclass = _words().pronouns.get(m.head, ("", ""))[0]
        j = last.get(pclass)
        ok = j is not None and m.sentence - mentions[j].sentence <= PRONOUN_WINDOW
        owner[i] = owner[j] if ok else None


class Resolver:
    """Resolves spans of one article to actor mentions: the mentions are clustered once, and
    each look-up finds its mention by bisection, so resolving every source of a long article
    stays linear in its length (:func:`resolve` is one look-up)."""

    def __init__(self, doc: Document, mentions: list[Mention] | None = None) -> None:
        self.mentions = find_mentions(doc) if mentions is None else mentions
        self._doc = doc
        self._entity_of: dict[int, Entity] | None = None
        self._best: dict[int, Mention | None] = {}
        self._named: dict[int, list[Mention]] = {}
        self._starts = [m.start for m in self.mentions]
        self._sorted = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))
        self._longest = max((m.end - m.start for m in self.mentions), default=0)

    def _hit(self, start: int, end: int) -> int | None:
        """The first mention (in list order) that overlaps ``[start, end)``."""
        ms = self.mentions
        if not self._sorted:
            return next((i for i, m in enumerate(ms) if m.start < end and m.end > start), None)
        j = bisect.bisect_left(self._starts, end) - 1
        hit = None
        while j >= 0 and ms[j].start > start - self._longest:
            if ms[j].end > start:
                hit = j
            j -= 1
        return hit

    def within(self, lo: int, hi: int, *, overlapping: bool = False) -> list[Mention]:
        """The mentions inside ``[lo, hi)`` (with ``overlapping``: every mention that overlaps
        it), in list order, found by bisection: a look-up per source of a long article stays
        linear in its length."""
        ms = self.mentions
        if overlapping:
            keep = lambda m: m.start < hi and m.end > lo  # noqa: E731
        else:
            keep = lambda m: m.start >= lo and m.end <= hi  # noqa: E731
        if not self._sorted:
            return [m for m in ms if keep(m)]
        first = lo - self._longest if overlapping else lo
        a = bisect.bisect_left(self._starts, first)
        b = (bisect.bisect_left if overlapping else bisect.bisect_right)(self._starts, hi)
        return [m for m in ms[a:b] if keep(m)]

    def _entity(self, start: int, end: int) -> Entity | None:
        hit = self._hit(start, end)
        if hit is None:
            return None
        if self._entity_of is None:
            self._entity_of = {}
            for ent in cluster(self._doc, self.mentions):
                for i in ent.mentions:
                    self._entity_of.setdefault(i, ent)
        return self._entity_of.get(hit)

    def actor(self, start: int, end: int) -> list[Mention]:
        """The named and noun mentions (no pronouns) of the actor that ``[start, end)``
        refers to, in text order; empty when it resolves to no actor."""
        ent = self._entity(start, end)
        if ent is None:
            return []
        return self._named_of(ent)

    def _named_of(self, ent: Entity) -> list[Mention]:
        """An entity's named and noun mentions, built once per entity (an article that names
        one actor thousands of times asks for them once per source): callers must not change
        the list."""
        key = id(ent)
        named = self._named.get(key)
        if named is None:
            named = [self.mentions[i] for i in ent.mentions if not self.mentions[i].is_pronoun]
            self._named[key] = named
        return named

    def resolve(self, start: int, end: int) -> Mention | None:
        """See :func:`resolve`."""
        ent = self._entity(start, end)
        if ent is None:
            return None
        key = id(ent)
        if key not in self._best:
            named = self._named_of(ent)
            self._best[key] = max(named, key=lambda m: (len(m.name), -m.start)) if named else None
        return self._best[key]


def resolve(
    doc: Document, start: int, end: int, mentions: list[Mention] | None = None
) -> Mention | None:
    """The fullest mention of the actor that ``text[start:end]`` (a pronoun, a short
    name, a noun) refers to, or None when it is no actor mention or does not resolve.

    Parameters
    ----------
    doc : Document
    start, end : int
        A character span that overlaps a mention of :func:`find_mentions`.
    mentions : list of Mention, optional
        The article's mentions if already found (saves finding them again).

    Returns
    -------
    Mention or None
        Among the mentions of the same entity, the first named one with the longest
        name (else the first one), never a pronoun. To resolve many spans of one article,
        build one :class:`Resolver`.
    """
    return Resolver(doc, mentions).resolve(start, end)


def is_actor_noun(word: str) -> bool:
    """Whether ``word`` (any case, singular or plural) is a head noun of an actor in
    ``actor_words.tsv`` ("official", "experts", "people"): a source named by its role."""
    w = _words()
    low = word.lower().strip(".,;:'’")
    forms = {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
    return any(f in w.heads or f in w.person_heads or f in w.generic for f in forms)
