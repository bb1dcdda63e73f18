"""Page furniture: the lines of a web page that are not the article.

Scraped articles carry the page around them: "Advertisement", share buttons, "CLICK HERE TO
GET THE ... APP", newsletter prompts, bylines, photo and copyright credits. The sentence model
reads such lines as slanted (P(biased) about 0.6), so they are left out of every count and
score. A line (text between line breaks) is furniture when, stripped, it matches one pattern
of ``framing/data/page_furniture.tsv`` as a whole (case-insensitive) and has at most
:data:`MAX_LINE_CHARS` characters. Inline patterns (``scope`` inline) find furniture inside a
line of the article: The Hill runs a card of story links into a person's name ("Mitt Romney
Willard (Mitt) Mitt RomneyJon Huntsman expected to run for governor ... MORE"), which would
otherwise be read as the article's own words.

:func:`blank_furniture` replaces furniture with spaces of the same length, so that every
offset of an analysis still indexes into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .resources import page_furniture

__all__ = ["FurnitureLine", "MAX_LINE_CHARS", "blank_furniture", "find_furniture"]

#: Longer lines are never furniture (an article paragraph that happens to match).
MAX_LINE_CHARS = 400

_LINE_RE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True)
class FurnitureLine:
    """One furniture line: its span (stripped) in the text and the pattern's kind."""

    start: int
    end: int
    kind: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind}


@cache
def _all_patterns() -> dict[str, tuple[tuple[re.Pattern[str], str], ...]]:
    """Scope (``line``, ``inline``) -> its compiled patterns with their kinds."""
    out: dict[str, list] = {"line": [], "inline": []}
    for row in page_furniture():
        out[row["scope"]].append((re.compile(row["pattern"], re.IGNORECASE), row["kind"]))
    return {k: tuple(v) for k, v in out.items()}


def _patterns(scope: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return _all_patterns()[scope]


def _inline(line: str, offset: int) -> list[FurnitureLine]:
    """Furniture inside a line of text: every match of an inline pattern (its group ``f``
    when it has one), earliest first, never overlapping."""
    found: list[FurnitureLine] = []
    for pattern, kind in _patterns("inline"):
        group = "f" if "f" in pattern.groupindex else 0
        for m in pattern.finditer(line):
            start, end = offset + m.start(group), offset + m.end(group)
            if not any(start < f.end and f.start < end for f in found):
                found.append(FurnitureLine(start, end, kind))
    return sorted(found, key=lambda f: f.start)


def find_furniture(text: str) -> list[FurnitureLine]:
    """The furniture of ``text`` in order: whole lines that match a line pattern, and the
    parts of other lines that match an inline pattern (The Hill's name cards)."""
    out = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        kind = None
        if len(stripped) <= MAX_LINE_CHARS:
            kind = next((k for p, k in _patterns("line") if p.fullmatch(stripped)), None)
        if kind is not None:
            start = m.start() + (len(line) - len(line.lstrip()))
            out.append(FurnitureLine(start, start + len(stripped), kind))
        else:
            out.extend(_inline(line, m.start()))
    return out


def blank_furniture(text: str) -> tuple[str, list[FurnitureLine]]:
    """``text`` with its furniture lines replaced by spaces (same length), and those lines."""
    lines = find_furniture(text)
    if not lines:
        return text, lines
    parts, pos = [], 0
    for f in lines:
        parts.append(text[pos : f.start])
        parts.append(" " * (f.end - f.start))
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), lines
