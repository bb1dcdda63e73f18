"""Outlet comparison: bootstrap intervals, Fightin' Words log-odds, naming choices, CLI."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.compare import compare_outlets, fightin_words
from framing.corpus import score_corpus

TOWNS = ["Aleppo", "Homs", "Idlib", "Hama", "Daraa", "Raqqa", "Latakia", "Tartus"]


def _article(name: str, town: str, k: int) -> str:
    return (
        f"The {name} said on Monday that its forces had entered {town} after a week of fighting. "
        f"Residents said {k + 2} people were killed when shells hit the market. "
        "Critics called the offensive a brutal slaughter. "
        f"A spokesman for the {name} told reporters that the operation would continue. "
        f"Aid groups said the {name} had blocked convoys to the north of {town}."
    )


@pytest.fixture(scope="module")
def scored() -> tuple[pd.DataFrame, list[str]]:
    """Outlet A calls it 'the regime', outlet B 'the government'; otherwise the same reports."""
    rows = []
    for k, town in enumerate(TOWNS):
        rows.append({"id": f"a{k}", "outlet": "A <Wire>", "text": _article("regime", town, k)})
        rows.append({"id": f"b{k}", "outlet": "B", "text": _article("government", town, k)})
    return score_corpus(rows), [r["text"] for r in rows]


def test_table_has_means_inside_their_bootstrap_intervals(scored):
    cmp = compare_outlets(scored[0], n_boot=500, seed=1)
    t = cmp.table
    assert set(t.index) == {"A <Wire>", "B"} and t["n_articles"].tolist() == [8, 8]
    for col in [
        "framing_score",
        "loaded_language",
        "biased_sentences",
        "attribution",
        "unattributed_claims",
    ]:
        assert (t[f"{col}_lo"] <= t[col]).all() and (t[col] <= t[f"{col}_hi"]).all(), col
    assert t.loc["A <Wire>", "per_1k_label"] > t.loc["B", "per_1k_label"]
    for stance_total in [
        sum(t.loc[g, c] for c in t.columns if c.startswith("stance_")) for g in t.index
    ]:
        assert stance_total == pytest.approx(1.0)
    again = compare_outlets(scored[0], n_boot=500, seed=1).table
    pd.testing.assert_frame_equal(t, again)  # seeded


def test_loaded_terms_distinguish_the_regime_outlet(scored):
    cmp = compare_outlets(scored[0], n_boot=50)
    d = cmp.distinguishing_terms
    row = d[(d["outlet"] == "A <Wire>") & (d["term"] == "regime")].iloc[0]
    assert row["count"] == 24 and row["count_other"] == 0
    assert row["log_odds"] > 0 and row["z"] > 1.96
    assert cmp.top_terms("A <Wire>")["term"].iloc[0] == "regime"
    other = d[(d["outlet"] == "B") & (d["term"] == "regime")].iloc[0]
    assert other["z"] == pytest.approx(-row["z"])


def test_all_words_and_a_vs_b(scored):
    df, texts = scored
    cmp = compare_outlets(df, terms="words", texts=texts, contrast=("A <Wire>", "B"), n_boot=50)
    c = cmp.contrast.set_index("term")
    assert c.loc["regime", "z"] > 3 and c.loc["government", "z"] < -3
    assert abs(c.loc["market", "z"]) < 1e-9  # used equally by both
    d = cmp.distinguishing_terms
    top_b = d[d["outlet"] == "B"].iloc[0]
    assert top_b["term"] == "government" and top_b["z"] > 3


def test_fightin_words_is_antisymmetric():
    a = Counter({"regime": 10, "forces": 5, "said": 20})
    b = Counter({"government": 9, "forces": 5, "said": 22})
    ab = fightin_words(a, b).set_index("term")
    ba = fightin_words(b, a).set_index("term")
    assert (ab["z"] + ba.loc[ab.index, "z"]).abs().max() < 1e-12
    assert ab.loc["regime", "z"] > 0 > ab.loc["government", "z"]


def test_naming_choices_shares_sum_to_one(scored):
    cmp = compare_outlets(scored[0], n_boot=50)
    n = cmp.naming_choices
    sums = n.groupby(["group", "outlet"])["share"].sum()
    assert (sums - 1.0).abs().max() < 1e-9
    gov = n[n["group"] == "government"].set_index(["outlet", "name"])["share"]
    assert gov[("A <Wire>", "regime")] == 1.0 and gov[("B", "government")] == 1.0


def test_json_and_html_output(scored):
    cmp = compare_outlets(scored[0], n_boot=50, contrast=("A <Wire>", "B"))
    data = json.loads(cmp.to_json())
    assert {r["outlet"] for r in data["table"]} == {"A <Wire>", "B"}
    assert data["contrast"]["groups"] == ["A <Wire>", "B"]
    page = cmp.to_html()
    assert "A &lt;Wire&gt;" in page and "A <Wire>" not in page.split("<script", 1)[0]
    assert page.count('class="chart-box') == 2  # scores (a panel per sub-score), differences
    assert "data:image/png" not in page
    assert 'id="contrast"' in page


def test_compare_cli(tmp_path, scored):
    df, _ = scored
    scores = tmp_path / "s.parquet"
    df.to_parquet(scores)
    runner = CliRunner()
    res = runner.invoke(
        main,
        [
            "compare",
            str(scores),
            "--bootstrap",
            "50",
            "-o",
            str(tmp_path / "r.html"),
            "--plot",
            str(tmp_path / "p.png"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "regime" in res.stdout.splitlines()[2] or "regime" in res.stdout
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert f"report written to {tmp_path / 'r.html'}" in res.stderr
    assert "no single-article views: score with --details" in res.stderr
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"
    res = runner.invoke(main, ["compare", str(scores), "--format", "csv", "--bootstrap", "50"])
    assert res.exit_code == 0 and res.stdout.startswith("outlet,n_articles")
    res = runner.invoke(main, ["compare", str(scores), "--by", "topic"])
    assert res.exit_code == 1 and "no column 'topic'" in res.stderr
    res = runner.invoke(main, ["compare", str(scores), "--terms", "words"])
    assert res.exit_code == 1 and "--corpus" in res.stderr


def test_actor_table_says_who_calls_whom_what(scored):
    cmp = compare_outlets(scored[0], n_boot=200, seed=1)
    a = cmp.actors
    assert a is not None and set(a["outlet"]) == {"A <Wire>", "B"}
    regime = a[a["key"] == "regime"]
    assert regime["outlet"].tolist() == ["A <Wire>"]
    assert regime.iloc[0]["n_articles"] == 8 and "regime" in regime.iloc[0]["labels"]
    government = a[a["key"] == "government"]
    assert government["outlet"].tolist() == ["B"]
    for _, r in a.iterrows():
        assert r["net_ci_low"] <= r["net_sentiment"] <= r["net_ci_high"]
        assert r["negative"] + r["neutral"] + r["positive"] == pytest.approx(1.0, abs=1e-3)
    d = cmp.to_dict()["actors"]
    assert len(d) == len(a) and {"actor", "labels", "roles", "net_sentiment"} <= set(d[0])
    assert "Actors: who is called what</h2>" in cmp.to_html(plots=False)


def test_compare_actors_cli(tmp_path, scored):
    df, _ = scored
    scores = tmp_path / "s.csv"
    df.to_csv(scores, index=False)
    runner = CliRunner()
    res = runner.invoke(main, ["compare", str(scores), "--actors", "--bootstrap", "50"])
    assert res.exit_code == 0, res.output
    assert "regime (organization)" in res.stdout and "called: regime" in res.stdout
    res = runner.invoke(
        main, ["compare", str(scores), "--actors", "--format", "csv", "--bootstrap", "50"]
    )
    assert res.exit_code == 0 and res.stdout.startswith("actor,key,kind,outlet")
    old = tmp_path / "old.csv"
    df.drop(columns=["actors"]).to_csv(old, index=False)
    res = runner.invoke(main, ["compare", str(old), "--actors"])
    assert res.exit_code == 1 and "no actors column" in res.stderr
