"""Scoring attributions against gold spans (PolNeAR conventions).

An attribution here is a plain dict ``{"cue": (s, e), "source": (s, e) | None,
"content": (s, e) | None}`` of character offsets (``content`` is the hull of its
fragments). A predicted attribution is matched one to one, greedily in text order,
to a gold attribution whose cue overlaps its cue. Then, per role, a matched pair
counts as a hit when the two spans overlap (``overlap``) or are equal after trimming
spaces, quotation marks and punctuation at both ends (``exact``). Precision divides
the hits by the predictions that have that role, recall by the gold attributions
that have it; unmatched predictions and gold attributions count as misses.

This is the matching of PolNeAR's human-agreement figures (cue F1 0.814, source
0.831 overlap / 0.781 exact, content 0.813), so the two are comparable.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

ROLES = ("cue", "source", "content")
Span = tuple[int, int]

__all__ = ["ROLES", "trim", "match", "score", "prf", "form_of", "merge_same_cue"]


def merge_same_cue(pred: Sequence[dict]) -> list[dict]:
    """Predictions with the same cue span as one (PolNeAR's convention).

    framing reports a quotation that continues an attributed quote in the next
    sentence as a second attribution with the same cue (rule
    ``continuation_quote``); PolNeAR annotates it as a further fragment of the
    first one's content. Here the two become one, with the hull of both contents.
    """
    out: dict[tuple[int, int], dict] = {}
    for p in pred:
        q = out.get(p["cue"])
        if q is None:
            out[p["cue"]] = dict(p)
        elif p.get("content") is not None:
            c = q.get("content") or p["content"]
            q["content"] = (min(c[0], p["content"][0]), max(c[1], p["content"][1]))
    return list(out.values())


def _trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def trim(text: str, span: Span) -> Span:
    """``span`` without spaces, quotation marks and punctuation at either end."""
    s, e = span
    while s < e and _trimmable(text[s]):
        s += 1
    while e > s and _trimmable(text[e - 1]):
        e -= 1
    return s, e


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(pred: Sequence[dict], gold: Sequence[dict]) -> list[tuple[int, int]]:
    """Pairs ``(i_pred, i_gold)``: cues overlap, one to one, greedy in text order.

    Among the unused gold attributions whose cue overlaps, the one whose cue
    starts nearest is taken, so two predictions on one long gold cue do not
    both claim it.
    """
    used: set[int] = set()
    pairs = []
    for i in sorted(range(len(pred)), key=lambda k: pred[k]["cue"]):
        pc = pred[i]["cue"]
        best = None
        for j, g in enumerate(gold):
            if j in used or not _overlap(pc, g["cue"]):
                continue
            d = abs(g["cue"][0] - pc[0])
            if best is None or d < best[0]:
                best = (d, j)
        if best is not None:
            used.add(best[1])
            pairs.append((i, best[1]))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 rounded to four places."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def count(text: str, pred: Sequence[dict], gold: Sequence[dict], into: Counter) -> None:
    """Add the hit and size counts of one document to ``into`` (see :func:`score`)."""
    for role in ROLES:
        into[f"{role}_pred"] += sum(p.get(role) is not None for p in pred)
        into[f"{role}_gold"] += sum(g.get(role) is not None for g in gold)
    for i, j in match(pred, gold):
        for role in ROLES:
            a, b = pred[i].get(role), gold[j].get(role)
            if a is None or b is None:
                continue
            into[f"{role}_overlap"] += _overlap(a, b)
            into[f"{role}_exact"] += trim(text, a) == trim(text, b)


def score(docs: Iterable[tuple[str, Sequence[dict], Sequence[dict]]]) -> dict:
    """Per role and mode: ``{"source": {"overlap": {p, r, f1}, "exact": ...}, ...}``.

    ``docs`` yields ``(text, predicted, gold)`` per document.
    """
    c: Counter = Counter()
    for text, pred, gold in docs:
        count(text, pred, gold, c)
    return summarise(c)


def summarise(c: Counter) -> dict:
    """The figures of :func:`score` from counts made by :func:`count`."""
    out: dict = {}
    for role in ROLES:
        out[role] = {
            mode: prf(c[f"{role}_{mode}"], c[f"{role}_pred"], c[f"{role}_gold"])
            for mode in ("overlap", "exact")
        }
        out[role]["n_gold"] = c[f"{role}_gold"]
        out[role]["n_pred"] = c[f"{role}_pred"]
    return out


def form_of(text: str, content: Span | None) -> str:
    """``direct`` (one quotation, all of it), ``mixed`` (a quotation inside) or ``indirect``."""
    if content is None:
        return "indirect"
    raw = text[content[0] : content[1]].strip().rstrip(".,;:!?")
    n = sum(raw.count(q) for q in '“”"')
    if n == 0:
        return "indirect"
    if n == 2 and raw[:1] in '“"' and raw[-1:] in '”"':
        return "direct"
    return "mixed"
