"""Data safety: no input is lost, overwritten or silently dropped, and no run hangs.

Each test here runs the real command (in process with click's runner, or as a real
subprocess where processes, signals or file descriptors matter) on real files.
"""

from __future__ import annotations

import csv
import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
import framing.corpus.engines
import framing.tables
from framing.cli import main
from framing.corpus import read_records
from tests.helpers import running, short_articles, write_jsonl

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


def test_score_refuses_an_input_that_is_its_errors_file(tmp_path, monkeypatch):
    _forbid_scoring(monkeypatch)  # refused before scoring (it was refused after, parts kept)
    corpus = _corpus(tmp_path / "s.jsonl.errors.jsonl")
    with open(corpus, "a", encoding="utf-8") as f:
        f.write('{"id": "bad", "text": \n')  # a bad row: an errors file would be written
    before = corpus.read_bytes()
    stderr = _one_error_line(_cli("score", str(corpus), "-o", str(tmp_path / "s.jsonl"), "-q"))
    assert "an output never replaces an input" in stderr and "s.jsonl.errors.jsonl" in stderr
    assert corpus.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [corpus.name]


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
        res = _cli("compare", str(scores), option, str(scores))
        assert "an output never replaces an input" in _one_error_line(res)
        assert res.stdout == ""  # refused before the comparison, not after printing it
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


def _run_redirected(
    args: list[str], cwd: Path, stdin: Path | None, stdout: Path | None, append: bool = True
):
    """Run framing with standard input from / standard output appended to a file."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "ab" if append else "r+b") if stdout else subprocess.PIPE
    try:
        return subprocess.run(
            [*FRAMING, *args],
            cwd=cwd,
            stdin=fin,
            stdout=fout,
            stderr=subprocess.PIPE,
            text=False,
            timeout=300,
        )
    finally:
        for f in (fin, fout):
            if hasattr(f, "close"):
                f.close()


@pytest.mark.parametrize(
    "command",
    [
        ["score", "-", "-o", "{f}", "-q"],
        ["analyze", "-", "-o", "{f}"],
        ["compare", "-", "--by", "outlet", "-o", "{f}"],
    ],
    ids=["score", "analyze", "compare"],
)
def test_an_output_onto_the_file_standard_input_comes_from_is_refused(tmp_path, command):
    # `framing score - -o in.jsonl < in.jsonl` replaced the corpus with its scores, exit 0
    if command[0] == "analyze":
        f = tmp_path / "a.txt"
        f.write_text(framing.resources.data_path("sample_article.txt").read_text("utf-8"))
    elif command[0] == "compare":
        f = tmp_path / "scores.jsonl"
        assert (
            _cli("score", str(_corpus(tmp_path / "c.jsonl", 6)), "-o", str(f), "-q").exit_code == 0
        )
    else:
        f = _corpus(tmp_path / "in.jsonl")
    before = f.read_bytes()
    args = [a.replace("{f}", str(f)) for a in command]
    res = _run_redirected(args, tmp_path, stdin=f, stdout=None)
    assert res.returncode == 1, res.stderr
    err = res.stderr.decode()
    assert "an output never replaces an input" in err and "standard input" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f.read_bytes() == before


@pytest.mark.parametrize("append", [True, False], ids=[">>", "1<>"])
def test_standard_output_redirected_onto_an_input_is_refused(tmp_path, append):
    # `framing score in.jsonl -o - >> in.jsonl` appended its rows to the corpus and read them
    # back as records (60 "missing text" errors), exit 0; `1<>` overwrote it in place
    corpus = _corpus(tmp_path / "in.jsonl", 6)
    before = corpus.read_bytes()
    for args in (
        ["score", str(corpus), "-o", "-", "-q", "--chunk-size", "2"],
        ["analyze", str(corpus), "--as-text"],
        ["score", "-", "-o", "-", "-q"],
    ):
        res = _run_redirected(
            args, tmp_path, stdin=corpus if "-" == args[1] else None, stdout=corpus, append=append
        )
        assert res.returncode == 1, res.stderr
        err = res.stderr.decode()
        assert "standard output is the same file as" in err, err
        assert len(err.strip().splitlines()) == 1
        assert corpus.read_bytes() == before


def test_standard_output_onto_another_file_still_works(tmp_path):
    corpus = _corpus(tmp_path / "in.jsonl")
    out = tmp_path / "rows.jsonl"
    res = _run_redirected(["score", str(corpus), "-o", "-", "-q"], tmp_path, None, out)
    assert res.returncode == 0, res.stderr
    assert len(out.read_text().splitlines()) == 4


def test_a_bare_carriage_return_is_text_not_a_traceback(tmp_path):
    # table_kind's csv.reader raised _csv.Error ("new-line character seen in unquoted field")
    text = "The regime said militants attacked the town.\rOfficials said rebels fled.\n"
    f = tmp_path / "cr.txt"
    f.write_bytes(text.encode())
    for res in (_cli("analyze", str(f)), _cli("analyze", "-", input=text)):
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["n_sentences"] >= 2
    table = "id,text\r1,The regime said militants attacked.\r2,Officials said rebels fled.\r"
    res = _cli("score", "-", "-o", "-", "-q", input=table)
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["1", "2"]


def test_binary_standard_input_is_refused_as_binary(tmp_path):
    noise = bytes(range(256)) * 8
    res = CliRunner().invoke(main, ["score", "-", "-o", str(tmp_path / "x.csv")], input=noise)
    assert "looks like a binary file" in _one_error_line(res)
    res = CliRunner().invoke(main, ["score", "-", "-o", "-"], input=b"%PDF-1.4 ...")
    assert "looks like a PDF document" in _one_error_line(res)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_wrong_or_non_text_encoding_is_one_error_line(tmp_path, suffix):
    # --encoding utf-16 on a UTF-8 corpus: a 58-line traceback ("UTF-16 stream does not start
    # with BOM"); rot13 and base64: LookupError tracebacks
    corpus = _corpus(tmp_path / f"c{suffix}")
    out = tmp_path / "s.csv"
    err = _one_error_line(_cli("score", str(corpus), "-o", str(out), "--encoding", "utf-16"))
    assert "cannot be read" in err and "UTF-16" in err
    err = _one_error_line(_cli("score", str(corpus), "-o", str(out), "--encoding", "rot13"))
    assert "'rot13' is not a text encoding" in err
    article = tmp_path / "a.txt"
    article.write_text("The regime said militants attacked the town.", encoding="utf-8")
    err = _one_error_line(_cli("analyze", str(article), "--encoding", "base64"))
    assert "'base64' is not a text encoding" in err
    assert not out.exists()


def test_a_folder_reads_txt_in_any_case_and_reports_a_dangling_link(tmp_path):
    # B.TXT and a dangling gone.txt were left out without a word, exit 0
    folder = tmp_path / "td"
    folder.mkdir()
    (folder / "a.txt").write_text("The regime said militants attacked the town.")
    (folder / "B.TXT").write_text("Rebels said the army fled the town on Monday.")
    (folder / "gone.txt").symlink_to(tmp_path / "nonexistent")
    out = tmp_path / "td.csv"
    res = _cli("score", str(folder), "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    assert sorted(pd.read_csv(out)["id"]) == ["B.TXT", "a.txt"]
    (error,) = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert error["id"] == "gone.txt" and "a link to a file that does not exist" in error["error"]


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


# ---------------------------------------------------------------- 3. CSV and TSV quoting


def _csv_rows(n: int) -> list[dict]:
    return [
        {"id": f"r{i}", "outlet": "o", "text": f'Row {i}: officials said "calm", then left.'}
        for i in range(n)
    ]


def test_an_unclosed_quote_in_a_csv_costs_its_own_row_only(tmp_path):
    path = tmp_path / "big.csv"
    pd.DataFrame(_csv_rows(1000)).to_csv(path, index=False)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[500] = lines[500].replace('left."', "left.")  # row r499 loses its closing quote
    path.write_text("".join(lines), encoding="utf-8")
    records = list(read_records(path))
    bad = [r for r in records if r["error"]]
    assert len(records) == 1000
    assert [(r["line"], r["record"]) for r in bad] == [(501, 500)]
    assert "quote" in bad[0]["error"]
    assert [r["id"] for r in records if not r["error"]] == [
        f"r{i}" for i in range(1000) if i != 499
    ]


def test_an_unclosed_quote_is_listed_with_its_line_and_fails_under_strict(tmp_path):
    path = tmp_path / "small.csv"
    pd.DataFrame(short_articles(4, chars=200)).to_csv(path, index=False)
    text = path.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    lines[2] = lines[2][: lines[2].rindex('"')] + lines[2][lines[2].rindex('"') + 1 :]
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "s.csv"
    res = _cli("score", str(path), "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()]
    assert [(e["line"], e["record"]) for e in errors] == [(3, 2)]
    assert len(pd.read_csv(out)) == 3
    stderr = _one_error_line(_cli("score", str(path), "-o", str(tmp_path / "t.csv"), "--strict"))
    assert "line 3" in stderr and "quote" in stderr


def test_a_bad_row_is_named_by_record_line_and_the_id_read_never_a_made_up_one(tmp_path):
    path = tmp_path / "c.csv"  # the quote of a2's text is never closed; its id was read
    path.write_text(
        'id,outlet,text\na1,A,Fine words.\na2,A,"Broken\na3,A,More words.\n', encoding="utf-8"
    )
    out = tmp_path / "s.jsonl"
    assert _cli("score", str(path), "-o", str(out), "-q").exit_code == 0
    [error] = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()]
    assert (error["record"], error["line"], error["id"]) == (2, 3, "a2")
    assert "column 'text'" in error["error"]
    res = _cli("score", str(path), "-o", "-", "-q")  # stderr and --strict say it the same way
    assert f"error: {path}: record 2 (line 3, id a2): malformed CSV in column 'text'" in res.stderr
    strict = _one_error_line(_cli("score", str(path), "-o", str(tmp_path / "t.csv"), "--strict"))
    assert f"{path}: record 2 (line 3, id a2): malformed CSV" in strict
    bad = tmp_path / "c.jsonl"  # no id can be read from invalid JSON: null, not "row-2"
    bad.write_text(
        '{"id": "a1", "outlet": "A", "text": "Fine."}\n{"id": "a2", \n', encoding="utf-8"
    )
    assert _cli("score", str(bad), "-o", str(tmp_path / "j.jsonl"), "-q").exit_code == 0
    [error] = [
        json.loads(x) for x in Path(f"{tmp_path}/j.jsonl.errors.jsonl").read_text().split("\n")[:1]
    ]
    assert (error["record"], error["line"], error["id"]) == (2, 2, None)


@pytest.mark.parametrize("what", ["empty", "all failed"])
def test_a_run_that_scores_nothing_fails_and_keeps_the_old_output(tmp_path, what):
    path = tmp_path / "c.jsonl"
    path.write_text("" if what == "empty" else '{"id": 1, "text": \n[1]\n', encoding="utf-8")
    out = tmp_path / "s.csv"
    out.write_text("id,framing_score\nold,0.5\n", encoding="utf-8")
    stderr = _one_error_line(_cli("score", str(path), "-o", str(out), "-q"))
    assert "nothing was scored" in stderr and str(out) in stderr
    assert out.read_text("utf-8") == "id,framing_score\nold,0.5\n"
    errors = Path(f"{out}.errors.jsonl")
    assert errors.exists() == (what == "all failed")
    res = _cli("score", str(path), "-o", "-", "-q")  # onto standard output too
    assert res.exit_code == 1 and "nothing was scored" in res.stderr.splitlines()[-1]


def test_tsv_keeps_the_quotes_a_text_starts_with(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text(
        'id\ttext\n1\t"Terrorists" stormed the town, officials said.\n'
        '2\tThe "rebels" fled.\n3\t"unclosed quote at the start\n',
        encoding="utf-8",
    )
    texts = [r["text"] for r in read_records(path)]
    assert texts == [
        '"Terrorists" stormed the town, officials said.',
        'The "rebels" fled.',
        '"unclosed quote at the start',
    ]


def test_tsv_with_one_unclosed_quote_keeps_all_its_rows(tmp_path):
    path = tmp_path / "c.tsv"
    rows = [f'{i}\tText {i} with a "quote" inside.' for i in range(100)]
    rows[7] = '7\t"An unclosed quote opens this text.'
    path.write_text("id\ttext\n" + "\n".join(rows) + "\n", encoding="utf-8")
    records = list(read_records(path))
    assert [r["id"] for r in records] == [str(i) for i in range(100)]
    assert not any(r["error"] for r in records)


@pytest.mark.parametrize("quoting", ["csv", "auto", "none"])
def test_quoting_option_of_score(tmp_path, quoting):
    path = tmp_path / "c.tsv"
    path.write_text('id\ttext\n1\t"Quoted\tfield"\n2\tPlain words.\n', encoding="utf-8")
    out = tmp_path / "s.jsonl"
    res = _cli("score", str(path), "-o", str(out), "-q", "--quoting", quoting)
    assert res.exit_code == 0, res.output
    scored = out.read_text("utf-8").strip().splitlines()
    assert len(scored) == (1 if quoting == "none" else 2)  # none: 3 fields, an error row


def test_an_over_long_line_is_one_error_and_the_next_line_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(framing.tables, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "big", "text": "a" * 5000}) + "\n")
        f.write(json.dumps({"id": "ok", "text": "Fine."}) + "\n")
    records = list(read_records(path))
    assert [(r["record"], r["line"], bool(r["error"])) for r in records] == [
        (1, 1, True),
        (2, 2, False),
    ]
    assert "limit" in records[0]["error"]


@pytest.mark.slow
def test_a_gzip_holding_one_huge_line_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(b'{"id": "x", "text": "')
        block = b"a" * (1 << 20)
        for _ in range(600):  # 600 MB of one line, about 600 KB compressed
            f.write(block)
        f.write(b'"}\n{"id": "y", "text": "Fine."}\n')
    # VmHWM is the peak of this process's own memory; ru_maxrss is not: it survives exec, so a
    # child of a large pytest process reported the parent's peak (1,273 MB in a full run)
    code = (
        "import framing.corpus\n"
        "def hwm():\n"
        "    return next(int(x.split()[1]) for x in open('/proc/self/status')"
        " if x.startswith('VmHWM')) // 1024\n"
        "base = hwm()\n"
        f"rs = list(framing.corpus.read_records({str(path)!r}))\n"
        "print([bool(r['error']) for r in rs], hwm() - base)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    flags, grew_mb = proc.stdout.rsplit(" ", 1)
    assert flags == "[True, False]"
    # at most the limit of one line (64 MB of ASCII) is held, plus reading buffers; reading
    # the line whole with readline(limit) grew by three times the limit, before that by 5x
    # the line
    assert int(grew_mb) < (framing.tables.MAX_LINE_CHARS >> 20) + 24, grew_mb


def test_lines_longer_than_one_read_are_joined_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(framing.tables, "READ_CHUNK_CHARS", 16)
    path = tmp_path / "c.csv"
    rows = ["id,text", "1," + "b" * 14, "2," + "c" * 100, "3,Fine."]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode())  # row 1 ends with \r at 16 chars
    records = list(read_records(path))
    assert [(r["id"], r["text"], r["error"]) for r in records] == [
        ("1", "b" * 14, None),
        ("2", "c" * 100, None),
        ("3", "Fine.", None),
    ]


def test_a_json_array_over_its_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(framing.tables, "MAX_JSON_ARRAY_CHARS", 1000)
    path = tmp_path / "c.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps([{"id": str(i), "text": "Fine words."} for i in range(100)], indent=1))
    with pytest.raises(framing.InputError, match=r"JSON Lines \(\.jsonl\)"):
        list(read_records(path))


# ---------------------------------------------------------------- 5. duplicate ids


def _dup_corpus(tmp_path: Path) -> Path:
    rows = short_articles(5, chars=200)
    ids = ["1", "2", "1", "3", "2"]
    return write_jsonl(
        tmp_path / "dup.jsonl", [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
    )


def test_duplicate_ids_are_refused_with_count_and_examples(tmp_path):
    corpus = _dup_corpus(tmp_path)
    out = tmp_path / "s.csv"
    stderr = _one_error_line(_cli("score", str(corpus), "-o", str(out), "-q", "--chunk-size", "2"))
    assert "2 record(s) repeat an earlier id" in stderr
    assert "'1' (record 3, line 3)" in stderr and "'2' (record 5, line 5)" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.jsonl"]


@pytest.mark.parametrize("mode", ["warn", "keep"])
def test_duplicate_ids_can_be_scored_on_request(tmp_path, mode):
    corpus = _dup_corpus(tmp_path)
    out = tmp_path / "s.csv"
    res = _cli("score", str(corpus), "-o", str(out), "--on-duplicate-id", mode)
    assert res.exit_code == 0, res.output
    assert pd.read_csv(out, dtype={"id": str})["id"].tolist() == ["1", "2", "1", "3", "2"]
    assert ("repeat an earlier id" in res.stderr) == (mode == "warn")


def test_duplicate_ids_onto_stdout_are_refused_before_any_row_is_written(tmp_path):
    corpus = _dup_corpus(tmp_path)
    res = _cli("score", str(corpus), "-o", "-", "-q", "--chunk-size", "2")
    stderr = _one_error_line(res)
    assert "2 record(s) repeat an earlier id" in stderr
    assert res.stdout == ""  # not even the rows before the first repeat


def test_duplicate_ids_onto_stdout_can_be_scored_on_request(tmp_path):
    corpus = _dup_corpus(tmp_path)
    res = _cli("score", str(corpus), "-o", "-", "--on-duplicate-id", "warn", "--chunk-size", "2")
    assert res.exit_code == 0, res.output
    ids = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    assert ids == ["1", "2", "1", "3", "2"]
    assert "2 record(s) repeat an earlier id" in res.stderr


def test_ids_are_kept_as_the_exact_strings_read(tmp_path):
    rows = short_articles(3, chars=200)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({**r, "id": 0}).replace('"id": 0', f'"id": {i}') + "\n"
            for r, i in zip(rows, ["1", "1.0", '" 1"'], strict=True)
        ),
        encoding="utf-8",
    )
    assert [r["id"] for r in read_records(corpus)] == ["1", "1.0", " 1"]
    out = tmp_path / "s.jsonl"
    assert _cli("score", str(corpus), "-o", str(out), "-q").exit_code == 0
    assert [json.loads(x)["id"] for x in out.read_text("utf-8").splitlines()] == ["1", "1.0", " 1"]


def test_a_float_id_column_keeps_whole_numbers_and_a_missing_id_is_an_error(tmp_path):
    # pandas makes ids 1, 2 and a missing one a float column: 1.0, 2.0, NaN
    rows = short_articles(4, chars=200)
    df = pd.DataFrame(rows).assign(id=[1, 2, None, 4.5])
    assert df["id"].dtype == "float64"
    with pytest.warns(UserWarning, match="record 3: missing id"):
        scored = framing.score_corpus(df)
    assert scored["id"].tolist() == ["1", "2", "4.5"]  # not "1.0", and no made-up "row-3"
    [error] = scored.attrs["errors"]
    assert (error["record"], error["id"]) == (3, None)
    df.to_parquet(tmp_path / "c.parquet")
    out = tmp_path / "s.csv"
    assert _cli("score", str(tmp_path / "c.parquet"), "-o", str(out), "-q").exit_code == 0
    assert pd.read_csv(out, dtype=str)["id"].tolist() == ["1", "2", "4.5"]
    [error] = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert error["record"] == 3 and error["error"].startswith("missing id")


def test_an_empty_id_in_a_csv_is_an_error_row_but_a_json_record_without_one_is_numbered(tmp_path):
    rows = short_articles(3, chars=200)
    pd.DataFrame(rows).assign(id=["a", "", "c"]).to_csv(tmp_path / "c.csv", index=False)
    out = tmp_path / "s.csv"
    assert _cli("score", str(tmp_path / "c.csv"), "-o", str(out), "-q").exit_code == 0
    assert pd.read_csv(out)["id"].tolist() == ["a", "c"]
    [error] = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert (error["record"], error["line"], error["error"]) == (
        2,
        3,
        "missing id (column 'id' is empty)",
    )
    res = _cli("score", str(tmp_path / "c.csv"), "-o", str(tmp_path / "t.csv"), "-q", "--strict")
    assert "record 2 (line 3): missing id" in _one_error_line(res)
    no_key = {k: v for k, v in rows[1].items() if k != "id"}
    corpus = write_jsonl(tmp_path / "c.jsonl", [rows[0], no_key, {**rows[2], "id": None}])
    assert [r["id"] for r in read_records(corpus)] == [rows[0]["id"], "row-2", "row-3"]


def test_library_refuses_duplicate_ids(tmp_path):
    df = pd.DataFrame(short_articles(3, chars=200)).assign(id=["a", "b", "a"])
    with pytest.raises(framing.InputError, match="1 record"):
        framing.score_corpus(df)
    with pytest.warns(UserWarning, match="repeat an earlier id"):
        assert len(framing.score_corpus(df, on_duplicate_id="warn")) == 3


def test_duplicate_id_check_is_exact_across_merges(monkeypatch):
    from framing.corpus.run import DuplicateIds

    monkeypatch.setattr(DuplicateIds, "MERGE", 4)
    ids = DuplicateIds("x")
    recs = [{"id": str(i), "record": i, "line": None} for i in range(20)]
    assert ids.add(recs[:10]) == 0 and ids.add(recs[10:]) == 0
    assert ids.add([recs[3], recs[17], {"id": "new", "record": 0, "line": None}]) == 2
    assert ids.count == 2 and [r["id"] for r in ids.examples] == ["3", "17"]


# ---------------------------------------------------------------- 4. resume knows its input


def _interrupt_after_first_chunk(corpus: Path, out: Path) -> None:
    def stop(index, n_rows, errors):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        framing.score_file(corpus, out, chunk_size=2, on_chunk=stop, progress=False)
    assert (Path(f"{out}.parts") / "part-000000.parquet").exists()


def test_resume_refuses_a_folder_with_a_renamed_file(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, a in enumerate(short_articles(5, chars=200)):
        (folder / f"a{i}.txt").write_text(a["text"], encoding="utf-8")
    out = tmp_path / "s.csv"
    _interrupt_after_first_chunk(folder, out)
    (folder / "a0.txt").rename(folder / "z0.txt")  # same count, size and newest mtime
    stderr = _one_error_line(
        _cli("score", str(folder), "-o", str(out), "-q", "--chunk-size", "2", "--resume")
    )
    assert "cannot resume: the input's content changed" in stderr
    assert not out.exists()


def test_resume_refuses_an_edited_file_given_back_its_size_and_mtime(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(5, chars=200))
    out = tmp_path / "s.csv"
    _interrupt_after_first_chunk(corpus, out)
    st = corpus.stat()
    data = corpus.read_bytes()
    corpus.write_bytes(data.replace(b"the", b"THE", 1))
    os.utime(corpus, ns=(st.st_atime_ns, st.st_mtime_ns))
    stderr = _one_error_line(
        _cli("score", str(corpus), "-o", str(out), "-q", "--chunk-size", "2", "--resume")
    )
    assert "cannot resume: the input's content changed" in stderr


def test_resume_refuses_parts_scored_by_another_framing_release(tmp_path, monkeypatch):
    import framing.corpus.run

    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(5, chars=200))
    out = tmp_path / "s.csv"
    _interrupt_after_first_chunk(corpus, out)
    # the run was started by this release; resumed after an upgrade
    monkeypatch.setattr(framing.corpus.run, "__version__", "99.0.0")
    stderr = _one_error_line(
        _cli("score", str(corpus), "-o", str(out), "-q", "--chunk-size", "2", "--resume")
    )
    assert "cannot resume: the framing version changed" in stderr
    assert not out.exists()


def test_resume_of_an_unchanged_input_keeps_every_row_once(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(5, chars=200))
    out = tmp_path / "s.csv"
    _interrupt_after_first_chunk(corpus, out)
    res = _cli("score", str(corpus), "-o", str(out), "-q", "--chunk-size", "2", "--resume")
    assert res.exit_code == 0, res.output
    assert sorted(pd.read_csv(out)["id"]) == sorted(a["id"] for a in short_articles(5))


@pytest.mark.parametrize("damage", ["truncated part", "missing errors file"])
def test_resume_rescores_a_damaged_chunk(tmp_path, damage):
    corpus = write_jsonl(tmp_path / "c.jsonl", [*short_articles(4, chars=200), {"id": "bad"}])
    out = tmp_path / "s.csv"
    _interrupt_after_first_chunk(corpus, out)
    parts = Path(f"{out}.parts")
    if damage == "truncated part":
        part = parts / "part-000000.parquet"
        part.write_bytes(part.read_bytes()[:100])
    else:
        (parts / "part-000000.errors.jsonl").unlink()
    res = _cli("score", str(corpus), "-o", str(out), "-q", "--chunk-size", "2", "--resume")
    assert res.exit_code == 0, res.output
    assert sorted(pd.read_csv(out)["id"]) == sorted(a["id"] for a in short_articles(4))
    assert [
        json.loads(x)["id"] for x in Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()
    ] == ["bad"]


def test_a_second_run_onto_the_same_output_is_refused_while_the_first_runs(tmp_path):
    import fcntl

    corpus = _corpus(tmp_path / "c.jsonl")
    out = tmp_path / "s.csv"
    with open(f"{out}.lock", "w") as held:  # what a run in progress holds
        held.write("pid 1, since 12:00:00")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for extra in ([], ["--resume"]):  # both wrote the same parts folder
            stderr = _one_error_line(_cli("score", str(corpus), "-o", str(out), "-q", *extra))
            assert "being written by another framing score run (pid 1" in stderr
        assert not out.exists() and not Path(f"{out}.parts").exists()
    res = _cli("score", str(corpus), "-o", str(out), "-q")  # a lock left by a killed run
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(out)) == 4 and not Path(f"{out}.lock").exists()


def test_the_lock_is_the_files_not_the_spellings(tmp_path):
    """Two runs writing one output through a symlink and its target both exited 0 and one
    result was lost: the lock (and parts folder) belong to the file, not to its spelling."""
    import fcntl

    corpus = _corpus(tmp_path / "c.jsonl")
    real = tmp_path / "real.csv"
    real.write_text("id\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    (tmp_path / "d").mkdir()
    (tmp_path / "dirlink").symlink_to(tmp_path / "d")
    with open(f"{real}.lock", "w") as held:  # a run writing real.csv
        held.write("pid 1, since 12:00:00")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        stderr = _one_error_line(_cli("score", str(corpus), "-o", str(link), "-q"))
        assert "being written by another framing score run (pid 1" in stderr
    assert real.read_text(encoding="utf-8") == "id\n" and link.is_symlink()
    with open(tmp_path / "d" / "s.csv.lock", "w") as held:  # the same file through a folder link
        held.write("pid 1, since 12:00:00")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        out = tmp_path / "dirlink" / "s.csv"
        stderr = _one_error_line(_cli("score", str(corpus), "-o", str(out), "-q"))
        assert "being written by another framing score run" in stderr


@pytest.mark.parametrize("suffix", [".lock", ".errors.jsonl"])
def test_a_symlink_planted_at_a_runs_own_file_is_refused_and_its_target_kept(tmp_path, suffix):
    """A symlink at OUT.lock or OUT.errors.jsonl (planted in a shared folder) was followed:
    the file it pointed to was emptied and overwritten, exit 0."""
    corpus = write_jsonl(tmp_path / "c.jsonl", [*short_articles(3, chars=250), {"id": "x"}])
    victim = tmp_path / "precious.txt"
    victim.write_text("a user's file\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    Path(f"{out}{suffix}").symlink_to(victim)
    stderr = _one_error_line(_cli("score", str(corpus), "-o", str(out), "-q"))
    assert "is a symbolic link" in stderr
    assert victim.read_text(encoding="utf-8") == "a user's file\n" and not out.exists()


def test_an_input_changed_during_the_run_fails_and_writes_no_output(tmp_path):
    """An input truncated in place during a run exited 0 with rows in neither the output
    nor the errors file: the input is checked against its fingerprint before assembly."""
    corpus = _corpus(tmp_path / "c.jsonl", n=6)
    out = tmp_path / "s.csv"
    out.write_text("id\nold\n", encoding="utf-8")

    def truncate(index, n_rows, errors):
        if index == 0:
            lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
            corpus.write_text("".join(lines[:3]), encoding="utf-8")

    with pytest.raises(framing.errors.InputError, match="changed while it was being scored"):
        framing.score_file(corpus, out, chunk_size=2, on_chunk=truncate)
    assert out.read_text(encoding="utf-8") == "id\nold\n"
    assert not Path(f"{out}.parts").exists()
    assert framing.score_file(corpus, out, chunk_size=2).n_articles == 3  # the new content


def test_resume_waits_for_the_workers_of_a_killed_run_to_drop_its_lock(tmp_path):
    corpus = _corpus(tmp_path / "c.jsonl")
    out = tmp_path / "s.csv"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # the pid of a run killed with kill -9
    # a worker of that run: it still holds the lock it inherited, and dies a moment later
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(out)!r} + '.lock', os.O_RDWR | os.O_CREAT)\n"
            f"os.write(fd, b'pid {dead.pid}, since 12:00:00')\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(1.5)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline() == "held\n"
        res = _cli("score", str(corpus), "-o", str(out), "-q")
    finally:
        worker.kill()
        worker.wait()
        worker.stdout.close()
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(out)) == 4 and not Path(f"{out}.lock").exists()


def test_without_fcntl_and_sighup_a_run_scores_unlocked(tmp_path, monkeypatch):
    # Windows: no fcntl module and no SIGHUP; `import fcntl` and signal.SIGHUP were tracebacks
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    monkeypatch.delattr(signal, "SIGHUP")
    corpus = _corpus(tmp_path / "c.jsonl")
    out = tmp_path / "s.csv"
    res = _cli("score", str(corpus), "-o", str(out), "-q")
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(out)) == 4
    assert not Path(f"{out}.lock").exists()  # nothing was locked (README: not guaranteed)


# ---------------------------------------------------------------- 8. spreadsheet formulas


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_suggest_neutralises_cells_a_spreadsheet_would_run(tmp_path, suffix):
    texts = [
        '=HYPERLINK("http://x.example","click") the regime said militants attacked the town.',
        "+1 officials said the so-called rebels fled the city after the attack.",
        "-2 people died when the terrorists stormed the building, police said.",
        "@user wrote that the regime slaughtered civilians in the northern province.",
    ]
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    )
    out = tmp_path / f"label{suffix}"
    res = _cli("suggest", str(corpus), "-n", "10", "-o", str(out))
    assert res.exit_code == 0, res.output
    with open(out, encoding="utf-8-sig", newline="") as f:
        cells = [
            c for row in csv.reader(f, delimiter="\t" if suffix == ".tsv" else ",") for c in row
        ]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_compare_csv_neutralises_group_names(tmp_path):
    rows = [
        {**a, "outlet": "=cmd|' /C calc'!A0" if i % 2 else "plain"}
        for i, a in enumerate(short_articles(4, chars=200))
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    scores = tmp_path / "s.csv"
    assert _cli("score", str(corpus), "-o", str(scores), "-q").exit_code == 0
    res = _cli("compare", str(scores), "--format", "csv", "--bootstrap", "50")
    assert res.exit_code == 0, res.output
    first = [row[0] for row in csv.reader(res.stdout.splitlines())]
    assert "'=cmd|' /C calc'!A0" in first and not any(c.startswith("=") for c in first)


# ---------------------------------------------------------------- 10. one error line


@pytest.fixture(scope="module")
def scores_csv(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scores")
    corpus = write_jsonl(folder / "c.jsonl", short_articles(6, chars=200))
    scores = folder / "s.csv"
    assert _cli("score", str(corpus), "-o", str(scores), "-q").exit_code == 0
    return scores


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "framing_score"], "cannot group by 'framing_score'"),
        (["--plot", "p.xyz"], "unknown plot format '.xyz'"),
    ],
)
def test_compare_mistakes_are_one_line(scores_csv, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    stderr = _one_error_line(_cli("compare", str(scores_csv), "--bootstrap", "20", *args))
    assert message in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "SCORES", "--seed", "-1"],
        ["suggest", "SCORES", "-o", "x.csv", "--seed", "-1"],
        ["train", "--data", "SCORES", "-o", "m", "--seed", "-1"],
        ["train", "--data", "SCORES", "-o", "m", "--cv", "1"],
        ["train", "--data", "SCORES", "-o", "m", "--cv", "-1"],
    ],
)
def test_bad_numbers_are_usage_errors(scores_csv, args):
    res = _cli(*[str(scores_csv) if a == "SCORES" else a for a in args])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output


def test_library_refuses_a_negative_seed_and_cv_1(scores_csv, tmp_path):
    with pytest.raises(framing.InputError, match="seed"):
        framing.compare_outlets(scores_csv, seed=-1, n_boot=10)
    with pytest.raises(framing.InputError, match="cv must be"):
        framing.training.train(tmp_path / "m", data=[scores_csv], cv=1)


def test_train_on_a_full_disk_fails_before_training(tmp_path, monkeypatch):
    import framing.training

    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def combine(*args, **kwargs):
        raise AssertionError("training started although the model cannot be written")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(framing.training, "_combine", combine)
    stderr = _one_error_line(_cli("train", "-o", str(tmp_path / "m"), "--cv", "0"))
    assert "No space left on device" in stderr


def test_models_lists_a_malformed_model_with_a_note_and_goes_on(tmp_path):
    import shutil

    from framing.model import default_model_path

    good = tmp_path / "good"
    shutil.copytree(default_model_path(), good)
    for name, meta in {
        "bad_json": "{not json",
        "bad_file": json.dumps({**json.loads((good / "meta.json").read_text()), "model_file": 5}),
        "escape": json.dumps(
            {**json.loads((good / "meta.json").read_text()), "model_file": "../good/model.joblib"}
        ),
        "bad_metrics": json.dumps(
            {**json.loads((good / "meta.json").read_text()), "metrics": {"stratified_10": 3}}
        ),
    }.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "meta.json").write_text(meta, encoding="utf-8")
    res = _cli("models", "--dir", str(tmp_path))
    assert res.exit_code == 0, res.output
    lines = {line.split()[0]: line for line in res.stdout.splitlines() if line.split()}
    assert "ERROR" not in lines["good"]
    for name in ("bad_json", "bad_file", "escape", "bad_metrics"):
        assert "ERROR" in lines[name], res.stdout
    stderr = _one_error_line(
        _cli("analyze", "--model", str(tmp_path / "bad_file"), str(scores_path_txt(tmp_path)))
    )
    assert "model_file must be the name of a file" in stderr


def scores_path_txt(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text("The regime said militants attacked.", encoding="utf-8")
    return p


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_the_dask_engine_refuses_tables_it_would_read_by_other_quoting_rules(tmp_path, suffix):
    pytest.importorskip("distributed")
    corpus = _corpus(tmp_path / f"c{suffix}")
    out = tmp_path / "s.parquet"
    res = _cli("score", str(corpus), "-o", str(out), "--engine", "dask", "-q")
    assert "cannot read CSV or TSV by framing's quoting rules" in _one_error_line(res)
    assert sorted(p.name for p in tmp_path.iterdir()) == [corpus.name]


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(scores_csv, tmp_path):
    pytest.importorskip("distributed")
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(2, chars=200))
    proc = subprocess.run(
        [
            *FRAMING,
            "score",
            str(corpus),
            "-o",
            str(tmp_path / "s.csv"),
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:1",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "cannot reach the Dask scheduler" in proc.stderr


# ---------------------------------------------------------------- 7. linear time


def _attributed_by_slices(text: str, start: int, end: int) -> bool:
    """The verb-of-saying test of a quoted fragment as it was, on slices of the text."""
    from framing.lexicon import _CLAUSE_END_RE, _SAYING_RE, _line_bounds

    line_start, line_end = _line_bounds(text, start, end)
    before = _CLAUSE_END_RE.split(text[line_start:start])[-1]
    after = _CLAUSE_END_RE.split(text[end:line_end], maxsplit=1)[0]
    return bool(_SAYING_RE.search(before) or _SAYING_RE.search(after))


_pieces = st.sampled_from(
    [
        "said",
        "says",
        "saying",
        "told",
        "the",
        "regime",
        "x",
        '"',
        "“",
        "”",
        ". ",
        "; ",
        ".",
        " ",
        "\n",
        "_",
        "é",
        "claimed",
        "Said",
        "resaid",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=80), st.integers(1, 60))
def test_verb_of_saying_by_bisection_is_the_slice_search(pieces, line_chars):
    import framing.lexicon as lexicon

    text = "".join(pieces)
    old = lexicon._LINE_CHARS
    lexicon._LINE_CHARS = line_chars  # small lines: cuts inside words are tried too
    try:
        saying = lexicon._Saying(text)
        for start, end in lexicon._scare_quote_spans(text):
            line_start, line_end = lexicon._line_bounds(text, start, end)
            assert saying.attributed(start, end, line_start, line_end) == _attributed_by_slices(
                text, start, end
            )
    finally:
        lexicon._LINE_CHARS = old


# ---------------------------------------------------------------- 6, 13. signals, orphans, jobs


def _start_score(tmp_path: Path, jobs: int = 2) -> tuple[subprocess.Popen, Path, list[str]]:
    write_jsonl(tmp_path / "corpus.jsonl", short_articles(40, chars=800))
    args = [
        "score",
        "corpus.jsonl",
        "-o",
        "scores.jsonl",
        "--chunk-size",
        "2",
        "--jobs",
        str(jobs),
        "-q",
    ]
    proc = subprocess.Popen(
        [*FRAMING, *args], cwd=tmp_path, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    parts = tmp_path / "scores.jsonl.parts"
    deadline = time.monotonic() + 300
    while not (parts / "part-000000.parquet").exists() and proc.poll() is None:
        assert time.monotonic() < deadline, "no chunk finished in 300 s"
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be stopped"
    return proc, parts, args


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_like_ctrl_c(tmp_path, sig):
    proc, parts, args = _start_score(tmp_path)
    try:
        os.kill(proc.pid, sig)  # to the parent alone, as `kill PID` does
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr
    assert "finished chunk(s) are kept in scores.jsonl.parts" in stderr
    assert "--resume" in stderr
    deadline = time.monotonic() + 10
    while running(group=proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running(group=proc.pid) == []  # no worker left


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_within_seconds_of_a_killed_parent(tmp_path):
    proc, parts, args = _start_score(tmp_path)
    try:
        workers = running(parent=proc.pid)
        assert len(workers) == 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{w}").exists() and running(group=proc.pid) for w in workers):
            assert time.monotonic() < deadline, f"workers still running: {running(group=proc.pid)}"
            time.sleep(0.1)
    finally:
        for pid in running(group=proc.pid):
            os.kill(pid, signal.SIGKILL)
        proc.stderr.close()


@pytest.mark.slow
def test_jobs_above_the_cores_are_capped_with_a_note(tmp_path):
    cores = len(os.sched_getaffinity(0))
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(4, chars=200))
    proc = subprocess.run(
        [
            *FRAMING,
            "score",
            str(corpus),
            "-o",
            str(tmp_path / "s.csv"),
            "-q",
            "--chunk-size",
            "1",
            "--jobs",
            str(cores + 6),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"running {cores} worker process(es)" in proc.stderr
    assert len(pd.read_csv(tmp_path / "s.csv")) == 4


def test_workers_share_the_model_loaded_before_the_fork(tmp_path, monkeypatch):
    import shutil

    import framing.model
    from framing.model import default_model_path

    model_dir = tmp_path / "m"
    shutil.copytree(default_model_path(), model_dir)
    log = tmp_path / "loads"
    original = framing.model.sha256_file

    def logged(path):
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {Path(path).name}\n")
        return original(path)

    monkeypatch.setattr(framing.model, "sha256_file", logged)
    monkeypatch.setattr(framing.corpus.engines, "worker_count", lambda n: 2)
    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(6, chars=200))
    summary = framing.score_file(
        corpus, tmp_path / "s.csv", n_jobs=2, chunk_size=1, model=str(model_dir)
    )
    assert summary.n_articles == 6
    loads = [
        line.split()
        for line in log.read_text().splitlines()
        if line.split()[1].startswith("model.")
    ]
    assert loads and {pid for pid, _ in loads} == {str(os.getpid())}  # none in a worker


# ---------------------------------------------------------------- 9. trust


def test_every_option_that_loads_a_model_says_it_runs_code():
    import framing.model

    res = {
        c: _cli(c, "--help").stdout for c in ("analyze", "score", "evaluate", "suggest", "models")
    }
    from framing.cli import TRUST

    assert TRUST == framing.model.TRUST_NOTE
    for command, text in res.items():
        assert "runs code when it is loaded" in " ".join(text.split()), command


def test_a_model_outside_the_models_folder_is_announced_once(tmp_path, monkeypatch):
    import shutil

    from framing.model import default_model_path

    outside = tmp_path / "downloaded"
    shutil.copytree(default_model_path(), outside)
    article = scores_path_txt(tmp_path)
    first = _cli("analyze", str(article), "--model", str(outside))
    assert first.exit_code == 0, first.output
    assert f"loading the model in {outside.resolve()}, outside your models folder" in first.stderr
    assert "runs code" in first.stderr
    again = _cli("analyze", str(article), "--model", str(outside))
    assert "outside your models folder" not in again.stderr  # once per process

    models = tmp_path / "models"
    shutil.copytree(default_model_path(), models / "mine")
    monkeypatch.setenv("FRAMING_MODELS_DIR", str(models))
    mine = _cli("analyze", str(article), "--model", "mine")
    assert mine.exit_code == 0, mine.output
    assert "outside your models folder" not in mine.stderr


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("command", ["analyze", "set-default"])
def test_a_model_pickle_that_would_run_other_code_is_refused_unread(tmp_path, monkeypatch, command):
    import pickle
    import shutil

    from framing.model import default_model_path, sha256_file

    monkeypatch.setenv("FRAMING_HOME", str(tmp_path / "home"))
    hostile = tmp_path / "downloaded"
    shutil.copytree(default_model_path(), hostile)
    marker = tmp_path / "ran"
    with gzip.open(hostile / "model.pkl.gz", "wb") as f:
        pickle.dump(_Payload(marker), f, protocol=5)
    meta = json.loads((hostile / "meta.json").read_text())
    meta["model_sha256"] = sha256_file(hostile / "model.pkl.gz")  # the hash alone is no defence
    (hostile / "meta.json").write_text(json.dumps(meta))
    if command == "analyze":
        res = _cli("analyze", str(scores_path_txt(tmp_path)), "--model", str(hostile))
    else:
        res = _cli("models", "--set-default", str(hostile))
    assert res.exit_code == 1, res.output
    assert "would import posix.system, which no framing model uses" in res.stderr
    assert "Traceback" not in res.stderr
    assert not marker.exists()  # never unpickled
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*default*"))


def test_the_pickle_audit_reads_what_the_shipped_components_import():
    from framing.model import default_model_path
    from framing.pickle_audit import ALLOWED, _read, audit, pickle_globals

    for f in sorted(default_model_path().glob("*.pkl.gz")):
        found = set(pickle_globals(_read(f)))
        assert ("numpy", "dtype") in found and any(m.startswith("framing.") for m, _ in found)
        assert found <= ALLOWED and audit(f) == []


def test_an_article_over_the_time_budget_is_an_error_row_naming_it(tmp_path, monkeypatch):
    import framing.corpus.budget

    monkeypatch.setattr(framing.corpus.budget, "ARTICLE_SECONDS", 1.0)
    news = " ".join(a["text"] for a in short_articles(8, chars=1500))
    rows = [
        {"id": "small", "outlet": "o", "text": "The regime said militants attacked the town."},
        {"id": "huge", "outlet": "o", "text": (news + "\n") * 120},
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "s.csv"
    framing.analyze(rows[0]["text"])  # everything loaded on first use is loaded
    summary = framing.score_file(corpus, out, chunk_size=2, progress=False)
    assert summary.n_errors == 1 and summary.n_articles == 1, Path(
        f"{out}.errors.jsonl"
    ).read_text()
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()]
    assert errors[0]["id"] == "huge"
    assert "time budget of 1 s per article" in errors[0]["error"]


def test_the_time_budget_is_per_article_not_per_chunk(tmp_path, monkeypatch):
    # the chunk's batched call ran under one budget of 120 s x its articles: one slow article
    # among 99 fast ones could take 3.3 hours and was scored, no error row
    import framing.corpus.budget
    import framing.scoring

    monkeypatch.setattr(framing.corpus.budget, "ARTICLE_SECONDS", 1.0)
    real = framing.scoring.extract_attributions

    def slow_on_one(doc, **kwargs):
        if "SLOW" in doc.text:
            time.sleep(3)  # well inside the chunk's 6 s, over the article's 1 s
        return real(doc, **kwargs)

    monkeypatch.setattr(framing.scoring, "extract_attributions", slow_on_one)
    rows = [dict(a, id=str(i)) for i, a in enumerate(short_articles(6, chars=300))]
    rows[2]["text"] = "SLOW. " + rows[2]["text"]
    corpus = write_jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "s.csv"
    framing.analyze(rows[0]["text"])  # everything loaded on first use is loaded
    started = time.monotonic()
    summary = framing.score_file(corpus, out, chunk_size=6, progress=False)
    assert time.monotonic() - started < 6
    assert summary.n_errors == 1 and summary.n_articles == 5
    (error,) = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert error["id"] == "2" and "time budget of 1 s per article" in error["error"]
    assert list(pd.read_csv(out)["id"].astype(str)) == ["0", "1", "3", "4", "5"]


def test_an_inner_budget_leaves_the_outer_one_running():
    from framing.corpus.budget import OverBudget, time_budget

    with pytest.raises(OverBudget, match="budget of 0.3 s"):
        with time_budget(0.3):
            with time_budget(5):  # ends before: the outer budget still counts
                pass
            time.sleep(2)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_input_is_refused_in_bounded_memory(tmp_path):
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'framing', 'analyze', '-'], "
        "stdin=subprocess.Popen(['yes', 'The regime said militants attacked.'], "
        "stdout=subprocess.PIPE).stdout, capture_output=True, text=True)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
        "print(p.stderr.strip())\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    status, peak = proc.stdout.splitlines()[0].split()
    assert status == "1", proc.stdout
    assert "more than 80,000,000 bytes" in proc.stdout
    assert int(peak) < 700
    zero = subprocess.run(
        [*FRAMING, "analyze", "/dev/zero"], capture_output=True, text=True, timeout=300
    )
    assert zero.returncode == 1 and "binary" in zero.stderr


_PATHOLOGICAL = st.sampled_from(
    [
        '"a" ',
        "“so” ",
        "‘x’ ",
        '"',
        "(",
        ")",
        "[",
        "—",
        "-",
        " – ",
        "ABC ",
        "Regime ",
        "said ",
        "told ",
        "according to ",
        "claimed ",
        "so-called ",
        "he ",
        "they ",
        "\n",
        ". ",
        "🙂",
        "a",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_PATHOLOGICAL, st.integers(1, 300)), min_size=1, max_size=4))
def test_runs_of_pathological_pieces_keep_the_contract(runs):
    from tests.helpers import assert_contract

    text = "".join(piece * n for piece, n in runs)
    assert_contract(framing.analyze(text).to_dict(), text)


# Work bounded per sentence: a sentence crowded with pronouns costs time linear in its length
# (bench/adversarial.py measures the time; this checks the bound itself).


def test_a_sentence_of_pronouns_resolves_each_in_one_pass(monkeypatch):
    import framing.mentions as mentions
    from framing.text import tokenize

    text = "President Hadi spoke. " + "he " * 600 + "left."
    doc = tokenize(text)
    ms = mentions.find_mentions(doc)
    reads = 0
    real = mentions.Mention.__getattribute__

    def counting(self, name):
        nonlocal reads
        reads += 1
        return real(self, name)

    monkeypatch.setattr(mentions.Mention, "__getattribute__", counting)
    entities = mentions.cluster(doc, ms)
    monkeypatch.undo()
    assert reads < 20 * len(ms)  # scanning back from every pronoun read ~n^2/2
    hadi = next(e for e in entities if "hadi" in e.key)
    assert len(hadi.mentions) == len(ms)  # the name and every "he" after it


@pytest.mark.parametrize("unit", ["Smith said the plan failed. ", "The Regime Said "])
def test_the_sources_of_one_actor_are_typed_once_not_once_per_source(monkeypatch, unit):
    # every source re-typed every mention of its actor: "Smith said the plan failed. " * n
    # was quadratic (600 repeats 4.7 s), "The Regime Said " * 1000 took 151 s
    import framing.attribution.source_types as source_types

    calls = 0
    real = source_types._typed

    def counting(phrase):
        nonlocal calls
        calls += 1
        return real(phrase)

    monkeypatch.setattr(source_types, "_typed", counting)
    n = 150
    res = framing.analyze(unit * n)
    assert len(res.attributions) >= n // 2
    assert calls < 8 * n, calls  # was about n * n / 2


def test_sources_after_according_to_do_not_run_into_the_next_one():
    # each "according to" took the rest of the sentence as its source: n sources of up to
    # 2,000 characters each, all typed (bench/adversarial.py "cue verbs" was 10x news text)
    text = "officials said " + "according to the ministry and the army " * 40 + "."
    res = framing.analyze(text)
    sources = [a for a in res.attributions if a.rule == "according_to"]
    assert sources
    assert all("according to" not in a.source_text for a in sources)
    assert sum(a.source_end - a.source_start for a in sources) <= len(text)


def _sample_corpus(path: Path, n: int = 200) -> list[str]:
    """``n`` articles of the shipped sample (the 120 articles, then again under new ids)."""
    with gzip.open(framing.resources.data_path("sample_articles.jsonl.gz"), "rt") as f:
        sample = [json.loads(line) for line in f]
    rows = [
        {**a, "id": f"{a['id']}-{i // len(sample)}"}
        for i, a in zip(range(n), sample * 2, strict=False)
    ]
    write_jsonl(path, rows)
    return [r["id"] for r in rows]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_two_job_run_then_resume_gives_the_uninterrupted_output(tmp_path):
    ids = _sample_corpus(tmp_path / "corpus.jsonl")
    args = ["score", "corpus.jsonl", "--chunk-size", "7", "--jobs", "2", "-q"]
    ref = subprocess.run(
        [*FRAMING, *args, "-o", "ref.jsonl"], cwd=tmp_path, capture_output=True, timeout=600
    )
    assert ref.returncode == 0, ref.stderr
    proc = subprocess.Popen(
        [*FRAMING, *args, "-o", "scores.jsonl"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    parts = tmp_path / "scores.jsonl.parts"
    try:
        deadline = time.monotonic() + 300
        while len(list(parts.glob("part-*.parquet"))) < 3 and proc.poll() is None:
            assert time.monotonic() < deadline, "no chunk finished in 300 s"
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as `kill -9 PID` does
        proc.wait(timeout=10)
        lock = tmp_path / "scores.jsonl.lock"
        assert lock.read_text().startswith(f"pid {proc.pid},")  # the killed run's note
        # Linux's parent-death signal kills the workers at once; where a worker only watches
        # its parent it lives on for a moment, holding the lock it shares: one that lingers
        # takes it now (the note stays the dead parent's), so the resume must wait for it
        # (without the wait for a dead run's lock it is refused: "being written by another")
        lingering = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import fcntl, os, time\n"
                f"fd = os.open({str(lock)!r}, os.O_RDWR)\n"
                "fcntl.flock(fd, fcntl.LOCK_EX)\n"
                "print('held', flush=True)\n"
                "time.sleep(10)\n",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert lingering.stdout.readline() == "held\n"
        resumed = subprocess.run(
            [*FRAMING, *args, "-o", "scores.jsonl", "--resume"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        for pid in running(group=proc.pid):
            os.kill(pid, signal.SIGKILL)
        proc.stderr.close()
        if "lingering" in locals():
            lingering.kill()
            lingering.wait()
            lingering.stdout.close()
    assert resumed.returncode == 0, resumed.stderr
    assert not parts.exists() and not (tmp_path / "scores.jsonl.lock").exists()
    out = [json.loads(x) for x in (tmp_path / "scores.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in out] == ids  # every id exactly once, in input order
    assert (tmp_path / "scores.jsonl").read_bytes() == (tmp_path / "ref.jsonl").read_bytes()


def test_sigterm_while_standard_input_is_copied_leaves_no_copy(tmp_path):
    """`framing score -` copies standard input to a temporary folder first; SIGTERM during
    the copy left that folder behind (the default action runs no cleanup)."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = {**os.environ, "TMPDIR": str(spool)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "framing", "score", "-", "-o", str(tmp_path / "s.jsonl"), "-q"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write(b'{"id": "1", "text": "The minister said the plan failed."}\n' * 2000)
    proc.stdin.flush()  # the pipe stays open: framing is still copying
    deadline = time.monotonic() + 60
    while not any(spool.glob("framing-stdin-*/stdin.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(spool.glob("framing-stdin-*/stdin.*")), "the copy never started"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert b"stopped by SIGTERM while reading standard input" in err
    assert list(spool.iterdir()) == []


@pytest.mark.parametrize(
    "unit",
    [
        "\u201cIt is fine.\u201d Smith said. ",  # one actor's sources: its mentions built per source
        "''It works,'' he said. ``No,'' she said. ",  # "he"/"she": every mention scanned per source
        "Mr. Smith said the plan failed. He said it again. ",  # "he": all of Smith's mentions read
    ],
)
def test_the_sources_of_a_long_paragraph_are_found_in_linear_work(monkeypatch, unit):
    # each source scanned every mention of the article (the antecedent of "he"/"she", the
    # surnames the clustering missed, an actor's named mentions) and each learned cue every
    # rule's cue: 3,200 repeats of either unit took 4-7 s, four times 800's
    import framing.mentions as mentions
    from framing.attribution.rules import _Draft

    reads = {"mention": 0, "draft": 0}
    real_m = mentions.Mention.__getattribute__
    real_d = _Draft.__getattribute__

    def count_m(self, name):
        reads["mention"] += 1
        return real_m(self, name)

    def count_d(self, name):
        reads["draft"] += 1
        return real_d(self, name)

    model = framing.load_model()
    framing.analyze(unit, model=model)
    per = []
    for n in (100, 400):
        reads.update(mention=0, draft=0)
        monkeypatch.setattr(mentions.Mention, "__getattribute__", count_m)
        monkeypatch.setattr(_Draft, "__getattribute__", count_d)
        res = framing.analyze(unit * n, model=model)
        monkeypatch.undo()
        assert len(res.attributions) >= n
        per.append(dict(reads))
    for key in ("mention", "draft"):  # four times the text: about four times the reads
        assert per[1][key] < 6 * per[0][key], (key, per)
