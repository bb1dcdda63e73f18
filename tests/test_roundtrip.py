"""Property tests of the table reader and writer: whatever the text (quotes, line breaks,
byte-order marks, separators), what framing writes it reads back, and every physical line of
a hostile CSV/TSV ends up in exactly one row or error."""

from __future__ import annotations

import io
import json

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.tables import _DelimitedParser, open_table, read_frame, write_table

HOSTILE = st.lists(
    st.sampled_from(
        ['"', "'", ",", ";", "\t", "\n", "\r", "\r\n", "\ufeff", "“", "”", " ", "a", "=", "é", "\\"]
    ),
    max_size=30,
).map("".join)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    st.lists(st.tuples(HOSTILE, HOSTILE), min_size=1, max_size=8),
    st.sampled_from(["csv", "tsv", "jsonl"]),
)
def test_what_is_written_is_read_back_row_for_row(tmp_path_factory, rows, fmt):
    path = tmp_path_factory.mktemp("rt") / f"t.{fmt}"
    df = pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(len(rows))],
            "a": [a for a, _ in rows],
            "text": [t for _, t in rows],
        }
    )
    write_table(path, df)
    back, bad = read_frame(path, text_columns=("id", "a", "text"))
    assert bad == []
    expected = df.copy()
    if fmt != "jsonl":  # a CSV cell has no "missing": an empty cell reads as empty text
        back = back.fillna("")
    assert back.to_dict("records") == expected.to_dict("records")


@SETTINGS
@given(
    st.lists(HOSTILE, min_size=1, max_size=12),
    st.sampled_from([",", "\t"]),
    st.sampled_from(["csv", "auto", "none"]),
)
@example(['"', '"\t"'], "\t", "auto")  # a broken field after a field spanning two lines
def test_every_physical_line_is_in_exactly_one_row(lines, delimiter, quoting):
    text = "".join(line.replace("\r", "").replace("\n", "") + "\n" for line in lines)
    text = text.replace("\x00", "")
    physical = io.StringIO(text, newline="").readlines()
    rows = list(_DelimitedParser(iter(physical), delimiter, quoting))
    assert sum(r.n_lines for r in rows) == len(physical)
    line = 1
    for r in rows:
        assert r.line == line  # rows follow each other: no line skipped or read twice
        line += r.n_lines
        if r.fields is not None:
            breaks = sum(f.count("\n") for f in r.fields)
            assert breaks == r.n_lines - 1


@SETTINGS
@given(st.lists(HOSTILE, min_size=1, max_size=10))
def test_a_hostile_csv_gives_one_record_per_row_numbered_in_order(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("h") / "t.csv"
    body = "".join(c.replace("\n", " ").replace("\r", " ") + "\n" for c in cells)
    path.write_text("id,text\n" + body, encoding="utf-8")
    records = list(open_table(path).records())
    assert [r.number for r in records] == list(range(1, len(records) + 1))
    assert all(r.error or set(r.values) == {"id", "text"} for r in records)
    starts = [r.line for r in records]
    assert starts == sorted(set(starts))


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["id", "text", "x"]), HOSTILE), max_size=6))
def test_jsonl_lines_round_trip_and_bad_lines_are_errors(tmp_path_factory, objs):
    path = tmp_path_factory.mktemp("j") / "t.jsonl"
    lines = [json.dumps(o, ensure_ascii=False) for o in objs] + ["{not json"]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    records = list(open_table(path).records())
    assert [r.values for r in records[:-1]] == objs
    assert records[-1].error and records[-1].line == len(lines)
