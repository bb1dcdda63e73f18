"""The Python entry points take what a pandas user has (lists of texts, a Series, a DataFrame
with any column labels) and check it once, with messages in Python terms."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.corpus import score_corpus
from framing.errors import ColumnWarning, InputError
from tests.helpers import short_articles

TEXTS = [
    "Militants stormed the so-called capital, and the regime's thugs slaughtered protesters.",
    "The council met on Tuesday and approved the budget, officials said.",
]


def test_a_list_of_texts_is_scored_one_row_per_text():
    df = score_corpus(TEXTS)
    assert df["id"].tolist() == ["row-1", "row-2"]
    assert df["framing_score"].iloc[0] > df["framing_score"].iloc[1]
    one = framing.analyze(TEXTS[0], id="row-1")
    assert df["framing_score"].iloc[0] == one.framing_score
    assert df["n_loaded_terms"].iloc[0] == len(one.loaded_terms) > 0
    gen = score_corpus(t for t in TEXTS)  # any iterable of str
    pd.testing.assert_frame_equal(gen, df)


def test_a_series_keeps_its_index_so_the_scores_align_with_the_frame():
    articles = short_articles(3, 300)
    frame = pd.DataFrame(articles, index=["x", "y", "z"])
    frame.loc["y", "text"] = "   "  # cannot be scored: missing from the result
    with pytest.warns(UserWarning, match="1 row"):
        scores = score_corpus(frame["text"])
    assert scores.index.tolist() == ["x", "z"]
    frame["framing_score"] = scores["framing_score"]
    assert frame["framing_score"].isna().tolist() == [False, True, False]
    assert frame.loc["z", "framing_score"] == framing.analyze(articles[2]["text"]).framing_score
    # a DataFrame's index is kept the same way
    with pytest.warns(UserWarning, match="1 row"):
        by_frame = score_corpus(frame.drop(columns="framing_score"))
    assert by_frame.index.tolist() == ["x", "z"]
    assert by_frame["topic"].tolist() == [articles[0]["topic"], articles[2]["topic"]]


def test_column_labels_that_are_not_text_name_their_columns():
    frame = pd.DataFrame({0: TEXTS, 1: ["Wire A", "Wire B"]})
    with pytest.warns(ColumnWarning):  # no id and no outlet column
        df = score_corpus(frame, text_col=0)
    assert df["1"].tolist() == ["Wire A", "Wire B"]
    with pytest.warns(ColumnWarning, match="no column 'id'"):
        df = score_corpus(frame, text_col=0, outlet_col=1)
    assert df["outlet"].tolist() == ["Wire A", "Wire B"]


def test_duplicate_column_names_are_refused():
    frame = pd.DataFrame([[TEXTS[0], TEXTS[1]]], columns=["text", "text"])
    with pytest.raises(InputError, match="duplicate column name 'text'"):
        score_corpus(frame)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text_col": "body"}, "no column 'body'.*choose the text column with text_col="),
        ({"text_col": ["text"]}, "text_col= must be a column name"),
        ({"drop_cols": ["nope"]}, "no column 'nope'.*drop_cols="),
        ({"drop_cols": "outlet"}, "drop_cols= must be a list"),
    ],
)
def test_bad_arguments_are_named_in_python_terms(kwargs, message):
    rows = [{"id": "a", "outlet": "Wire", "text": TEXTS[0]}]
    with pytest.raises(InputError, match=message) as err:
        score_corpus(rows, **kwargs)
    assert "--" not in str(err.value)


def test_a_text_given_where_a_path_is_expected_says_what_to_do():
    with pytest.raises(InputError, match="pass a list"):
        score_corpus(TEXTS[0])
    with pytest.raises(InputError, match="not a dict"):
        score_corpus({"text": TEXTS})


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"outlet": b"Wire"}, "outlet must be a str or None, not bytes; decode it"),
        ({"outlet": 5}, "outlet must be a str or None, not int"),
        ({"id": 7.0}, "id must be a str or None, not float"),
    ],
)
def test_analyze_checks_id_and_outlet_at_once(kwargs, message):
    with pytest.raises(InputError, match=message):
        framing.analyze(TEXTS[0], **kwargs)
    with pytest.raises(InputError, match="not bytes .decode it first"):
        framing.analyze(TEXTS[0].encode())


def test_the_same_problem_is_told_in_python_and_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from framing.cli import main

    path = tmp_path / "c.jsonl"
    path.write_bytes('{"id": "a", "text": "The regime fell."}\n'.encode("utf-16"))
    with pytest.raises(InputError, match="pass encoding='utf-16' to read it"):
        list(framing.corpus.read_records(path))
    res = CliRunner().invoke(main, ["score", str(path), "-o", str(tmp_path / "s.csv")])
    assert res.exit_code == 1 and "pass --encoding utf-16 to read it" in res.stderr
    scores = score_corpus(TEXTS)
    with pytest.raises(InputError, match=r"terms='words' needs the article texts \(texts=\)"):
        framing.compare_outlets(scores, terms="words")
