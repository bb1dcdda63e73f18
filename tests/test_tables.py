"""The one table reader and writer (framing.tables): formats, record and line numbers,
damaged files, and round trips of what the writer writes."""

from __future__ import annotations

import errno
import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import InputError
from framing.tables import TableWriter, open_table, read_frame, table_format, write_table

ROWS = [
    {"id": "a1", "text": 'He said: "No, never."\nThen he left.', "score": 0.25},
    {"id": "a2", "text": "Plain, short; with commas", "score": 1.0},
]


def _records(path: Path, **kw) -> list:
    return list(open_table(path, **kw).records())


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet", ".csv.gz", ".jsonl.gz"])
def test_what_the_writer_writes_the_reader_reads(tmp_path, suffix):
    path = tmp_path / f"t{suffix.removesuffix('.gz')}"
    write_table(path, pd.DataFrame(ROWS))
    if suffix.endswith(".gz"):
        gz = tmp_path / f"t{suffix}"
        gz.write_bytes(gzip.compress(path.read_bytes()))
        path = gz
    df, bad = read_frame(path, text_columns=("id", "text"))
    assert bad == []
    assert df.to_dict("records") == ROWS
    assert df.attrs["records"] == [1, 2]


def test_line_numbers_count_physical_lines(tmp_path):
    path = tmp_path / "t.csv"
    write_table(path, pd.DataFrame(ROWS))
    assert [(r.number, r.line) for r in _records(path)] == [(1, 2), (2, 4)]  # a1 spans lines 2-3
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    assert [(r.number, r.line) for r in _records(jsonl)] == [(1, 1), (2, 3)]


def test_json_is_an_array_or_json_lines_by_its_first_character(tmp_path):
    array = tmp_path / "a.json"
    array.write_text(json.dumps(ROWS), encoding="utf-8")
    lines = tmp_path / "l.json"
    lines.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    assert open_table(array).format == "json" and open_table(lines).format == "jsonl"
    assert [r.values for r in _records(array)] == [r.values for r in _records(lines)] == ROWS
    assert [r.line for r in _records(array)] == [None, None]


def test_a_spreadsheet_csv_with_semicolons(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("text;label\nOne, two.;1\nThree.;0\n", encoding="utf-8-sig")
    df, _ = read_frame(path)
    assert df.to_dict("records") == [
        {"text": "One, two.", "label": 1},
        {"text": "Three.", "label": 0},
    ]


def test_csv_numbers_become_numbers_unless_named_text(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,outlet,n\n1,,2\n2,X,3\n", encoding="utf-8")
    df, _ = read_frame(path, text_columns=("id", "outlet"))
    assert df["id"].tolist() == ["1", "2"] and df["n"].tolist() == [2, 3]
    assert df["outlet"].tolist() == ["", "X"]


def test_bad_records_are_returned_with_their_reason_and_the_rest_are_read(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "a"}\n{"text": \n[1]\n{"text": "b"}\n', encoding="utf-8")
    records = _records(path)
    assert [r.values.get("text") for r in records if r.error is None] == ["a", "b"]
    assert [(r.number, r.line, r.error.split(":")[0]) for r in records if r.error] == [
        (2, 2, "invalid JSON"),
        (3, 3, "not a JSON object but list"),
    ]
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("text,label\na,1\nb,0,extra\n", encoding="utf-8")
    (bad,) = [r for r in _records(csv_path) if r.error]
    assert (bad.number, bad.line, bad.error) == (2, 3, "has 3 fields; the header has 2")


def test_a_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    path = tmp_path / "t.jsonl.gz"
    data = gzip.compress(
        "".join(json.dumps({"text": f"row {i}"}) + "\n" for i in range(500)).encode()
    )
    path.write_bytes(data[: len(data) // 2])
    records = _records(path)
    assert records[-1].error and "truncated" in records[-1].error
    good = [r for r in records if r.error is None]
    assert good and [r.values["text"] for r in good] == [f"row {i}" for i in range(len(good))]


def test_unknown_formats_and_missing_files_name_the_path(tmp_path):
    odd = tmp_path / "x.xlsx"
    odd.write_bytes(b"x")
    with pytest.raises(InputError, match="x.xlsx: unknown table format"):
        table_format(odd)
    with pytest.raises(InputError, match="missing.csv: no such file"):
        open_table(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="unknown output format"):
        write_table(tmp_path / "out.xlsx", pd.DataFrame(ROWS))


def test_the_writer_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes(b"old")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(TableWriter, "_write_text_rows", full_disk)
    with pytest.raises(InputError, match="t.csv: cannot write .No space left on device"):
        write_table(path, pd.DataFrame(ROWS))
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["t.csv"]
    write_table(path, pa.Table.from_pylist(ROWS))
    assert read_frame(path, text_columns=("id", "text"))[0].to_dict("records") == ROWS


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(cells, cells), min_size=1, max_size=8),
    st.sampled_from(["csv", "tsv", "jsonl", "parquet"]),
)
def test_any_text_round_trips(tmp_path, rows, fmt):
    frame = pd.DataFrame([{"a": a, "b": b} for a, b in rows])
    path = tmp_path / f"r.{fmt}"
    write_table(path, frame)
    back, bad = read_frame(path, text_columns=("a", "b"))
    assert bad == []
    assert back.to_dict("records") == frame.to_dict("records")
