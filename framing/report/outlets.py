"""The outlet report: one self-contained HTML file (inline style, script and SVG charts; it
loads nothing from the network) of a :class:`~framing.compare.Comparison`.

The report is a list of sections (:data:`SECTIONS`), each a small function of the
:class:`Report` that returns its HTML or ``""`` when it has nothing to show; a section for
new data of the comparison (same-event, trend...) renders what ``Comparison.to_dict()``
holds under its key and is skipped when that is absent. With the articles' analyses
(``framing score --details``) and texts (``framing compare --corpus``), the report drills
down from a group to its articles (sorted by score) and from an article to its
single-article view (:func:`framing.report.article_fragment`) and its sentences, and has
a term explorer: one loaded term's uses per group as a keyword-in-context concordance,
authorial against quoted.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..subscores import SUBSCORES
from .article import ARTICLE_CSS, article_fragment
from .assets import ARTICLE_JS, REPORT_CSS, REPORT_JS, VIEW_CSS
from .common import esc, headline, num, pct, plural
from .plots import shown_groups
from .svg import difference_chart, interval_panels, period_panels

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..scoring import ArticleAnalysis

__all__ = [
    "render_comparison_html",
    "render_comparison_summary_html",
    "SECTIONS",
    "Report",
    "Section",
]

#: Most characters of context on each side of a term in the concordance.
KWIC_CONTEXT = 80
#: Articles listed at most under each group (the highest-scored).
MAX_LISTED = 500
#: Rows under this many uses (naming choices) or articles (topics) are shown as "few".
FEW = 5


@dataclass
class Report:
    """What the sections draw from: the comparison, its ``to_dict()``, the groups shown, and
    the articles with their analyses (``views``: article number -> analysis)."""

    cmp: Comparison
    data: dict[str, Any]
    groups: list[str]
    n_terms: int = 8
    views: dict[int, ArticleAnalysis] = field(default_factory=dict)

    @property
    def by(self) -> str:
        return self.cmp.by

    @property
    def articles(self) -> Any:
        return self.cmp.articles

    def group_index(self, g: Any) -> int:
        return self.groups.index(str(g))


@dataclass(frozen=True)
class Section:
    """One section of the report: its anchor, its heading and the function that renders
    its body (``""``: the section is left out)."""

    key: str
    title: str
    render: Callable[[Report], str]


def _th(labels: list[str], numeric_from: int = 1) -> str:
    return "".join(
        f"<th{' class=num' if i >= numeric_from else ''}>{esc(h)}</th>"
        for i, h in enumerate(labels)
    )


def _table(
    head: list[str], rows: list[str], numeric_from: int = 1, cls: str = "", table_id: str = ""
) -> str:
    ident = f' id="{table_id}"' if table_id else ""
    return (
        f'<div class="scroll"><table class="data sortable {cls}"{ident}><thead><tr>'
        f"{_th(head, numeric_from)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _td(value: Any, fmt: str = "{:.3f}", extra: str = "") -> str:
    """A numeric cell: formatted text, the raw value for sorting."""
    raw = "" if value is None or (isinstance(value, float) and math.isnan(value)) else value
    return f'<td class="num" data-v="{esc(raw)}">{num(value, fmt)}{extra}</td>'


def _ci_td(r: Any, col: str, lo: str, hi: str) -> str:
    return _td(r[col], extra=f" <small>[{num(r[lo])}, {num(r[hi])}]</small>")


def _bar_td(share: Any, count: Any, scale: float = 1.0, few: bool = False) -> str:
    """A share with its count and a bar (0 to ``scale`` is the cell's full width)."""
    try:
        w = 0.0 if share is None or math.isnan(float(share)) else 60 * float(share) / (scale or 1)
    except (TypeError, ValueError):
        w = 0.0
    cls = "num few" if few else "num"
    return (
        f'<td class="{cls}" data-v="{esc(share)}"><span class="cellbar" style="width:{w:.1f}px"></span>'
        f"{pct(share, count)}</td>"
    )


def _group_link(rep: Report, g: Any) -> str:
    i = rep.group_index(g)
    if rep.articles is None:
        return esc(g)
    return f'<a class="open grp" href="#outlet/{i}">{esc(g)}</a>'


# ---------------------------------------------------------------- sections


def _ci(r: Any, col: str) -> str:
    return f"{r[col]:.3f} [{r[col + '_lo']:.3f}, {r[col + '_hi']:.3f}]"


def _signed(d: dict) -> str:
    return f"{d['difference']:+.3f} [{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]"


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def section_findings(rep: Report) -> str:
    """What stands out, in sentences: the highest and lowest groups, those that differ from
    the rest beyond their intervals, and what distinguishes them."""
    t = rep.cmp.table.loc[rep.groups]
    if len(t) < 2:
        return ""
    by = esc(rep.by)
    top, bottom = t.index[0], t.index[-1]
    points = [
        f"<b>{esc(top)}</b> has the highest mean framing score, {_ci(t.loc[top], 'framing_score')} "
        f"over {int(t.loc[top, 'n_articles'])} articles; <b>{esc(bottom)}</b> the lowest, "
        f"{_ci(t.loc[bottom], 'framing_score')} over {int(t.loc[bottom, 'n_articles'])}."
    ]
    diffs = {
        str(d[rep.by]): d
        for d in rep.data.get("differences") or []
        if d["score"] == "framing_score"
    }
    above = [g for g in rep.groups if g in diffs and diffs[g]["ci_low"] > 0]
    below = [g for g in rep.groups if g in diffs and diffs[g]["ci_high"] < 0]
    if diffs:
        parts = []
        if above:
            parts.append(
                "above the rest of the corpus: "
                + _names([f"{esc(g)} ({_signed(diffs[g])})" for g in above])
            )
        if below:
            parts.append("below it: " + _names([f"{esc(g)} ({_signed(diffs[g])})" for g in below]))
        rest = len(diffs) - len(above) - len(below)
        joined = "; ".join(parts)
        text = joined[:1].upper() + joined[1:] + ". " if parts else ""
        text += (
            f"The other {rest} {by}s cannot be told apart from the rest at this sample size."
            if rest and parts
            else (f"No {by} differs from the rest beyond its 95% interval." if not parts else "")
        )
        points.append(text + ' (See "Score differences".)')
    for g in dict.fromkeys([*above[:2], top, *below[:1], bottom]):
        terms = rep.cmp.top_terms(g, n=4)
        if len(terms):
            listed = _names(
                [f"<i>{esc(r.term)}</i> ({int(r['count'])}×)" for _, r in terms.iterrows()]
            )
            points.append(f"Most distinctive loaded terms of {esc(g)}: {listed}.")
    small = int(t["n_articles"].min())
    if small < 30:
        points.append(
            f"Some {by}s have few articles (as few as {small}): intervals are wide, and differences "
            'can come from the topics covered as much as from wording (see "Per topic").'
        )
    return '<ul class="findings">' + "".join(f"<li>{p}</li>" for p in points) + "</ul>"


def section_overview(rep: Report) -> str:
    t = rep.cmp.table.loc[rep.groups]
    labels = [f"{g} (n={int(n)})" for g, n in zip(rep.groups, t["n_articles"], strict=True)]
    panels = [
        (
            c.replace("_", " "),
            [(r[c], r[f"{c}_lo"], r[f"{c}_hi"]) for _, r in t.iterrows()],
        )
        for c in SUBSCORES
    ]
    chart = interval_panels(
        labels,
        panels,
        title=f"Mean score per {rep.by} with 95% bootstrap intervals, one axis for all panels",
    )
    head = [rep.by, "articles", "words", *(c.replace("_", " ") + " [95% CI]" for c in SUBSCORES)]
    head += ["loaded terms per 1,000 words", "of them authorial"]
    rows = []
    for g, r in t.iterrows():
        cells = "".join(_ci_td(r, c, f"{c}_lo", f"{c}_hi") for c in SUBSCORES)
        rows.append(
            f"<tr><td>{_group_link(rep, g)}</td>{_td(r['n_articles'], '{:,.0f}')}"
            f"{_td(r['n_words'], '{:,.0f}')}{cells}{_td(r['loaded_per_1k'], '{:.2f}')}"
            f"{_td(r.get('authorial_loaded_per_1k'), '{:.2f}')}</tr>"
        )
    hint = (
        f"Open a {esc(rep.by)} to see its articles, sorted by framing score."
        if rep.articles is not None
        else ""
    )
    return (
        '<p class="note">Mean per article; 0 = neutral reporting, 1 = heavily framed. The framing '
        "score is a weighted mean of the four sub-scores (0.35 loaded language, 0.35 biased sentences, "
        f"0.15 slanted attribution, 0.15 unattributed claims). {hint} Click a column heading to "
        f"sort.</p>{chart}{_table(head, rows)}"
    )


def section_differences(rep: Report) -> str:
    d = rep.data.get("differences")
    if not d:
        return ""
    rows_by = {(str(r[rep.by]), r["score"]): r for r in d}
    shown = [g for g in rep.groups if (g, "framing_score") in rows_by]
    if not shown:
        return ""
    chart = difference_chart(
        [f"{g} (n={rows_by[(g, 'framing_score')]['n_articles']})" for g in shown],
        [
            tuple(rows_by[(g, "framing_score")][k] for k in ("difference", "ci_low", "ci_high"))
            for g in shown
        ],
        title=f"Framing score of each {rep.by} minus that of all other articles, 95% intervals",
        axis=f"mean framing score: the {rep.by}'s articles minus all the others",
    )
    head = [rep.by, "articles", "other articles", *(c.replace("_", " ") for c in SUBSCORES)]
    rows = []
    for g in shown:
        first = rows_by[(g, "framing_score")]
        cells = []
        for c in SUBSCORES:
            r = rows_by.get((g, c))
            if r is None:
                cells.append("<td></td>")
                continue
            clear = r["ci_low"] > 0 or r["ci_high"] < 0
            mark = " <b>*</b>" if clear else ""
            cells.append(
                _td(
                    r["difference"],
                    "{:+.3f}",
                    f" <small>[{num(r['ci_low'], '{:+.3f}')}, {num(r['ci_high'], '{:+.3f}')}]</small>{mark}",
                )
            )
        rows.append(
            f"<tr><td>{_group_link(rep, g)}</td>{_td(first['n_articles'], '{:,.0f}')}"
            f"{_td(first['n_other'], '{:,.0f}')}{''.join(cells)}</tr>"
        )
    return (
        f'<p class="note">Each {esc(rep.by)} against all other articles: the difference of the mean '
        "scores with a 95% percentile bootstrap interval (both sides resampled). Red dots and * mark "
        "intervals that exclude 0.</p>"
        f"{chart}{_table(head, rows)}"
    )


def section_topics(rep: Report, min_articles: int = 3) -> str:
    a = rep.articles
    if a is None or "topic" not in a.columns or rep.by == "topic":
        return ""
    a = a[a["topic"].notna() & (a["topic"].astype(str) != "")]
    sizes = a["topic"].astype(str).value_counts()
    topics = [t for t, n in sizes.items() if n >= min_articles]
    if not topics:
        return ""
    head = [rep.by, *(f"{t.replace('_', ' ')} ({sizes[t]})" for t in topics), "other topics"]
    rows = []
    for g in rep.groups:
        sub = a[a[rep.by].astype(str) == g]
        cells = []
        for t in [*topics, None]:
            part = (
                sub[~sub["topic"].astype(str).isin(topics)] if t is None else sub[sub["topic"] == t]
            )
            if part.empty:
                cells.append('<td class="num" data-v="">—</td>')
                continue
            m = float(part["framing_score"].mean())
            few = " few" if len(part) < FEW else ""
            cells.append(
                f'<td class="num{few}" data-v="{m:.4f}">{m:.3f} <small>({len(part)})</small></td>'
            )
        rows.append(f"<tr><td>{_group_link(rep, g)}</td>{''.join(cells)}</tr>")
    return (
        f'<p class="note">Mean framing score per {esc(rep.by)} and topic (topics with at least '
        f"{min_articles} articles), number of articles in parentheses; cells from fewer than {FEW} "
        "articles are in italics. Differences between outlets often reflect what they cover: compare "
        f"within a column.</p>{_table(head, rows)}"
    )


def _count(rate: float, words: float) -> int:
    return round(rate * words / 1000)


def section_loaded(rep: Report) -> str:
    t = rep.cmp.table.loc[rep.groups]
    cats = [c for c in t.columns if c.startswith("per_1k_") and t[c].sum() > 0]
    if not cats:
        return '<p class="note">No loaded terms in these articles.</p>'
    scale = max(float(t[c].max()) for c in cats)
    head = [rep.by, "all", "authorial", *(c[len("per_1k_") :].replace("_", " ") for c in cats)]
    rows = []
    for g, r in t.iterrows():
        cells = []
        for c in ["loaded_per_1k", "authorial_loaded_per_1k", *cats]:
            v = float(r.get(c, 0.0))
            w = 60 * v / (scale or 1) if c in cats else 0
            bar = f'<span class="cellbar" style="width:{w:.1f}px"></span>' if c in cats else ""
            cells.append(
                f'<td class="num" data-v="{v:.4f}">{bar}{v:.2f} <small>({_count(v, r["n_words"])})</small></td>'
            )
        rows.append(f"<tr><td>{_group_link(rep, g)}</td>{''.join(cells)}</tr>")
    return (
        '<p class="note">Loaded terms per 1,000 words, pooled over each group\'s articles, with the '
        'number of terms in parentheses. "Authorial" leaves out terms inside quotes or attributed '
        "content (the sources' voice). The bars of the category columns share one scale starting at 0."
        f"</p>{_table(head, rows)}"
    )


def section_attribution(rep: Report) -> str:
    t = rep.cmp.table.loc[rep.groups]
    out = []
    for prefix, what in (("source_", "source types"), ("stance_", "cue stances")):
        cols = [c for c in t.columns if c.startswith(prefix) and t[c].sum() > 0]
        if not cols:
            continue
        head = [rep.by, "attributions", *(c[len(prefix) :].replace("_", " ") for c in cols)]
        rows = []
        for g, r in t.iterrows():
            n = _count(float(r["attributions_per_1k"]), r["n_words"])
            cells = "".join(_bar_td(r[c], round(r[c] * n)) for c in cols)
            rows.append(f"<tr><td>{_group_link(rep, g)}</td>{_td(n, '{:,.0f}')}{cells}</tr>")
        out.append(f"<h3>{esc(what.capitalize())}</h3>{_table(head, rows)}")
    if not out:
        return ""
    return (
        '<p class="note">Who is quoted (source types) and how (cue stance: neutral "said", '
        'assertive "stressed", doubt "claimed"), as shares of each group\'s attributions with their '
        "counts; bars run from 0 to 100%.</p>" + "".join(out)
    )


def section_explorer(rep: Report) -> str:
    if not rep.views:
        return (
            '<p class="note">The term explorer needs the articles\' analyses and texts: score with '
            "<code>framing score --details</code> and pass the corpus to "
            "<code>framing compare --corpus CORPUS</code>.</p>"
        )
    totals = Counter()
    for a in rep.views.values():
        totals.update(t.term.lower() for t in a.loaded_terms)
    picks = "".join(
        f'<button type="button" data-term="{esc(term)}" aria-pressed="false">{esc(term)} '
        f"<small>{n}</small></button>"
        for term, n in totals.most_common(24)
    )
    options = "".join(f'<option value="{esc(term)}">' for term, _ in totals.most_common())
    return (
        f'<p class="note">Pick a loaded term to see how often each {esc(rep.by)} uses it and every '
        "sentence it appears in (keyword in context), in the outlet's own voice or inside a quote. "
        "Click an article to open it.</p>"
        '<div class="explorer" id="explorer-ui"><p><label for="tx-input">Term</label> '
        '<input type="search" id="tx-input" list="tx-list" placeholder="type a term" autocomplete="off">'
        f'<datalist id="tx-list">{options}</datalist></p><div class="picks">Most used: {picks}</div>'
        '<div id="tx-out" aria-live="polite"></div></div>'
    )


def section_distinguishing(rep: Report) -> str:
    p = rep.cmp.params
    mode = "loaded terms found by the scorer" if p.get("terms") == "loaded" else "all words"
    explorable = set()
    for a in rep.views.values():
        explorable.update(t.term.lower() for t in a.loaded_terms)
    rows = []
    for g in rep.groups:
        top = rep.cmp.top_terms(g, n=rep.n_terms)
        cell = "".join(
            f"<span>{_term_link(r.term, explorable)} <small>z={r.z:.1f}, {int(r['count'])}×</small></span>"
            for _, r in top.iterrows()
        )
        rows.append(
            f"<tr><td>{_group_link(rep, g)}</td><td class='terms'>"
            f"{cell or '<small>none with z ≥ 1.96</small>'}</td></tr>"
        )
    return (
        '<p class="note">Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi &amp; '
        f"Quinn 2008), each group against all others, over {esc(mode)}; prior mass α₀ = "
        f"{p.get('alpha0')}, terms used at least {p.get('min_count')} times; z ≥ 1.96 shown with the "
        "number of uses.</p>"
        f"{_table([rep.by, 'most distinctive terms (one vs rest)'], rows, numeric_from=9)}"
    )


def _term_link(term: str, explorable: set) -> str:
    if term.lower() in explorable:
        return f'<a href="#term/{esc(term.lower())}">{esc(term)}</a>'
    return esc(term)


def section_contrast(rep: Report) -> str:
    c = rep.data.get("contrast")
    if not c:
        return ""
    if not (isinstance(c, dict) and "groups" in c and "terms" in c):
        return generic_html(c)
    a, b = c["groups"]
    terms = c["terms"]
    sides = []
    for label, part in (
        (a, [r for r in terms if r["z"] is not None and r["z"] >= 1.96][: rep.n_terms]),
        (
            b,
            sorted(
                (r for r in terms if r["z"] is not None and r["z"] <= -1.96), key=lambda r: r["z"]
            )[: rep.n_terms],
        ),
    ):
        cell = "".join(
            f"<span>{esc(r['term'])} <small>z={r['z']:.1f}, {r['count']}× vs {r['count_other']}×</small></span>"
            for r in part
        )
        sides.append(
            f"<tr><td>{esc(label)}</td><td class='terms'>{cell or '<small>none</small>'}</td></tr>"
        )
    extra = {k: v for k, v in c.items() if k not in ("groups", "terms")}
    return (
        _contrast_summary_html(rep.data.get("contrast_summary"))
        + f'<p class="note">Terms: {esc(a)} against {esc(b)} (same log-odds as above).</p>'
        f"{_table(['more typical of', 'terms'], sides, numeric_from=9)}"
        + (generic_html(extra) if extra else "")
    )


def _interval_text(d: dict) -> str:
    return f"{d['difference']:+.3f} [{num(d.get('ci_low'), '{:+.3f}')}, {num(d.get('ci_high'), '{:+.3f}')}]"


def _contrast_summary_html(summary: Any) -> str:
    """``to_dict()["contrast_summary"]``: the score difference of the two groups with its
    interval, paired by event when events are known, and the sources that differ."""
    if not isinstance(summary, dict) or summary.get("difference") is None:
        return ""
    a, b = esc(summary.get("a")), esc(summary.get("b"))
    lines = [
        f"<li>Framing score of {a} minus {b}: <b>{_interval_text(summary)}</b> "
        f"({summary.get('n_a')} and {summary.get('n_b')} articles).</li>"
    ]
    paired = summary.get("paired_by_event") or {}
    if paired.get("difference") is not None:
        lines.append(
            f"<li>Paired by event (the same events covered by both): {_interval_text(paired)} "
            f"over {paired.get('n_events')} events.</li>"
        )
    elif paired:
        lines.append("<li>No event covered by both, so no paired difference.</li>")
    rest = {
        k: v
        for k, v in summary.items()
        if k
        not in {
            "a",
            "b",
            "n_a",
            "n_b",
            "difference",
            "ci_low",
            "ci_high",
            "paired_by_event",
            "sources",
        }
        and v
    }
    return (
        f'<ul class="findings">{"".join(lines)}</ul>'
        + _contrast_sources_html(summary.get("sources"), a, b)
        + (generic_html(rest) if rest else "")
    )


#: Sources shown at first on each side of the contrast (the rest behind "show all").
SOURCES_SHOWN = 10


def _source_row(r: dict) -> str:
    z = r.get("z")
    return (
        f"<tr><td>{esc(r['term'])}</td><td>{esc(r.get('type', ''))}</td>"
        f"{_td(r.get('count'), '{:,.0f}')}{_td(r.get('count_other'), '{:,.0f}')}"
        f"{_td(z, '{:+.1f}')}</tr>"
    )


def _contrast_sources_html(sources: Any, a: str, b: str) -> str:
    """The cited sources of the two groups (names as the articles give them, one person's
    names merged; see ``framing.compare.source_name``): the most typical of each side
    first, every source behind "show all"."""
    if not isinstance(sources, list) or not sources:
        return ""
    ranked = [r for r in sources if r.get("z") is not None]
    top_a = [r for r in ranked if r["z"] > 0][:SOURCES_SHOWN]
    top_b = sorted((r for r in ranked if r["z"] < 0), key=lambda r: r["z"])[:SOURCES_SHOWN]
    head = ["source", "type", f"cited by {a}", f"cited by {b}", "z"]
    shown = _table(
        head, [_source_row(r) for r in top_a + top_b], numeric_from=2, table_id="contrast-sources"
    )
    every = _table(
        head, [_source_row(r) for r in sources], numeric_from=2, table_id="contrast-sources-all"
    )
    return (
        f'<h3>Sources cited</h3><p class="note">Attributions per source: the {len(top_a)} most '
        f"typical of {esc(a)}, then of {esc(b)} (same log-odds as the terms; z beyond ±1.96 is "
        "unlikely by chance). A pronoun or short name counts as the fullest name the article gives; "
        "one person's names (Donald Trump, President Trump) are merged; clauses caught as a "
        "source are left out.</p>"
        f"{shown}<details><summary>show all {len(sources)} sources</summary>{every}</details>"
    )


def section_naming(rep: Report) -> str:
    n = rep.cmp.naming_choices
    if n is None or n.empty:
        return '<p class="note">No naming-group terms in these articles.</p>'
    by = rep.by
    totals = n.groupby("group")["count"].sum().sort_values(ascending=False, kind="stable")
    out, small = [], []
    for rank, group in enumerate(totals.index):
        g = n[n["group"] == group]
        names = [x for x in dict.fromkeys(g["name"]) if g[g["name"] == x]["count"].sum() > 0]
        if len(names) < 2:
            continue
        rows = []
        for outlet in rep.groups:
            sub = g[g[by].astype(str) == outlet].set_index("name")
            if sub.empty or sub["count"].sum() == 0:
                continue
            uses = int(sub["count"].sum())
            cells = "".join(
                _bar_td(sub.loc[x, "share"], sub.loc[x, "count"], few=uses < FEW) for x in names
            )
            rows.append(
                f"<tr><td>{_group_link(rep, outlet)}</td>{_td(uses, '{:,.0f}')}{cells}</tr>"
            )
        is_open = " open" if rank < 2 else ""
        (out if totals[group] >= 2 * FEW else small).append(
            f'<details class="concept"{is_open}><summary>{esc(group.replace("_", " "))} '
            f"<small>({int(totals[group])} uses: {esc(', '.join(names))})</small></summary>"
            f"{_table([by, 'uses', *names], rows)}</details>"
        )
    if small:
        out.append(
            f"<details><summary>{len(small)} more concepts, each named fewer than {2 * FEW} "
            f"times in all</summary>{''.join(small)}</details>"
        )
    out.insert(
        0, '<p class="note">Open a concept to see its table; the two most used are open.</p>'
    )
    if not out:
        return '<p class="note">No concept named in more than one way in these articles.</p>'
    return (
        '<p class="note">For concepts that can be named in several ways, each group\'s share of each '
        f"name among its uses, with the count; rows from fewer than {FEW} uses are in italics (a "
        "share of 100% from one use says little). Bars run from 0 to 100%.</p>" + "".join(out)
    )


def section_actors(rep: Report) -> str:
    actors = rep.data.get("actors")
    if not actors:
        return ""
    shown = set(rep.groups)
    rows = []
    keys: dict[str, str] = {}
    for r in actors:
        if str(r[rep.by]) not in shown:
            continue
        net = r.get("net_sentiment")
        key = str(r.get("key") or r["actor"])
        keys.setdefault(key, str(r["actor"]))
        rows.append(
            f'<tr data-key="{esc(key)}"><td>{esc(r["actor"])} <small>{esc(r.get("kind", ""))}</small></td>'
            f"<td>{_group_link(rep, r[rep.by])}</td>{_td(r['n_articles'], '{:,.0f}')}"
            f"<td>{esc(r['labels'])}</td><td>{esc(r['quoted_labels'])}</td><td>{esc(r['roles'])}</td>"
            + _td(
                net,
                "{:+.2f}",
                f" <small>[{num(r.get('net_ci_low'), '{:+.2f}')}, {num(r.get('net_ci_high'), '{:+.2f}')}]</small>",
            )
            + "</tr>"
        )
    head = [
        "actor",
        rep.by,
        "articles",
        "called (outlet's voice)",
        "called (in quotes)",
        "agent / patient of",
        "net sentiment [95% CI]",
    ]
    picks = '<button type="button" data-key="" aria-pressed="false">all actors</button>' + "".join(
        f'<button type="button" data-key="{esc(k)}" aria-pressed="false">{esc(name)}</button>'
        for k, name in keys.items()
    )
    return (
        '<p class="note">The corpus\'s most frequent actors (matched across articles by name and '
        "aliases): the nouns and labels used for them in the outlet's own voice and inside quotes, "
        "with counts, the loaded verbs they are agent or patient of, and the mean sentiment toward "
        "them (positive minus negative, −1 to +1; target-dependent model trained on NewsMTSC; "
        "bootstrap over articles). Pick an actor to compare the outlets on it.</p>"
        f'<div class="filter" data-table="actors-table" role="group" aria-label="actor">{picks}</div>'
        f"{_table(head, rows, numeric_from=9, table_id='actors-table')}"
    )


def _article_links(rep: Report, ids: Any) -> dict[str, int]:
    """Article id -> row of the articles that have a view, for the ids given."""
    a = rep.articles
    if a is None or not rep.views:
        return {}
    wanted = set(ids)
    return {str(a.at[i, "id"]): i for i in rep.views if str(a.at[i, "id"]) in wanted}


def section_events(rep: Report, max_events: int = 30) -> str:
    """``to_dict()["events"]`` and ``["event_outlets"]``: each event with the groups'
    choices side by side (naming of its actors, loaded terms, sources), and
    ``["event_effects"]`` / ``["event_pairs"]``: the groups compared within events."""
    events = rep.data.get("events")
    if not events:
        return ""
    outlets = rep.data.get("event_outlets") or []
    by_event: dict[str, list] = {}
    for r in outlets:
        by_event.setdefault(str(r.get("event")), []).append(r)
    p = rep.cmp.params
    how = (
        f"by the {esc(p.get('events_from'))} column"
        if p.get("events_from") not in (None, "clustering")
        else f"by date (within {p.get('window_days')} days) and text similarity (at least "
        f"{p.get('min_similarity')})"
    )
    out = [
        f'<p class="note">{plural(len(events), "event")} found {how}, with {p.get("n_articles_in_events", "")} '
        f"articles. For each, every {esc(rep.by)}'s choices side by side; comparing within events "
        "takes the topic mix out of the comparison. <i>Actors named</i>: each actor that two "
        f"{esc(rep.by)}s or more mention, with the words the {esc(rep.by)} itself calls it (outside "
        "quotes) and how often; &ldquo;-&rdquo;: mentioned, never labelled. <i>Sources</i>: who is "
        "cited, and how many times.</p>"
    ]
    out.append(_event_effects_html(rep))
    pairs = rep.data.get("event_pairs")
    if pairs:
        out.append(
            f"<h3>Pairs of {esc(rep.by)}s over their shared events</h3>{generic_html(pairs)}"
        )
    shown = sorted(events, key=lambda e: (-(e.get("n_groups") or 0), -(e.get("n_articles") or 0)))
    for e in shown[:max_events]:
        ev = str(e.get("event"))
        links = _article_links(rep, str(e.get("ids") or "").split("|"))
        rows = []
        for r in by_event.get(ev, []):
            g = str(r.get(rep.by))
            arts = [
                f'<a href="#article/{i}">article</a>'
                for k, i in links.items()
                if str(rep.articles.at[i, rep.by]) == g
            ]
            rows.append(
                f"<tr><td>{_group_link(rep, g) if g in rep.groups else esc(g)} {' '.join(arts)}</td>"
                f"{_td(r.get('framing_score'))}<td>{esc(r.get('actor_naming'))}</td>"
                f"<td>{esc(r.get('loaded_terms'))}</td><td>{esc(r.get('sources'))}</td>"
                f"<td>{esc(r.get('source_types'))}</td></tr>"
            )
        dates = " – ".join(
            dict.fromkeys(str(e[k]) for k in ("first_date", "last_date") if e.get(k))
        )
        first = next(iter(links.values()), None)
        title = e.get("title") or (headline(rep.views[first].text) if first is not None else None)
        out.append(
            f"<h3>{esc(title or ev)} <small>({esc(ev)}; {e.get('n_articles')} articles, "
            f"{e.get('n_groups')} {esc(rep.by)}s{'; ' + esc(dates) if dates else ''})</small></h3>"
            + _table(
                [
                    rep.by,
                    "framing score",
                    "actors named",
                    "loaded terms",
                    "sources",
                    "source types",
                ],
                rows,
                numeric_from=1,
            )
        )
    if len(shown) > max_events:
        out.append(f'<p class="note">{len(shown) - max_events} more events in the JSON output.</p>')
    return "".join(out)


def _event_effects_html(rep: Report) -> str:
    effects = rep.data.get("event_effects")
    if not effects:
        return ""
    value = next((k for k in effects[0] if k.endswith("_within_event")), None)
    if value is None:
        return generic_html(effects)
    order = {g: i for i, g in enumerate(rep.groups)}
    effects = sorted(effects, key=lambda r: order.get(str(r[rep.by]), len(order)))
    chart = difference_chart(
        [f"{r[rep.by]} ({plural(int(r.get('n_events') or 0), 'event')})" for r in effects],
        [(r[value], r.get("ci_low"), r.get("ci_high")) for r in effects],
        title=f"Framing score of each {rep.by} within events: its mean deviation from the event's mean",
        axis="framing score minus the event's mean over groups",
    )
    one = any(int(r.get("n_events") or 0) == 1 for r in effects)
    return (
        f'<h3>Within events</h3><p class="note">Each {esc(rep.by)}\'s framing score within the events '
        "it covered, as its mean deviation from each event's mean over groups, with a bootstrap 95% "
        "interval over events"
        + (" (none for a group seen in one event only)" if one else "")
        + ".</p>"
        + chart
        + _table(
            [rep.by, "events", "within-event framing score [95% CI]"],
            [
                f"<tr><td>{esc(r[rep.by])}</td>{_td(r.get('n_events'), '{:,.0f}')}"
                + _td(
                    r[value],
                    "{:+.3f}",
                    " <small>(one event: no interval)</small>"
                    if int(r.get("n_events") or 0) == 1
                    else f" <small>[{num(r.get('ci_low'), '{:+.3f}')}, "
                    f"{num(r.get('ci_high'), '{:+.3f}')}]</small>",
                )
                + "</tr>"
                for r in effects
            ],
        )
    )


_PERIOD_KEYS = ("period", "month", "week", "quarter", "year", "day", "date")


def _interval_keys(row: dict, value: str) -> tuple[str | None, str | None]:
    for lo, hi in ((f"{value}_lo", f"{value}_hi"), ("ci_low", "ci_high"), ("lo", "hi")):
        if lo in row and hi in row:
            return lo, hi
    return None, None


#: Human labels of the trend table's columns (``Comparison.trends``).
_TREND_LABELS = {
    "period": "period",
    "n_articles": "articles",
    "framing_score": "mean framing score",
    "ci_low": "95% interval from",
    "ci_high": "to",
}


def _undated_note(rep: Report) -> str:
    """How many articles the trend leaves out for want of a readable date, per group."""
    p = rep.cmp.params
    per = p.get("undated_by_group") or {}
    total = int(p.get("dates_missing", 0) or 0) + int(p.get("dates_unreadable", 0) or 0)
    if not total and not per:
        return '<p class="note">Every article has a readable date.</p>'
    sizes = rep.cmp.table["n_articles"] if "n_articles" in rep.cmp.table else {}
    parts = []
    for g, n in sorted(per.items(), key=lambda kv: -kv[1]):
        size = int(sizes.get(g, 0)) if hasattr(sizes, "get") else 0
        parts.append(
            f"{esc(g)} {n}" + (" (all)" if size and n >= size else f" of {size}" if size else "")
        )
    col = esc(p.get("date_col", "date"))
    return (
        f'<p class="note" id="trend-undated"><b>{plural(total, "article")} had no readable date</b> '
        f"(column <code>{col}</code>: {p.get('dates_missing', 0)} missing, "
        f"{p.get('dates_unreadable', 0)} unreadable) and are left out of this section"
        + (f": {'; '.join(parts)}." if parts else ".")
        + "</p>"
    )


def _trend_table(rep: Report, records: list[dict]) -> str:
    rows = []
    for r in records:
        cells = [
            f"<td>{_group_link(rep, r.get(rep.by))}</td>"
            if str(r.get(rep.by)) in rep.groups
            else f"<td>{esc(r.get(rep.by))}</td>",
            f"<td>{esc(r.get('period'))}</td>",
        ]
        cells.append(_td(r.get("n_articles"), "{:,.0f}"))
        m, lo, hi = r.get("framing_score"), r.get("ci_low"), r.get("ci_high")
        if r.get("n_articles") == 1:
            ci = " <small>(one article: no interval)</small>"
        elif lo is None or hi is None or lo != lo:
            ci = ""
        else:
            ci = f" <small>[{num(lo)}, {num(hi)}]</small>"
        cells.append(_td(m, extra=ci))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = [rep.by, "period", "articles", "mean framing score [95% interval]"]
    return _table(head, rows, numeric_from=2, table_id="trend-table")


def section_trend(rep: Report) -> str:
    """``to_dict()["trends"]``: per group and period the mean framing score (with its interval
    when given) as small multiples on one axis, and the records as a table with human
    labels; how many articles had no readable date, per group. Records without a
    recognisable period column are shown as a plain table."""
    value = rep.data.get("trends") or rep.data.get("trend")
    if not value:
        return ""
    records = value.get("rows") if isinstance(value, dict) else value
    chart = ""
    table = ""
    if isinstance(records, list) and records and isinstance(records[0], dict):
        first = records[0]
        period = next((k for k in _PERIOD_KEYS if k in first), None)
        if period and rep.by in first and "framing_score" in first:
            lo, hi = _interval_keys(first, "framing_score")
            series: dict[str, list] = {}
            for r in records:
                m = r.get("framing_score")
                if m is None:
                    continue
                series.setdefault(str(r[rep.by]), []).append(
                    (
                        str(r[period]),
                        float(m),
                        r.get(lo) if lo else None,
                        r.get(hi) if hi else None,
                        r.get("n_articles"),
                    )
                )
            order = [g for g in rep.groups if g in series] + [
                g for g in series if g not in rep.groups
            ]
            over = rep.cmp.params.get("over") or period
            chart = period_panels(
                {g: series[g] for g in order},
                title=f"Mean framing score per {rep.by} and {over}, one axis from 0",
            )
            if period == "period" and set(first) <= {rep.by, *_TREND_LABELS}:
                table = _trend_table(rep, records)
    note = (
        f"Mean framing score per {esc(rep.by)} and {esc(rep.cmp.params.get('over') or 'period')} "
        "with its 95% bootstrap interval (none from a single article); every panel on the same "
        "axis, starting at 0."
        if chart
        else "Scores over time."
    )
    undated = _undated_note(rep) if "dates_missing" in rep.cmp.params else ""
    return f'<p class="note">{note}</p>{undated}{chart}{table or generic_html(value)}'


def section_method(rep: Report) -> str:
    return (
        '<p class="note">Scores come from an automatic analysis (lexicon, sentence model, attribution '
        "rules) and carry its errors; differences between groups also reflect the topics each group "
        "covers. Compare groups on comparable topics and read the evidence in the single articles "
        "(open a group, then an article). Intervals are percentile bootstrap intervals over articles "
        f"({rep.cmp.params.get('n_boot')} resamples, seed {rep.cmp.params.get('seed')}).</p>"
    )


#: The report's sections, in page order.
SECTIONS: list[Section] = [
    Section("findings", "What stands out", section_findings),
    Section("overview", "Framing scores", section_overview),
    Section("differences", "Score differences", section_differences),
    Section("topics", "Per topic", section_topics),
    Section("events", "Same event", section_events),
    Section("trend", "Over time", section_trend),
    Section("loaded", "Loaded language", section_loaded),
    Section("explorer", "Term explorer", section_explorer),
    Section("attribution", "Attribution", section_attribution),
    Section("distinguishing", "Distinguishing terms", section_distinguishing),
    Section("contrast", "Head to head", section_contrast),
    Section("naming", "Naming choices", section_naming),
    Section("actors", "Actors: who is called what", section_actors),
    Section("method", "Method and caveats", section_method),
]


# ---------------------------------------------------------------- generic data


def _fmt(v: Any) -> tuple[str, str]:
    """(cell text, sort value) of a plain JSON value."""
    if isinstance(v, bool) or v is None:
        return ("" if v is None else str(v).lower()), ""
    if isinstance(v, int):
        return f"{v:,}", str(v)
    if isinstance(v, float):
        return ("—", "") if math.isnan(v) else (f"{v:.3f}", repr(v))
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)[:200], ""
    return str(v), ""


def generic_html(value: Any) -> str:
    """Plain JSON data as HTML: a list of records as a sortable table, a mapping as its items
    (lists of records as tables under their key)."""
    if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
        cols = list(dict.fromkeys(k for r in value for k in r))
        rows = []
        for r in value:
            cells = []
            for c in cols:
                text, v = _fmt(r.get(c))
                cls = ' class="num"' if v else ""
                cells.append(f'<td{cls} data-v="{esc(v)}">{esc(text)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f"<th>{esc(c)}</th>" for c in cols)
        return (
            f'<div class="scroll"><table class="data sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    if isinstance(value, dict):
        parts = []
        plain = []
        for k, v in value.items():
            if isinstance(v, list | dict) and v:
                parts.append(f"<h3>{esc(str(k).replace('_', ' '))}</h3>{generic_html(v)}")
            else:
                plain.append(f"<li><b>{esc(k)}</b>: {esc(_fmt(v)[0])}</li>")
        return (f"<ul>{''.join(plain)}</ul>" if plain else "") + "".join(parts)
    if isinstance(value, list):
        return f"<p>{esc(', '.join(_fmt(v)[0] for v in value))}</p>"
    return f"<p>{esc(_fmt(value)[0])}</p>"


# ---------------------------------------------------------------- articles


def _analyses(cmp: Comparison, groups: list[str], max_articles: int) -> dict[int, ArticleAnalysis]:
    """Article row -> analysis, for the shown groups' articles that have one: all of them
    when there are at most ``max_articles``, else an equal share per group, half its
    highest-scored and half its lowest-scored articles."""
    a = cmp.articles
    if a is None or "analysis" not in a.columns:
        return {}
    ok = a[a["analysis"].notna() & a["text"].notna() & a[cmp.by].astype(str).isin(groups)]
    quota = max(1, max_articles // max(1, len(groups)))
    rows: list[int] = []
    for _, g in ok.groupby(cmp.by, sort=False):
        order = g.sort_values("framing_score", ascending=False, kind="stable").index.tolist()
        if len(ok) > max_articles and len(order) > quota:
            order = order[: (quota + 1) // 2] + order[len(order) - quota // 2 :]
        rows += order
    views = {int(i): cmp.analysis(int(i)) for i in rows}
    return {i: v for i, v in views.items() if v is not None}


def _title(row: Any, analysis: ArticleAnalysis | None) -> str:
    for col in ("title", "headline"):
        v = row.get(col)
        if isinstance(v, str) and v.strip():
            return v.strip()
    if analysis is not None and headline(analysis.text):
        return headline(analysis.text) or ""
    return str(row.get("id") or "article")


#: Short headings of the scores in the article lists.
_SHORT = {
    "framing_score": "framing score",
    "loaded_language": "loaded",
    "biased_sentences": "biased",
    "attribution": "attribution",
    "unattributed_claims": "unattributed",
}


def _outlet_panel(rep: Report, gi: int, titles: dict[int, str]) -> str:
    a = rep.articles
    g = rep.groups[gi]
    sub = a[a[rep.by].astype(str) == g].sort_values("framing_score", ascending=False, kind="stable")
    listed = (
        f" Listing the {MAX_LISTED:,} highest-scored of {len(sub):,}."
        if len(sub) > MAX_LISTED
        else ""
    )
    sub = sub.head(MAX_LISTED)
    r = rep.cmp.table.loc[g]
    meta = [c for c in ("date", "topic") if c in a.columns and c != rep.by]
    head = ["#", "article", *meta, *_SHORT.values(), "loaded terms", "top terms"]
    rows = []
    for rank, (i, row) in enumerate(sub.iterrows(), 1):
        title = esc(titles[int(i)])
        link = (
            f'<a class="open" href="#article/{int(i)}">{title}</a>'
            if int(i) in rep.views
            else title
        )
        cells = "".join(
            f'<td class="meta">{esc(str(row.get(c) or "").replace("_", " "))}</td>' for c in meta
        )
        cells += "".join(_td(row.get(c)) for c in SUBSCORES)
        cells += _td(row.get("n_loaded_terms"), "{:,.0f}")
        top = str(row.get("top_terms") or "").replace("|", ", ")
        rows.append(
            f'<tr>{_td(rank, "{:d}")}<td class="title">{link}</td>{cells}<td>{esc(top)}</td></tr>'
        )
    with_view = sum(int(i) in rep.views for i in sub.index)
    missing = (
        f'<p class="note">{with_view} of these {len(sub)} articles have a single-article view: to '
        "keep the file small, the report includes those of the highest- and lowest-scored "
        "articles of each group.</p>"
        if rep.views and with_view < len(sub)
        else ""
        if rep.views
        else (
            '<p class="note">Single-article views need <code>framing score --details</code> and '
            "<code>framing compare --corpus CORPUS</code>.</p>"
        )
    )
    return (
        f'<h2>{esc(g)}</h2><p class="meta">{int(r["n_articles"])} articles, '
        f"{int(r['n_words']):,} words; mean framing score {r['framing_score']:.3f} "
        f"[{r['framing_score_lo']:.3f}, {r['framing_score_hi']:.3f}]. Articles sorted by framing "
        f"score; open one to see its evidence. Sub-scores: loaded language, biased sentences, "
        f"slanted attribution, unattributed claims.{listed}</p>{missing}"
        f"{_table(head, rows, numeric_from=2)}"
    )


def _kwic(text: str, s_start: int, s_end: int, t_start: int, t_end: int) -> tuple[str, str, str]:
    """Left context, keyword and right context of a term within its sentence, cut at a word
    boundary at most :data:`KWIC_CONTEXT` characters from the term."""
    left = text[max(s_start, t_start - KWIC_CONTEXT) : t_start].split()
    right = text[t_end : min(s_end, t_end + KWIC_CONTEXT)].split()
    cut_left = t_start - KWIC_CONTEXT > s_start and len(left) > 1
    cut_right = t_end + KWIC_CONTEXT < s_end and len(right) > 1
    if cut_left:
        left = ["…" + left[1], *left[2:]]
    if cut_right:
        right = [*right[:-2], right[-2] + "…"]
    return " ".join(left), " ".join(text[t_start:t_end].split()), " ".join(right)


def _client_data(rep: Report, titles: dict[int, str], title: str) -> dict[str, Any]:
    a = rep.articles
    t = rep.cmp.table.loc[rep.groups]
    groups = {g: i for i, g in enumerate(rep.groups)}
    articles = []
    index = {}
    if a is not None:
        for i, row in a.iterrows():
            g = str(row[rep.by])
            if g in groups:
                index[int(i)] = len(articles)
                articles.append([groups[g], titles[int(i)], int(i) in rep.views])
    terms: dict[str, list] = {}
    for i, an in rep.views.items():
        g = groups.get(str(a.at[i, rep.by]))
        if g is None:
            continue
        for t_ in an.loaded_terms:
            s = an.sentences[t_.sentence] if 0 <= t_.sentence < len(an.sentences) else None
            lo, hi = (s.start, s.end) if s else (t_.start, t_.end)
            left, kw, right = _kwic(an.text, lo, hi, t_.start, t_.end)
            terms.setdefault(t_.term.lower(), []).append(
                [g, i, t_.sentence, left, kw, right, int(t_.quoted)]
            )
    first = max(terms, key=lambda k: (len(terms[k]), k)) if terms else None
    return {
        "title": title,
        "by": rep.by,
        "groups": rep.groups,
        "sizes": [int(n) for n in t["n_articles"]],
        "words": [int(n) for n in t["n_words"]],
        "articles": [articles[index[i]] if i in index else None for i in range(len(a))]
        if a is not None
        else [],
        "terms": terms,
        "first_term": first,
    }


def _script_json(obj: Any) -> str:
    """JSON safe inside ``<script>`` (no ``</`` and no ``<!--``)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_comparison_html(
    cmp: Comparison,
    plots: bool = True,
    max_groups: int = 30,
    n_terms: int = 8,
    title: str | None = None,
    max_articles: int = 600,
) -> str:
    """The outlet report as one self-contained HTML file (no network, no plotting library).

    Parameters
    ----------
    cmp : Comparison
    plots : bool
        Draw the SVG charts (``False``: tables only).
    max_groups : int
        At most this many groups (the largest) are shown.
    n_terms : int
        Distinguishing terms shown per group.
    title : str, optional
        The report's title (default "Framing by <by>").
    max_articles : int
        Single-article views embedded at most (about 40 kB each): with more articles, each
        group gets an equal share, half its highest- and half its lowest-scored articles.
        All articles are still listed under their group (up to :data:`MAX_LISTED` each).
    """
    groups = [str(g) for g in shown_groups(cmp, max_groups)]
    data = cmp.to_dict()
    views = _analyses(cmp, groups, max_articles)
    rep = Report(cmp=cmp, data=data, groups=groups, n_terms=n_terms, views=views)
    title = title or f"Framing by {cmp.by}"
    bodies = [(s, s.render(rep)) for s in SECTIONS]
    bodies = [(s, b) for s, b in bodies if b]
    if not plots:
        bodies = [(s, _strip_svg(b)) for s, b in bodies]
    nav = " ".join(f'<a href="#{s.key}">{esc(s.title)}</a>' for s, _ in bodies)
    sections = "".join(
        f'<section id="{s.key}"><h2>{esc(s.title)}</h2>{b}</section>' for s, b in bodies
    )
    titles = {}
    templates = []
    if cmp.articles is not None:
        for i, row in cmp.articles.iterrows():
            titles[int(i)] = _title(row, views.get(int(i)))
        for gi in range(len(groups)):
            templates.append(
                f'<template id="fr-o-{gi}">{_outlet_panel(rep, gi, titles)}</template>'
            )
        for i, an in views.items():
            row = cmp.articles.loc[i]
            extra = str(row.get("date") or "") if "date" in cmp.articles.columns else ""
            frag = article_fragment(
                an, titles[i], id_prefix=f"a{i}-", styles=False, extra_meta=extra
            )
            templates.append(f'<template id="fr-a-{i}">{frag}</template>')
    p = cmp.params
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
    views_note = (
        f"{len(views):,} single-article views included."
        if views
        else "No single-article views (score with --details and compare with --corpus)."
    )
    client = _client_data(rep, titles, title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title><style>{REPORT_CSS}{VIEW_CSS}{ARTICLE_CSS}</style></head>
<body>
<header class="top"><div class="wrap"><h1>{esc(title)}</h1>
<p class="meta">{p.get("n_articles", 0):,} articles in {p.get("n_groups", len(cmp.table))} groups. {esc(shown_note)}{esc(dropped_note)}{esc(views_note)}</p>
<nav class="sections" aria-label="sections">{nav}</nav></div></header>
<div class="wrap">
<main id="report">{sections}</main>
<section id="drill" hidden><nav class="crumbs" id="drill-crumbs" aria-label="breadcrumbs"></nav><div id="drill-body"></div></section>
</div>
{"".join(templates)}
<script type="application/json" id="fr-data">{_script_json(client)}</script>
<script>{ARTICLE_JS}</script>
<script>{REPORT_JS}</script>
</body></html>
"""


def _strip_svg(body: str) -> str:
    while "<svg" in body:
        i = body.index("<svg")
        j = body.index("</svg>", i) + len("</svg>")
        body = body[:i] + body[j:]
    return body


def _scoped(css: str, scope: str) -> str:
    """``css`` with every selector put under ``scope`` (``body`` becomes the scope itself), so
    that a fragment's style does not change the page around it. Plain rules only."""
    out = []
    for rule in css.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = ", ".join(
            scope if sel.strip() == "body" else f"{scope} {sel.strip()}"
            for sel in selectors.split(",")
            if sel.strip()
        )
        out.append(f"{scoped} {{{body}}}")
    return "\n".join(out)


def render_comparison_summary_html(cmp: Comparison, max_groups: int = 30) -> str:
    """A static summary of a comparison (the chart and table of scores) for notebooks."""
    groups = [str(g) for g in shown_groups(cmp, max_groups)]
    rep = Report(cmp=_NoArticles(cmp), data={}, groups=groups)  # type: ignore[arg-type]
    return (
        f'<div class="fr-summary"><style>{_scoped(REPORT_CSS, ".fr-summary")}</style>'
        f"<h3>Framing by {esc(cmp.by)}: {cmp.params.get('n_articles', 0):,} articles</h3>"
        f'{section_overview(rep)}<p class="note">Comparison.to_html() gives the full report.</p></div>'
    )


class _NoArticles:
    """A comparison seen without its articles (no drill-down links)."""

    def __init__(self, cmp: Comparison):
        self._cmp = cmp
        self.articles = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cmp, name)
