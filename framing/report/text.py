"""Plain-text views: one article with its terms marked, and the comparison tables."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .common import plural as _count
from .common import score_contributions, terminal_safe

if TYPE_CHECKING:
    from ..compare import Comparison
    from ..scoring import ArticleAnalysis

__all__ = ["render_text", "render_comparison_text", "render_actor_text"]


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
    learned = score_contributions(a)
    if learned:  # the learned article score: every contribution to the logit, checkable
        intercept, rows = learned
        line = f"score = sigmoid({intercept:+.2f} intercept " + " ".join(
            f"{c:+.2f} {k} ({v:.3g})" for k, v, c in rows
        )
        out[1:1] = textwrap.wrap(line + ")", width=width, subsequent_indent="  ")
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
    return terminal_safe("\n".join(out)) + "\n"


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
    return terminal_safe("\n".join(lines)) + "\n"


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
        ci = (
            f"{r['framing_score']:.3f} [{r['framing_score_lo']:.3f}, {r['framing_score_hi']:.3f}]"
            if r["n_articles"] > 1
            else f"{r['framing_score']:.3f} (one article)"
        )
        lines.append(
            f"{g!s:<{width}}  {int(r['n_articles']):>5}  {ci:<22}  {r['loaded_language']:>6.3f}  "
            f"{r['biased_sentences']:>6.3f}  {r['attribution']:>6.3f}  {r['unattributed_claims']:>6.3f}  "
            f"{r['loaded_per_1k']:>6.2f}  {terms}"
        )
    lines += [
        "",
        "loaded, biased, attrib, unattr: mean sub-scores (0-1) for loaded language, biased "
        "sentences, attribution and unattributed claims; LT/1k: loaded terms per 1,000 words; "
        "[95% CI]: bootstrap interval over the group's articles (none for one article)",
    ]
    return terminal_safe("\n".join(lines)) + "\n"
