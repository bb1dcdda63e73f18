"""Sentiment toward a target mention (target-dependent sentiment classification).

``target_sentiment(text, spans)`` says, for each ``(start, end)`` character span of
``text`` (a person, a group, an organisation), whether its sentence speaks of it
negatively, neutrally or positively, in the sense of NewsMTSC (Hamborg & Donnay,
EACL 2021): polar judgements toward the target expressed in the sentence itself,
by word choice, by what the target is said to do or suffer, or by quoting others.

The model is trained on NewsMTSC's train split (``python train.py --only
target_sentiment``) and ships as the ``target_sentiment`` component of the default
model directory. It reads only the target's own sentence and is a blend of

* a logistic regression over features relative to the target: the words of the
  sentence with the target (and the other targets of the same sentence) masked,
  the words at each distance on each side, lexicon valences (VADER, MPQA prior
  polarity, Hu & Liu) weighted by distance with negation scope, distance-weighted
  word vectors of the left and right context, the target's own word vector and a
  few structural cues (sentence-initial, inside a quotation, next to a reporting
  verb);
* a small convolutional network over the shipped word vectors, lexicon values,
  target/other-target marks and the distance to the target, trained offline
  (torch) and run here in numpy.

Nothing here imports torch or downloads anything.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np

from .errors import InputError, ModelLoadError
from .model import SentenceModel, load_model
from .resources import load_mpqa, load_vader, load_word_vectors, load_wordlist
from .sentence_features import WORD_CACHE_SIZE, SortedVocabulary, vector_row
from .text import WORD_RE, Document, tokenize
from .wordclasses import word_class

__all__ = [
    "LABELS",
    "TargetSentiment",
    "TargetSentimentModel",
    "target_sentiment",
    "target_tokens",
]

#: The classes, in the order of the probability columns.
LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")

#: Relative positions beyond this many tokens share one position embedding.
MAX_DISTANCE = 20
#: Tokens of a sentence the network reads around the target (longer sentences are cut).
MAX_TOKENS = 80
#: Per-token inputs of the network besides the word vector and the position:
#: VADER, MPQA, Hu & Liu, negation, reporting verb, bias lexicon, target, other target, quoted.
N_TOKEN_FEATURES = 9


@dataclass(frozen=True)
class TargetSentiment:
    """Sentiment toward one target span.

    Attributes
    ----------
    start, end : int
        The span, as passed in.
    label : str
        ``"negative"``, ``"neutral"`` or ``"positive"``: the most probable class.
    probabilities : dict
        Probability of each of the three classes (they sum to 1).
    """

    start: int
    end: int
    label: str
    probabilities: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "probabilities": dict(self.probabilities),
        }


# ---------------------------------------------------------------------------
# Word look-ups (cached per word)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicons() -> tuple[Any, ...]:

    return (
        load_vader(),
        load_mpqa(),
        load_wordlist("positive_words"),
        load_wordlist("negative_words"),
        load_wordlist("bias_lexicon"),
        load_wordlist("report_verbs"),
        word_class("target_negations"),
        word_class("target_pronouns"),
    )


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_info(word: str) -> tuple[int, float, float, float, float, float, float]:
    """``(vector row, vader, mpqa, hu-liu, negation, reporting verb, bias word)`` of a
    lower-case word."""

    vader, mpqa, pos, neg, bias, report, negations, _ = _lexicons()
    m = mpqa.get(word)
    mp = 0.0
    if m is not None:
        strength = 1.0 if m[0] == "strongsubj" else 0.5
        mp = strength if m[1] == "positive" else -strength if m[1] == "negative" else 0.0
    hl = 1.0 if word in pos else -1.0 if word in neg else 0.0
    return (
        vector_row(word),
        vader.get(word, 0.0) / 4.0,
        mp,
        hl,
        float(word in negations),
        float(word in report),
        float(word in bias),
    )


# ---------------------------------------------------------------------------
# One target in its sentence
# ---------------------------------------------------------------------------


@dataclass
class _Sentence:
    """A sentence's tokens and their per-word look-ups, shared by its targets."""

    spans: list[tuple[int, int]]  # token character spans (relative to the sentence)
    words: list[str]  # lower-case tokens
    quoted: np.ndarray  # bool: inside a quotation
    rows: np.ndarray  # word-vector rows (-1: none)
    lex: np.ndarray  # (n, 6): VADER, MPQA, Hu & Liu, negation, reporting verb, bias word
    starts: np.ndarray  # token start offsets
    ends: np.ndarray  # token end offsets


def sentence_tokens(text: str, tokens: Sequence[Any] | None = None, offset: int = 0) -> _Sentence:
    """Tokens and word look-ups of one sentence; ``tokens``, if given, are its tokens
    already found (:class:`~framing.text.Token`, ``offset`` characters into a longer text:
    a :class:`~framing.text.Sentence`'s tokens are those of :data:`WORD_RE` on its text)."""
    if tokens is None:
        found = list(WORD_RE.finditer(text))
        spans = [m.span() for m in found]
        raw = [m.group() for m in found]
    else:
        spans = [(t.start - offset, t.end - offset) for t in tokens]
        raw = [t.text for t in tokens]
    if _QUOTES.isdisjoint(text):
        quoted = [False] * len(raw)
    else:
        quoted = []
        inq = False
        for w in raw:
            if w in _QUOTES:
                inq = (not inq) if w == '"' else (w in "“«")
            quoted.append(inq)
    lower = text.lower()
    if len(lower) == len(text) and "Σ" not in text:  # lower-casing kept the offsets
        lower = lower.replace("’", "'")
        words = [lower[a:b] for a, b in spans]
    else:  # (a final sigma lowers by its context, some letters lower to two)
        words = [w.lower().replace("’", "'") for w in raw]
    n = len(words)
    info = np.fromiter(chain.from_iterable(map(_word_info, words)), np.float64, 7 * n).reshape(n, 7)
    rows = info[:, 0].astype(np.int64)
    lex = info[:, 1:].astype(np.float32)
    bounds = np.array(spans, dtype=np.int64).reshape(n, 2)
    return _Sentence(
        spans, words, np.array(quoted, dtype=bool), rows, lex, bounds[:, 0], bounds[:, 1]
    )


#: Token kinds seen from a target: another word, the target, another target.
_W, _T, _O = 0, 1, 2
_KIND_NAMES = ("W", "T", "O")


@dataclass
class _Target:
    sentence: _Sentence
    code: np.ndarray  # int8 per token: _W, _T or _O
    rel: np.ndarray  # signed token distance to the target (0 inside)
    first: int  # index of the target's first token

    @property
    def kinds(self) -> list[str]:
        """``"T"`` target, ``"O"`` another target, ``"W"`` other word, per token."""
        return [_KIND_NAMES[c] for c in self.code.tolist()]

    @property
    def words(self) -> list[str]:
        return self.sentence.words

    @property
    def quoted(self) -> np.ndarray:
        return self.sentence.quoted


def target_tokens(
    text: str | _Sentence, start: int, end: int, others: Sequence[tuple[int, int]] = ()
) -> _Target:
    """The tokens of ``text`` (one sentence, or its :func:`sentence_tokens`) seen from
    the target ``text[start:end]``; ``others`` are the spans of other targets of the
    sentence (masked as such)."""
    sent = sentence_tokens(text) if isinstance(text, str) else text
    starts, ends = sent.starts, sent.ends
    n = len(starts)
    inside = np.flatnonzero((starts < end) & (ends > start))
    if not len(inside) and n:
        inside = np.array([int(np.argmin(np.abs(starts - start)))])
    t0, t1 = (int(inside[0]), int(inside[-1])) if len(inside) else (0, 0)
    code = np.zeros(n, dtype=np.int8)
    for os_, oe in others:
        code[(starts < oe) & (ends > os_)] = _O
    if n:
        code[t0 : t1 + 1] = _T
    idx = np.arange(n)
    rel = np.where(idx < t0, idx - t0, np.where(idx > t1, idx - t1, 0))
    return _Target(sent, code, rel.astype(np.int64), t0)


_QUOTES = frozenset('"“”«»')

#: The per-word templates of :func:`sparse_features`, in the column order of
#: :meth:`TargetSentimentModel._word_columns`.
_WORD_TEMPLATES = (
    ("u:",)
    + tuple(side + b + ":" for side in "LR" for b in ("1", "2", "3", "m", "f"))
    + ("Ln:", "Rn:")
)
#: Words (and word pairs) whose columns a model keeps between calls.
_COLUMN_CACHE_SIZE = WORD_CACHE_SIZE


def _columns(vocabulary: Any, terms: list[str]) -> np.ndarray:
    """The column of each term in a fitted vocabulary (-1: not in it), all at once for a
    :class:`~framing.sentence_features.SortedVocabulary` (one binary search), term by
    term for a dictionary."""
    lookup = getattr(vocabulary, "lookup", None)
    if lookup is not None:
        return lookup(terms)
    get = vocabulary.get
    return np.fromiter((get(t, -1) for t in terms), dtype=np.int64, count=len(terms))


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of an integer array by one sort (np.unique without inverse or
    counts hashes first, three times slower on the ~10,000 entries of an article)."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _bucket(d: int) -> str:
    a = abs(d)
    side = "L" if d < 0 else "R"
    if a <= 3:
        return side + str(a)
    return side + ("m" if a <= 6 else "f")


def sparse_features(t: _Target) -> dict[str, int]:
    """Binary n-gram and positioned-word features of a target (for the linear model)."""
    f: dict[str, int] = {}
    seq: list[str] = []
    for w, k in zip(t.words, t.kinds, strict=True):
        w = "<T>" if k == "T" else "<O>" if k == "O" else w
        if seq and w == seq[-1] and w in ("<T>", "<O>"):
            continue
        seq.append(w)
    for i, w in enumerate(seq):
        f["u:" + w] = 1
        if i + 1 < len(seq):
            f["b:" + w + "_" + seq[i + 1]] = 1
    for w, k, d in zip(t.words, t.kinds, t.rel.tolist(), strict=True):
        if k == "T":
            continue
        w = "<O>" if k == "O" else w
        f[_bucket(d) + ":" + w] = 1
        if abs(d) <= 6:
            f[("Ln:" if d < 0 else "Rn:") + w] = 1
    return f


def _token_matrix(t: _Target) -> tuple[np.ndarray, np.ndarray]:
    """Vector rows (-1 = none) and the per-token feature matrix of a target."""
    n = len(t.code)
    feats = np.zeros((n, N_TOKEN_FEATURES), dtype=np.float32)
    feats[:, :6] = t.sentence.lex
    feats[:, 6] = t.code == _T
    feats[:, 7] = t.code == _O
    feats[:, 8] = t.sentence.quoted
    return t.sentence.rows, feats


def dense_features_batch(targets: Sequence[_Target]) -> np.ndarray:
    """Dense features of the linear model, one row per target.

    Lexicon valences (VADER / 4, MPQA prior polarity, Hu & Liu; negative within three
    words after a negation) summed on each side of the target with weights
    ``exp(-distance / sigma)`` for three sigmas, in total and split into positive and
    negative parts (54); SIF-weighted word vectors of the left and right context
    (sigma 3) and of the whole sentence, each of unit length (3 x dims); the mean
    vector of the target's own words (dims); nine structural cues (target first in
    the sentence, inside a quotation, the sentence has one, a reporting verb within
    three words after or before it, another target in the sentence, the target is a
    pronoun, log length, relative position). Every target's tokens are laid end to
    end and the per-target sums are sums of consecutive blocks, so the cost is a few
    numpy calls per batch.
    """
    import scipy.sparse as sp

    _, vectors, sif = load_word_vectors()
    pronouns = _lexicons()[7]
    B = len(targets)
    dim = vectors.shape[1]
    n_tok = np.fromiter((len(t.code) for t in targets), dtype=np.int64, count=B)
    N = int(n_tok.sum())
    if N == 0:
        return np.zeros((B, 54 + 4 * dim + 9))
    # Per-sentence values, computed once per distinct sentence (their tokens laid end to
    # end), then read for every target's tokens.
    index: dict[int, int] = {}
    sentences: list[_Sentence] = []
    of_target = np.empty(B, dtype=np.int64)
    for j, t in enumerate(targets):
        k = index.get(id(t.sentence))
        if k is None:
            k = index[id(t.sentence)] = len(sentences)
            sentences.append(t.sentence)
        of_target[j] = k
    n_sent = np.array([len(s.words) for s in sentences], dtype=np.int64)
    s_lex = np.concatenate([s.lex for s in sentences])
    s_local = np.arange(len(s_lex)) - np.repeat(np.cumsum(n_sent) - n_sent, n_sent)
    # valences are negated within three words after a negation of the same sentence
    negation = s_lex[:, 3] != 0
    negated = np.zeros(len(s_lex), dtype=bool)
    for k in (1, 2, 3):
        negated[k:] |= negation[:-k] & (s_local[k:] >= k)
    flip = np.where(negated, -1.0, 1.0)
    s_pron = np.fromiter(
        (w in pronouns for s in sentences for w in s.words), dtype=bool, count=len(s_lex)
    )
    first_tok = np.cumsum(n_tok) - n_tok
    which_t = np.repeat(np.arange(B), n_tok)
    at = (np.cumsum(n_sent) - n_sent)[of_target][which_t] + np.arange(N) - first_tok[which_t]
    lex = (s_lex[:, :3].astype(np.float64) * flip[:, None])[at]
    rows = np.concatenate([s.rows for s in sentences])[at]
    quoted = np.concatenate([s.quoted for s in sentences])[at]
    pron = s_pron[at]
    report = s_lex[at, 4] > 0
    rel = np.concatenate([t.rel for t in targets])
    code = np.concatenate([t.code for t in targets])
    is_t = code == _T
    word = code == _W
    d = np.abs(rel).astype(np.float64)
    left, right = rel < 0, rel > 0

    indptr = np.concatenate(([0], np.cumsum(n_tok)))
    summing = sp.csr_matrix((np.ones(N), np.arange(N), indptr), shape=(B, N))

    def seg(values: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        if weights is not None:
            values = weights[:, None] * values
        return np.asarray(summing @ values)

    values = np.hstack([lex, np.maximum(lex, 0), np.minimum(lex, 0)])  # (N, 9)
    wt = np.column_stack(
        [np.exp(-d / sigma) * word * side for sigma in (2.0, 5.0, 100.0) for side in (left, right)]
    )
    out = [seg((wt[:, :, None] * values[:, None, :]).reshape(N, 54))]  # (B, 54)
    # The context vectors (left, right, whole sentence) and the target's own: one
    # product of a (4 B, N) weight matrix with the tokens' word vectors.
    known = rows >= 0
    # each distinct word's vector once (a product's column is its word, its entries in the
    # same order as one column per token, so the sums are the same)
    distinct, column = np.unique(np.where(known, rows, -1), return_inverse=True)
    emb = vectors[np.maximum(distinct, 0)].astype(np.float64)
    emb[distinct < 0] = 0.0
    sw = np.where(known & word, sif[np.where(known, rows, 0)], 0.0)
    tok = is_t & known
    weights = np.concatenate(
        [
            np.exp(-d / 3.0) * sw * left,
            np.exp(-d / 3.0) * sw * right,
            np.exp(-d / 100.0) * sw * (rel != 0),
            tok.astype(np.float64),
        ]
    )
    blocks = sp.csr_matrix(
        (weights, np.tile(column.ravel(), 4), np.concatenate(([0], np.cumsum(np.tile(n_tok, 4))))),
        shape=(4 * B, len(distinct)),
    )
    sums = np.asarray(blocks @ emb).reshape(4, B, dim)
    for v in sums[:3]:
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        out.append(np.divide(v, norm, out=np.zeros_like(v), where=norm > 0))
    tsum = sums[3]
    flags = seg(
        np.column_stack(
            [
                tok,
                quoted & is_t,
                quoted,
                report & (rel > 0) & (rel <= 3),
                report & (rel < 0) & (rel >= -3),
                code == _O,
                pron & is_t,
            ]
        ).astype(np.float64)
    )
    tcount = flags[:, :1]
    out.append(np.divide(tsum, tcount, out=np.zeros_like(tsum), where=tcount > 0))
    first = np.fromiter((t.first for t in targets), dtype=np.float64, count=B)
    out.append(
        np.column_stack(
            [
                first == 0,
                flags[:, 1:] > 0,
                np.log1p(n_tok),
                first / np.maximum(n_tok, 1),
            ]
        )
    )
    return np.hstack(out)


def network_inputs(
    targets: list[_Target], matrices: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, ...]:
    """Padded arrays ``(rows, features, positions, mask)`` for the network."""
    cut = []
    for t, (rows, feats) in zip(targets, matrices, strict=True):
        pos = np.clip(t.rel, -MAX_DISTANCE, MAX_DISTANCE) + MAX_DISTANCE
        n = len(rows)
        if n > MAX_TOKENS:
            a = max(0, min(t.first - MAX_TOKENS // 2, n - MAX_TOKENS))
            rows, feats, pos = (
                rows[a : a + MAX_TOKENS],
                feats[a : a + MAX_TOKENS],
                pos[a : a + MAX_TOKENS],
            )
        cut.append((rows, feats, pos))
    B = len(cut)
    L = max([1] + [len(c[0]) for c in cut])
    R = np.full((B, L), -1, dtype=np.int64)
    X = np.zeros((B, L, N_TOKEN_FEATURES), dtype=np.float32)
    P = np.full((B, L), 2 * MAX_DISTANCE + 1, dtype=np.int64)  # padding position
    M = np.zeros((B, L), dtype=np.float32)
    for i, (rows, feats, pos) in enumerate(cut):
        n = len(rows)
        R[i, :n], X[i, :n], P[i, :n], M[i, :n] = rows, feats, pos, 1
    return R, X, P, M


# ---------------------------------------------------------------------------
# The network, in numpy
# ---------------------------------------------------------------------------


class ConvNet:
    """A 1-d convolutional target-sentiment network (weights trained offline).

    Inputs per token: the word vector projected to a small dimension, the
    :data:`N_TOKEN_FEATURES` token features and a learned embedding of the distance
    to the target; one convolution per width with ReLU; the outputs are pooled three
    ways (mean over the target's tokens, attention, max) and mapped to the classes.

    Parameters
    ----------
    weights : dict of str -> ndarray
        As exported from training: ``proj`` (dims, k), ``pos`` (positions + 1, p),
        ``conv{w}`` (hid, k + features + p, w) and ``conv{w}_b`` for each width,
        ``att`` (1, h), ``att_b``, ``out`` (3, 3h), ``out_b``.
    """

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.widths = sorted(
            int(k[4:]) for k in self.weights if k.startswith("conv") and not k.endswith("_b")
        )

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_state_tables", None)  # a cache, rebuilt on first use
        return state

    def predict_targets(self, targets: list[_Target]) -> np.ndarray:
        """Class probabilities of targets, sharing the work of a sentence's targets
        (see :class:`StackedNets`; same result as :meth:`predict_proba`)."""
        cache = self.__dict__.setdefault("_state_tables", {})
        if "stack" not in cache:
            cache["stack"] = StackedNets([self])
        return cache["stack"].predict_targets(targets)

    def _state_table(self, width: int, k_emb: int) -> np.ndarray:
        """Per kernel offset, the first layer's input from a token's state (distance
        ``p`` and mark ``m``, row ``3 p + m``; the last row a padding position):
        ``(width, 3 x positions, hid)``."""
        cache = self.__dict__.setdefault("_state_tables", {})
        if width not in cache:
            kernel = self.weights[f"conv{width}"]
            pos = np.einsum("pd,hdk->kph", self.weights["pos"], kernel[:, k_emb + 9 :, :])
            marks = np.zeros((3, kernel.shape[0], width), dtype=np.float32)  # _W, _T, _O
            marks[_T] = kernel[:, k_emb + 6, :]
            marks[_O] = kernel[:, k_emb + 7, :]
            table = pos[:, :, None, :] + marks.transpose(2, 0, 1)[:, None, :, :]
            cache[width] = np.ascontiguousarray(table.reshape(width, -1, kernel.shape[0]))
        return cache[width]

    def _output(self, z: np.ndarray) -> np.ndarray:
        w = self.weights
        logits = z @ w["out"].T + w["out_b"]
        e = np.exp(logits - logits.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)

    def _pool(self, h: np.ndarray, tmask: np.ndarray, M: np.ndarray) -> np.ndarray:
        w = self.weights
        tm = (h * tmask[..., None]).sum(1) / np.maximum(tmask.sum(1, keepdims=True), 1)
        a = h @ w["att"][0] + w["att_b"][0]
        a = np.where(M > 0, a, -1e9)
        a = np.exp(a - a.max(1, keepdims=True))
        a /= a.sum(1, keepdims=True)
        ap = (a[..., None] * h).sum(1)
        mp = np.where(M[..., None] > 0, h, -1e9).max(1)
        return self._output(np.concatenate([tm, ap, mp], axis=-1))

    def predict_proba(
        self, R: np.ndarray, X: np.ndarray, P: np.ndarray, M: np.ndarray
    ) -> np.ndarray:
        """Class probabilities from the padded arrays of :func:`network_inputs`."""

        w = self.weights
        vectors = load_word_vectors()[1]
        emb = np.zeros(R.shape + (w["proj"].shape[0],), dtype=np.float32)
        ok = R >= 0
        emb[ok] = vectors[R[ok]] @ w["proj"].T
        x = np.concatenate([emb, X, w["pos"][P]], axis=-1)  # (B, L, din)
        B, L, _ = x.shape
        hs = []
        for width in self.widths:
            kernel = w[f"conv{width}"]  # (hid, din, width)
            pad = width // 2
            xp = np.pad(x, ((0, 0), (pad, pad), (0, 0)))
            h = np.broadcast_to(w[f"conv{width}_b"], (B, L, kernel.shape[0])).copy()
            for k in range(width):
                h += xp[:, k : k + L] @ kernel[:, :, k].T
            hs.append(np.maximum(h, 0))
        return self._pool(np.concatenate(hs, axis=-1), X[:, :, 6] * M, M)


#: Token rows (of all targets of a batch) whose hidden units :class:`StackedNets` pools at
#: a time, at least (a chunk ends with a target; about 1.4 MB of units for three networks
#: of 2 x 128). Not fewer: OpenBLAS multiplies a product of at most 100^3 multiply-adds
#: (448 x 768 x 3 is more) with another kernel, whose sums round differently than those
#: of the one product over all rows.
_POOL_ROWS = 448


class StackedNets:
    """Several :class:`ConvNet` of the same shape run in one pass; :meth:`predict_targets`
    gives the mean of their probabilities (one network: its own).

    The first layer is linear in its input, so it is split in two sums that meet before
    the ReLU: the word vectors (projected once per distinct word), the lexicon values and
    the quote marks are convolved once per sentence (one matrix product over the
    sentence's windows); a target's marks and distances enter through a table per kernel
    offset over the (distance, mark) states, and since most tokens of a target see the
    same run of states (a clipped distance, no mark), each distinct run is summed once.
    The networks' hidden units sit side by side, so each step is one numpy call for all
    of them, and the pooling (target mean, attention, max) runs over each target's
    consecutive rows.
    """

    def __init__(self, networks: Sequence[ConvNet]) -> None:
        nets = list(networks)
        if not nets:
            raise ValueError("StackedNets needs at least one network")
        w0 = nets[0].weights
        self.widths = nets[0].widths
        for n in nets[1:]:
            if n.widths != self.widths or any(n.weights[k].shape != v.shape for k, v in w0.items()):
                raise ValueError("stacked networks must have the same shape")
        self.G = G = len(nets)
        self.k_emb = k = w0["proj"].shape[0]
        self.hid = H = w0[f"conv{self.widths[0]}"].shape[0]
        self.npos = w0["pos"].shape[0] - 1
        W = len(self.widths)
        #: (dims, G k): the word-vector projections of all networks
        self.proj = np.ascontiguousarray(np.concatenate([n.weights["proj"] for n in nets]).T)
        self.kernels: dict[int, list[np.ndarray]] = {}
        self.bias, self.tables = {}, {}
        for width in self.widths:
            # per network, the static input [projected vector | 6 lexicon | quoted] of
            # each offset of the window, stacked: (width * (k + 7), H)
            per = []
            for n in nets:
                kn = n.weights[f"conv{width}"]  # (H, din, width)
                static = np.concatenate([kn[:, : k + 6, :], kn[:, k + 8 : k + 9, :]], axis=1)
                per.append(np.ascontiguousarray(static.transpose(2, 1, 0).reshape(-1, H)))
            self.kernels[width] = per
            self.bias[width] = np.concatenate([n.weights[f"conv{width}_b"] for n in nets])
            # per offset, the input from a token's state: (width, 3 positions + 3, G H)
            self.tables[width] = np.ascontiguousarray(
                np.concatenate([n._state_table(width, k) for n in nets], axis=2)
            )
        # pooling and output weights, hidden units as (width, network, unit)
        att = np.stack([n.weights["att"][0].reshape(W, H) for n in nets], axis=1)  # (W, G, H)
        #: (W G H, G): network g's attention logit from its own hidden units
        self.att_matrix = np.zeros((W, G, H, G), dtype=np.float32)
        for g in range(G):
            self.att_matrix[:, g, :, g] = att[:, g, :]
        self.att_matrix = self.att_matrix.reshape(W * G * H, G)
        self.att_b = np.array([n.weights["att_b"][0] for n in nets], dtype=np.float32)
        self.out = np.stack([n.weights["out"].reshape(3, 3, W, H) for n in nets])  # (G,3,3,W,H)
        self.out_b = np.stack([n.weights["out_b"] for n in nets])  # (G, 3)

    def predict_targets(self, targets: list[_Target]) -> np.ndarray:
        """Mean class probabilities ``(n, 3)`` of the stacked networks."""
        widths, G, H, k_emb = self.widths, self.G, self.hid, self.k_emb
        W = len(widths)
        B = len(targets)
        # Distinct sentences, each cut to its targets' window as predict_proba does.
        windows: dict[tuple[int, int, int], int] = {}
        sentences: list[_Sentence] = []
        cuts: list[tuple[int, int]] = []
        owner = np.empty(B, dtype=np.int64)
        spans = []
        for j, t in enumerate(targets):
            n = len(t.code)
            a = max(0, min(t.first - MAX_TOKENS // 2, n - MAX_TOKENS)) if n > MAX_TOKENS else 0
            b = min(n, a + MAX_TOKENS)
            key = (id(t.sentence), a, b)
            s = windows.get(key)
            if s is None:
                s = windows[key] = len(sentences)
                sentences.append(t.sentence)
                cuts.append((a, b))
            owner[j] = s
            spans.append((a, b))
        pad = max(widths) // 2
        # Static input of every sentence window, laid end to end with `pad` zero rows
        # before, between and after.
        lengths = np.array([b - a for a, b in cuts], dtype=np.int64)
        starts = np.cumsum(np.concatenate(([0], lengths[:-1] + pad))) + pad
        total = int(starts[-1] + lengths[-1]) + pad
        rows = np.full(total, -1, dtype=np.int64)
        lexq = np.zeros((total, 7), dtype=np.float32)
        for o, sent, (a, b) in zip(starts.tolist(), sentences, cuts, strict=True):
            rows[o : o + b - a] = sent.rows[a:b]
            lexq[o : o + b - a, :6] = sent.lex[a:b]
            lexq[o : o + b - a, 6] = sent.quoted[a:b]
        real = np.repeat(starts - np.cumsum(np.concatenate(([0], lengths[:-1]))), lengths)
        real += np.arange(int(lengths.sum()))  # the rows of real tokens
        vectors = load_word_vectors()[1]
        distinct, inverse = np.unique(rows, return_inverse=True)
        proj = np.zeros((len(distinct), G * k_emb), dtype=np.float32)
        known = distinct >= 0
        proj[known] = vectors[distinct[known]] @ self.proj
        emb = proj[inverse.ravel()]  # (total, G k); padding rows are zero
        # Per target, only its real tokens (flattened, no padding).
        n_tok = np.fromiter((b - a for a, b in spans), dtype=np.int64, count=B)
        N = int(n_tok.sum())
        which = np.repeat(np.arange(B), n_tok)  # target of each flat token
        first_flat = np.concatenate(([0], np.cumsum(n_tok)[:-1]))
        t_in = np.arange(N) - first_flat[which]  # token index within the target's window
        rel = np.concatenate([t.rel[a:b] for t, (a, b) in zip(targets, spans, strict=True)])
        code = np.concatenate([t.code[a:b] for t, (a, b) in zip(targets, spans, strict=True)])
        state = (np.clip(rel, -MAX_DISTANCE, MAX_DISTANCE) + MAX_DISTANCE) * 3 + code
        npad = self.npos * 3  # the state of a padding position
        # index of each flat token's row among the real rows
        real_index = np.cumsum(np.concatenate(([0], lengths[:-1])))[owner][which] + t_in
        length = n_tok[which]
        # per network, the static input [projected vector | lexicon | quoted] of each row
        xs = [np.concatenate([emb[:, g * k_emb : (g + 1) * k_emb], lexq], axis=1) for g in range(G)]
        # the static part of every real row, all widths side by side as the pooling reads them
        statics = np.empty((len(real), W, G * H), dtype=np.float32)
        dyns, run_ofs = [], []
        for wi, width in enumerate(widths):
            p = width // 2
            # static part: the windows of the real rows, one matmul per network
            hs_static = statics[:, wi]
            at = real[:, None] + np.arange(-p, p + 1)
            for g, kernel in enumerate(self.kernels[width]):
                win = xs[g][at].reshape(len(real), -1)
                np.matmul(win, kernel, out=hs_static[:, g * H : (g + 1) * H])
            hs_static += self.bias[width]
            # per-target part: each distinct run of states once
            runs = np.empty((N, width), dtype=np.int64)
            for k in range(width):
                nb = t_in + (k - p)
                ok = (nb >= 0) & (nb < length)
                runs[:, k] = np.where(ok, state[np.where(ok, np.arange(N) + (k - p), 0)], npad)
            code_run = runs @ ((npad + 1) ** np.arange(width))
            distinct_runs, run_of = np.unique(code_run, return_inverse=True)
            first_of = np.zeros(len(distinct_runs), dtype=np.int64)
            first_of[run_of.ravel()[::-1]] = np.arange(N)[::-1]
            table = self.tables[width]
            dyn = table[0][runs[first_of, 0]]
            for k in range(1, width):
                dyn += table[k][runs[first_of, k]]
            dyns.append(dyn)
            run_ofs.append(run_of.ravel())
        # The hidden units of every token of every target, (tokens, W G H), and their
        # pooling per target over its consecutive rows (target mean, attention, max), a
        # few targets at a time: a chunk's rows stay in the processor's cache between
        # the steps (all the rows at once are megabytes, read five times over).
        is_t = code == _T
        tsum = np.zeros((B, W * G * H), dtype=np.float32)
        count = np.bincount(which[is_t], minlength=B)
        t_tok = np.flatnonzero(is_t)  # the targets' own tokens, a few per target
        # each one's place among its target's (they are consecutive): the k-th of every
        # target is added at once, in order, as a sum over a target's tokens is
        t_rank = np.arange(len(t_tok)) - (np.cumsum(count) - count)[which[t_tok]]
        norm = np.empty((B, G), dtype=np.float32)
        weighted = np.empty((B, G, W * G * H), dtype=np.float32)
        mp = np.empty((B, W * G * H), dtype=np.float32)
        ends = (first_flat + n_tok).tolist()
        starts_t = first_flat.tolist()
        cuts_at = [0]  # each chunk at least _POOL_ROWS rows, the last one too
        for j in range(1, B):
            if starts_t[j] - starts_t[cuts_at[-1]] >= _POOL_ROWS and N - starts_t[j] >= _POOL_ROWS:
                cuts_at.append(j)
        for j0, j1 in zip(cuts_at, cuts_at[1:] + [B], strict=True):
            f0, f1 = starts_t[j0], ends[j1 - 1]
            n = f1 - f0
            hflat = statics[real_index[f0:f1]]
            for wi in range(W):
                hflat[:, wi] += dyns[wi][run_ofs[wi][f0:f1]]
            np.maximum(hflat, 0, out=hflat)
            flat = hflat.reshape(n, W * G * H)
            local = first_flat[j0:j1] - f0
            w_c = which[f0:f1] - j0
            # the sum of each target's own rows
            t0, t1 = np.searchsorted(t_tok, [f0, f1])
            tok, rank = t_tok[t0:t1], t_rank[t0:t1]
            for k in range(int(rank.max(initial=-1)) + 1):
                at_k = tok[rank == k]
                tsum[which[at_k]] += flat[at_k - f0]
            att = flat @ self.att_matrix + self.att_b  # (n, G)
            e = np.exp(att - np.maximum.reduceat(att, local, axis=0)[w_c])
            # per target, all networks' attention-weighted sums in one product over its
            # rows (network g's row read on its own units) and the max over its rows
            for j in range(j0, j1):
                a, b = starts_t[j] - f0, ends[j] - f0
                np.matmul(e[a:b].T, flat[a:b], out=weighted[j])
                np.max(flat[a:b], axis=0, out=mp[j])
            norm[j0:j1] = np.add.reduceat(e, local, axis=0)
        tm = (tsum / np.maximum(count, 1)[:, None]).reshape(B, W, G, H)
        ap = weighted.reshape(B, G, W, G, H)[:, np.arange(G), :, np.arange(G), :]  # (G, B, W, H)
        ap = ap.transpose(1, 2, 0, 3) / norm[:, None, :, None]  # (B, W, G, H)
        mp = mp.reshape(B, W, G, H)
        z = np.stack([tm, ap, mp], axis=1)  # (B, 3 pools, W, G, H)
        logits = np.einsum("bpwgh,gcpwh->bgc", z, self.out, optimize=True) + self.out_b
        e = np.exp(logits - logits.max(2, keepdims=True))
        return (e / e.sum(2, keepdims=True)).mean(axis=1)


# ---------------------------------------------------------------------------
# The blended model
# ---------------------------------------------------------------------------


class FittedPart:
    """The fitted values of a scikit-learn part that :class:`TargetSentimentModel` reads
    to predict (``vocabulary_``, ``idf_``, ``mean_``, ``scale_``, ``coef_``...), in its
    place in a pickled model: the component then unpickles without scikit-learn. A
    ``vocabulary_`` is kept as a :class:`~framing.sentence_features.SortedVocabulary`."""

    def __init__(self, **attributes: Any) -> None:
        self.__dict__.update(attributes)

    @classmethod
    def of(cls, part: Any, attributes: tuple[str, ...]) -> Any:
        """``part`` as a FittedPart of ``attributes`` (itself if it is one already)."""
        if isinstance(part, FittedPart):
            return part
        values = {name: getattr(part, name) for name in attributes if hasattr(part, name)}
        vocabulary = values.get("vocabulary_")
        if isinstance(vocabulary, dict):
            values["vocabulary_"] = SortedVocabulary.of(vocabulary) or vocabulary
        return cls(**values)

    def __repr__(self) -> str:
        return f"FittedPart({', '.join(sorted(self.__dict__))})"


#: The attributes of each scikit-learn part of a TargetSentimentModel that it predicts with.
_FITTED_ATTRIBUTES = {
    "vectorizer": ("vocabulary_",),
    "tfidf": ("idf_",),
    "scaler": ("with_mean", "mean_", "with_std", "scale_"),
    "linear": ("coef_", "intercept_", "classes_"),
}


class TargetSentimentModel:
    """Linear model + convolutional networks, blended by averaging probabilities.

    Built by :func:`framing.training.fit_target_sentiment` (or ``python train.py
    --only target_sentiment``); stored as the ``target_sentiment`` component of a
    model directory.

    Attributes
    ----------
    vectorizer, tfidf, scaler, linear :
        The fitted scikit-learn parts of the linear model (``DictVectorizer``,
        ``TfidfTransformer``, ``StandardScaler``, ``LogisticRegression``).
    dense_weight : float
        Scale of the standardised dense block against the TF-IDF block.
    networks : list of ConvNet
        May be empty (then the linear model alone decides).
    linear_weight : float
        Weight of the linear model's probabilities in the blend (the networks share
        the rest equally).
    class_bias : sequence of 3 floats
        Log-odds added to the blend's probabilities per class (then renormalised): the
        decision thresholds, chosen for macro-F1 on held-out training data.
    info : dict
        Training data, seed and dev metrics (also in the model directory's meta.json).
    """

    def __init__(
        self,
        vectorizer: Any,
        tfidf: Any,
        scaler: Any,
        linear: Any,
        dense_weight: float,
        networks: Sequence[ConvNet] = (),
        linear_weight: float = 0.5,
        info: dict | None = None,
        class_bias: Sequence[float] = (0.0, 0.0, 0.0),
    ) -> None:
        self.vectorizer = vectorizer
        self.tfidf = tfidf
        self.scaler = scaler
        self.linear = linear
        self.dense_weight = dense_weight
        self.networks = list(networks)
        self.linear_weight = linear_weight
        self.class_bias = tuple(float(b) for b in class_bias)
        self.info = dict(info or {})

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for cache in ("_columns", "_bigrams", "_stack"):  # rebuilt on first use
            state.pop(cache, None)
        # the scikit-learn parts are pickled as the fitted values a prediction reads, so
        # that the component unpickles without scikit-learn
        for name, attributes in _FITTED_ATTRIBUTES.items():
            state[name] = FittedPart.of(state[name], attributes)
        return state

    def _stacked(self) -> StackedNets:
        """The networks stacked for one pass (built on first use, again if they change)."""
        key = tuple(map(id, self.networks))
        cached = self.__dict__.get("_stack")
        if cached is None or cached[0] != key:
            cached = self.__dict__["_stack"] = (key, StackedNets(self.networks))
        return cached[1]

    def linear_proba(self, targets: list[_Target]) -> np.ndarray:
        """Class probabilities of the linear model alone."""
        # Same numbers as vectorizer -> tfidf -> hstack -> predict_proba (the features
        # of :func:`sparse_features`, binary, so a row is idf / ||idf|| over its
        # columns), built for the whole batch at once by :meth:`_sparse_logits`.
        coef = self.linear.coef_
        n_sparse = len(self.tfidf.idf_)
        logits = self._sparse_logits(targets)
        dense = dense_features_batch(targets)
        if self.scaler.with_mean:  # StandardScaler.transform without its checks
            dense -= self.scaler.mean_
        if self.scaler.with_std:
            dense /= self.scaler.scale_
        logits += (dense * self.dense_weight) @ coef[:, n_sparse:].T + self.linear.intercept_
        e = np.exp(logits - logits.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)

    def _word_columns(self, words: list[str]) -> np.ndarray:
        """Per word, its columns of the sparse block (-1: not in the vocabulary):
        ``u:``, the ten distance buckets ``L1 L2 L3 Lm Lf R1 R2 R3 Rm Rf``, ``Ln:``, ``Rn:``."""
        cache = self.__dict__.setdefault("_columns", {})
        if len(cache) > _COLUMN_CACHE_SIZE:
            cache.clear()
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if new:
            found = _columns(
                self.vectorizer.vocabulary_, [p + w for w in new for p in _WORD_TEMPLATES]
            )
            for w, row in zip(new, found.reshape(len(new), -1).tolist(), strict=True):
                cache[w] = tuple(row)
        width = len(_WORD_TEMPLATES)
        return np.fromiter(
            chain.from_iterable(map(cache.__getitem__, words)), np.int64, width * len(words)
        ).reshape(len(words), width)

    def _bigram_columns(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        cache = self.__dict__.setdefault("_bigrams", {})
        if len(cache) > _COLUMN_CACHE_SIZE:
            cache.clear()
        new = [pair for pair in dict.fromkeys(pairs) if pair not in cache]
        if new:
            found = _columns(self.vectorizer.vocabulary_, ["b:" + a + "_" + b for a, b in new])
            cache.update(zip(new, found.tolist(), strict=True))
        return np.fromiter(map(cache.__getitem__, pairs), dtype=np.int64, count=len(pairs))

    def _sparse_matrix(self, targets: list[_Target]) -> Any:
        """The TF-IDF rows of :func:`sparse_features` for a batch of targets (CSR)."""
        import scipy.sparse as sp

        r, c, v = self._sparse_entries(targets)
        return sp.csr_matrix((v, (r, c)), shape=(len(targets), len(self.tfidf.idf_)))

    def _sparse_logits(self, targets: list[_Target]) -> np.ndarray:
        """The sparse block's part of the linear model's logits, ``(n, 3)``: the
        product of :meth:`_sparse_matrix` with the coefficients, without the matrix."""
        r, c, v = self._sparse_entries(targets)
        contrib = self.linear.coef_[:, c] * v  # (3, entries)
        B = len(targets)
        return np.stack([np.bincount(r, weights=x, minlength=B) for x in contrib], axis=1)

    def _sparse_entries(self, targets: list[_Target]) -> tuple[np.ndarray, ...]:
        """Rows, columns and values of :meth:`_sparse_matrix`, each entry once."""
        idf = self.tfidf.idf_
        B = len(targets)
        # A local vocabulary of the batch: 0 is the target, 1 another target.
        local: dict[str, int] = {"<T>": 0, "<O>": 1}
        sentence_ids: dict[int, np.ndarray] = {}
        ids_parts = []
        for t in targets:
            ids = sentence_ids.get(id(t.sentence))
            if ids is None:
                ids = sentence_ids[id(t.sentence)] = np.fromiter(
                    (local.setdefault(w, len(local)) for w in t.sentence.words),
                    dtype=np.int64,
                    count=len(t.sentence.words),
                )
            ids_parts.append(ids)
        words = list(local)
        columns = self._word_columns(words)
        n_tok = np.fromiter((len(t.code) for t in targets), dtype=np.int64, count=B)
        N = int(n_tok.sum())
        if N == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        which = np.repeat(np.arange(B), n_tok)
        code = np.concatenate([t.code for t in targets])
        rel = np.concatenate([t.rel for t in targets])
        ids = np.concatenate(ids_parts)
        ids = np.where(code == _T, 0, np.where(code == _O, 1, ids))
        # the masked sequence: a run of target (other-target) tokens is one <T> (<O>)
        new_target = np.ones(N, dtype=bool)
        new_target[1:] = which[1:] != which[:-1]
        repeat = np.zeros(N, dtype=bool)
        repeat[1:] = (ids[1:] == ids[:-1]) & (code[1:] != _W)
        keep = np.flatnonzero(new_target | ~repeat)
        row_parts = [which[keep]]
        col_parts = [columns[ids[keep], 0]]
        # bigrams of the masked sequence
        pair = np.flatnonzero(which[keep[1:]] == which[keep[:-1]])
        if len(pair):
            a, b = ids[keep[pair]], ids[keep[pair + 1]]
            key = a * len(words) + b
            distinct, inverse = np.unique(key, return_inverse=True)
            cols = self._bigram_columns(
                [(words[k // len(words)], words[k % len(words)]) for k in distinct.tolist()]
            )
            row_parts.append(which[keep[pair]])
            col_parts.append(cols[inverse.ravel()])
        # each word (an other target as <O>) at its distance bucket, and near the target
        outside = np.flatnonzero(code != _T)
        d = rel[outside]
        dist = np.abs(d)
        bucket = np.where(dist <= 3, dist - 1, np.where(dist <= 6, 3, 4)) + np.where(d > 0, 5, 0)
        row_parts.append(which[outside])
        col_parts.append(columns[ids[outside], 1 + bucket])
        near = dist <= 6
        row_parts.append(which[outside[near]])
        col_parts.append(columns[ids[outside[near]], np.where(d[near] > 0, 12, 11)])
        rows_ = np.concatenate(row_parts)
        cols_ = np.concatenate(col_parts)
        ok = cols_ >= 0
        # each (row, column) once (the features are binary), in CSR order
        key = _sorted_distinct(rows_[ok] * len(idf) + cols_[ok])
        r, c = key // len(idf), key % len(idf)
        v = idf[c]
        norms = np.sqrt(np.bincount(r, weights=v * v, minlength=B))
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return r, c, v * scale[r]

    def predict_targets(self, targets: list[_Target]) -> np.ndarray:
        """Class probabilities ``(n, 3)`` (columns in :data:`LABELS` order)."""
        if not targets:
            return np.zeros((0, 3))
        empty = [i for i, t in enumerate(targets) if not len(t.code)]
        if empty:  # a span with no token (whitespace): nothing is said about it
            p = np.tile(np.array([0.0, 1.0, 0.0]), (len(targets), 1))
            full = [i for i in range(len(targets)) if i not in set(empty)]
            if full:
                p[full] = self.predict_targets([targets[i] for i in full])
            return p
        p = self.linear_proba(targets)
        if self.networks:
            nets = self._stacked().predict_targets(targets)
            p = self.linear_weight * p + (1 - self.linear_weight) * nets
        bias = getattr(self, "class_bias", (0.0, 0.0, 0.0))  # older pickles have none
        if any(bias):
            p = p * np.exp(np.asarray(bias))
            p /= p.sum(1, keepdims=True)
        return p

    def predict_proba(
        self, text: str, spans: Sequence[tuple[int, int]], doc: Document | None = None
    ) -> np.ndarray:
        """Probabilities ``(len(spans), 3)`` of each span's sentiment in its sentence.

        Spans of the same sentence are each other's "other targets" (masked as such,
        as in NewsMTSC's multi-target sentences).
        """
        return self.predict_targets(targets_in_text(text, spans, doc))


def targets_in_text(
    text: str, spans: Sequence[tuple[int, int]], doc: Document | None = None
) -> list[_Target]:
    """One :class:`_Target` per span, each in its own sentence of ``text`` (the spans of
    the same sentence are each other's other targets)."""
    doc = tokenize(text) if doc is None else doc
    by_sentence: dict[int | None, list[int]] = {}
    for k, (start, _) in enumerate(spans):
        by_sentence.setdefault(doc.sentence_at(start), []).append(k)
    out: list[_Target | None] = [None] * len(spans)
    groups: list[tuple[_Sentence, np.ndarray, list[int]]] = []
    for i, ks in by_sentence.items():
        group = [spans[k] for k in ks]
        if i is None:  # a span in whitespace between sentences: read it alone
            for k in ks:
                s0, s1 = spans[k]
                others = [(a - s0, b - s0) for a, b in group if (a, b) != (s0, s1)]
                out[k] = target_tokens(sentence_tokens(text[s0:s1]), 0, s1 - s0, others)
            continue
        sentence = doc.sentences[i]
        s0 = sentence.start
        if doc.text is text or doc.text == text:  # the document's own tokens of the sentence
            sent = sentence_tokens(sentence.text, sentence.tokens, s0)
        else:
            sent = sentence_tokens(text[s0 : sentence.end])
        groups.append((sent, np.array(group) - s0, ks))
    for (_, _, ks), targets in zip(groups, _sentences_targets(groups), strict=True):
        for k, t in zip(ks, targets, strict=True):
            out[k] = t
    return out  # type: ignore[return-value]


def _sentences_targets(groups: list[tuple[_Sentence, np.ndarray, Any]]) -> list[list[_Target]]:
    """:func:`_sentence_targets` of each ``(sentence, spans, _)``, all sentences at once:
    every (target, token of its sentence) pair is one row of flat arrays."""
    full = [g for g in groups if len(g[0].starts) and len(g[1])]
    if len(full) < len(groups):  # a sentence without tokens (or spans): one at a time
        return [_sentence_targets(sent, spans) for sent, spans, _ in groups]
    if not groups:
        return []
    n_sent = np.array([len(sent.starts) for sent, _, _ in groups])
    k_sent = np.array([len(spans) for _, spans, _ in groups])
    starts = np.concatenate([sent.starts for sent, _, _ in groups])
    ends = np.concatenate([sent.ends for sent, _, _ in groups])
    spans = np.concatenate([spans for _, spans, _ in groups])  # (T, 2)
    T = len(spans)
    group = np.repeat(np.arange(len(groups)), k_sent)  # sentence of each target
    n = n_sent[group]  # tokens of each target's sentence
    first_pair = np.cumsum(n) - n
    pair_target = np.repeat(np.arange(T), n)
    local = np.arange(len(pair_target)) - first_pair[pair_target]  # token within sentence
    token = (np.cumsum(n_sent) - n_sent)[group][pair_target] + local  # token among all
    over = (starts[token] < spans[pair_target, 1]) & (ends[token] > spans[pair_target, 0])
    # copies of each span among its sentence's spans (a copy is no other target)
    _, inverse, copies = np.unique(
        np.column_stack([group, spans]), axis=0, return_inverse=True, return_counts=True
    )
    same = copies[inverse.ravel()]
    cover = np.bincount(token[over], minlength=len(starts))  # spans over each token
    others = cover[token] - same[pair_target] * over > 0
    hit = np.bincount(pair_target[over], minlength=T) > 0
    big = np.iinfo(np.int64).max
    t0 = np.minimum.reduceat(np.where(over, local, big), first_pair)
    t1 = np.maximum.reduceat(np.where(over, local, -1), first_pair)
    for j in np.flatnonzero(~hit).tolist():  # a span between tokens: the token starting nearest
        sent = groups[group[j]][0]
        t0[j] = t1[j] = int(np.abs(sent.starts - spans[j, 0]).argmin())
    lo, hi = t0[pair_target], t1[pair_target]
    code = np.where(others, _O, _W).astype(np.int8)
    code[(local >= lo) & (local <= hi)] = _T
    rel = np.where(local < lo, local - lo, np.where(local > hi, local - hi, 0))
    out: list[list[_Target]] = []
    j = 0
    bounds = (first_pair + n).tolist()
    for (sent, _, _), k in zip(groups, k_sent.tolist(), strict=True):
        out.append(
            [
                _Target(sent, code[a:b], rel[a:b], int(t0[i]))
                for i, a, b in zip(
                    range(j, j + k), first_pair[j : j + k].tolist(), bounds[j : j + k], strict=True
                )
            ]
        )
        j += k
    return out


def _sentence_targets(sent: _Sentence, spans: np.ndarray) -> list[_Target]:
    """:func:`target_tokens` of each span ``(k, 2)`` of one sentence, the others of each
    being the sentence's other spans (a span equal to it is no other), at once."""
    starts, ends = sent.starts, sent.ends
    n = len(starts)
    if n == 0:
        return [target_tokens(sent, int(a), int(b)) for a, b in spans]
    over = (starts[None, :] < spans[:, 1:2]) & (ends[None, :] > spans[:, 0:1])  # (k, n)
    same = (spans[:, None, :] == spans[None, :, :]).all(axis=2).sum(axis=1)  # copies of each
    others = over.sum(axis=0)[None, :] - same[:, None] * over > 0
    hit = over.any(axis=1)
    t0 = np.where(hit, over.argmax(axis=1), 0)
    t1 = np.where(hit, n - 1 - over[:, ::-1].argmax(axis=1), 0)
    if not hit.all():  # a span between tokens: the token starting nearest to it
        near = np.abs(starts[None, :] - spans[:, 0:1]).argmin(axis=1)
        t0 = np.where(hit, t0, near)
        t1 = np.where(hit, t1, near)
    idx = np.arange(n)[None, :]
    code = np.where(others, _O, _W).astype(np.int8)
    code[(idx >= t0[:, None]) & (idx <= t1[:, None])] = _T
    rel = np.where(
        idx < t0[:, None], idx - t0[:, None], np.where(idx > t1[:, None], idx - t1[:, None], 0)
    )
    return [_Target(sent, code[j], rel[j], int(t0[j])) for j in range(len(spans))]


def _check_spans(text: str, spans: Any) -> list[tuple[int, int]]:

    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    out = []
    for span in spans:
        try:
            start, end = (operator.index(x) for x in span)  # 0.5 or "12" is no offset
        except (TypeError, ValueError):
            raise InputError(f"a span must be a pair of ints (start, end), got {span!r}") from None
        if not 0 <= start < end <= len(text):
            raise InputError(f"span ({start}, {end}) is not inside the text (length {len(text)})")
        out.append((start, end))
    return out


def load_target_sentiment(model: Any = None) -> TargetSentimentModel:
    """The ``target_sentiment`` component of ``model`` (a SentenceModel, a model name or
    path, or None for the default model)."""

    if not isinstance(model, SentenceModel):
        model = load_model(model)
    component = model.component("target_sentiment")
    if component is None:
        raise ModelLoadError(
            f"model {model.name!r} has no target_sentiment component; "
            "rebuild it with: python train.py --only target_sentiment"
        )
    return component


def target_sentiment(
    text: str, spans: Sequence[tuple[int, int]], model: Any = None
) -> list[TargetSentiment]:
    """Sentiment toward each target span of ``text``.

    Parameters
    ----------
    text : str
        The text (one sentence or a whole article: each span is read in its sentence).
    spans : sequence of (int, int)
        Character spans of the targets, ``text[start:end]``: a name, a pronoun, a group.
    model : SentenceModel, str or None
        The model whose ``target_sentiment`` component to use; None for the default.

    Returns
    -------
    list of TargetSentiment
        One per span, in order, with ``.label`` and ``.probabilities``.

    Examples
    --------
    >>> import framing
    >>> r = framing.target_sentiment("Critics slammed Smith's reckless plan.", [(16, 21)])
    >>> r[0].label in {"negative", "neutral", "positive"}
    True
    """
    spans = _check_spans(text, spans)
    p = load_target_sentiment(model).predict_proba(text, spans)
    return [
        TargetSentiment(
            start=s,
            end=e,
            label=LABELS[int(np.argmax(row))],
            probabilities={lab: round(float(v), 4) for lab, v in zip(LABELS, row, strict=True)},
        )
        for (s, e), row in zip(spans, p, strict=True)
    ]
