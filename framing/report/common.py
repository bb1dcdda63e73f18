"""Small helpers shared by the HTML views: escaping and number formatting."""

from __future__ import annotations

import html
import math
import re
from typing import Any

__all__ = ["esc", "num", "pct", "plural", "headline", "score_contributions"]


def esc(value: Any) -> str:
    """HTML-escaped text (quotes too); ``None`` is empty."""
    return html.escape("" if value is None else str(value), quote=True)


def _bad(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def num(x: Any, fmt: str = "{:.3f}") -> str:
    """A number formatted, or an em dash when missing or NaN."""
    return "—" if _bad(x) else fmt.format(x)


def plural(n: int, noun: str) -> str:
    """``1 attribution``, ``2 attributions``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def pct(share: Any, count: Any | None = None) -> str:
    """``"42% (5)"``: a share as a percentage with the count it was computed from."""
    if _bad(share):
        return "—"
    v = 100 * float(share)
    text = f"{v:.1f}%" if 0 < v < 1 else f"{v:.0f}%"  # never "0%" for a count above 0
    return text if count is None or _bad(count) else f"{text} ({int(count):,})"


_FINAL = re.compile(r"[.!?:;,]\s*$")
_CLOSERS = "\"'”’)]»"


def headline(text: str, max_chars: int = 160, max_words: int = 25) -> str | None:
    """The article's headline: its first line when a line follows and it is short and not a
    sentence (no stop at its end, closing quotes aside); else None."""
    first, sep, _ = text.lstrip().partition("\n")
    first = first.strip()
    if not sep or not first or len(first) > max_chars or len(first.split()) > max_words:
        return None
    return None if _FINAL.search(first.rstrip(_CLOSERS)) else first


def score_contributions(a: Any) -> tuple[float, list[tuple[str, float, float]]] | None:
    """The learned article score's evidence of an analysis: its intercept and each feature
    with a contribution as ``(feature, value, contribution)``, largest contribution first;
    None when the framing score came from the fixed weights."""
    ev = getattr(a, "score_evidence", None) or {}
    if ev.get("method") != "article_score":
        return None
    values = ev.get("features", {})
    rows = [
        (k, float(values.get(k, 0.0)), float(c)) for k, c in ev.get("contributions", {}).items()
    ]
    rows.sort(key=lambda r: (-abs(r[2]), r[0]))
    return float(ev.get("intercept", 0.0)), rows
