"""A corpus as a stream of articles to score: records with an id, an outlet, a text.

A corpus is a table file or folder (read by :mod:`framing.tables`), a DataFrame or an
iterable of dicts. Every record gets a 1-based *record number* (its position among the
corpus' records: blank JSONL lines and the CSV header are not records). When the corpus
has no id (no id column, or an empty value) the id is ``"row-<record number>"``, which is
stable as long as the file is; in a folder of ``.txt`` files the id is the file's path
relative to the folder and the outlet its first subfolder.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import InputError
from ..tables import Record, Table, open_table
from .options import ScoreOptions

__all__ = ["Corpus", "open_corpus", "read_records"]


def record(number: int, line: int | None, obj: dict, opts: ScoreOptions) -> dict:
    """A record from one input row (a mapping of column to value)."""
    doc_id = clean_id(obj.get(opts.id_col))
    return {
        "record": number,
        "line": line,
        "id": f"row-{number}" if doc_id is None else doc_id,
        "outlet": clean(obj.get(opts.outlet_col)),
        "text": obj.get(opts.text_col),
        "keep": {c: clean(obj.get(c)) for c in opts.keep_cols},
        "error": None,
    }


def bad_record(number: int, line: int | None, error: str, doc_id: str | None = None) -> dict:
    """A record that cannot be scored, with the reason."""
    return {
        "record": number,
        "line": line,
        "id": doc_id or f"row-{number}",
        "outlet": None,
        "text": None,
        "keep": {},
        "error": error,
    }


def clean_id(value: Any) -> str | None:
    """An id as the exact string read (``1.0`` stays ``"1.0"``, `` 7`` keeps its space); a
    missing, blank or NaN id is None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and not math.isnan(value):
        return repr(value)
    return clean(value)


def clean(value: Any) -> str | None:
    """An id/outlet/kept value as text; missing, empty and NaN become None."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def check_columns(name: str, columns: list[str], opts: ScoreOptions, what: str) -> None:
    """Refuse a corpus that lacks the text column or a kept column."""
    missing = [c for c in (opts.text_col, *opts.keep_cols) if c not in columns]
    if missing:
        shown = ", ".join(columns[:20]) + (", ..." if len(columns) > 20 else "")
        raise InputError(
            f"{name}: no column {missing[0]!r} ({what}: {shown}); choose the text column with --text-col"
        )


def is_text_type(kind: pa.DataType) -> bool:
    """Whether a Parquet column of this type holds text (or only nulls, each a missing text)."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    is_view = getattr(pa.types, "is_string_view", lambda _: False)
    return (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or is_view(kind)
        or pa.types.is_null(kind)
    )


class Corpus:
    """The articles of one input: :meth:`records` streams them as scoring records.

    ``table`` is the :class:`~framing.tables.Table` of a file or folder, or None for
    in-memory rows.
    """

    def __init__(self, name: str, opts: ScoreOptions, table: Table | None = None, rows: Any = None):
        self.name, self.opts, self.table, self.rows = name, opts, table, rows

    def records(self) -> Iterator[dict]:
        if self.table is None:
            yield from self._memory_records()
            return
        if self.table.format == "folder":
            yield from (_from_text_file(r) for r in self.table.records())
            return
        opts = self.opts

        def check(columns: list[str], what: str) -> None:
            check_columns(self.name, columns, opts, what)

        for r in self.table.records(check=check, columns=opts.columns):
            if r.error is None:
                yield record(r.number, r.line, r.values, opts)
            else:
                yield bad_record(r.number, r.line, r.error)

    def _memory_records(self) -> Iterator[dict]:
        rows: Iterable[Any]
        rows = _frame_rows(self.rows) if isinstance(self.rows, pd.DataFrame) else self.rows
        for number, obj in enumerate(rows, 1):
            if not isinstance(obj, dict):
                yield bad_record(number, None, f"not a mapping but {type(obj).__name__}")
                continue
            yield record(number, None, obj, self.opts)

    def fraction(self) -> float | None:
        """How far the input has been read (0..1), when that is known."""
        return None if self.table is None else self.table.fraction()

    def fingerprint(self) -> dict[str, Any]:
        """What identifies the input for resuming a run."""
        return {} if self.table is None else self.table.fingerprint()


def _from_text_file(r: Record) -> dict:
    """A record of a folder of .txt files: id, outlet and text whatever the options say."""
    if r.error is not None:
        return bad_record(r.number, None, r.error, r.values["id"])
    return {
        "record": r.number,
        "line": None,
        "id": r.values["id"],
        "outlet": r.values["outlet"],
        "text": r.values["text"],
        "keep": {},
        "error": None,
    }


def _frame_rows(df: pd.DataFrame, step: int = 1000) -> Iterator[dict]:
    for start in range(0, len(df), step):
        yield from df.iloc[start : start + step].to_dict("records")


def open_corpus(
    source: Any,
    opts: ScoreOptions,
    encoding: str | None = None,
    chunk_size: int = 1000,
    quoting: str | None = None,
) -> Corpus:
    """The corpus of a path (table file or folder), a DataFrame or an iterable of dicts.

    A Parquet file is checked at once: it must have the text column (of type string) and
    the kept columns; other formats are checked as their header or first record is read.
    """
    if not isinstance(source, str | os.PathLike):
        if isinstance(source, pd.DataFrame):
            check_columns("<data>", [str(c) for c in source.columns], opts, "columns")
        return Corpus("<data>", opts, rows=source)
    table = open_table(source, encoding=encoding, batch_size=chunk_size, quoting=quoting)
    if table.format == "parquet":
        check_columns(table.name, table.columns() or [], opts, "columns")
        kind = table.schema.field(opts.text_col).type  # type: ignore[attr-defined]
        if not is_text_type(kind):
            raise InputError(
                f"{table.path}: column {opts.text_col!r} holds {kind}, but the text column must be of type "
                "string (UTF-8 text); choose the text column with --text-col or convert it to string"
            )
    return Corpus(table.name, opts, table=table)


def read_records(
    source: Any, options: ScoreOptions | None = None, *, encoding: str | None = None
) -> Iterator[dict]:
    """Stream a corpus as records (one dict per article, nothing scored).

    Parameters
    ----------
    source : path, DataFrame or iterable of dicts
        A ``.csv``/``.tsv``/``.jsonl``/``.json`` file (optionally ``.gz``), a ``.parquet``
        file, a folder of ``.txt`` files, or in-memory rows.
    options : ScoreOptions, optional
        Column names; default ``text``/``id``/``outlet``.
    encoding : str, optional
        Text encoding of CSV/JSONL/.txt input (default UTF-8, BOM allowed).

    Yields
    ------
    dict
        ``record`` (1-based number), ``line`` (or None), ``id``, ``outlet``,
        ``text``, ``keep`` (kept columns) and ``error`` (a reason the row
        cannot be scored, or None).
    """
    yield from open_corpus(source, options or ScoreOptions(), encoding, 1000).records()
