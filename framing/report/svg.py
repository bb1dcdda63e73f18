"""Inline SVG charts for the HTML report (no plotting library needed).

Each function returns an ``<svg>`` element sized in CSS pixels, with a ``<title>`` and an
``aria-label`` saying what it shows. Axes of shares and rates start at 0; panels drawn side
by side share one axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .common import esc

__all__ = ["interval_panels", "difference_chart", "nice_max"]

_FONT = "font-family=\"'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif\""
_INK = "#1a1a1a"
_GRID = "#d9d9d9"
_MUTED = "#4d4d4d"
_DOT = "#1f4e9c"
_HILITE = "#a3140f"
_GAP = 30  # between panels


def nice_max(x: float) -> float:
    """A round upper end for an axis that must show ``x`` (0.1, 0.2, 0.25, 0.5, 1, 2...)."""
    if not x or x <= 0 or math.isnan(x):
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for step in (1, 2, 2.5, 5, 10):
        if x <= step * exp + 1e-12:
            return step * exp
    return 10 * exp


def _ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    step = nice_max((hi - lo) / n)
    first = math.ceil(lo / step - 1e-9) * step
    out, v = [], first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _label(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v else "0"


def interval_panels(
    labels: Sequence[str],
    panels: Sequence[tuple[str, Sequence[tuple[float, float, float]]]],
    *,
    title: str,
    domain: tuple[float, float] | None = None,
    highlight_first: bool = True,
    label_width: int = 190,
    panel_width: int = 170,
) -> str:
    """Dot-and-whisker panels side by side: for each row label, one (mean, low, high) per
    panel, all panels on the same axis (``domain``, default 0 to a round number above the
    largest high)."""
    values = [v for _, rows in panels for r in rows for v in r if v is not None and v == v]
    lo, hi = domain or (0.0, nice_max(max(values, default=1.0)))
    row_h, top, bottom = 22, 34, 26
    width = label_width + len(panels) * (panel_width + _GAP)
    height = top + row_h * len(labels) + bottom
    ticks = _ticks(lo, hi)
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT} font-size="12"><title>{esc(title)}</title>'
    ]
    for i, lab in enumerate(labels):
        y = top + row_h * i + row_h / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - row_h / 2:.1f}" width="{width}" height="{row_h}" fill="#f5f5f5"/>'
            )
        text = lab if len(lab) <= 30 else lab[:29] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{_INK}">{esc(text)}</text>'
        )
    for k, (name, rows) in enumerate(panels):
        x0 = label_width + k * (panel_width + _GAP)

        def sx(v: float, x0: float = x0) -> float:
            return x0 + (v - lo) / ((hi - lo) or 1) * panel_width

        colour = _HILITE if (k == 0 and highlight_first) else _DOT
        out.append(
            f'<text x="{x0 + panel_width / 2:.1f}" y="16" text-anchor="middle" font-weight="bold" '
            f'fill="{_INK}">{esc(name)}</text>'
        )
        for t in ticks:
            x = sx(t)
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - bottom + 2}" stroke="{_GRID}"/>'
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="{_MUTED}" font-size="11">'
                f"{_label(t)}</text>"
            )
        for i, r in enumerate(rows):
            mean, low, high = r
            if mean is None or mean != mean:
                continue
            y = top + row_h * i + row_h / 2
            if low is not None and high is not None and low == low and high == high:
                out.append(
                    f'<line x1="{sx(low):.1f}" x2="{sx(high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
            out.append(
                f'<circle cx="{sx(mean):.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">'
                f"<title>{esc(labels[i])}: {mean:.3f}"
                + (f" [{low:.3f}, {high:.3f}]" if low is not None and low == low else "")
                + "</title></circle>"
            )
    out.append("</svg>")
    return "".join(out)


def difference_chart(
    labels: Sequence[str],
    rows: Sequence[tuple[float, float, float]],
    *,
    title: str,
    label_width: int = 190,
    width: int = 520,
) -> str:
    """Differences with intervals around a zero line (a symmetric axis); intervals that
    exclude 0 are drawn dark, the others grey."""
    ext = max((abs(v) for r in rows for v in r if v is not None and v == v), default=0.1)
    hi = nice_max(ext)
    row_h, top, bottom = 22, 14, 26
    plot_w = width - label_width - 20
    height = top + row_h * len(labels) + bottom

    def sx(v: float) -> float:
        return label_width + (v + hi) / (2 * hi) * plot_w

    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT} font-size="12"><title>{esc(title)}</title>'
    ]
    for t in _ticks(-hi, hi):
        x = sx(t)
        stroke = _MUTED if abs(t) < 1e-12 else _GRID
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - bottom + 2}" stroke="{stroke}"/>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="{_MUTED}" font-size="11">'
            f"{'+' if t > 0 else ''}{_label(t)}</text>"
        )
    for i, (lab, (d, low, high)) in enumerate(zip(labels, rows, strict=True)):
        y = top + row_h * i + row_h / 2
        text = lab if len(lab) <= 30 else lab[:29] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{_INK}">{esc(text)}</text>'
        )
        if d is None or d != d:
            continue
        clear = low is not None and high is not None and (low > 0 or high < 0)
        colour = _HILITE if clear else "#767676"
        if low is not None and low == low:
            out.append(
                f'<line x1="{sx(low):.1f}" x2="{sx(high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        out.append(
            f'<circle cx="{sx(d):.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"><title>{esc(lab)}: '
            f"{d:+.3f} [{low:+.3f}, {high:+.3f}]</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)
