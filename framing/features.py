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

import weakref
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .resources import (
    WORDLISTS,
    WordUsage,
    load_mpqa,
    load_vader,
    load_word_usage,
    load_word_vectors,
    load_wordlist,
)
from .sentence_features import (
    _ALL_NAMES,
    ARRAYS_FORMAT,
    SentenceScorer,
    TfidfArrays,
    _batch_features,
    _lexicon_tables,
    _sentence_keys,
    _SentenceWords,
    _word_key,
    encode_terms,
    lexicon_columns,
    pool_vectors,
    stem,
    vector_row,
    word_rate_features,
)
from .text import LETTER_WORDS_RE, TOKEN_PATTERN, WORD_CACHE_SIZE

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
    "export_sentence_arrays",
    "stem",
]

_LOWER_WORD_RE = LETTER_WORDS_RE


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
        return lexicon_columns(bool(self.include_babe_words))

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
        return word_rate_features(keys, table, self.prior, self.threshold)

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
        return self._fit_transform_prepared(*self._prepare(X))

    def _fit_transform_prepared(
        self, keys: list[list[str]], marked: list[set[str] | None]
    ) -> np.ndarray:
        """``fit_transform`` of the rows whose :meth:`_prepare` gave ``keys, marked``."""
        from sklearn.model_selection import KFold

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
        return pool_vectors(words, self.pooling, bool(self.max_pool), bool(self.normalize))

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
# Prediction path: the same numbers as ``pipeline.predict_proba``, without scikit-learn
# ---------------------------------------------------------------------------

# Per fitted vectorizer: its TfidfArrays, or None (a weak key: gone with the model).
_TFIDF_ARRAYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fast_vectorizer(vec: Any) -> bool:
    """Whether :class:`~framing.sentence_features.TfidfArrays` computes ``vec.transform``
    for this vectorizer."""
    return (
        type(vec) is TfidfVectorizer
        and vec.input == "content"
        and vec.analyzer in TfidfArrays.ANALYZERS
        and vec.preprocessor is None
        and vec.tokenizer is None
        and not vec.binary
        and vec.norm in ("l2", None)
        and hasattr(vec, "vocabulary_")
        and _tfidf_arrays(vec) is not None
    )


def _tfidf_export(vec: Any) -> tuple[dict, np.ndarray, np.ndarray | None] | None:
    """The settings, terms (in column order) and idf weights of a fitted TfidfVectorizer,
    or None when its columns are not its terms in sorted order (scikit-learn sorts them) or
    a term ends in NUL (which fixed-width bytes cannot hold)."""
    vocab = vec.vocabulary_
    terms = sorted(vocab)
    if any(vocab[t] != i for i, t in enumerate(terms)) or any(t.endswith("\0") for t in terms):
        return None
    stop = vec.get_stop_words() if vec.analyzer == "word" else None
    spec = {
        "analyzer": vec.analyzer,
        "ngram_range": [int(n) for n in vec.ngram_range],
        "lowercase": bool(vec.lowercase),
        "strip_accents": vec.strip_accents,
        "token_pattern": vec.token_pattern,
        "stop_words": None if stop is None else sorted(stop),
        "sublinear_tf": bool(vec.sublinear_tf),
        "norm": vec.norm,
        "dtype": np.dtype(vec.dtype).name,
    }
    idf = getattr(vec._tfidf, "idf_", None)
    return spec, encode_terms(terms), None if idf is None else np.asarray(idf)


def _tfidf_arrays(vec: Any) -> TfidfArrays | None:
    try:
        return _TFIDF_ARRAYS[vec]
    except KeyError:
        pass
    exported = _tfidf_export(vec)
    arrays = None if exported is None else TfidfArrays(*exported)
    _TFIDF_ARRAYS[vec] = arrays
    return arrays


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
    all rows' columns in one flat list, and each row's number of them."""
    return _tfidf_arrays(vec).columns(texts)


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
    (rows, columns, values) sorted by row then column (:meth:`TfidfArrays.values`)."""
    return _tfidf_arrays(vec).values(texts)


def _block_export(name: str, trans: Any, weight: Any) -> tuple[dict, dict, int] | None:
    """One block of :func:`export_sentence_arrays`: its spec, its arrays (without the
    coefficients) and its number of columns; None for a block with no plain-array form."""
    block: dict[str, Any] = {"name": name, "weight": None if weight is None else float(weight)}
    if _fast_vectorizer(trans):
        spec, terms, idf = _tfidf_export(trans)
        arrays = {f"{name}.terms": terms}
        if idf is not None:
            arrays[f"{name}.idf"] = idf
        return {**block, "kind": "tfidf", **spec}, arrays, len(terms)
    if type(trans) is EmbeddingFeatures and hasattr(trans, "n_dims_"):
        block.update(
            kind="embedding",
            pooling=trans.pooling,
            max_pool=bool(trans.max_pool),
            normalize=bool(trans.normalize),
        )
        return block, {}, trans.n_dims_ * (2 if trans.max_pool else 1)
    if type(trans) is AnnotatedWordScores and hasattr(trans, "table_"):
        block.update(
            kind="annotated_words",
            prior=float(trans.prior),
            threshold=float(trans.threshold),
            table={str(k): float(v) for k, v in trans.table_.items()},
        )
        return block, {}, 4
    steps = [("extract", trans)] if type(trans) is LexiconFeatures else None
    if type(trans) is Pipeline and type(trans.steps[0][1]) is LexiconFeatures:
        steps = trans.steps
    if steps is None or not all(type(s) is StandardScaler for _, s in steps[1:]):
        return None
    lexicon = steps[0][1]
    if not hasattr(lexicon, "feature_names_out_"):
        return None
    arrays = {}
    for i, (_, scaler) in enumerate(steps[1:]):
        if scaler.with_mean:
            arrays[f"{name}.mean{i}"] = np.asarray(scaler.mean_, dtype=np.float64)
        if scaler.with_std:
            arrays[f"{name}.scale{i}"] = np.asarray(scaler.scale_, dtype=np.float64)
    block.update(
        kind="lexicon",
        include_babe_words=bool(lexicon.include_babe_words),
        inflections=bool(lexicon.inflections),
        n_scalers=len(steps) - 1,
    )
    return block, arrays, len(lexicon.get_feature_names_out())


def export_sentence_arrays(pipeline: Any) -> tuple[dict, dict[str, np.ndarray]] | None:
    """The plain arrays of a fitted sentence pipeline (``(spec, arrays)`` for
    :class:`~framing.sentence_features.SentenceScorer`), or None when it is not of the form
    that class computes: a :class:`FeatureUnion` of TF-IDF vectorizers (word, ``char`` or
    ``char_wb`` analyzer, l2 or no norm), :class:`LexiconFeatures` (alone or followed by
    StandardScalers), :class:`AnnotatedWordScores` and :class:`EmbeddingFeatures`, then a
    binary :class:`LogisticRegression`."""
    steps = pipeline.steps if isinstance(pipeline, Pipeline) else []
    clf = steps[-1][1] if len(steps) == 2 else None
    union = steps[0][1] if steps else None
    if not (
        type(union) is FeatureUnion
        and type(clf) is LogisticRegression
        and len(clf.classes_) == 2
        and clf.coef_.shape[0] == 1
    ):
        return None
    coef, start = np.asarray(clf.coef_[0], dtype=np.float64), 0
    blocks, arrays = [], {}
    for name, trans, weight in union._iter():
        exported = _block_export(name, trans, weight)
        if exported is None:
            return None
        block, block_arrays, width = exported
        blocks.append(block)
        arrays.update(block_arrays)
        arrays[f"{name}.coef"] = coef[start : start + width].copy()
        start += width
    if start != len(coef):
        return None
    spec = {
        "format": ARRAYS_FORMAT,
        "classes": np.asarray(clf.classes_).tolist(),
        "intercept": float(clf.intercept_[0]),
        "blocks": blocks,
    }
    return spec, arrays


# Per fitted pipeline: its SentenceScorer, or None when the pipeline is not of that form.
_SCORERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _linear_scorer(pipeline: Any) -> SentenceScorer | None:
    try:
        return _SCORERS[pipeline]
    except (KeyError, TypeError):
        pass
    exported = export_sentence_arrays(pipeline)
    scorer = None if exported is None else SentenceScorer(*exported)
    try:
        _SCORERS[pipeline] = scorer
    except TypeError:
        pass
    return scorer


def sentence_proba(pipeline: Any, texts: list[str]) -> np.ndarray:
    """``pipeline.predict_proba(texts)`` of a fitted sentence pipeline.

    For the pipeline of :func:`make_sentence_pipeline` (a :class:`FeatureUnion` of text
    transformers, then a logistic regression) the probabilities come from its plain arrays
    (:func:`export_sentence_arrays`, :class:`~framing.sentence_features.SentenceScorer`):
    the same feature values, the same probabilities up to rounding (about 1e-16). Other
    pipelines with a union first go through the shared feature blocks; any other
    estimator, or a non-default scikit-learn output configuration, goes through
    ``pipeline.predict_proba`` itself.
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
        return scorer.predict_proba(texts)
    words = _SentenceWords(texts)
    Xs = []
    for _, trans, weight in union._iter():
        res = _fast_transform(trans, texts, words)
        Xs.append(res if weight is None else res * weight)
    X = union._hstack(Xs)
    for _, step in pipeline.steps[1:-1]:
        X = step.transform(X)
    return pipeline.steps[-1][1].predict_proba(X)
