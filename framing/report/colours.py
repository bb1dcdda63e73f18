"""Colours of the HTML views, and the WCAG 2.x contrast ratio they are chosen (and tested) by.

Every loaded-term category has a light background for the marked words and a dark shade
for its chip, its border and its legend key. The page's text colour on each background,
white on each chip and each border against the sentence tint all meet WCAG AA
(``tests/test_report.py`` computes the ratios): 4.5:1 for text, 3:1 for the borders that
tell a mark apart from a shaded sentence.
"""

from __future__ import annotations

__all__ = [
    "TEXT",
    "CATEGORY_COLOURS",
    "CATEGORY_NOTES",
    "OTHER_COLOURS",
    "SENTENCE_TINT_MAX",
    "category_colours",
    "sentence_tint",
    "contrast_ratio",
    "relative_luminance",
    "mix",
]

#: The text colour of the pages.
TEXT = "#1a1a1a"

#: ``category -> (background of the marked words, chip / border colour)``.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "label": ("#ffd9d2", "#a3140f"),
    "dysphemism": ("#ffe1c7", "#8f3f00"),
    "euphemism": ("#d6eaff", "#0b4f8a"),
    "scare_quote": ("#eedcf7", "#6b1f94"),
    "so_called": ("#e3defa", "#43309c"),
    "intensifier": ("#fff1a8", "#6e5200"),
    "emotive": ("#ffe3e9", "#8c1038"),
    "loaded_verb": ("#ddf2cc", "#2c6410"),
    "hedge_doubt": ("#cdefea", "#00645a"),
    "partisan": ("#f9d8f1", "#861a6e"),
    "model": ("#e4e9ef", "#3b4a5e"),
    "other": ("#e8e8e8", "#4a4a4a"),
}
#: Colours of a category not listed above.
OTHER_COLOURS = CATEGORY_COLOURS["other"]

#: What each category means (shown in the legend; datasets/LEXICON_GUIDE.md has the full rules).
CATEGORY_NOTES: dict[str, str] = {
    "label": "a classifying name, a choice among rival labels",
    "dysphemism": "harsher or insulting wording where a neutral one exists",
    "euphemism": "softer wording that hides harm, agency or responsibility",
    "scare_quote": "quote marks that distance the writer from a word",
    "so_called": "distances the writer from the name that follows",
    "intensifier": "adds force or evaluation, not information",
    "emotive": "chosen for its emotional charge",
    "loaded_verb": "a verb that judges the act or the speaker",
    "hedge_doubt": "casts doubt on a statement or its speaker",
    "partisan": "one political camp's vocabulary",
    "model": "found by the word-level model, not in the lexicon",
    "other": "evaluative framing that fits nowhere else",
}

#: The darkest shade a sentence gets (at P(biased) = 1): a neutral grey-blue no category uses.
SENTENCE_TINT_MAX = "#d5dbe6"


def category_colours(category: str) -> tuple[str, str]:
    """``(background, chip)`` of a loaded-term category."""
    return CATEGORY_COLOURS.get(category, OTHER_COLOURS)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def mix(colour: str, base: str, amount: float) -> str:
    """``amount`` (0..1) of ``colour`` over ``base``, as ``#rrggbb``."""
    a, b = _rgb(colour), _rgb(base)
    t = max(0.0, min(1.0, amount))
    return "#" + "".join(f"{round(y + (x - y) * t):02x}" for x, y in zip(a, b, strict=True))


def sentence_tint(p: float) -> str:
    """The background of a sentence with P(biased) ``p``: white up to 0.3, then darker."""
    return mix(SENTENCE_TINT_MAX, "#ffffff", (p - 0.3) / 0.7)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour ``#rrggbb``."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours (1 to 21; AA asks 4.5 for text, 3 for large
    text and for the parts of graphics that carry meaning)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
