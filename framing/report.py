"""Human-readable views of an analysis."""

from __future__ import annotations

import textwrap

from .scoring import ArticleAnalysis

__all__ = ["render_text"]


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
        f"{a.n_sentences} sentences, {a.n_words} words, {len(a.loaded_terms)} loaded terms, "
        f"{len(a.attributions)} attributions   model {a.model.get('name', '')} {a.model.get('version', '')}",
        "",
    ]
    by_sentence: dict[int, list] = {}
    for n, t in enumerate(a.loaded_terms, 1):
        by_sentence.setdefault(t.sentence, []).append((n, t))
    attributed = {x["sentence"] for x in a.attributions}
    unattributed = set(a.unattributed_sentences)
    for s in a.sentences:
        pieces, pos = [], s.start
        for n, t in by_sentence.get(s.index, []):
            if t.start < pos:  # overlapping find: already inside a marked span
                continue
            pieces.append(text[pos : t.start])
            pieces.append(f"[{text[t.start:t.end]}]{n}")
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
            textwrap.fill(body, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix))
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
            src, cue = x["source"], x["cue"]
            out.append(
                f"  s{x['sentence']}: {src['text']!r} ({src['type']}) —{cue['text']}→ "
                f"[{x['form']}, {cue['stance']}]"
            )
    return "\n".join(out) + "\n"
