"""Hostile input: analyze never crashes and every output keeps the JSON contract; corpus runs
survive damaged files, Ctrl-C and output that cannot be written."""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import framing
import framing.corpus.engines
import framing.outputs
import framing.tables
from framing.cli import main
from framing.compare import read_scores
from framing.corpus import read_records, score_corpus, score_file
from framing.errors import InputError
from framing.text import MAX_SENTENCE_CHARS
from tests.helpers import assert_contract, running, short_articles, write_jsonl

MODEL = framing.load_model()

HOSTILE = {
    "control characters": "The regime\x00\x07\x1b[31m said\x08 \x7f militants\x0c attacked.\x1e",
    "right to left": "قالت الحكومة إن المتمردين هاجموا. The so-called rebels ‏denied‏ it.",
    "mixed scripts": "Кремль назвал это «спецоперацией». 政府说 terrorists 袭击了 the town.",
    "emoji": "🙂🙂 Militants 💣 stormed the town 🏙️!!! #breaking 🇺🇦",
    "lone surrogates": "The regime \ud800 slaughtered \udfff civilians.",
    "html left in scraped text": '<p>The <b>regime</b> said</p><script>var x = "terrorists";</script>&amp; more',
    "only punctuation": "?!?!… —— ''' \"\" «» ...",
    "zero-width and odd spaces": "The\u200bregime\u00a0said\u2028militants\u2029attacked\u3000today.",
    "combining marks": "Re\u0301gime forces liberated the cafe\u0301 district.",
    "lone quotes": '“The regime ‘said’ " militants » attacked «',
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


words = st.sampled_from(
    [
        "the",
        "regime",
        "said",
        "so-called",
        "“",
        "”",
        '"',
        "militants",
        "liberated",
        "according",
        "to",
        "witnesses",
        ",",
        ".",
        "\n",
        "\n\n",
        "U.S.",
        "claimed",
        "Press",
        "TV",
        "reported",
        "that",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, max_size=60).map(" ".join))
# a cue followed by closing quotes only: the learned extractor once indexed its
# quote-mark table with a negative count for the cue's own tokens
@example("\u201c reported \u201d \u201d \u201d")
def test_news_like_word_salad_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


def test_json_output_of_lone_surrogates_is_serialisable():
    a = framing.analyze(HOSTILE["lone surrogates"], model=MODEL)
    json.loads(a.to_json())  # str round trip works; encoding to UTF-8 is the writer's choice


@pytest.mark.slow
def test_long_line_without_newline_is_analyzed_with_capped_sentences():
    text = "the regime said militants attacked the town " * 40_000  # ~1.8 MB, no full stop
    d = framing.analyze(text, model=MODEL).to_dict()
    assert all(s["end"] - s["start"] <= MAX_SENTENCE_CHARS for s in d["sentences"])
    assert d["n_words"] == 7 * 40_000
    assert_contract(d, text)


@pytest.mark.slow
def test_many_short_sentences():
    text = "Thugs attacked. " * 20_000
    d = framing.analyze(text, model=MODEL).to_dict()
    assert d["n_sentences"] == 20_000
    assert sum(t["text"] == "Thugs" for t in d["loaded_terms"]) == 20_000


def test_same_input_same_output():
    text = HOSTILE["mixed scripts"] + " " + HOSTILE["html left in scraped text"]
    assert (
        framing.analyze(text, model=MODEL).to_dict() == framing.analyze(text, model=MODEL).to_dict()
    )


# ---------------------------------------------------------------- corpus runs: damaged input
#
# Every damage is reported with the file and its location; the other rows are
# scored, unless strict=True (--strict), which fails on it.


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _errors_file(out: Path) -> list[dict]:
    return [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text("utf-8").splitlines()]


def test_truncated_gzip_keeps_the_rows_before_the_cut(tmp_path):
    rows = short_articles(12)
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode("utf-8"))
    cut = data[:-400]  # the download broke off
    kept = (
        zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    )  # complete lines before the cut
    assert 0 < kept < len(rows)
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(cut)

    out = tmp_path / "scores.csv"
    summary = score_file(path, out, chunk_size=5)
    assert summary.n_articles == kept and summary.n_errors == 1
    assert pd.read_csv(out)["id"].tolist() == [r["id"] for r in rows[:kept]]
    [error] = _errors_file(out)
    assert error["line"] == kept + 1 and error["id"] is None
    assert error["error"].startswith(f"{path} is truncated")

    strict_out = tmp_path / "strict.csv"
    with pytest.raises(
        InputError,
        match=rf"{re.escape(str(path))}: record {kept + 1} \(line {kept + 1}\): .*truncated",
    ):
        score_file(path, strict_out, chunk_size=5, strict=True)
    assert not strict_out.exists() and not Path(f"{strict_out}.parts").exists()

    res = _cli("score", str(path), "-o", str(strict_out), "--strict", "-q")
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert (
        str(path) in res.stderr and f"line {kept + 1}" in res.stderr and "truncated" in res.stderr
    )


def test_file_that_cannot_be_read_at_all_is_an_error(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(b'{"id": "a", "text": "not compressed"}\n')
    res = _cli("score", str(path), "-o", str(tmp_path / "s.csv"), "-q")
    assert res.exit_code == 1
    assert f"{path}: cannot be read (Not a gzipped file" in res.stderr
    assert not (tmp_path / "s.csv").exists() and not (tmp_path / "s.csv.parts").exists()


@pytest.mark.parametrize(
    "values, type_name",
    [([5, 6], "int64"), ([{"body": "x"}, {"body": "y"}], "struct")],
    ids=["int64", "struct"],
)
def test_parquet_text_column_of_the_wrong_type_is_refused_naming_column_and_type(
    tmp_path, values, type_name
):
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": values}), path)
    with pytest.raises(
        InputError, match=rf"column 'text' holds {type_name}.*must be of type string"
    ):
        list(read_records(path))
    res = _cli("score", str(path), "-o", str(tmp_path / "s.csv"), "-q")
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1
    assert str(path) in res.stderr and f"holds {type_name}" in res.stderr
    assert not (tmp_path / "s.csv.parts").exists()


def test_parquet_dictionary_encoded_text_is_text(tmp_path):
    path = tmp_path / "corpus.parquet"
    pd.DataFrame({"id": ["a", "b"], "text": pd.Categorical(["One.", "Two."])}).to_parquet(path)
    assert [r["text"] for r in read_records(path)] == ["One.", "Two."]


def test_damaged_parquet_page_keeps_the_rows_before_it(tmp_path):
    rows = short_articles(8, chars=300)
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)
    meta = pq.ParquetFile(path).metadata
    text = meta.row_group(2).column(meta.schema.names.index("text"))  # rows 5 and 6
    start = text.dictionary_page_offset or text.data_page_offset
    data = bytearray(path.read_bytes())
    data[start : start + text.total_compressed_size] = random.Random(0).randbytes(
        text.total_compressed_size
    )
    path.write_bytes(bytes(data))

    out = tmp_path / "scores.csv"
    summary = score_file(path, out, chunk_size=2)
    assert summary.n_articles == 4 and summary.n_errors == 1
    assert pd.read_csv(out)["id"].tolist() == [r["id"] for r in rows[:4]]
    [error] = _errors_file(out)
    assert error["record"] == 5 and error["line"] is None
    assert error["error"].startswith(f"{path} cannot be read from here on")
    with pytest.raises(InputError, match=rf"{re.escape(str(path))}: record 5: .*cannot be read"):
        score_file(path, tmp_path / "strict.csv", chunk_size=2, strict=True)


def _utf16_corpus(path: Path, rows: list[dict]) -> Path:
    if path.suffix == ".csv":
        pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-16")
    else:
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-16"
        )
    assert path.read_bytes()[:2] == b"\xff\xfe"  # Python's utf-16 writes a BOM
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_utf16_corpus_needs_its_encoding_and_is_then_read_right(tmp_path, suffix):
    rows = [
        {**r, "text": "Le régime « libéré » — " + r["text"]} for r in short_articles(2, chars=200)
    ]
    path = _utf16_corpus(tmp_path / f"corpus{suffix}", rows)
    out = tmp_path / "scores.csv"
    res = _cli("score", str(path), "-o", str(out), "-q")
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1
    assert f"{path}: starts with a UTF-16-LE byte-order mark (byte offset 0)" in res.stderr
    assert "--encoding utf-16" in res.stderr
    assert not out.exists() and not Path(f"{out}.parts").exists()

    records = list(read_records(path, encoding="utf-16"))
    assert [(r["id"], r["outlet"], r["text"], r["error"]) for r in records] == [
        (r["id"], r["outlet"], r["text"], None) for r in rows
    ]
    res = _cli("score", str(path), "-o", str(out), "--encoding", "utf-16", "-q")
    assert res.exit_code == 0, res.stderr
    assert pd.read_csv(out)["id"].tolist() == [r["id"] for r in rows]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_malformed_row_is_listed_with_its_line_or_fails_under_strict(tmp_path, suffix):
    rows = short_articles(3, chars=200)
    path = tmp_path / f"corpus{suffix}"
    if suffix == ".jsonl":
        lines = [
            json.dumps(rows[0]),
            '{"id": "broken", "text": "no closing brace"',
            json.dumps(rows[2]),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        bad_line, reason = 2, "invalid JSON"
    else:
        pd.DataFrame(rows).to_csv(path, index=False)
        lines = path.read_text("utf-8").splitlines()
        lines[2] += ",one field too many"  # the second article
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        bad_line, reason = 3, "has 5 fields; the header has 4"

    out = tmp_path / "scores.csv"
    res = _cli("score", str(path), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert "2 articles scored, 1 failed" in res.stderr and f"{out}.errors.jsonl" in res.stderr
    assert pd.read_csv(out)["id"].tolist() == [rows[0]["id"], rows[2]["id"]]
    [error] = _errors_file(out)
    assert error["line"] == bad_line and error["error"].startswith(reason)

    strict_out = tmp_path / "strict.csv"
    res = _cli("score", str(path), "-o", str(strict_out), "--strict", "-q")
    assert res.exit_code == 1 and len(res.stderr.strip().splitlines()) == 1
    assert f"{path}: record 2 (line {bad_line}): {reason}" in res.stderr
    assert not strict_out.exists() and not Path(f"{strict_out}.parts").exists()


# ---------------------------------------------------------------- corpus runs: Ctrl-C

#: `framing` as a user runs it, without depending on where the console script was installed.
FRAMING = [sys.executable, "-c", "from framing.cli import main; main(prog_name='framing')"]


def _sigint_as_on_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for leftover workers")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_workers_keeps_parts_and_prints_the_resume_command(tmp_path, jobs):
    rows = short_articles(30, chars=800)
    write_jsonl(tmp_path / "corpus.jsonl", rows)
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
    # its own session, so that Ctrl-C can be sent as a terminal does: to the whole process group;
    # SIGINT handled by default as under a terminal, also when pytest itself was started in the
    # background by a shell (which ignores SIGINT there, and the child would inherit that)
    proc = subprocess.Popen(
        [*FRAMING, *args],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_sigint_as_on_a_terminal,
    )
    parts = tmp_path / "scores.jsonl.parts"
    try:
        deadline = time.monotonic() + 300
        while (
            not (parts / "part-000000.parquet").exists()
            and proc.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # the test failed: leave nothing running
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    done = sorted(p.name for p in parts.glob("part-*.parquet"))
    assert 1 <= len(done) < 15  # stopped part-way, the finished chunks kept
    assert f"interrupted: {len(done)} finished chunk(s) are kept in scores.jsonl.parts" in stderr
    resume = shlex.join(["framing", *args, "--resume"])
    assert f"\n  {resume}\n" in stderr
    assert not (tmp_path / "scores.jsonl").exists()
    deadline = time.monotonic() + 15
    while running(group=proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running(group=proc.pid) == []  # no joblib worker left running

    resumed = subprocess.run(
        [*FRAMING, *shlex.split(resume)[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert not parts.exists()
    result = read_scores(tmp_path / "scores.jsonl")
    reference = score_corpus(tmp_path / "corpus.jsonl", chunk_size=2)
    assert result["id"].tolist() == reference["id"].tolist() == [r["id"] for r in rows]
    assert result["framing_score"].tolist() == reference["framing_score"].tolist()
    assert result["n_loaded_terms"].tolist() == reference["n_loaded_terms"].tolist()


# ---------------------------------------------------------------- corpus runs: output that cannot be written


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", short_articles(6, chars=300))


def _forbid_scoring(monkeypatch):
    def score_chunk(*args, **kwargs):
        raise AssertionError("articles were scored although the output cannot be written")

    monkeypatch.setattr(framing.corpus.engines, "score_chunk", score_chunk)


def _one_error_line(res: Result) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    return res.stderr


def test_output_folder_that_does_not_exist_fails_before_scoring(
    tmp_path, small_corpus, monkeypatch
):
    _forbid_scoring(monkeypatch)
    out = tmp_path / "no" / "such" / "scores.parquet"
    stderr = _one_error_line(_cli("score", str(small_corpus), "-o", str(out), "-q"))
    assert f"{out.parent}: output folder does not exist" in stderr
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: -1)() == 0, reason="root may write into any folder"
)
def test_unwritable_output_folder_fails_before_scoring(tmp_path, small_corpus, monkeypatch):
    _forbid_scoring(monkeypatch)
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        stderr = _one_error_line(
            _cli("score", str(small_corpus), "-o", str(folder / "scores.csv"), "-q")
        )
        assert f"{folder}: output folder is not writable" in stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_read_only_file_system_is_found_before_scoring(tmp_path, small_corpus, monkeypatch):
    """What os.access does not always see (a read-only mount, ACLs) the probe file finds; also as root."""
    _forbid_scoring(monkeypatch)

    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(framing.outputs.tempfile, "mkstemp", mkstemp)
    stderr = _one_error_line(
        _cli("score", str(small_corpus), "-o", str(tmp_path / "s.jsonl"), "-q")
    )
    assert f"{tmp_path}: cannot write in the output folder (Read-only file system)" in stderr
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]


def test_full_disk_is_found_before_scoring(tmp_path, small_corpus, monkeypatch):
    _forbid_scoring(monkeypatch)

    def fsync(fd):  # where a full disk shows up on file systems that allocate on write-back
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(
        InputError,
        match=re.escape(f"{tmp_path}: cannot write in the output folder (No space left on device)"),
    ):
        score_file(small_corpus, tmp_path / "scores.parquet")
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]  # no probe file, no parts


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_disk_full_mid_run_keeps_the_finished_parts_for_resume(
    tmp_path, small_corpus, monkeypatch, strict
):
    out = tmp_path / "scores.parquet"
    out.write_bytes(b"previous complete result")
    write_table, calls = pq.write_table, []

    def write_until_full(table, where, **kwargs):
        calls.append(where)
        if len(calls) == 3:  # the third part: half written, then the disk is full
            Path(where).write_bytes(b"PAR1 half a part")
            raise OSError(
                errno.ENOSPC,
                "Error writing bytes to file. Detail: [errno 28] No space left on device",
            )
        return write_table(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_until_full)
    with pytest.raises(InputError) as info:
        score_file(small_corpus, out, chunk_size=2, strict=strict)
    parts = Path(f"{out}.parts")
    assert str(info.value) == (
        f"{parts / 'part-000002.parquet'}: cannot write (No space left on device); the 2 finished chunk(s) "
        f"are kept in {parts}: run the same command again with --resume once that is fixed"
    )
    assert out.read_bytes() == b"previous complete result"  # never a partial final file
    assert sorted(p.name for p in parts.glob("*.parquet")) == [
        "part-000000.parquet",
        "part-000001.parquet",
    ]
    assert not list(parts.glob(".*"))  # the half-written part was removed

    monkeypatch.undo()
    summary = score_file(small_corpus, out, chunk_size=2, strict=strict, resume=True)
    assert summary.n_resumed_chunks == 2 and summary.n_articles == 6
    pd.testing.assert_frame_equal(pd.read_parquet(out), score_corpus(small_corpus, chunk_size=2))


def test_disk_full_while_assembling_keeps_the_parts_and_the_old_output(
    tmp_path, small_corpus, monkeypatch
):
    out = tmp_path / "scores.csv"
    out.write_text("previous complete result", encoding="utf-8")

    def write_text_rows(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(framing.tables.TableWriter, "_write_text_rows", write_text_rows)
    stderr = _one_error_line(
        _cli("score", str(small_corpus), "-o", str(out), "--chunk-size", "3", "-q")
    )
    assert (
        f"{out}: cannot write (No space left on device); the 2 finished chunk(s) are kept in "
        f"{out}.parts"
    ) in stderr and "--resume" in stderr
    assert out.read_text("utf-8") == "previous complete result"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    monkeypatch.undo()
    seen = []
    monkeypatch.setattr(
        framing.corpus.engines, "score_chunk", lambda *a: seen.append(a)
    )  # nothing left to score
    res = _cli("score", str(small_corpus), "-o", str(out), "--chunk-size", "3", "--resume", "-q")
    assert res.exit_code == 0, res.stderr
    assert seen == []
    assert pd.read_csv(out)["id"].tolist() == [
        json.loads(x)["id"] for x in small_corpus.read_text().splitlines()
    ]
