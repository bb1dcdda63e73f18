"""Same-event comparison, trends and the two-outlet contrast (framing compare --events,
--over, --contrast): on constructed rows, and as CLI runs on the shipped sample corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.compare import compare_outlets
from framing.corpus import score_corpus
from framing.events import cluster_events, parse_dates
from framing.resources import data_path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_ROWS = ROOT / "tests" / "data" / "golden" / "sample_articles.rows.jsonl.gz"
SAMPLE = data_path("sample_articles.jsonl.gz")

QUAKE = (
    "A magnitude 7.1 earthquake struck the coastal city of Izmir on {d}, officials said. "
    "Rescue teams pulled survivors from collapsed buildings as aftershocks shook the region. "
    "The governor said {n} people were killed and hundreds injured in the earthquake."
)
VOTE = (
    "The senate passed the budget bill on {d} after a long debate over farm subsidies. "
    "Senators voted 61 to 39 and the bill now goes to the house, a spokesman said. "
    "The budget includes new money for rural roads and {n} new bridges."
)


@pytest.fixture(scope="module")
def event_rows() -> tuple[pd.DataFrame, list[str]]:
    """Two events covered by three outlets; outlet C adds a loaded word to each report."""
    rows = []
    for ev, (tmpl, day) in enumerate([(QUAKE, "2020-10-30"), (VOTE, "2021-03-02")]):
        for k, outlet in enumerate(["A", "B", "C"]):
            text = tmpl.format(d=day, n=10 + k)
            if outlet == "C":
                text += " Critics called the response a shameful, disgraceful fiasco."
            rows.append({"id": f"{outlet}{ev}", "outlet": outlet, "text": text, "date": day})
    rows.append({"id": "X", "outlet": "A", "text": "Unrelated sports news.", "date": "not a date"})
    df = score_corpus(rows, keep_cols=("date",))
    return df, [r["text"] for r in rows]


def test_dates_are_read_leniently_and_unreadable_ones_counted():
    dates, bad = parse_dates(
        ["2020-10-30", "June 5, 2019", "2019-06-05T10:00:00Z", "", None, "soon", "0001-11-30"]
    )
    assert [str(d.date()) if not pd.isna(d) else None for d in dates] == [
        "2020-10-30",
        "2019-06-05",
        "2019-06-05",
        None,
        None,
        None,
        None,
    ]
    assert bad == 2  # "soon" and year 1; the empty cells are missing, not unreadable


def test_clustering_groups_reports_of_the_same_event(event_rows):
    df, texts = event_rows
    dates, _ = parse_dates(df["date"].tolist())
    events = cluster_events(texts, dates, df["outlet"].tolist())
    by_id = dict(zip(df["id"], events, strict=True))
    assert by_id["A0"] == by_id["B0"] == by_id["C0"] is not None
    assert by_id["A1"] == by_id["B1"] == by_id["C1"] is not None
    assert by_id["A0"] != by_id["A1"] and by_id["X"] is None


def test_within_event_effects_and_paired_contrast(event_rows):
    df, texts = event_rows
    cmp = compare_outlets(df, texts=texts, events=True, contrast=("C", "A"), n_boot=300, seed=0)
    assert cmp.params["events_from"] == "clustering" and cmp.params["n_events"] == 2
    assert cmp.params["dates_unreadable"] == 1
    assert len(cmp.events) == 2 and set(cmp.events["n_groups"]) == {3}
    eff = cmp.event_effects.set_index("outlet")
    assert eff.loc["C", "n_events"] == 2
    assert (
        eff.loc["C", "framing_score_within_event"] > 0 > eff.loc["A", "framing_score_within_event"]
    )
    paired = cmp.contrast_summary["paired_by_event"]
    assert paired["n_events"] == 2 and paired["difference"] > 0
    assert paired["ci_low"] <= paired["difference"] <= paired["ci_high"]
    side = cmp.event_outlets
    c_terms = side.loc[side["outlet"] == "C", "loaded_terms"].str.cat(sep=" ")
    assert "disgraceful" in c_terms or "shameful" in c_terms or "fiasco" in c_terms
    d = json.loads(cmp.to_json())
    assert len(d["events"]) == 2 and d["contrast_summary"]["paired_by_event"]["n_events"] == 2


def test_an_event_column_is_used_as_given(event_rows):
    df, _ = event_rows
    df = df.assign(event=["q", "q", "q", "v", "v", "v", ""])
    cmp = compare_outlets(df, events=True, n_boot=200)
    assert cmp.params["events_from"] == "event"
    assert sorted(cmp.events["event"]) == ["q", "v"]


def test_trends_per_month(event_rows):
    df, _ = event_rows
    cmp = compare_outlets(df, over="month", n_boot=200)
    t = cmp.trends
    assert set(t["period"]) == {"2020-10", "2021-03"}
    assert t["n_articles"].sum() == 6 and cmp.params["dates_unreadable"] == 1
    assert ((t["ci_low"] <= t["framing_score"]) & (t["framing_score"] <= t["ci_high"])).all()


def test_one_article_gets_no_interval_in_the_terminal_views(event_rows):
    from framing.compare_text import render_trends_text
    from framing.report.text import render_comparison_text

    df, _ = event_rows
    cmp = compare_outlets(df, over="month", n_boot=200)
    rows = render_trends_text(cmp).splitlines()[2:]
    assert len(rows) == 6  # each outlet has one article a month here
    assert all(r.endswith("(no interval: one value)") for r in rows), rows
    table = render_comparison_text(compare_outlets(df, n_boot=200))
    assert table.count("(one article)") == 0 and table.count(" [") >= 3  # 2-3 articles each
    one = render_comparison_text(compare_outlets(df[df["id"] != "A1"].head(4), n_boot=200))
    assert "(one article)" in one


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "framing", "compare", str(GOLDEN_ROWS), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_cli_events_and_contrast_on_the_sample_corpus():
    r = _cli(
        "--corpus",
        str(SAMPLE),
        "--events",
        "--contrast",
        "Fox News",
        "Reuters",
        "--bootstrap",
        "300",
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Events (clustered: dates within 3 days" in out
    assert "dates: 0 unreadable, 31 missing" in out
    assert "E1 " in out and "    sources: " in out and "    types: " in out
    assert "Within events" in out
    assert "Contrast: Fox News (n=10) vs Reuters (n=10)" in out
    assert "framing score difference Fox News - Reuters:" in out
    assert "loaded terms more typical of Fox News:" in out
    assert "sources more typical of Reuters:" in out


@pytest.mark.slow
def test_cli_over_month_table_json_and_plot(tmp_path):
    plot = tmp_path / "trend.png"
    r = _cli("--corpus", str(SAMPLE), "--over", "month", "--bootstrap", "200", "--plot", str(plot))
    assert r.returncode == 0, r.stderr
    assert "Framing score by month" in r.stdout and "31 missing" in r.stdout
    assert plot.stat().st_size > 10_000
    r = _cli("--corpus", str(SAMPLE), "--over", "month", "--bootstrap", "200", "--format", "json")
    d = json.loads(r.stdout)
    assert sum(t["n_articles"] for t in d["trends"]) == 120 - 31
    assert {t["period"][:4] for t in d["trends"]} <= {str(y) for y in range(2010, 2021)}


def test_cli_events_without_texts_or_event_column_is_one_clear_error():
    r = _cli("--events")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "--events needs an 'event' column" in r.stderr


def test_html_report_shows_events_and_trends(event_rows):
    df, texts = event_rows
    cmp = compare_outlets(df, texts=texts, events=True, over="month", n_boot=200)
    page = cmp.to_html()
    for section in ('id="events"', 'id="trend"'):
        assert section in page
    # one events section holds the clusters, each outlet's choices side by side and the
    # within-event comparison
    assert "comparing within events" in page
    outlets = cmp.to_dict()["event_outlets"]
    assert outlets and all(str(r["outlet"]) in page for r in outlets)
    assert "Mean framing score per outlet and month" in page  # the trend chart is drawn


def test_event_sources_are_shown_by_their_display_names():
    """The same-event table names a cited source as a reader names it (case kept, the
    apposition cut: framing.compare.source_name), never the lower-cased key of
    source_counts."""
    from framing.compare import source_name
    from framing.events import event_outlets

    rows = []
    for outlet in ("A", "B"):
        text = (
            QUAKE.format(d="2020-10-30", n=12)
            + " Mayor Tunç Soyer, a member of the opposition, said the city would rebuild."
        )
        rows.append({"id": outlet, "outlet": outlet, "text": text, "event": "e1"})
    df = score_corpus(rows, details=True)
    side = event_outlets(df, "outlet", df["event"])
    for cell in side["sources"]:
        names = [part.rsplit(" ", 1)[0] for part in cell.split(", ")]
        assert "Mayor Tunç Soyer" in names, cell
        assert all(source_name(n) == n for n in names), cell
        assert "mayor tunç soyer" not in cell


def test_the_contract_documents_the_params_of_events_and_trends(event_rows):
    """Every key events= and over= add to Comparison.params (to_dict()["params"]) is named
    in docs/contract.md, undated_by_group among them."""
    df, texts = event_rows
    plain = set(compare_outlets(df, n_boot=50).params)
    cmp = compare_outlets(df, texts=texts, events=True, over="month", n_boot=50)
    added = set(cmp.params) - plain
    assert "undated_by_group" in added and cmp.params["undated_by_group"] == {"A": 1}
    contract = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    missing = sorted(k for k in added if f'"{k}"' not in contract)
    assert not missing, missing
