"""Data safety: no input is lost, overwritten or silently dropped, and no run hangs.

Each test here runs the real command (in process with click's runner, or as a real
subprocess where processes, signals or file descriptors matter) on real files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

import framing
import framing.corpus.engines
from framing.cli import main
from tests.helpers import short_articles, write_jsonl

FRAMING = [sys.executable, "-m", "framing"]


def _cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def _one_error_line(res: Result) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
    return res.stderr


def _forbid_scoring(monkeypatch):
    def score_chunk(*args, **kwargs):
        raise AssertionError("articles were scored although the run must be refused")

    monkeypatch.setattr(framing.corpus.engines, "score_chunk", score_chunk)


def _corpus(path: Path, n: int = 4) -> Path:
    rows = short_articles(n, chars=250)
    if path.suffix == ".jsonl":
        return write_jsonl(path, rows)
    df = pd.DataFrame(rows)
    if path.suffix == ".parquet":
        df.to_parquet(path)
    else:
        df.to_csv(path, index=False, sep="\t" if path.suffix == ".tsv" else ",")
    return path


# ---------------------------------------------------------------- 1. output over input


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_score_refuses_to_write_over_its_input(tmp_path, suffix, monkeypatch):
    corpus = _corpus(tmp_path / f"small{suffix}")
    before = corpus.read_bytes()
    _forbid_scoring(monkeypatch)
    stderr = _one_error_line(_cli("score", str(corpus), "-o", str(corpus), "-q"))
    assert "an output never replaces an input" in stderr
    assert corpus.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [corpus.name]


@pytest.mark.parametrize("link", ["symlink", "hardlink", "relative"])
def test_score_refuses_an_output_that_is_its_input_under_another_name(tmp_path, link, monkeypatch):
    corpus = _corpus(tmp_path / "x.jsonl")
    before = corpus.read_bytes()
    if link == "symlink":
        out = tmp_path / "out.jsonl"
        out.symlink_to(corpus)
    elif link == "hardlink":
        out = tmp_path / "out.jsonl"
        os.link(corpus, out)
    else:
        monkeypatch.chdir(tmp_path)
        corpus, out = Path("./x.jsonl"), Path("x.jsonl")
    _forbid_scoring(monkeypatch)
    stderr = _one_error_line(_cli("score", str(corpus), "-o", str(out), "-q"))
    assert "an output never replaces an input" in stderr
    assert (tmp_path / "x.jsonl").read_bytes() == before


def test_analyze_refuses_to_write_over_its_input(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    before = article.read_bytes()
    stderr = _one_error_line(_cli("analyze", str(article), "-o", str(article)))
    assert "an output never replaces an input" in stderr
    assert article.read_bytes() == before


def test_compare_refuses_a_report_or_plot_over_its_scores(tmp_path):
    scores = tmp_path / "scores.csv"
    assert _cli("score", str(_corpus(tmp_path / "c.jsonl")), "-o", str(scores), "-q").exit_code == 0
    before = scores.read_bytes()
    for option in ("-o", "--plot"):
        stderr = _one_error_line(_cli("compare", str(scores), option, str(scores)))
        assert "an output never replaces an input" in stderr
        assert scores.read_bytes() == before


def test_suggest_refuses_to_write_over_its_corpus(tmp_path):
    corpus = _corpus(tmp_path / "c.csv")
    before = corpus.read_bytes()
    stderr = _one_error_line(_cli("suggest", str(corpus), "-n", "3", "-o", str(corpus)))
    assert "an output never replaces an input" in stderr
    assert corpus.read_bytes() == before


def test_library_score_file_refuses_its_input_as_output(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "c.csv")
    _forbid_scoring(monkeypatch)
    with pytest.raises(framing.InputError, match="never replaces an input"):
        framing.score_file(corpus, corpus)


# ---------------------------------------------------------------- 2. outputs that are not files


def test_output_onto_a_fifo_is_written_through(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so that writing does not block
    try:
        res = _cli("analyze", str(article), "-o", str(fifo))
        data = os.read(fd, 1 << 20)
    finally:
        os.close(fd)
    assert res.exit_code == 0, res.output
    assert fifo.is_fifo()  # still a FIFO, not a regular file renamed over it
    assert json.loads(data)["n_sentences"] == 1


def test_output_onto_a_symlink_to_a_device_keeps_the_device(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    res = _cli("analyze", str(article), "-o", str(link))
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and link.is_char_device()
    assert Path("/dev/null").is_char_device()


def test_output_onto_a_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert _cli("analyze", str(article), "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert json.loads(real.read_text("utf-8"))["n_sentences"] == 1


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/fd")
def test_output_onto_proc_self_fd_1_goes_to_stdout(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [*FRAMING, "analyze", str(article), "-o", str(link)], capture_output=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["n_sentences"] == 1
    assert link.is_symlink()


def test_score_onto_a_device_writes_through_and_keeps_its_files_in_the_current_folder(
    tmp_path, monkeypatch
):
    corpus = write_jsonl(tmp_path / "c.jsonl", [*short_articles(2, chars=200), {"id": "x"}])
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/null")
    monkeypatch.chdir(tmp_path)
    res = _cli("score", str(corpus), "-o", str(link), "-q")
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and link.is_char_device()
    errors = [json.loads(x) for x in Path("null.csv.errors.jsonl").read_text("utf-8").splitlines()]
    assert [e["id"] for e in errors] == ["x"]
    assert not Path("null.csv.parts").exists()
