"""Cross-validation folds of the default sentence pipeline fitted from features computed once.

Every fold of ``framing train`` (and ``framing evaluate``) fits the same recipe on a subset
of the same sentences. Most of what a fit of :func:`framing.features.make_sentence_pipeline`
costs besides the logistic regression is reading the sentences: the word and character
n-grams, the lexicon and word-vector features. Here each sentence is read once
(:class:`SharedFeatures`) and each fold builds, from those rows, the very matrix the
pipeline's ``fit`` would build on its training rows:

- TF-IDF blocks: the counts of every sentence's n-grams over the vocabulary of all rows;
  a fold keeps the n-grams its training rows hold (its vocabulary, in the same sorted
  order), and lays each row's entries out in the order scikit-learn's counting gives them
  (the order in which the fold's rows first meet each n-gram), which is the order the
  L2 norm is summed in; the idf and the scaling are scikit-learn's own
  ``TfidfTransformer`` on those counts;
- lexicon and word-vector blocks: computed per sentence (a sentence's values do not depend
  on the batch it is in); a ``StandardScaler`` after the lexicon features is fitted on the
  fold's rows;
- the annotated-word table: fitted (and cross-fitted) on the fold's rows from each
  sentence's word keys, read once.

The blocks are joined by the union's own ``_hstack`` and the classifier is fitted on the
result, so the fitted classifier is the one ``pipeline.fit`` gives (tests/test_foldfit.py
checks the matrices and coefficients bit for bit). The fitted pipeline is assembled from
the fold's fitted pieces, so it predicts, pickles and is cached as a fitted pipeline does.

The folds fit in threads of one process, sharing these read-only arrays: the logistic
regression (liblinear) and most of the per-fold array work release the GIL.
"""

from __future__ import annotations

import copy
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from .features import AnnotatedWordScores, EmbeddingFeatures, LexiconFeatures

__all__ = ["SharedFeatures", "shared_features"]


def _plain_tfidf(vec: Any) -> bool:
    """A TF-IDF vectorizer whose fitted vocabulary is every n-gram of its training rows."""
    return (
        type(vec) is TfidfVectorizer
        and vec.input == "content"
        and vec.vocabulary is None
        and vec.min_df == 1
        and vec.max_df == 1.0
        and vec.max_features is None
        and not vec.binary
        and (vec.analyzer in ("word", "char", "char_wb") or callable(vec.analyzer))
    )


def _lexicon_pipeline(trans: Any) -> bool:
    return (
        type(trans) is Pipeline
        and type(trans.steps[0][1]) is LexiconFeatures
        and len(trans.steps) >= 2
        and all(type(step) is StandardScaler for _, step in trans.steps[1:])
    )


def _kind(trans: Any) -> str | None:
    if _plain_tfidf(trans):
        return "tfidf"
    if type(trans) in (LexiconFeatures, EmbeddingFeatures):
        return "stateless"
    if _lexicon_pipeline(trans):
        return "scaled"
    if type(trans) is AnnotatedWordScores:
        return "annotated"
    return None


def _supported(pipeline: Any) -> bool:
    """Whether ``pipeline`` is a union of known blocks, then one classifier."""
    from sklearn import get_config

    if type(pipeline) is not Pipeline or len(pipeline.steps) != 2:
        return False
    union, clf = pipeline.steps[0][1], pipeline.steps[1][1]
    return (
        type(union) is FeatureUnion
        and union.n_jobs in (None, 1)
        and bool(union.transformer_list)
        and all(_kind(t) is not None for _, t in union.transformer_list)
        and hasattr(clf, "fit")
        and get_config().get("transform_output", "default") == "default"
    )


class _Ngrams:
    """Every row's n-gram counts over the vocabulary of all rows (sorted), in CSR form,
    with each entry's rank among its row's distinct n-grams by first occurrence."""

    def __init__(self, vec: TfidfVectorizer, texts: Sequence[str]):
        analyze = vec.build_analyzer()
        ids: dict[str, int] = {}
        cols = array("q")  # compact: a character n-gram block has millions of entries
        counts = array("q")
        indptr = [0]
        for text in texts:
            row: dict[int, int] = {}
            for gram in analyze(text):
                j = ids.setdefault(gram, len(ids))
                row[j] = row.get(j, 0) + 1
            cols.extend(row)  # first-occurrence order within the row
            counts.extend(row.values())
            indptr.append(len(cols))
        terms = list(ids)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        alpha = np.empty(len(terms), dtype=np.int64)
        alpha[order] = np.arange(len(terms))
        self.terms = [terms[i] for i in order]
        self.indptr = np.asarray(indptr, dtype=np.int64)
        col = alpha[np.frombuffer(cols, dtype=np.int64)]
        pos = np.arange(len(col), dtype=np.int64) - np.repeat(
            self.indptr[:-1], np.diff(self.indptr)
        )
        # entries sorted by column within each row (the order a transform gives), each
        # with its first-occurrence rank in the row
        key = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(self.indptr))
        perm = np.lexsort((col, key))
        self.indices = col[perm]
        self.pos = pos[perm]
        self.counts = np.frombuffer(counts, dtype=np.int64)[perm]
        self.dtype = vec.dtype

    def _gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The entries of ``rows`` (positions into the arrays) and each row's length."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return offsets + np.arange(int(lengths.sum()), dtype=np.int64), lengths

    def fit_counts(self, rows: np.ndarray) -> tuple[sp.csr_array, np.ndarray]:
        """The count matrix ``CountVectorizer.fit_transform`` gives for ``rows`` (in that
        order), the fold's vocabulary (columns of the full vocabulary, sorted) and the
        order in which the rows first meet each of its terms."""
        at, lengths = self._gather(rows)
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        cols, pos = self.indices[at], self.pos[at]
        # a term's id in scikit-learn's counting: the order in which the rows (in order),
        # and within a row its n-grams, first meet it
        first = np.full(len(self.terms), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, cols, local * (int(pos.max(initial=0)) + 1) + pos)
        kept = np.flatnonzero(first != np.iinfo(np.int64).max)
        new = np.full(len(self.terms), -1, dtype=np.int64)
        new[kept] = np.arange(len(kept))
        met = np.empty(len(kept), dtype=np.int64)
        met[np.argsort(first[kept], kind="stable")] = np.arange(len(kept))
        ncol = new[cols]
        order = np.argsort(local * len(kept) + met[ncol], kind="stable")
        indptr = np.zeros(len(rows) + 1, dtype=np.int32)
        np.cumsum(lengths, out=indptr[1:])
        X = sp.csr_array(
            (
                self.counts[at][order].astype(self.dtype),
                ncol[order].astype(np.int32),
                indptr,
            ),
            shape=(len(rows), len(kept)),
        )
        return X, kept, met

    def vocabulary(self, kept: np.ndarray, met: np.ndarray) -> dict[str, int]:
        """The fold's ``vocabulary_`` as scikit-learn builds it: each term's sorted
        column, the terms in the order the rows first met them."""
        terms = self.terms
        order = np.empty(len(kept), dtype=np.int64)
        order[met] = np.arange(len(kept))
        return {terms[j]: i for i, j in zip(order.tolist(), kept[order].tolist(), strict=True)}


def _take(data: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``data[rows]`` in the memory layout a batch of those rows has (column sums, as a
    scaler's mean and variance, are summed in an order that follows the layout)."""
    out = data[rows]
    if data.flags.f_contiguous and not data.flags.c_contiguous:
        out = np.asfortranarray(out)
    return out


class SharedFeatures:
    """The features of every row of a training set, read once, for fitting the default
    pipeline's folds (see the module docstring).

    Parameters
    ----------
    pipeline : Pipeline
        The unfitted recipe (:func:`_supported`).
    texts : sequence of str
        Every row (``AnnotatedSentence`` rows carry their annotated words).
    """

    def __init__(self, pipeline: Pipeline, texts: Sequence[str]):
        self.pipeline = pipeline
        self.texts = list(texts)
        union = pipeline.steps[0][1]
        self.blocks: list[tuple[str, Any]] = []
        for _, trans in union.transformer_list:
            kind = _kind(trans)
            if kind == "tfidf":
                data: Any = _Ngrams(trans, self.texts)
            elif kind == "stateless":
                data = clone(trans).fit(self.texts).transform(self.texts)
            elif kind == "scaled":
                data = clone(trans.steps[0][1]).fit(self.texts).transform(self.texts)
            else:
                data = AnnotatedWordScores._prepare(self.texts)
            self.blocks.append((kind, data))

    def fit(
        self, rows: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> Pipeline:
        """``clone(pipeline).fit([texts[i] for i in rows], y, classifier__sample_weight=...)``
        from the shared features: the same fitted pipeline."""
        rows = np.asarray(rows, dtype=np.int64)
        pipe = clone(self.pipeline)
        union = pipe.steps[0][1]
        fitted, Xs = [], []
        sub = [self.texts[i] for i in rows.tolist()]
        for (name, trans), (kind, data) in zip(union.transformer_list, self.blocks, strict=True):
            weight = (union.transformer_weights or {}).get(name)
            if kind == "tfidf":
                counts, kept, met = data.fit_counts(rows)
                tfidf = TfidfTransformer(
                    norm=trans.norm,
                    use_idf=trans.use_idf,
                    smooth_idf=trans.smooth_idf,
                    sublinear_tf=trans.sublinear_tf,
                )
                tfidf.fit(counts)
                res = tfidf.transform(counts, copy=False)
                # the fitted attributes in the order fit sets them (the same pickle)
                trans._tfidf = tfidf
                trans.fixed_vocabulary_ = False
                trans.build_analyzer()  # what fitting records of its stop words
                trans.vocabulary_ = data.vocabulary(kept, met)
            elif kind == "stateless":
                trans.fit(sub)
                res = _take(data, rows)
            elif kind == "scaled":
                res = _take(data, rows)
                trans.steps[0][1].fit(sub)
                for _, scaler in trans.steps[1:]:
                    res = scaler.fit_transform(res)
            else:
                keys, marked = data
                res = trans._fit_transform_prepared(
                    [keys[i] for i in rows.tolist()], [marked[i] for i in rows.tolist()]
                )
            fitted.append(trans)
            Xs.append(res if weight is None else res * weight)
        union._update_transformer_list(fitted)
        X = union._hstack(Xs)
        del Xs
        clf = pipe.steps[1][1]
        if sample_weight is None:
            clf.fit(X, y)
        else:
            clf.fit(X, y, sample_weight=sample_weight)
        return pipe


def shared_features(make: Any, texts: Sequence[str]) -> SharedFeatures | None:
    """The :class:`SharedFeatures` of ``texts`` for the recipe ``make()`` builds (a
    :class:`framing.model.FramingModel` around a supported pipeline), or None."""
    est = make()
    pipeline = getattr(est, "estimator", None)
    if pipeline is None or not _supported(pipeline):
        return None
    return SharedFeatures(copy.deepcopy(pipeline), texts)
