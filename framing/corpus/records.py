"""A corpus as a stream of articles to score: records with an id, an outlet, a text.

A corpus is a table file or folder (read by :mod:`framing.tables`), several of them
(:func:`open_files`), a DataFrame, a pandas Series of texts, or an iterable of texts or of
dicts. Every record gets a 1-based *record number* (its position among the corpus'
records: blank JSONL lines and the CSV header are not records). When the corpus has no id
(no id column, or an empty value) the id is ``"row-<record number>"``, which is stable as
long as the file is; in a folder of ``.txt`` files the id is the file's path relative to
the folder and the outlet its first subfolder.

Every input column but the text is kept by default (``ScoreOptions.keep_cols=None``):
:func:`open_corpus` resolves it to the input's columns (a CSV header, the keys of the first
JSON record, a DataFrame's or Parquet file's columns), less ``drop_cols``.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import ColumnWarning, InputError, option
from ..inputs import expand_sources
from ..tables import Record, Table, open_table
from .options import ScoreOptions

__all__ = ["Corpus", "open_corpus", "open_files", "expand_sources", "read_records"]


def record(
    number: int,
    line: int | None,
    obj: dict,
    opts: ScoreOptions,
    float_ids: bool = False,
    tabular: bool = False,
) -> dict:
    """A record from one input row (a mapping of column to value); ``keep`` holds the kept
    columns by input name. ``float_ids``: the id column is of a floating-point type (see
    :func:`clean_id`); ``tabular``: the row is one of a table with columns (CSV, TSV,
    Parquet, DataFrame), not a JSON record or a dict, whose keys vary.

    Without an id column (for a JSON record or dict: without the key, or with ``null``) the
    id is ``row-<record number>``. A row whose id column is there but holds no id (a blank
    string; in a table also an empty field, a null or NaN) is a bad record: no id is ever
    made up for it."""
    value = obj.get(opts.id_col)
    doc_id = clean_id(value, float_ids)
    if doc_id is None and (opts.id_col in obj if tabular else value is not None):
        return bad_record(number, line, f"missing id (column {opts.id_col!r} is empty)")
    return {
        "record": number,
        "line": line,
        "id": f"row-{number}" if doc_id is None else doc_id,
        "outlet": clean(obj.get(opts.outlet_col)),
        "text": obj.get(opts.text_col),
        "keep": {c: clean(obj.get(c)) for c in opts.keep_cols or ()},
        "error": None,
    }


def text_record(number: int, text: Any) -> dict:
    """A record of a bare text (an item of an iterable of str or of a Series)."""
    return {
        "record": number,
        "line": None,
        "id": f"row-{number}",
        "outlet": None,
        "text": text,
        "keep": {},
        "error": None,
    }


def bad_record(number: int, line: int | None, error: str, doc_id: str | None = None) -> dict:
    """A record that cannot be scored, with the reason; its id only when one was read (a
    ``row-N`` id would look like a row of the output; the record number names it)."""
    return {
        "record": number,
        "line": line,
        "id": doc_id,
        "outlet": None,
        "text": None,
        "keep": {},
        "error": error,
    }


def clean_id(value: Any, float_ids: bool = False) -> str | None:
    """An id as the exact string read (``1.0`` stays ``"1.0"``, `` 7`` keeps its space); a
    missing, blank or NaN id is None.

    With ``float_ids`` (the id column of a DataFrame or Parquet file is of a floating-point
    type, as pandas makes a column of whole numbers with a missing value) a whole number is
    written as an integer (``1.0`` is ``"1"``); no two ids of such a column can meet that
    way, as each is a number, not a string read."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and not math.isnan(value):
        if float_ids and value.is_integer():
            return str(int(value))
        return repr(float(value))
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


def _shown(columns: Sequence[str]) -> str:
    if not columns:
        return "none"
    return ", ".join(columns[:20]) + (", ..." if len(columns) > 20 else "")


def check_columns(name: str, columns: list[str], opts: ScoreOptions, what: str) -> None:
    """Refuse a corpus with duplicate column names, or that lacks the text column, a kept
    column or a column to drop."""
    dupes = [c for c, n in Counter(columns).items() if n > 1]
    if dupes:
        raise InputError(
            f"{name}: duplicate column name {dupes[0]!r} ({what}: {_shown(columns)}); "
            "every column needs its own name, or only one of them would be read"
        )
    if opts.text_col not in columns:
        raise InputError(
            f"{name}: no column {opts.text_col!r} ({what}: {_shown(columns)}); "
            f"choose the text column with {option('text_col')}"
        )
    for param, wanted in (("keep_cols", opts.keep_cols or ()), ("drop_cols", opts.drop_cols)):
        missing = [c for c in wanted if c not in columns]
        if missing:
            raise InputError(
                f"{name}: no column {missing[0]!r} ({what}: {_shown(columns)}) for {option(param)}"
            )


def keep_columns(opts: ScoreOptions, columns: list[str] | None) -> ScoreOptions:
    """``opts`` with ``keep_cols`` resolved: every column but the text column, the dropped
    ones, and the id and outlet columns when they are already named ``id`` and ``outlet``."""
    if opts.keep_cols is not None:
        return opts
    same = {("id", opts.id_col), ("outlet", opts.outlet_col)}
    keep = tuple(
        c
        for c in columns or ()
        if c != opts.text_col and c not in opts.drop_cols and (c, c) not in same
    )
    return replace(opts, keep_cols=keep)


def missing_column_warnings(name: str, columns: list[str] | None, opts: ScoreOptions) -> None:
    """Warn at once when the input has no id or no outlet column (``row-N`` ids, empty outlets)."""
    if columns is None:
        return
    for col, param, effect in (
        (opts.id_col, "id_col", "ids are row-<record number>"),
        (opts.outlet_col, "outlet_col", "outlets are empty"),
    ):
        if col not in columns:
            warnings.warn(
                f"{name}: no column {col!r} (columns: {_shown(columns)}): {effect}; "
                f"choose the column with {option(param)}",
                ColumnWarning,
                stacklevel=4,  # the caller of score_corpus / score_file (for them)
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
    """The articles of one or more inputs: :meth:`records` streams them as scoring records.

    ``tables`` are the :class:`~framing.tables.Table` objects of files or folders (``table``
    the only one, else None), empty for in-memory rows. ``columns`` are the input's columns
    when known (None for texts without columns); ``index`` the index of a pandas input.
    """

    def __init__(
        self,
        name: str,
        opts: ScoreOptions,
        tables: Sequence[Table] = (),
        rows: Any = None,
        columns: list[str] | None = None,
        index: pd.Index | None = None,
        keep_all: bool = False,
    ):
        self.name, self.opts, self.tables, self.rows = name, opts, list(tables), rows
        self.columns, self.index, self.keep_all = columns, index, keep_all
        #: Whether to warn about keys that later records add (set when scoring).
        self.warn = False
        self._current: tuple[int, Table] | None = None
        self._extra_warned = False

    @property
    def table(self) -> Table | None:
        """The input table, when the corpus is exactly one file or folder."""
        return self.tables[0] if len(self.tables) == 1 else None

    def records(self) -> Iterator[dict]:
        if not self.tables:
            yield from self._memory_records()
            return
        offset = 0
        for i, table in enumerate(self.tables):
            self._current = (i, table)
            number = offset
            for r in self._table_records(table, offset):
                number = r["record"]
                if len(self.tables) > 1:
                    r["input"] = table.name
                yield r
            offset = number
        self._current = None

    def _table_records(self, table: Table, offset: int = 0) -> Iterator[dict]:
        """The records of one table, numbered on from ``offset`` (the records before it)."""
        if table.format == "folder":
            for r in table.records():
                yield _from_text_file(replace(r, number=r.number + offset))
            return
        opts = self.opts

        def check(columns: list[str], what: str) -> None:
            if table.format not in ("jsonl", "json"):  # a JSON table's keys vary by record
                check_columns(
                    table.name, columns, replace(opts, keep_cols=None, drop_cols=()), what
                )

        known = set(self.columns or ())
        float_ids = table.format == "parquet" and _float_field(table.schema, opts.id_col)
        tabular = table.format not in ("jsonl", "json")
        for r in table.records(check=check, columns=opts.columns):
            number = r.number + offset
            if r.error is not None:  # the id, if the fields before the damage hold it
                yield bad_record(
                    number, r.line, r.error, clean_id(r.values.get(opts.id_col), float_ids)
                )
                continue
            if table.format in ("jsonl", "json"):
                self._warn_extra(r.values, known, table.name, r.line or r.number)
            yield record(number, r.line, r.values, opts, float_ids, tabular)

    def _warn_extra(self, obj: dict, known: set, name: str, where: int) -> None:
        """Warn once when a JSON record has keys the first record lacks (they are not kept)."""
        if self._extra_warned or not self.keep_all or not self.warn or not self.columns:
            return
        opts = self.opts
        extra = [
            str(k)
            for k in obj
            if str(k) not in known and k not in (opts.text_col, opts.id_col, opts.outlet_col)
        ]
        if extra:
            self._extra_warned = True
            warnings.warn(
                f"{name}: record at line {where} has key(s) the first record lacks "
                f"({_shown(extra)}); only the first record's keys are kept "
                "as columns",
                ColumnWarning,
                stacklevel=2,
            )

    def _memory_records(self) -> Iterator[dict]:
        rows: Iterable[Any] = self.rows
        float_ids = False
        tabular = isinstance(rows, pd.DataFrame)
        if tabular:
            ids = [c for c in rows.columns if str(c) == self.opts.id_col]
            float_ids = bool(ids) and pd.api.types.is_float_dtype(rows[ids[0]].dtype)
            rows = _frame_rows(rows)
        elif isinstance(rows, pd.Series):
            rows = rows.tolist()
        known = set(self.columns or ())
        for number, obj in enumerate(rows, 1):
            if isinstance(obj, str):
                yield text_record(number, obj)
            elif isinstance(obj, dict):
                if not all(isinstance(k, str) for k in obj):
                    obj = {str(k): v for k, v in obj.items()}
                self._warn_extra(obj, known, self.name, number)
                yield record(number, None, obj, self.opts, float_ids, tabular)
            elif obj is None or (isinstance(obj, float) and math.isnan(obj)):
                yield text_record(number, obj)  # a missing text: reported as such
            else:
                yield bad_record(
                    number, None, f"not a text (str) or a mapping but {type(obj).__name__}"
                )

    def fraction(self) -> float | None:
        """How far the input has been read (0..1), when that is known."""
        if self._current is None:
            return None
        i, table = self._current
        here = table.fraction()
        if len(self.tables) == 1 or here is None:
            return here
        sizes = [_size(t) for t in self.tables]
        total = sum(sizes) or 1
        return (sum(sizes[:i]) + here * sizes[i]) / total

    def fingerprint(self) -> dict[str, Any]:
        """What identifies the input for resuming a run."""
        if not self.tables:
            return {}
        if len(self.tables) == 1:
            return self.tables[0].fingerprint()
        return {"inputs": [t.fingerprint() for t in self.tables]}


def _float_field(schema: pa.Schema, name: str) -> bool:
    """Whether ``schema`` has a column ``name`` of a floating-point type."""
    i = schema.get_field_index(name)
    return i >= 0 and pa.types.is_floating(schema.field(i).type)


def _size(table: Table) -> int:
    try:
        return table.path.stat().st_size if table.path.is_file() else 1
    except OSError:
        return 1


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
    names = [str(c) for c in df.columns]
    for start in range(0, len(df), step):
        for values in df.iloc[start : start + step].itertuples(index=False, name=None):
            yield dict(zip(names, values, strict=True))


def _column_name(value: Any, param: str) -> str:
    """A column parameter as the name it is compared with (DataFrame labels are compared
    as text: ``text_col=0`` names the column ``0``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(
        f"{option(param)} must be a column name (str), not {type(value).__name__} {value!r}"
    )


def normalise(opts: ScoreOptions) -> ScoreOptions:
    """Options with every column name a str (checked once, with messages in the caller's
    terms)."""

    def names(values: Any, param: str) -> tuple[str, ...]:
        if isinstance(values, str):
            raise InputError(f"{option(param)} must be a list of column names, not one str")
        return tuple(_column_name(v, param) for v in values)

    return replace(
        opts,
        text_col=_column_name(opts.text_col, "text_col"),
        id_col=_column_name(opts.id_col, "id_col"),
        outlet_col=_column_name(opts.outlet_col, "outlet_col"),
        keep_cols=None if opts.keep_cols is None else names(opts.keep_cols, "keep_cols"),
        drop_cols=names(opts.drop_cols, "drop_cols"),
    )


#: JSON records whose keys make the columns of a JSON table.
JSON_PEEK = 100


def _first_columns(table: Table) -> tuple[list[str] | None, str]:
    """A table's columns and where they come from: its schema, its header, or the keys of
    its first :data:`JSON_PEEK` JSON records (in order of appearance); None when unknown."""
    if table.columns() is not None:
        return table.columns(), "columns"
    if table.format in ("jsonl", "json"):
        keys: dict[str, None] = {}
        records = table.records()
        try:
            for r in itertools.islice((r for r in records if r.error is None), JSON_PEEK):
                keys.update(dict.fromkeys(str(k) for k in r.values))
        finally:
            records.close()
        return (list(keys) if keys else None), f"keys of the first {JSON_PEEK} records"
    found: list[list[str]] = []

    class _Seen(Exception):
        pass

    def check(columns: list[str], _what: str) -> None:
        found.append(list(columns))
        raise _Seen

    records = table.records(check=check)
    try:
        for _ in records:
            break
    except _Seen:
        pass
    finally:
        records.close()
    return (found[0] if found else None), "header"


def _open_memory(source: Any, opts: ScoreOptions) -> Corpus:
    index = None
    if isinstance(source, pd.DataFrame):
        columns: list[str] | None = [str(c) for c in source.columns]
        index = source.index
    elif isinstance(source, pd.Series):
        return Corpus("<data>", replace(opts, keep_cols=()), rows=source, index=source.index)
    elif isinstance(source, dict) or isinstance(source, bytes):
        raise InputError(
            f"data must be a DataFrame, a Series or an iterable of texts or dicts, or a path; "
            f"not a {type(source).__name__}"
        )
    else:
        try:
            rows = iter(source)
        except TypeError:
            raise InputError(
                "data must be a DataFrame, a Series, an iterable of texts (str) or of dicts, "
                f"or a path; not a {type(source).__name__}"
            ) from None
        first = next(rows, None)
        source = itertools.chain([] if first is None else [first], rows)
        columns = [str(k) for k in first] if isinstance(first, dict) else None
    if columns is not None:
        check_columns("<data>", columns, opts, "columns")
    keep_all = opts.keep_cols is None
    opts = keep_columns(opts, columns)
    return Corpus("<data>", opts, rows=source, columns=columns, index=index, keep_all=keep_all)


def _open_table(
    path: Any, opts: ScoreOptions, encoding: str | None, chunk_size: int, quoting: str | None = None
):
    table = open_table(path, encoding=encoding, batch_size=chunk_size, quoting=quoting)
    columns, what = (None, "") if table.format == "folder" else _first_columns(table)
    if columns is not None:
        check_columns(table.name, columns, opts, what)
    if table.format == "parquet":
        kind = table.schema.field(opts.text_col).type  # type: ignore[attr-defined]
        if not is_text_type(kind):
            raise InputError(
                f"{table.path}: column {opts.text_col!r} holds {kind}, but the text column must be "
                f"of type string (UTF-8 text); choose the text column with {option('text_col')} "
                "or convert it to string"
            )
    return table, columns


def open_corpus(
    source: Any,
    opts: ScoreOptions,
    encoding: str | None = None,
    chunk_size: int = 1000,
    *,
    warn: bool = False,
    quoting: str | None = None,
) -> Corpus:
    """The corpus of a path (table file or folder), a DataFrame, a Series of texts, or an
    iterable of texts or dicts.

    The columns are checked at once (the text column, the kept and dropped ones, no
    duplicate names): a Parquet file's and a DataFrame's from their schema, a CSV's from
    its header, a JSON file's from its first record. With ``warn``, a missing id or outlet
    column is a :class:`~framing.errors.ColumnWarning`.
    """
    opts = normalise(opts)
    if isinstance(source, str) and not os.path.exists(source) and len(source.split()) > 3:
        raise InputError(
            f"a str is read as the path of a corpus, and there is no file {source[:40]!r}...; "
            "to score texts, pass a list of them (or a pandas Series)"
        )
    if not isinstance(source, str | os.PathLike):
        corpus = _open_memory(source, opts)
    else:
        table, columns = _open_table(source, opts, encoding, chunk_size, quoting)
        keep_all = opts.keep_cols is None
        corpus = Corpus(
            table.name, keep_columns(opts, columns), [table], columns=columns, keep_all=keep_all
        )
    if warn:
        missing_column_warnings(corpus.name, corpus.columns, opts)
        corpus.warn = True
    return corpus


def open_files(
    sources: Iterable[str | os.PathLike],
    opts: ScoreOptions,
    encoding: str | None = None,
    chunk_size: int = 1000,
    *,
    warn: bool = False,
    quoting: str | None = None,
) -> Corpus:
    """One corpus of several table files or folders (globs expanded), read one after the
    other: record numbers and ``row-N`` ids run on across them, each record names its
    ``input``, and the kept columns are those of all inputs (in order of appearance)."""
    paths = expand_sources(sources)
    if not paths:
        raise InputError("no input given")
    if len(paths) == 1:
        return open_corpus(paths[0], opts, encoding, chunk_size, warn=warn, quoting=quoting)
    opts = normalise(opts)
    tables: list[Table] = []
    columns: list[str] = []
    for p in paths:
        table, cols = _open_table(p, replace(opts, drop_cols=()), encoding, chunk_size, quoting)
        tables.append(table)
        if warn:
            missing_column_warnings(table.name, cols, opts)
        columns.extend(c for c in (cols or ("id", "outlet", "text")) if c not in columns)
    name = f"{tables[0].name} (+{len(tables) - 1} more)"
    check_columns(name, columns, replace(opts, keep_cols=()), "columns of the inputs")
    keep_all = opts.keep_cols is None
    corpus = Corpus(name, keep_columns(opts, columns), tables, columns=columns, keep_all=keep_all)
    corpus.warn = warn
    return corpus


def read_records(
    source: Any, options: ScoreOptions | None = None, *, encoding: str | None = None
) -> Iterator[dict]:
    """Stream a corpus as records (one dict per article, nothing scored).

    Parameters
    ----------
    source : path, DataFrame, Series, or iterable of texts or dicts
        A ``.csv``/``.tsv``/``.jsonl``/``.json`` file (optionally ``.gz``), a ``.parquet``
        file, a folder of ``.txt`` files, or in-memory rows.
    options : ScoreOptions, optional
        Column names; default ``text``/``id``/``outlet``, every other column kept.
    encoding : str, optional
        Text encoding of CSV/JSONL/.txt input (default UTF-8, BOM allowed).

    Yields
    ------
    dict
        ``record`` (1-based number), ``line`` (or None), ``id``, ``outlet``,
        ``text``, ``keep`` (kept columns by input name) and ``error`` (a reason the row
        cannot be scored, or None).
    """
    yield from open_corpus(source, options or ScoreOptions(), encoding, 1000).records()
