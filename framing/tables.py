"""Tables in and out: the one reader and the one writer of every table framing handles.

Reading (:func:`open_table`, :func:`read_frame`)
    CSV, TSV, JSON Lines (``.jsonl``/``.ndjson``), a JSON array (``.json`` whose first
    character is ``[``; any other ``.json`` is read as JSON Lines), each optionally
    ``.gz``; Parquet; and a folder of ``.txt`` files (columns ``id``: the path relative to
    the folder, ``outlet``: the first subfolder, ``text``). A table is streamed as
    :class:`Record` objects with a 1-based record number and, in text formats, the line
    where the record starts. A record that cannot be read (invalid JSON, a CSV row with
    the wrong number of fields) comes with its ``error`` instead of values, so a caller
    can list it and go on; a file that breaks off (a truncated gzip, a damaged Parquet
    page, a disk error) ends with one such record for the damage, after the records read
    before it. A file that cannot be read at all is an :class:`~framing.errors.InputError`
    naming it. Text is UTF-8 (a byte-order mark is allowed) unless an encoding is given;
    undecodable bytes are kept as surrogates (``\\udc80``-``\\udcff``), so that one bad row
    does not stop a run, and a UTF-16/32 byte-order mark without an encoding is refused.
    A ``.csv`` whose header has semicolons but no comma (a spreadsheet in a locale with
    decimal commas) is read with ``;``.

Writing (:func:`open_table_writer`, :func:`write_table`)
    CSV, TSV, JSON Lines and Parquet, chosen by suffix, always atomically (through
    :mod:`framing.outputs`). Parquet is written in row groups of about
    :data:`ROW_GROUP_BYTES`.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import itertools
import json
import math
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .inputs import check_bom, check_encoding, decode_bytes
from .outputs import atomic_path, register_input

__all__ = [
    "Record",
    "Table",
    "TextTable",
    "DelimitedTable",
    "JsonLinesTable",
    "JsonArrayTable",
    "ParquetTable",
    "TextFolderTable",
    "table_format",
    "open_table",
    "read_frame",
    "output_format",
    "TableWriter",
    "open_table_writer",
    "write_table",
    "ROW_GROUP_BYTES",
]

#: Input formats by suffix (after removing ``.gz``); a folder is ``"folder"``.
INPUT_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: Output formats by suffix.
OUTPUT_FORMATS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Bytes of rows (in memory) per row group of a Parquet output.
ROW_GROUP_BYTES = 32 << 20

#: Called with the column names and what they come from ("header", "columns", "keys of the
#: first record") as soon as a table knows them, before its first record.
ColumnCheck = Callable[[list[str], str], None]


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a table.

    Attributes
    ----------
    number : int
        1-based position among the table's records (a CSV header and blank JSONL lines
        are not records).
    line : int or None
        1-based line of the file where the record starts (text formats), else None.
    values : dict
        Column -> value (text in CSV/TSV; JSON types in JSON; Arrow's in Parquet). Empty,
        or partial (a text file's ``id``), when the record cannot be read.
    error : str or None
        Why the record cannot be read, or None.
    """

    number: int
    line: int | None
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line (Arrow's span several)."""
    return " ".join(str(exc).split())


def table_format(path: str | os.PathLike) -> str:
    """The input format of a file or folder: a value of :data:`INPUT_FORMATS` or ``"folder"``.

    Raises
    ------
    InputError
        For a missing path or an unknown suffix.
    """
    p = Path(path)
    if p.is_dir():
        return "folder"
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    name = p.name.lower().removesuffix(".gz")
    fmt = INPUT_FORMATS.get(os.path.splitext(name)[1])
    if fmt is None:
        raise InputError(
            f"{p}: unknown table format; use .csv, .tsv, .jsonl, .json (or .gz of those), "
            ".parquet, or a folder of .txt files"
        )
    return fmt


class Table:
    """A table file or folder read as :class:`Record` objects (see the module docstring)."""

    #: ``"csv"``, ``"tsv"``, ``"jsonl"``, ``"json"``, ``"parquet"`` or ``"folder"``.
    format: str
    path: Path
    name: str
    #: ``(location, message)`` when reading broke off before the end of the file.
    failure: tuple[int, str] | None = None

    def _until_failure(
        self,
        items: Iterable[Any],
        errors: tuple[type[BaseException], ...],
        damage: Callable[[BaseException], str],
    ) -> Iterator[Any]:
        """``items`` (lines or rows) until reading raises one of ``errors``.

        Before the first item that means the file cannot be read at all (an
        InputError); later it ends the items and sets :attr:`failure` to the
        1-based position of the first item lost and ``damage(exc)``, which the
        reader turns into one failed record, so the records before it are kept.
        """
        self.failure = None
        n = 0
        try:
            for n, item in enumerate(items, 1):  # noqa: B007 - n is read after the loop
                yield item
        except errors as exc:
            if n == 0:
                raise InputError(f"{self.name}: cannot be read ({_one_line(exc)})") from None
            self.failure = (n + 1, damage(exc))

    def columns(self) -> list[str] | None:
        """The column names, when they are known before reading (Parquet)."""
        return None

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        """Stream the records; ``check`` sees the column names first, and ``columns``
        limits what is read (Parquet) to those of them the table has."""
        raise NotImplementedError

    def fraction(self) -> float | None:
        """How far the table has been read (0..1), when that is known."""
        return None

    def fingerprint(self) -> dict[str, Any]:
        """What identifies this input for resuming a run: path, size, modification time."""
        st = self.path.stat()
        return {"path": str(self.path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


class TextTable(Table):
    """A CSV/TSV/JSON file, plain or gzip, opened as text with undecodable bytes kept
    as surrogates (so one bad row does not stop the run)."""

    #: What reading a damaged file raises: a truncated or corrupt gzip, a disk
    #: error, bytes the chosen codec cannot take even with surrogateescape.
    READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError)

    def __init__(self, path: Path, fmt: str, encoding: str | None):
        self.path, self.name, self.format = path, str(path), fmt
        check_encoding(encoding)
        self.given_encoding = encoding
        self.encoding = encoding or "utf-8-sig"
        self._raw: IO[bytes] | None = None
        self._size = path.stat().st_size

    @property
    def gzipped(self) -> bool:
        return self.path.name.endswith(".gz")

    @contextlib.contextmanager
    def _open(self) -> Iterator[Iterator[str]]:
        """The file's lines (see :meth:`Table._until_failure` for a file that breaks off)."""
        with open(self.path, "rb") as raw:
            self._raw = raw
            binary: IO[bytes] = gzip.GzipFile(fileobj=raw) if self.gzipped else raw
            if self.given_encoding is None:
                try:
                    head = binary.peek(4)[:4]  # type: ignore[attr-defined]
                except self.READ_ERRORS as exc:
                    raise InputError(f"{self.path}: cannot be read ({_one_line(exc)})") from None
                check_bom(head, self.name)
            text = io.TextIOWrapper(
                binary, encoding=self.encoding, errors="surrogateescape", newline=""
            )
            try:
                yield self._until_failure(text, self.READ_ERRORS, self._damage)
            finally:
                self._raw = None

    def _damage(self, exc: BaseException) -> str:
        if isinstance(exc, EOFError):
            what = "is truncated (the gzip stream ends without its end-of-stream marker)"
        else:
            what = f"cannot be read from here on ({type(exc).__name__}: {_one_line(exc)})"
        return f"{self.path} {what}; this line and the rest of the file are lost"

    def fraction(self) -> float | None:
        if self._raw is None or self._raw.closed or not self._size:
            return None
        return min(1.0, self._raw.tell() / self._size)


class JsonLinesTable(TextTable):
    """One JSON object per line (blank lines skipped)."""

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        number = 0
        checked = check is None
        with self._open() as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip():
                    continue
                number += 1
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Record(
                        number, line_no, error=f"invalid JSON: {exc.msg} at column {exc.colno}"
                    )
                    continue
                if not isinstance(obj, dict):
                    yield Record(
                        number, line_no, error=f"not a JSON object but {type(obj).__name__}"
                    )
                    continue
                if not checked:
                    check(list(obj), "keys of the first record")  # type: ignore[misc]
                    checked = True
                yield Record(number, line_no, obj)
        if self.failure is not None:
            yield Record(number + 1, self.failure[0], error=self.failure[1])


class JsonArrayTable(TextTable):
    """A JSON array of objects, read whole (use JSON Lines for corpora that do not fit in memory)."""

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        with self._open() as f:
            text = "".join(f)
        if self.failure is not None:
            raise InputError(
                f"{self.name}: breaks off at line {self.failure[0]}; the JSON array is incomplete"
            )
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{self.name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        if not isinstance(items, list):
            raise InputError(f"{self.name}: a .json table must be an array of objects")
        checked = check is None
        for number, obj in enumerate(items, 1):
            if not isinstance(obj, dict):
                yield Record(number, None, error=f"not a JSON object but {type(obj).__name__}")
                continue
            if not checked:
                check(list(obj), "keys of the first record")  # type: ignore[misc]
                checked = True
            yield Record(number, None, obj)


def _csv_delimiter(header: str, default: str) -> str:
    """``;`` for a ``.csv`` header with semicolons and no comma (spreadsheets in locales
    that write decimal commas), else ``default``."""
    if default == "," and "," not in header and ";" in header:
        return ";"
    return default


class DelimitedTable(TextTable):
    """CSV or TSV with a header line; a quoted field may span lines."""

    def __init__(self, path: Path, fmt: str, encoding: str | None):
        super().__init__(path, fmt, encoding)
        self._default_delimiter = "\t" if fmt == "tsv" else ","
        #: The field separator (known once the header has been read, see :meth:`sniff`).
        self.delimiter = self._default_delimiter

    def sniff(self) -> str:
        """Read the header line and return the field separator."""
        with self._open() as f:
            first = next(f, None)
        if first is not None:
            self.delimiter = _csv_delimiter(first, self._default_delimiter)
        return self.delimiter

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
        with self._open() as f:
            first = next(f, None)
            if first is None:
                return
            self.delimiter = _csv_delimiter(first, self._default_delimiter)
            reader = csv.reader(itertools.chain([first], f), delimiter=self.delimiter)
            try:
                header = next(reader)
            except StopIteration:
                return
            header = [h.strip() for h in header]
            if check is not None:
                check(header, "header")
            number, start = 0, reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    number += 1
                    yield Record(number, start, error=f"malformed CSV: {exc}")
                    start = reader.line_num + 1
                    continue
                if self.failure is not None:  # this row ran into the damage: it is incomplete
                    break
                line, start = start, reader.line_num + 1
                if not row:
                    continue
                number += 1
                if len(row) != len(header):
                    yield Record(
                        number, line, error=f"has {len(row)} fields; the header has {len(header)}"
                    )
                    continue
                yield Record(number, line, dict(zip(header, row, strict=True)))
            if self.failure is not None:
                yield Record(number + 1, start, error=self.failure[1])


class ParquetTable(Table):
    """A Parquet file, read in batches of ``batch_size`` rows."""

    def __init__(self, path: Path, batch_size: int):
        self.path, self.name, self.format, self.batch_size = path, str(path), "parquet", batch_size
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({_one_line(exc)})") from None
        self.schema = self._file.schema_arrow
        self._names = list(self.schema.names)
        self._done = 0

    def columns(self) -> list[str]:
        return self._names

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        if check is not None:
            check(self._names, "columns")
        wanted = None if columns is None else [c for c in columns if c in self._names]
        batches = self._file.iter_batches(batch_size=self.batch_size, columns=wanted)
        rows = (obj for batch in batches for obj in batch.to_pylist())
        number = 0
        for obj in self._until_failure(rows, (pa.ArrowException, OSError), self._damage):
            number += 1
            yield Record(number, None, obj)
            self._done = number
        if self.failure is not None:
            yield Record(number + 1, None, error=self.failure[1])

    def _damage(self, exc: BaseException) -> str:
        return f"{self.path} cannot be read from here on ({_one_line(exc)}); this row and the rest of the file are lost"

    def fraction(self) -> float | None:
        total = self._file.metadata.num_rows
        return self._done / total if total else None

    def read_all(self) -> pd.DataFrame:
        try:
            return self._file.read().to_pandas()
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{self.path}: cannot be read ({_one_line(exc)})") from None


class TextFolderTable(Table):
    """``*.txt`` under a folder (recursively, sorted): columns ``id`` (the relative path),
    ``outlet`` (the first subfolder, None for files at the top) and ``text``."""

    def __init__(self, path: Path, encoding: str | None):
        check_encoding(encoding)
        self.path, self.name, self.format, self.encoding = path, str(path), "folder", encoding
        self.files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not self.files:
            raise InputError(f"{path}: folder has no .txt files")
        for p in self.files:
            register_input(p)
        self._done = 0

    def columns(self) -> list[str]:
        return ["id", "outlet", "text"]

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        for number, p in enumerate(self.files, 1):
            rel = p.relative_to(self.path)
            doc_id = rel.as_posix()
            outlet = rel.parts[0] if len(rel.parts) > 1 else None
            try:
                text = decode_bytes(p.read_bytes(), self.encoding, doc_id)
            except (InputError, OSError) as exc:
                yield Record(number, None, {"id": doc_id}, error=str(exc))
            else:
                yield Record(number, None, {"id": doc_id, "outlet": outlet, "text": text})
            self._done = number

    def fraction(self) -> float | None:
        return self._done / len(self.files)

    def fingerprint(self) -> dict[str, Any]:
        return {
            "path": str(self.path.resolve()),
            "files": len(self.files),
            "size": sum(p.stat().st_size for p in self.files),
            "mtime_ns": max(p.stat().st_mtime_ns for p in self.files),
        }


def _json_kind(path: Path, encoding: str | None) -> str:
    """``"json"`` for a JSON array (first non-blank character ``[``), else ``"jsonl"``."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding=encoding or "utf-8-sig", errors="replace") as f:
            head = f.read(4096).lstrip()
    except (OSError, EOFError, zlib.error):
        return "jsonl"  # the reader reports the damage
    return "json" if head.startswith("[") else "jsonl"


def open_table(
    source: str | os.PathLike, *, encoding: str | None = None, batch_size: int = 1000
) -> Table:
    """Open a table file or folder for reading (see the module docstring for the formats).

    Parameters
    ----------
    source : path
    encoding : str, optional
        Text encoding of CSV/TSV/JSON/.txt input (default UTF-8, BOM allowed).
    batch_size : int
        Rows per Parquet read batch (the memory of one step).

    Raises
    ------
    InputError
        Naming the file: missing, unknown format, not readable.
    """
    path = Path(source)
    fmt = table_format(path)
    register_input(path)
    if fmt == "folder":
        return TextFolderTable(path, encoding)
    if fmt == "parquet":
        return ParquetTable(path, batch_size)
    if fmt == "json":
        fmt = _json_kind(path, encoding)
    if fmt in ("jsonl", "json"):
        return (JsonLinesTable if fmt == "jsonl" else JsonArrayTable)(path, fmt, encoding)
    return DelimitedTable(path, fmt, encoding)


def _numbers(values: pd.Series) -> pd.Series:
    """A column of text as numbers when every value is one (as pandas' CSV reader infers)."""
    try:
        return pd.to_numeric(values)
    except (ValueError, TypeError):
        return values


def read_frame(
    source: str | os.PathLike,
    *,
    encoding: str | None = None,
    text_columns: Iterable[str] = (),
) -> tuple[pd.DataFrame, list[Record]]:
    """A whole table as a DataFrame, and the records that could not be read.

    Parquet is read column-wise, keeping its types. In CSV/TSV every column whose values
    are all numbers becomes numeric, except ``text_columns``, which stay text.

    Returns
    -------
    frame : pandas.DataFrame
        One row per readable record, with ``attrs["records"]``: each row's :class:`Record`
        number and ``attrs["lines"]``: its line (None where the format has none).
    bad : list of Record
        The records that could not be read (each with its ``error``).
    """
    table = open_table(source, encoding=encoding)
    if isinstance(table, ParquetTable):
        df = table.read_all()
        df.attrs.update(records=list(range(1, len(df) + 1)), lines=[None] * len(df))
        return df, []
    header: list[str] = []
    good: list[Record] = []
    bad: list[Record] = []
    for r in table.records(check=lambda cols, _: header.extend(cols)):
        (bad if r.error else good).append(r)
    df = pd.DataFrame.from_records([r.values for r in good], columns=header or None)
    if table.format in ("csv", "tsv"):
        keep = set(text_columns)
        for col in df.columns:
            if col not in keep:
                df[col] = _numbers(df[col])
    df.attrs.update(records=[r.number for r in good], lines=[r.line for r in good])
    return df, bad


# ---------------------------------------------------------------- writing


def output_format(path: str | os.PathLike) -> str:
    """The output format of ``path`` by its suffix (a value of :data:`OUTPUT_FORMATS`)."""
    p = Path(path)
    fmt = OUTPUT_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"{p}: unknown output format; use .parquet, .csv, .tsv or .jsonl")
    return fmt


def _cell(value: Any) -> Any:
    """A value as a CSV cell: missing values and NaN are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


class TableWriter:
    """Rows appended to one output table (use :func:`open_table_writer`).

    Parameters
    ----------
    path : path
        Where the rows go (a temporary file that :func:`open_table_writer` renames).
    fmt : str
        A value of :data:`OUTPUT_FORMATS`.
    schema : pyarrow.Schema
        The columns, in order, and their types.
    json_columns : iterable of str
        Columns holding JSON text: written as JSON values in JSON Lines (as text elsewhere).
    bom : bool
        Start CSV/TSV with a UTF-8 byte-order mark (spreadsheets then read it as UTF-8).
    """

    def __init__(
        self,
        path: Path,
        fmt: str,
        schema: pa.Schema,
        *,
        json_columns: Iterable[str] = (),
        bom: bool = False,
    ) -> None:
        self.fmt, self.schema = fmt, schema
        self.json_columns = tuple(c for c in json_columns if c in schema.names)
        self.n_rows = 0
        self._group: list[pa.Table] = []
        self._size = 0
        if fmt == "parquet":
            self._parquet: pq.ParquetWriter | None = pq.ParquetWriter(path, schema)
            self._text: IO[str] | None = None
        else:
            self._parquet = None
            encoding = "utf-8-sig" if bom and fmt in ("csv", "tsv") else "utf-8"
            self._text = open(path, "w", encoding=encoding, newline="")
            if fmt in ("csv", "tsv"):
                # lines end in CRLF (RFC 4180): the writer then quotes every field that
                # holds a CR or LF, so that a text with a lone CR reads back whole
                self._csv = csv.writer(self._text, delimiter="\t" if fmt == "tsv" else ",")
                self._csv.writerow(schema.names)

    def write(self, table: pa.Table | pd.DataFrame) -> None:
        """Append rows (an Arrow table or a DataFrame with the writer's columns)."""
        if isinstance(table, pd.DataFrame):
            table = pa.Table.from_pandas(table, schema=self.schema, preserve_index=False)
        self.n_rows += table.num_rows
        if self._parquet is not None:
            # rows are merged into row groups of about ROW_GROUP_BYTES: one row group per
            # write would make the footer, and the writer's memory, grow with the corpus
            self._group.append(table)
            self._size += table.nbytes
            if self._size >= ROW_GROUP_BYTES:
                self._flush()
            return
        self._write_text_rows(table)

    def _write_text_rows(self, table: pa.Table) -> None:
        assert self._text is not None
        if self.fmt == "jsonl":
            for row in table.to_pylist():
                for key in self.json_columns:
                    if row.get(key) is not None:
                        row[key] = json.loads(row[key])
                self._text.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        for row in table.to_pylist():
            self._csv.writerow([_cell(row[c]) for c in self.schema.names])

    def _flush(self) -> None:
        if self._group and self._parquet is not None:
            self._parquet.write_table(pa.concat_tables(self._group))
        self._group, self._size = [], 0

    def close(self, flush: bool = True) -> None:
        """Write what is left (``flush``) and close the file."""
        if self._parquet is not None:
            if flush:
                self._flush()
            self._parquet.close()
        elif self._text is not None:
            self._text.close()


@contextlib.contextmanager
def open_table_writer(
    path: str | os.PathLike,
    schema: pa.Schema,
    *,
    fmt: str | None = None,
    json_columns: Iterable[str] = (),
    bom: bool = False,
) -> Iterator[TableWriter]:
    """A :class:`TableWriter` onto ``path``; the file appears, complete, when the block ends
    without error (and is never left half-written: :func:`framing.outputs.atomic_path`)."""
    fmt = fmt or output_format(path)
    with atomic_path(path) as tmp:
        writer = TableWriter(tmp, fmt, schema, json_columns=json_columns, bom=bom)
        try:
            yield writer
        except BaseException:
            writer.close(flush=False)
            raise
        writer.close()


def write_table(
    path: str | os.PathLike,
    table: pa.Table | pd.DataFrame,
    *,
    json_columns: Iterable[str] = (),
    bom: bool = False,
) -> Path:
    """Write a whole table to ``path`` (format by suffix), atomically."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    with open_table_writer(path, table.schema, json_columns=json_columns, bom=bom) as writer:
        writer.write(table)
    return Path(path)
