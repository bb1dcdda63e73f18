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
- **Headlines** (sentences whose content words are all capitalised but at most
  one) say nothing through capitals; there, and everywhere else, the *known
  names* of the data file are names.
- A run that contains a *not_name* phrase ("the Fake News Media") is not a name.

The head words, openers, known names and not-names are data:
``framing/data/names.tsv`` (read with :func:`framing.resources.name_phrases`).
"""

from __future__ import annotations

import re
from functools import cache

from .resources import name_phrases
from .text import Document, Sentence, Token
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
#: Tokens after which the next word is capitalised whatever it is.
_OPENERS_OF_CLAUSE = frozenset({'"', "“", "‘", "'", "(", "[", ":", "—", "–", "«"})
_PREFIXED_CAP_RE = re.compile(r"^[a-z]{1,3}[-‐][A-Z]")  # al-Aqsa, el-Sisi, ad-Din
_MAX_LOWER_IN_HEADLINE = 1
_MIN_CAPS_IN_HEADLINE = 3


def _key(word: str) -> str:
    low = word.lower().replace("’", "'")
    return low[:-2] if low.endswith("'s") and len(low) > 3 else low


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
    first = text[0]
    return first.isupper() or (first.islower() and _PREFIXED_CAP_RE.match(text) is not None)


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
        headline = _is_headline(words)
        out = []
        for run in _runs(sent.tokens):
            out.extend(self._names_in_run(run, initial, headline))
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
        if headline or len(caps) < 2:
            return found
        first = caps[0]
        if run[first].start in initial and not self._attach_first(keys, openers, heads, run):
            caps = caps[1:]
            if len(caps) < 2:
                return found
        span = (run[caps[0]].start, run[caps[-1]].end)
        return [span, *(sp for sp in found if not (span[0] <= sp[0] and sp[1] <= span[1]))]

    def _attach_first(self, keys, openers, heads, run) -> bool:
        """At a sentence start: does the capitalised first word belong to the name?"""
        if keys[0] in openers or keys[-1] in heads:
            return True
        if keys[0] in _function_words():
            return False
        return keys[0] in self._mid_sentence_caps()

    def _mid_sentence_caps(self) -> frozenset[str]:
        """Words capitalised somewhere in the document away from a sentence start."""
        if self._mid_caps is None:
            seen = set()
            for sent in self._doc.sentences:
                words, initial = _words_and_starts(sent.tokens)
                if _is_headline(words):
                    continue
                seen.update(
                    _key(t.text) for t in words if t.start not in initial and _capitalised(t.text)
                )
            self._mid_caps = frozenset(seen)
        return self._mid_caps


def _words_and_starts(tokens: tuple[Token, ...]) -> tuple[list[Token], set[int]]:
    """The word tokens and the starts of those at a sentence or clause start."""
    words, initial = [], set()
    prev: Token | None = None
    for tok in tokens:
        if tok.is_word:
            if prev is None or prev.text in _OPENERS_OF_CLAUSE:
                initial.add(tok.start)
            words.append(tok)
        prev = tok
    return words, initial


def _is_headline(words: list[Token]) -> bool:
    fw = _function_words()
    n_lower = n_caps = 0
    for t in words:
        if not t.text[0].isalpha() or t.text.lower() in fw:
            continue
        if _capitalised(t.text):
            n_caps += 1
        else:
            n_lower += 1
    return n_lower <= _MAX_LOWER_IN_HEADLINE and n_caps >= _MIN_CAPS_IN_HEADLINE


def _runs(tokens: tuple[Token, ...]) -> list[list[Token]]:
    """Maximal runs of capitalised words and connectors, trimmed to capitalised ends."""
    heads = _data()[0]
    runs: list[list[Token]] = []
    cur: list[Token] = []

    def close() -> None:
        while cur and not _capitalised(cur[-1].text):
            cur.pop()
        if cur:
            if any(t.lower in _HEAD_CONNECTORS for t in cur) and _key(cur[-1].text) not in heads:
                runs.extend(_split_at(cur, _HEAD_CONNECTORS))
            else:
                runs.append(list(cur))
        cur.clear()

    for tok in tokens:
        text = tok.text
        if tok.is_word and _capitalised(text):
            cur.append(tok)
        elif cur and (text in CONNECTORS or text in _HEAD_CONNECTORS):
            cur.append(tok)
        else:
            close()
    close()
    return runs


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
    return out


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
