"""Terminal views of a comparison's events, trends and two-group contrast
(``framing compare --events / --over / --contrast``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compare import Comparison

__all__ = ["render_contrast_text", "render_events_text", "render_trends_text"]


def _f(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.{digits}f}"


def _ci(lo: Any, hi: Any, n: int | None = None) -> str:
    """``[lo, hi]``; no interval for fewer than two values (``n``), only a note."""
    if n is not None and n < 2:
        return "(no interval: one value)"
    return f"[{_f(lo)}, {_f(hi)}]"


def _cut(text: Any, n: int) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def render_events_text(cmp: Comparison, max_events: int = 20) -> str:
    """The events found, each group's choices side by side per event, and the within-event
    differences."""
    if cmp.events is None:
        return ""
    p = cmp.params
    how = (
        f"from column {p.get('events_from')!r}"
        if p.get("events_from") != "clustering"
        else f"clustered: dates within {p.get('window_days'):g} days, text similarity >= "
        f"{p.get('min_similarity'):g}"
    )
    lines = [
        f"Events ({how}): {p.get('n_events', 0)} events, "
        f"{p.get('n_articles_in_events', 0)} of {p.get('n_articles')} articles",
    ]
    if "dates_unreadable" in p:
        lines.append(
            f"  dates: {p['dates_unreadable']} unreadable, {p['dates_missing']} missing "
            "(those articles are not clustered)"
        )
    side = cmp.event_outlets
    for _, e in cmp.events.head(max_events).iterrows():
        when = (
            e["first_date"]
            if e["first_date"] == e["last_date"]
            else (f"{e['first_date']} .. {e['last_date']}")
        )
        lines.append(f"\n{e['event']}  {when}  {e['n_articles']} articles  {_cut(e['title'], 70)}")
        for _, r in side[side["event"] == e["event"]].iterrows():
            lines.append(
                f"  {_cut(r[cmp.by], 24):<24} score {_f(r['framing_score'])}  n={r['n_articles']}"
            )
            if r["actor_naming"]:
                lines.append(f"    naming:  {_cut(r['actor_naming'], 100)}")
            lines.append(f"    loaded:  {_cut(r['loaded_terms'], 100) or '-'}")
            lines.append(f"    sources: {_cut(r['sources'], 100) or '-'}")
            lines.append(f"    types:   {_cut(r['source_types'], 100) or '-'}")
    if len(cmp.events) > max_events:
        lines.append(f"\n... {len(cmp.events) - max_events} more events (--format json lists all)")
    lines.append(
        "\nWithin events (group's mean minus the event's mean over groups; 95% bootstrap "
        "interval over events):"
    )
    for _, r in cmp.event_effects.iterrows():
        lines.append(
            f"  {_cut(r[cmp.by], 28):<28} {r['n_events']:>3} events  "
            f"{_f(r['framing_score_within_event']):>7} "
            f"{_ci(r['ci_low'], r['ci_high'], int(r['n_events']))}"
        )
    return "\n".join(lines) + "\n"


def render_trends_text(cmp: Comparison) -> str:
    """Per group and period: articles, mean framing score, 95% interval."""
    if cmp.trends is None:
        return ""
    p = cmp.params
    lines = [
        f"Framing score by {p.get('over')} (95% bootstrap intervals); dates: "
        f"{p.get('dates_unreadable', 0)} unreadable, {p.get('dates_missing', 0)} missing "
        "(left out)",
        f"  {cmp.by[:24]:<24} {'period':<10} {'n':>4} {'score':>7}  interval",
    ]
    for _, r in cmp.trends.iterrows():
        lines.append(
            f"  {_cut(r[cmp.by], 24):<24} {r['period']:<10} {r['n_articles']:>4} "
            f"{_f(r['framing_score']):>7}  "
            f"{_ci(r['ci_low'], r['ci_high'], int(r['n_articles']))}"
        )
    return "\n".join(lines) + "\n"


def render_contrast_text(cmp: Comparison, n: int = 8) -> str:
    """A vs B: the score difference with its interval (paired by event when known), the
    loaded terms and the sources that differ most."""
    c = cmp.contrast_summary
    if c is None:
        return ""
    a, b = c["a"], c["b"]
    lines = [
        f"Contrast: {a} (n={c['n_a']}) vs {b} (n={c['n_b']})",
        f"  framing score difference {a} - {b}: {_f(c['difference'])} "
        f"{_ci(c['ci_low'], c['ci_high'])} (95% bootstrap interval)",
    ]
    pe = c.get("paired_by_event")
    if pe is not None:
        if pe["n_events"]:
            lines.append(
                f"  paired within {pe['n_events']} shared events: {_f(pe['difference'])} "
                f"{_ci(pe['ci_low'], pe['ci_high'])}"
            )
        else:
            lines.append("  paired by event: no event covered by both")
    for title, d in (("loaded terms", cmp.contrast), ("sources", c.get("sources"))):
        if d is None or len(d) == 0:
            continue
        top_a = d[d["z"] > 0].head(n)
        top_b = d[d["z"] < 0].sort_values("z").head(n)
        lines.append(f"  {title} more typical of {a}: " + _terms(top_a, "count"))
        lines.append(f"  {title} more typical of {b}: " + _terms(top_b, "count_other"))
    return "\n".join(lines) + "\n"


def _terms(d: Any, count: str) -> str:
    if len(d) == 0:
        return "-"
    return ", ".join(f"{r['term']} ({int(r[count])}, z={r['z']:+.1f})" for _, r in d.iterrows())
