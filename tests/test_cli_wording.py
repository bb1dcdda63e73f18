"""Small things a new user trips on: help summaries, plurals, rounded CSV, a warning when
evaluation rows were training rows, contrast groups that do not exist."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from tests.helpers import short_articles, write_jsonl


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_every_command_summary_is_a_whole_sentence():
    res = _run("--help")
    assert res.exit_code == 0
    listing = res.output.split("Commands:")[1]
    entries = re.split(r"\n  (?=\w)", listing.strip())
    assert len(entries) == len(main.commands)
    for entry in entries:
        name, summary = entry.split(None, 1)
        summary = " ".join(summary.split())
        assert summary.endswith(".") and not summary.endswith("..."), (name, summary)


def test_counts_in_the_text_view_agree_with_their_nouns():
    a = framing.analyze("Militants attacked the town, he said.")
    assert len(a.attributions) == 1 and a.n_sentences == 1
    head = framing.report.render_text(a).splitlines()[1]
    assert head.startswith(f"1 sentence, {a.n_words} words, ")
    assert "1 attribution " in head and "attributions" not in head


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    rows = short_articles(6, 300)
    for i, r in enumerate(rows):
        r["outlet"] = ["Wire A", "Wire B", "Daily C"][i % 3]
    folder = tmp_path_factory.mktemp("scores")
    out = folder / "s.csv"
    res = _run("score", str(write_jsonl(folder / "c.jsonl", rows)), "-o", str(out), "-q")
    assert res.exit_code == 0, res.stderr
    return out


def test_comparison_csv_has_rounded_numbers(scores):
    res = _run("compare", str(scores), "--format", "csv", "--bootstrap", "50")
    assert res.exit_code == 0, res.stderr
    table = pd.read_csv(io.StringIO(res.stdout))
    numbers = re.findall(r"\d+\.\d+", res.stdout)
    assert numbers and all(len(x.split(".")[1]) <= 4 for x in numbers)
    assert set(table["outlet"]) == {"Wire A", "Wire B", "Daily C"}


def test_an_unknown_contrast_group_lists_the_valid_ones(scores):
    res = _run("compare", str(scores), "--contrast", "Wire A", "Wire Z", "--bootstrap", "50")
    assert res.exit_code == 1
    msg = res.stderr.strip()
    assert len(msg.splitlines()) == 1
    assert "no group 'Wire Z'" in msg and "did you mean 'Wire B' or 'Wire A'" in msg
    assert "'Daily C', 'Wire A', 'Wire B'" in msg
    res = _run("compare", str(scores), "--by", "nope")
    assert res.exit_code == 1 and "a 'nope'" not in res.stderr


def test_evaluate_warns_when_the_rows_are_training_rows(tmp_path, babe):
    seen = babe.sample(40, random_state=0)[["text", "label"]]
    path = tmp_path / "seen.csv"
    seen.to_csv(path, index=False)
    res = _run("evaluate", "--data", str(path))
    assert res.exit_code == 0, res.stderr
    assert "warning: 40 of 40 rows (100%) are sentences the model was trained on" in res.stderr
    assert json.loads(res.stdout)[str(path)]["n_rows_in_training_data"] == 40
    fresh = pd.DataFrame(
        {
            "text": [
                "The regime's thugs butchered peaceful villagers, survivors said.",
                "The city council approved the new library budget on Monday.",
                "Radical zealots rammed the disastrous bill through a sham vote.",
                "The bill passed the senate by 52 votes to 48 on Thursday.",
            ],
            "label": [1, 0, 1, 0],
        }
    )
    fresh.to_csv(path, index=False)
    res = _run("evaluate", "--data", str(path))
    assert res.exit_code == 0 and "warning" not in res.stderr
    assert json.loads(res.stdout)[str(path)]["n_rows_in_training_data"] == 0
