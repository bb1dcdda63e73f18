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

from functools import cache, lru_cache

from ..resources import attribution_cues
from ..text import Document, Token

OFFSETS = (-2, -1, 1, 2)
CONTEXT = ("w=", "g=", "l=", "c64=", "c512=", "sh=", "cue", "q", "p=")
_OPEN = "“‘«"
_CLOSE = "”’»"
_CLAUSE_OPENERS = {"that", "if", "whether", "how", "why", "what", "when", "who", "to", ":"}
_SEPARATORS = {",", ";", "—", "–"}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}

__all__ = ["OFFSETS", "CONTEXT", "token_features", "relative", "quote_state", "cue_lemmas"]


@cache
def cue_lemmas() -> dict[str, tuple[str, str, str]]:
    """Cue table: first word of the cue -> (lemma, kind, stance)."""
    out: dict[str, tuple[str, str, str]] = {}
    for row in attribution_cues():
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


def quote_state(doc: Document) -> list[int]:
    """Per token of ``doc``: 1 inside a quotation, 2 a quote mark, 0 outside.

    Curly quotes open and close by their shape; straight double quotes toggle.
    The state is reset at each line break (a paragraph).
    """
    out: list[int] = []
    inside = False
    last_end = 0
    text = doc.text
    for tok in doc.tokens:
        if "\n" in text[last_end : tok.start]:
            inside = False
        last_end = tok.end
        t = tok.text
        if t == '"' or t == "''" or t == "``":
            inside = not inside
            out.append(2)
        elif t in _OPEN and t != "‘":
            inside = True
            out.append(2)
        elif t in _CLOSE and t != "’":
            inside = False
            out.append(2)
        else:
            out.append(1 if inside else 0)
    return out


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


@lru_cache(maxsize=1 << 16)
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


def token_features(
    tokens: tuple[Token, ...] | list[Token],
    quotes: list[int],
    clusters: dict[str, tuple[int, int]],
) -> list[list[str]]:
    """Base features of each token of one sentence (see the module docstring)."""
    cid = id(clusters)
    if _CLUSTERS.get(cid) is not clusters:
        _CLUSTERS[cid] = clusters
        _word_features.cache_clear()
    n = len(tokens)
    texts = [t.text for t in tokens]
    lows = [t.lower().replace("’", "'") for t in texts]
    first_word = next((k for k, t in enumerate(texts) if t[:1].isalnum()), 0)
    speaker = (
        n > first_word + 1
        and texts[first_word + 1] == ":"
        and texts[first_word].isupper()
        and len(texts[first_word]) > 1
    )
    feats: list[list[str]] = []
    for k in range(n):
        f = list(_word_features(texts[k], cid))
        q = quotes[k]
        if q == 1:
            f.append("inq")
        elif q == 2:
            f.append("q")
        if k == 0:
            f.append("first")
        if k == n - 1:
            f.append("last")
        else:
            if lows[k + 1] in _CLAUSE_OPENERS:
                f.append(f"nx={lows[k + 1]}")
            if quotes[k + 1] == 2:
                f.append("nxq")
        if k > 0 and (lows[k - 1] in _PRONOUNS or texts[k - 1][:1].isupper()):
            f.append("pvsubj")
        if speaker and k <= first_word + 1:
            f.append("speaker")
        feats.append(f)
    return feats


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
