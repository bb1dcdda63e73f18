"""The learned attribution extractor: two linear-chain CRFs run with numpy.

Trained with python-crfsuite (``pip install framing-lens[train]``, see
:mod:`framing.attribution.training` and ``python train.py --only attribution``),
then exported to plain arrays, so running it needs numpy only:

1. **cue tagger**: BIO labels for reporting cues over each sentence
   (features of :func:`framing.attribution.features.token_features` and their
   neighbours);
2. **span tagger**: for each cue found, BIO labels for its source and its
   content over the cue's sentence, with the features of step 1 plus features
   relative to that cue (:func:`framing.attribution.features.relative`);
3. a content that ends inside an open quotation is carried on to the closing
   quote (at most :data:`MAX_CONTINUATION` sentences).

It ships as the ``attribution`` component of the default model directory
(``framing.model.load_component``); the rules in :mod:`framing.attribution.rules`
run without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..text import WORD_CACHE_SIZE, Document
from .features import (
    _SEPARATORS,
    FLAGS,
    OFFSETS,
    cue_lemmas,
    flag_matrix,
    quote_state,
    word_features,
    word_flags,
)

MAX_CONTINUATION = 3
_OFFSET_RE = re.compile(r"^(-?\d+|[LR])\|(.*)$")

__all__ = ["LinearChain", "LearnedExtractor", "MAX_CONTINUATION"]


@dataclass
class LinearChain:
    """A linear-chain CRF as arrays: ``W[o, feature, label]`` and transitions ``T``.

    ``o`` is 0 for a feature of the token itself, ``1 + OFFSETS.index(off)``
    for a feature of the token at ``off``, and the last two tables hold the
    ``L|feature`` / ``R|feature`` weights of the span tagger (the token lies left
    or right of the cue); ``pad`` rows hold the weights of the ``<off>|pad``
    features (no token there).
    """

    labels: tuple[str, ...]
    vocab: dict[str, int]
    W: np.ndarray
    T: np.ndarray
    pad: np.ndarray

    @classmethod
    def from_crfsuite(cls, info, labels: tuple[str, ...]) -> LinearChain:
        """Export the weights of a ``pycrfsuite.Tagger().info()``."""
        lab = {name: k for k, name in enumerate(labels)}
        n_off = len(OFFSETS) + 3
        vocab: dict[str, int] = {}
        rows: list[tuple[int, int, int, float]] = []
        pad = np.zeros((n_off, len(labels)), dtype=np.float32)
        for (attr, label), w in info.state_features.items():
            m = _OFFSET_RE.match(attr)
            o, base = (_table(m.group(1)), m.group(2)) if m else (0, attr)
            if base == "pad":
                pad[o, lab[label]] += w
                continue
            rows.append((o, vocab.setdefault(base, len(vocab)), lab[label], w))
        W = np.zeros((n_off, len(vocab), len(labels)), dtype=np.float32)
        for o, b, k, w in rows:
            W[o, b, k] += w
        T = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            T[lab[a], lab[b]] = w
        return cls(tuple(labels), vocab, W, T, pad)

    def _ids(self, feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token positions and vocabulary rows of the known features (positions sorted)."""
        get = self.vocab.get
        flat = np.fromiter(
            (get(x, -1) for f in feats for x in f), dtype=np.intp, count=sum(map(len, feats))
        )
        pos = np.repeat(np.arange(len(feats), dtype=np.intp), [len(f) for f in feats])
        keep = flat >= 0
        return pos[keep], flat[keep]

    def emissions(
        self,
        feats: list[list[str]],
        bounds: list[tuple[int, int]] | None = None,
    ) -> np.ndarray:
        """Scores ``(n_tokens, n_labels)`` from the base features of each token
        and of its neighbours.

        ``bounds`` are the ``[start, end)`` token ranges of the sentences when
        ``feats`` holds several (default: one sentence).
        """
        n = len(feats)
        bounds = bounds or [(0, n)]
        sent = np.zeros(n, dtype=np.intp)
        for k, (a, b) in enumerate(bounds):
            sent[a:b] = k
        p, b = self._ids(feats)
        E = np.zeros((n, len(self.labels)), dtype=np.float32)
        _add_sorted(E, p, self.W[0, b])
        for o, off in enumerate(OFFSETS, start=1):
            target = p - off
            keep = (target >= 0) & (target < n)
            keep[keep] = sent[target[keep]] == sent[p[keep]]
            _add_sorted(E, target[keep], self.W[o, b[keep]])
            for a, e in bounds:
                if off > 0:
                    E[max(a, e - off) : e] += self.pad[o]
                else:
                    E[a : min(e, a - off)] += self.pad[o]
        return E

    def emissions_of(self, feats: list[list[str]]) -> np.ndarray:
        """Scores of features of each token itself only (no neighbours, no padding)."""
        p, b = self._ids(feats)
        E = np.zeros((len(feats), len(self.labels)), dtype=np.float32)
        _add_sorted(E, p, self.W[0, b])
        return E

    def side_emissions(self, feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Scores of the ``L|`` and ``R|`` features of each token (span tagger)."""
        p, b = self._ids(feats)
        out = []
        for o in (len(OFFSETS) + 1, len(OFFSETS) + 2):
            E = np.zeros((len(feats), len(self.labels)), dtype=np.float32)
            _add_sorted(E, p, self.W[o, b])
            out.append(E)
        return out[0], out[1]

    def _thresholds(self) -> np.ndarray:
        T = self.T
        gain_in = np.maximum((T - T[:, :1]).max(axis=0), 0.0)  # from any previous label
        gain_out = np.maximum((T - T[:1, :]).max(axis=1), 0.0)  # to any next label
        return gain_in + gain_out

    def viterbi(self, E: np.ndarray) -> list[int]:
        """The best label sequence for emission scores ``E`` (label 0 is "outside").

        A token whose label-0 score beats each other label by more than that
        label can gain from its transitions takes label 0 in every best path, so
        the search runs only over the runs of the other tokens, each between two
        label-0 neighbours (the result is that of a full Viterbi search).
        """
        n = len(E)
        th = self.__dict__.get("_th")
        if th is None:
            th = self.__dict__["_th"] = self._thresholds()
        sure = ((E[:, :1] - E) > th).sum(axis=1) == len(self.labels) - 1
        path = [0] * n
        if sure.all():
            return path
        idx = np.flatnonzero(~sure)
        starts = np.r_[idx[0], idx[1:][np.diff(idx) > 1]]
        ends = np.r_[idx[:-1][np.diff(idx) > 1], idx[-1]] + 1
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            seg = E[a:b].copy()
            if a > 0:
                seg[0] += self.T[0]
            if b < n:
                seg[-1] += self.T[:, 0]
            path[a:b] = self._search(seg)
        return path

    def _search(self, E: np.ndarray) -> list[int]:
        n = len(E)
        if n == 1:
            return [int(E[0].argmax())]
        score = E[0].copy()
        back = np.zeros((n, len(self.labels)), dtype=np.int32)
        T = self.T
        for k in range(1, n):
            cand = score[:, None] + T
            back[k] = cand.argmax(axis=0)
            score = cand.max(axis=0) + E[k]
        path = [int(score.argmax())]
        for k in range(n - 1, 0, -1):
            path.append(int(back[k, path[-1]]))
        return path[::-1]

    def decode(self, problems: list[np.ndarray]) -> list[list[int]]:
        """:meth:`viterbi` of each emission matrix in ``problems``, all searched at once."""
        sizes = np.array([len(E) for E in problems], dtype=np.intp)
        off = np.zeros(len(problems) + 1, dtype=np.intp)
        np.cumsum(sizes, out=off[1:])
        X = np.concatenate(problems) if int(off[-1]) else np.zeros((0, len(self.labels)))
        out = self.decode_stacked(X, off)
        return [out[off[i] : off[i + 1]].tolist() for i in range(len(problems))]

    def decode_stacked(self, X: np.ndarray, off: np.ndarray) -> np.ndarray:
        """Best label of each row of ``X``: problems ``X[off[i]:off[i + 1]]`` stacked.

        The runs left after pruning the sure "outside" tokens (see :meth:`viterbi`)
        of every problem are padded into one array and searched together, one step
        per position of the longest run (the paths of :meth:`viterbi`).
        """
        th = self.__dict__.get("_th")
        if th is None:
            th = self.__dict__["_th"] = self._thresholds()
        out = np.zeros(len(X), dtype=np.intp)
        if len(X):
            idx = np.flatnonzero(((X[:, :1] - X) > th).sum(axis=1) < len(self.labels) - 1)
            if len(idx):
                self._search_runs(X, idx, off, out)
        return out

    def _search_runs(self, X: np.ndarray, idx: np.ndarray, off: np.ndarray, out: np.ndarray):
        """Viterbi over the runs of positions ``idx`` of the stacked problems ``X``."""
        T = self.T
        first = np.zeros(len(X) + 1, dtype=bool)
        first[off[:-1]] = True
        new = np.ones(len(idx), dtype=bool)
        new[1:] = (np.diff(idx) > 1) | first[idx[1:]]
        heads = np.flatnonzero(new)
        starts = idx[heads]
        ends = np.append(idx[heads[1:] - 1], idx[-1]) + 1
        lens = ends - starts
        L = int(lens.max())
        pid = np.searchsorted(off, starts, side="right") - 1
        steps = np.arange(L)
        at = np.minimum(starts[:, None] + steps, len(X) - 1)
        S = X[at]  # (runs, L, K); positions past a run's end are never read
        rows = np.arange(len(starts))
        S[rows[starts > off[pid]], 0] += T[0]  # an "outside" token before the run
        tail = ends < off[pid + 1]
        S[rows[tail], lens[tail] - 1] += T[:, 0]  # and after it
        best, _score = _padded_viterbi(S, lens, T)
        valid = steps < lens[:, None]
        out[at[valid]] = best[valid]

    def require(
        self,
        X: np.ndarray,
        off: np.ndarray,
        out: np.ndarray,
        kind: str,
        margin: float | np.ndarray,
    ) -> None:
        """Where the best path of a stacked problem has no ``kind`` span, take the best
        path that has one if it scores at most ``margin`` below (``out`` is updated;
        ``margin``: one number, or one per problem).

        A Viterbi search over the labels paired with "a ``kind`` label was seen",
        all such problems at once: its best end state is the best path, its best end
        state with the flag set the best path with a ``kind`` span.
        """
        K = len(self.labels)
        has = np.array([lab.endswith(kind) for lab in self.labels])
        inside = has[out]
        seen = np.add.reduceat(inside, off[:-1]) if len(out) else np.zeros(0, dtype=int)
        todo = np.flatnonzero((seen == 0) & (np.diff(off) > 0))
        if len(todo) == 0:
            return
        lens = (off[todo + 1] - off[todo]).astype(np.intp)
        L = int(lens.max())
        steps = np.arange(L)
        at = np.minimum(off[todo][:, None] + steps, len(X) - 1)
        S = np.concatenate([X[at], X[at]], axis=2)
        S[:, 0, np.r_[has, ~has]] = -np.inf  # the flag starts set exactly on a kind label
        T2 = np.full((2 * K, 2 * K), -np.inf, dtype=np.float32)
        T2[:K, :K][:, ~has] = self.T[:, ~has]
        T2[:K, K:][:, has] = self.T[:, has]
        T2[K:, K:] = self.T
        best, score = _padded_viterbi(S, lens, T2, final=slice(K, 2 * K))
        limit = np.broadcast_to(np.asarray(margin, dtype=np.float64), (len(off) - 1,))[todo]
        ok = score.max(axis=1) - score[:, K:].max(axis=1) <= limit
        valid = (steps < lens[:, None]) & ok[:, None]
        out[at[valid]] = best[valid] % K

    def tag(self, feats: list[list[str]]) -> list[str]:
        """Labels of one sentence."""
        return [self.labels[k] for k in self.viterbi(self.emissions(feats))]


def _padded_viterbi(
    S: np.ndarray, lens: np.ndarray, T: np.ndarray, final: slice | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Best paths of the padded problems ``S`` (``(n, L, K)``, row ``i`` of length
    ``lens[i]``) and their final scores ``(n, K)``; ``final`` restricts the end state."""
    n, L, K = S.shape
    order = np.argsort(-lens, kind="stable")  # longest first: the live rows are a prefix
    S, lens = S[order], lens[order]
    live = np.searchsorted(-lens, -np.arange(L), side="left")  # rows longer than k
    score = S[:, 0].copy()
    back = np.broadcast_to(np.arange(K), (n, L, K)).copy()
    # each step is a few numpy calls over all live rows at once, the candidates laid out
    # (row, next label, previous label) so that max and argmax run over the contiguous
    # last axis (argmax keeps the first best label; max is the same number)
    TT = np.ascontiguousarray(T.T)
    cand = np.empty((n, K, K), dtype=score.dtype)
    for k in range(1, L):
        m = live[k]
        c = np.add(score[:m, None, :], TT, out=cand[:m])
        back[:m, k] = c.argmax(axis=2)
        np.add(c.max(axis=2), S[:m, k], out=score[:m])
    best = np.zeros((n, L), dtype=np.intp)
    ends = score if final is None else score[:, final]
    best[:, L - 1] = ends.argmax(axis=1) + (0 if final is None else final.start)
    rows = np.arange(n)
    for k in range(L - 1, 0, -1):
        best[:, k - 1] = back[rows, k, best[:, k]]
    out_best = np.empty_like(best)
    out_best[order] = best
    out_score = np.empty_like(score)
    out_score[order] = score
    return out_best, out_score


def _table(prefix: str) -> int:
    if prefix in ("L", "R"):
        return len(OFFSETS) + 1 + (prefix == "R")
    return 1 + OFFSETS.index(int(prefix))


def _add_sorted(E: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
    """``E[rows[i]] += values[i]`` for non-decreasing ``rows`` (faster than ``np.add.at``)."""
    if len(rows) == 0:
        return
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    E[rows[starts]] += np.add.reduceat(values, starts, axis=0)


def spans_of(labels: list[str], kind: str) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of the ``B-kind``/``I-kind`` runs in ``labels``."""
    out: list[tuple[int, int]] = []
    start = None
    for k, lab in enumerate([*labels, "O"]):
        if lab == f"I-{kind}" and start is not None:
            continue
        if start is not None:
            out.append((start, k))
            start = None
        if lab in (f"B-{kind}", f"I-{kind}"):
            start = k
    return out


class _Tables:
    """A chain's weights arranged for scoring whole documents at once.

    ``rows[i]`` holds feature ``i``'s weights in every table (own token, each
    offset, left and right of the cue) as one flat row.
    """

    def __init__(self, chain: LinearChain) -> None:
        n_tab, n_vocab, k = chain.W.shape
        self.shape = (n_tab, k)
        self.vocab = chain.vocab
        self.rows = np.ascontiguousarray(chain.W.transpose(1, 0, 2).reshape(n_vocab, n_tab * k))
        self.zero = np.zeros(n_tab * k, dtype=np.float32)
        self.flags = np.stack([self.row(f) for f in FLAGS])
        self.padded = np.vstack([self.rows, self.zero])

    def row(self, name: str) -> np.ndarray:
        i = self.vocab.get(name)
        return self.zero if i is None else self.rows[i]

    def first(self, name: str) -> np.ndarray:
        """Weights of feature ``name`` of the token itself (zeros when unknown)."""
        return self.row(name)[: self.shape[1]]

    def words(self, feats: list[tuple[str, ...]]) -> np.ndarray:
        """``(n_words, row size)``: per word, the summed rows of its place-free features."""
        get = self.vocab.get
        zero = len(self.rows)  # a row of zeros, so that no word's list is empty
        ids = [[i for f in fs if (i := get(f)) is not None] + [zero] for fs in feats]
        starts = np.cumsum([0, *(len(x) for x in ids[:-1])])
        flat = np.fromiter((i for x in ids for i in x), dtype=np.intp)
        return np.add.reduceat(self.padded[flat], starts, axis=0)


class _Words:
    """Per word, the summed weights of its place-free features in each chain (cached)."""

    def __init__(self, tables: list[_Tables], clusters: dict) -> None:
        self.tables = tables
        self.clusters = clusters
        self.cols = np.cumsum([0, *(t.zero.size for t in tables)])
        self.index: dict[str, int] = {}
        self.M = np.zeros((0, int(self.cols[-1])), dtype=np.float32)
        self.subj = np.zeros(0, dtype=bool)
        self.opener = np.zeros(0, dtype=np.intp)
        self.flags = np.concatenate([t.flags for t in tables], axis=1)

    def add(self, texts: list[str]) -> None:
        """Add the words ``texts`` (new and distinct) to the cache, all at once (the
        table has room for them: see :meth:`ids`)."""
        n0, k = len(self.index), len(texts)
        # not cached: the table keeps each word's weights, the feature strings held as
        # well would double its memory (about 13 MiB at 20,000 words)
        feats = [word_features(t, self.clusters, cache=False) for t in texts]
        for t, a in zip(self.tables, self.cols[:-1], strict=True):
            self.M[n0 : n0 + k, a : a + t.zero.size] = t.words(feats)
        props = [word_flags(t) for t in texts]
        self.subj[n0 : n0 + k] = [p[0] for p in props]
        self.opener[n0 : n0 + k] = [p[1] for p in props]
        self.index.update(zip(texts, range(n0, n0 + k), strict=True))

    def start_again(self, need: int) -> None:
        """Empty the cache; its table has room for ``WORD_CACHE_SIZE`` words (``need``
        if more: one document's words, until the next start)."""
        rows = max(WORD_CACHE_SIZE, need)
        if len(self.M) != rows:  # allocated once (zeros: pages are touched as rows fill)
            self.M = self.subj = self.opener = None
            self.M = np.zeros((rows, int(self.cols[-1])), dtype=np.float32)
            self.subj = np.zeros(rows, dtype=bool)
            self.opener = np.zeros(rows, dtype=np.intp)
        self.index = {}

    def ids(self, texts: list[str]) -> np.ndarray:
        """Rows of the words ``texts`` (added when new; when the table has no room for a
        document's new words it starts again with that document, never inside one, and a
        table grown for one long document is back to its bound at the next one)."""
        if len(self.M) > WORD_CACHE_SIZE:  # the last document's own table: back to the bound
            self.start_again(0)
        get = self.index.get
        ids = np.fromiter((get(t, -1) for t in texts), dtype=np.intp, count=len(texts))
        missing = np.flatnonzero(ids < 0)
        if len(missing):
            new = list(dict.fromkeys(texts[k] for k in missing.tolist()))
            if len(self.index) + len(new) > len(self.M):
                new = list(dict.fromkeys(texts))
                self.start_again(len(new))
                missing = np.arange(len(texts))
            self.add(new)
            ids[missing] = [self.index[texts[k]] for k in missing.tolist()]
        return ids

    def scores(self, ids: np.ndarray, F: np.ndarray) -> list[np.ndarray]:
        """Per chain, ``(n_tokens, n_tables, n_labels)``: each token's weights in every table."""
        A = self.M[ids]
        rows, cols = np.nonzero(F)
        _add_sorted(A, rows, self.flags[cols])
        return [
            A[:, a:b].reshape(len(ids), *t.shape)
            for t, a, b in zip(self.tables, self.cols[:-1], self.cols[1:], strict=True)
        ]


def _context(A: np.ndarray, pad: np.ndarray, sid: np.ndarray, pin: np.ndarray, rem: np.ndarray):
    """Emissions from per-token tables ``A``: own features plus the neighbours' at
    :data:`OFFSETS` inside the sentence (``sid``), ``pad`` where there is none
    (``pin``/``rem``: tokens before / after each token in its sentence)."""
    E = A[:, 0].copy()
    for o, off in enumerate(OFFSETS, start=1):
        m = abs(off)
        if off > 0:
            same = (sid[m:] == sid[:-m])[:, None]
            E[:-m] += A[m:, o] * same
            E[rem < m] += pad[o]
        else:
            same = (sid[:-m] == sid[m:])[:, None]
            E[m:] += A[:-m, o] * same
            E[pin < m] += pad[o]
    return E


_BUCKET_NAMES = ("1", "2", "3", "4-6", "7-12", "13+")
_BUCKET_OF = np.array([0, 0, 1, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5], dtype=np.intp)


class _Relative:
    """The span tagger's cue-relative features (:func:`features.relative`) as weight tables.

    Side tables are indexed ``[side, cue in quotes]`` with side 0 left, 1 right.
    """

    def __init__(self, t: _Tables) -> None:
        self.t = t
        cqs = ("coutq", "cinq")
        self.cue = np.stack([t.first("rel=cue") + t.first(f"rel=cue|{cq}") for cq in cqs])
        self.side = np.stack(
            [np.stack([t.first(f"side={s}") + t.first(f"sq={s}{cq}") for cq in cqs]) for s in "LR"]
        )
        self.dist = np.stack(
            [np.stack([t.first(f"d={s}{b}") for b in _BUCKET_NAMES]) for s in "LR"]
        )
        self.commas = np.stack([np.stack([t.first(f"cm={s}{c}") for c in range(3)]) for s in "LR"])
        self.qmarks = np.stack([np.stack([t.first(f"qm={s}{c}") for c in range(3)]) for s in "LR"])

    def emissions(self, cues: np.ndarray, lemmas: list[str], cue_q: np.ndarray, doc: dict):
        """Scores of the relative features of every cue's sentence, stacked.

        ``cues`` rows are ``(sentence start, sentence end, cue start, cue end)`` in
        document token positions; returns the stacked token positions, the stacked
        scores and the offsets of each cue's rows.
        """
        t = self.t
        a, e, ci, cj = cues.T
        sizes = e - a
        off = np.zeros(len(cues) + 1, dtype=np.intp)
        np.cumsum(sizes, out=off[1:])
        rep = np.repeat(np.arange(len(cues)), sizes)
        tok = np.arange(int(off[-1])) - off[rep] + a[rep]
        ci_r, cj_r, q_r = ci[rep], cj[rep], cue_q[rep]
        left = tok < ci_r
        right = tok >= cj_r
        side = right.astype(np.intp)
        R = self.side[side, q_r]
        scl = np.stack(
            [np.stack([t.first(f"scl={s}{lem}") for s in "LR"]) for lem in lemmas]
        )  # (cues, 2, K)
        R += scl[rep, side]
        d = np.where(left, ci_r - tok, tok - cj_r + 1)
        R += self.dist[side, _BUCKET_OF[np.clip(d, 0, 13)]]
        for cum, table in ((doc["seps"], self.commas), (doc["qms"], self.qmarks)):
            # negative only inside the cue, whose rows are replaced below
            between = np.where(left, cum[ci_r] - cum[tok + 1], cum[tok] - cum[cj_r])
            R += table[side, np.clip(between, 0, 2)]
        inside = ~(left | right)
        R[inside] = self.cue[q_r[inside]]
        return tok, R, off, left, right


def _runs(path: np.ndarray, begin: int, inner: int, first: np.ndarray) -> tuple:
    """``[start, end)`` positions of the ``begin``/``inner`` label runs of a stacked path
    (``first``: the first position of each problem; as :func:`spans_of`)."""
    is_b = path == begin
    is_i = path == inner
    inrun = is_b | is_i
    prev = np.r_[False, inrun[:-1]] & ~first
    starts = np.flatnonzero(is_b | (is_i & ~prev))
    nxt = np.r_[is_i[1:], False] & ~np.r_[first[1:], True]
    ends = np.flatnonzero(inrun & ~nxt) + 1
    return starts, ends


@dataclass
class LearnedExtractor:
    """Cue tagger + span tagger (see the module docstring); pickled as a model component.

    A document is scored at once: each token's weights come from a per-word cache
    plus its place flags (:func:`features.flag_matrix`), neighbours' weights are
    shifted arrays, and all sentences (then all cues) are decoded together
    (:meth:`LinearChain.decode_stacked`). The scores are those of the feature
    strings that python-crfsuite was trained on.
    """

    cue: LinearChain
    span: LinearChain | None
    clusters: dict[str, tuple[int, int]]
    info: dict = field(default_factory=dict)
    #: A cue whose best labelling has no source takes the best one with a source when
    #: it scores at most this much lower (None: never; chosen on PolNeAR tune).
    source_margin: float | None = None
    #: Likewise a cue whose best labelling has no content (None: never; chosen on PolNeAR
    #: tune). Components saved before it existed have none.
    content_margin: float | None = None
    #: Added to every token's "B-CUE" score before decoding: more cues found, at some
    #: precision (None: nothing added; chosen on PolNeAR tune). Components saved before it
    #: existed have none.
    cue_bias: float | None = None
    #: ``source_margin`` for the cues whose word ends in "-ing" ("saying", "adding",
    #: "arguing": participles, whose source is often in another clause or left out); None:
    #: ``source_margin`` for them too (chosen on PolNeAR tune). Components saved before it
    #: existed have none.
    participle_source_margin: float | None = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def _tables(self) -> tuple[_Words, _Relative | None]:
        tabs = self.__dict__.get("_tabs")
        if tabs is None:
            chains = [_Tables(self.cue)] + ([] if self.span is None else [_Tables(self.span)])
            rel = None if self.span is None else _Relative(chains[1])
            tabs = self.__dict__["_tabs"] = (_Words(chains, self.clusters), rel)
        return tabs

    def _source_margins(self, cue_words: list[str]) -> np.ndarray | None:
        """The source margin of each cue (by its first word; -inf: never forced), or None
        when no cue has one."""
        plain, ing = self.source_margin, self.participle_source_margin
        if ing is None:
            ing = plain
        if plain is None and ing is None:
            return None
        never = -np.inf
        is_ing = np.array([w.lower().endswith("ing") for w in cue_words], dtype=bool)
        return np.where(
            is_ing, never if ing is None else ing, never if plain is None else plain
        ).astype(np.float64)

    def extract(self, doc: Document) -> list[dict]:
        """Attributions of ``doc``: dicts of ``cue``, ``source``, ``content`` offsets.

        ``source`` or ``content`` is None when the tagger found none; each dict
        also holds ``sentence`` (the cue's sentence index).
        """
        tokens = [t for s in doc.sentences for t in s.tokens]
        if not tokens:
            return []
        words, rel = self._tables()
        texts = [t.text for t in tokens]
        quotes = quote_state(doc)
        n = len(tokens)
        sizes = np.array([len(s.tokens) for s in doc.sentences], dtype=np.intp)
        off = np.zeros(len(sizes) + 1, dtype=np.intp)
        np.cumsum(sizes, out=off[1:])
        sid = np.repeat(np.arange(len(sizes)), sizes)
        pin = np.arange(n) - off[sid]
        rem = off[sid + 1] - 1 - np.arange(n)
        bounds = list(zip(off[:-1].tolist(), off[1:].tolist(), strict=True))
        ids = words.ids(texts)
        F = flag_matrix(texts, quotes, bounds, (words.subj[ids], words.opener[ids]))
        A = words.scores(ids, F)
        E = _context(A[0], self.cue.pad, sid, pin, rem)
        lab = self.cue.labels
        if self.cue_bias:
            E[:, lab.index("B-CUE")] += self.cue_bias
        path = self.cue.decode_stacked(E, off)
        first = pin == 0
        cs, ce = _runs(path, lab.index("B-CUE"), lab.index("I-CUE"), first)
        if len(cs) == 0:
            return []
        sents = [(s.tokens, quotes[a:e]) for s, (a, e) in zip(doc.sentences, bounds, strict=True)]
        cue_sid = sid[cs]
        if self.span is None:  # one tagger for all three roles (the "joint" design)
            out = []
            for s, c, e in zip(cue_sid.tolist(), cs.tolist(), ce.tolist(), strict=True):
                a = bounds[s][0]
                labels = [lab[k] for k in path[a : bounds[s][1]]]
                out.append(_nearest(sents, s, c - a, e - a, labels))
            return out
        assert rel is not None
        E0 = _context(A[1], self.span.pad, sid, pin, rem)
        n_off = len(OFFSETS)
        EL, ER = A[1][:, n_off + 1], A[1][:, n_off + 2]
        q = np.asarray(quotes, dtype=np.intp)
        sep = np.fromiter((t in _SEPARATORS for t in texts), dtype=np.intp, count=n)
        cum = {"seps": np.r_[0, np.cumsum(sep)], "qms": np.r_[0, np.cumsum(q == 2)]}
        table = cue_lemmas()
        lemmas = []
        for k in cs.tolist():
            low = texts[k].lower()
            entry = table.get(low)
            lemmas.append(entry[0] if entry else low)
        cues = np.stack([off[cue_sid], off[cue_sid + 1], cs, ce], axis=1)
        tok, R, poff, left, right = rel.emissions(cues, lemmas, (q[cs] == 1).astype(np.intp), cum)
        P = E0[tok] + R
        P[left] += EL[tok[left]]
        P[right] += ER[tok[right]]
        spath = self.span.decode_stacked(P, poff)
        margins = self._source_margins([texts[k] for k in cs.tolist()])
        if margins is not None:
            self.span.require(P, poff, spath, "SRC", margins)
        if self.content_margin is not None:
            self.span.require(P, poff, spath, "CON", self.content_margin)
        pfirst = np.zeros(len(P), dtype=bool)
        pfirst[poff[:-1]] = True
        sl = self.span.labels
        roles = {}
        for kind in ("SRC", "CON"):
            rs, re_ = _runs(spath, sl.index(f"B-{kind}"), sl.index(f"I-{kind}"), pfirst)
            which = np.searchsorted(poff, rs, side="right") - 1
            base = off[cue_sid][which]
            roles[kind] = (
                which.tolist(),
                (tok[rs] - base).tolist(),
                (tok[re_ - 1] + 1 - base).tolist(),
            )
        found: dict[str, dict[int, list]] = {"SRC": {}, "CON": {}}
        for kind, (which, starts, ends) in roles.items():
            for w, a, b in zip(which, starts, ends, strict=True):
                found[kind].setdefault(w, []).append((a, b))
        out = []
        for i, (s, c, e) in enumerate(zip(cue_sid.tolist(), cs.tolist(), ce.tolist(), strict=True)):
            a = bounds[s][0]
            out.append(
                _attribution(
                    sents, s, c - a, e - a, found["SRC"].get(i, []), found["CON"].get(i, [])
                )
            )
        return out


def _nearest(sents: list, si: int, ci: int, cj: int, labels: list[str]) -> dict:
    """Joint design: the source and content spans of the sentence nearest the cue."""

    def dist(s: tuple[int, int]) -> int:
        return min(abs(s[0] - cj), abs(ci - s[1]))

    cons = spans_of(labels, "CON")
    return _attribution(
        sents, si, ci, cj, spans_of(labels, "SRC"), [min(cons, key=dist)] if cons else []
    )


def _attribution(
    sents: list, si: int, ci: int, cj: int, srcs: list[tuple[int, int]], cons: list[tuple[int, int]]
) -> dict:
    """The attribution dict of a cue from the token spans of its sources and contents."""
    toks, q = sents[si]
    source = None
    if srcs:
        a, b = min(srcs, key=lambda s: min(abs(s[0] - cj), abs(ci - s[1])))
        source = (toks[a].start, toks[b - 1].end)
    content = None
    if cons:
        a, b = cons[0][0], cons[-1][1]
        content = (toks[a].start, toks[b - 1].end)
        if b == len(toks) and q[b - 1] == 1:
            content = _carry_on(sents, si, content)
    return {
        "sentence": si,
        "cue": (toks[ci].start, toks[cj - 1].end),
        "source": source,
        "content": content,
    }


def _carry_on(sents: list, si: int, content: tuple[int, int]) -> tuple[int, int]:
    """Extend a content that ends inside an open quotation to its closing quote."""
    end = content[1]
    for toks, q in sents[si + 1 : si + 1 + MAX_CONTINUATION]:
        for k, t in enumerate(toks):
            if q[k] == 2:
                return content[0], t.end
            if q[k] == 0:
                return content[0], end
            end = t.end
    return content[0], end
