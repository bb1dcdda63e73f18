"""Data safety, usage: every option value is bounded, every input the user names is read or
named as skipped, and bad settings give one line, never a traceback.

Each test runs the real command with click's runner on real files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from framing.cli import main
from tests.helpers import short_articles, write_jsonl


def _cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def _usage_error(res: Result, option: str) -> str:
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and option in res.stderr, res.stderr
    return res.stderr


@pytest.mark.parametrize(
    "args, option",
    [
        (["compare", "s.jsonl", "--bootstrap", "99999999999999999999"], "--bootstrap"),
        (["compare", "s.jsonl", "--bootstrap", "100000000"], "--bootstrap"),
        (["compare", "s.jsonl", "--min-articles", "0"], "--min-articles"),
        (["compare", "s.jsonl", "--top-actors", "-3"], "--top-actors"),
        (["compare", "s.jsonl", "--min-similarity", "7"], "--min-similarity"),
        (["compare", "s.jsonl", "--window-days", "-1"], "--window-days"),
        (["score", "c.jsonl", "-o", "o.jsonl", "--chunk-size", "10000000000"], "--chunk-size"),
        (["suggest", "c.jsonl", "-o", "o.csv", "-n", "99999999999999"], "-n"),
    ],
)
def test_number_options_are_bounded(tmp_path, monkeypatch, args, option):
    """A huge or negative number is a usage error naming the range, before anything is read
    (`--bootstrap 99999999999999999999` was a numpy traceback, `--bootstrap 100000000` ran
    for minutes at 1.8 GB)."""
    monkeypatch.chdir(tmp_path)
    err = _usage_error(_cli(*args), option)
    assert "range" in err


def test_library_bootstrap_is_bounded():
    import pandas as pd

    import framing
    from framing.errors import InputError

    cols = "framing_score loaded_language biased_sentences attribution unattributed_claims"
    df = pd.DataFrame({c: [0.1, 0.2] for c in cols.split()})
    df["outlet"] = ["a", "b"]
    for c in ("n_words", "n_sentences", "n_loaded_terms", "n_attributions"):
        df[c] = [10, 12]
    with pytest.raises(InputError, match="n_boot= must be between 1 and 100000"):
        framing.compare_outlets(df, n_boot=10**20)


def test_evaluate_model_needs_data(monkeypatch):
    """`evaluate --model X` without --data ignored --model and ran the BABE cross-validation
    for minutes; it is a usage error now, before anything runs."""
    import framing.training

    def cross_validate(*a, **k):
        raise AssertionError("the BABE cross-validation ran although --model was given")

    monkeypatch.setattr(framing.training, "cross_validate_default", cross_validate)
    err = _usage_error(_cli("evaluate", "--model", "/nonexistent"), "--model needs --data")
    assert len([line for line in err.splitlines() if line.startswith("Error")]) == 1


SAMPLE = Path(__file__).resolve().parents[1] / "framing" / "data" / "sample_article.txt"


def _one_error_line(res: Result) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
    return res.stderr


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib"])
def test_a_codec_that_is_no_text_encoding_is_one_line(tmp_path, encoding):
    """`--encoding rot13` / `base64` were a LookupError traceback."""
    err = _one_error_line(_cli("analyze", str(SAMPLE), "--encoding", encoding))
    assert "is not a text encoding" in err
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(3, chars=250))
    err = _one_error_line(
        _cli("score", str(corpus), "-o", str(tmp_path / "o.csv"), "--encoding", encoding, "-q")
    )
    assert "is not a text encoding" in err


def test_utf16_asked_for_utf8_is_one_line(tmp_path):
    """`--encoding utf-16` on a UTF-8 corpus was a traceback (UTF-16 stream does not start with
    BOM); on a UTF-8 article it analysed CJK mojibake with exit 0, and a folder of UTF-8 files
    was scored as mojibake."""
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(3, chars=250))
    out = tmp_path / "o.csv"
    err = _one_error_line(_cli("score", str(corpus), "-o", str(out), "--encoding", "utf-16", "-q"))
    assert "c.jsonl" in err and not out.exists()
    err = _one_error_line(_cli("analyze", str(SAMPLE), "--encoding", "utf-16"))
    assert "is UTF-8, not utf-16" in err and "--encoding" in err
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    res = _cli("score", str(folder), "-o", str(tmp_path / "f.csv"), "--encoding", "utf-16", "-q")
    assert res.exit_code == 1 and "Traceback" not in res.output
    errors = (tmp_path / "f.csv.errors.jsonl").read_text()
    assert "is UTF-8, not utf-16" in errors
    # the same text really in UTF-16 is read as asked
    wide = tmp_path / "a16.txt"
    wide.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    res = _cli("analyze", str(wide), "--encoding", "utf-16")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["n_words"] > 100


@pytest.mark.parametrize("kind", ["not utf-8", "folder"])
def test_a_broken_default_model_setting_is_one_line(tmp_path, monkeypatch, kind):
    """A default_model setting file that is not UTF-8 was a 41-line UnicodeDecodeError
    traceback in every command that loads a model; a folder there was silently ignored.
    `models --set-default` still repairs it."""
    monkeypatch.delenv("FRAMING_MODEL", raising=False)
    monkeypatch.setenv("FRAMING_HOME", str(tmp_path))
    setting = tmp_path / "default_model"
    if kind == "folder":
        setting.mkdir()
    else:
        setting.write_bytes(b"\xff\xfe")
    err = _one_error_line(_cli("analyze", str(SAMPLE)))
    assert str(setting) in err and "--set-default" in err
    if kind == "folder":
        return
    assert _cli("models", "--set-default", "default").exit_code == 0
    assert _cli("analyze", str(SAMPLE)).exit_code == 0


def test_compare_says_which_articles_it_leaves_out(tmp_path):
    """compare dropped rows with no outlet, and groups under --min-articles, without a word
    (in the table, CSV and JSON formats)."""
    import framing

    texts = [
        "Officials said the plan failed.",
        "The regime cleansed the town, critics said.",
        "Rebels attacked the convoy, the army said.",
        "The minister said talks would resume.",
    ]
    rows = [
        {"id": str(i), "outlet": o, "text": t}
        for i, (o, t) in enumerate(zip(["A", "A", "B", ""], texts, strict=True))
    ]
    scores = tmp_path / "s.jsonl"
    framing.score_corpus(rows).to_json(scores, orient="records", lines=True)
    for fmt in ("table", "csv", "json"):
        res = _cli("compare", str(scores), "--by", "outlet", "--min-articles", "2", "--format", fmt)
        assert res.exit_code == 0, res.output
        assert "1 of 4 articles have no 'outlet' value" in res.stderr
        assert "1 group(s) with fewer than 2 articles (1 articles) are left out" in res.stderr


def test_text_output_shows_terminal_control_characters_instead_of_sending_them(tmp_path):
    """`analyze --format text` passed an article's ESC sequences (retitle the terminal, move
    the cursor) straight to the terminal; they are shown as \\xNN."""
    from click.testing import CliRunner

    from framing.cli import main

    article = tmp_path / "a.txt"
    article.write_text(
        "The regime\x1b]0;pwned\x07 said the \x1b[2Jmilitants attacked the town.\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["analyze", str(article), "--format", "text"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "\\x1b" in res.stdout and "pwned" in res.stdout  # shown, not acted on
