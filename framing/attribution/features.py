"""Token features of the learned attribution extractor (:mod:`framing.attribution.learned`).

Each token gets *base* features (strings such as ``w=said``, ``c64=17``,
``inq``); a sequence model sees the base features of the token itself and a
subset of them (:data:`CONTEXT`) of its neighbours at the offsets in
:data:`OFFSETS`, written ``<offset>|<feature>``. Training (python-crfsuite) and
the runtime tagger (numpy, no crfsuite) build their inputs from the same
functions here, so they cannot drift apart.

What the features carry:

* the word, its lemma from the cue table, suffixes, shape and capitalisation;
* word-vector clusters (k-means over ``framing/data/word_vectors.npz`` at two
  granularities) so that a predicate never seen as a cue in training
  (*downplaying*, *seems*) shares weight with ones that were;
* the cue table (``framing/data/attribution_cues.tsv``): is the word a cue, its
  kind and stance;
* quote parity over the paragraph (inside a quotation, a quote mark opening or
  closing), punctuation and position in the sentence, and syntax-like cues: a
  clause opener right after the word (*that*, a quote, a colon), a name or a
  pronoun right before it;
* layout: a speaker label opening a transcript line (``PENCE:``), dashes and colons.

For source and content, each token also gets features relative to one cue
(:func:`relative`): side, distance, what lies between (comma, quote, another verb).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import numpy as np

from ..resources import attribution_cues
from ..text import WORD_CACHE_SIZE, Document, Token

OFFSETS = (-2, -1, 1, 2)
CONTEXT = ("w=", "g=", "l=", "c64=", "c512=", "sh=", "cue", "q", "p=")
_OPEN = "“‘«"
_CLOSE = "”’»"
_CLAUSE_OPENERS = {"that", "if", "whether", "how", "why", "what", "when", "who", "to", ":"}
_SEPARATORS = {",", ";", "—", "–"}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}

__all__ = [
    "OFFSETS",
    "CONTEXT",
    "FLAGS",
    "token_features",
    "word_features",
    "flag_matrix",
    "relative",
    "quote_state",
    "cue_lemmas",
]


@cache
def cue_lemmas() -> dict[str, tuple[str, str, str]]:
    """Cue table: first word of the cue -> (lemma, kind, stance); without the survey cues
    ("in" is a cue only opening "In a Fox poll, ...": the word alone says nothing)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in attribution_cues():
        if row["kind"] == "survey":
            continue
        word = row["cue"].lower().split()[0]
        out.setdefault(word, (row["lemma"], row["kind"], row["stance"]))
    return out


_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "A" * 26 + "a" * 26 + "0" * 10,
)


def _shape(t: str) -> str:
    out = []
    for ch in t.translate(_SHAPE):
        if len(out) < 2 or out[-1] != ch or out[-2] != ch:
            out.append(ch)
    return "".join(out)[:6]


def _quote_kind(t: str) -> int:
    """0 no quote mark, 1 a straight quote (toggles), 2 an opening, 3 a closing one."""
    if t == '"' or t == "''" or t == "``":
        return 1
    if t in _OPEN and t != "‘":
        return 2
    if t in _CLOSE and t != "’":
        return 3
    return 0


def quote_state(doc: Document) -> list[int]:
    """Per token of ``doc``: 1 inside a quotation, 2 a quote mark, 0 outside.

    Curly quotes open and close by their shape; straight double quotes toggle.
    The state is reset at each line break (a paragraph).
    """
    toks = [t for s in doc.sentences for t in s.tokens]
    n = len(toks)
    if n == 0:
        return []
    kind = np.fromiter((_quote_kind(t.text) for t in toks), dtype=np.int8, count=n)
    starts = np.fromiter((t.start for t in toks), dtype=np.intp, count=n)
    prev_end = np.fromiter((0, *(t.end for t in toks[:-1])), dtype=np.intp, count=n)
    lines = np.array([m.start() for m in re.finditer("\n", doc.text)], dtype=np.intp)
    reset = np.searchsorted(lines, starts) > np.searchsorted(lines, prev_end)
    events = np.flatnonzero(reset | (kind > 0))
    state = np.zeros(n, dtype=np.int8)  # inside after each event
    inside = False
    for k, r, q in zip(events.tolist(), reset[events].tolist(), kind[events].tolist(), strict=True):
        if r:
            inside = False
        if q:
            inside = q == 2 or (q == 1 and not inside)
        state[k] = inside
    last = np.maximum.accumulate(np.where(reset | (kind > 0), np.arange(n), -1))
    out = np.where(last >= 0, state[np.maximum(last, 0)], 0)
    return np.where(kind > 0, 2, out).tolist()


def _stem(low: str) -> str:
    """A crude stem that joins the inflections of a verb ("blamed", "blames", "blaming")."""
    for suffix in ("ing", "ied", "ies", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            stem = low[: -len(suffix)]
            if suffix in ("ied", "ies"):
                return stem + "y"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # "planned" -> "plan"
            return stem.rstrip("e")
    return low.rstrip("e") if len(low) > 4 else low


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_features(t: str, clusters_id: int) -> tuple[str, ...]:
    """The features of a word that do not depend on its place (cached per word)."""
    low = t.lower().replace("’", "'")
    f = ["b", f"w={low}", f"sh={_shape(t)}"]
    stem = _stem(low)
    if stem != low:
        f.append(f"g={stem}")
    if len(low) > 3:
        f.append(f"s3={low[-3:]}")
        f.append(f"s2={low[-2:]}")
    cl = _CLUSTERS[clusters_id].get(low)
    if cl is not None:
        f.append(f"c64={cl[0]}")
        f.append(f"c512={cl[1]}")
    entry = cue_lemmas().get(low)
    if entry is not None:
        f.extend(("cue", f"l={entry[0]}", f"ck={entry[1]}", f"cs={entry[2]}"))
    if not t[:1].isalnum():
        f.append(f"p={t}")
    return tuple(f)


#: Cluster tables seen by :func:`token_features`, by ``id()`` (so the word cache can key on it).
_CLUSTERS: dict[int, dict[str, tuple[int, int]]] = {}

#: Clause openers, in the order of their ``nx=`` flags.
OPENERS = tuple(sorted(_CLAUSE_OPENERS))
#: Features that depend on a token's place (not on the word alone), in the column order
#: of :func:`flag_matrix`.
FLAGS = ("inq", "q", "first", "last", "nxq", "pvsubj", "speaker", *(f"nx={w}" for w in OPENERS))
_OPENER_COL = {w: 7 + k for k, w in enumerate(OPENERS)}
#: The order in which :func:`token_features` writes the flags (that of the training runs).
_STRING_ORDER = np.array([0, 1, 2, 3, *range(7, len(FLAGS)), 4, 5, 6])
_FLAGS_IN_ORDER = tuple(FLAGS[j] for j in _STRING_ORDER)


def word_features(
    text: str, clusters: dict[str, tuple[int, int]], *, cache: bool = True
) -> tuple[str, ...]:
    """The base features of a word that do not depend on its place (cached per word
    unless ``cache`` is False: for a caller that keeps what it derives from them)."""
    cid = id(clusters)
    if _CLUSTERS.get(cid) is not clusters:
        _CLUSTERS[cid] = clusters
        _word_features.cache_clear()
    return (_word_features if cache else _word_features.__wrapped__)(text, cid)


def word_flags(text: str) -> tuple[bool, int]:
    """A word's own part of the place flags: subject-like (a pronoun or a capital) and
    its ``nx=`` column when it opens a clause (else -1)."""
    low = text.lower().replace("’", "'")
    return low in _PRONOUNS or text[:1].isupper(), _OPENER_COL.get(low, -1)


def flag_matrix(
    texts: list[str],
    quotes: list[int],
    bounds: list[tuple[int, int]],
    words: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per token, which of :data:`FLAGS` it has: a boolean ``(n_tokens, len(FLAGS))`` array.

    ``bounds`` are the ``[start, end)`` token ranges of the sentences (the flags
    look at the neighbours inside the sentence only); ``words``: the tokens'
    :func:`word_flags` as two arrays, when already known.
    """
    n = len(texts)
    F = np.zeros((n, len(FLAGS)), dtype=bool)
    if n == 0:
        return F
    q = np.asarray(quotes, dtype=np.int8)
    F[:, 0] = q == 1
    F[:, 1] = q == 2
    if words is None:
        props = [word_flags(t) for t in texts]
        subj = np.array([p[0] for p in props], dtype=bool)
        opener = np.array([p[1] for p in props], dtype=np.intp)
    else:
        subj, opener = words
    first = np.zeros(n, dtype=bool)
    last = np.zeros(n, dtype=bool)
    for a, e in bounds:
        if a == e:
            continue
        first[a] = True
        last[e - 1] = True
        fw = next((k for k in range(a, e) if texts[k][:1].isalnum()), a)
        if e > fw + 1 and texts[fw + 1] == ":" and texts[fw].isupper() and len(texts[fw]) > 1:
            F[a : fw + 2, 6] = True  # a speaker label opening a transcript line
    F[:, 2] = first
    F[:, 3] = last
    has_next = ~last[:-1]
    F[:-1, 4] = has_next & (q[1:] == 2)
    F[1:, 5] = ~first[1:] & subj[:-1]
    rows = np.flatnonzero(has_next & (opener[1:] >= 0))
    F[rows, opener[rows + 1]] = True
    return F


def token_features(
    tokens: tuple[Token, ...] | list[Token],
    quotes: list[int],
    clusters: dict[str, tuple[int, int]],
) -> list[list[str]]:
    """Base features of each token of one sentence (see the module docstring)."""
    texts = [t.text for t in tokens]
    F = flag_matrix(texts, quotes, [(0, len(texts))])
    F = F[:, _STRING_ORDER]
    return [
        [*word_features(t, clusters), *(_FLAGS_IN_ORDER[j] for j in np.flatnonzero(F[k]))]
        for k, t in enumerate(texts)
    ]


def with_context(base: list[list[str]]) -> list[list[str]]:
    """Base features plus those of the neighbours at :data:`OFFSETS` (training input)."""
    n = len(base)
    ctx = [[x for x in f if x.startswith(CONTEXT) or x in CONTEXT] for f in base]
    out = []
    for k in range(n):
        row = list(base[k])
        for off in OFFSETS:
            j = k + off
            if 0 <= j < n:
                row.extend(f"{off}|{x}" for x in ctx[j])
            else:
                row.append(f"{off}|pad")
        out.append(row)
    return out


def _bucket(d: int) -> str:
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "13+"


#: Base features that the span tagger also weighs by side of the cue (``L|w=the``).
SIDE_PREFIXES = ("w=", "c64=", "sh=", "p=")
SIDE_FLAGS = frozenset({"inq", "q", "speaker"})


def side_features(base: list[str], side: str) -> list[str]:
    """The ``<side>|<feature>`` features of one token (training input; the runtime
    tagger reads them from its side tables instead)."""
    return [f"{side}|{x}" for x in base if x.startswith(SIDE_PREFIXES) or x in SIDE_FLAGS]


def relative(
    tokens: tuple[Token, ...] | list[Token],
    quotes: list[int],
    ci: int,
    cj: int,
) -> list[list[str]]:
    """Features of each token relative to the cue ``tokens[ci:cj]`` (side, distance,
    commas and quote marks in between, the cue's lemma and quote state by side)."""
    n = len(tokens)
    cue_low = tokens[ci].text.lower()
    entry = cue_lemmas().get(cue_low)
    lemma = entry[0] if entry else cue_low
    cue_q = "cinq" if quotes[ci] == 1 else "coutq"
    # commas and quote marks between the cue and each token, counted outward
    commas = [0] * n
    qmarks = [0] * n
    for direction, start, stop in ((-1, ci - 1, -1), (1, cj, n)):
        c = q = 0
        for k in range(start, stop, direction):
            commas[k], qmarks[k] = c, q
            c += tokens[k].text in _SEPARATORS
            q += quotes[k] == 2
    per_side = {side: (f"side={side}", f"sq={side}{cue_q}", f"scl={side}{lemma}") for side in "LR"}
    out = []
    for k in range(n):
        if ci <= k < cj:
            out.append(["rel=cue", f"rel=cue|{cue_q}"])
            continue
        side = "L" if k < ci else "R"
        d = ci - k if k < ci else k - cj + 1
        out.append(
            [
                *per_side[side],
                f"d={side}{_bucket(d)}",
                f"cm={side}{min(commas[k], 2)}",
                f"qm={side}{min(qmarks[k], 2)}",
            ]
        )
    return out
