"""Small helpers shared by the HTML views: escaping and number formatting."""

from __future__ import annotations

import html
import math
import re
from typing import Any

__all__ = [
    "esc",
    "num",
    "pct",
    "plural",
    "headline",
    "score_contributions",
    "readable_evidence",
    "readable_evidence_list",
]


#: Control characters a terminal acts on (C0 but tab and newline, DEL, C1): an article or
#: outlet name holding ESC sequences could retitle the terminal, move the cursor or hide text.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with every control character a terminal would act on shown as ``\\xNN``
    (the one filter of the plain-text views)."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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


#: Word lists of the loaded-term tagger (``framing.resources.WORDLISTS``) as a reader names them.
_LISTS = {
    "babe_bias_words": "BABE's list of biased words",
    "bias_lexicon": "the bias lexicon of Recasens et al.",
    "hedges": "Hyland's hedges",
    "factives": "Hooper's factive verbs",
    "assertives": "Hooper's assertive verbs",
    "implicatives": "Karttunen's implicative verbs",
    "report_verbs": "the reporting verbs",
    "positive_words": "Hu & Liu's positive words",
    "negative_words": "Hu & Liu's negative words",
}
_MPQA = {"strongsubj": "strongly subjective", "weaksubj": "weakly subjective"}
_PLAIN = {
    "word vector": "close in meaning to words marked loaded (word vectors)",
    "subj": "a subjective word",
    "hyphen": "a hyphenated word",
    "negated": "after a negation",
    "hedged": "after a hedge",
}


def _evidence_feature(name: str, value: str) -> str | None:
    if name in ("suf2", "suf3", "suf4"):
        return f"word ending “-{value}”"
    if name in ("prev", "next"):
        return f"word {'before' if name == 'prev' else 'after'} it: “{value}”"
    if name == "word":
        return f"“{value}” itself was marked loaded in the training sentences"
    if name == "stem":
        return f"words of the stem “{value}” were marked loaded in training"
    if name == "sentence_p":
        return f"in a sentence the sentence model rates slanted (P = {value})"
    if name == "sentence_p*subj":
        return f"a subjective word in a slanted sentence (P = {value})"
    if name == "vader":
        return f"sentiment valence {value} in VADER (-4 to +4)"
    if name == "|vader|":
        return f"strong sentiment in VADER (|valence| {value})"
    if name == "mpqa":
        kind, _, polarity = value.partition("/")
        words = [_MPQA.get(kind, kind), polarity]
        return f"{' and '.join(w for w in words if w)} in the MPQA lexicon"
    return None


def readable_evidence(item: str) -> str | None:
    """One evidence item of a loaded term (``LoadedTerm.evidence``) in words a reader can
    follow (``suf4=ical`` -> ``word ending “-ical”``); ``None`` for an internal feature that
    means nothing on its own (it is left out of what readers see)."""
    if item in _PLAIN:
        return _PLAIN[item]
    stem = item.endswith(" (stem)")
    base = item[: -len(" (stem)")] if stem else item
    if base in _LISTS:
        return f"{'a form of a word' if stem else 'a word'} on the list of {_LISTS[base]}"
    name, eq, value = item.partition("=")
    if " " in name:  # a sentence already ("phrase 'x y'", "similar to ...: a, b")
        return item
    if not eq:  # a bare feature name ("length", "sent_initial")
        return None
    return _evidence_feature(name, value)


def readable_evidence_list(items: Any) -> list[str]:
    """:func:`readable_evidence` of each item, internal ones left out, in order."""
    return [r for r in (readable_evidence(str(i)) for i in items or ()) if r]
