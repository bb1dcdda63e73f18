"""HTML views: the single-article page and its escaping."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.report import render_html

TEXT = (
    "The so-called \"peace plan\" was dismissed by the regime. <script>alert('x')</script> & more.\n\n"
    "Officials claimed the rebels had been routed, according to state media. "
    '"We will never surrender," said Abu Omar, a commander.'
)


@pytest.fixture(scope="module")
def analysis():
    return framing.analyze(TEXT, outlet="Wire <&>", id="a1")


def _article_div(page: str) -> str:
    return page.split('<div class="article">', 1)[1].split("</div>\n<h2>", 1)[0]


def test_text_is_escaped_and_round_trips(analysis):
    page = render_html(analysis)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Wire &lt;&amp;&gt;" in page
    body = re.sub(r'<sup class="flag"[^>]*>U</sup>', "", _article_div(page))
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == TEXT


def test_loaded_terms_and_attributions_are_highlighted_with_hover_details(analysis):
    page = render_html(analysis)
    terms = analysis.loaded_terms
    assert terms, "the sample text has loaded terms"
    for t in terms:
        assert f"loaded term ({html.escape(t.category)})" in page
    regime = next(t for t in terms if t.text == "regime")
    assert f"neutral alternatives: {', '.join(regime.neutral_alternatives)}" in page
    marks = re.findall(r'<mark class="t[^"]*" style="[^"]*" title="([^"]*)">', page)
    assert len(marks) >= len(terms)
    assert analysis.attributions
    for x in analysis.attributions:
        assert f"stance {x.stance}" in page
        assert f"({html.escape(x.source_type)})" in page
    assert 'class="src"' in page and 'class="cue' in page
    assert "rgba(231, 76, 60" in page  # sentence shading


def test_analyze_cli_html(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(main, ["analyze", str(p), "--format", "html", "--outlet", "W"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("<!DOCTYPE html>") and "&lt;script&gt;" in res.stdout
