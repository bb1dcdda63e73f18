"""Inline SVG charts for the HTML report (no plotting library needed).

Each function returns a box (``div.chart-box``) of ``<svg>`` charts, each with a
``viewBox``, a ``<title>`` and an ``aria-label`` saying what it shows, scaled to the width
of the page on a narrow screen; charts of several panels draw each panel as its own chart
(with its own row labels) and the panels wrap onto new lines where the page is narrow. Axes of shares and rates start at 0; panels drawn side
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


def _svg(title: str, width: float, height: float, font_size: int = 12) -> str:
    """The opening tag of one chart: drawn in a ``viewBox`` of ``width`` x ``height`` units,
    shown ``width`` CSS pixels wide at most and scaled down to the width of its box (height
    following), so that it never makes a phone's page scroll sideways."""
    return (
        f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'style="flex:0 1 {width}px;width:{width}px;max-width:100%;height:auto" '
        f'{_FONT} font-size="{font_size}"><title>{esc(title)}</title>'
    )


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
    return f"{v:.4f}".rstrip("0").rstrip(".") if abs(v) > 1e-12 else "0"


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
    width = label_width + panel_width + 20
    height = top + row_h * len(labels) + bottom
    ticks = _ticks(lo, hi)
    out = [f'<div class="chart-box chart-grid" role="group" aria-label="{esc(title)}">']
    for k, (name, rows) in enumerate(panels):
        x0 = label_width

        def sx(v: float, x0: float = x0) -> float:
            return x0 + (v - lo) / ((hi - lo) or 1) * panel_width

        out.append(_svg(f"{title}: {name}", width, height))
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
                f"<title>{esc(labels[i])}, {esc(name)}: {mean:.3f}"
                + (f" [{low:.3f}, {high:.3f}]" if low is not None and low == low else "")
                + "</title></circle>"
            )
        out.append("</svg>")
    return "".join(out) + "</div>"


def difference_chart(
    labels: Sequence[str],
    rows: Sequence[tuple[float, float, float]],
    *,
    title: str,
    label_width: int = 190,
    width: int = 520,
    axis: str = "",
) -> str:
    """Differences with intervals around a zero line (a symmetric axis); intervals that
    exclude 0 are drawn dark, the others grey; ``axis`` is written under the axis."""
    ext = max((abs(v) for r in rows for v in r if v is not None and v == v), default=0.1)
    hi = nice_max(ext)
    row_h, top, bottom = 22, 14, 26 + (18 if axis else 0)
    plot_w = width - label_width - 20
    height = top + row_h * len(labels) + bottom

    def sx(v: float) -> float:
        return label_width + (v + hi) / (2 * hi) * plot_w

    out = ['<div class="chart-box">' + _svg(title, width, height)]
    for t in _ticks(-hi, hi):
        x = sx(t)
        stroke = _MUTED if abs(t) < 1e-12 else _GRID
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - bottom + 2}" stroke="{stroke}"/>'
            f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="{_MUTED}" font-size="11">'
            f"{'+' if t > 0 else ''}{_label(t)}</text>"
        )
    if axis:
        out.append(
            f'<text x="{label_width + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
            f'fill="{_INK}" font-size="11">{esc(axis)}</text>'
        )
    for i, (lab, (d, low, high)) in enumerate(zip(labels, rows, strict=True)):
        y = top + row_h * i + row_h / 2
        text = lab if len(lab) <= 30 else lab[:29] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{_INK}">{esc(text)}</text>'
        )
        if d is None or d != d:
            continue
        clear = low is not None and high is not None and high > low and (low > 0 or high < 0)
        colour = _HILITE if clear else "#767676"
        if low is not None and low == low and high is not None and high > low:
            out.append(
                f'<line x1="{sx(low):.1f}" x2="{sx(high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        out.append(
            f'<circle cx="{sx(d):.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"><title>{esc(lab)}: '
            f"{d:+.3f}"
            + (
                f" [{low:+.3f}, {high:+.3f}]"
                if low is not None and low == low and high is not None and high > low
                else " (no interval)"
            )
            + "</title></circle>"
        )
    out.append("</svg>")
    return "".join(out) + "</div>"


def _period_ticks(n: int, most: int = 5) -> list[int]:
    """Which of ``n`` ordered periods get a label under a panel: the first, the last and
    evenly spaced ones between, at most ``most``."""
    if n <= 0:
        return []
    if n <= most:
        return list(range(n))
    step = math.ceil((n - 1) / (most - 1))
    out = list(range(0, n - 1, step))
    if n - 1 - out[-1] < step / 2 and len(out) > 1:
        out.pop()
    return [*out, n - 1]


def period_panels(
    series: dict[str, list[tuple[str, float, float | None, float | None, int | None]]],
    *,
    title: str,
    panel_width: int = 300,
    panel_height: int = 150,
) -> str:
    """Small multiples, one panel per group: a value per period (ordered labels, the same x
    positions in every panel) with its interval, all panels on one y axis from 0."""
    periods = sorted({p for rows in series.values() for p, *_ in rows})
    values = [
        v
        for rows in series.values()
        for _, m, lo, hi, _n in rows
        for v in (m, hi)
        if v is not None and v == v
    ]
    top = nice_max(max(values, default=1.0))
    ticks = _ticks(0.0, top, 3)
    left, pad_top, bottom = 36, 22, 30
    cell_w, cell_h = panel_width + left, panel_height + pad_top + bottom
    out = [f'<div class="chart-box chart-grid" role="group" aria-label="{esc(title)}">']
    shown = _period_ticks(len(periods))

    def sx(i: int, x0: float) -> float:
        span = max(1, len(periods) - 1)
        return x0 + left + (i / span if len(periods) > 1 else 0.5) * (panel_width - 12) + 6

    for name, rows in series.items():
        x0, y0 = 0, 0
        out.append(_svg(f"{title}: {name}", cell_w, cell_h, font_size=11))

        def sy(v: float, y0: float = y0) -> float:
            return y0 + pad_top + panel_height - v / top * panel_height

        out.append(
            f'<text x="{x0 + left}" y="{y0 + 14}" font-weight="bold" fill="{_INK}">{esc(name)}</text>'
        )
        for t in ticks:
            out.append(
                f'<line x1="{x0 + left}" x2="{x0 + left + panel_width}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" '
                f'stroke="{_GRID}"/><text x="{x0 + left - 4}" y="{sy(t) + 4:.1f}" text-anchor="end" '
                f'fill="{_MUTED}">{_label(t)}</text>'
            )
        for i in shown:
            last = len(periods) - 1
            anchor = (
                "middle" if last == 0 else "start" if i == 0 else "end" if i == last else "middle"
            )
            out.append(
                f'<text x="{sx(i, x0):.1f}" y="{y0 + pad_top + panel_height + 16}" '
                f'text-anchor="{anchor}" fill="{_MUTED}">{esc(periods[i])}</text>'
            )
        pts = []
        by_period = {p: (m, lo, hi, nn) for p, m, lo, hi, nn in rows}
        for i, p in enumerate(periods):
            if p not in by_period or by_period[p][0] is None:
                continue
            m, lo, hi, nn = by_period[p]
            x = sx(i, x0)
            if lo is not None and hi is not None:
                out.append(
                    f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{sy(lo):.1f}" y2="{sy(hi):.1f}" stroke="#7d8ea8" '
                    'stroke-width="2"/>'
                )
            pts.append(f"{x:.1f},{sy(m):.1f}")
            tip = f"{name}, {p}: {m:.3f}" + (f" [{lo:.3f}, {hi:.3f}]" if lo is not None else "")
            tip += f", {nn} articles" if nn is not None else ""
            out.append(
                f'<circle cx="{x:.1f}" cy="{sy(m):.1f}" r="3" fill="{_DOT}"><title>{esc(tip)}</title></circle>'
            )
        if len(pts) > 1:
            out.append(
                f'<polyline points="{" ".join(pts)}" fill="none" stroke="{_DOT}" stroke-width="1.5"/>'
            )
        out.append("</svg>")
    return "".join(out) + "</div>"
