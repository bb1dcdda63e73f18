"""Proper names in running text, so that a loaded word inside a name is not flagged.

"Liberation" in "the Palestine Liberation Organization", "Freedom" in "the
Freedom Caucus", "Patriot" in "the Patriot Act" and "Martyrs" in "al-Aqsa
Martyrs Brigades" are parts of names, not the writer's choice of words.
:class:`Names` finds the multi-word names of a tokenized document and tells
whether a span lies inside one (:meth:`Names.inside`). A span that *is* the
whole name ("MAGA Republicans", "Democrat Party") is not inside it, and the
context rules (``so-called X``, scare quotes) are never affected: the name as
a whole may still be a label or carry distancing quotes.

How a name is found, sentence by sentence:

- **Capitalisation runs.** A run of two or more capitalised words (``al-Aqsa``
  counts as capitalised), joined only by connectors such as *of*, *for*, *the*,
  *al*, *de* (and *and* when the run ends in a head word: "Freedom and Justice
  Party"), is a name.
- **The start of a sentence** (or of a quotation, or after a colon) is
  capitalised whatever the word, so there the first word belongs to the name
  only when the run ends in a *head* word ("Liberation Front fighters...",
  "Freedom Party leaders..."), starts with an *opener* ("Operation Peace
  Spring"), or the same word is capitalised in the middle of a sentence
  elsewhere in the document. Otherwise the name is the rest of the run, if it
  still has two words ("Radical Islamic Jihad" gives "Islamic Jihad").
- **Headlines** (no full stop at the end and every content word capitalised, or
  all but one of at least nine) say nothing through capitals; there, and everywhere else, the *known
  names* of the data file are names.
- A run that contains a *not_name* phrase ("the Fake News Media") is not a name.

The head words, openers, known names and not-names are data:
``framing/data/names.tsv`` (read with :func:`framing.resources.name_phrases`).
"""

from __future__ import annotations

import re
from functools import cache

from .resources import name_phrases
from .text import Document, Sentence, Token, quote_spans
from .wordclasses import word_class

__all__ = ["Names", "name_spans"]

#: Lower-case words that may join the capitalised words of one name.
CONNECTORS = frozenset(
    {
        "of",
        "for",
        "the",
        "de",
        "del",
        "du",
        "da",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "von",
        "van",
    }
)
#: Connectors allowed only when the run ends in a head word ("Freedom and Justice Party").
_HEAD_CONNECTORS = frozenset({"and", "&"})
#: Punctuation that joins two names into one run ("CNN/ORC poll").
_JOINERS = frozenset({"/"})
#: Tokens after which the next word is capitalised whatever it is.
_OPENERS_OF_CLAUSE = frozenset({'"', "“", "‘", "'", "(", "[", ":", "—", "–", "«"})
_PREFIXED_CAP_RE = re.compile(r"^[a-z]{1,3}[-‐][A-Z]")  # al-Aqsa, el-Sisi, ad-Din
_HYPHEN_RE = re.compile(r"[-‐]")
_PRONOUN_I_RE = re.compile(r"^I(?:['’](?:d|m|ll|ve))?$")
_PREFIXES = frozenset({"pro", "anti", "non", "neo", "ex", "post", "pre", "co", "counter"})
#: Lower-case words a title in quotation marks may have ("Where Do We Go From Here: Chaos or
#: Community"); any other lower-case word makes the quotation a sentence.
_TITLE_LOWER = frozenset(
    {"a", "an", "the", "and", "or", "nor", "but", "of", "for", "in", "on", "at", "to", "by"}
    | {"with", "from", "as", "vs"}
)
_NOT_ATTACHED_ENDINGS = ("ed", "ly", "ing")
_MAX_LOWER_IN_HEADLINE = 1
_MIN_CAPS_IN_HEADLINE = 3  # times three with one lower-case content word


def _key(word: str) -> str:
    low = word.lower().replace("’", "'")
    return low[:-2] if low.endswith("'s") and len(low) > 3 else low


@cache
def _modifiers() -> frozenset[str]:
    return frozenset(_key(p) for p in name_phrases()["modifier"])


@cache
def _data() -> tuple[frozenset[str], frozenset[str], dict[str, list[tuple[str, ...]]], tuple]:
    phrases = name_phrases()
    heads = frozenset(_key(p) for p in phrases["head"])
    openers = frozenset(_key(p) for p in phrases["opener"])
    known: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases["name"]:
        words = tuple(_key(w) for w in p.split())
        known.setdefault(words[0], []).append(words)
    for cands in known.values():
        cands.sort(key=len, reverse=True)
    not_names = tuple(tuple(_key(w) for w in p.split()) for p in phrases["not_name"])
    return heads, openers, known, not_names


@cache
def _function_words() -> frozenset[str]:
    return word_class("function_words")


def _capitalised(text: str) -> bool:
    """A capitalised word: ``Front``, ``ISIS``, ``al-Aqsa``; not ``Kremlin-backed``."""
    first = text[0]
    if first.islower():
        return _PREFIXED_CAP_RE.match(text) is not None
    if not first.isupper() or _PRONOUN_I_RE.match(text):
        return False
    parts = _HYPHEN_RE.split(text)
    return len(parts) == 1 or not parts[-1][:1].islower() or parts[0].lower() in _PREFIXES


def _is_acronym(text: str) -> bool:
    return len(text) > 1 and text.isupper() and text.isalpha()


def _modifier_like(tok: Token, next_tok: Token | None) -> bool:
    """A capitalised word at the start of a run that does not start a name by itself:
    a demonym or party word ("German Nazis"), a capitalised function word ("NOT Racist"),
    an acronym before a word ("HHS Obamacare mandate", but not "CNN/ORC")."""
    key = _key(tok.text)
    first_part = _HYPHEN_RE.split(key)[0]
    if key in _function_words() or key in _modifiers() or first_part in _modifiers():
        return True
    return _is_acronym(tok.text) and next_tok is not None and next_tok.is_word


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


class Names:
    """The multi-word proper names of a document, found lazily per sentence.

    Parameters
    ----------
    doc : Document
        From :func:`framing.text.tokenize`.

    Examples
    --------
    >>> from framing.text import tokenize
    >>> doc = tokenize("The Palestine Liberation Organization met. Liberation came late.")
    >>> names = Names(doc)
    >>> names.inside(15, 25), names.inside(43, 53)
    (True, False)
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._mid_caps: frozenset[str] | None = None

    # -- public -----------------------------------------------------------

    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every name in the document, in order."""
        return [sp for s in self._doc.sentences for sp in self._sentence_spans(s)]

    def inside(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside a longer name."""
        k = self._doc.sentence_at(start)
        if k is None:
            return False
        return any(
            s <= start and end <= e and e - s > end - start
            for s, e in self._sentence_spans(self._doc.sentences[k])
        )

    # -- per sentence ---------------------------------------------------------

    def _sentence_spans(self, sent: Sentence) -> list[tuple[int, int]]:
        spans = self._spans.get(sent.index)
        if spans is None:
            spans = self._spans[sent.index] = sorted(self._find(sent))
        return spans

    def _find(self, sent: Sentence) -> list[tuple[int, int]]:
        words, initial = _words_and_starts(sent.tokens)
        headline = _is_headline(words, sent.text)
        out = []
        for run in _runs(sent.tokens):
            out.extend(self._names_in_run(run, initial, headline))
        if not headline:
            out.extend(_quoted_titles(self._doc.text, sent))
        return out

    def _names_in_run(
        self, run: list[Token], initial: set[int], headline: bool
    ) -> list[tuple[int, int]]:
        heads, openers, known, not_names = _data()
        keys = [_key(t.text) for t in run]
        if any(_contains(keys, p) for p in not_names):
            return []
        found = _known_names(run, keys, known)
        caps = [i for i, t in enumerate(run) if _capitalised(t.text)]
        if headline or len(caps) < 2 or _shouting(run, caps):
            return found
        fw = _function_words()
        while caps and keys[caps[-1]] in fw:
            caps.pop()
        if caps and keys[caps[-1]] not in heads:
            while len(caps) > 1 and _modifier_like(run[caps[0]], run[caps[0] + 1]):
                caps.pop(0)
        if len(caps) < 2:
            return found
        if run[caps[0]].start in initial and not self._attach_first(
            [keys[i] for i in caps], openers, heads, len(caps)
        ):
            caps = caps[1:]
            if len(caps) < 2:
                return found
        span = (run[caps[0]].start, run[caps[-1]].end)
        return [span, *(sp for sp in found if not (span[0] <= sp[0] and sp[1] <= span[1]))]

    def _attach_first(self, keys, openers, heads, n_caps) -> bool:
        """At a sentence start: does the capitalised first word belong to the name?
        ("Liberation Front fighters", "Stonewall Middle School" yes; "Terrified Saugus
        High School students", "Clearly Congress must" no)."""
        first = keys[0]
        if first in openers or first in _titles():
            return True
        if first in _function_words():
            return False
        if keys[-1] in heads and not first.endswith(_NOT_ATTACHED_ENDINGS):
            return True
        return first in self._mid_sentence_caps()

    def _mid_sentence_caps(self) -> frozenset[str]:
        """Words capitalised somewhere in the document away from a sentence start."""
        if self._mid_caps is None:
            seen = set()
            for sent in self._doc.sentences:
                words, initial = _words_and_starts(sent.tokens)
                if _is_headline(words, sent.text):
                    continue
                seen.update(
                    _key(t.text) for t in words if t.start not in initial and _capitalised(t.text)
                )
            self._mid_caps = frozenset(seen)
        return self._mid_caps


def _shouting(run: list[Token], caps: list[int]) -> bool:
    """Three or more words in capitals ("ACTUAL NAZIS IN THE WHITE HOUSE"): shouting or
    a headline, not a name."""
    long_caps = [run[i].text for i in caps if len(run[i].text) > 1]
    return len(long_caps) >= 3 and all(t.isupper() for t in long_caps)


def _quoted_titles(text: str, sent: Sentence) -> list[tuple[int, int]]:
    """Quotations of two or more words in title case: the title of a work, event or
    product (“Crippled America: How to Make America Great Again”, ‘Amazing Grace’)."""
    out = []
    for qs, qe in quote_spans(text, sent.start, sent.end):
        inner = [t for t in sent.tokens if qs < t.start and t.end < qe and t.is_word]
        if len(inner) < 2 or len(inner) > 15:
            continue
        caps = [t for t in inner if _capitalised(t.text)]
        if len(caps) < 2 or inner[0].text.isupper() or "!" in text[qs:qe]:
            continue  # shouting ("LIBERATE Michigan!"), not a title
        if all(_capitalised(t.text) or t.text.lower() in _TITLE_LOWER for t in inner):
            out.append((inner[0].start, inner[-1].end))
    return out


def _words_and_starts(tokens: tuple[Token, ...]) -> tuple[list[Token], set[int]]:
    """The word tokens and the starts of those at a sentence or clause start (after an
    opening quote, a bracket or a colon; not after the apostrophe of "Workers' Party")."""
    words, initial = [], set()
    prev: Token | None = None
    opens = True
    for tok in tokens:
        if tok.is_word:
            if opens:
                initial.add(tok.start)
            words.append(tok)
            opens = False
        else:
            attached = prev is not None and prev.is_word and prev.end == tok.start
            opens = tok.text in _OPENERS_OF_CLAUSE and not (attached and tok.text in "'’")
        prev = tok
    return words, initial


def _is_headline(words: list[Token], text: str) -> bool:
    """Title case: every content word capitalised and either a capitalised function word
    after the first word ("Nigeria Opposed U.S. Bid To Tag Boko Haram As Terror Group.") or
    no full stop at the end; or all content words but one of at least nine."""
    fw = _function_words()
    n_lower = n_caps = n_cap_fw = 0
    for k, t in enumerate(words):
        low = t.text.lower()
        if not t.text[0].isalpha() or sum(map(str.isalpha, t.text)) < 3 and low not in fw:
            continue
        if low in fw:
            n_cap_fw += k > 0 and t.text[0].isupper() and not _PRONOUN_I_RE.match(t.text)
        elif _capitalised(t.text):
            n_caps += 1
        else:
            n_lower += 1
    if n_lower == 0:  # a caption ends in a full stop: "The Center for ... Rally on March 2."
        return n_caps >= 2 and (n_cap_fw > 0 or not text.rstrip().endswith("."))
    return n_lower <= _MAX_LOWER_IN_HEADLINE and n_caps >= 3 * _MIN_CAPS_IN_HEADLINE


def _runs(tokens: tuple[Token, ...]) -> list[list[Token]]:
    """Maximal runs of capitalised words and connectors, trimmed to capitalised ends."""
    heads = _data()[0]
    runs: list[list[Token]] = []
    cur: list[Token] = []

    def close() -> None:
        while cur and not _capitalised(cur[-1].text):
            cur.pop()
        if cur:
            if _key(cur[-1].text) in heads:
                runs.append(list(cur))
            else:  # "Beck's Nazi rhetoric", "Nazis and Communists": not one name
                runs.extend(_split_at(_split_possessives(cur), _HEAD_CONNECTORS))
        cur.clear()

    for tok in tokens:
        text = tok.text
        if tok.is_word and _capitalised(text):
            cur.append(tok)
        elif cur and (text in CONNECTORS or text in _HEAD_CONNECTORS or text in _JOINERS):
            cur.append(tok)
        elif cur and text == "." and _abbreviation(cur[-1].text):
            cur.append(tok)  # "Ms. Lynch", "Patrick J. Lynch"
        else:
            close()
    close()
    return runs


def _abbreviation(word: str) -> bool:
    """A title or an initial whose full stop stays inside a name ("Ms.", "J.")."""
    return (len(word) == 1 and word.isupper()) or word.lower() in _titles()


@cache
def _titles() -> frozenset[str]:
    return word_class("punkt_titles") | word_class("name_titles")


def _split_possessives(run: list[Token]) -> list[Token]:
    """The run with a break token after each inner possessive."""
    out: list[Token] = []
    for k, t in enumerate(run):
        out.append(t)
        if k < len(run) - 1 and t.text.lower().replace("’", "'").endswith("'s"):
            out.append(Token(t.end, t.end, "&"))
    return out


def _split_at(run: list[Token], words: frozenset[str]) -> list[list[Token]]:
    out, part = [], []
    for t in run:
        if t.lower in words:
            if part:
                out.append(part)
            part = []
        else:
            part.append(t)
    if part:
        out.append(part)
    for part in out:
        while part and not _capitalised(part[0].text):
            part.pop(0)
        while part and not _capitalised(part[-1].text):
            part.pop()
    return [part for part in out if part]


def _known_names(
    run: list[Token], keys: list[str], known: dict[str, list[tuple[str, ...]]]
) -> list[tuple[int, int]]:
    out = []
    i = 0
    while i < len(keys):
        for phrase in known.get(keys[i], ()):
            if tuple(keys[i : i + len(phrase)]) == phrase:
                out.append((run[i].start, run[i + len(phrase) - 1].end))
                i += len(phrase) - 1
                break
        i += 1
    return out


def name_spans(doc: Document) -> list[tuple[int, int]]:
    """``(start, end)`` of every multi-word proper name of a document (see :class:`Names`)."""
    return Names(doc).spans()
