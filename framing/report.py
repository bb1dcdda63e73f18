"""Human-readable views of an analysis."""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from typing import TYPE_CHECKING, Any

from .errors import FramingError
from .scoring import SUBSCORE_WEIGHTS, SUBSCORES, ArticleAnalysis, LoadedTerm

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .compare import Comparison

__all__ = [
    "render_text",
    "render_html",
    "render_comparison_html",
    "render_comparison_text",
    "plot_scores",
    "plot_term_rates",
    "plot_attribution_mix",
    "plot_naming_choices",
]


def _count(n: int, noun: str) -> str:
    """``1 attribution``, ``2 attributions``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def render_text(analysis: ArticleAnalysis, width: int = 88) -> str:
    """The article with loaded terms marked ``[term]N`` and a numbered legend.

    Each sentence is printed on its own line with its P(biased) and flags;
    the legend says for each term its category, whether it is in the
    outlet's own voice or a quoted source's, and its neutral alternatives.
    """
    text = analysis.text
    a = analysis
    out = [
        f"framing score {a.framing_score:.2f}  "
        + "  ".join(f"{k} {v:.2f}" for k, v in a.subscores.items()),
        f"{_count(a.n_sentences, 'sentence')}, {_count(a.n_words, 'word')}, "
        f"{_count(len(a.loaded_terms), 'loaded term')}, "
        f"{_count(len(a.attributions), 'attribution')}   model {a.model.get('name', '')} {a.model.get('version', '')}",
        "",
    ]
    by_sentence: dict[int, list] = {}
    for n, t in enumerate(a.loaded_terms, 1):
        by_sentence.setdefault(t.sentence, []).append((n, t))
    attributed = {x.sentence for x in a.attributions}
    unattributed = set(a.unattributed_sentences)
    for s in a.sentences:
        pieces, pos = [], s.start
        for n, t in by_sentence.get(s.index, []):
            if t.start < pos:  # overlapping find: already inside a marked span
                continue
            pieces.append(text[pos : t.start])
            pieces.append(f"[{text[t.start : t.end]}]{n}")
            pos = t.end
        pieces.append(text[pos : s.end])
        flags = "".join(
            [
                "Q" if s.quoted else " ",
                "A" if s.index in attributed else " ",
                "U" if s.index in unattributed else " ",
            ]
        )
        body = " ".join("".join(pieces).split())
        prefix = f"{s.index:>3} {s.bias_probability:.2f} {flags} "
        out.append(
            textwrap.fill(
                body, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix)
            )
        )
    out += ["", "columns: sentence, P(biased), Q quoted / A attribution / U unattributed claim"]
    if a.loaded_terms:
        out += ["", "loaded terms:"]
        for n, t in enumerate(a.loaded_terms, 1):
            alts = ", ".join(t.neutral_alternatives) or "—"
            voice = "quoted" if t.quoted else "authorial"
            out.append(
                f"{n:>3}. {t.text!r} {t.category} ({t.source}, {voice}, confidence {t.confidence:.2f})"
                f"; neutral: {alts}"
            )
    if a.attributions:
        out += ["", "attributions:"]
        for x in a.attributions:
            out.append(
                f"  s{x.sentence}: {x.source_text!r} ({x.source_type}) —{x.cue_text}→ "
                f"[{x.form}, {x.stance}]"
            )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- single-article HTML

#: Highlight colour of each loaded-term category (others get ``_OTHER_COLOUR``).
CATEGORY_COLOURS = {
    "label": "#ffb3b3",
    "dysphemism": "#ff9e80",
    "euphemism": "#b3e5fc",
    "scare_quote": "#e1bee7",
    "so_called": "#d1c4e9",
    "intensifier": "#fff59d",
    "emotive": "#ffcc80",
    "loaded_verb": "#c5e1a5",
    "hedge_doubt": "#b2dfdb",
    "partisan": "#f8bbd0",
    "other": "#e0e0e0",
}
_OTHER_COLOUR = "#e0e0e0"
_STANCE_CLASS = {
    "neutral": "neutral",
    "assertive": "assertive",
    "concession": "assertive",
    "doubt": "doubt",
    "loaded": "doubt",
}

_ARTICLE_CSS = """
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 980px; margin: 2em auto; color: #222;
       line-height: 1.55; padding: 0 1em; }
h1, h2, .meta, table, .legend, .scores { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.meta { color: #666; font-size: .9em; }
.scores { display: flex; flex-wrap: wrap; gap: .6em; margin: 1em 0; }
.score { border: 1px solid #ddd; border-radius: 6px; padding: .4em .7em; min-width: 9em; font-size: .85em; }
.score b { font-size: 1.35em; display: block; }
.bar { height: 5px; background: #eee; border-radius: 3px; margin-top: .3em; }
.bar span { display: block; height: 5px; background: #c0392b; border-radius: 3px; }
.legend { font-size: .8em; border: 1px solid #ddd; border-radius: 6px; padding: .5em .8em; background: #fafafa; }
.legend span.key { margin-right: 1em; white-space: nowrap; display: inline-block; margin-bottom: .25em; }
.article { white-space: pre-wrap; font-size: 1.02em; border-top: 1px solid #ddd; padding-top: 1em; }
.sent { border-radius: 2px; }
mark.t { color: inherit; border-radius: 3px; padding: 0 1px; border-bottom: 2px solid rgba(0,0,0,.35); cursor: help; }
mark.t.quoted { border-bottom-style: dotted; }
.src { border-bottom: 2px solid #1f5fbf; color: #123e80; cursor: help; }
.cue { font-weight: bold; cursor: help; border-bottom: 2px solid #999; }
.cue.assertive { border-bottom-color: #e67e22; }
.cue.doubt { border-bottom: 2px wavy #c0392b; }
.cnt { background-image: linear-gradient(transparent 88%, rgba(39,174,96,.55) 88%); cursor: help; }
sup.flag { font-family: Arial, sans-serif; font-size: .65em; color: #fff; background: #7f8c8d; border-radius: 3px;
           padding: 0 3px; margin-right: 2px; cursor: help; }
table { border-collapse: collapse; font-size: .82em; width: 100%; margin-top: .5em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, _OTHER_COLOUR)


def _sentence_background(p: float) -> str:
    alpha = 0.45 * max(0.0, (p - 0.3) / 0.7)
    return f"rgba(231, 76, 60, {alpha:.3f})"


def _term_title(t: LoadedTerm) -> str:
    alternatives = ", ".join(t.neutral_alternatives) or "none listed"
    voice = "quoted source's voice" if t.quoted else "outlet's own voice"
    lines = [
        f"loaded term ({t.category}): {t.term}",
        f"confidence {t.confidence:.2f}, found by {t.source}, {voice}",
        f"neutral alternatives: {alternatives}",
    ]
    if t.direction:
        lines.append(f"direction: {t.direction}")
    return "\n".join(lines)


def _article_spans(a: ArticleAnalysis) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, tooltip) for every highlighted span: terms and attribution parts."""
    spans = []
    for t in a.loaded_terms:
        cls = "t quoted" if t.quoted else "t"
        spans.append((t.start, t.end, f"{cls}|{t.category}", _term_title(t)))
    for x in a.attributions:
        who = f"{x.source_text} ({x.source_type})"
        if x.resolved_from:
            who += f", i.e. {x.resolved_from.get('text', '')}"
        spans.append(
            (
                x.source_start,
                x.source_end,
                "src",
                f"source: {who}\n{x.form} attribution, cue '{x.cue_text}' ({x.stance})",
            )
        )
        spans.append(
            (
                x.cue_start,
                x.cue_end,
                f"cue {_STANCE_CLASS.get(x.stance, 'assertive')}",
                f"attribution cue '{x.cue_text}': stance {x.stance}\nsource: {who}",
            )
        )
        if x.content_end > x.content_start:
            spans.append(
                (
                    x.content_start,
                    x.content_end,
                    "cnt",
                    f"attributed content ({x.form}), source: {who}, cue stance {x.stance}",
                )
            )
    return [s for s in spans if 0 <= s[0] < s[1] <= len(a.text)]


def _render_segment(text: str, covering: list[tuple[int, int, str, str]]) -> str:
    body = _esc(text)
    if not covering:
        return body
    # Innermost first: a term inside a source inside attributed content.
    for _, _, cls, title in sorted(covering, key=lambda s: s[1] - s[0]):
        tip = _esc(title).replace("\n", "&#10;")
        if cls.startswith("t"):
            kind, category = cls.split("|")
            body = (
                f'<mark class="{kind}" style="background:{_category_colour(category)}" '
                f'title="{tip}">{body}</mark>'
            )
        else:
            body = f'<span class="{cls}" title="{tip}">{body}</span>'
    return body


def _render_range(text: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> str:
    """``text[start:end]`` split at every span boundary; each piece wrapped in the spans over it."""
    inside = [s for s in spans if s[0] < end and start < s[1]]
    cuts = sorted(
        {start, end, *(max(start, s[0]) for s in inside), *(min(end, s[1]) for s in inside)}
    )
    out = []
    for p, q in zip(cuts, cuts[1:], strict=False):
        if p < q:
            out.append(_render_segment(text[p:q], [s for s in inside if s[0] <= p and q <= s[1]]))
    return "".join(out)


def _score_cards(a: ArticleAnalysis) -> str:
    cards = [("framing score", a.framing_score, "weighted mean of the four sub-scores")]
    cards += [
        (k.replace("_", " "), v, f"weight {SUBSCORE_WEIGHTS.get(k, 0):.2f}")
        for k, v in a.subscores.items()
    ]
    return "".join(
        f'<div class="score" title="{_esc(tip)}">{_esc(name)}<b>{value:.2f}</b>'
        f'<div class="bar"><span style="width:{100 * max(0.0, min(1.0, value)):.0f}%"></span></div></div>'
        for name, value, tip in cards
    )


def render_html(analysis: ArticleAnalysis, title: str | None = None) -> str:
    """A self-contained HTML page of one article with its evidence highlighted.

    Loaded terms are highlighted in their category's colour (dotted underline
    when quoted); hovering shows the category, confidence, voice and neutral
    alternatives. Attribution sources, cues (coloured by stance) and the
    attributed content are underlined, with the source type, form and stance
    on hover. Sentences are shaded by the model's P(biased); unattributed
    claims are flagged **U**. All text is HTML-escaped.
    """
    a = analysis
    text = a.text
    spans = _article_spans(a)
    unattributed = set(a.unattributed_sentences)
    parts, pos = [], 0
    for s in a.sentences:
        if s.start > pos:
            parts.append(_render_range(text, pos, s.start, spans))
        flag = (
            '<sup class="flag" title="claim with no attribution in or around it">U</sup>'
            if s.index in unattributed
            else ""
        )
        tip = f"sentence {s.index}: P(biased) = {s.bias_probability:.2f}" + (
            "; quoted" if s.quoted else ""
        )
        parts.append(
            f'{flag}<span class="sent" style="background:{_sentence_background(s.bias_probability)}" '
            f'title="{_esc(tip)}">{_render_range(text, s.start, s.end, spans)}</span>'
        )
        pos = s.end
    parts.append(_render_range(text, pos, len(text), spans))

    categories = sorted({t.category for t in a.loaded_terms})
    legend = "".join(
        f'<span class="key"><mark class="t" style="background:{_category_colour(c)}">{_esc(c)}</mark></span>'
        for c in categories
    )
    legend += (
        '<span class="key"><mark class="t quoted" style="background:#eee">dotted</mark> = in a quote</span>'
        '<span class="key"><span class="src">source</span></span>'
        '<span class="key"><span class="cue">cue</span> neutral / <span class="cue assertive">assertive</span>'
        ' / <span class="cue doubt">doubt</span></span>'
        '<span class="key"><span class="cnt">attributed content</span></span>'
        f'<span class="key">sentence P(biased): <span style="background:{_sentence_background(0.5)}">0.5</span> '
        f'<span style="background:{_sentence_background(0.75)}">0.75</span> '
        f'<span style="background:{_sentence_background(1.0)}">1.0</span></span>'
        '<span class="key"><sup class="flag">U</sup> unattributed claim</span>'
        '<span class="key">hover for details</span>'
    )
    term_rows = "".join(
        f"<tr><td>{_esc(t.text)}</td><td>{_esc(t.category)}</td><td>{_esc(t.term)}</td>"
        f"<td>{'quoted' if t.quoted else 'authorial'}</td><td class='num'>{t.confidence:.2f}</td>"
        f"<td>{_esc(t.source)}</td><td>{_esc(', '.join(t.neutral_alternatives))}</td></tr>"
        for t in a.loaded_terms
    )
    att_rows = "".join(
        f"<tr><td class='num'>{x.sentence}</td><td>{_esc(x.source_text)}</td>"
        f"<td>{_esc(x.source_type)}</td><td>{_esc(x.cue_text)}</td>"
        f"<td>{_esc(x.stance)}</td><td>{_esc(x.form)}</td></tr>"
        for x in a.attributions
    )
    heading = title or " · ".join(str(v) for v in (a.outlet, a.id) if v) or "Article"
    meta = (
        f"{a.n_sentences} sentences · {a.n_words} words · {len(a.loaded_terms)} loaded terms · "
        f"{len(a.attributions)} attributions · {len(a.unattributed_sentences)} unattributed claims · "
        f"model {a.model.get('name', '')} {a.model.get('version', '')}"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_esc(heading)} — framing analysis</title>
<style>{_ARTICLE_CSS}</style></head>
<body>
<h1>{_esc(heading)}</h1>
<div class="meta">{_esc(meta)}</div>
<div class="scores">{_score_cards(a)}</div>
<div class="legend">{legend}</div>
<div class="article">{"".join(parts)}</div>
<h2>Loaded terms ({len(a.loaded_terms)})</h2>
<table><tr><th>text</th><th>category</th><th>term</th><th>voice</th><th>confidence</th><th>found by</th>
<th>neutral alternatives</th></tr>{term_rows}</table>
<h2>Attributions ({len(a.attributions)})</h2>
<table><tr><th>sentence</th><th>source</th><th>type</th><th>cue</th><th>stance</th><th>form</th></tr>{att_rows}</table>
</body></html>
"""


# ---------------------------------------------------------------- comparison plots and report

_REPORT_CSS = """
body { font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; max-width: 1100px; margin: 2em auto;
       color: #222; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.02em; margin-bottom: .3em; }
p.note, .meta { color: #555; font-size: .9em; }
img { max-width: 100%; }
table { border-collapse: collapse; font-size: .8em; margin: .6em 0 1em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .22em .55em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.terms span { white-space: nowrap; margin-right: .8em; }
"""


def _require_matplotlib() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise FramingError("plots need matplotlib: pip install 'framing-lens[report]'") from None
    return Figure


def _shown_groups(cmp: Comparison, max_groups: int) -> list[str]:
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
    groups = _shown_groups(cmp, max_groups)[::-1]
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
    groups = _shown_groups(cmp, max_groups)[::-1]
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
    groups = _shown_groups(cmp, max_groups)[::-1]
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
    shown = set(_shown_groups(cmp, max_groups))
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


def _figure_img(fig: Any, alt: str) -> str:
    if fig is None:
        return ""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{_esc(alt)}" src="data:image/png;base64,{data}">'


def _num(x: Any, fmt: str = "{:.3f}") -> str:
    try:
        return "—" if x is None or math.isnan(float(x)) else fmt.format(x)
    except (TypeError, ValueError):
        return _esc(x)


def _score_table(cmp: Comparison, groups: list[str]) -> str:
    head = "".join(f"<th>{_esc(c.replace('_', ' '))} [95% CI]</th>" for c in SUBSCORES)
    rows = []
    for g in groups:
        r = cmp.table.loc[g]
        cells = "".join(
            f"<td class='num'>{_num(r[c])} [{_num(r[c + '_lo'])}, {_num(r[c + '_hi'])}]</td>"
            for c in SUBSCORES
        )
        rows.append(
            f"<tr><td>{_esc(g)}</td><td class='num'>{int(r['n_articles'])}</td>"
            f"<td class='num'>{int(r['n_words']):,}</td>{cells}</tr>"
        )
    return (
        f"<table><tr><th>{_esc(cmp.by)}</th><th>articles</th><th>words</th>{head}</tr>"
        + "".join(rows)
        + "</table>"
    )


def _rate_table(cmp: Comparison, groups: list[str]) -> str:
    t = cmp.table
    cols = [
        "loaded_per_1k",
        "authorial_loaded_per_1k",
        *[c for c in t.columns if c.startswith("per_1k_") and t[c].sum() > 0],
        "attributions_per_1k",
        "unattributed_share",
    ]
    cols = [c for c in cols if c in t.columns]
    head = "".join(f"<th>{_esc(c.replace('per_1k_', '').replace('_', ' '))}</th>" for c in cols)
    rows = "".join(
        f"<tr><td>{_esc(g)}</td>"
        + "".join(f"<td class='num'>{_num(t.loc[g, c], '{:.2f}')}</td>" for c in cols)
        + "</tr>"
        for g in groups
    )
    return f"<table><tr><th>{_esc(cmp.by)}</th>{head}</tr>{rows}</table>"


def _terms_table(cmp: Comparison, groups: list[str], n: int) -> str:
    rows = []
    for g in groups:
        top = cmp.top_terms(g, n=n)
        cell = (
            "".join(
                f"<span>{_esc(r.term)} <small>z={r.z:.1f}, {int(r['count'])}×</small></span>"
                for _, r in top.iterrows()
            )
            or "<small>none with z ≥ 1.96</small>"
        )
        rows.append(f"<tr><td>{_esc(g)}</td><td class='terms'>{cell}</td></tr>")
    return f"<table><tr><th>{_esc(cmp.by)}</th><th>most distinctive terms (one vs rest)</th></tr>{''.join(rows)}</table>"


def _contrast_html(cmp: Comparison, n: int) -> str:
    if cmp.contrast is None or cmp.contrast_pair is None:
        return ""
    a, b = cmp.contrast_pair
    d = cmp.contrast
    sides = []
    for label, part in (
        (a, d[d["z"] >= 1.96].head(n)),
        (b, d[d["z"] <= -1.96].sort_values("z").head(n)),
    ):
        cell = "".join(
            f"<span>{_esc(r.term)} <small>z={r.z:.1f}</small></span>" for _, r in part.iterrows()
        )
        sides.append(
            f"<tr><td>{_esc(label)}</td><td class='terms'>{cell or '<small>none</small>'}</td></tr>"
        )
    return (
        f"<h3>{_esc(a)} vs {_esc(b)}</h3><table><tr><th>more typical of</th><th>terms</th></tr>"
        + "".join(sides)
        + "</table>"
    )


def _naming_table(cmp: Comparison, groups: list[str], max_panels: int) -> str:
    n = cmp.naming_choices
    out = []
    for group in _naming_groups_shown(cmp, max_panels * 2):
        g = n[n["group"] == group]
        names = [x for x in dict.fromkeys(g["name"]) if g[g["name"] == x]["count"].sum() > 0]
        head = "".join(f"<th>{_esc(x)}</th>" for x in names)
        rows = []
        for outlet in groups:
            sub = g[g[cmp.by] == outlet].set_index("name")
            if sub.empty:
                continue
            cells = "".join(f"<td class='num'>{100 * sub.loc[x, 'share']:.0f}%</td>" for x in names)
            rows.append(
                f"<tr><td>{_esc(outlet)}</td><td class='num'>{int(sub['count'].sum())}</td>{cells}</tr>"
            )
        out.append(
            f"<h3>{_esc(group.replace('_', ' '))}</h3><table><tr><th>{_esc(cmp.by)}</th><th>uses</th>"
            f"{head}</tr>{''.join(rows)}</table>"
        )
    return "".join(out)


def render_comparison_html(
    cmp: Comparison,
    plots: bool = True,
    max_groups: int = 30,
    n_terms: int = 8,
    title: str | None = None,
) -> str:
    """A self-contained HTML report of an outlet comparison.

    Sections: scores with bootstrap intervals, loaded language by category,
    attribution mix, distinguishing terms (one vs rest, and A vs B if asked),
    naming choices, and a methods note. Plots (matplotlib) are embedded as
    base64 PNG. At most ``max_groups`` groups (the largest) are shown.
    """
    groups = _shown_groups(cmp, max_groups)
    p = cmp.params
    title = title or f"Framing by {cmp.by}"
    figs = {}
    if plots:
        figs = {
            "scores": _figure_img(
                plot_scores(cmp, max_groups), "scores per group with 95% intervals"
            ),
            "terms": _figure_img(
                plot_term_rates(cmp, max_groups), "loaded terms per 1,000 words by category"
            ),
            "attr": _figure_img(
                plot_attribution_mix(cmp, max_groups), "attribution source types and stances"
            ),
            "naming": _figure_img(plot_naming_choices(cmp, max_groups), "naming choices"),
        }
    shown_note = (
        f"Showing the {len(groups)} largest of {len(cmp.table)} groups. "
        if len(groups) < len(cmp.table)
        else ""
    )
    dropped = p.get("groups_dropped") or []
    dropped_note = (
        f"{len(dropped)} group(s) with fewer than {p.get('min_articles')} articles left out. "
        if dropped
        else ""
    )
    term_mode = (
        "loaded terms found by the scorer"
        if p.get("terms") == "loaded"
        else "all words (stop words removed)"
    )
    naming = _naming_table(cmp, groups, 6)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title><style>{_REPORT_CSS}</style></head>
<body>
<h1>{_esc(title)}</h1>
<p class="meta">{p.get("n_articles", 0):,} articles in {p.get("n_groups", len(cmp.table))} groups.
{_esc(shown_note)}{_esc(dropped_note)}Intervals: {int(100 * p.get("ci", 0.95))}% percentile bootstrap over
articles ({p.get("n_boot")} resamples, seed {p.get("seed")}).</p>

<h2>1. Framing scores</h2>
<p class="note">Mean per article; 0 = neutral reporting, 1 = heavily framed. The framing score is a weighted
mean of the four sub-scores (loaded language, biased sentences, slanted attribution, unattributed claims).</p>
{figs.get("scores", "")}
{_score_table(cmp, groups)}

<h2>2. Loaded language</h2>
<p class="note">Loaded terms per 1,000 words, pooled over each group's articles; "authorial" excludes terms
inside quotes or attributed content (the sources' voice).</p>
{figs.get("terms", "")}
{_rate_table(cmp, groups)}

<h2>3. Attribution</h2>
<p class="note">Who is quoted (source types) and how (cue stance: neutral "said", assertive "insisted",
doubt "claimed"), as shares of each group's attributions.</p>
{figs.get("attr", "")}

<h2>4. Distinguishing terms</h2>
<p class="note">Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi &amp; Quinn 2008), each group
against all others, over {_esc(term_mode)}; prior mass α₀ = {p.get("alpha0")}, terms used at least
{p.get("min_count")} times. z ≥ 1.96 shown.</p>
{_terms_table(cmp, groups, n_terms)}
{_contrast_html(cmp, n_terms)}

<h2>5. Naming choices</h2>
<p class="note">For concepts that can be named in several ways, the share of each name among the group's uses
(naming groups from the naming lexicon; counts in parentheses).</p>
{figs.get("naming", "")}
{naming or '<p class="note">No naming-group terms in these articles.</p>'}
{_actor_html(cmp, groups)}

<h2>Method and caveats</h2>
<p class="note">Scores come from an automatic analysis (lexicon, sentence model, attribution rules) and carry
its errors; differences between groups also reflect the topics each group covers. Compare groups on
comparable topics and read the evidence for single articles with <code>framing analyze --format html</code>.</p>
</body></html>
"""


def _actor_html(cmp: Comparison, groups: list) -> str:
    """Section 6: who calls the corpus's most frequent actors what (a plain table)."""
    a = cmp.actors
    if a is None or not len(a):
        return ""
    shown = {str(g) for g in groups}
    rows = []
    for _, r in a.iterrows():
        if str(r[cmp.by]) not in shown:
            continue
        net = r["net_sentiment"]
        ci = "" if net != net else f"{net:+.2f} [{r['net_ci_low']:+.2f}, {r['net_ci_high']:+.2f}]"
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{_esc(str(v))}</td>"
                for v in (
                    r["actor"],
                    r[cmp.by],
                    r["n_articles"],
                    r["labels"],
                    r["quoted_labels"],
                    r["roles"],
                    ci,
                )
            )
            + "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "actor",
            _esc(cmp.by),
            "articles",
            "called (outlet's voice)",
            "called (in quotes)",
            "agent / patient of",
            "net sentiment [95% CI]",
        )
    )
    return f"""
<h2>6. Actors: who is called what</h2>
<p class="note">The corpus's most frequent actors (matched across articles by name and aliases): the nouns and
labels used for them in the outlet's own voice and inside quotes, the loaded verbs they are agent or patient
of, and the mean sentiment toward them (positive minus negative, target-dependent model trained on NewsMTSC;
bootstrap over articles).</p>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
"""


def render_actor_text(cmp: Comparison) -> str:
    """A plain-text table of :attr:`Comparison.actors` (``framing compare --actors``)."""
    a = cmp.actors
    if a is None or not len(a):
        return "no actors\n"
    lines = []
    for _key, block in a.groupby("key", sort=False):
        first = block.iloc[0]
        lines.append(f"{first['actor']} ({first['kind']})")
        for _, r in block.iterrows():
            net = r["net_sentiment"]
            ci = (
                ""
                if net != net
                else f"{net:+.2f} [{r['net_ci_low']:+.2f}, {r['net_ci_high']:+.2f}]"
            )
            lines.append(f"  {r[cmp.by]!s}: {int(r['n_articles'])} articles; sentiment {ci}")
            for label, col in (
                ("called", "labels"),
                ("called in quotes", "quoted_labels"),
                ("roles", "roles"),
            ):
                if r[col]:
                    lines.append(f"    {label}: {r[col]}")
    return "\n".join(lines) + "\n"


def render_comparison_text(cmp: Comparison, n_terms: int = 5) -> str:
    """A plain-text table of the comparison: scores with intervals, rates, top terms."""
    t = cmp.table
    width = max(len(cmp.by), *(len(str(g)) for g in t.index)) if len(t) else len(cmp.by)
    head = (
        f"{cmp.by:<{width}}  {'n':>5}  {'framing score [95% CI]':<22}  {'loaded':>6}  {'biased':>6}  "
        f"{'attrib':>6}  {'unattr':>6}  {'LT/1k':>6}  distinctive terms"
    )
    lines = [head, "-" * len(head)]
    for g, r in t.iterrows():
        terms = ", ".join(cmp.top_terms(str(g), n=n_terms)["term"])
        ci = f"{r['framing_score']:.3f} [{r['framing_score_lo']:.3f}, {r['framing_score_hi']:.3f}]"
        lines.append(
            f"{g!s:<{width}}  {int(r['n_articles']):>5}  {ci:<22}  {r['loaded_language']:>6.3f}  "
            f"{r['biased_sentences']:>6.3f}  {r['attribution']:>6.3f}  {r['unattributed_claims']:>6.3f}  "
            f"{r['loaded_per_1k']:>6.2f}  {terms}"
        )
    return "\n".join(lines) + "\n"
