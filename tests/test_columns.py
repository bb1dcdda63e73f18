"""Input columns in the output of `framing score` / `score_corpus`: every non-text column kept
under its own name, --drop-col, renamed clashes, warnings for a missing id or outlet column."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.corpus import score_corpus
from framing.errors import ColumnWarning, InputError
from tests.helpers import short_articles, write_jsonl


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    out = short_articles(4, 300)
    for i, r in enumerate(out):
        r["date"] = f"2024-01-0{i + 1}"
    return out


@pytest.fixture
def csv_corpus(tmp_path, rows):
    """The sample articles with other column names: url, source, topic, body, date."""
    df = pd.DataFrame(rows).rename(columns={"id": "url", "outlet": "source", "text": "body"})
    path = tmp_path / "corpus.csv"
    df.to_csv(path, index=False)
    return path


def _score(*args):
    return CliRunner().invoke(main, ["score", *args], catch_exceptions=False)


def test_every_non_text_column_is_kept_under_its_own_name(tmp_path, csv_corpus, rows):
    out = tmp_path / "scores.csv"
    res = _score(
        str(csv_corpus), "-o", str(out), "--text-col", "body", "--id-col", "url",
        "--outlet-col", "source", "-q",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "warning" not in res.stderr
    df = pd.read_csv(out)
    assert df["id"].tolist() == df["url"].tolist() == [r["id"] for r in rows]
    assert df["outlet"].tolist() == df["source"].tolist() == [r["outlet"] for r in rows]
    assert df["topic"].tolist() == [r["topic"] for r in rows]
    assert df["date"].tolist() == [r["date"] for r in rows]
    assert "body" not in df.columns  # the text itself is not copied
    # the kept outlet column keeps its name, so the comparison can group by it
    res = CliRunner().invoke(main, ["compare", str(out), "--by", "source", "--bootstrap", "50"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("source") and rows[0]["outlet"] in res.output


def test_drop_col_leaves_a_column_out_and_a_wrong_name_is_one_line(tmp_path, csv_corpus):
    out = tmp_path / "scores.parquet"
    res = _score(str(csv_corpus), "-o", str(out), "--text-col", "body", "--drop-col", "date", "-q")
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(out)
    assert "date" not in df.columns and {"topic", "url", "source"} <= set(df.columns)
    res = _score(str(csv_corpus), "-o", str(out), "--text-col", "body", "--drop-col", "nope")
    assert res.exit_code == 1
    assert "no column 'nope'" in res.stderr and "--drop-col" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_missing_id_and_outlet_columns_are_warned_about_before_scoring(tmp_path, csv_corpus):
    out = tmp_path / "scores.csv"
    res = _score(str(csv_corpus), "-o", str(out), "--text-col", "body", "--id-col", "uid")
    assert res.exit_code == 0, res.output
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("warning:") and "no column 'uid'" in lines[0]
    assert "--id-col" in lines[0] and "row-<record number>" in lines[0]
    assert "no column 'outlet'" in lines[1] and "--outlet-col" in lines[1]
    assert pd.read_csv(out)["id"].tolist() == ["row-1", "row-2", "row-3", "row-4"]


def test_an_input_column_named_like_an_output_column_is_renamed(tmp_path, rows):
    data = pd.DataFrame(rows).rename(columns={"id": "url"})
    data["id"] = ["a", "b", "c", "d"]
    data["framing_score"] = "old"
    with pytest.warns(ColumnWarning, match="'id' as 'input_id'.*'framing_score' as"):
        df = score_corpus(data, id_col="url")
    assert df["id"].tolist() == data["url"].tolist()
    assert df["input_id"].tolist() == ["a", "b", "c", "d"]
    assert df["input_framing_score"].tolist() == ["old"] * 4
    assert df["framing_score"].between(0, 1).all()


def test_json_records_with_keys_the_first_records_lack_are_warned_about(tmp_path, rows):
    lines = [dict(r) for r in rows]
    lines[-1]["author"] = "Jane Roe"  # a key the first records lack
    path = write_jsonl(tmp_path / "c.jsonl", lines)
    from framing.corpus.records import JSON_PEEK

    assert len(lines) < JSON_PEEK  # so the key is found while the columns are read
    df = score_corpus(path)
    assert df["author"].tolist()[-1] == "Jane Roe" and df["author"].isna().sum() == 3
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("framing.corpus.records.JSON_PEEK", 1)
        with pytest.warns(ColumnWarning, match="line 4 has key.*author"):
            df = score_corpus(path)
    assert "author" not in df.columns


def test_keep_cols_still_keeps_exactly_the_named_columns(rows):
    df = score_corpus(rows, keep_cols=["topic"])
    assert "topic" in df.columns and "date" not in df.columns
    assert "date" in score_corpus(rows).columns
    with pytest.raises(InputError, match="keep_cols="):
        score_corpus(rows, keep_cols="topic")
    with pytest.raises(InputError, match="not both"):
        score_corpus(rows, keep_cols=["topic"], drop_cols=["date"])


def test_scores_of_a_scores_table_keep_the_first_scores_apart(tmp_path, rows):
    first = score_corpus(rows, drop_cols=["date"])
    with pytest.warns(ColumnWarning, match="another name"):
        again = score_corpus(first.assign(text=[r["text"] for r in rows]))
    assert again["input_framing_score"].astype(float).tolist() == pytest.approx(
        first["framing_score"].tolist()
    )
    assert json.loads(again["term_counts"].iloc[0]) == json.loads(first["term_counts"].iloc[0])
