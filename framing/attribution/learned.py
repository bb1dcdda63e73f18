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

from ..text import Document, Token
from .features import OFFSETS, quote_state, relative, token_features

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

    def tag(self, feats: list[list[str]]) -> list[str]:
        """Labels of one sentence."""
        return [self.labels[k] for k in self.viterbi(self.emissions(feats))]


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


@dataclass
class LearnedExtractor:
    """Cue tagger + span tagger (see the module docstring); pickled as a model component."""

    cue: LinearChain
    span: LinearChain | None
    clusters: dict[str, tuple[int, int]]
    info: dict = field(default_factory=dict)

    def sentence_features(self, doc: Document) -> list[tuple[tuple[Token, ...], list, list[int]]]:
        """Per sentence: tokens, base features and quote states."""
        quotes = quote_state(doc)
        out = []
        pos = 0
        for sent in doc.sentences:
            toks = sent.tokens
            q = quotes[pos : pos + len(toks)]
            pos += len(toks)
            out.append((toks, token_features(toks, q, self.clusters), q))
        return out

    def extract(self, doc: Document) -> list[dict]:
        """Attributions of ``doc``: dicts of ``cue``, ``source``, ``content`` offsets.

        ``source`` or ``content`` is None when the tagger found none; each dict
        also holds ``sentence`` (the cue's sentence index).
        """
        out: list[dict] = []
        sents = self.sentence_features(doc)
        flat = [f for _t, base, _q in sents for f in base]
        if not flat:
            return out
        bounds = []
        pos = 0
        for toks, _b, _q in sents:
            bounds.append((pos, pos + len(toks)))
            pos += len(toks)
        E = self.cue.emissions(flat, bounds=bounds)
        cache: dict = {}
        for si in range(len(sents)):
            a, e = bounds[si]
            if a == e:
                continue
            labels = [self.cue.labels[k] for k in self.cue.viterbi(E[a:e])]
            for ci, cj in spans_of(labels, "CUE"):
                if self.span is None:  # one tagger for all three roles (the "joint" design)
                    out.append(_nearest(sents, si, ci, cj, labels))
                else:
                    out.append(self._spans(sents, si, ci, cj, cache))
        return out

    def _spans(self, sents: list, si: int, ci: int, cj: int, cache: dict) -> dict:
        toks, base, q = sents[si]
        assert self.span is not None
        if si not in cache:
            cache[si] = (self.span.emissions(base), *self.span.side_emissions(base))
        E0, EL, ER = cache[si]
        E = E0 + self.span.emissions_of(relative(toks, q, ci, cj))
        E[:ci] += EL[:ci]
        E[cj:] += ER[cj:]
        labels = [self.span.labels[k] for k in self.span.viterbi(E)]
        return _attribution(sents, si, ci, cj, spans_of(labels, "SRC"), spans_of(labels, "CON"))


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
    toks, _base, q = sents[si]
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
    for toks, _base, q in sents[si + 1 : si + 1 + MAX_CONTINUATION]:
        for k, t in enumerate(toks):
            if q[k] == 2:
                return content[0], t.end
            if q[k] == 0:
                return content[0], end
            end = t.end
    return content[0], end
