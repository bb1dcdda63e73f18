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
import hashlib
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
    "neutralise",
    "csv_text",
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
#: Bytes of rows (in memory) per row group of a Parquet output: the rows of a group are held
#: until it is written, so this bounds what assembling a corpus's output adds to memory
#: (about 2,000 rows of `framing score`; 32 MiB added about 40 MiB at 40,000 articles).
ROW_GROUP_BYTES = 4 << 20

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
        """What identifies this input for resuming a run: its path, size and the sha256 of
        its bytes (read once, in blocks), so that any edit is seen, whatever its mtime."""
        return {
            "path": str(self.path.resolve()),
            "size": self.path.stat().st_size,
            "sha256": _sha256(self.path),
        }


class TextTable(Table):
    """A CSV/TSV/JSON file, plain or gzip, opened as text with undecodable bytes kept
    as surrogates (so one bad row does not stop the run)."""

    #: What reading a damaged file raises: a truncated or corrupt gzip, a disk
    #: error, bytes the chosen codec cannot take even with surrogateescape.
    #: UnicodeError: a codec that fails as a whole ("UTF-16 stream does not start with BOM").
    READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeError)

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
            lines = _bounded_lines(text, MAX_LINE_CHARS)
            try:
                yield self._until_failure(lines, self.READ_ERRORS, self._damage)
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
                if isinstance(line, LongLine):
                    number += 1
                    yield Record(number, line_no, error=_too_long(line))
                    continue
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
    """A JSON array of objects, read whole, at most :data:`MAX_JSON_ARRAY_CHARS` characters
    (JSON Lines for larger corpora: they are read one line at a time)."""

    def records(
        self, check: ColumnCheck | None = None, columns: Iterable[str] | None = None
    ) -> Iterator[Record]:
        with self._open() as f:
            parts = []
            size = 0
            for line_no, line in enumerate(f, 1):
                if isinstance(line, LongLine):
                    raise InputError(f"{self.name}: line {line_no}: {_too_long(line)}")
                size += len(line)
                if size > MAX_JSON_ARRAY_CHARS:
                    raise InputError(
                        f"{self.name}: a .json array is read whole and this one has more than "
                        f"{MAX_JSON_ARRAY_CHARS:,} characters (at line {line_no}); write it as "
                        "JSON Lines (.jsonl), which is read one line at a time"
                    )
                parts.append(line)
            text = "".join(parts)
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


#: How quotes are read in CSV/TSV (see :class:`DelimitedTable`).
QUOTING = ("csv", "auto", "none")
#: Characters of one physical line (and of one record) beyond which it is an error, not read.
MAX_LINE_CHARS = 64 << 20
#: Characters of a .json array (read whole) beyond which it is refused, not read.
MAX_JSON_ARRAY_CHARS = 256 << 20
#: Physical lines one quoted field may span before it is taken for an unclosed quote.
MAX_FIELD_LINES = 2000


class LongLine(str):
    """Stands for a physical line longer than :data:`MAX_LINE_CHARS` (its text is not kept)."""

    length: int

    def __new__(cls, length: int) -> LongLine:
        obj = super().__new__(cls, "\n")
        obj.length = length
        return obj


def _too_long(line: LongLine) -> str:
    return f"the line has {line.length:,} characters; the limit is {MAX_LINE_CHARS:,} (not read)"


#: Characters read at a time while a line is longer than this (see :func:`_bounded_lines`).
READ_CHUNK_CHARS = 1 << 20


def _bounded_lines(text: IO[str], limit: int) -> Iterator[str]:
    """The lines of ``text``, each read in pieces of at most :data:`READ_CHUNK_CHARS`
    characters; a line longer than ``limit`` is yielded as a :class:`LongLine`, its pieces
    dropped as soon as they pass the limit, so no more than ``limit`` characters of it are
    ever held (reading it whole with ``readline(limit)`` held about three times that)."""
    size = min(READ_CHUNK_CHARS, limit)
    while True:
        piece = text.readline(size)
        if not piece:
            return
        if len(piece) < size or piece.endswith("\n"):  # a full piece ending in "\r" may be
            yield piece  # the first half of "\r\n": read on
            continue
        pieces: list[str] | None = [piece]
        length = len(piece)
        while len(piece) == size and not piece.endswith("\n"):
            piece = text.readline(size)
            length += len(piece)
            if pieces is not None:
                pieces.append(piece)
                if length > limit:
                    pieces = None
        yield LongLine(length) if pieces is None else "".join(pieces)


class _Parsed:
    """One row of a CSV/TSV file: its first line, how many lines it spans, its fields or
    why it cannot be read."""

    __slots__ = ("line", "n_lines", "fields", "error", "before")

    def __init__(
        self,
        line: int,
        n_lines: int,
        fields: list[str] | None,
        error: str | None,
        before: list[str] | None = None,
    ):
        self.line, self.n_lines, self.fields, self.error = line, n_lines, fields, error
        self.before = before or []  # with an error: the fields read before it


class _DelimitedParser:
    """Rows of delimited text, one physical line at a time.

    ``quoting="csv"`` (RFC 4180): a field that starts with ``"`` ends at a ``"`` followed by
    the delimiter or the end of a line, with every inner ``"`` doubled; it may span lines.
    A quoted field that never closes, closes in the middle of a field, or spans more than
    :data:`MAX_FIELD_LINES` lines or :data:`MAX_LINE_CHARS` characters makes its row an
    error, and reading goes on at the line after the row's first line, so an unclosed quote
    costs one row and never swallows the rows after it. Other fields are taken as they are.
    ``quoting="auto"``: the same, but such a broken quoted field is taken literally (up to the
    next delimiter on its line) instead of making its row an error: a text that starts with
    a quoted word (``"Terrorists" stormed...``) keeps its quotes.
    ``quoting="none"``: every physical line is a row and every quote is text.
    """

    def __init__(self, lines: Iterator[str], delimiter: str, quoting: str):
        self.lines, self.delimiter, self.quoting = lines, delimiter, quoting
        self.buffer: list[str] = []  # lines read but not yet parsed (pushed back)
        self.line_no = 0  # the number of the last line taken from buffer/lines

    def _next_line(self) -> str | None:
        if self.buffer:
            line = self.buffer.pop()
        else:
            line = next(self.lines, None)
            if line is None:
                return None
        self.line_no += 1
        return line

    def _push_back(self, lines: list[str]) -> None:
        self.buffer.extend(reversed(lines))
        self.line_no -= len(lines)

    def __iter__(self) -> Iterator[_Parsed]:
        while True:
            line = self._next_line()
            if line is None:
                return
            if isinstance(line, LongLine):
                yield _Parsed(self.line_no, 1, None, _too_long(line))
                continue
            if self.quoting == "none" or '"' not in line:
                yield _Parsed(self.line_no, 1, _strip_eol(line).split(self.delimiter), None)
                continue
            yield self._quoted_row(line)

    def _quoted_row(self, first: str) -> _Parsed:
        start = self.line_no
        lines = [first]
        buf = first
        fields: list[str] = []
        pos = 0
        d = self.delimiter
        while True:
            if buf.startswith('"', pos):
                taken = len(lines)  # the lines the row's earlier fields already hold
                end, problem = self._closing_quote(lines, pos)
                if len(lines) > 1 and len(buf) != sum(map(len, lines)):
                    buf = "".join(lines)
                if end is not None:
                    fields.append(buf[pos + 1 : end].replace('""', '"'))
                    pos = end + 1
                elif self.quoting == "csv":
                    self._push_back(lines[1:])
                    return _Parsed(start, 1, None, problem, fields)
                else:  # auto: the broken quoted field is text, up to the delimiter
                    # give back only the lines this field took: an earlier quoted field of
                    # the row may span lines, and those stay in the row
                    self._push_back(lines[taken:])
                    lines = lines[:taken]
                    buf = "".join(lines)
                    pos = _literal(buf, pos, d, fields)
            else:
                pos = _literal(buf, pos, d, fields)
            if pos >= len(buf) or buf[pos] in "\r\n":
                return _Parsed(start, len(lines), fields, None)
            pos += 1  # the delimiter
            if pos >= len(buf) or buf[pos] in "\r\n":
                fields.append("")
                return _Parsed(start, len(lines), fields, None)

    def _closing_quote(self, lines: list[str], pos: int) -> tuple[int | None, str]:
        """The offset (in the row's lines joined) of the closing quote of the quoted field
        at ``pos``, taking more lines into ``lines`` as needed; or None and why there is none.

        Each line is scanned once (a line ends with its line break, so a doubled quote
        never straddles two lines): linear in the row's length.
        """
        d = self.delimiter
        offset = sum(map(len, lines[:-1]))  # where the last line starts in the joined row
        line, i = lines[-1], pos + 1 - offset
        size = offset + len(line)
        while True:
            j = line.find('"', i)
            if j >= 0:
                nxt = line[j + 1 : j + 2]
                if nxt == '"':
                    i = j + 2
                    continue
                if nxt in ("", d, "\r", "\n"):
                    return offset + j, ""
                return None, (
                    f"a quote closes a quoted field in the middle of it (line {self.line_no}); "
                    "quote the whole field and double its inner quotes"
                )
            if len(lines) >= MAX_FIELD_LINES or size > MAX_LINE_CHARS:
                return None, (
                    f"a quoted field spans more than {len(lines):,} lines or "
                    f"{MAX_LINE_CHARS:,} characters (lines {self.line_no - len(lines) + 1}-"
                    f"{self.line_no}): an unclosed quote?"
                )
            nxt_line = self._next_line()
            if nxt_line is None or isinstance(nxt_line, LongLine):
                if nxt_line is not None:
                    self._push_back([nxt_line])
                return None, "a quoted field is never closed (an unclosed quote?)"
            offset += len(line)
            line, i = nxt_line, 0
            lines.append(line)
            size += len(line)


def _literal(buf: str, pos: int, delimiter: str, fields: list[str]) -> int:
    """Append the literal field at ``pos`` (up to the delimiter or the line's end); return
    where it ends."""
    end = buf.find(delimiter, pos)
    if end < 0:
        end = max(pos, len(_strip_eol(buf)))
    fields.append(buf[pos:end])
    return end


def _strip_eol(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\n", "\r")):
        return line[:-1]
    return line


def _csv_delimiter(header: str, default: str) -> str:
    """``;`` for a ``.csv`` header with semicolons and no comma (spreadsheets in locales
    that write decimal commas), else ``default``."""
    if default == "," and "," not in header and ";" in header:
        return ";"
    return default


class DelimitedTable(TextTable):
    """CSV or TSV with a header line, read by :class:`_DelimitedParser`.

    ``quoting`` (see :data:`QUOTING`): ``"csv"`` (the default for CSV) reads RFC 4180 quoted
    fields, which may span lines; ``"auto"`` (the default for TSV) reads a field as quoted
    only when it is entirely a well-formed quoted field, and otherwise as the text it is, so
    that ``"Terrorists" stormed...`` keeps its quotes; ``"none"`` reads every line as one row
    and every quote as text. An unclosed quote costs its own row (an error record), never
    the rows after it.
    """

    def __init__(self, path: Path, fmt: str, encoding: str | None, quoting: str | None = None):
        super().__init__(path, fmt, encoding)
        self._default_delimiter = "\t" if fmt == "tsv" else ","
        #: The field separator (known once the header has been read, see :meth:`sniff`).
        self.delimiter = self._default_delimiter
        if quoting is not None and quoting not in QUOTING:
            raise InputError(f"unknown quoting {quoting!r}; use one of {', '.join(QUOTING)}")
        self.quoting = quoting or ("auto" if fmt == "tsv" else "csv")

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
        with self._open() as f:
            first = next(f, None)
            if first is None:
                return
            self.delimiter = _csv_delimiter(first, self._default_delimiter)
            rows = iter(_DelimitedParser(itertools.chain([first], f), self.delimiter, self.quoting))
            head = next(rows, None)
            if head is None:
                return
            if head.fields is None:
                raise InputError(f"{self.name}: line 1: the header cannot be read ({head.error})")
            header = [h.strip() for h in head.fields]
            header[0] = header[0].lstrip("\ufeff")
            if check is not None:
                check(header, "header")
            number = 0
            for row in rows:
                if self.failure is not None:  # this row ran into the damage: it is incomplete
                    break
                if row.fields == [""]:
                    continue  # a blank line
                number += 1
                if row.fields is None:
                    yield Record(
                        number,
                        row.line,
                        dict(zip(header, row.before, strict=False)),
                        error=f"malformed {self.format.upper()}"
                        + _in_column(header, len(row.before))
                        + f": {row.error}",
                    )
                elif len(row.fields) != len(header):
                    yield Record(
                        number,
                        row.line,
                        error=f"has {len(row.fields)} fields; the header has {len(header)}"
                        + _quoting_hint(self, row.fields),
                    )
                else:
                    yield Record(number, row.line, dict(zip(header, row.fields, strict=True)))
            if self.failure is not None:
                yield Record(number + 1, self.failure[0], error=self.failure[1])


def _in_column(header: list[str], k: int) -> str:
    return f" in column {header[k]!r}" if k < len(header) else ""


def _quoting_hint(table: DelimitedTable, fields: list[str]) -> str:
    if table.quoting == "none" and any(f.startswith('"') for f in fields):
        return " (quoted fields? read with --quoting auto or csv)"
    return ""


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
        # .txt in any case (A.TXT from Windows or a zip); a dangling link is kept, to be an
        # error row naming it instead of a file left out without a word
        self.files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() == ".txt" and (p.is_file() or (p.is_symlink() and not p.exists()))
        )
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
            except InputError as exc:
                yield Record(number, None, {"id": doc_id}, error=str(exc))
            except OSError as exc:  # unreadable, or a link to nothing
                what = "a link to a file that does not exist" if not p.exists() else exc.strerror
                yield Record(
                    number, None, {"id": doc_id}, error=f"{doc_id}: cannot be read ({what})"
                )
            else:
                yield Record(number, None, {"id": doc_id, "outlet": outlet, "text": text})
            self._done = number

    def fraction(self) -> float | None:
        return self._done / len(self.files)

    def fingerprint(self) -> dict[str, Any]:
        """The folder's path, its number of files, and one sha256 over each file's relative
        name and the sha256 of its bytes: a renamed, added, removed or edited file is seen."""
        names = hashlib.sha256()
        for p in self.files:
            digest = _sha256(p) if p.exists() else "missing"  # a dangling link
            names.update(f"{p.relative_to(self.path).as_posix()}\0{digest}\n".encode())
        return {
            "path": str(self.path.resolve()),
            "files": len(self.files),
            "sha256": names.hexdigest(),
        }


def _sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks of 1 MiB."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return digest.hexdigest()


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
    source: str | os.PathLike,
    *,
    encoding: str | None = None,
    batch_size: int = 1000,
    quoting: str | None = None,
) -> Table:
    """Open a table file or folder for reading (see the module docstring for the formats).

    Parameters
    ----------
    source : path
    encoding : str, optional
        Text encoding of CSV/TSV/JSON/.txt input (default UTF-8, BOM allowed).
    batch_size : int
        Rows per Parquet read batch (the memory of one step).
    quoting : {"csv", "auto", "none"}, optional
        How CSV/TSV quotes are read (see :class:`DelimitedTable`); default ``"csv"`` for
        CSV and ``"auto"`` for TSV.

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
    return DelimitedTable(path, fmt, encoding, quoting)


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
    quoting: str | None = None,
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
    table = open_table(source, encoding=encoding, quoting=quoting)
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


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'`` (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value as a CSV cell: missing values and NaN are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def csv_text(df: pd.DataFrame, *, index: bool = True) -> str:
    """A DataFrame as CSV text for people (printed, opened in a spreadsheet): text cells,
    the index and the header neutralised with :func:`neutralise`."""
    safe = df.rename(columns=neutralise)
    if index:
        safe = safe.rename(index=neutralise)
    for col in safe.columns:
        if safe[col].dtype == object:
            safe[col] = safe[col].map(neutralise)
    return safe.to_csv(index=index)


class TableWriter:
    """Rows appended to one output table (use :func:`open_table_writer`).

    Parameters
    ----------
    path : path or text stream
        Where the rows go (a temporary file that :func:`open_table_writer` renames), or an
        open text stream such as standard output (CSV, TSV, JSON Lines; left open).
    fmt : str
        A value of :data:`OUTPUT_FORMATS`.
    schema : pyarrow.Schema
        The columns, in order, and their types.
    json_columns : iterable of str
        Columns holding JSON text: written as JSON values in JSON Lines (as text elsewhere).
    bom : bool
        Start CSV/TSV with a UTF-8 byte-order mark (spreadsheets then read it as UTF-8).
    for_people : bool
        A CSV/TSV meant for a spreadsheet: text cells a spreadsheet would run as a formula
        are prefixed with ``'`` (:func:`neutralise`).
    """

    def __init__(
        self,
        path: Path,
        fmt: str,
        schema: pa.Schema,
        *,
        json_columns: Iterable[str] = (),
        bom: bool = False,
        for_people: bool = False,
    ) -> None:
        self.fmt, self.schema = fmt, schema
        self._cell = (lambda v: neutralise(_cell(v))) if for_people else _cell
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
            # an open text stream (standard output) is written to, and left open
            self._owned = not hasattr(path, "write")
            self._text = open(path, "w", encoding=encoding, newline="") if self._owned else path
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
            self._csv.writerow([self._cell(row[c]) for c in self.schema.names])

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
            self._text.close() if self._owned else self._text.flush()


@contextlib.contextmanager
def open_table_writer(
    path: str | os.PathLike,
    schema: pa.Schema,
    *,
    fmt: str | None = None,
    json_columns: Iterable[str] = (),
    bom: bool = False,
    for_people: bool = False,
) -> Iterator[TableWriter]:
    """A :class:`TableWriter` onto ``path``; the file appears, complete, when the block ends
    without error (and is never left half-written: :func:`framing.outputs.atomic_path`)."""
    fmt = fmt or output_format(path)
    with atomic_path(path) as tmp:
        writer = TableWriter(
            tmp, fmt, schema, json_columns=json_columns, bom=bom, for_people=for_people
        )
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
    for_people: bool = False,
) -> Path:
    """Write a whole table to ``path`` (format by suffix), atomically (``bom``, ``for_people``:
    see :class:`TableWriter`)."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    with open_table_writer(
        path, table.schema, json_columns=json_columns, bom=bom, for_people=for_people
    ) as writer:
        writer.write(table)
    return Path(path)
