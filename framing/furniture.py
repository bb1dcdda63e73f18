"""Page furniture: the lines of a web page that are not the article.

Scraped articles carry the page around them: "Advertisement", share buttons, "CLICK HERE TO
GET THE ... APP", newsletter prompts, bylines, photo and copyright credits. The sentence model
reads such lines as slanted (P(biased) about 0.6), so they are left out of every count and
score. A line (text between line breaks) is furniture when, stripped, it matches one pattern
of ``framing/data/page_furniture.tsv`` as a whole (case-insensitive) and has at most
:data:`MAX_LINE_CHARS` characters.

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
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(row["pattern"], re.IGNORECASE), row["kind"]) for row in page_furniture()
    )


def find_furniture(text: str) -> list[FurnitureLine]:
    """The furniture lines of ``text``, in order."""
    out = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped or len(stripped) > MAX_LINE_CHARS:
            continue
        for pattern, kind in _patterns():
            if pattern.fullmatch(stripped):
                start = m.start() + (len(line) - len(line.lstrip()))
                out.append(FurnitureLine(start, start + len(stripped), kind))
                break
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
