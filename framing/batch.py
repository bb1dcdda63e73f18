"""Scoring whole corpora: readers, chunked parallel scoring, resumable atomic output, Dask.

A corpus is CSV/TSV, JSON Lines (plain or ``.gz``), Parquet, or a folder of
``.txt`` files. It is read as a stream of *records* and scored in chunks of
``chunk_size`` articles by one function, :func:`score_chunk`, that runs in
this process, in joblib worker processes (``n_jobs``) or on a Dask cluster
(``engine="dask"``). The model is loaded once per worker process.

Every record gets a 1-based *record number* (its position among the corpus'
records: blank JSONL lines and the CSV header are not records). When the
corpus has no id (no id column, or an empty value) the id is
``"row-<record number>"``, which is stable as long as the file is; in a folder
of ``.txt`` files the id is the file's path relative to the folder.

:func:`score_file` writes each finished chunk to ``OUT.parts/part-NNNNNN.parquet``
(atomically), and when all chunks are done concatenates them into ``OUT``
(atomically) and deletes the folder. A killed run leaves the finished parts
behind; ``resume=True`` scores only the missing chunks, so no row is lost or
duplicated. Rows that cannot be scored (missing or empty text, a non-string
text, undecodable bytes, invalid JSON, a CSV row with the wrong number of
fields) are skipped and listed in ``OUT.errors.jsonl`` with their record
number, line and id; ``strict=True`` fails on the first one instead.

A file that breaks off while it is read (a truncated or corrupt gzip, a
damaged Parquet page, a disk error) is handled the same way: the rows before
the damage are scored and the damage is listed as one failed row at the line
(or row) where it starts; a file that cannot be read at all is an error.
Output that cannot be written (a missing or read-only folder, a full disk) is
found before anything is scored where it can be; a write that fails later
keeps the finished parts, so the run can be resumed.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import io
import json
import math
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .inputs import check_bom, check_encoding
from .naming import naming_counts
from .outputs import atomic_path, check_writable

__all__ = [
    "ScoreOptions",
    "output_schema",
    "ScoreSummary",
    "read_records",
    "score_chunk",
    "score_corpus",
    "score_file",
    "naming_counts",
]

#: Columns that hold JSON text (objects) in every output format but JSONL,
#: where they are written as JSON objects.
JSON_COLUMNS = ("term_counts", "naming_counts", "analysis")
#: Output formats by file suffix.
OUTPUT_FORMATS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: Bytes of input per Dask partition for each article of ``chunk_size``.
DASK_BYTES_PER_ARTICLE = 10_000
#: Bytes of scored rows (in memory) per row group of a Parquet output.
ROW_GROUP_BYTES = 32 << 20
_MANIFEST_VERSION = 1
_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class ScoreOptions:
    """What to read from each record and what to write for it.

    Parameters
    ----------
    text_col, id_col, outlet_col : str
        Column (or JSON key) names of the text, the id and the outlet.
    keep_cols : tuple of str
        Further input columns copied into the output as text (e.g. ``date``, ``topic``).
    details : bool
        Add an ``analysis`` column with the full :meth:`ArticleAnalysis.to_dict` JSON.
    model : str, FramingModel or None
        Model name/path or a loaded model; ``None`` is the default model.
    lexicon : str, Lexicon or None
        Extra lexicon TSV merged over the shipped one, or a Lexicon.
    naming_groups : str or None
        Naming-groups TSV for the ``naming_counts`` column; ``None`` is the shipped one.
    """

    text_col: str = "text"
    id_col: str = "id"
    outlet_col: str = "outlet"
    keep_cols: tuple[str, ...] = ()
    details: bool = False
    model: Any = None
    lexicon: Any = None
    naming_groups: str | None = None

    def signature(self) -> dict[str, Any]:
        """The options that decide the output, as JSON (for the resume manifest).

        The model is identified by the sha256 of its file and the lexicon and
        naming-group files by their content, so a run resumed after the default
        model or a lexicon changed is refused rather than silently mixed.
        """
        from .model import sha256_file

        model, _ = _resolve(self)

        def content(path: Any) -> str | None:
            if path is None or not isinstance(path, str | os.PathLike):
                return None if path is None else type(path).__name__
            return f"{os.fspath(path)} sha256:{sha256_file(path)}"

        return {
            "text_col": self.text_col,
            "id_col": self.id_col,
            "outlet_col": self.outlet_col,
            "keep_cols": list(self.keep_cols),
            "details": self.details,
            "model": f"{model.name} sha256:{model.meta.get('model_sha256')}",
            "lexicon": content(self.lexicon),
            "naming_groups": content(self.naming_groups),
        }


@dataclass
class ScoreSummary:
    """What a :func:`score_file` run did."""

    output: Path
    n_articles: int
    n_errors: int
    seconds: float
    n_chunks: int
    n_resumed_chunks: int = 0
    errors_path: Path | None = None
    n_scored_now: int = field(default=0, repr=False)

    @property
    def rate(self) -> float:
        """Articles scored per second in this run (resumed chunks excluded)."""
        return self.n_scored_now / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.n_articles:,} articles scored, {self.n_errors:,} failed, "
            f"in {self.seconds:.1f} s ({self.rate:.1f} articles/s) -> {self.output}"
        )
        if self.n_resumed_chunks:
            text += f"; {self.n_resumed_chunks} chunk(s) taken from the interrupted run"
        if self.errors_path is not None:
            text += f"; failures listed in {self.errors_path}"
        return text


# ---------------------------------------------------------------- readers


class _Corpus:
    """A corpus file or folder read as records; ``fraction()`` is how far it has been read."""

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
        reader turns into one failed row, so the rows before it are kept.
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
        return None

    def records(self) -> Iterator[dict]:
        raise NotImplementedError

    def fraction(self) -> float | None:
        return None

    def fingerprint(self) -> dict[str, Any]:
        return {}


def _one_line(exc: BaseException) -> str:
    """An exception's message on one line (Arrow's span several)."""
    return " ".join(str(exc).split())


def _record(number: int, line: int | None, obj: dict, opts: ScoreOptions) -> dict:
    """A record from one input row (a mapping of column to value)."""
    doc_id = _clean(obj.get(opts.id_col))
    return {
        "record": number,
        "line": line,
        "id": f"row-{number}" if doc_id is None else doc_id,
        "outlet": _clean(obj.get(opts.outlet_col)),
        "text": obj.get(opts.text_col),
        "keep": {c: _clean(obj.get(c)) for c in opts.keep_cols},
        "error": None,
    }


def _bad_record(number: int, line: int | None, error: str, doc_id: str | None = None) -> dict:
    return {
        "record": number,
        "line": line,
        "id": doc_id or f"row-{number}",
        "outlet": None,
        "text": None,
        "keep": {},
        "error": error,
    }


def _clean(value: Any) -> str | None:
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


class _TextFile(_Corpus):
    """A CSV/TSV/JSONL file, plain or gzip, opened as text with undecodable bytes kept
    as surrogates (so one bad row does not stop the run)."""

    #: What reading a damaged file raises: a truncated or corrupt gzip, a disk
    #: error, bytes the chosen codec cannot take even with surrogateescape.
    READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError)

    def __init__(self, path: Path, encoding: str | None):
        self.path, self.name = path, str(path)
        check_encoding(encoding)
        self.given_encoding = encoding
        self.encoding = encoding or "utf-8-sig"
        self._raw: IO[bytes] | None = None
        self._size = path.stat().st_size

    @contextlib.contextmanager
    def _open(self) -> Iterator[Iterator[str]]:
        """The file's lines (see :meth:`_Corpus._until_failure` for a file that breaks off)."""
        with open(self.path, "rb") as raw:
            self._raw = raw
            binary: IO[bytes] = (
                gzip.GzipFile(fileobj=raw) if self.path.name.endswith(".gz") else raw
            )
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

    def fingerprint(self) -> dict[str, Any]:
        st = self.path.stat()
        return {"path": str(self.path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


class _JsonLines(_TextFile):
    def __init__(self, path: Path, encoding: str | None, opts: ScoreOptions):
        super().__init__(path, encoding)
        self.opts = opts

    def records(self) -> Iterator[dict]:
        number = 0
        checked = False
        with self._open() as f:
            for line_no, line in enumerate(f, 1):
                if not line.strip():
                    continue
                number += 1
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield _bad_record(
                        number, line_no, f"invalid JSON: {exc.msg} at column {exc.colno}"
                    )
                    continue
                if not isinstance(obj, dict):
                    yield _bad_record(
                        number, line_no, f"not a JSON object but {type(obj).__name__}"
                    )
                    continue
                if not checked:
                    _check_columns(self.name, list(obj), self.opts, "keys of the first record")
                    checked = True
                yield _record(number, line_no, obj, self.opts)
        if self.failure is not None:
            yield _bad_record(number + 1, *self.failure)


class _Delimited(_TextFile):
    def __init__(self, path: Path, encoding: str | None, opts: ScoreOptions, delimiter: str):
        super().__init__(path, encoding)
        self.opts, self.delimiter = opts, delimiter

    def records(self) -> Iterator[dict]:
        csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
        with self._open() as f:
            reader = csv.reader(f, delimiter=self.delimiter)
            try:
                header = next(reader)
            except StopIteration:
                return
            header = [h.strip() for h in header]
            _check_columns(self.name, header, self.opts, "header")
            number, start = 0, reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    number += 1
                    yield _bad_record(number, start, f"malformed CSV: {exc}")
                    start = reader.line_num + 1
                    continue
                if self.failure is not None:  # this row ran into the damage: it is incomplete
                    break
                line, start = start, reader.line_num + 1
                if not row:
                    continue
                number += 1
                if len(row) != len(header):
                    yield _bad_record(
                        number, line, f"has {len(row)} fields; the header has {len(header)}"
                    )
                    continue
                yield _record(number, line, dict(zip(header, row, strict=True)), self.opts)
            if self.failure is not None:
                yield _bad_record(number + 1, start, self.failure[1])


class _Parquet(_Corpus):
    def __init__(self, path: Path, opts: ScoreOptions, batch_size: int):
        self.path, self.name, self.opts, self.batch_size = path, str(path), opts, batch_size
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: not a readable Parquet file ({_one_line(exc)})") from None
        self._names = list(self._file.schema_arrow.names)
        _check_columns(self.name, self._names, opts, "columns")
        kind = self._file.schema_arrow.field(opts.text_col).type
        if not _is_text_type(kind):
            raise InputError(
                f"{path}: column {opts.text_col!r} holds {kind}, but the text column must be of type "
                "string (UTF-8 text); choose the text column with --text-col or convert it to string"
            )
        self._done = 0

    def columns(self) -> list[str]:
        return self._names

    def records(self) -> Iterator[dict]:
        wanted = [
            c
            for c in dict.fromkeys(
                (self.opts.text_col, self.opts.id_col, self.opts.outlet_col, *self.opts.keep_cols)
            )
            if c in self._names
        ]
        batches = self._file.iter_batches(batch_size=self.batch_size, columns=wanted)
        rows = (obj for batch in batches for obj in batch.to_pylist())
        number = 0
        for obj in self._until_failure(rows, (pa.ArrowException, OSError), self._damage):
            number += 1
            yield _record(number, None, obj, self.opts)
            self._done = number
        if self.failure is not None:
            yield _bad_record(number + 1, None, self.failure[1])

    def _damage(self, exc: BaseException) -> str:
        return f"{self.path} cannot be read from here on ({_one_line(exc)}); this row and the rest of the file are lost"

    def fraction(self) -> float | None:
        total = self._file.metadata.num_rows
        return self._done / total if total else None

    def fingerprint(self) -> dict[str, Any]:
        st = self.path.stat()
        return {"path": str(self.path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _is_text_type(kind: pa.DataType) -> bool:
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


class _TextFolder(_Corpus):
    """``*.txt`` under a folder (recursively, sorted); id = relative path,
    outlet = the first subfolder (None for files at the top)."""

    def __init__(self, path: Path, encoding: str | None):
        from .inputs import decode_bytes

        check_encoding(encoding)
        self.path, self.name, self.encoding = path, str(path), encoding
        self._decode = decode_bytes
        self.files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not self.files:
            raise InputError(f"{path}: folder has no .txt files")
        self._done = 0

    def records(self) -> Iterator[dict]:
        for number, p in enumerate(self.files, 1):
            rel = p.relative_to(self.path)
            doc_id = rel.as_posix()
            outlet = rel.parts[0] if len(rel.parts) > 1 else None
            try:
                text = self._decode(p.read_bytes(), self.encoding, doc_id)
            except (InputError, OSError) as exc:
                yield _bad_record(number, None, str(exc), doc_id)
            else:
                yield {
                    "record": number,
                    "line": None,
                    "id": doc_id,
                    "outlet": outlet,
                    "text": text,
                    "keep": {},
                    "error": None,
                }
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


class _Rows(_Corpus):
    """An in-memory DataFrame or iterable of dicts."""

    def __init__(self, data: Any, opts: ScoreOptions):
        self.data, self.opts, self.name = data, opts, "<data>"
        if isinstance(data, pd.DataFrame):
            _check_columns(self.name, [str(c) for c in data.columns], opts, "columns")

    def records(self) -> Iterator[dict]:
        if isinstance(self.data, pd.DataFrame):
            rows: Iterable[Any] = _frame_rows(self.data)
        else:
            rows = self.data
        for number, obj in enumerate(rows, 1):
            if not isinstance(obj, dict):
                yield _bad_record(number, None, f"not a mapping but {type(obj).__name__}")
                continue
            yield _record(number, None, obj, self.opts)


def _frame_rows(df: pd.DataFrame, step: int = 1000) -> Iterator[dict]:
    for start in range(0, len(df), step):
        yield from df.iloc[start : start + step].to_dict("records")


def _check_columns(name: str, columns: list[str], opts: ScoreOptions, what: str) -> None:
    missing = [c for c in (opts.text_col, *opts.keep_cols) if c not in columns]
    if missing:
        shown = ", ".join(columns[:20]) + (", ..." if len(columns) > 20 else "")
        raise InputError(
            f"{name}: no column {missing[0]!r} ({what}: {shown}); choose the text column with --text-col"
        )


def _open_corpus(source: Any, opts: ScoreOptions, encoding: str | None, chunk_size: int) -> _Corpus:
    if not isinstance(source, str | os.PathLike):
        return _Rows(source, opts)
    path = Path(source)
    if path.is_dir():
        return _TextFolder(path, encoding)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return _JsonLines(path, encoding, opts)
    if name.endswith(".csv"):
        return _Delimited(path, encoding, opts, ",")
    if name.endswith((".tsv", ".tab")):
        return _Delimited(path, encoding, opts, "\t")
    if name.endswith((".parquet", ".pq")):
        return _Parquet(path, opts, chunk_size)
    raise InputError(
        f"{path}: unknown corpus format; use .csv, .tsv, .jsonl (or .gz of those), .parquet, "
        "or a folder of .txt files"
    )


def read_records(
    source: Any, options: ScoreOptions | None = None, *, encoding: str | None = None
) -> Iterator[dict]:
    """Stream a corpus as records (one dict per article, nothing scored).

    Parameters
    ----------
    source : path, DataFrame or iterable of dicts
        A ``.csv``/``.tsv``/``.jsonl`` file (optionally ``.gz``), a ``.parquet``
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
    yield from _open_corpus(source, options or ScoreOptions(), encoding, 1000).records()


# ---------------------------------------------------------------- scoring one chunk


def _resolve(opts: ScoreOptions) -> tuple[Any, Any]:
    from .model import FramingModel, load_model
    from .scoring import resolve_lexicon

    model = opts.model if isinstance(opts.model, FramingModel) else load_model(opts.model)
    return model, resolve_lexicon(opts.lexicon)


@lru_cache(maxsize=8)
def _schema_for(opts: ScoreOptions) -> tuple[pa.Schema, tuple[str, ...]]:
    """The output schema for these options, and the loaded-term categories with a column."""
    from .scoring import analyze

    model, lexicon = _resolve(opts)
    template = analyze("", model=model, lexicon=lexicon).to_row()
    categories = tuple(sorted({e.category for e in lexicon} | {"other"}))
    fields = []
    for name, value in template.items():
        if isinstance(value, bool | str) or value is None:
            kind = pa.string()
        elif isinstance(value, int):
            kind = pa.int64()
        else:
            kind = pa.float64()
        fields.append(pa.field(name, kind))
    fields += [pa.field(f"terms_{c}", pa.int64()) for c in categories]
    fields += [pa.field("term_counts", pa.string()), pa.field("naming_counts", pa.string())]
    taken = {f.name for f in fields}
    for col in opts.keep_cols:
        if col in taken or col == "analysis":
            raise InputError(f"kept column {col!r} clashes with an output column of the same name")
        fields.append(pa.field(col, pa.string()))
    if opts.details:
        fields.append(pa.field("analysis", pa.string()))
    return pa.schema(fields), categories


def output_schema(options: ScoreOptions | None = None) -> pa.Schema:
    """The Arrow schema of ``framing score`` rows for these options."""
    return _schema_for(options or ScoreOptions())[0]


def _text_problem(text: Any) -> str | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "missing text"
    if not isinstance(text, str):
        return f"text is a {type(text).__name__}, not a string"
    if _SURROGATE.search(text):
        return "text has undecodable bytes (pass the right encoding)"
    if not text.strip():
        return "empty text"
    from .scoring import MAX_TEXT_CHARS

    if len(text) > MAX_TEXT_CHARS:
        return f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
    return None


def score_chunk(records: list[dict], options: ScoreOptions) -> tuple[pa.Table, list[dict]]:
    """Score a list of records (see :func:`read_records`).

    This is the one per-chunk function behind every engine: in process,
    joblib workers and Dask partitions.

    Returns
    -------
    table : pyarrow.Table
        One row per scored record, in input order, with :func:`output_schema`.
    errors : list of dict
        ``record``, ``line``, ``id`` and ``error`` for each record that was skipped.
    """
    from .scoring import analyze, analyze_many

    model, lexicon = _resolve(options)
    schema, categories = _schema_for(options)
    known = set(categories)
    rows, errors = [], []
    problems = [r["error"] or _text_problem(r["text"]) for r in records]
    good = [i for i, p in enumerate(problems) if p is None]
    try:  # one batched call of the sentence model for the whole chunk
        analyses = analyze_many(
            [records[i]["text"] for i in good],
            [records[i]["outlet"] for i in good],
            [records[i]["id"] for i in good],
            model=model,
            lexicon=lexicon,
        )
        results = dict(zip(good, analyses, strict=True))
    except Exception:  # isolate the article that fails, one by one
        results = {}
    for i, r in enumerate(records):
        problem = problems[i]
        a = results.get(i)
        if problem is None and a is None:
            try:
                a = analyze(r["text"], outlet=r["outlet"], model=model, id=r["id"], lexicon=lexicon)
            except Exception as exc:  # one bad article must not stop a corpus run
                problem = f"analysis failed: {type(exc).__name__}: {exc}"
        if problem is not None:
            errors.append(
                {"record": r["record"], "line": r["line"], "id": r["id"], "error": problem}
            )
            continue
        row = a.to_row()
        out = {f.name: row.get(f.name) for f in schema}
        for c in categories:
            out[f"terms_{c}"] = 0
        for key, value in row.items():
            if key.startswith("terms_"):
                cat = key[len("terms_") :]
                out[f"terms_{cat if cat in known else 'other'}"] += value
        terms = Counter(t.term.lower() for t in a.loaded_terms)
        out["term_counts"] = json.dumps(dict(sorted(terms.items())), ensure_ascii=False)
        out["naming_counts"] = json.dumps(
            naming_counts(r["text"], options.naming_groups), ensure_ascii=False, sort_keys=True
        )
        out.update(r["keep"])
        if options.details:
            out["analysis"] = a.to_json()
        rows.append(out)
    return pa.Table.from_pylist(rows, schema=schema), errors


def _chunks(
    records: Iterable[dict], size: int, corpus: _Corpus
) -> Iterator[tuple[int, list[dict], float | None]]:
    chunk: list[dict] = []
    index = 0
    for r in records:
        chunk.append(r)
        if len(chunk) == size:
            yield index, chunk, corpus.fraction()
            index, chunk = index + 1, []
    if chunk:
        yield index, chunk, corpus.fraction()


def _run_chunk(index: int, records: list[dict], options: ScoreOptions, part_dir: str | None):
    if multiprocessing.parent_process() is not None:
        # a worker process: Ctrl-C reaches the whole process group, and the parent stops the
        # workers itself; left to the default, a worker prints a KeyboardInterrupt traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    table, errors = score_chunk(records, options)
    if part_dir is None:
        return index, table.num_rows, errors, table
    _write_part(Path(part_dir), index, table, errors)
    return index, table.num_rows, errors, None


def _write_part(part_dir: Path, index: int, table: pa.Table, errors: list[dict]) -> None:
    """Errors first, then the Parquet part, whose presence marks the chunk done."""
    with atomic_path(part_dir / f"part-{index:06d}.errors.jsonl") as tmp:
        tmp.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8"
        )
    with atomic_path(part_dir / f"part-{index:06d}.parquet") as tmp:
        pq.write_table(table, tmp)


def _model_spec(options: ScoreOptions, n_jobs: int) -> ScoreOptions:
    """Send worker processes a model path instead of pickling the model per chunk."""
    from dataclasses import replace

    path = getattr(options.model, "path_", None)
    if n_jobs != 1 and path is not None:
        return replace(options, model=str(path))
    return options


def _local_results(
    chunks: Generator[tuple[int, list[dict], float | None], None, None],
    options: ScoreOptions,
    n_jobs: int,
    part_dir: str | None,
) -> Generator[tuple[tuple, float | None], None, None]:
    """``(result of _run_chunk, read fraction)`` per chunk, in order.

    Closing it early (an error, Ctrl-C) stops the joblib workers, cancelling their
    chunks, and closes the input, at once rather than whenever it is collected.
    """
    with contextlib.closing(chunks):
        if n_jobs == 1:
            for index, records, frac in chunks:
                yield _run_chunk(index, records, options, part_dir), frac
            return
        from joblib import Parallel, delayed

        fractions: dict[int, float | None] = {}

        def tasks():
            for index, records, frac in chunks:
                fractions[index] = frac
                yield delayed(_run_chunk)(index, records, options, part_dir)

        outputs = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")(tasks())
        try:
            for result in outputs:
                yield result, fractions.pop(result[0], None)
        finally:
            # the cancelled chunks are simply not written: joblib's warning about them is noise
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outputs.close()


# ---------------------------------------------------------------- progress


class _Progress:
    """One self-overwriting line on stderr: articles, articles/s, percent read, ETA.

    The ETA extrapolates the rate at which the input has been read since the
    start (or, when resuming, since the first new chunk).
    """

    def __init__(self, enabled: bool, resumed: bool = False):
        self.enabled = enabled
        self.start = time.monotonic()
        self.origin: tuple[float, float] | None = None if resumed else (self.start, 0.0)
        self.n = 0

    def update(self, n_new: int, fraction: float | None) -> None:
        self.n += n_new
        if not self.enabled:
            return
        now = time.monotonic()
        text = f"\r{self.n:,} articles  {self.n / max(now - self.start, 1e-9):.1f}/s"
        if fraction is not None:
            text += f"  {100 * fraction:.0f}%"
            if self.origin is None:
                self.origin = (now, fraction)
            t0, f0 = self.origin
            if fraction > f0:
                eta = int((now - t0) * (1.0 - fraction) / (fraction - f0))
                text += f"  ETA {eta // 3600}:{eta % 3600 // 60:02d}:{eta % 60:02d}"
        sys.stderr.write(text + "   ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.enabled = False


# ---------------------------------------------------------------- public entry points


def _check_args(n_jobs: int, chunk_size: int) -> None:
    if n_jobs == 0 or not isinstance(n_jobs, int):
        raise InputError(f"n_jobs must be a non-zero integer, not {n_jobs!r}")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")


def _strict_error(e: dict, name: str) -> InputError:
    where = f"line {e['line']}" if e.get("line") else f"record {e['record']}"
    return InputError(f"{name}: {where} (id {e['id']}): {e['error']}")


def score_corpus(
    data: Any,
    text_col: str = "text",
    id_col: str = "id",
    outlet_col: str = "outlet",
    n_jobs: int = 1,
    *,
    keep_cols: Iterable[str] = (),
    details: bool = False,
    strict: bool = False,
    chunk_size: int = 100,
    encoding: str | None = None,
    model: Any = None,
    lexicon: Any = None,
) -> pd.DataFrame:
    """Score every article of a corpus; one row per article.

    Parameters
    ----------
    data : DataFrame, iterable of dicts, or path
        In-memory rows, or a corpus file/folder (see :func:`read_records`).
    text_col, id_col, outlet_col : str
        Column names of the text, the id and the outlet. Without an id the
        article's id is ``"row-<record number>"`` (1-based).
    n_jobs : int
        Worker processes (joblib; ``-1`` for all cores). The model is loaded
        once per worker.
    keep_cols : iterable of str
        Input columns copied into the result as text.
    details : bool
        Add an ``analysis`` column with the full JSON analysis.
    strict : bool
        Raise :class:`InputError` on the first row that cannot be scored
        instead of skipping it.
    chunk_size : int
        Articles per chunk (the unit of work sent to a worker).
    encoding : str, optional
        Encoding of text input files (default UTF-8).
    model, lexicon
        As for :func:`framing.analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns: id, outlet, framing_score, the sub-scores, counts
        (n_sentences, n_words, n_loaded_terms, loaded_terms_per_1k_words,
        n_attributions, ...), attribution signals (``share_source_<type>``,
        ``share_stance_<stance>``, ``unattributed_share``...), top_terms,
        ``terms_<category>`` counts, ``term_counts`` and ``naming_counts``
        (JSON), kept columns, and ``analysis`` with ``details``. Skipped rows
        are listed in ``df.attrs["errors"]`` (and a warning says how many).
    """
    _check_args(n_jobs, chunk_size)
    options = ScoreOptions(text_col, id_col, outlet_col, tuple(keep_cols), details, model, lexicon)
    corpus = _open_corpus(data, options, encoding, chunk_size)
    schema, _ = _schema_for(options)
    tables, errors = [], []
    chunks = _chunks(corpus.records(), chunk_size, corpus)
    with contextlib.closing(
        _local_results(chunks, _model_spec(options, n_jobs), n_jobs, None)
    ) as results:
        for (_, _, chunk_errors, table), _ in results:
            if strict and chunk_errors:
                raise _strict_error(chunk_errors[0], corpus.name)
            tables.append(table)
            errors.extend(chunk_errors)
    df = pa.concat_tables(tables).to_pandas() if tables else schema.empty_table().to_pandas()
    df.attrs["errors"] = errors
    if errors:
        warnings.warn(
            f"{len(errors)} row(s) could not be scored (first: {_strict_error(errors[0], corpus.name)}); "
            "see df.attrs['errors']",
            UserWarning,
            stacklevel=2,
        )
    return df


def _output_format(out: Path) -> str:
    fmt = OUTPUT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(f"{out}: unknown output format; use .parquet, .csv or .jsonl")
    return fmt


def score_file(
    source: str | os.PathLike,
    out: str | os.PathLike,
    *,
    text_col: str = "text",
    id_col: str = "id",
    outlet_col: str = "outlet",
    keep_cols: Iterable[str] = (),
    n_jobs: int = 1,
    chunk_size: int = 100,
    resume: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    details: bool = False,
    strict: bool = False,
    encoding: str | None = None,
    model: Any = None,
    lexicon: Any = None,
    progress: bool | None = None,
    on_chunk: Callable[[int, int, list[dict]], None] | None = None,
) -> ScoreSummary:
    """Score a corpus file or folder into ``out`` (``.parquet``, ``.csv`` or ``.jsonl``).

    Memory stays flat in the corpus size: records are read, scored and
    written chunk by chunk. See the module docstring for ids, parts, resume
    and the errors file.

    Parameters
    ----------
    source : path
        Corpus file or folder (see :func:`read_records`).
    out : path
        Output file; its suffix chooses the format. Replaced atomically.
    text_col, id_col, outlet_col, keep_cols, details, strict, chunk_size, encoding, model, lexicon
        As for :func:`score_corpus`.
    n_jobs : int
        joblib worker processes (local engine), or local Dask workers when
        ``engine="dask"`` and no ``scheduler`` is given.
    resume : bool
        Continue the interrupted run whose parts are in ``OUT.parts/``.
    engine : {"local", "dask"}
        ``"dask"`` runs :func:`score_chunk` over ``dask.dataframe``
        partitions with ``map_partitions`` (needs ``framing-lens[dask]``).
    scheduler : str, optional
        Dask scheduler address; default: a local cluster of ``n_jobs`` workers.
    progress : bool, optional
        Show a progress line on stderr; default: when stderr is a terminal.
    on_chunk : callable, optional
        Called as ``on_chunk(index, n_rows, errors)`` after each chunk is written.

    Returns
    -------
    ScoreSummary
    """
    _check_args(n_jobs, chunk_size)
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use 'local' or 'dask'")
    out = check_writable(out)
    fmt = _output_format(out)
    options = _model_spec(
        ScoreOptions(text_col, id_col, outlet_col, tuple(keep_cols), details, model, lexicon),
        n_jobs,
    )
    corpus = _open_corpus(source, options, encoding, chunk_size)
    schema, _ = _schema_for(options)
    part_dir = Path(f"{out}.parts")
    manifest = {
        "format": _MANIFEST_VERSION,
        "input": corpus.fingerprint(),
        "options": options.signature(),
        "chunk_size": chunk_size,
        "strict": strict,
        "engine": engine,
        "encoding": encoding,
        "columns": schema.names,
    }
    if engine == "dask":
        _check_dask(corpus)
    done = _prepare_parts(part_dir, manifest, resume)
    started = time.monotonic()
    bar = _Progress(sys.stderr.isatty() if progress is None else progress, resumed=bool(done))
    n_chunks, n_now = 0, 0
    results: Generator | None = None
    bad_row = False
    try:
        if engine == "local":

            def pending():
                nonlocal n_chunks
                for index, records, frac in _chunks(corpus.records(), chunk_size, corpus):
                    n_chunks = index + 1
                    if index not in done:
                        yield index, records, frac

            results = _local_results(pending(), options, n_jobs, str(part_dir))
        else:
            n_chunks, results = _dask_results(
                corpus, options, chunk_size, n_jobs, scheduler, part_dir, done
            )
        for (index, n_rows, errors, _), frac in results:
            if strict and errors:
                bad_row = True
                raise _strict_error(errors[0], corpus.name)
            n_now += n_rows
            bar.update(n_rows + len(errors), frac)
            if on_chunk is not None:
                on_chunk(index, n_rows, errors)
        bar.close()
        n_rows, errors_path, n_errors = _assemble(part_dir, n_chunks, out, fmt, schema)
    except BaseException as exc:  # a bad row with strict, an error, Ctrl-C, a full disk
        if results is not None:
            results.close()  # stop the workers before anything else
        bar.close()
        n_done = len(list(part_dir.glob("part-*.parquet")))
        if (
            bad_row or not n_done
        ):  # strict leaves nothing; without a finished chunk there is nothing to resume
            shutil.rmtree(part_dir, ignore_errors=True)
        elif isinstance(exc, InputError):  # output that could not be written: say how to go on
            raise InputError(
                f"{exc}; the {n_done} finished chunk(s) are kept in {part_dir}: run the "
                "same command again with --resume once that is fixed"
            ) from None
        raise
    shutil.rmtree(part_dir)
    return ScoreSummary(
        output=out,
        n_articles=n_rows,
        n_errors=n_errors,
        seconds=time.monotonic() - started,
        n_chunks=n_chunks,
        n_resumed_chunks=len(done),
        errors_path=errors_path,
        n_scored_now=n_now,
    )


def _prepare_parts(part_dir: Path, manifest: dict, resume: bool) -> set[int]:
    """Create the parts folder, or check it belongs to the same run and list finished chunks."""
    manifest_path = part_dir / "manifest.json"
    if part_dir.exists():
        if not resume:
            raise InputError(
                f"{part_dir} holds an interrupted run: pass --resume to continue it, or delete it"
            )
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InputError(
                f"{manifest_path}: missing or unreadable; delete {part_dir} and start again"
            ) from None
        changed = [k for k in manifest if old.get(k) != manifest[k]]
        if changed:
            raise InputError(
                f"cannot resume: the {changed[0]} changed since the interrupted run "
                f"({part_dir}); use the same input and options, or delete the folder"
            )
        for tmp in part_dir.glob(".*.tmp"):
            tmp.unlink()
        return {
            int(p.name[len("part-") : -len(".parquet")]) for p in part_dir.glob("part-*.parquet")
        }
    part_dir.mkdir()
    from .outputs import atomic_write_text

    try:
        atomic_write_text(manifest_path, json.dumps(manifest, indent=2))
    except BaseException:
        shutil.rmtree(part_dir, ignore_errors=True)
        raise
    return set()


def _assemble(
    part_dir: Path, n_chunks: int, out: Path, fmt: str, schema: pa.Schema
) -> tuple[int, Path | None, int]:
    """Concatenate the parts into ``out`` and their errors into ``OUT.errors.jsonl``, atomically."""
    parts = [part_dir / f"part-{i:06d}.parquet" for i in range(n_chunks)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise InputError(f"{part_dir}: chunk(s) {', '.join(missing[:5])} missing")
    n_rows = 0
    with atomic_path(out) as tmp:
        if fmt == "parquet":
            # parts are merged into row groups of about ROW_GROUP_BYTES: one row group per
            # chunk would make the footer, and the writer's memory, grow with the corpus
            with pq.ParquetWriter(tmp, schema) as writer:
                group: list[pa.Table] = []
                size = 0
                for i, p in enumerate(parts):
                    table = pq.read_table(p)
                    n_rows += table.num_rows
                    group.append(table)
                    size += table.nbytes
                    if size >= ROW_GROUP_BYTES or i == len(parts) - 1:
                        writer.write_table(pa.concat_tables(group))
                        group, size = [], 0
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                if fmt == "csv":
                    csv.writer(f).writerow(schema.names)
                for p in parts:
                    table = pq.read_table(p)
                    n_rows += table.num_rows
                    _write_text_rows(f, table, fmt)
    errors_path = Path(f"{out}.errors.jsonl")
    n_errors = 0
    with atomic_path(errors_path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            for i in range(n_chunks):
                with open(part_dir / f"part-{i:06d}.errors.jsonl", encoding="utf-8") as part:
                    for line in part:
                        f.write(line)
                        n_errors += 1
    if n_errors == 0:
        errors_path.unlink()
        return n_rows, None, 0
    return n_rows, errors_path, n_errors


def _write_text_rows(f: IO[str], table: pa.Table, fmt: str) -> None:
    if fmt == "csv":
        table.to_pandas().to_csv(f, header=False, index=False, lineterminator="\n")
        return
    for row in table.to_pylist():
        for key in JSON_COLUMNS:
            if row.get(key) is not None:
                row[key] = json.loads(row[key])
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- Dask engine


def _check_dask(corpus: _Corpus) -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise InputError("--engine dask needs Dask: pip install 'framing-lens[dask]'") from None
    if not isinstance(corpus, _Parquet | _TextFile):
        raise InputError(
            f"{corpus.name}: the dask engine reads CSV, JSONL and Parquet files; "
            "use the local engine for this input"
        )


def _dask_frame(corpus: _Corpus, options: ScoreOptions, chunk_size: int) -> Any:
    """The corpus as a dask DataFrame, partitioned by ``chunk_size`` articles' worth of bytes."""
    import dask.dataframe as dd

    blocksize = chunk_size * DASK_BYTES_PER_ARTICLE
    wanted = list(
        dict.fromkeys((options.text_col, options.id_col, options.outlet_col, *options.keep_cols))
    )
    if isinstance(corpus, _Parquet):
        return dd.read_parquet(
            corpus.path, columns=[c for c in wanted if c in corpus.columns()], split_row_groups=True
        )
    assert isinstance(corpus, _TextFile)
    gz = corpus.path.name.endswith(".gz")
    common = {"blocksize": None if gz else blocksize, "encoding": corpus.encoding}
    if isinstance(corpus, _JsonLines):
        meta = pd.DataFrame({c: pd.Series(dtype=object) for c in wanted})
        return dd.read_json(
            corpus.path,
            lines=True,
            meta=meta,
            engine=functools.partial(_json_block, columns=wanted),
            **common,
        )
    # quoted CSV fields may contain newlines, so a CSV is never split at byte offsets
    return dd.read_csv(
        corpus.path,
        sep=corpus.delimiter,
        dtype=str,
        keep_default_na=False,
        compression="gzip" if gz else None,
        **{**common, "blocksize": None},
    )


def _json_block(
    buffer: Any, orient: str, lines: bool, columns: list[str], **kwargs: Any
) -> pd.DataFrame:
    """One JSONL block with exactly ``columns`` (records differ in their keys), as objects."""
    df = pd.read_json(buffer, orient=orient, lines=lines, dtype=False, **kwargs)
    return df.reindex(columns=columns).astype(object)


def _partition_frame(table: pa.Table, errors: list[dict], schema: pa.Schema) -> pd.DataFrame:
    """Scored rows then skipped rows (typed placeholders, marked in ``_error``) as one frame."""
    placeholder = {f.name: (0 if pa.types.is_integer(f.type) else None) for f in schema}
    bad = pa.Table.from_pylist([{**placeholder, "id": str(e["id"])} for e in errors], schema=schema)
    df = pa.concat_tables([table, bad]).to_pandas()
    df["_error"] = pd.Series([None] * table.num_rows + [e["error"] for e in errors], dtype=object)
    df["_record"] = pd.Series([0] * table.num_rows + [e["record"] for e in errors], dtype="int64")
    return df


def _score_partition(
    pdf: pd.DataFrame, options: ScoreOptions, offsets: list[int], partition_info: dict | None = None
) -> pd.DataFrame:
    start = offsets[partition_info["number"]] if partition_info else 0
    records = [
        _record(start + k, None, obj, options) for k, obj in enumerate(pdf.to_dict("records"), 1)
    ]
    table, errors = score_chunk(records, options)
    return _partition_frame(table, errors, _schema_for(options)[0])


def _dask_results(
    corpus: _Corpus,
    options: ScoreOptions,
    chunk_size: int,
    n_jobs: int,
    scheduler: str | None,
    part_dir: Path,
    done: set[int],
) -> tuple[int, Generator]:
    """Run :func:`score_chunk` over the partitions with ``map_partitions``; one part per partition."""
    import itertools
    from collections import deque

    from distributed import Client, LocalCluster

    ddf = _dask_frame(corpus, options, chunk_size)
    schema = _schema_for(options)[0]
    if scheduler:
        cluster, client = None, Client(scheduler)
    else:
        workers = n_jobs if n_jobs > 0 else (os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1)
        client = Client(cluster)
    try:
        lengths = ddf.map_partitions(len).compute()
        offsets = [0, *itertools.accumulate(int(n) for n in lengths)]
        meta = _partition_frame(schema.empty_table(), [], schema)
        scored = ddf.map_partitions(_score_partition, options, offsets[:-1], meta=meta)
        partitions = scored.to_delayed()
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise
    n = len(partitions)
    window = max(2, 2 * len(client.scheduler_info().get("workers", {})))

    def finish(index: int, future: Any) -> tuple[tuple, float]:
        pdf = future.result()
        bad = pdf["_error"].notna()
        errors = [
            {"record": int(r), "line": None, "id": i, "error": e}
            for r, i, e in zip(pdf["_record"][bad], pdf["id"][bad], pdf["_error"][bad], strict=True)
        ]
        ok = pdf.loc[~bad, schema.names]
        table = pa.Table.from_pandas(ok, schema=schema, preserve_index=False)
        _write_part(part_dir, index, table, errors)
        return (index, table.num_rows, errors, None), (index + 1) / n

    def results() -> Iterator[tuple[tuple, float]]:
        pending: deque = deque()
        try:
            for index, part in enumerate(partitions):
                if index in done:
                    continue
                pending.append((index, client.compute(part)))
                if len(pending) >= window:
                    yield finish(*pending.popleft())
            while pending:
                yield finish(*pending.popleft())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return n, results()
