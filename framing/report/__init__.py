"""Human-readable views of analyses and comparisons.

* :func:`render_html` / :func:`article_fragment`: the single-article view (page / fragment).
* :func:`render_text`: one article as text with its terms marked.
* :func:`render_comparison_html`: the outlet report, one self-contained HTML file.
* :func:`render_comparison_text`, :func:`render_actor_text`: the comparison as text tables.
* ``plot_*``: matplotlib figures of a comparison (``framing compare --plot``).
"""

from __future__ import annotations

from .article import ARTICLE_CSS, article_fragment, article_title, render_html
from .colours import CATEGORY_COLOURS, contrast_ratio
from .outlets import SECTIONS, render_comparison_html, render_comparison_summary_html
from .plots import plot_attribution_mix, plot_naming_choices, plot_scores, plot_term_rates
from .text import render_actor_text, render_comparison_text, render_text

__all__ = [
    "render_text",
    "render_html",
    "article_fragment",
    "article_title",
    "render_comparison_html",
    "render_comparison_summary_html",
    "render_comparison_text",
    "render_actor_text",
    "plot_scores",
    "plot_term_rates",
    "plot_attribution_mix",
    "plot_naming_choices",
    "CATEGORY_COLOURS",
    "ARTICLE_CSS",
    "SECTIONS",
    "contrast_ratio",
]
