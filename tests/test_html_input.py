"""HTML pages in: `framing analyze page.html` and `framing score --html` analyse the page's
article text (menus, ads and footers left out), with offsets into that text."""

from __future__ import annotations

import builtins
import html
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.errors import InputError
from framing.inputs import html_text, looks_like_html
from framing.resources import data_path
from tests.helpers import write_jsonl

pytest.importorskip("trafilatura", reason="the html extra: pip install 'framing-lens[html]'")

ARTICLE = data_path("sample_article.txt").read_text(encoding="utf-8")
CHROME = ["Subscribe to our newsletter", "All rights reserved", "Most read today"]


def news_page(text: str = ARTICLE) -> str:
    """A news page as a site serves it: navigation, the article, a sidebar and a footer."""
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Example Wire</title>
<script>window.ads = [];</script><style>body {{ font-family: serif; }}</style></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/subscribe">{CHROME[0]}</a></li></ul></nav></header>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By Staff Reporter, 26 March 2015</p>
{body}
</article></main>
<aside><h2>{CHROME[2]}</h2><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li>
<li><a href="/b">Ten tips for a better garden</a></li></ul></aside>
<footer><p>&copy; 2015 Example Wire. {CHROME[1]}.</p></footer>
</body></html>
"""


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_the_article_text_is_extracted_without_the_page_around_it():
    text = html_text(news_page())
    assert "Yemen's president has been forced to flee" in text
    assert "airstrikes target palace" in text  # the headline
    assert not any(c in text for c in CHROME)
    assert "window.ads" not in text and "font-family" not in text


def test_analyze_a_page_gives_offsets_into_the_extracted_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(news_page(), encoding="utf-8")
    res = _run("analyze", str(page))
    assert res.exit_code == 0, res.stderr
    d = json.loads(res.stdout)
    text = html_text(page.read_text(encoding="utf-8"))
    assert d["n_words"] == framing.analyze(text).n_words
    assert d["attributions"] and d["sentences"]
    for a in d["attributions"]:
        assert text[a["source"]["start"] : a["source"]["end"]] == a["source"]["text"]
    for t in d["loaded_terms"]:
        assert text[t["start"] : t["end"]] == t["text"]
    # the text view shows that text; --as-text analyses the markup itself
    shown = _run("analyze", str(page), "--format", "text").stdout
    assert "Aden" in shown and "<p>" not in shown and CHROME[1] not in shown
    raw = json.loads(_run("analyze", str(page), "--as-text").stdout)
    assert raw["n_words"] > d["n_words"]


def test_html_on_stdin_is_recognised_by_its_content():
    res = _run("analyze", "-", input=news_page())
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["n_words"] == framing.analyze(html_text(news_page())).n_words
    assert looks_like_html("\ufeff  <!doctype html><html></html>")
    assert not looks_like_html(ARTICLE)


def test_a_page_without_article_text_is_one_error_line(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>")
    res = _run("analyze", str(page))
    assert res.exit_code == 1 and "no article text found" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_without_the_html_extra_the_error_says_what_to_install(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("No module named 'trafilatura'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    page = tmp_path / "page.html"
    page.write_text(news_page(), encoding="utf-8")
    res = _run("analyze", str(page))
    assert res.exit_code == 1
    assert res.stderr.strip() == (
        f"Error: {page}: reading HTML needs the html extra: pip install 'framing-lens[html]'"
    )
    with pytest.raises(InputError, match="framing-lens\\[html\\]"):
        html_text(news_page())


def test_score_html_rows_scores_each_page_article_text(tmp_path):
    second = "Rebels stormed the so-called capital.\n\nThe regime's thugs fled, witnesses said."
    rows = [
        {"id": "yemen", "outlet": "Example Wire", "text": news_page()},
        {"id": "rebels", "outlet": "Example Wire", "text": news_page("Capital falls\n\n" + second)},
        {"id": "chrome-only", "outlet": "Example Wire", "text": "<html><body><nav>Home</nav></body></html>"},
    ]  # fmt: skip
    corpus = write_jsonl(tmp_path / "pages.jsonl", rows)
    out = tmp_path / "s.csv"
    res = _run("score", str(corpus), "-o", str(out), "--html", "-q")
    assert res.exit_code == 0, res.stderr
    df = pd.read_csv(out)
    assert df["id"].tolist() == ["yemen", "rebels"]
    expected = framing.analyze(html_text(rows[1]["text"]))
    assert df["framing_score"].iloc[1] == pytest.approx(expected.framing_score)
    assert df["n_words"].iloc[1] == expected.n_words
    lines = Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").splitlines()
    errors = [json.loads(x) for x in lines]
    assert [(e["id"], e["error"]) for e in errors] == [
        ("chrome-only", "no article text found in the HTML page")
    ]
