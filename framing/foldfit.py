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

The blocks are joined into the matrix the union's own ``_hstack`` gives (written in
place, without scipy's COO copies: :func:`_hstack_csr`) and the classifier is fitted on
it, so the fitted classifier is the one ``pipeline.fit`` gives (tests/test_foldfit.py
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

__all__ = ["SharedFeatures", "shared_features", "unmap_large_blocks"]


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
    with each entry's rank among its row's distinct n-grams by first occurrence.

    The per-entry arrays are 32-bit (a character n-gram block has millions of entries,
    and each fold gathers its rows' entries again): column ids, ranks and the counts,
    held in the vectorizer's dtype (small whole numbers, exact in it)."""

    def __init__(self, vec: TfidfVectorizer, texts: Sequence[str]):
        analyze = vec.build_analyzer()
        ids: dict[str, int] = {}
        cols = array("i")  # compact: 4 bytes an entry
        counts = array("i")
        indptr = array("q", [0])
        for text in texts:
            row: dict[int, int] = {}
            for gram in analyze(text):
                j = ids.setdefault(gram, len(ids))
                row[j] = row.get(j, 0) + 1
            cols.extend(row)  # first-occurrence order within the row
            counts.extend(row.values())
            indptr.append(len(cols))
        terms = list(ids)
        del ids
        order = sorted(range(len(terms)), key=terms.__getitem__)
        self.terms = [terms[i] for i in order]
        del terms
        alpha = np.empty(len(order), dtype=np.int32)
        alpha[order] = np.arange(len(order), dtype=np.int32)
        del order
        self.indptr = np.array(indptr, dtype=np.int64)
        n = len(cols)
        #: the dtype of positions into the entries (and of ranks within a fold's rows)
        self.itype = np.int32 if n < 2**31 else np.int64
        lengths = np.diff(self.indptr)
        col = alpha[np.frombuffer(cols, dtype=np.int32)]
        del cols, alpha
        pos = np.arange(n, dtype=self.itype)
        pos -= np.repeat(self.indptr[:-1].astype(self.itype), lengths)
        # entries sorted by column within each row (the order a transform gives), each
        # with its first-occurrence rank in the row
        perm = np.lexsort((col, np.repeat(np.arange(len(texts), dtype=np.int32), lengths)))
        self.indices = col[perm]
        del col
        self.pos = pos[perm]
        del pos
        self.counts = np.frombuffer(counts, dtype=np.int32)[perm].astype(vec.dtype)
        self.dtype = vec.dtype

    def fit_counts(self, rows: np.ndarray) -> tuple[sp.csr_array, np.ndarray, np.ndarray]:
        """The count matrix ``CountVectorizer.fit_transform`` gives for ``rows`` (in that
        order), the fold's vocabulary (columns of the full vocabulary, sorted) and the
        order in which the rows first meet each of its terms.

        Each temporary array is one per gathered entry, 32-bit where it fits, and freed
        as soon as it is used: a fold of the character block gathers millions."""
        it = self.itype
        starts = self.indptr[rows]
        lengths = self.indptr[rows + 1] - starts
        begin = np.zeros(len(rows) + 1, dtype=np.int64)  # each row's first gathered entry
        np.cumsum(lengths, out=begin[1:])
        n = int(begin[-1])
        # positions of the rows' entries in the arrays, row after row
        at = np.repeat((starts - begin[:-1]).astype(it), lengths)
        at += np.arange(n, dtype=it)
        cols = self.indices[at]
        # each entry's rank in the order the rows (in order), and within a row its
        # n-grams, are met: the row's first gathered entry plus its first-occurrence rank
        # (the rank of (row, rank) pairs, as scikit-learn's counting meets them)
        met_at = np.repeat(begin[:-1].astype(it), lengths)
        met_at += self.pos[at]
        # a term's id in scikit-learn's counting: the order in which it is first met
        first = np.full(len(self.terms), n, dtype=it)
        np.minimum.at(first, cols, met_at)
        del met_at
        kept = np.flatnonzero(first != n)
        met = np.empty(len(kept), dtype=it)
        met[np.argsort(first[kept], kind="stable")] = np.arange(len(kept), dtype=it)
        del first
        new = np.full(len(self.terms), -1, dtype=np.int32)
        new[kept] = np.arange(len(kept), dtype=np.int32)
        ncol = new[cols]
        del cols, new
        # each row's entries in the order of their terms' ids (unique keys: a row holds
        # a term once)
        kt = np.int32 if len(rows) * max(len(kept), 1) < 2**31 else np.int64
        key = np.repeat(np.arange(len(rows), dtype=kt) * kt(len(kept)), lengths)
        key += met[ncol]
        order = np.argsort(key, kind="stable")
        del key
        indices = ncol[order]
        del ncol
        at = at[order]
        del order
        data = self.counts[at]
        del at
        indptr = np.zeros(len(rows) + 1, dtype=np.int32)
        np.cumsum(lengths, out=indptr[1:])
        X = sp.csr_array((data, indices, indptr), shape=(len(rows), len(kept)))
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

    def matrix(self, rows: np.ndarray, pipe: Pipeline) -> Any:
        """Fit the union of ``pipe`` (a clone of the recipe) on ``rows`` from the shared
        features and return the matrix its ``fit_transform`` gives those rows."""
        union = pipe.steps[0][1]
        fitted, Xs = [], []
        sub = [self.texts[i] for i in rows.tolist()]
        for (name, trans), (kind, data) in zip(union.transformer_list, self.blocks, strict=True):
            weight = (union.transformer_weights or {}).get(name)
            if kind == "tfidf":
                res, kept, met = data.fit_counts(rows)
                tfidf = TfidfTransformer(
                    norm=trans.norm,
                    use_idf=trans.use_idf,
                    smooth_idf=trans.smooth_idf,
                    sublinear_tf=trans.sublinear_tf,
                )
                tfidf.fit(res)
                res = tfidf.transform(res, copy=False)
                # the fitted attributes in the order fit sets them (the same pickle)
                trans._tfidf = tfidf
                trans.fixed_vocabulary_ = False
                trans.build_analyzer()  # what fitting records of its stop words
                trans.vocabulary_ = data.vocabulary(kept, met)
                del kept, met
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
            # a weight of 1 leaves every value as it is: no copy of the block
            Xs.append(res if weight is None or weight == 1 else res * weight)
            del res
        union._update_transformer_list(fitted)
        formats = {X.format if sp.issparse(X) else "dense" for X in Xs}
        if formats == {"csr", "dense"}:
            return _hstack_csr(Xs)  # frees each block once its entries are in place
        return union._hstack(Xs)  # all dense, or all sparse (no COO copies then)

    def fit(
        self, rows: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> Pipeline:
        """``clone(pipeline).fit([texts[i] for i in rows], y, classifier__sample_weight=...)``
        from the shared features: the same fitted pipeline."""
        rows = np.asarray(rows, dtype=np.int64)
        pipe = clone(self.pipeline)
        X = self.matrix(rows, pipe)  # the blocks are freed: only the matrix is held
        clf = pipe.steps[1][1]
        if sample_weight is None:
            clf.fit(X, y)
        else:
            clf.fit(X, y, sample_weight=sample_weight)
        return pipe


def _hstack_csr(blocks: list[Any]) -> Any:
    """``scipy.sparse.hstack(blocks).tocsr()``, what a union's ``_hstack`` gives for
    CSR and dense blocks (the same dtype, entries, order and container type), with
    each block's entries written straight to their place in the result: scipy's
    ``hstack`` makes a COO copy of every block, then of them all, then converts it
    (temporaries of about twice the result's size on a fold of BABE's rows). The list is
    emptied: each block is freed once its entries are in place."""
    container = sp.csr_array if any(isinstance(b, sp.sparray) for b in blocks) else sp.csr_matrix
    n_rows = blocks[0].shape[0]
    n_cols = sum(b.shape[1] for b in blocks)
    dtype = np.result_type(*(b.dtype for b in blocks))
    lengths = np.zeros(n_rows, dtype=np.int64)
    for b in blocks:
        lengths += np.diff(b.indptr) if sp.issparse(b) else np.count_nonzero(b, axis=1)
    nnz = int(lengths.sum())
    itype = np.int32 if max(nnz, n_cols) < 2**31 else np.int64
    indptr = np.zeros(n_rows + 1, dtype=itype)
    np.cumsum(lengths, out=indptr[1:])
    data = np.empty(nnz, dtype=dtype)
    indices = np.empty(nnz, dtype=itype)
    free = indptr[:-1].astype(np.int64)  # each row's next free place
    offset = 0
    while blocks:
        b = blocks.pop(0)
        if not sp.issparse(b):
            b = sp.csr_matrix(b)  # its nonzero values, as scipy's COO copy takes them
        m = int(b.indptr[-1])
        b_lengths = np.diff(b.indptr).astype(np.int64)
        # each entry's place: its row's next free place plus its place in the block's row
        dest = np.repeat((free - b.indptr[:-1]).astype(itype), b_lengths)
        dest += np.arange(m, dtype=itype)
        data[dest] = b.data[:m]
        indices[dest] = np.add(b.indices[:m], offset, dtype=itype)
        del dest
        free += b_lengths
        offset += b.shape[1]
        del b
    X = container((data, indices, indptr), shape=(n_rows, n_cols))
    X.sum_duplicates()  # as tocsr does: each row's entries sorted by column
    return X


def unmap_large_blocks(threshold: int = 1 << 20) -> bool:
    """In this process, have the C allocator (glibc's malloc) give each block of
    ``threshold`` bytes or more its own mapping, returned to the system as soon as it is
    freed. By default glibc raises that threshold to the size of each large block freed
    (up to 32 MiB), so the megabytes of a fold's temporary arrays are afterwards carved
    out of the heaps of the threads that fit folds, where freed memory stays counted in
    the process's resident size (BABE + 300 rows, two folds at a time: about 150 MiB
    held between folds). Returns whether it was set (False elsewhere than glibc).

    A process-wide setting: ``framing train`` and ``framing evaluate`` make it for
    their own process; a program calling :func:`framing.training.train` may call it
    (also reachable as ``framing.training.unmap_large_blocks``)."""
    import ctypes
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    M_MMAP_THRESHOLD = -3  # glibc's malloc.h
    return bool(mallopt(ctypes.c_int(M_MMAP_THRESHOLD), ctypes.c_int(threshold)))


def shared_features(make: Any, texts: Sequence[str]) -> SharedFeatures | None:
    """The :class:`SharedFeatures` of ``texts`` for the recipe ``make()`` builds (a
    :class:`framing.model.FramingModel` around a supported pipeline), or None."""
    est = make()
    pipeline = getattr(est, "estimator", None)
    if pipeline is None or not _supported(pipeline):
        return None
    return SharedFeatures(copy.deepcopy(pipeline), texts)
