"""Sentence and word tokenization with exact character offsets.

Every span produced here is a pair of Python ``str`` offsets into the text that
was passed in, so ``text[start:end]`` is exactly the span. Nothing is
normalised in place: the analysis always points back at the user's own string.

Sentences come from NLTK's Punkt tokenizer (its code in :mod:`framing.punkt`) with the
English parameters shipped inside the package (``framing/data/punkt_english``; no
``nltk.download``).
Before Punkt runs, text is cut into blocks at line breaks, because in scraped
news a line break ends a headline, a byline or a paragraph even when no full
stop does. Very long blocks without a sentence boundary are cut at whitespace so
that the cost of analysing a pathological input stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .punkt import PunktParameters, PunktSentenceTokenizer
from .resources import punkt_parameters
from .wordclasses import word_class, word_pairs

__all__ = [
    "Token",
    "Sentence",
    "Document",
    "tokenize",
    "split_sentences",
    "word_spans",
    "quote_spans",
    "Folded",
    "fold",
    "fold_document",
    "MAX_SENTENCE_CHARS",
    "WORD_RE",
    "WORDS_RE",
    "LETTER_WORDS_RE",
    "TOKEN_PATTERN",
]

#: Distinct words each per-word cache keeps (word profiles, stems, vector rows, the
#: tagger's and the attribution extractor's word features, n-gram columns...), so that
#: memory stays flat however long a corpus is. Small enough that the caches are full
#: after about 1,000 news articles (23,000 distinct lower-case words in 1,000 windows of
#: 2,000 characters of Article-Bias-Prediction articles): ``python bench/speed.py
#: --parts memory``.
WORD_CACHE_SIZE = 20_000

#: Sentences longer than this (in characters) are cut at the last whitespace
#: before the limit. Real news sentences are far shorter; the cap keeps the
#: run time linear on inputs such as a 5 MB line without punctuation.
MAX_SENTENCE_CHARS = 2000
_BLOCK_CHARS = 100_000

#: A word: letters/digits joined by inner apostrophes, hyphens or periods of
#: initialisms ("U.S.", "don't", "pro-Kremlin", "3.5").
_WORD_PATTERN = (
    r"(?:[^\W_]\.){2,}"  # initialisms: U.S. U.N. e.g.
    r"|[^\W_]+(?:['’\-‐][^\W_]+)*(?:\.(?=\d)\d+)?"  # words, 3.5, don't, so-called
)
#: The tokens of :func:`tokenize`: words, and anything else that is not whitespace as a
#: one-character token (punctuation, symbols, emoji).
WORD_RE = re.compile(_WORD_PATTERN + r"|\S", re.UNICODE)
#: The words alone (the same matches as the word tokens of :data:`WORD_RE`).
WORDS_RE = re.compile(_WORD_PATTERN, re.UNICODE)
#: Runs of letters joined by inner apostrophes or hyphens, no digits: the annotated-word
#: keys of the sentence model and the word counts of outlet comparisons.
LETTER_WORDS_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
#: A word as a scikit-learn ``token_pattern`` (inner apostrophes and hyphens).
TOKEN_PATTERN = r"(?u)\b\w[\w'’-]*\b"

# Lines: a block ends at any line break (headline, byline, paragraph).
_LINE_RE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")

_OPEN_QUOTES = word_pairs("quote_pairs")
_OPEN_QUOTE_RE = re.compile("[" + "".join(map(re.escape, _OPEN_QUOTES)) + "]")


def _find_close(text: str, close: str, start: int, end: int) -> int:
    """Index of the closing quote mark, skipping apostrophes (don’t) for ’."""
    j = text.find(close, start, end)
    while j != -1 and close == "’" and j + 1 < end and text[j + 1].isalpha():
        j = text.find(close, j + 1, end)
    return j


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation token: ``text[start:end] == token.text``."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        # on the hot path: tokens of WORD_RE that are words start with one
        t = self.text
        return t[:1].isalnum() or (len(t) > 1 and any(ch.isalnum() for ch in t))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with its tokens; ``text`` is ``document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...] = field(repr=False)
    # the word tokens, found once (every stage asks for them, several times a sentence)
    _words: tuple[Token, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_words", tuple(t for t in self.tokens if t.is_word))

    @property
    def words(self) -> list[Token]:
        return list(self._words)


@dataclass(frozen=True, slots=True)
class Document:
    """A tokenized text: the original string and its sentences."""

    text: str
    sentences: tuple[Sentence, ...]

    @property
    def tokens(self) -> Iterator[Token]:
        for s in self.sentences:
            yield from s.tokens

    @property
    def n_words(self) -> int:
        return sum(len(s._words) for s in self.sentences)

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` (or None)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None


#: Titles before names that the shipped Punkt list lacks ("Gov. Roy Cooper",
#: "Sens. Collins and Murkowski"); they are almost never sentence-final.
_TITLE_ABBREVIATIONS = word_class("punkt_titles")


@lru_cache(maxsize=1)
def _punkt():
    """Punkt with the shipped English parameters (:func:`framing.resources.punkt_parameters`)
    and the titles of :data:`_TITLE_ABBREVIATIONS`."""
    abbrev_types, sent_starters, collocations, ortho_context = punkt_parameters()
    params = PunktParameters()
    params.abbrev_types = set(abbrev_types) | _TITLE_ABBREVIATIONS
    params.sent_starters = set(sent_starters)
    params.collocations = set(collocations)
    for word, value in ortho_context.items():
        params.ortho_context[word] = value
    return PunktSentenceTokenizer(params)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cap_length(
    text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS
) -> Iterator[tuple[int, int]]:
    """Cut a span longer than ``limit`` characters at whitespace (or hard)."""
    while end - start > limit:
        lo, hi = start + limit // 2, start + limit
        # prefer the end of a sentence, then any space, then a hard cut
        cut = max(text.rfind(". ", lo, hi), text.rfind("! ", lo, hi), text.rfind("? ", lo, hi))
        cut = cut + 1 if cut > start else text.rfind(" ", lo, hi)
        cut = cut if cut > start else hi
        s, e = _strip_span(text, start, cut)
        if e > s:
            yield s, e
        start = cut
    s, e = _strip_span(text, start, end)
    if e > s:
        yield s, e


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, in order, without overlap.

    Spans never include leading or trailing whitespace and never cross a line
    break. Empty or whitespace-only input gives an empty list.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    for line in _LINE_RE.finditer(text):
        ls, le = _strip_span(text, line.start(), line.end())
        if ls >= le:
            continue
        # Punkt works on one block at a time; gigantic lines are pre-cut so
        # that no single call sees more than _BLOCK_CHARS characters.
        for bs, be in _cap_length(text, ls, le, _BLOCK_CHARS):
            block = [(bs + s, bs + e) for s, e in punkt.span_tokenize(text[bs:be], True)]
            for s, e in _openers_forward(text, block):
                spans.extend(_cap_length(text, s, e))
    return spans


#: Marks that open a quotation or a parenthesis: one that ends a sentence span after a space
#: (Punkt leaves "“" after the full stop before it) belongs to the next sentence.
_OPENERS = word_class("sentence_openers")


def _openers_forward(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move opening marks that end a span to the start of the next span of the same block
    (a span left with nothing but the mark joins the next one)."""
    out: list[tuple[int, int]] = []
    carry: int | None = None  # where the next span starts instead
    for k, (s, e) in enumerate(spans):
        if carry is not None:
            s, carry = carry, None
        if k + 1 < len(spans):
            cut = e
            # a mark after a space opens what follows; one glued to the full stop
            # ('issue.“', a curly quote typed the wrong way round) closes the sentence
            while (
                cut > s and text[cut - 1] in _OPENERS and (cut - 1 == s or text[cut - 2].isspace())
            ):
                cut -= 1
            if cut < e:
                carry = cut
                s, e = _strip_span(text, s, cut)
                if e <= s:
                    continue  # only marks: they start the next span
        out.append((s, e))
    return out


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with absolute offsets."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, end)]


def tokenize(text: str) -> Document:
    """Split ``text`` into sentences and tokens, keeping exact offsets."""
    sentences = tuple(
        Sentence(i, s, e, text[s:e], tuple(word_spans(text, s, e)))
        for i, (s, e) in enumerate(split_sentences(text))
    )
    return Document(text, sentences)


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of quoted passages, quote marks included.

    Curly and guillemet quotes are paired open/close; straight double quotes
    are paired left to right. A straight quote left open at the end of a
    paragraph closes at the paragraph's end, as in news copy where a quote
    runs on into the next paragraph. Single quotes are used only in their
    curly form (‘…’) and only when the closing mark is not an apostrophe
    inside a word.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        found = _OPEN_QUOTE_RE.search(text, i, end)  # skip to the next opening mark
        if found is None:
            break
        i = found.start()
        ch = text[i]
        close = _OPEN_QUOTES[ch]
        if ch == "‘" and i + 1 < end and not text[i + 1].isalnum():
            i += 1
            continue
        j = _find_close(text, close, i + 1, end)
        nl = text.find("\n", i + 1, end if j == -1 else j)
        if j == -1 or (nl != -1 and nl < j):
            if ch == "‘":  # stray opening single quote: not a quotation
                i += 1
                continue
            stop = nl if nl != -1 else end  # runs on to the paragraph's end
            spans.append((i, stop))
            i = stop
            continue
        spans.append((i, j + 1))
        i = j + 1
    return spans


# --------------------------------------------------------------------------
# The folded view: what matchers compare with words, mapped back to the original.


def _char_fold(ch: str) -> str | None:
    """What one character becomes in the folded view: ``""`` (removed), ``None`` (a
    combining mark: removed, its span joined to the character before it), or its
    replacement (``ch`` itself when nothing changes)."""
    cat = unicodedata.category(ch)
    if cat == "Cf":  # zero-width space and joiners, soft hyphen, BOM, bidi controls
        return ""
    if cat in ("Mn", "Me"):  # combining marks (accents, strike-through, variation selectors)
        return None
    if cat == "Zs":  # no-break and other spaces
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    # compatibility forms of letters, digits and dashes (fullwidth, mathematical
    # letters, ligatures, long s); a punctuation mark that NFKC spells out in
    # several characters ("…", "‼") or a symbol ("™", "½") stays as it is
    if folded == ch or not (cat[0] in "LN" and folded.isalnum() or len(folded) == 1):
        folded = ch
    # a Latin letter with a diacritic is its base letter (régime, naïve, façade)
    return "".join(_base_letter(c) for c in folded)


def _base_letter(ch: str) -> str:
    if ch.isascii():
        return ch
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base if base.isascii() and base.isalpha() else ch


_FOLD_CACHE: dict[str, str | None] = {}


def _char_folds(ch: str) -> str | None:
    found = _FOLD_CACHE.get(ch, ch)
    if found is ch and ch not in _FOLD_CACHE:
        found = _FOLD_CACHE[ch] = _char_fold(ch)
    return found


@dataclass(frozen=True, slots=True)
class Folded:
    """The text as the matchers of loaded terms and names read it, with its offset map.

    Characters that hide a word from a matcher without changing how it reads are
    folded: format characters (zero-width spaces and joiners, soft hyphens, byte
    order marks, bidirectional controls) and combining marks (accents, strike-through)
    are removed; a Latin letter with a diacritic becomes its base letter (``régime``
    is ``regime``); no-break and other spaces become a space; compatibility forms of
    letters, digits and dashes become their plain form (NFKC: fullwidth
    ``ｔｅｒｒｏｒ``, mathematical letters, ligatures).
    ``text`` is the folded string; :meth:`span` maps a span of it back to the
    original, so that ``original[start:end]`` is what the reader saw, hidden
    characters inside it included.
    """

    original: str
    text: str
    starts: tuple[int, ...] = field(default=(), repr=False)  # folded index -> original start
    ends: tuple[int, ...] = field(default=(), repr=False)  # folded index -> original end

    @property
    def changed(self) -> bool:
        return self.text is not self.original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``text[start:end]``."""
        if not self.changed:
            return start, end
        n = len(self.text)
        if start >= end:
            at = self.starts[start] if start < n else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def offset(self, original: int) -> int:
        """The folded offset of an original offset (the first folded character
        that comes from at or after it)."""
        if not self.changed:
            return original
        return bisect_left(self.starts, original)


def _needs_fold(text: str) -> bool:
    if text.isascii():
        return False
    for ch in set(text):
        if ch > "\x7f" and _char_folds(ch) != ch:
            return True
    return False


@lru_cache(maxsize=8)
def fold(text: str) -> Folded:
    """The folded view of ``text`` (:class:`Folded`); the text itself when nothing in
    it folds (every ASCII text, most news)."""
    if not _needs_fold(text):
        return Folded(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        rep = _char_folds(ch) if ch > "\x7f" else ch
        if rep is None:  # a combining mark belongs to the letter it sits on
            if ends:
                ends[-1] = i + 1
            continue
        for c in rep:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    folded = "".join(out)
    if folded == text:
        folded = text
    return Folded(text, folded, tuple(starts), tuple(ends))


def fold_document(doc: Document) -> tuple[Folded, Document]:
    """The folded view of ``doc.text`` and the document of it, with the same
    sentences (their folded spans) retokenized; ``doc`` itself when nothing folds."""
    folded = fold(doc.text)
    if not folded.changed:
        return folded, doc
    text = folded.text
    sentences = []
    for s in doc.sentences:
        start, end = folded.offset(s.start), folded.offset(s.end)
        sentences.append(
            Sentence(s.index, start, end, text[start:end], tuple(word_spans(text, start, end)))
        )
    return folded, Document(text, tuple(sentences))
