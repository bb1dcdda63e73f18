"""The single-article view: the text with every flag marked inline, a legend and a list of
every flag with its details (nothing is shown on hover only).

:func:`article_fragment` is the view as an HTML fragment (used by the outlet report's
drill-down and by ``ArticleAnalysis._repr_html_`` in notebooks); :func:`render_html` is the
same view as a stand-alone page (``framing analyze --format html``). Loaded terms are marked
displaCy style: the words on a light background in their category's colour, with a chip
after them naming the category and the term's number in the list of flags. All text is
HTML-escaped; the offsets of the analysis index into ``analysis.text``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..subscores import QUOTED_WEIGHT, STANCE_WEIGHTS, SUBSCORE_WEIGHTS
from .assets import ARTICLE_JS, VIEW_CSS
from .colours import CATEGORY_NOTES, SENTENCE_TINT_MAX, TEXT, category_colours, sentence_tint
from .common import esc, headline, plural, readable_evidence_list, score_contributions

if TYPE_CHECKING:
    from ..scoring import ArticleAnalysis, LoadedTerm

__all__ = ["ARTICLE_CSS", "article_fragment", "render_html", "article_title", "subscore_notes"]

#: Sentences with at least this P(biased) get their probability printed after them.
SHOW_P_FROM = 0.5

_STANCE_CLASS = {
    "neutral": "neutral",
    "assertive": "assertive",
    "concession": "assertive",
    "doubt": "doubt",
    "loaded": "doubt",
}

#: Styles of the view; every selector is under ``.fr-article`` so that the fragment can sit
#: inside another page (a notebook, the outlet report) without changing it.
ARTICLE_CSS = f"""
.fr-article {{ color: {TEXT}; font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif;
  line-height: 1.5; }}
.fr-article h1, .fr-article h2 {{ line-height: 1.25; }}
.fr-article h1 {{ font-family: Georgia, 'DejaVu Serif', serif; font-size: 1.7em; margin: .2em 0 .3em; }}
.fr-article h2 {{ font-size: 1.1em; margin: 1.4em 0 .4em; }}
.fr-article .fr-meta {{ color: #4d4d4d; font-size: .9em; }}
.fr-article .fr-scores {{ display: flex; flex-wrap: wrap; gap: .5em; margin: .8em 0; }}
.fr-article .fr-score {{ border: 1px solid #c9c9c9; border-radius: 6px; padding: .35em .6em; flex: 1 1 13em; max-width: 22em;
  font-size: .82em; }}
.fr-article .fr-score b {{ font-size: 1.45em; display: block; }}
.fr-article .fr-score small {{ color: #4d4d4d; }}
.fr-article .fr-bar {{ height: 6px; background: #e6e6e6; border-radius: 3px; margin-top: .25em; }}
.fr-article .fr-bar span {{ display: block; height: 6px; background: #3d4a5c; border-radius: 3px; }}
.fr-article .fr-legend {{ font-size: .8em; border: 1px solid #c9c9c9; border-radius: 6px;
  padding: .5em .7em; background: #fafafa; margin: .6em 0 1em; }}
.fr-article .fr-legend .fr-key {{ display: inline-block; margin: 0 1.1em .35em 0; }}
.fr-article .fr-legend .fr-key small {{ color: #4d4d4d; }}
.fr-article .fr-cols {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(17em, 24em); gap: 1.6em;
  align-items: start; }}
@media (max-width: 900px) {{ .fr-article .fr-cols {{ grid-template-columns: minmax(0, 1fr); }} }}
.fr-article .fr-text {{ font-family: Georgia, 'DejaVu Serif', serif; font-size: 1.05em; line-height: 1.9;
  white-space: pre-wrap; overflow-wrap: break-word; }}
.fr-article .fr-s {{ border-radius: 2px; padding: .1em 0; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; }}
.fr-article mark.fr-t {{ color: {TEXT}; border: 1.5px solid; border-radius: 4px; padding: .05em .2em;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
.fr-article mark.fr-t.fr-quoted {{ border-style: dashed; }}
.fr-article .fr-chip {{ font-family: 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; font-size: .62em;
  font-weight: bold; color: #fff; border-radius: 3px; padding: .1em .35em; margin-left: .3em;
  text-transform: uppercase; letter-spacing: .03em; vertical-align: .15em; white-space: nowrap; }}
.fr-article .fr-src {{ border-bottom: 2px solid #1f4e9c; }}
.fr-article .fr-cue {{ font-weight: bold; border-bottom: 2px solid #5c5c5c; }}
.fr-article .fr-cue.fr-assertive {{ border-bottom-color: #a84b00; }}
.fr-article .fr-cue.fr-doubt {{ border-bottom: 2px dotted #a3140f; border-bottom-width: 3px; }}
.fr-article .fr-furn {{ color: #5c5c5c; text-decoration: line-through; text-decoration-color: #8a8a8a; }}
.fr-article .fr-cnt {{ background-image: linear-gradient(transparent 90%, #2d7a45 90%); }}
.fr-article sup.fr-u, .fr-article sup.fr-p {{ font-family: Arial, 'DejaVu Sans', sans-serif; font-size: .62em;
  border-radius: 3px; padding: 0 .25em; }}
.fr-article sup.fr-an {{ font-family: Arial, 'DejaVu Sans', sans-serif; font-size: .62em; color: #1f4e9c;
  font-weight: bold; margin-left: .1em; }}
.fr-article .fr-side ol.fr-atts {{ list-style: none; padding-left: .3em; }}
.fr-article sup.fr-u {{ color: #fff; background: #5c5c5c; margin-right: .15em; }}
.fr-article sup.fr-p {{ color: #2b3a52; border: 1px solid #8793a8; margin-left: .15em; }}
.fr-article .fr-side {{ font-size: .84em; position: sticky; top: .5em; max-height: calc(100vh - 1em);
  overflow-y: auto; padding-right: .3em; }}
@media (max-width: 900px) {{ .fr-article .fr-side {{ position: static; max-height: none; }} }}
.fr-article .fr-side h2:first-child {{ margin-top: 0; }}
.fr-article .fr-side .fr-more {{ color: #4d4d4d; font-size: .92em; }}
.fr-article .fr-side ol {{ padding-left: 1.9em; margin: .3em 0; }}
.fr-article .fr-side li {{ margin-bottom: .65em; }}
.fr-article .fr-side .fr-what {{ font-weight: bold; }}
.fr-article .fr-scroll {{ overflow-x: auto; max-width: 100%; }}
.fr-article table {{ border-collapse: collapse; font-size: .84em; width: 100%; }}
.fr-article th, .fr-article td {{ border-bottom: 1px solid #dcdcdc; padding: .25em .45em; text-align: left;
  vertical-align: top; }}
.fr-article th {{ background: #f2f2f2; }}
.fr-article td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
"""

_PAGE_CSS = """
body { margin: 1.5em auto; max-width: 1240px; padding: 0 1.2em; background: #fff; }
"""


def article_title(analysis: ArticleAnalysis, title: str | None = None) -> str:
    """The view's title: ``title``, else the article's headline (its first line when short),
    else outlet and id."""
    a = analysis
    text = a.text
    for f in getattr(a, "furniture", None) or []:  # a share button is no headline
        text = text[: f.start] + " " * (f.end - f.start) + text[f.end :]
    return title or headline(text) or " · ".join(str(v) for v in (a.outlet, a.id) if v) or "Article"


def _term_details(n: int, t: LoadedTerm, prefix: str) -> str:
    """One loaded term in the list of flags: what, in whose voice, how sure, what instead."""
    bg, chip = category_colours(t.category)
    voice = "quoted (a source's words)" if t.quoted else "authorial (the outlet's words)"
    found = t.source if t.rule in ("", t.source) else f"{t.source}, {t.rule}"
    more = [f"found by {found}", f"sentence {t.sentence}"]
    if t.term.lower() != t.text.lower():
        more.insert(0, f"entry “{t.term}”")
    if t.direction:
        more.append(f"direction {t.direction}")
    lines = [
        f'<div class="fr-kv"><b class="fr-cat" style="color:{chip}">{esc(t.category.replace("_", " "))}</b>'
        f" · {esc(voice)} · confidence {t.confidence:.2f}</div>",
        f"<div>alternatives: {esc(', '.join(t.neutral_alternatives) or 'none listed')}</div>",
    ]
    evidence = readable_evidence_list(t.evidence)
    if evidence:
        lines.append(f"<div>evidence: {esc('; '.join(evidence))}</div>")
    lines.append(f'<div class="fr-more">{esc(" · ".join(more))}</div>')
    quoted = " fr-quoted" if t.quoted else ""
    return (
        f'<li id="{prefix}f{n}"><mark class="fr-t{quoted}" style="background:{bg};border-color:{chip}">'
        f"{esc(t.text)}</mark>{''.join(lines)}</li>"
    )


def _attribution_details(n: int, x: Any) -> str:
    who = x.source_text + (f" (i.e. {x.resolved_from.get('text', '')})" if x.resolved_from else "")
    return (
        f'<li value="{n}"><span class="fr-what">A{n} {esc(who)}</span> · {esc(x.source_type)}'
        f"<div>cue “{esc(x.cue_text)}”: stance {esc(x.stance)} · {esc(x.form)} · "
        f"sentence {x.sentence}</div></li>"
    )


def _article_spans(a: ArticleAnalysis) -> list[tuple[int, int, str, Any]]:
    """``(start, end, kind, payload)`` for every marked span: terms (payload: their number
    and the term) and the parts of attributions."""
    spans: list[tuple[int, int, str, Any]] = []
    for n, t in enumerate(a.loaded_terms, 1):
        spans.append((t.start, t.end, "term", (n, t)))
    for n, x in enumerate(a.attributions, 1):
        spans.append((x.source_start, x.source_end, "src", n))
        spans.append(
            (x.cue_start, x.cue_end, f"cue fr-{_STANCE_CLASS.get(x.stance, 'assertive')}", n)
        )
        if x.content_end > x.content_start:
            spans.append((x.content_start, x.content_end, "cnt", n))
    for f in getattr(a, "furniture", None) or []:  # page furniture, left out of the scores
        spans.append((f.start, f.end, "furn", f.kind))
    return [s for s in spans if 0 <= s[0] < s[1] <= len(a.text)]


def _wrap(body: str, span: tuple[int, int, str, Any], piece_end: int) -> str:
    _start, end, kind, payload = span
    if kind.startswith("cue") and piece_end == end:
        return f'<span class="fr-{kind}">{body}</span><sup class="fr-an">A{payload}</sup>'
    if kind != "term":
        return f'<span class="fr-{kind}">{body}</span>'
    n, t = payload
    bg, chip = category_colours(t.category)
    quoted = " fr-quoted" if t.quoted else ""
    label = f"{n} {t.category.replace('_', ' ')}" + (", quoted" if t.quoted else "")
    tail = (
        f'<span class="fr-chip" style="background:{chip}">{esc(label)}</span>'
        if piece_end == end
        else ""
    )
    return (
        f'<mark class="fr-t{quoted}" style="background:{bg};border-color:{chip}" '
        f'data-term="{n}">{body}{tail}</mark>'
    )


def _render_range(text: str, start: int, end: int, spans: list) -> str:
    """``text[start:end]`` cut at every span boundary; each piece wrapped in the spans over
    it, innermost (shortest) first, terms innermost of all."""
    inside = [s for s in spans if s[0] < end and start < s[1]]
    cuts = sorted(
        {start, end, *(max(start, s[0]) for s in inside), *(min(end, s[1]) for s in inside)}
    )
    out = []
    for p, q in zip(cuts, cuts[1:], strict=False):
        if p >= q:
            continue
        body = esc(text[p:q])
        covering = [s for s in inside if s[0] <= p and q <= s[1]]
        for s in sorted(covering, key=lambda s: (s[2] != "term", s[1] - s[0])):
            body = _wrap(body, s, q)
        out.append(body)
    return "".join(out)


def _article_text(a: ArticleAnalysis) -> str:
    text = a.text
    spans = _article_spans(a)
    unattributed = set(a.unattributed_sentences)
    parts, pos = [], 0
    for s in a.sentences:
        if s.start > pos:
            parts.append(_render_range(text, pos, s.start, spans))
        flag = '<sup class="fr-u">U</sup>' if s.index in unattributed else ""
        p = s.bias_probability
        badge = f'<sup class="fr-p">{p:.2f}</sup>' if p >= SHOW_P_FROM else ""
        parts.append(
            f'{flag}<span class="fr-s" data-s="{s.index}" style="background:{sentence_tint(p)}">'
            f"{_render_range(text, s.start, s.end, spans)}</span>{badge}"
        )
        pos = s.end
    parts.append(_render_range(text, pos, len(text), spans))
    return "".join(parts)


def _legend(a: ArticleAnalysis) -> str:
    example: dict[str, str] = {}
    for t in a.loaded_terms:
        example.setdefault(t.category, t.text)
    keys = []
    for c in sorted(example):
        bg, chip = category_colours(c)
        keys.append(
            f'<span class="fr-key"><mark class="fr-t" style="background:{bg};border-color:{chip}">'
            f'{esc(example[c])}<span class="fr-chip" style="background:{chip}">{esc(c.replace("_", " "))}</span>'
            f"</mark> <small>{esc(CATEGORY_NOTES.get(c, ''))}</small></span>"
        )
    keys += [
        '<span class="fr-key"><mark class="fr-t fr-quoted" style="background:#fff;border-color:#4a4a4a">'
        "dashed</mark> <small>the term is inside a quote (a source's voice)</small></span>",
        '<span class="fr-key"><span class="fr-src">source</span> <small>who is quoted or cited</small></span>',
        '<span class="fr-key"><span class="fr-cue">said</span> / <span class="fr-cue fr-assertive">stressed</span>'
        ' / <span class="fr-cue fr-doubt">claimed</span> <small>attribution cue: neutral / assertive / '
        "doubt</small></span>",
        '<span class="fr-key"><span class="fr-cnt">attributed content</span></span>',
        f'<span class="fr-key"><span class="fr-s" style="background:{sentence_tint(0.65)}">shaded</span>'
        f' <span class="fr-s" style="background:{SENTENCE_TINT_MAX}">sentence</span>'
        f'<sup class="fr-p">0.93</sup> <small>the sentence model\'s P(biased), printed from '
        f"{SHOW_P_FROM:.1f}</small></span>",
        '<span class="fr-key"><sup class="fr-u">U</sup> <small>claim with no attribution in or '
        "around it</small></span>",
    ]
    if getattr(a, "furniture", None):
        keys.append(
            '<span class="fr-key"><span class="fr-furn">Share this article</span> <small>page '
            "furniture (ads, share buttons, bylines), left out of every count and score</small></span>"
        )
    return f'<div class="fr-legend" role="note"><b>Legend</b> &nbsp;{"".join(keys)}</div>'


def _half(n: int) -> str:
    return f" ({n} quoted, counted {QUOTED_WEIGHT:g})" if n else ""


def subscore_notes(a: ArticleAnalysis) -> dict[str, str]:
    """How each sub-score of ``a`` is computed, from counts a reader can check in the view
    (the terms, attributions and sentences it lists)."""
    terms, n_words = a.loaded_terms, a.n_words
    weight = sum(t.confidence * (QUOTED_WEIGHT if t.quoted else 1.0) for t in terms)
    d = 100.0 * weight / n_words if n_words else 0.0
    sentences = a.sentences
    stances = Counter(x.stance for x in a.attributions)
    stance_text = ", ".join(
        f"{n} {s} ({STANCE_WEIGHTS.get(s, 0.5):g})" for s, n in stances.most_common()
    )
    return {
        "loaded_language": (
            f"{plural(len(terms), 'loaded term')}{_half(sum(t.quoted for t in terms))}, "
            f"confidences summed {weight:.2f}, in {n_words:,} words: d = {d:.2f} per 100 words; "
            f"sub-score d/(d+1) = {d:.2f}/{d + 1:.2f} (one sure term per 100 words gives 0.50)"
        ),
        "biased_sentences": (
            f"mean of the sentence model's P(biased) over {plural(len(sentences), 'sentence')}"
            f"{_half(sum(s.quoted for s in sentences))} (table below)"
        ),
        "attribution": (
            f"mean slant of the cue verbs of {plural(len(a.attributions), 'attribution')} "
            "(weight in brackets): "
            f"{stance_text}"
            if a.attributions
            else "no attribution: 0"
        ),
        "unattributed_claims": (
            f"{len(a.unattributed_sentences)} of {plural(len(sentences), 'sentence')} make a claim "
            "with no source in or around it (marked U)"
        ),
    }


def _framing_note(a: ArticleAnalysis) -> str:
    ev = a.score_evidence or {}
    if ev.get("method", "fixed_weights") == "fixed_weights" or not ev:
        weights = ev.get("weights") or SUBSCORE_WEIGHTS
        terms = " + ".join(f"{w:g} × {a.subscores.get(k, 0.0):.2f}" for k, w in weights.items())
        return f"weighted sum of the four sub-scores: {terms}"
    return "the model's article score over the sub-scores and article features"


def _score_cards(a: ArticleAnalysis) -> str:
    learned = score_contributions(a)
    contrib = {k: c for k, _, c in learned[1]} if learned else {}
    notes = subscore_notes(a)
    cards = [
        (
            "framing score",
            a.framing_score,
            "sigmoid of the intercept and the contributions below" if learned else _framing_note(a),
        )
    ]
    cards += [
        (
            k.replace("_", " "),
            v,
            (
                f"contribution {contrib.get(k, 0.0):+.2f}"
                if learned
                else f"weight {SUBSCORE_WEIGHTS.get(k, 0):.2f}"
            )
            + f": {notes.get(k, '')}",
        )
        for k, v in a.subscores.items()
    ]
    return "".join(
        f'<div class="fr-score">{esc(name)}<b>{value:.2f}</b><small>{esc(note)}</small>'
        f'<div class="fr-bar"><span style="width:{100 * max(0.0, min(1.0, value)):.0f}%"></span></div></div>'
        for name, value, note in cards
    )


def _score_evidence(a: ArticleAnalysis) -> str:
    """Every feature's value and contribution to the learned score's logit, so the sum can be
    checked (nothing for the fixed weights: the cards say them)."""
    learned = score_contributions(a)
    if not learned:
        return ""
    intercept, rows = learned
    items = "".join(f"<li><code>{esc(k)}</code> {v:.3g}: {c:+.3f}</li>" for k, v, c in rows)
    return (
        f'<details class="fr-evidence" open><summary>How the score is made: intercept '
        f"{intercept:+.3f} plus {len(rows)} contributions</summary><ul>{items}</ul></details>"
    )


def _sentence_table(a: ArticleAnalysis) -> str:
    attributed = {x.sentence for x in a.attributions}
    unattributed = set(a.unattributed_sentences)
    terms: dict[int, int] = {}
    for t in a.loaded_terms:
        terms[t.sentence] = terms.get(t.sentence, 0) + 1
    rows = []
    for s in a.sentences:
        flags = ", ".join(
            f
            for f, on in (
                ("quoted", s.quoted),
                ("attributed", s.index in attributed),
                ("unattributed claim", s.index in unattributed),
            )
            if on
        )
        snippet = " ".join(a.text[s.start : s.end].split())
        rows.append(
            f'<tr data-s="{s.index}"><td class="num">{s.index}</td>'
            f'<td class="num" data-v="{s.bias_probability:.4f}">{s.bias_probability:.2f}</td>'
            f'<td class="num">{terms.get(s.index, 0)}</td><td>{esc(flags)}</td>'
            f"<td>{esc(snippet)}</td></tr>"
        )
    return (
        '<div class="fr-scroll"><table class="fr-sentences sortable"><thead><tr><th>#</th><th>P(biased)</th>'
        "<th>loaded terms</th><th>flags</th><th>sentence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def article_fragment(
    analysis: ArticleAnalysis,
    title: str | None = None,
    *,
    id_prefix: str = "",
    styles: bool = True,
    extra_meta: str = "",
) -> str:
    """The article view as an HTML fragment (a ``div.fr-article``).

    Parameters
    ----------
    analysis : ArticleAnalysis
        An analysis with its text (``framing.analyze``).
    title : str, optional
        The heading; default :func:`article_title` (the headline, else outlet and id).
    id_prefix : str
        Prefix of the element ids (flag ``n`` is ``{id_prefix}f{n}``), for several views in
        one page.
    styles : bool
        Include the ``<style>`` of the view (leave out when the page already has
        :data:`ARTICLE_CSS`).
    extra_meta : str
        Text added to the line under the heading (e.g. the date).
    """
    a = analysis
    heading = article_title(a, title)
    meta = " · ".join(
        str(v)
        for v in (
            a.outlet,
            f"id {a.id}" if a.id else None,
            extra_meta or None,
            f"{plural(a.n_sentences, 'sentence')}, {plural(a.n_words, 'word')}",
            f"{plural(len(a.loaded_terms), 'loaded term')} "
            f"({sum(t.quoted for t in a.loaded_terms)} quoted)",
            plural(len(a.attributions), "attribution"),
            plural(len(a.unattributed_sentences), "unattributed claim"),
            f"model {a.model.get('name', '')} {a.model.get('version', '')}".rstrip(),
        )
        if v
    )
    terms = "".join(_term_details(n, t, id_prefix) for n, t in enumerate(a.loaded_terms, 1))
    atts = "".join(_attribution_details(n, x) for n, x in enumerate(a.attributions, 1))
    unattributed = "".join(
        f"<li>sentence {i}: {esc(' '.join(a.text[s.start : s.end].split())[:160])}</li>"
        for i in a.unattributed_sentences
        for s in a.sentences[i : i + 1]
    )
    side = (
        f'<aside class="fr-side"><h2>Loaded terms ({len(a.loaded_terms)})</h2>'
        + (f"<ol>{terms}</ol>" if terms else "<p>None found.</p>")
        + f"<h2>Attributions ({len(a.attributions)})</h2>"
        + (f'<ol class="fr-atts">{atts}</ol>' if atts else "<p>None found.</p>")
        + f"<h2>Unattributed claims ({len(a.unattributed_sentences)})</h2>"
        + (f"<ul>{unattributed}</ul>" if unattributed else "<p>None found.</p>")
        + "</aside>"
    )
    style = f"<style>{ARTICLE_CSS}</style>" if styles else ""
    return (
        f'<div class="fr-article">{style}<h1>{esc(heading)}</h1>'
        f'<div class="fr-meta">{esc(meta)}</div>'
        f'<div class="fr-scores">{_score_cards(a)}</div>{_score_evidence(a)}{_legend(a)}'
        f'<div class="fr-cols"><div class="fr-text">{_article_text(a)}</div>{side}</div>'
        f"<h2>Sentences ({a.n_sentences})</h2>{_sentence_table(a)}</div>"
    )


def render_html(analysis: ArticleAnalysis, title: str | None = None) -> str:
    """A self-contained HTML page of one article with its evidence marked (no network): the
    headline is the page title; its script (:data:`~framing.report.assets.ARTICLE_JS`, the
    outlet report's too) sorts the tables and jumps from a flag or a sentence to the text.
    See :func:`article_fragment`."""
    heading = article_title(analysis, title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(heading)}</title><style>{_PAGE_CSS}{VIEW_CSS}{ARTICLE_CSS}</style></head>\n<body>\n"
        f"{article_fragment(analysis, title, styles=False)}\n<script>{ARTICLE_JS}</script>\n</body></html>\n"
    )
