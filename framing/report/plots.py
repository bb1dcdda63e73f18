"""Matplotlib figures of a comparison (``framing compare --plot``, ``Comparison.plot``).

The HTML report draws its own SVG charts (:mod:`framing.report.svg`) and needs no
matplotlib; these figures are for files and notebooks.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..errors import FramingError
from ..subscores import SUBSCORES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..compare import Comparison

__all__ = [
    "plot_scores",
    "plot_term_rates",
    "plot_attribution_mix",
    "plot_naming_choices",
    "shown_groups",
]


def _require_matplotlib() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise FramingError("plots need matplotlib: pip install 'framing-lens[report]'") from None
    return Figure


def shown_groups(cmp: Comparison, max_groups: int) -> list[str]:
    table = cmp.table
    if len(table) <= max_groups:
        return list(table.index)
    largest = set(
        table["n_articles"].sort_values(ascending=False, kind="stable").index[:max_groups]
    )
    return [g for g in table.index if g in largest]


def plot_scores(cmp: Comparison, max_groups: int = 30) -> Figure:
    """Mean framing score and each sub-score per group with 95% bootstrap intervals."""
    Figure = _require_matplotlib()
    groups = shown_groups(cmp, max_groups)[::-1]
    t = cmp.table.loc[groups]
    fig = Figure(figsize=(12, 1.4 + 0.3 * len(groups)), layout="constrained")
    axes = fig.subplots(1, len(SUBSCORES), sharey=True)
    y = range(len(groups))
    for ax, col in zip(axes, SUBSCORES, strict=True):
        mean = t[col].to_numpy()
        err = [mean - t[f"{col}_lo"].to_numpy(), t[f"{col}_hi"].to_numpy() - mean]
        ax.errorbar(
            mean,
            list(y),
            xerr=err,
            fmt="o",
            color="#c0392b" if col == "framing_score" else "#34495e",
            ecolor="#999",
            capsize=2,
            markersize=4,
        )
        ax.set_title(col.replace("_", " "), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(
        list(y), [f"{g} (n={int(n)})" for g, n in zip(groups, t["n_articles"], strict=True)]
    )
    fig.suptitle(f"Mean score per {cmp.by} with 95% bootstrap intervals", fontsize=10)
    return fig


def _stacked(
    ax: Any,
    groups: list[str],
    columns: list[str],
    values: Any,
    labels: list[str],
    xlabel: str,
) -> None:
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    left = [0.0] * len(groups)
    for k, (col, label) in enumerate(zip(columns, labels, strict=True)):
        widths = values[col].to_numpy()
        ax.barh(range(len(groups)), widths, left=left, color=cmap(k % 20), label=label)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(range(len(groups)), groups, fontsize=8)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)


def plot_term_rates(cmp: Comparison, max_groups: int = 30) -> Figure:
    """Loaded terms per 1,000 words per group, stacked by category."""
    Figure = _require_matplotlib()
    groups = shown_groups(cmp, max_groups)[::-1]
    t = cmp.table.loc[groups]
    cols = [c for c in t.columns if c.startswith("per_1k_") and t[c].sum() > 0]
    fig = Figure(figsize=(11, 1.4 + 0.3 * len(groups)), layout="constrained")
    ax = fig.subplots()
    _stacked(
        ax,
        groups,
        cols,
        t,
        [c[len("per_1k_") :] for c in cols],
        "loaded terms per 1,000 words",
    )
    ax.set_title(f"Loaded language by category per {cmp.by}", fontsize=10)
    return fig


def plot_attribution_mix(cmp: Comparison, max_groups: int = 30) -> Figure:
    """Shares of attribution source types and cue stances per group."""
    Figure = _require_matplotlib()
    groups = shown_groups(cmp, max_groups)[::-1]
    t = cmp.table.loc[groups]
    fig = Figure(figsize=(12, 1.4 + 0.3 * len(groups)), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2, sharey=True)
    src = [c for c in t.columns if c.startswith("source_") and t[c].sum() > 0]
    stance = [c for c in t.columns if c.startswith("stance_") and t[c].sum() > 0]
    _stacked(ax1, groups, src, t, [c[len("source_") :] for c in src], "share of attributions")
    _stacked(ax2, groups, stance, t, [c[len("stance_") :] for c in stance], "share of attributions")
    ax1.set_title("source types", fontsize=10)
    ax2.set_title("cue stances", fontsize=10)
    return fig


def _naming_groups_shown(cmp: Comparison, max_panels: int) -> list[str]:
    n = cmp.naming_choices
    if n.empty:
        return []
    spread = n.groupby("group")["count"].sum().sort_values(ascending=False, kind="stable")
    return [g for g in spread.index if n[n["group"] == g]["name"].nunique() > 1][:max_panels]


def plot_naming_choices(
    cmp: Comparison, max_groups: int = 30, max_panels: int = 6
) -> Figure | None:
    """Each group's share of each name, one panel per naming group (the most used ones)."""
    Figure = _require_matplotlib()
    panels = _naming_groups_shown(cmp, max_panels)
    if not panels:
        return None
    shown = set(shown_groups(cmp, max_groups))
    n = cmp.naming_choices
    n = n[n[cmp.by].isin(shown)]
    rows = math.ceil(len(panels) / 2)
    heights = max(len(n[n["group"] == g][cmp.by].unique()) for g in panels)
    fig = Figure(figsize=(12, rows * (1.2 + 0.28 * heights)), layout="constrained")
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    for ax, group in zip(axes, panels, strict=False):
        g = n[n["group"] == group]
        wide = g.pivot_table(
            index=cmp.by, columns="name", values="share", aggfunc="sum", fill_value=0.0
        )
        used = [c for c in wide.columns if wide[c].sum() > 0]
        order = [o for o in cmp.table.index if o in wide.index][::-1]
        wide = wide.loc[order, used]
        totals = g.groupby(cmp.by)["count"].sum()
        labels = [f"{o} ({int(totals[o])})" for o in order]
        _stacked(ax, labels, used, wide, used, "share of uses")
        ax.set_title(group.replace("_", " "), fontsize=10)
        ax.set_xlim(0, 1)
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    return fig
