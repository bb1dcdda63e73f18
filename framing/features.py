"""scikit-learn transformers used by the sentence model.

Everything here follows the scikit-learn estimator contract: ``__init__`` only
stores its keyword arguments, ``fit`` learns and returns ``self``, learned
attributes end in ``_``, so the transformers work with ``clone``,
``get_params``, ``Pipeline`` and ``GridSearchCV``.

The lexicons and word vectors come from :mod:`framing.resources`, which reads each
shipped file once. ``load_wordlist``, ``load_mpqa``, ``load_vader``, ``load_word_usage``,
``load_word_vectors``, ``WordUsage`` and ``WORDLISTS`` moved there; they are re-exported
here for one release.

Public pieces
-------------
LexiconFeatures
    Dense per-sentence features: lexicon hit counts and ratios, VADER valence
    statistics and surface cues (quotes, superlatives, exclamations, length).
vector_row
    The row of a word (or of its base form) in the static word-vector table.
EmbeddingFeatures
    Dense per-sentence features: SIF-weighted (or plain) mean, and optionally
    max, of the sentence's word vectors.
make_sentence_pipeline
    The unfitted default sentence classifier.
"""

from __future__ import annotations

import re
import weakref
from functools import cache, lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .porter import PorterStemmer
from .resources import (
    WORDLISTS,
    WordUsage,
    load_mpqa,
    load_vader,
    load_word_usage,
    load_word_vectors,
    load_wordlist,
)
from .text import LETTER_WORDS_RE, TOKEN_PATTERN, WORD_CACHE_SIZE, WORDS_RE, quote_spans
from .wordclasses import word_class, word_pairs

__all__ = [
    "WORDLISTS",
    "WORD_TOKEN_PATTERN",
    "WORD_CACHE_SIZE",
    "load_wordlist",
    "load_mpqa",
    "load_vader",
    "LexiconFeatures",
    "AnnotatedSentence",
    "AnnotatedWordScores",
    "load_word_vectors",
    "vector_row",
    "WordUsage",
    "load_word_usage",
    "EmbeddingFeatures",
    "make_sentence_pipeline",
]

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


def _as_texts(X: Any) -> list[str]:
    """Accept a sequence of str, a 1-d array or a one-column 2-d array."""
    if isinstance(X, str):
        raise ValueError("expected an iterable of sentences, got a single string")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        if X.shape[1] != 1:
            raise ValueError(f"expected one text column, got an array of shape {X.shape}")
        X = np.asarray(X)[:, 0]
    elif hasattr(X, "columns") and hasattr(X, "iloc"):
        if X.shape[1] != 1:
            raise ValueError(f"expected one text column, got {X.shape[1]} columns")
        X = X.iloc[:, 0]
    texts = list(X)
    for t in texts:
        if not isinstance(t, str):
            raise ValueError(f"expected str sentences, got {type(t).__name__}")
    return texts


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Dense lexicon and surface features for each sentence.

    For each shipped word list (BABE bias words, Recasens bias lexicon,
    hedges, factives, assertives, implicatives, report verbs, Hu & Liu
    positive / negative words) the transformer outputs ``log1p(hits)`` and
    ``hits / n_words``; then MPQA strong / weak subjectivity ratios (with
    polarity), VADER valence statistics, and surface cues: length, quoted
    fraction, quote marks, ``!``, ``?``, digits, capitalisation, first/second
    person pronouns, negations, superlatives and degree words.

    Parameters
    ----------
    include_babe_words : bool, default=True
        Use the BABE bias-word dictionary. It was built by the BABE authors
        from material overlapping the BABE sentences, so set this to False
        when evaluating on BABE without that possible leak.
    inflections : bool, default=True
        Also match cheap base forms of each word (``"slammed"`` matches
        ``"slam"``, ``"attacks"`` matches ``"attack"``).

    Attributes
    ----------
    n_features_in_ : int
        Always 1: the input is one column of sentences.
    feature_names_out_ : ndarray of str
        Names of the output columns.

    Examples
    --------
    >>> from framing.features import LexiconFeatures
    >>> X = LexiconFeatures().fit_transform(["Critics slammed the radical plan."])
    >>> X.shape[0]
    1
    """

    def __init__(self, include_babe_words: bool = True, inflections: bool = True) -> None:
        self.include_babe_words = include_babe_words
        self.inflections = inflections

    def _columns(self) -> np.ndarray:
        keep = [
            i
            for i, name in enumerate(_ALL_NAMES)
            if self.include_babe_words or not name.startswith("babe_bias_words")
        ]
        return np.asarray(keep, dtype=np.intp)

    def fit(self, X: Any, y: Any = None) -> LexiconFeatures:
        """Check the input and record the output feature names.

        Parameters
        ----------
        X : iterable of str
            Sentences (a list, a 1-d array, or a one-column array/DataFrame).
        y : ignored

        Returns
        -------
        self
        """
        _as_texts(X)
        _lexicon_tables()
        self.n_features_in_ = 1
        self.feature_names_out_ = np.asarray(_ALL_NAMES, dtype=object)[self._columns()]
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Compute the features.

        Parameters
        ----------
        X : iterable of str
            Sentences.

        Returns
        -------
        ndarray of shape (n_sentences, n_features)
        """
        check_is_fitted(self, "feature_names_out_")
        return self._features(_SentenceWords(_as_texts(X)))

    def _features(self, words: _SentenceWords) -> np.ndarray:
        return _batch_features(words.texts, bool(self.inflections), words)[:, self._columns()]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags


#: Token pattern of the word n-gram vectorizer: words with inner apostrophes
#: or hyphens, plus ``!``, ``?`` and quote marks as tokens of their own.
WORD_TOKEN_PATTERN = TOKEN_PATTERN + r"|[!?\"“”]"


def make_sentence_pipeline(**overrides: Any) -> Pipeline:
    """The unfitted default sentence-bias classifier.

    Word 1-2-gram and character (``char_wb``) 2-5-gram TF-IDF (sublinear tf)
    joined with standardised :class:`LexiconFeatures` (down-weighted so they
    act as a prior rather than swamp the n-grams), classified by L2 logistic
    regression. The hyperparameters were chosen by 10-fold cross-validation on
    BABE and checked on leave-one-outlet-out; see the model card. The BABE
    bias-word dictionary is left out by default: it gave no measurable gain
    on BABE (whose sentences it may have been built from) and is AGPL-licensed.

    Parameters
    ----------
    **overrides
        Parameters passed to ``Pipeline.set_params`` after construction, e.g.
        ``classifier__C=1.0`` or ``features__lexicon__extract__include_babe_words=True``.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (a FeatureUnion of ``word``, ``char`` and
        ``lexicon``) and ``classifier``; ``predict_proba(sentences)[:, 1]`` is
        P(biased).
    """
    features = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    token_pattern=WORD_TOKEN_PATTERN,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float32
                ),
            ),
            (
                "lexicon",
                Pipeline(
                    [
                        ("extract", LexiconFeatures(include_babe_words=False)),
                        ("scale", StandardScaler()),
                    ]
                ),
            ),
            ("annotated_words", AnnotatedWordScores()),
            ("embed", EmbeddingFeatures()),
        ],
        transformer_weights={
            "word": 1.0,
            "char": 1.0,
            "lexicon": 0.1,
            "annotated_words": 1.0,
            "embed": 0.5,
        },
    )
    classifier = LogisticRegression(C=3.0, solver="liblinear", random_state=0)
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    if overrides:
        pipeline.set_params(**overrides)
    return pipeline


class AnnotatedSentence(str):
    """A sentence (a ``str``) that carries its annotated loaded words.

    Training data for :class:`AnnotatedWordScores`: BABE's ``biased_words``
    ride along with the sentence text through ``Pipeline``, ``FeatureUnion``
    and cross-validation splits, while every other step sees a plain string.
    ``biased_words=None`` means "not annotated at word level" (the sentence
    is then ignored by the word table); an empty tuple means "annotated, no
    loaded word".
    """

    biased_words: tuple[str, ...] | None

    def __new__(cls, text: str, biased_words: Any = None) -> AnnotatedSentence:
        obj = super().__new__(cls, text)
        obj.biased_words = None if biased_words is None else tuple(str(w) for w in biased_words)
        return obj

    def __reduce__(self):
        return (AnnotatedSentence, (str(self), self.biased_words))


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


class AnnotatedWordScores(TransformerMixin, BaseEstimator):
    """Sentence features from a word table learned on word-level annotations.

    For every word stem seen in word-annotated training sentences, the table
    holds the smoothed rate at which annotators marked it as loaded:
    ``(marked + prior * smoothing) / (occurrences + smoothing)``. A sentence
    is described by its highest word rates: the maximum, the sum of the top
    two and top three, and the number of words above ``threshold``.

    ``fit_transform`` returns *cross-fitted* features (each training row
    described by a table learned without its own fold), as
    :class:`sklearn.preprocessing.TargetEncoder` does, so the classifier
    after it learns how far to trust the table on unseen sentences.

    Training sentences must be :class:`AnnotatedSentence` to contribute;
    plain strings are ignored when fitting (and transformed normally).

    Parameters
    ----------
    smoothing : float
        Pseudo-occurrences pulling rare words' rates towards ``prior``.
    prior : float
        Rate assumed for a word with no evidence.
    threshold : float
        Rate above which a word counts as likely loaded.
    cv : int
        Folds for cross-fitting in ``fit_transform``.
    random_state : int
        Seed of the cross-fitting folds.
    """

    def __init__(
        self,
        smoothing: float = 3.0,
        prior: float = 0.02,
        threshold: float = 0.2,
        cv: int = 5,
        random_state: int = 0,
    ):
        self.smoothing = smoothing
        self.prior = prior
        self.threshold = threshold
        self.cv = cv
        self.random_state = random_state

    def _table(self, keys: list[list[str]], marked: list[set[str] | None]) -> dict[str, float]:
        occ: dict[str, int] = {}
        pos: dict[str, int] = {}
        for ks, m in zip(keys, marked, strict=True):
            if m is None:
                continue
            for k in set(ks):
                occ[k] = occ.get(k, 0) + 1
                if k in m:
                    pos[k] = pos.get(k, 0) + 1
        a, p = self.smoothing, self.prior
        return {k: (pos.get(k, 0) + p * a) / (n + a) for k, n in occ.items()}

    def _features(self, keys: list[list[str]], table: dict[str, float]) -> np.ndarray:
        out = np.zeros((len(keys), 4), dtype=np.float64)
        p = self.prior
        for i, ks in enumerate(keys):
            rates = sorted((table.get(k, p) for k in ks), reverse=True)[:8] or [0.0]
            rates += [0.0, 0.0]
            out[i] = (
                rates[0],
                rates[0] + rates[1],
                rates[0] + rates[1] + rates[2],
                sum(r > self.threshold for r in rates),
            )
        return out

    @staticmethod
    def _prepare(X: Any) -> tuple[list[list[str]], list[set[str] | None]]:
        texts = _as_texts(X)
        keys = [_sentence_keys(t) for t in texts]
        marked: list[set[str] | None] = []
        for x in X if isinstance(X, list) else list(X):
            words = getattr(x, "biased_words", None)
            marked.append(
                None
                if words is None
                else {_word_key(w) for bw in words for w in _LOWER_WORD_RE.findall(bw.lower())}
            )
        return keys, marked

    def fit(self, X: Any, y: Any = None) -> AnnotatedWordScores:
        keys, marked = self._prepare(X)
        self.table_ = self._table(keys, marked)
        self.n_annotated_ = sum(m is not None for m in marked)
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        from sklearn.model_selection import KFold

        keys, marked = self._prepare(X)
        self.table_ = self._table(keys, marked)
        self.n_annotated_ = sum(m is not None for m in marked)
        out = np.zeros((len(keys), 4))
        if len(keys) < self.cv:
            return self._features(keys, self.table_)
        folds = KFold(self.cv, shuffle=True, random_state=self.random_state)
        for tr, te in folds.split(keys):
            table = self._table([keys[i] for i in tr], [marked[i] for i in tr])
            out[te] = self._features([keys[i] for i in te], table)
        return out

    def transform(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "table_")
        return self._features([_sentence_keys(t) for t in _as_texts(X)], self.table_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(
            ["word_rate_max", "word_rate_top2", "word_rate_top3", "n_words_above"], dtype=object
        )


# ---------------------------------------------------------------------------
# Static word embeddings
# ---------------------------------------------------------------------------


@lru_cache(maxsize=WORD_CACHE_SIZE)
def vector_row(word: str) -> int:
    """Row of a lower-case ``word`` (or of its first known base form) in the
    table of :func:`load_word_vectors`, or -1 when it has none."""
    index = load_word_vectors()[0]
    row = index.get(word)
    if row is None:
        row = next((index[f] for f in _variants(word) if f in index), -1)
    return row


class EmbeddingFeatures(TransformerMixin, BaseEstimator):
    """Pooled static word vectors of each sentence.

    Each word (lower-cased; unknown words fall back to a cheap base form,
    else are skipped) is looked up in the shipped table of
    :func:`load_word_vectors`; the sentence is the weighted mean of its word
    vectors, optionally followed by their element-wise maximum. A sentence
    with no known word gets zeros. Pure numpy: one sparse product per batch.

    Parameters
    ----------
    pooling : {"sif", "mean"}, default="sif"
        ``"sif"`` weights each word by its SIF weight (frequent function
        words count little); ``"mean"`` weights all words equally.
    max_pool : bool, default=False
        Also append the element-wise maximum over the sentence's words.
    normalize : bool, default=True
        Scale each pooled block to unit L2 norm (like TF-IDF rows), so the
        block's transformer weight in a ``FeatureUnion`` is comparable to the
        n-gram blocks'.

    Attributes
    ----------
    n_features_in_ : int
        Always 1: the input is one column of sentences.
    n_dims_ : int
        Dimension of the word vectors.

    Examples
    --------
    >>> from framing.features import EmbeddingFeatures
    >>> X = EmbeddingFeatures().fit_transform(["Critics slammed the radical plan."])
    >>> X.shape == (1, EmbeddingFeatures().fit([]).n_dims_)
    True
    """

    def __init__(
        self, pooling: str = "sif", max_pool: bool = False, normalize: bool = True
    ) -> None:
        self.pooling = pooling
        self.max_pool = max_pool
        self.normalize = normalize

    def fit(self, X: Any, y: Any = None) -> EmbeddingFeatures:
        """Check the parameters and the input; load the table.

        Parameters
        ----------
        X : iterable of str
            Sentences (a list, a 1-d array, or a one-column array/DataFrame).
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        ValueError
            If ``pooling`` is not ``"sif"`` or ``"mean"``.
        """
        if self.pooling not in ("sif", "mean"):
            raise ValueError(f"pooling must be 'sif' or 'mean', got {self.pooling!r}")
        _as_texts(X)
        self.n_features_in_ = 1
        self.n_dims_ = load_word_vectors()[1].shape[1]
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Pool the word vectors of each sentence.

        Parameters
        ----------
        X : iterable of str
            Sentences.

        Returns
        -------
        ndarray of shape (n_sentences, n_dims) or (n_sentences, 2 * n_dims)
            float32; the mean block, then the max block if ``max_pool``.
        """
        check_is_fitted(self, "n_dims_")
        return self._pool(_SentenceWords(_as_texts(X)))

    def _pool(self, words: _SentenceWords) -> np.ndarray:
        texts = words.texts
        _, vectors, weights = load_word_vectors()
        rows_per_text = [
            [r for r in (vector_row(key) for key in keys) if r >= 0] for keys in words.keys
        ]
        lengths = np.fromiter(map(len, rows_per_text), dtype=np.intp, count=len(texts))
        rows = np.fromiter(
            (r for rs in rows_per_text for r in rs), dtype=np.intp, count=int(lengths.sum())
        )
        owner = np.repeat(np.arange(len(texts)), lengths)
        w = weights[rows] if self.pooling == "sif" else np.ones(len(rows), dtype=np.float32)
        pool = sp.csr_matrix((w, (owner, rows)), shape=(len(texts), len(vectors)))
        blocks = [np.asarray(pool @ vectors, dtype=np.float32)]
        if self.max_pool:
            top = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            nonempty = lengths > 0
            if nonempty.any():
                starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
                top[nonempty] = np.maximum.reduceat(vectors[rows], starts, axis=0)
            blocks.append(top)
        if self.normalize:
            for block in blocks:
                block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
        else:
            blocks[0] /= np.maximum(np.asarray(pool.sum(axis=1), dtype=np.float32), 1e-12)
        return np.hstack(blocks) if len(blocks) > 1 else blocks[0]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns (``embed_mean_0`` ..., then ``embed_max_0`` ...)."""
        check_is_fitted(self, "n_dims_")
        kinds = ("mean", "max") if self.max_pool else ("mean",)
        return np.asarray(
            [f"embed_{k}_{i}" for k in kinds for i in range(self.n_dims_)], dtype=object
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags


# ---------------------------------------------------------------------------
# Prediction path: the same numbers as ``pipeline.predict_proba``, less Python
# ---------------------------------------------------------------------------

# Per fitted vectorizer: word -> its n-gram columns (a weak key: gone with the model).
_NGRAM_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fast_vectorizer(vec: Any) -> bool:
    """Whether :func:`_ngram_transform` computes ``vec.transform`` for this vectorizer."""
    return (
        type(vec) is TfidfVectorizer
        and vec.input == "content"
        and vec.analyzer in ("char_wb", "word")
        and vec.preprocessor is None
        and vec.tokenizer is None
        and vec.stop_words is None
        and not vec.binary
        and hasattr(vec, "vocabulary_")
    )


def _count_matrix(vec: Any, flat: list[int], lengths: list[int]) -> Any:
    """The count matrix ``CountVectorizer`` builds from each row's column indices
    (duplicates counted, indices sorted, ``vec.dtype`` values)."""
    from sklearn.utils._sparse import _align_api_if_sparse

    n, n_features = len(lengths), len(vec.vocabulary_)
    cols = np.asarray(flat, dtype=np.int64)
    key = np.repeat(np.arange(n, dtype=np.int64), lengths) * n_features + cols
    uniq, counts = np.unique(key, return_counts=True)
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(uniq // n_features, minlength=n), out=indptr[1:])
    X = sp.csr_array(
        (counts.astype(vec.dtype), (uniq % n_features).astype(np.int32), indptr),
        shape=(n, n_features),
        dtype=vec.dtype,
    )
    return _align_api_if_sparse(X)


def _ngram_columns(vec: Any, texts: list[str]) -> tuple[list[int], list[int]]:
    """The vocabulary columns of each text's n-grams, as ``vec.transform`` counts them:
    all rows' columns in one flat list, and each row's number of them.

    Character n-grams (``char_wb``) never cross a word, so each distinct word's
    columns are found once and cached; word n-grams are looked up without the
    per-feature exception handling of scikit-learn's counting loop.
    """
    preprocess = vec.build_preprocessor()
    vocab = vec.vocabulary_
    flat: list[int] = []
    lengths: list[int] = []
    if vec.analyzer == "char_wb":
        cache = _NGRAM_CACHES.get(vec)
        if cache is None or len(cache) > WORD_CACHE_SIZE:
            cache = _NGRAM_CACHES[vec] = {}
        spaces = vec._white_spaces
        extend = flat.extend
        for text in texts:
            start = len(flat)
            for w in spaces.sub(" ", preprocess(text)).split():
                c = cache.get(w)
                if c is None:
                    c = cache[w] = [vocab[g] for g in vec._char_wb_ngrams(w) if g in vocab]
                extend(c)
            lengths.append(len(flat) - start)
    else:
        # the n-grams of scikit-learn's _word_ngrams (no stop words), each looked up once
        tokenize = vec.build_tokenizer()
        get = vocab.get
        min_n, max_n = vec.ngram_range
        for text in texts:
            start = len(flat)
            toks = tokenize(preprocess(text))
            for n in range(min_n, max_n + 1):
                shifted = (toks[i:] for i in range(n))
                grams = toks if n == 1 else map(" ".join, zip(*shifted, strict=False))
                flat.extend(c for c in map(get, grams) if c is not None)
            lengths.append(len(flat) - start)
    return flat, lengths


def _ngram_transform(vec: Any, texts: list[str]) -> Any:
    """``vec.transform(texts)`` for a :func:`_fast_vectorizer`."""
    flat, lengths = _ngram_columns(vec, texts)
    return vec._tfidf.transform(_count_matrix(vec, flat, lengths), copy=False)


def _fast_transform(trans: Any, texts: list[str], words: _SentenceWords) -> Any:
    """``trans.transform(texts)``, sharing ``words`` where the transformer allows it."""
    if _fast_vectorizer(trans):
        return _ngram_transform(trans, texts)
    if isinstance(trans, EmbeddingFeatures):
        return trans._pool(words)
    if isinstance(trans, LexiconFeatures):
        return trans._features(words)
    if (
        isinstance(trans, Pipeline)
        and isinstance(trans.steps[0][1], LexiconFeatures)
        and all(hasattr(step, "transform") for _, step in trans.steps)
    ):
        X = trans.steps[0][1]._features(words)
        for _, step in trans.steps[1:]:
            X = step.transform(X)
        return X
    return trans.transform(texts)


def _tfidf_values(vec: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nonzero entries of ``vec.transform(texts)`` for a :func:`_fast_vectorizer`, as
    (rows, columns, values) sorted by row then column: the values scikit-learn computes
    (in ``vec.dtype``, the same operations in the same order), without the matrix."""
    tfidf = vec._tfidf
    flat, lengths = _ngram_columns(vec, texts)
    n, n_features = len(lengths), len(vec.vocabulary_)
    key = np.repeat(np.arange(n, dtype=np.int64), lengths) * n_features
    key += np.asarray(flat, dtype=np.int64)
    uniq, counts = np.unique(key, return_counts=True)
    rows, cols = uniq // n_features, uniq % n_features
    x = counts.astype(vec.dtype)
    if tfidf.sublinear_tf:
        np.log(x, x)
        x += 1.0
    if hasattr(tfidf, "idf_"):
        x *= tfidf.idf_[cols]
    if tfidf.norm == "l2":
        # as sklearn.utils.sparsefuncs_fast: squares summed in double, each value
        # divided by the double norm
        norms = np.sqrt(np.bincount(rows, (x * x).astype(np.float64), minlength=n))
        x = (x / norms[rows]).astype(vec.dtype)
    elif tfidf.norm is not None:
        raise ValueError(f"norm {tfidf.norm!r} has no fast path")
    return rows, cols, x


class _LinearScorer:
    """The decision function of a fitted sentence pipeline whose last step is a binary
    logistic regression over a :class:`FeatureUnion` of known blocks, computed block by
    block without building the joined matrix.

    Each block's feature values are the ones scikit-learn computes (the TF-IDF values in
    float32, with the same operations in the same order); only the order in which the
    products with the coefficients are summed differs, by rounding (about 1e-16 of the
    decision value). Built once per fitted pipeline (:func:`_linear_scorer`).
    """

    def __init__(self, blocks: list[tuple[str, Any, float | None, np.ndarray]], intercept: float):
        self.blocks = blocks
        self.intercept = intercept

    @staticmethod
    def _tfidf_scores(vec: Any, coef: np.ndarray, texts: list[str]) -> np.ndarray:
        """Row-wise ``vec.transform(texts) @ coef``."""
        rows, cols, x = _tfidf_values(vec, texts)
        return np.bincount(rows, x.astype(np.float64) * coef[cols], minlength=len(texts))

    def decision(self, texts: list[str]) -> np.ndarray:
        words = _SentenceWords(texts)
        out = np.zeros(len(texts))
        for kind, trans, weight, coef in self.blocks:
            if kind == "tfidf":
                out += self._tfidf_scores(trans, coef if weight is None else coef * weight, texts)
                continue
            if type(trans) is AnnotatedWordScores:
                X = trans._features([_sentence_keys(t) for t in texts], trans.table_)
            elif kind == "scaled":  # LexiconFeatures, then StandardScaler steps
                X = trans.steps[0][1]._features(words)
                for _, scaler in trans.steps[1:]:
                    X = _scale(scaler, X)
            else:
                X = _fast_transform(trans, texts, words)
            if weight is not None:
                X = X * weight
            out += np.asarray(X, dtype=np.float64) @ coef
        return out + self.intercept


def _scale(scaler: Any, X: np.ndarray) -> np.ndarray:
    """``scaler.transform(X)`` of a fitted StandardScaler on a dense float64 array (the
    same operations, without the input validation)."""
    X = np.array(X, dtype=np.float64)
    if scaler.with_mean:
        X -= scaler.mean_
    if scaler.with_std:
        X /= scaler.scale_
    return X


# Per fitted pipeline: its _LinearScorer, or None when the pipeline is not of that form.
_SCORERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _linear_scorer(pipeline: Any) -> _LinearScorer | None:
    try:
        return _SCORERS[pipeline]
    except (KeyError, TypeError):
        pass
    scorer = None
    steps = pipeline.steps if isinstance(pipeline, Pipeline) else []
    clf = steps[-1][1] if len(steps) == 2 else None
    union = steps[0][1] if steps else None
    if (
        isinstance(union, FeatureUnion)
        and type(clf) is LogisticRegression
        and len(clf.classes_) == 2
        and clf.coef_.shape[0] == 1
    ):
        blocks = []
        coef, start = clf.coef_[0], 0
        for _, trans, weight in union._iter():
            if _fast_vectorizer(trans) and trans._tfidf.norm in ("l2", None):
                kind, width = "tfidf", len(trans.vocabulary_)
            elif isinstance(trans, EmbeddingFeatures):
                kind, width = "dense", trans.n_dims_ * (2 if trans.max_pool else 1)
            elif isinstance(trans, LexiconFeatures | AnnotatedWordScores):
                kind, width = "dense", len(trans.get_feature_names_out())
            elif (
                isinstance(trans, Pipeline)
                and isinstance(trans.steps[0][1], LexiconFeatures)
                and all(type(step) is StandardScaler for _, step in trans.steps[1:])
            ):
                kind, width = "scaled", len(trans.steps[0][1].get_feature_names_out())
            else:
                blocks = None
                break
            blocks.append((kind, trans, weight, coef[start : start + width]))
            start += width
        if blocks is not None and start == len(coef):
            scorer = _LinearScorer(blocks, float(clf.intercept_[0]))
    try:
        _SCORERS[pipeline] = scorer
    except TypeError:
        pass
    return scorer


def sentence_proba(pipeline: Any, texts: list[str]) -> np.ndarray:
    """``pipeline.predict_proba(texts)`` of a fitted sentence pipeline.

    For the pipeline of :func:`make_sentence_pipeline` (a :class:`FeatureUnion` of text
    transformers, then a logistic regression) the sentences' words are found once and
    shared by the feature blocks, the n-gram counts skip scikit-learn's per-feature
    Python loop (:func:`_ngram_columns`), and the decision function is summed block by
    block (:class:`_LinearScorer`): the same feature values, the same probabilities up
    to rounding (about 1e-16). Other pipelines with a union first go through the shared
    feature blocks; any other estimator, or a non-default scikit-learn output
    configuration, goes through ``pipeline.predict_proba`` itself.
    """
    from sklearn import get_config

    union = pipeline.steps[0][1] if isinstance(pipeline, Pipeline) else None
    if (
        not isinstance(union, FeatureUnion)
        or get_config().get("transform_output", "default") != "default"
        or any(step in (None, "passthrough") for _, step in pipeline.steps)
    ):
        return pipeline.predict_proba(texts)
    scorer = _linear_scorer(pipeline)
    if scorer is not None:
        from scipy.special import expit

        p = expit(scorer.decision(texts))
        return np.stack([1 - p, p], axis=1)
    words = _SentenceWords(texts)
    Xs = []
    for _, trans, weight in union._iter():
        res = _fast_transform(trans, texts, words)
        Xs.append(res if weight is None else res * weight)
    X = union._hstack(Xs)
    for _, step in pipeline.steps[1:-1]:
        X = step.transform(X)
    return pipeline.steps[-1][1].predict_proba(X)
