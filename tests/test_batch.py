"""Batch scoring: readers, ids, bad rows, strict mode, atomic output, resume, CLI, Dask."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import framing
import framing.corpus.engines
import framing.tables
from framing.cli import main
from framing.corpus import ScoreOptions, read_records, score_corpus, score_file
from framing.errors import ColumnWarning, InputError
from tests.helpers import write_jsonl

N = 8  # articles used in most tests


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, articles) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", articles)


@pytest.fixture(scope="module")
def reference(corpus) -> pd.DataFrame:
    """An uninterrupted single-process run over the corpus."""
    return score_corpus(corpus, chunk_size=3)


# ---------------------------------------------------------------- readers


def test_every_format_reads_the_same_records(tmp_path, articles):
    df = pd.DataFrame(articles)
    paths = [
        write_jsonl(tmp_path / "c.jsonl", articles),
        write_jsonl(tmp_path / "c.jsonl.gz", articles, gz=True),
        tmp_path / "c.csv",
        tmp_path / "c.tsv",
        tmp_path / "c.parquet",
    ]
    df.to_csv(paths[2], index=False)
    df.to_csv(paths[3], index=False, sep="\t")
    df.to_parquet(paths[4])
    expected = [(a["id"], a["outlet"], a["text"]) for a in articles]
    for p in paths:
        got = [(r["id"], r["outlet"], r["text"]) for r in read_records(p)]
        assert got == expected, p.name
        assert all(r["error"] is None for r in read_records(p))
    # in-memory rows: a DataFrame and a list of dicts
    assert [(r["id"], r["outlet"], r["text"]) for r in read_records(df)] == expected
    assert [(r["id"], r["outlet"], r["text"]) for r in read_records(articles)] == expected


def test_text_folder_ids_are_relative_paths_and_outlet_is_the_subfolder(tmp_path, articles):
    for i, a in enumerate(articles[:3]):
        folder = tmp_path / ("Reuters" if i else "")
        folder.mkdir(exist_ok=True)
        (folder / f"a{i}.txt").write_text(a["text"], encoding="utf-8")
    records = list(read_records(tmp_path))
    assert [(r["id"], r["outlet"]) for r in records] == [
        ("Reuters/a1.txt", "Reuters"),
        ("Reuters/a2.txt", "Reuters"),
        ("a0.txt", None),
    ]
    assert records[2]["text"] == articles[0]["text"]


def test_csv_line_numbers_count_physical_lines_of_multiline_fields(tmp_path):
    p = tmp_path / "m.csv"
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerow(["a", "First line.\nSecond line.\nThird line."])
        w.writerow(["b", "One line."])
    assert [(r["id"], r["line"]) for r in read_records(p)] == [("a", 2), ("b", 5)]


def test_generated_ids_are_record_numbers_and_stable(tmp_path, articles):
    rows = [{"outlet": a["outlet"], "text": a["text"]} for a in articles[:4]]
    rows[2]["id"] = "kept"
    p = write_jsonl(
        tmp_path / "noid.jsonl", rows[:2] + [""] + rows[2:]
    )  # a blank line is no record
    first = [r["id"] for r in read_records(p)]
    assert first == ["row-1", "row-2", "kept", "row-4"]
    assert [r["id"] for r in read_records(p)] == first
    assert [r["line"] for r in read_records(p)] == [1, 2, 4, 5]


def test_missing_text_column_is_a_clear_error(corpus):
    with pytest.raises(InputError, match="no column 'body'.*text_col="):
        list(read_records(corpus, ScoreOptions(text_col="body")))


def test_unknown_format_is_refused(tmp_path):
    p = tmp_path / "c.xlsx"
    p.write_bytes(b"x")
    with pytest.raises(InputError, match="unknown table format"):
        list(read_records(p))


# ---------------------------------------------------------------- scoring and output


def test_rows_carry_the_contract_columns(reference, articles):
    assert reference["id"].tolist() == [a["id"] for a in articles]
    for col in [
        "id",
        "outlet",
        "framing_score",
        "loaded_language",
        "biased_sentences",
        "attribution",
        "unattributed_claims",
        "n_sentences",
        "n_words",
        "loaded_terms_per_1k_words",
        "n_attributions",
        "top_terms",
        "share_source_official",
        "share_stance_doubt",
        "unattributed_share",
        "term_counts",
        "naming_counts",
    ]:
        assert col in reference.columns, col
    a = framing.analyze(articles[1]["text"], outlet=articles[1]["outlet"], id=articles[1]["id"])
    row = reference.iloc[1]
    assert row["framing_score"] == a.framing_score
    assert row["n_words"] == a.n_words
    counts = json.loads(row["term_counts"])
    assert sum(counts.values()) == len(a.loaded_terms) == row["n_loaded_terms"]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_score_file_writes_each_format(tmp_path, corpus, reference, suffix):
    out = tmp_path / f"scores{suffix}"
    summary = score_file(corpus, out, chunk_size=3, details=True)
    assert summary.n_articles == N and summary.n_errors == 0 and summary.errors_path is None
    assert not Path(f"{out}.parts").exists()
    back = framing.compare.read_scores(out)
    assert back["id"].tolist() == reference["id"].tolist()
    assert back["framing_score"].tolist() == pytest.approx(reference["framing_score"].tolist())
    analysis = back["analysis"].iloc[0]
    analysis = analysis if isinstance(analysis, dict) else json.loads(analysis)
    assert analysis["id"] == reference["id"].iloc[0] and "loaded_terms" in analysis


def test_parquet_output_equals_score_corpus(tmp_path, corpus, reference):
    out = tmp_path / "s.parquet"
    score_file(corpus, out, chunk_size=3)
    pd.testing.assert_frame_equal(pd.read_parquet(out), reference)


def test_parquet_output_row_groups_do_not_grow_with_the_number_of_chunks(
    tmp_path, corpus, reference, monkeypatch
):
    # one row group per chunk would make the footer, and the writer's memory, grow with the corpus
    out = tmp_path / "s.parquet"
    score_file(corpus, out, chunk_size=1)
    assert pq.ParquetFile(out).metadata.num_row_groups == 1
    pd.testing.assert_frame_equal(pd.read_parquet(out), reference)
    monkeypatch.setattr(framing.tables, "ROW_GROUP_BYTES", 1)  # each part fills a row group
    score_file(corpus, out, chunk_size=3)
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    pd.testing.assert_frame_equal(pd.read_parquet(out), reference)


def test_bad_rows_are_skipped_counted_and_listed(tmp_path, articles):
    lines = [
        json.dumps(articles[0]),
        '{"id": "broken", "text": ',  # invalid JSON
        json.dumps({"id": "no-text", "outlet": "X"}),
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps(articles[1]),
    ]
    p = tmp_path / "bad.jsonl"
    data = ("\n".join(lines) + "\n").encode("utf-8")
    data += b'{"id": "latin1", "text": "Caf\xe9 owners said the regime was brutal."}\n'
    p.write_bytes(data)
    out = tmp_path / "bad.csv"
    summary = score_file(p, out, chunk_size=2)
    assert summary.n_articles == 2 and summary.n_errors == 5
    assert pd.read_csv(out)["id"].tolist() == [articles[0]["id"], articles[1]["id"]]
    errors = [json.loads(x) for x in Path(f"{out}.errors.jsonl").read_text().splitlines()]
    assert [(e["line"], e["id"]) for e in errors] == [
        (2, None),  # invalid JSON: no id could be read
        (3, "no-text"),
        (4, "number"),
        (5, "blank"),
        (7, "latin1"),
    ]
    reasons = [e["error"] for e in errors]
    assert reasons[0].startswith("invalid JSON")
    assert reasons[1:4] == ["missing text", "text is a int, not a string", "empty text"]
    assert "undecodable" in reasons[4]
    # the right encoding makes the last row readable
    summary = score_file(p, tmp_path / "latin.csv", chunk_size=2, encoding="latin-1")
    assert summary.n_errors == 4


def test_csv_row_with_wrong_field_count_is_reported(tmp_path, articles):
    p = tmp_path / "c.csv"
    text = " ".join(articles[0]["text"][:300].replace('"', "'").split())
    p.write_text(f'id,text\na,"{text}"\nb,x,y\n', encoding="utf-8")
    with pytest.warns(UserWarning, match="1 row"), pytest.warns(ColumnWarning, match="outlet"):
        df = score_corpus(p)
    assert df["id"].tolist() == ["a"]
    assert df.attrs["errors"] == [
        {"record": 2, "line": 3, "id": None, "error": "has 3 fields; the header has 2"}
    ]


def test_strict_fails_on_the_first_bad_row_and_leaves_nothing(tmp_path, articles):
    p = write_jsonl(tmp_path / "c.jsonl", [articles[0], {"id": "x", "text": None}, articles[1]])
    out = tmp_path / "out.parquet"
    with pytest.raises(InputError, match=r"record 2 \(line 2, id x\): missing text"):
        score_file(p, out, chunk_size=1, strict=True)
    assert not out.exists() and not Path(f"{out}.parts").exists()
    with pytest.raises(InputError, match="missing text"):
        score_corpus(p, strict=True)


class _Crash(Exception):
    pass


def _crash_after(k: int):
    def on_chunk(index, n_rows, errors):
        if index + 1 >= k:
            raise _Crash(f"simulated crash after chunk {index}")

    return on_chunk


def test_interrupted_run_leaves_old_output_alone_and_resume_completes(tmp_path, corpus, reference):
    out = tmp_path / "s.parquet"
    out.write_text("previous complete result")
    with pytest.raises(_Crash):
        score_file(corpus, out, chunk_size=2, on_chunk=_crash_after(2))
    assert out.read_text() == "previous complete result"  # never a partial final file
    parts = Path(f"{out}.parts")
    assert sorted(p.name for p in parts.glob("part-*.parquet")) == [
        "part-000000.parquet",
        "part-000001.parquet",
    ]
    with pytest.raises(InputError, match="--resume"):
        score_file(corpus, out, chunk_size=2)
    with pytest.raises(InputError, match="chunk_size changed"):
        score_file(corpus, out, chunk_size=3, resume=True)
    seen = []
    summary = score_file(
        corpus, out, chunk_size=2, resume=True, on_chunk=lambda i, n, e: seen.append(i)
    )
    assert seen == [2, 3] and summary.n_resumed_chunks == 2 and summary.n_articles == N
    result = pd.read_parquet(out)
    assert result["id"].is_unique
    pd.testing.assert_frame_equal(result, reference)
    assert not parts.exists()


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [0, 1, 2])
def test_kill_9_then_resume_gives_the_same_rows(tmp_path, corpus, reference, kill_at):
    out = tmp_path / "killed.jsonl"
    script = textwrap.dedent(f"""
        import os, signal
        from framing.corpus import score_file
        def on_chunk(index, n_rows, errors):
            if index == {kill_at}:
                os.kill(os.getpid(), signal.SIGKILL)
        score_file({str(corpus)!r}, {str(out)!r}, chunk_size=2, n_jobs=1, on_chunk=on_chunk)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    assert not out.exists()
    summary = score_file(corpus, out, chunk_size=2, resume=True)
    assert summary.n_resumed_chunks == kill_at + 1
    result = framing.compare.read_scores(out)
    assert result["id"].tolist() == reference["id"].tolist()
    assert result["framing_score"].tolist() == reference["framing_score"].tolist()
    assert result["n_loaded_terms"].tolist() == reference["n_loaded_terms"].tolist()


@pytest.mark.slow
def test_two_jobs_give_the_same_rows_as_one(corpus, reference):
    pd.testing.assert_frame_equal(score_corpus(corpus, n_jobs=2, chunk_size=2), reference)


# ---------------------------------------------------------------- CLI


def test_cli_score_and_errors(tmp_path, corpus, reference):
    out = tmp_path / "s.csv"
    runner = CliRunner()
    result = runner.invoke(
        main, ["score", str(corpus), "-o", str(out), "--chunk-size", "4", "--keep-col", "topic"]
    )
    assert result.exit_code == 0, result.output
    assert f"{N} articles scored, 0 failed" in result.stderr
    assert "--keep-col is deprecated" in result.stderr
    df = pd.read_csv(out)
    assert df["id"].tolist() == reference["id"].tolist() and "topic" in df.columns
    result = runner.invoke(main, ["score", str(tmp_path / "missing.csv"), "-o", str(out), "-q"])
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(main, ["score", str(corpus), "-o", str(tmp_path / "s.xlsx"), "-q"])
    assert result.exit_code == 1 and "unknown output format" in result.stderr


# ---------------------------------------------------------------- Dask


def test_dask_engine_matches_local_engine(tmp_path, articles, monkeypatch):
    pytest.importorskip(
        "dask.dataframe", reason="dask is an optional extra: pip install 'framing-lens[dask]'"
    )
    distributed = pytest.importorskip(
        "distributed", reason="needs dask.distributed (framing-lens[dask])"
    )
    rows = [dict(a) for a in articles]
    for r in rows[::3]:
        del r["id"]  # generated ids must agree across engines
    rows[4]["text"] = None  # and so must the skipped rows
    p = write_jsonl(tmp_path / "c.jsonl", rows)
    local = tmp_path / "local.parquet"
    score_file(p, local, chunk_size=3)
    monkeypatch.setattr(
        framing.corpus.engines, "DASK_BYTES_PER_ARTICLE", 1000
    )  # several partitions
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        summary = score_file(
            p,
            tmp_path / "dask.parquet",
            chunk_size=1,
            engine="dask",
            scheduler=cluster.scheduler_address,
        )
    assert summary.n_chunks > 1  # partitioned input
    a, b = pd.read_parquet(local), pd.read_parquet(tmp_path / "dask.parquet")
    pd.testing.assert_frame_equal(a, b)
    errors = [
        json.loads(x)
        for x in Path(f"{tmp_path / 'dask.parquet'}.errors.jsonl").read_text().splitlines()
    ]
    assert [(e["record"], e["error"]) for e in errors] == [(5, "missing text")]


def test_dask_engine_refuses_text_folders(tmp_path):
    pytest.importorskip("distributed", reason="needs dask.distributed (framing-lens[dask])")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The regime said so.", encoding="utf-8")
    with pytest.raises(InputError, match="local engine"):
        score_file(
            tmp_path / "in", tmp_path / "o.parquet", engine="dask", scheduler="inproc://none"
        )
    assert not os.path.exists(tmp_path / "o.parquet.parts")


def test_resume_refuses_when_the_lexicon_file_changed(tmp_path, corpus):
    lex = tmp_path / "mine.tsv"
    lex.write_text("term\tcategory\nbudget hawks\tlabel\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    with pytest.raises(_Crash):
        score_file(corpus, out, chunk_size=2, lexicon=str(lex), on_chunk=_crash_after(1))
    lex.write_text("term\tcategory\nbudget doves\tlabel\n", encoding="utf-8")
    with pytest.raises(InputError, match="options changed"):
        score_file(corpus, out, chunk_size=2, lexicon=str(lex), resume=True)


def test_unknown_encoding_is_refused_for_every_input_kind(tmp_path, corpus):
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "a.txt").write_text("Militants attacked the town.", encoding="utf-8")
    for source in (corpus, folder):
        with pytest.raises(InputError, match="unknown encoding"):
            score_file(source, tmp_path / "out.csv", encoding="no-such-codec")
