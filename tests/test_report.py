"""HTML views: the single-article page (escaping, inline labels, the list of flags, colours
with WCAG AA contrast) and the outlet report built from real scored articles."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.compare import compare_outlets
from framing.corpus import score_corpus
from framing.report import article_fragment, render_comparison_html, render_html
from framing.report.article import ARTICLE_CSS
from framing.report.assets import ARTICLE_JS, REPORT_CSS, VIEW_CSS
from framing.report.colours import (
    CATEGORY_COLOURS,
    SENTENCE_TINT_MAX,
    TEXT,
    contrast_ratio,
    sentence_tint,
)
from framing.report.common import headline, pct
from framing.report.outlets import KWIC_CONTEXT, _kwic
from framing.scoring import ArticleAnalysis

TEXT_IN = (
    "The so-called \"peace plan\" was dismissed by the regime. <script>alert('x')</script> & more.\n\n"
    "Officials claimed the rebels had been routed, according to state media. "
    '"We will never surrender," said Abu Omar, a commander.'
)
HEADLINE = "Regime forces shell rebel-held town\n\n"


@pytest.fixture(scope="module")
def analysis():
    return framing.analyze(TEXT_IN, outlet="Wire <&>", id="a1")


def _text_div(page: str) -> str:
    return page.split('<div class="fr-text">', 1)[1].split("</div><aside", 1)[0]


def _visible(fragment: str) -> str:
    """The text a reader sees, without the chips and badges the view adds."""
    body = re.sub(r'<span class="fr-chip"[^>]*>[^<]*</span>', "", fragment)
    body = re.sub(r"<sup[^>]*>[^<]*</sup>", "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_text_is_escaped_and_round_trips(analysis):
    page = render_html(analysis)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Wire &lt;&amp;&gt;" in page
    assert _visible(_text_div(page)) == TEXT_IN


def test_every_loaded_term_has_an_inline_chip_and_its_details_in_the_list(analysis):
    page = render_html(analysis)
    terms = analysis.loaded_terms
    assert terms, "the sample text has loaded terms"
    text = _text_div(page)
    chips = re.findall(r'<span class="fr-chip"[^>]*>([^<]*)</span>', text)
    assert len(chips) == len(terms)
    for n, t in enumerate(terms, 1):
        label = f"{n} {t.category.replace('_', ' ')}" + (", quoted" if t.quoted else "")
        assert label in chips
    side = page.split('<aside class="fr-side">', 1)[1].split("</aside>", 1)[0]
    n, regime = next((n, t) for n, t in enumerate(terms, 1) if t.text == "regime")
    item = side.split(f'<li id="f{n}">', 1)[1].split("</li>", 1)[0]
    assert html.unescape(item).count(", ".join(regime.neutral_alternatives)) == 1
    items = re.findall(r'<li id="f\d+">(.*?)</li>', side)
    assert len(items) == len(terms)
    for t, item in zip(terms, items, strict=True):
        seen = html.unescape(re.sub(r"<[^>]+>", "", item))
        assert seen.startswith(t.text + t.category.replace("_", " "))
        assert (
            "quoted (a source's words)" if t.quoted else "authorial (the outlet's words)"
        ) in seen
        assert f"confidence {t.confidence:.2f}" in seen and f"found by {t.source}" in seen
        assert "alternatives: " + (", ".join(t.neutral_alternatives) or "none listed") in seen
        assert all(e in seen for e in t.evidence)
    for x in analysis.attributions:
        assert f"stance {x.stance}" in side and html.escape(x.source_type) in side
    assert "title=" not in page  # nothing is shown on hover only


def test_the_legend_names_each_category_and_the_headline_is_the_page_title():
    a = framing.analyze(HEADLINE + TEXT_IN, outlet="W")
    page = render_html(a)
    assert "<title>Regime forces shell rebel-held town</title>" in page
    assert "<h1>Regime forces shell rebel-held town</h1>" in page
    legend = page.split('<div class="fr-legend"', 1)[1].split("</div>", 1)[0]
    for c in {t.category for t in a.loaded_terms}:
        assert f">{c.replace('_', ' ')}</span>" in legend
    # without a headline line: outlet and id
    b = framing.analyze("The regime fell. Rebels cheered.", outlet="W", id="7")
    assert "<title>W · 7</title>" in render_html(b)


def test_contrast_ratio_matches_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize("category", sorted(CATEGORY_COLOURS))
def test_category_colours_meet_wcag_aa(category):
    bg, chip = CATEGORY_COLOURS[category]
    for tint in ("#ffffff", SENTENCE_TINT_MAX):
        assert contrast_ratio(TEXT, tint) >= 4.5
        assert contrast_ratio(chip, tint) >= 3.0  # the mark's border stands out of any sentence
    assert contrast_ratio(TEXT, bg) >= 4.5  # the marked words
    assert contrast_ratio("#ffffff", chip) >= 4.5  # the chip's label
    assert contrast_ratio(chip, bg) >= 3.0


def test_sentence_tint_runs_from_white_to_its_darkest_shade():
    assert sentence_tint(0.1) == "#ffffff" == sentence_tint(0.3)
    assert sentence_tint(1.0) == SENTENCE_TINT_MAX
    assert contrast_ratio(sentence_tint(0.9), "#ffffff") > contrast_ratio(
        sentence_tint(0.6), "#ffffff"
    )


def test_analysis_round_trips_through_its_json(analysis):
    for a in (analysis, framing.analyze("Share this article\n\n" + HEADLINE + TEXT_IN)):
        again = ArticleAnalysis.from_dict(json.loads(a.to_json()), a.text)
        assert again.to_dict() == a.to_dict()
        assert render_html(again) == render_html(a)
    assert again.furniture  # the page furniture came back too


def test_notebook_view_is_the_fragment(analysis):
    view = analysis._repr_html_()
    assert view == article_fragment(analysis)
    assert view.startswith('<div class="fr-article"><style>') and "<script" not in view


def test_analyze_cli_html(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(HEADLINE + TEXT_IN, encoding="utf-8")
    res = CliRunner().invoke(main, ["analyze", str(p), "--format", "html", "--outlet", "W"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("<!DOCTYPE html>") and "&lt;script&gt;" in res.stdout
    assert "<title>Regime forces shell rebel-held town</title>" in res.stdout


# ---------------------------------------------------------------- the outlet report


def _report_article(outlet_word: str, k: int) -> str:
    return (
        f"Shelling hits market in town {k}\n\n"
        f"The {outlet_word} said its forces had entered the town after a week of fighting. "
        f"Residents said {k + 2} people were killed. Critics called the offensive a brutal slaughter. "
        f'"The {outlet_word} are butchers," said one resident.'
    )


@pytest.fixture(scope="module")
def detailed():
    rows = []
    for k in range(4):
        rows.append({"id": f"a{k}", "outlet": "A <Wire>", "text": _report_article("regime", k)})
        rows.append({"id": f"b{k}", "outlet": "B", "text": _report_article("government", k)})
    df = score_corpus(rows, details=True)
    return compare_outlets(df, texts=[r["text"] for r in rows], n_boot=100)


def _client_data(page: str) -> dict:
    raw = page.split('<script type="application/json" id="fr-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw)


def test_report_is_self_contained(detailed):
    page = render_comparison_html(detailed)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "data:image/png" not in page  # charts are inline SVG, no plotting library
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from the network
    assert "@import" not in page and "url(" not in page
    assert "A &lt;Wire&gt;" in page and "A <Wire>" not in page.split("<script", 1)[0]


def test_report_drills_down_to_articles_sorted_by_score(detailed):
    page = render_comparison_html(detailed)
    data = _client_data(page)
    assert data["groups"] == [str(g) for g in detailed.table.index]
    for gi, g in enumerate(data["groups"]):
        panel = page.split(f'<template id="fr-o-{gi}">', 1)[1].split("</template>", 1)[0]
        links = [int(x) for x in re.findall(r'href="#article/(\d+)"', panel)]
        a = detailed.articles
        assert sorted(links) == sorted(a.index[a["outlet"] == g])
        scores = [a.at[i, "framing_score"] for i in links]
        assert scores == sorted(scores, reverse=True)
        for i in links:
            view = page.split(f'<template id="fr-a-{i}">', 1)[1].split("</template>", 1)[0]
            assert "<h1>Shelling hits market in town" in view and 'class="fr-chip"' in view


def test_report_term_explorer_has_each_use_in_context(detailed):
    data = _client_data(render_comparison_html(detailed))
    uses = data["terms"]["regime"]
    a_wire = data["groups"].index("A <Wire>")
    assert uses and {u[0] for u in uses} == {a_wire}
    quoted = [u for u in uses if u[6]]
    authorial = [u for u in uses if not u[6]]
    assert len(quoted) == 4 and len(authorial) == 4  # in the resident's quote / the outlet's voice
    for g, i, _s, left, kw, right, _q in uses:
        assert kw.lower() == "regime" and data["articles"][i][0] == g
        text = detailed.articles.at[i, "text"]
        flat = " ".join(text.split())
        assert f"{left} {kw}".strip().lstrip("…") in flat
        assert f"{kw}{right}".rstrip("…") in flat or f"{kw} {right}".rstrip("…") in flat
        assert not left.startswith("…") or flat[flat.find(left[1:]) - 1] == " "  # whole words


def test_report_skips_the_sections_the_comparison_has_no_data_for(detailed):
    page = render_comparison_html(detailed)
    for key in ("events", "trend", "contrast"):
        assert f'id="{key}"' not in page


def test_report_shows_events_trends_and_the_contrast_of_the_comparison():
    rows = []
    for k in range(4):
        for o, word in (("A <Wire>", "regime"), ("B", "government")):
            rows.append(
                {
                    "id": f"{o[0]}{k}",
                    "outlet": o,
                    "event": f"e{k}",
                    "date": f"2024-0{1 + k // 2}-1{k}",
                    "text": _report_article(word, k),
                }
            )
    df = score_corpus(rows, details=True)
    cmp = compare_outlets(
        df,
        texts=[r["text"] for r in rows],
        n_boot=100,
        events=True,
        over="month",
        contrast=("A <Wire>", "B"),
    )
    page = render_comparison_html(cmp)
    events = page.split('<section id="events">', 1)[1].split("</section>", 1)[0]
    assert events.count("<h3>Shelling hits market in town") == 4  # each event, by its title
    for e in cmp.event_outlets.itertuples():
        assert f"{e.framing_score:.3f}" in events
    assert events.count('href="#article/') == len(rows)  # each outlet's article in each event
    assert "Within events" in events and "<svg" in events
    trend = page.split('<section id="trend">', 1)[1].split("</section>", 1)[0]
    svg = trend.split('class="chart-box', 1)[1].split("<table", 1)[0]  # a panel per outlet
    assert svg.count("<svg") == 2
    assert svg.count("<circle") == len(cmp.trends) and svg.count("<polyline") == 2
    contrast = page.split('<section id="contrast">', 1)[1].split("</section>", 1)[0]
    s = cmp.contrast_summary
    assert f"Framing score of A &lt;Wire&gt; minus B: <b>{s['difference']:+.3f}" in contrast
    assert "Paired by event" in contrast


def test_report_without_analyses_says_how_to_get_the_drill_down(detailed):
    df = score_corpus([{"id": "x", "outlet": "A", "text": "The regime fell."}])
    page = render_comparison_html(compare_outlets(df, n_boot=20))
    assert "framing score --details" in page and 'id="fr-a-' not in page


def test_comparison_notebook_view(detailed):
    view = detailed._repr_html_()
    assert "<svg" in view and "<script" not in view and "A &lt;Wire&gt;" in view
    style = view.split("<style>", 1)[1].split("</style>", 1)[0]
    for rule in style.split("}")[:-1]:  # every rule applies inside the summary only
        assert all(sel.strip().startswith(".fr-summary") for sel in rule.split("{")[0].split(","))


def test_concordance_context_is_cut_at_word_boundaries():
    words = " ".join(f"word{i}" for i in range(60))
    text = f"{words} regime {words}."
    start = text.index("regime")
    left, kw, right = _kwic(text, 0, len(text), start, start + len("regime"))
    assert kw == "regime"
    assert left.startswith("…word") and right.endswith("…")
    assert all(w.startswith("word") for w in left.lstrip("…").split())
    assert all(w.rstrip("…").startswith("word") for w in right.split())
    assert len(left) <= KWIC_CONTEXT + 1 and len(right) <= KWIC_CONTEXT + 1
    assert f"{left.lstrip('…')} regime {right.rstrip('…')}" in text


def test_percentages_carry_their_counts_and_never_round_a_use_to_zero():
    assert pct(0.25, 3) == "25% (3)" and pct(0.004, 1) == "0.4% (1)" and pct(0.0, 0) == "0% (0)"
    assert pct(float("nan"), 2) == "—"


def test_report_opens_with_what_stands_out(detailed):
    page = render_comparison_html(detailed)
    section = page.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    top, bottom = (html.escape(str(g)) for g in (detailed.table.index[0], detailed.table.index[-1]))
    r = detailed.table.iloc[0]
    assert f"<b>{top}</b> has the highest mean framing score, {r['framing_score']:.3f} " in section
    assert f"<b>{bottom}</b> the lowest" in section
    d = detailed.differences
    d = d[d["score"] == "framing_score"]
    clear = d[(d["ci_low"] > 0) | (d["ci_high"] < 0)]
    if len(clear):
        assert "the rest of the corpus" in section
    else:
        assert "differs from the rest beyond its 95% interval" in section
    assert "regime" in section  # the most distinctive term of the outlet that says 'regime'


def test_a_smaller_report_keeps_views_of_each_groups_highest_and_lowest_articles(detailed):
    page = render_comparison_html(detailed, max_articles=4)
    views = {int(i) for i in re.findall(r'<template id="fr-a-(\d+)">', page)}
    a = detailed.articles
    for g in detailed.table.index:
        rows = (
            a[a["outlet"] == g].sort_values("framing_score", ascending=False, kind="stable").index
        )
        assert views & set(rows) == {rows[0], rows[-1]}
    assert "2 of these 4 articles have a single-article view" in page


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    out = []
    for rule in css.split("}"):
        if "{" not in rule:
            continue
        sel, body = rule.rsplit("{", 1)
        decl = dict(
            (k.strip(), v.strip())
            for k, _, v in (d.partition(":") for d in body.split(";"))
            if k.strip()
        )
        out.append((sel.strip(), decl))
    return out


@pytest.mark.parametrize("css", ["report", "article", "view"])
def test_every_text_colour_of_the_style_sheets_meets_wcag_aa(css):
    sheet = {"report": REPORT_CSS, "article": ARTICLE_CSS, "view": VIEW_CSS}[css]
    checked = 0
    for sel, decl in _rules(sheet):
        colour = decl.get("color", "")
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            continue
        background = decl.get("background", "")
        grounds = (
            [background] if re.fullmatch(r"#[0-9a-fA-F]{6}", background) else ["#ffffff", "#f2f2f2"]
        )
        for ground in grounds:
            assert contrast_ratio(colour, ground) >= 4.5, (sel, colour, ground)
        checked += 1
    assert checked >= (3 if css == "view" else 5)


def test_a_trend_in_the_comparison_is_drawn_per_group_on_one_axis(detailed):
    trend = [
        {
            "outlet": g,
            "period": p,
            "framing_score": v,
            "framing_score_lo": v - 0.05,
            "framing_score_hi": v + 0.05,
            "n_articles": 2,
        }
        for g in ("A <Wire>", "B")
        for p, v in (("2024-01", 0.2), ("2024-02", 0.3), ("2024-03", 0.25))
    ]
    original = detailed.to_dict
    detailed.to_dict = lambda: {**original(), "trend": trend}  # type: ignore[method-assign]
    try:
        page = render_comparison_html(detailed)
    finally:
        del detailed.to_dict
    section = page.split('<section id="trend">', 1)[1].split("</section>", 1)[0]
    svg = section.split('class="chart-box', 1)[1].split("<table", 1)[0]  # a panel per outlet
    assert svg.count("<circle") == len(trend) and svg.count("<polyline") == 2
    assert "A &lt;Wire&gt;, 2024-02: 0.300 [0.250, 0.350], 2 articles" in svg
    assert section.count("<tr>") == len(trend) + 1  # and the records as a table


def test_the_readme_flow_score_details_then_compare_corpus(tmp_path):
    rows = [
        {"id": f"{o}{k}", "outlet": o, "text": _report_article(word, k)}
        for o, word in (("A", "regime"), ("B", "government"))
        for k in range(3)
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(
        main, ["score", str(corpus), "-o", str(tmp_path / "s.csv"), "--details", "-q"]
    )
    assert res.exit_code == 0, res.output
    out = tmp_path / "r.html"
    res = runner.invoke(
        main,
        [
            "compare",
            str(tmp_path / "s.csv"),
            "--corpus",
            str(corpus),
            "-o",
            str(out),
            "--bootstrap",
            "50",
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"report written to {out}" in res.stderr and "no single-article views" not in res.stderr
    page = out.read_text(encoding="utf-8")
    assert len(re.findall(r'<template id="fr-a-\d+">', page)) == len(rows)
    assert _client_data(page)["terms"]["regime"]


def test_page_furniture_is_shown_struck_through_and_explained():
    from types import SimpleNamespace

    text = "Share this article\n\n" + HEADLINE + TEXT_IN
    a = framing.analyze(text, outlet="W")
    a.furniture = [SimpleNamespace(start=0, end=18, kind="share")]  # as the scorer marks it
    page = render_html(a)
    assert '<span class="fr-furn">Share this article</span>' in _text_div(page)
    assert "left out of every count and score" in page
    assert _visible(_text_div(page)) == text
    assert "<title>Regime forces shell rebel-held town</title>" in page  # not the share button


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yemen president evacuated\n\nBody.", "Yemen president evacuated"),
        (
            "Trump Won’t Name ‘White Supremacist Terrorism’\nBody.",
            "Trump Won’t Name ‘White Supremacist Terrorism’",
        ),
        ("He said the talks failed.\nMore.", None),  # a sentence
        ('"We will never surrender."\nMore.', None),  # a quoted sentence
        ("One line only", None),
        ("Word " * 30 + "\nBody.", None),  # too long for a headline
    ],
)
def test_headline_is_a_short_first_line_that_is_not_a_sentence(text, expected):
    assert headline(text) == expected


PEDDLES = (
    "He says immigration advocate Reagan would be ashamed of the party's fear-mongering.\n\n"
    "He says GOP peddles illogical, inaccurate claims about the bill."
)


def test_sub_score_cards_say_how_each_number_is_computed():
    a = framing.analyze(PEDDLES)
    page = html.unescape(render_html(a))
    weight = sum(t.confidence * (0.5 if t.quoted else 1.0) for t in a.loaded_terms)
    d = 100 * weight / a.n_words
    assert round(d / (d + 1), 4) == a.subscores["loaded_language"]
    # the count, the words and the density it comes from, and the formula on them
    assert f"{len(a.loaded_terms)} loaded terms, confidences summed {weight:.2f}" in page
    assert f"in {a.n_words} words: d = {d:.2f} per 100 words" in page
    assert f"d/(d+1) = {d:.2f}/{d + 1:.2f}" in page
    assert "d/(d+1)" not in page.split("loaded language", 1)[0]  # not before its card
    n = len(a.sentences)
    assert f"{len(a.unattributed_sentences)} of {n} sentences make a claim" in page
    assert f"over {n} sentences" in page
    assert "0.35 × " in page  # the framing score as the weighted sum of the cards' numbers


def test_model_evidence_is_shown_in_words_not_feature_names():
    # the shipped categories report no tagger-only words (term_categories.tsv tagger_from), so
    # the term gets the evidence the tagger gave "illogical" in this text when it reported it
    a = framing.analyze(PEDDLES)
    evidence = ("negative_words", "sentence_p=0.76", "suf4=ical", "pos=JJ", "length")
    a.loaded_terms[0] = dataclasses.replace(a.loaded_terms[0], evidence=evidence)
    page = html.unescape(render_html(a))
    assert "word ending “-ical”" in page
    assert "a word on the list of Hu & Liu's negative words" in page
    assert "in a sentence the sentence model rates slanted (P = 0.76)" in page
    for internal in ("suf4=", "negative_words", "sentence_p=", "pos=", "length"):
        assert internal not in page.split("<script", 1)[0], internal


def test_the_article_page_and_the_report_share_one_article_script(detailed):
    a = framing.analyze(PEDDLES)
    page = render_html(a)
    report = render_comparison_html(detailed)
    for doc in (page, report):
        assert f"<script>{ARTICLE_JS}</script>" in doc and doc.count("function wireFlags") == 1
    assert 'class="fr-sentences sortable"' in page and 'id="f1"' in page


def test_trend_says_which_outlets_lost_articles_for_want_of_a_date_and_uses_plain_labels():
    rows = []
    for k in range(6):
        for o in ("Dated Wire", "Half Dated", "Undated Post"):
            date = f"2024-0{1 + k % 2}-1{k}"
            if o == "Undated Post" or (o == "Half Dated" and k % 2):
                date = "" if k % 3 else "not a date"
            rows.append(
                {
                    "id": f"{o[0]}{k}",
                    "outlet": o,
                    "date": date,
                    "text": _report_article("regime", k),
                }
            )
    cmp = compare_outlets(score_corpus(rows), n_boot=50, over="month")
    assert cmp.params["undated_by_group"] == {"Half Dated": 3, "Undated Post": 6}
    trend = (
        render_comparison_html(cmp).split('<section id="trend">', 1)[1].split("</section>", 1)[0]
    )
    note = html.unescape(
        re.sub(r"<[^>]+>", "", trend.split('id="trend-undated">', 1)[1].split("</p>", 1)[0])
    )
    assert note.startswith("9 articles had no readable date")
    assert "Undated Post 6 (all); Half Dated 3 of 6." in note
    head = trend.split('id="trend-table">', 1)[1].split("</thead>", 1)[0]
    assert re.findall(r"<th[^>]*>([^<]+)</th>", head) == [
        "outlet",
        "period",
        "articles",
        "mean framing score [95% interval]",
    ]
    assert "ci_low" not in trend and "n_articles" not in trend and "framing_score" not in trend


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sen. Jon Tester, a Montana Democrat,", "Sen. Jon Tester"),
        ("the White House", "White House"),
        ("the diplomat", "diplomat"),
        ("officials", "officials"),
        ("he", None),
        ("which answers only to the Supreme Leader,", None),
        ("McEnany misquoted an FBI agent's", None),
        ("an interview with the paper, Palin talks about her audience,", None),
        ("the GOP-controlled House filed an amicus", None),
    ],
)
def test_a_source_is_shown_by_its_name_or_role_and_fragments_are_left_out(text, name):
    from framing.compare import source_name

    assert source_name(text) == name
    assert source_name("one expert", "expert") == "one expert" and source_name("one expert") is None


def test_contrast_sources_are_names_as_written_merged_and_capped():
    from framing.compare import source_name
    from framing.tables import read_frame
    from tests.helpers import SAMPLE

    rows, _ = read_frame(SAMPLE)
    rows = rows[rows["outlet"].isin(["Fox News", "CNN (Web News)"])]
    df = score_corpus(rows, details=True)
    cmp = compare_outlets(df, n_boot=50, contrast=("Fox News", "CNN (Web News)"))
    sources = cmp.contrast_summary["sources"]
    raw = set()
    for v in df["source_counts"]:
        raw.update(json.loads(v))
    names = list(sources["term"])
    assert len(names) < 0.6 * len(raw)  # merged and fragments dropped
    assert all(source_name(n, k) == n for n, k in zip(names, sources["type"], strict=True))
    assert not any(
        n.islower() and n.split()[-1][0].isalpha() and " " in n and n.title() in names
        for n in names
    )
    assert "Donald Trump" in names and "President Trump" not in names and "Trump" not in names
    trump = sources[sources["term"] == "Donald Trump"].iloc[0]
    raw_trump = sum(
        n for v in df["source_counts"] for k, n in json.loads(v).items() if k.endswith("trump")
    )
    assert trump["count"] + trump["count_other"] >= raw_trump
    page = render_comparison_html(cmp)
    shown = page.split('id="contrast-sources">', 1)[1].split("</table>", 1)[0]
    assert shown.count("<tr>") - 1 <= 20
    assert f"show all {len(names)} sources" in page
    every = page.split('id="contrast-sources-all">', 1)[1].split("</table>", 1)[0]
    assert "<td>Donald Trump</td>" in every and "donald trump" not in shown + every


def test_charts_scale_to_a_narrow_screen_with_a_panel_per_chart():
    """Every inline chart has a viewBox and scales down to its box (max-width 100%, height
    auto, no minimum width), and a chart of several panels is one chart per panel, each
    with its row labels, so that panels wrap onto new lines on a phone instead of shrinking
    a wide drawing or scrolling."""
    from framing.report.svg import interval_panels, period_panels

    rows = [(0.2, 0.1, 0.3), (0.4, 0.35, 0.45)]
    wide = interval_panels(["A", "B"], [(f"panel {k}", rows) for k in range(5)], title="t")
    trend = period_panels(
        {g: [("2024-01", 0.2, 0.1, 0.3, 2), ("2024-02", 0.3, None, None, 1)] for g in "XYZ"},
        title="t",
    )
    for chart, panels in ((wide, 5), (trend, 3)):
        assert 'class="chart-box chart-grid"' in chart
        svgs = re.findall(r"<svg [^>]*>", chart)
        assert len(svgs) == panels
        for tag in svgs:
            width = float(re.search(r' width="([\d.]+)"', tag)[1])
            assert re.search(r'viewBox="0 0 [\d.]+ [\d.]+"', tag) and width <= 400
            assert "max-width:100%" in tag and "height:auto" in tag and "min-width" not in tag
    for k in range(5):  # each panel names its rows
        panel = wide.split("<svg ")[k + 1]
        assert ">A</text>" in panel and ">B</text>" in panel and f">panel {k}</text>" in panel
    assert ".chart-grid { display: flex; flex-wrap: wrap;" in REPORT_CSS


def test_a_difference_from_one_value_has_no_interval_and_axes_are_named():
    from framing.report.svg import _period_ticks, difference_chart

    chart = difference_chart(
        ["A (1 event)", "B (4 events)"],
        [(-0.005, -0.005, -0.005), (0.004, 0.001, 0.005)],
        title="t",
        axis="framing score minus the event's mean",
    )
    a, b = chart.split("<circle")[1:]
    assert "(no interval)" in a and 'fill="#767676"' in a  # grey: nothing excluded 0
    assert "[+0.001, +0.005]" in b and 'fill="#a3140f"' in b
    assert chart.count("<line") - chart.count('stroke="#d9d9d9"') - 1 == 1  # one whisker
    assert ">framing score minus the event&#x27;s mean</text>" in chart or (
        ">framing score minus the event's mean</text>" in chart
    )
    assert ">+0.0025</text>" in chart  # ticks keep their decimals
    assert _period_ticks(9) == [0, 2, 4, 6, 8] and _period_ticks(3) == [0, 1, 2]
    assert _period_ticks(1) == [0] and _period_ticks(0) == []
