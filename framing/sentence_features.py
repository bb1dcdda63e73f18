"""The sentence model's features and its decision function, computed with numpy alone.

The scikit-learn transformers of :mod:`framing.features` compute their features with the
functions of this module, and a fitted sentence pipeline is also written as plain arrays
(:func:`framing.features.export_sentence_arrays`: vocabularies, idf, scaler means and
scales, coefficients) that :class:`SentenceScorer` reads back. Analysing a text then needs
neither scikit-learn nor a pickle of one of its classes: the same feature values (the
TF-IDF values in float32, with the same operations in the same order as scikit-learn), the
same probabilities up to the order of the sums (about 1e-16).

Public pieces
-------------
SentenceScorer
    P(biased) of sentences from the plain arrays of a fitted sentence pipeline.
TfidfArrays
    ``TfidfVectorizer.transform`` from a vocabulary and idf weights (word, ``char`` and
    ``char_wb`` n-grams).
vector_row
    The row of a word (or of its base form) in the static word-vector table.
stem
    The cached Porter stem of a word.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np

from .porter import PorterStemmer
from .resources import load_mpqa, load_vader, load_word_vectors, load_wordlist
from .text import LETTER_WORDS_RE, WORD_CACHE_SIZE, WORDS_RE, quote_spans
from .wordclasses import word_class, word_pairs

__all__ = [
    "WORD_CACHE_SIZE",
    "SentenceScorer",
    "TfidfArrays",
    "vector_row",
    "stem",
    "pool_vectors",
    "word_rate_features",
    "write_arrays",
    "read_arrays",
    "ARRAYS_FORMAT",
    "SortedVocabulary",
]

#: Version of the plain-array format of a sentence model (:class:`SentenceScorer`).
ARRAYS_FORMAT = 1

# ---------------------------------------------------------------------------
# Sentence features
# ---------------------------------------------------------------------------

# Word lists scored by LexiconFeatures, in output order.
_FEATURE_WORDLISTS = (
    "babe_bias_words",
    "bias_lexicon",
    "hedges",
    "factives",
    "assertives",
    "implicatives",
    "report_verbs",
    "positive_words",
    "negative_words",
)

# Closed-class words and marks (framing/data/word_classes.tsv), not opinion lexicons.
_FIRST_SECOND_PERSON = word_class("first_second_person")
_NEGATIONS = word_class("negation_words")
_DEGREE_WORDS = word_class("degree_words")
# Frequent -est words that are not superlatives.
_NOT_SUPERLATIVE = word_class("not_superlatives")
# (suffix, replacement) pairs tried to find a base form listed in a lexicon.
_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("d", ""),
    ("ly", ""),
    ("er", ""),
    ("est", ""),
)
# Irregular past forms of common verbs -> their base forms.
_IRREGULAR = word_pairs("irregular_verbs")
# A word, with the same rules as framing.text (initialisms, inner apostrophes
# and hyphens, decimals); punctuation is not needed here.
_WORD_RE = WORDS_RE
_QUOTE_MARKS = tuple(sorted(word_class("sentence_quote_marks")))


def _variants(word: str) -> list[str]:
    """Plausible base forms of ``word`` (cheap inflection stripping)."""
    forms = [_IRREGULAR[word]] if word in _IRREGULAR else []
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + repl)
    if len(word) > 5 and word.endswith(("ing", "ed")):
        stem = word[:-3] if word.endswith("ing") else word[:-2]
        if stem[-1] == stem[-2]:
            forms.append(stem[:-1])  # stopped -> stop, slamming -> slam
    return forms


def _lookup(mapping: Any, word: str, inflect: bool, forms: list[str] | None = None) -> Any:
    """``mapping[word]``, else the first base form found (or None); ``forms`` are the
    word's :func:`_variants` when the caller has them already."""
    if word in mapping:
        return mapping[word] if isinstance(mapping, dict) else word
    if inflect:
        for form in _variants(word) if forms is None else forms:
            if form in mapping:
                return mapping[form] if isinstance(mapping, dict) else form
    return None


# Columns of a word profile (see _word_profile); the lexicon columns come first.
_N_LISTS = len(_FEATURE_WORDLISTS)
(
    _STRONG,
    _WEAK,
    _STRONG_NEG,
    _STRONG_POS,
    _V_POS,
    _V_NEG,
    _V_HIT,
    _V_ABS,
    _DIGIT,
    _PERSON,
    _NEGATION,
    _SUPERLATIVE,
    _DEGREE,
    _LENGTH,
) = range(_N_LISTS, _N_LISTS + 14)
_PROFILE_SIZE = _N_LISTS + 14


def _phrase_regex(phrases: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b")


@lru_cache(maxsize=1)
def _lexicon_tables() -> tuple[tuple[frozenset[str], ...], tuple[re.Pattern | None, ...]]:
    """Single-word sets and a multi-word regex (or None) for each word list."""
    singles, phrases = [], []
    for name in _FEATURE_WORDLISTS:
        entries = load_wordlist(name)
        singles.append(frozenset(e for e in entries if " " not in e))
        multi = sorted((e for e in entries if " " in e), key=len, reverse=True)
        phrases.append(_phrase_regex(multi) if multi else None)
    return tuple(singles), tuple(phrases)


@lru_cache(maxsize=1)
def _any_phrase() -> re.Pattern:
    """A regex that matches wherever some list's multi-word regex would (a filter: where
    it finds nothing, none of them finds anything)."""
    multi = {e for name in _FEATURE_WORDLISTS for e in load_wordlist(name) if " " in e}
    return _phrase_regex(sorted(multi, key=len, reverse=True))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_profile(word: str, inflect: bool) -> np.ndarray:
    """Per-word feature contributions; summed over a sentence's words."""
    singles, _ = _lexicon_tables()
    row = np.zeros(_PROFILE_SIZE)
    forms = _variants(word) if inflect else []  # once, not once per list
    for i, single in enumerate(singles):
        row[i] = _lookup(single, word, inflect, forms) is not None
    clue = _lookup(load_mpqa(), word, inflect, forms)
    if clue is not None:
        strong = clue[0] == "strongsubj"
        row[_STRONG] = strong
        row[_WEAK] = not strong
        row[_STRONG_NEG] = strong and clue[1] == "negative"
        row[_STRONG_POS] = strong and clue[1] == "positive"
    valence = load_vader().get(word)
    if valence is not None:
        row[_V_POS] = max(valence, 0.0)
        row[_V_NEG] = max(-valence, 0.0)
        row[_V_HIT] = 1.0
        row[_V_ABS] = abs(valence)
    row[_DIGIT] = any(c.isdigit() for c in word)
    row[_PERSON] = word in _FIRST_SECOND_PERSON
    row[_NEGATION] = word in _NEGATIONS or word.endswith("n't")
    row[_SUPERLATIVE] = word in ("best", "worst") or (
        len(word) > 4 and word.endswith("est") and word not in _NOT_SUPERLATIVE
    )
    row[_DEGREE] = word in _DEGREE_WORDS
    row[_LENGTH] = len(word)
    row.setflags(write=False)
    return row


_WORDLIST_NAMES = tuple(
    f"{name}_{kind}" for name in _FEATURE_WORDLISTS for kind in ("log_count", "ratio")
)
_OTHER_NAMES = (
    "mpqa_strong_ratio",
    "mpqa_weak_ratio",
    "mpqa_strong_negative_ratio",
    "mpqa_strong_positive_ratio",
    "mpqa_strong_log_count",
    "vader_pos_log_sum",
    "vader_neg_log_sum",
    "vader_hit_ratio",
    "vader_mean_abs",
    "vader_max_abs",
    "vader_compound",
    "log_n_words",
    "mean_word_length",
    "quoted_char_fraction",
    "log_n_quote_marks",
    "log_exclamation",
    "log_question",
    "log_colon_or_dash",
    "log_parentheses",
    "digit_word_ratio",
    "capitalized_word_ratio",
    "log_all_caps_words",
    "first_second_person_ratio",
    "negation_ratio",
    "superlative_ratio",
    "degree_word_ratio",
)
_ALL_NAMES = _WORDLIST_NAMES + _OTHER_NAMES


def _word_keys(word: str) -> str:
    """The look-up key of a word: lower case, curly apostrophe straightened."""
    return word.lower().replace("’", "'")


class _SentenceWords:
    """The words of a batch of sentences, found once and shared by the feature blocks.

    ``raw[i]`` are the :data:`~framing.text.WORDS_RE` words of sentence ``i``,
    ``keys[i]`` their look-up keys (:func:`_word_keys`).
    """

    __slots__ = ("texts", "raw", "_keys")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.raw = [_WORD_RE.findall(text) for text in texts]
        self._keys: list[list[str]] | None = None

    @property
    def keys(self) -> list[list[str]]:
        if self._keys is None:
            self._keys = [[_word_keys(w) for w in raw] for raw in self.raw]
        return self._keys


def _batch_features(
    texts: list[str], inflect: bool, words: _SentenceWords | None = None
) -> np.ndarray:
    """All features of each sentence, in the order of ``_ALL_NAMES``.

    Word profiles are looked up once per distinct word of the batch and summed
    per sentence with one sparse product.
    """
    n_texts = len(texts)
    if n_texts == 0:
        return np.zeros((0, len(_ALL_NAMES)))
    words = _SentenceWords(texts) if words is None else words
    raw_words = words.raw
    # Each distinct word's profile once; each sentence's rows summed in word order.
    index: dict[str, int] = {}
    cols = [index.setdefault(key, len(index)) for keys in words.keys for key in keys]
    s = np.zeros((n_texts, _PROFILE_SIZE))
    max_abs = np.zeros(n_texts)
    lengths = np.fromiter(map(len, raw_words), dtype=np.intp, count=n_texts)
    if index:
        profiles = np.stack([_word_profile(w, inflect) for w in index])[cols]
        nonempty = lengths > 0
        starts = (np.cumsum(lengths) - lengths)[nonempty]
        s[nonempty] = np.add.reduceat(profiles, starts, axis=0)
        max_abs[nonempty] = np.maximum.reduceat(profiles[:, _V_ABS], starts)
    n = lengths.astype(np.float64)
    denom = np.maximum(n, 1.0)

    hits = s[:, :_N_LISTS].copy()
    _, phrases = _lexicon_tables()
    any_phrase = _any_phrase()
    for i, raw in enumerate(raw_words):
        joined = " ".join(raw).lower()
        if any_phrase.search(joined) is None:
            continue  # no list's phrase occurs: one scan instead of one per list
        for j, pattern in enumerate(phrases):
            if pattern is not None:
                hits[i, j] += len(pattern.findall(joined))
    out = np.empty((n_texts, len(_ALL_NAMES)))
    out[:, 0 : 2 * _N_LISTS : 2] = np.log1p(hits)
    out[:, 1 : 2 * _N_LISTS : 2] = hits / denom[:, None]

    valence = s[:, _V_POS] - s[:, _V_NEG]
    surface = np.asarray(
        [
            (
                sum(e - st for st, e in quote_spans(text)) / max(len(text), 1)
                if any(q in text for q in _QUOTE_MARKS)
                else 0.0,
                sum(text.count(q) for q in _QUOTE_MARKS),
                text.count("!"),
                text.count("?"),
                text.count(":") + text.count("—") + text.count("–") + text.count(" - "),
                text.count("("),
                sum(1 for w in raw[1:] if w[:1].isupper()) / max(len(raw) - 1, 1),
                sum(1 for w in raw if len(w) > 2 and w.isupper() and w.isalpha()),
            )
            for text, raw in zip(texts, raw_words, strict=True)
        ],
        dtype=np.float64,
    ).reshape(n_texts, 8)
    other = np.column_stack(
        (
            s[:, _STRONG] / denom,
            s[:, _WEAK] / denom,
            s[:, _STRONG_NEG] / denom,
            s[:, _STRONG_POS] / denom,
            np.log1p(s[:, _STRONG]),
            np.log1p(s[:, _V_POS]),
            np.log1p(s[:, _V_NEG]),
            s[:, _V_HIT] / denom,
            s[:, _V_ABS] / np.maximum(s[:, _V_HIT], 1.0),
            max_abs,
            valence / np.sqrt(valence * valence + 15.0),
            np.log1p(n),
            s[:, _LENGTH] / denom,
            surface[:, 0],
            np.log1p(surface[:, 1:6]),
            s[:, _DIGIT] / denom,
            surface[:, 6],
            np.log1p(surface[:, 7]),
            s[:, _PERSON] / denom,
            s[:, _NEGATION] / denom,
            s[:, _SUPERLATIVE] / denom,
            s[:, _DEGREE] / denom,
        )
    )
    out[:, 2 * _N_LISTS :] = other
    return out


_LOWER_WORD_RE = LETTER_WORDS_RE


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem(word: str) -> str:
    """Porter stem of a word (NLTK's, :mod:`framing.porter`), cached: one stemmer for every
    module."""
    return _porter().stem(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_key(word: str) -> str:
    """Lower-cased Porter stem: "slammed", "slamming" and "slams" share a key."""
    return stem(word.replace("’", "'"))


@cache
def _porter() -> PorterStemmer:
    return PorterStemmer()


def _sentence_keys(text: str) -> list[str]:
    return [_word_key(w) for w in _LOWER_WORD_RE.findall(text.lower())]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def vector_row(word: str) -> int:
    """Row of a lower-case ``word`` (or of its first known base form) in the
    table of :func:`load_word_vectors`, or -1 when it has none."""
    index = load_word_vectors()[0]
    row = index.get(word)
    if row is None:
        row = next((index[f] for f in _variants(word) if f in index), -1)
    return row


def _pooling_rows(words: Any) -> tuple[list[list[int]], np.ndarray]:
    rows_per_text = [
        [r for r in (vector_row(key) for key in keys) if r >= 0] for keys in words.keys
    ]
    lengths = np.fromiter(map(len, rows_per_text), dtype=np.intp, count=len(rows_per_text))
    return rows_per_text, lengths


def pool_vectors(
    words: _SentenceWords, pooling: str, max_pool: bool, normalize: bool
) -> np.ndarray:
    """The pooled word vectors of each sentence (:class:`framing.features.EmbeddingFeatures`):
    the SIF-weighted (``pooling="sif"``) or plain sum of its words' vectors, then the
    element-wise maximum if ``max_pool``; each block scaled to unit norm if ``normalize``,
    else the sum divided by the summed weights. float32, one row per sentence.

    The sum is the product of a sparse pooling matrix (one row per sentence, a word's
    weight in its vector's column) with the vector table, computed as SciPy computes it
    without importing it: each sentence's distinct rows in increasing order, a repeated
    word's weights added first, then each weight x vector added in turn, in float32.
    """
    texts = words.texts
    n = len(texts)
    _, vectors, weights = load_word_vectors()
    rows_per_text, lengths = _pooling_rows(words)
    rows = np.fromiter(
        (r for rs in rows_per_text for r in rs), dtype=np.intp, count=int(lengths.sum())
    )
    w = weights[rows] if pooling == "sif" else np.ones(len(rows), dtype=np.float32)
    total = np.zeros((n, vectors.shape[1]), dtype=np.result_type(w.dtype, vectors.dtype))
    summed = np.zeros(n, dtype=w.dtype)
    if len(rows):
        key = np.repeat(np.arange(n, dtype=np.int64), lengths) * len(vectors) + rows
        order = np.argsort(key, kind="stable")
        key, w_sorted = key[order], w[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        counts = np.diff(np.r_[starts, len(key)])
        unique_w = w_sorted[starts].copy()
        for j in range(1, int(counts.max())):  # a repeated word's weights, one after another
            more = counts > j
            unique_w[more] += w_sorted[starts[more] + j]
        owner, column = np.divmod(key[starts], len(vectors))
        per_text = np.bincount(owner, minlength=n)
        first = np.r_[0, np.cumsum(per_text)[:-1]]
        for j in range(int(per_text.max())):  # the j-th distinct row of every sentence
            texts_j = np.flatnonzero(per_text > j)
            at = first[texts_j] + j
            total[texts_j] += unique_w[at, None] * vectors[column[at]]
            summed[texts_j] += unique_w[at]
    blocks = [np.asarray(total, dtype=np.float32)]
    if max_pool:
        top = np.zeros((n, vectors.shape[1]), dtype=np.float32)
        nonempty = lengths > 0
        if nonempty.any():
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
            top[nonempty] = np.maximum.reduceat(vectors[rows], starts, axis=0)
        blocks.append(top)
    if normalize:
        for block in blocks:
            block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
    else:
        blocks[0] /= np.maximum(np.asarray(summed, dtype=np.float32)[:, None], 1e-12)
    return np.hstack(blocks) if len(blocks) > 1 else blocks[0]


def word_rate_features(
    keys: list[list[str]], table: dict[str, float], prior: float, threshold: float
) -> np.ndarray:
    """The features of :class:`framing.features.AnnotatedWordScores`: per sentence (its
    word keys), the highest word rate, the sums of the top two and three, and the number
    of words above ``threshold`` (a word missing from ``table`` has rate ``prior``)."""
    out = np.zeros((len(keys), 4), dtype=np.float64)
    for i, ks in enumerate(keys):
        rates = sorted((table.get(k, prior) for k in ks), reverse=True)[:8] or [0.0]
        rates += [0.0, 0.0]
        out[i] = (
            rates[0],
            rates[0] + rates[1],
            rates[0] + rates[1] + rates[2],
            sum(r > threshold for r in rates),
        )
    return out


def lexicon_columns(include_babe_words: bool) -> np.ndarray:
    """The columns of :func:`_batch_features` that :class:`~framing.features.LexiconFeatures`
    keeps."""
    keep = [
        i
        for i, name in enumerate(_ALL_NAMES)
        if include_babe_words or not name.startswith("babe_bias_words")
    ]
    return np.asarray(keep, dtype=np.intp)


# ---------------------------------------------------------------------------
# TF-IDF from plain arrays
# ---------------------------------------------------------------------------

#: As scikit-learn's vectorizers: runs of two or more white-space characters.
_WHITE_SPACES = re.compile(r"\s\s+")


def _strip_accents_unicode(s: str) -> str:
    try:
        s.encode("ASCII", errors="strict")
        return s
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", s)
        return "".join([c for c in normalized if not unicodedata.combining(c)])


def _strip_accents_ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ASCII", "ignore").decode("ASCII")


_ACCENTS = {None: None, "unicode": _strip_accents_unicode, "ascii": _strip_accents_ascii}


def encode_terms(terms: list[str]) -> np.ndarray:
    """Terms as a fixed-width array of UTF-8 bytes (sorted terms stay sorted: UTF-8 bytes
    order as code points do)."""
    return np.array([t.encode("utf-8", "surrogatepass") for t in terms], dtype=bytes)


class TfidfArrays:
    """``TfidfVectorizer.transform`` of a fitted vectorizer, from its settings (``spec``:
    analyzer ``word``, ``char`` or ``char_wb``, ngram_range, lowercase, strip_accents,
    token_pattern, stop_words, sublinear_tf, norm ``l2`` or None, dtype), its terms in
    column order (sorted, as scikit-learn orders them; UTF-8 bytes, :func:`encode_terms`)
    and its idf weights (or None).

    A term is looked up by binary search in the sorted array, so reading the model builds
    no dictionary of its terms; the columns of a word's character n-grams (``char_wb``) are
    cached per word.
    """

    ANALYZERS = ("word", "char", "char_wb")

    def __init__(self, spec: dict, terms: np.ndarray, idf: np.ndarray | None) -> None:
        if spec["analyzer"] not in self.ANALYZERS:
            raise ValueError(f"analyzer {spec['analyzer']!r} has no plain-array form")
        if spec.get("norm") not in ("l2", None):
            raise ValueError(f"norm {spec['norm']!r} has no plain-array form")
        self.spec = spec
        self.analyzer = spec["analyzer"]
        self.min_n, self.max_n = spec["ngram_range"]
        self.lowercase = bool(spec.get("lowercase", True))
        self.accents = _ACCENTS[spec.get("strip_accents")]
        self.token_re = re.compile(spec.get("token_pattern") or r"(?u)\b\w\w+\b")
        if self.token_re.groups > 1:
            raise ValueError("More than 1 capturing group in token pattern")
        stop = spec.get("stop_words")
        self.stop_words = None if stop is None else frozenset(stop)
        self.sublinear_tf = bool(spec.get("sublinear_tf", False))
        self.norm = spec.get("norm")
        self.dtype = np.dtype(spec.get("dtype", "float64"))
        self.terms = terms
        self.width = terms.dtype.itemsize
        self.idf = idf
        self.n_features = len(terms)
        self._word_cache: dict[str, np.ndarray] = {}
        self._looked_up = 0
        self._index: dict[str, int] | None = None

    def _preprocess(self, text: str) -> str:
        if self.lowercase:
            text = text.lower()
        if self.accents is not None:
            text = self.accents(text)
        return text

    def lookup(self, grams: list[str]) -> np.ndarray:
        """The column of each n-gram, -1 for an n-gram outside the vocabulary.

        By binary search in the sorted terms; once as many n-grams were looked up as the
        vocabulary has terms (a corpus, not one short text), by a dictionary of the terms
        built then, which is faster per look-up. Both give the same columns."""
        if not grams:
            return np.zeros(0, dtype=np.intp)
        if self._count_lookups(len(grams)) is not None:
            get = self._index.get
            return np.fromiter((get(g, -1) for g in grams), dtype=np.intp, count=len(grams))
        encoded = [g.encode("utf-8", "surrogatepass") for g in grams]
        width = self.width
        # longer than any term, or ending in NUL (fixed-width bytes drop trailing NULs)
        bad = [len(e) > width or e.endswith(b"\0") or not e for e in encoded]
        query = np.array(
            [b"\1" if b else e for e, b in zip(encoded, bad, strict=True)], dtype=self.terms.dtype
        )
        at = np.searchsorted(self.terms, query)
        at[at == self.n_features] = 0
        hit = self.terms[at] == query
        hit &= ~np.asarray(bad)
        return np.where(hit, at, -1)

    def _count_lookups(self, n: int) -> dict[str, int] | None:
        """Count ``n`` more look-ups; the dictionary of the terms once it pays (or None)."""
        self._looked_up += n
        if self._index is None and self._looked_up > self.n_features:
            self._index = {
                t.decode("utf-8", "surrogatepass"): i for i, t in enumerate(self.terms.tolist())
            }
        return self._index

    def _char_wb_grams(self, word: str) -> list[str]:
        w = " " + word + " "
        w_len = len(w)
        grams = []
        for n in range(self.min_n, self.max_n + 1):
            offset = 0
            grams.append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                grams.append(w[offset : offset + n])
            if offset == 0:  # a short word (w_len < n) once
                break
        return grams

    def _char_grams(self, text: str) -> list[str]:
        text = _WHITE_SPACES.sub(" ", text)
        text_len = len(text)
        min_n = self.min_n
        grams = []
        if min_n == 1:
            grams = list(text)
            min_n += 1
        for n in range(min_n, min(self.max_n + 1, text_len + 1)):
            grams.extend(text[i : i + n] for i in range(text_len - n + 1))
        return grams

    def _word_grams(self, text: str) -> list[str]:
        tokens = self.token_re.findall(text)
        if self.stop_words is not None:
            tokens = [w for w in tokens if w not in self.stop_words]
        min_n, max_n = self.min_n, self.max_n
        if max_n == 1:
            return tokens
        original = tokens
        n_tokens = len(original)
        grams = list(original) if min_n == 1 else []
        for n in range(max(min_n, 2), min(max_n + 1, n_tokens + 1)):
            grams.extend(" ".join(original[i : i + n]) for i in range(n_tokens - n + 1))
        return grams

    def columns(self, texts: list[str]) -> tuple[Any, Any]:
        """The vocabulary columns of each text's n-grams, duplicates included: all rows'
        columns in one flat sequence, and each row's number of them (lists, or integer
        arrays for ``char_wb``)."""
        if self.analyzer == "char_wb":
            return self._char_wb_columns(texts)
        flat: list[int] = []
        lengths: list[int] = []
        split = self._char_grams if self.analyzer == "char" else self._word_grams
        per_text = [split(self._preprocess(t)) for t in texts]
        index = self._count_lookups(sum(map(len, per_text)))
        if index is not None:
            get = index.get
            for gs in per_text:
                before = len(flat)
                flat.extend(c for c in map(get, gs) if c is not None)
                lengths.append(len(flat) - before)
            return flat, lengths
        distinct = list(dict.fromkeys(g for gs in per_text for g in gs))
        where = dict(zip(distinct, self.lookup(distinct).tolist(), strict=True))
        for gs in per_text:
            before = len(flat)
            flat.extend(c for c in map(where.__getitem__, gs) if c >= 0)
            lengths.append(len(flat) - before)
        return flat, lengths

    def _char_wb_columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`columns` for ``char_wb``: each word's columns looked up once and cached
        as an array, the texts' words joined by one concatenation."""
        cache = self._word_cache
        if len(cache) > WORD_CACHE_SIZE:
            cache.clear()
        per_text = [_WHITE_SPACES.sub(" ", self._preprocess(t)).split() for t in texts]
        missing = list(dict.fromkeys(w for ws in per_text for w in ws if w not in cache))
        if missing:
            grams = [self._char_wb_grams(w) for w in missing]
            cols = self.lookup([g for gs in grams for g in gs]).astype(np.int64)
            start = 0
            for w, gs in zip(missing, grams, strict=True):
                part = cols[start : start + len(gs)]
                cache[w] = part[part >= 0]
                start += len(gs)
        words = [cache[w] for ws in per_text for w in ws]
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(len(texts), dtype=np.int64)
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        text_of_word = np.repeat(np.arange(len(texts)), [len(ws) for ws in per_text])
        lengths = np.bincount(text_of_word, sizes, minlength=len(texts)).astype(np.int64)
        return np.concatenate(words), lengths

    def values(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The nonzero entries of ``transform(texts)`` as (rows, columns, values) sorted by
        row then column: the values scikit-learn computes (in ``dtype``, the same
        operations in the same order), without the matrix."""
        flat, lengths = self.columns(texts)
        n, n_features = len(lengths), self.n_features
        key = np.repeat(np.arange(n, dtype=np.int64), lengths) * n_features
        key += np.asarray(flat, dtype=np.int64)
        uniq, counts = np.unique(key, return_counts=True)
        rows, cols = uniq // n_features, uniq % n_features
        x = counts.astype(self.dtype)
        if self.sublinear_tf:
            np.log(x, x)
            x += 1.0
        if self.idf is not None:
            x *= self.idf[cols]
        if self.norm == "l2":
            # as sklearn.utils.sparsefuncs_fast: squares summed in double, each value
            # divided by the double norm
            norms = np.sqrt(np.bincount(rows, (x * x).astype(np.float64), minlength=n))
            x = (x / norms[rows]).astype(self.dtype)
        return rows, cols, x


# ---------------------------------------------------------------------------
# The decision function
# ---------------------------------------------------------------------------


def _numbers(arrays: dict[str, np.ndarray], key: str) -> Any:
    """``arrays[key]`` once it is a 1-D array of finite floats (None when absent, for the
    optional arrays a scaler may lack); a ValueError names the array otherwise."""
    a = arrays.get(key)
    if a is None and not key.endswith(".coef"):
        return None
    if a is None or a.ndim != 1 or a.dtype.kind != "f" or not bool(np.isfinite(a).all()):
        raise ValueError(f"{key} is not a 1-D array of finite floats")
    return a


class SentenceScorer:
    """P(biased) of sentences from the plain arrays of a fitted sentence pipeline (a
    :class:`~sklearn.pipeline.FeatureUnion` of known blocks, then a binary logistic
    regression), block by block without building the joined matrix.

    ``spec`` (JSON) lists the blocks in column order with their settings and transformer
    weight; ``arrays`` holds each block's arrays under ``"<block>.<name>"``: ``coef`` (its
    slice of the coefficients), ``terms`` and ``idf`` (TF-IDF), ``mean<i>``/``scale<i>``
    (the i-th StandardScaler after the lexicon features). Only the order in which the
    products with the coefficients are summed differs from scikit-learn's, by rounding
    (about 1e-16 of the decision value).
    """

    KINDS = ("tfidf", "lexicon", "annotated_words", "embedding")

    def __init__(self, spec: dict, arrays: dict[str, np.ndarray]) -> None:
        if spec.get("format") != ARRAYS_FORMAT:
            raise ValueError(
                f"sentence arrays format {spec.get('format')!r} is not {ARRAYS_FORMAT}"
            )
        self.spec = spec
        self.classes = np.asarray(spec["classes"])
        self.intercept = float(spec["intercept"])
        if not np.isfinite(self.intercept) or len(self.classes) != 2:
            raise ValueError("the intercept is not finite or there are not two classes")
        self.blocks: list[tuple[dict, Any, np.ndarray]] = []
        for block in spec["blocks"]:
            kind, name = block["kind"], block["name"]
            if kind not in self.KINDS:
                raise ValueError(f"unknown block kind {kind!r}")
            coef = _numbers(arrays, f"{name}.coef")
            state: Any = None
            if kind == "tfidf":
                terms = arrays[f"{name}.terms"]
                idf = arrays.get(f"{name}.idf")
                if terms.ndim != 1 or terms.dtype.kind != "S":
                    raise ValueError(f"{name}.terms is not a 1-D array of bytes")
                if len(terms) > 1 and not bool(np.all(terms[1:] > terms[:-1])):
                    raise ValueError(f"{name}.terms is not sorted")
                if idf is not None:
                    idf = _numbers(arrays, f"{name}.idf")
                if len(coef) != len(terms) or (idf is not None and len(idf) != len(terms)):
                    raise ValueError(f"{name}: coef, terms and idf differ in length")
                state = TfidfArrays(block, terms, idf)
            elif kind == "lexicon":
                state = (
                    lexicon_columns(bool(block["include_babe_words"])),
                    [
                        (_numbers(arrays, f"{name}.mean{i}"), _numbers(arrays, f"{name}.scale{i}"))
                        for i in range(int(block["n_scalers"]))
                    ],
                )
            elif kind == "annotated_words":
                state = block["table"]
            self.blocks.append((block, state, coef))

    def decision(self, texts: list[str]) -> np.ndarray:
        """The decision function (log-odds of P(biased)) of each sentence."""
        words = _SentenceWords(texts)
        out = np.zeros(len(texts))
        for block, state, coef in self.blocks:
            kind, weight = block["kind"], block.get("weight")
            if kind == "tfidf":
                rows, cols, x = state.values(texts)
                c = coef if weight is None else coef * weight
                out += np.bincount(rows, x.astype(np.float64) * c[cols], minlength=len(texts))
                continue
            if kind == "lexicon":
                columns, scalers = state
                X = _batch_features(texts, bool(block["inflections"]), words)[:, columns]
                for mean, scale in scalers:
                    X = np.array(X, dtype=np.float64)
                    if mean is not None:
                        X -= mean
                    if scale is not None:
                        X /= scale
            elif kind == "annotated_words":
                keys = [_sentence_keys(t) for t in texts]
                X = word_rate_features(keys, state, block["prior"], block["threshold"])
            else:
                X = pool_vectors(words, block["pooling"], block["max_pool"], block["normalize"])
            if weight is not None:
                X = X * weight
            out += np.asarray(X, dtype=np.float64) @ coef
        return out + self.intercept

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities, shape (n, 2): as ``LogisticRegression.predict_proba`` of a
        binary model, the logistic function of the decision, and its complement."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        p = 1.0 / (1.0 + np.exp(-self.decision(texts)))
        return np.stack([1 - p, p], axis=1)


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------


def write_arrays(path: Any, spec: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write ``spec`` (as JSON, member ``spec``) and ``arrays`` as an uncompressed ``.npz``
    file that :func:`numpy.load` reads, byte-identical for the same content (members in
    name order, no time stamps)."""
    members = {"spec": np.frombuffer(json.dumps(spec, sort_keys=True).encode("utf-8"), np.uint8)}
    members.update(arrays)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(members):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(members[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


def read_arrays(path: Any) -> tuple[dict, dict[str, np.ndarray]]:
    """``(spec, arrays)`` of a file written by :func:`write_arrays` (no pickle is read)."""
    # opened here: np.load leaves the file open when it is no zip archive
    with open(path, "rb") as f:
        data = np.load(f, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("not a .npz archive of arrays")
        with data:
            arrays = {name: data[name] for name in data.files}
    spec = json.loads(arrays.pop("spec").tobytes().decode("utf-8"))
    return spec, arrays


class SortedVocabulary:
    """A fitted vocabulary (term -> column) kept as its terms in column order, sorted
    (:func:`encode_terms`): what ``DictVectorizer.vocabulary_`` is to a prediction, read
    without building a dictionary of its terms. ``get`` finds a term by binary search."""

    def __init__(self, terms: np.ndarray) -> None:
        self.terms = terms

    @classmethod
    def of(cls, vocabulary: dict[str, int]) -> SortedVocabulary | None:
        """The vocabulary as sorted terms, or None when its columns are not its terms in
        sorted order or a term ends in NUL."""
        terms = sorted(vocabulary)
        if any(vocabulary[t] != i for i, t in enumerate(terms)) or any(
            t.endswith("\0") or not t for t in terms
        ):
            return None
        return cls(encode_terms(terms))

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, term: str, default: Any = None) -> Any:
        key = term.encode("utf-8", "surrogatepass")
        if not key or len(key) > self.terms.dtype.itemsize or key.endswith(b"\0"):
            return default
        at = int(np.searchsorted(self.terms, key))
        if at < len(self.terms) and self.terms[at] == key:
            return at
        return default

    def lookup(self, terms: Sequence[str]) -> np.ndarray:
        """The column of each term, -1 for a term outside the vocabulary: what ``get``
        gives term by term, by one binary search over all of them."""
        encoded = [t.encode("utf-8", "surrogatepass") for t in terms]
        if not encoded:
            return np.zeros(0, dtype=np.int64)
        width = self.terms.dtype.itemsize
        # longer than any term, or ending in NUL (fixed-width bytes drop trailing NULs)
        bad = np.fromiter(
            (len(e) > width or e.endswith(b"\0") or not e for e in encoded),
            dtype=bool,
            count=len(encoded),
        )
        if bad.any():
            encoded = [b"\1" if b else e for e, b in zip(encoded, bad.tolist(), strict=True)]
        query = np.array(encoded, dtype=self.terms.dtype)
        at = np.searchsorted(self.terms, query)
        at[at == len(self.terms)] = 0
        hit = (self.terms[at] == query) & ~bad
        return np.where(hit, at, -1).astype(np.int64)

    def __contains__(self, term: str) -> bool:
        return self.get(term) is not None

    def __getitem__(self, term: str) -> int:
        at = self.get(term)
        if at is None:
            raise KeyError(term)
        return at
