"""Input a hostile user gives: each test holds a fix for something that failed on real text."""

from __future__ import annotations

import pandas as pd
import pytest

import framing

# A quote whose speaker comes after it with an apposition, as news wires print it
# (tokenised, with `` and ''); the learned attribution takes ", '' Nafees Zakaria" as a source.
_WIRE_QUOTE = (
    "`` The new plan ... was quite disappointing , '' Nafees Zakaria , Pakistan 's Foreign "
    "Office spokesperson , told Reuters . `` It ignored Pakistan 's losses in the war . "
    "We have been working with the US . ''"
)


def test_source_with_only_punctuation_before_its_comma_is_analysed():
    a = framing.analyze(_WIRE_QUOTE)  # IndexError in source typing before
    assert a.attributions
    for att in a.to_dict()["attributions"]:
        src = att["source"]
        assert _WIRE_QUOTE[src["start"] : src["end"]] == src["text"]
        assert src["type"]


@pytest.mark.parametrize("span", [(0.5, 3), ("0", "3"), "12", (0, 3.0)])
def test_target_sentiment_refuses_spans_that_are_not_int_offsets(span):
    with pytest.raises(framing.InputError, match="pair of ints"):
        framing.target_sentiment("Officials praised the plan.", [span])


def test_target_sentiment_takes_numpy_offsets():
    import numpy as np

    (r,) = framing.target_sentiment("Officials praised the plan.", [(np.int64(0), np.int64(9))])
    assert (r.start, r.end) == (0, 9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bootstrap", "-5"], "'--bootstrap': -5 is not in the range 1<=x<=100000"),
        (["--min-articles", "0"], "'--min-articles': 0 is not in the range 1<=x<="),
        (["--min-articles", "-1"], "'--min-articles': -1 is not in the range 1<=x<="),
    ],
)
def test_compare_names_the_option_it_refuses(tmp_path, args, message):
    from click.testing import CliRunner

    from framing.cli import main

    scores = tmp_path / "scores.jsonl"
    df = framing.score_corpus(
        [
            {"id": "a", "outlet": "A", "text": "Officials said the plan failed."},
            {"id": "b", "outlet": "B", "text": "The regime cleansed the town, critics said."},
        ]
    )
    df.to_json(scores, orient="records", lines=True)
    r = CliRunner().invoke(main, ["compare", str(scores), *args])
    assert r.exit_code == 2  # a usage error, before the scores are read
    assert message in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: framing.compare_outlets(pd.DataFrame()),
            "the scores table is empty (0 rows, 0 columns): nothing to compare",
        ),
        (lambda: framing.compare_outlets([]), "df must be a scores DataFrame"),
        (lambda: framing.compare_outlets(None), "not NoneType"),
        (lambda: framing.compare_outlets(""), "not an empty str"),
        (
            lambda: framing.compare_outlets(pd.DataFrame({"id": ["a"]})),
            "no column 'outlet' in the scores (columns: id)",
        ),
        (lambda: framing.score_file(None, "x.csv"), "source must be a path"),
        (lambda: framing.score_file([], "x.csv"), "source is an empty list"),
        (lambda: framing.score_file("c.csv", None), "out must be a path"),
        (lambda: framing.score_batch(None), "texts must be a pandas Series"),
        (lambda: framing.score_batch("one text"), "not str"),
        (lambda: framing.load_model(""), "model must be a model directory"),
        (
            lambda: framing.score_corpus(pd.DataFrame(index=[0])),
            "no column 'text' (columns: none)",
        ),
    ],
)
def test_empty_and_degenerate_library_input_is_one_clear_message(call, message):
    with pytest.raises(framing.InputError) as info:
        call()
    assert message in str(info.value)
    assert "\n" not in str(info.value)
