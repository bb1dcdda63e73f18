"""Command-line conventions: `-` for standard input, `-o -` for standard output, several inputs
and globs, JSON Lines from several articles, and input of the wrong kind refused with a hint."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.resources import data_path
from tests.helpers import short_articles, write_jsonl

SAMPLE = data_path("sample_article.txt")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return short_articles(4, 300)


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_score_reads_stdin_and_writes_json_lines_to_stdout(tmp_path, rows):
    data = "".join(json.dumps(r) + "\n" for r in rows)
    res = _run("score", "-", "-o", "-", "-q", input=data)
    assert res.exit_code == 0, res.stderr
    got = _jsonl(res.stdout)
    assert [r["id"] for r in got] == [r["id"] for r in rows]
    assert [r["topic"] for r in got] == [r["topic"] for r in rows]
    assert isinstance(got[0]["term_counts"], dict)  # JSON columns are JSON in JSON Lines
    # the same rows as a file run
    out = tmp_path / "s.jsonl"
    res = _run("score", str(write_jsonl(tmp_path / "c.jsonl", rows)), "-o", str(out), "-q")
    assert res.exit_code == 0
    assert _jsonl(out.read_text("utf-8")) == got


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl.gz", "parquet"])
def test_the_format_of_stdin_is_recognised(tmp_path, rows, kind):
    df = pd.DataFrame(rows)
    buf = io.BytesIO()
    if kind == "parquet":
        df.to_parquet(buf)
    elif kind == "jsonl.gz":
        buf.write(gzip.compress(df.to_json(orient="records", lines=True).encode()))
    else:
        df.to_csv(buf, index=False, sep="\t" if kind == "tsv" else ",")
    res = _run("score", "-", "-o", "-", "--csv", "-q", input=buf.getvalue())
    assert res.exit_code == 0, res.stderr
    back = pd.read_csv(io.StringIO(res.stdout))
    assert back["id"].tolist() == df["id"].tolist()
    assert back["outlet"].tolist() == df["outlet"].tolist()


def test_format_option_overrides_the_guess(rows):
    text = "id\ttext\n" + "".join(f"{r['id']}\t{r['text']}\n" for r in rows)
    res = _run("score", "-", "-o", "-", "--format", "tsv", "-q", input=text)
    assert res.exit_code == 0, res.stderr
    assert [r["id"] for r in _jsonl(res.stdout)] == [r["id"] for r in rows]


def test_empty_stdin_is_an_error_for_score_and_analyze():
    for args in (["score", "-", "-o", "-"], ["analyze", "-"]):
        res = _run(*args, input="  \n")
        assert res.exit_code == 1 and "empty" in res.stderr, args
        assert len(res.stderr.strip().splitlines()) == 1


def test_rows_that_fail_on_stdout_runs_are_listed_on_stderr(rows):
    bad = [rows[0], {"id": "blank", "text": "  "}, rows[1]]
    res = _run("score", "-", "-o", "-", "-q", input="".join(json.dumps(r) + "\n" for r in bad))
    assert res.exit_code == 0
    assert [r["id"] for r in _jsonl(res.stdout)] == [rows[0]["id"], rows[1]["id"]]
    assert "error: <stdin>: record 2 (line 2, id blank): empty text" in res.stderr
    res = _run("score", "-", "-o", "-", "--text-col", "body", input=json.dumps(rows[0]) + "\n")
    assert res.exit_code == 1 and res.stderr.startswith("Error: <stdin>: no column 'body'")


def test_several_inputs_and_globs_are_one_corpus(tmp_path, rows):
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", rows[:2])
    pd.DataFrame(rows[2:]).to_csv(tmp_path / "in" / "b.csv", index=False)
    out = tmp_path / "s.csv"
    res = _run("score", str(tmp_path / "in" / "*"), "-o", str(out), "-q")  # a quoted glob
    assert res.exit_code == 0, res.stderr
    assert pd.read_csv(out)["id"].tolist() == [r["id"] for r in rows]
    res = _run(
        "score", str(tmp_path / "in" / "b.csv"), str(tmp_path / "in" / "a.jsonl"),
        "-o", str(out), "-q",
    )  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert pd.read_csv(out)["id"].tolist() == [r["id"] for r in rows[2:] + rows[:2]]
    res = _run("score", str(tmp_path / "none*.csv"), "-o", str(out))
    assert res.exit_code == 1 and "no file matches" in res.stderr


def test_usage_errors_of_the_stream_options(tmp_path, rows):
    corpus = str(write_jsonl(tmp_path / "c.jsonl", rows))
    for args in (
        ["score", corpus, "-o", "x.csv", "--csv"],
        ["score", "-", corpus, "-o", "-"],
        ["score", "-", "-o", "-", "--resume"],
        ["score", corpus, "-o", "x.csv", "--format", "csv"],
    ):
        assert _run(*args, input="").exit_code == 2, args


def test_analyze_of_several_files_gives_json_lines(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Militants stormed the so-called capital.", encoding="utf-8")
    b.write_text("The council met on Tuesday, officials said.", encoding="utf-8")
    res = _run("analyze", str(a), str(b))
    assert res.exit_code == 0, res.stderr
    got = _jsonl(res.stdout)
    assert [d["id"] for d in got] == [str(a), str(b)]
    assert got[0]["framing_score"] > got[1]["framing_score"]
    assert len(res.stdout.splitlines()) == 2
    assert _run("analyze", str(a), str(b), "--format", "html").exit_code == 2


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document>The regime fell.</w:document>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, make, hint",
    [
        ("corpus.csv", lambda rows: pd.DataFrame(rows).to_csv(index=False).encode(), "framing score"),
        ("corpus.txt", lambda rows: "".join(json.dumps(r) + "\n" for r in rows).encode(), "JSONL corpus"),
        ("corpus.tsv", lambda rows: pd.DataFrame(rows).to_csv(index=False, sep="\t").encode(), "TSV corpus"),
        ("scores.parquet", lambda rows: pd.DataFrame(rows).to_parquet(), "Parquet"),
        ("paper.pdf", lambda rows: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("letter.docx", lambda rows: _docx_bytes(), "ZIP"),
        ("photo.png", lambda rows: b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image"),
    ],
)  # fmt: skip
def test_analyze_refuses_what_is_not_one_article_with_a_hint(tmp_path, rows, name, make, hint):
    path = tmp_path / name
    path.write_bytes(make(rows))
    res = _run("analyze", str(path))
    assert res.exit_code == 1
    assert hint in res.stderr and "--as-text" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = _run("analyze", "-", input=path.read_bytes())  # the same from standard input
    assert res.exit_code == 1 and hint in res.stderr


def test_as_text_forces_a_table_to_be_read_as_one_text(tmp_path, rows):
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    res = _run("analyze", str(path), "--as-text")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["n_words"] > 100


def test_real_articles_are_not_mistaken_for_tables():
    res = _run("analyze", str(SAMPLE))
    assert res.exit_code == 0, res.stderr
    from framing.inputs import table_kind

    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    assert [t[:80] for t in texts if table_kind(t)] == []


def test_a_pipeline_of_real_processes(tmp_path, rows):
    """`cat corpus | framing score - -o - | framing compare -`, as separate processes."""
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    cmd = [sys.executable, "-m", "framing", "score", "-", "-o", "-", "-q"]
    proc = subprocess.run(cmd, input=data, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    out = tmp_path / "s.jsonl"
    out.write_bytes(proc.stdout)
    proc = subprocess.run(
        [sys.executable, "-m", "framing", "compare", str(out), "--bootstrap", "50"],
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert rows[0]["outlet"] in proc.stdout.decode()
    # and the scores on stdin: framing score ... -o - | framing compare -
    piped = subprocess.run(
        [sys.executable, "-m", "framing", "compare", "-", "--bootstrap", "50"],
        input=out.read_bytes(),
        capture_output=True,
        timeout=300,
    )
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == proc.stdout


def test_ids_and_record_numbers_run_on_across_inputs(tmp_path, rows):
    from framing.corpus import read_records
    from framing.corpus.records import open_files

    a = write_jsonl(tmp_path / "a.jsonl", [{"text": r["text"]} for r in rows[:2]])
    b = write_jsonl(tmp_path / "b.jsonl", [{"id": "row-1", "text": rows[2]["text"]}, {"text": " "}])
    corpus = open_files([a, b], framing_options())
    got = [(r["record"], r["id"], r["line"], r["input"]) for r in corpus.records()]
    assert got == [
        (1, "row-1", 1, str(a)),
        (2, "row-2", 2, str(a)),
        (3, "row-1", 1, str(b)),  # an id read is kept exactly, even one that looks generated
        (4, "row-4", 2, str(b)),
    ]
    assert [r["id"] for r in read_records(a)] == ["row-1", "row-2"]


def framing_options():
    from framing.corpus import ScoreOptions

    return ScoreOptions()
