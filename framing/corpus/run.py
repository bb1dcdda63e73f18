"""Scoring whole corpora: :func:`score_corpus` (into a DataFrame) and :func:`score_file`
(into a file, resumable).

A corpus (see :mod:`framing.corpus.records`) is read as a stream of records and scored
in chunks of ``chunk_size`` articles by :func:`framing.corpus.rows.score_chunk`, in this
process, in joblib worker processes (``n_jobs``) or on a Dask cluster (``engine="dask"``;
:mod:`framing.corpus.engines`). Memory stays flat in the corpus size.

:func:`score_file` keeps the finished chunks in ``OUT.parts/`` until every chunk is done
and then assembles ``OUT`` (:mod:`framing.corpus.parts`), so a killed run can be resumed
with ``resume=True`` without losing or repeating a row. Rows that cannot be scored
(missing or empty text, a non-string text, undecodable bytes, invalid JSON, a CSV row
with the wrong number of fields) are skipped and listed in ``OUT.errors.jsonl`` with
their record number, line and id; ``strict=True`` fails on the first one instead.

A file that breaks off while it is read (a truncated or corrupt gzip, a damaged Parquet
page, a disk error) is handled the same way: the rows before the damage are scored and
the damage is listed as one failed row at the line (or row) where it starts; a file that
cannot be read at all is an error. Output that cannot be written (a missing or read-only
folder, a full disk) is found before anything is scored where it can be; a write that
fails later keeps the finished parts, so the run can be resumed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import __version__
from ..errors import InputError, option, path_argument
from ..lexicon import Lexicon
from ..model import SentenceModel
from ..outputs import check_writable, input_scope
from ..signals import on_stop_signals
from ..tables import TableWriter, output_format
from .engines import check_dask, dask_results, local_results, model_spec
from .options import ScoreOptions
from .parts import (
    MANIFEST_VERSION,
    NothingScored,
    assemble,
    check_sidecars,
    finished,
    parts_dir,
    prepare_parts,
    run_lock,
)
from .progress import Progress
from .records import Corpus, open_corpus, open_files
from .rows import JSON_COLUMNS, output_names, schema_for

__all__ = ["ScoreSummary", "score_corpus", "score_file", "score_stream"]


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
    #: With ``on_duplicate_id="warn"``: what repeats (None when every id is unique).
    duplicate_ids: str | None = None

    @property
    def rate(self) -> float:
        """Articles scored per second in this run (resumed chunks excluded)."""
        return self.n_scored_now / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.n_articles:,} articles scored, {self.n_errors:,} failed, "
            f"in {self.seconds:.1f} s ({self.rate:.1f} articles/s) -> "
            f"{'standard output' if str(self.output) == '-' else self.output}"
        )
        if self.n_resumed_chunks:
            text += f"; {self.n_resumed_chunks} chunk(s) taken from the interrupted run"
        if self.errors_path is not None:
            text += f"; failures listed in {self.errors_path}"
        if self.duplicate_ids:
            text += f"\nwarning: {self.duplicate_ids.split(': ', 1)[1].split('; ids must')[0]}"
        return text


#: What :func:`score_file` and :func:`score_corpus` do when two records share an id.
ON_DUPLICATE_ID = ("error", "warn", "keep")


class DuplicateIds:
    """Finds ids seen before in a stream of records, in about 8 bytes per id.

    Ids are hashed (Python's string hash, stable within the process); the most recent
    hashes are kept in a set and merged into a sorted array every :attr:`MERGE` ids.
    """

    MERGE = 1 << 20
    EXAMPLES = 3

    def __init__(self, name: str) -> None:
        self.name = name
        self.old = np.empty(0, dtype=np.int64)
        self.recent: set[int] = set()
        self.count = 0
        self.examples: list[dict] = []

    def add(self, records: list[dict]) -> int:
        """Check the ids of ``records``; return how many repeat an earlier id (a row that
        cannot be read and has no id is no repeat)."""
        records = [r for r in records if r["id"] is not None]
        hashes = np.fromiter((hash(r["id"]) for r in records), dtype=np.int64, count=len(records))
        known = np.zeros(len(hashes), dtype=bool)
        if self.old.size:
            at = np.minimum(np.searchsorted(self.old, hashes), self.old.size - 1)
            known = self.old[at] == hashes
        n = 0
        for r, h, old in zip(records, hashes.tolist(), known.tolist(), strict=True):
            if old or h in self.recent:
                n += 1
                if len(self.examples) < self.EXAMPLES:
                    self.examples.append(r)
            else:
                self.recent.add(h)
        if len(self.recent) >= self.MERGE:
            self.old = np.union1d(self.old, np.fromiter(self.recent, dtype=np.int64))
            self.recent = set()
        self.count += n
        return n

    def message(self) -> str:
        shown = ", ".join(
            f"{r['id']!r} (record {r['record']}" + (f", line {r['line']})" if r["line"] else ")")
            for r in self.examples
        )
        return (
            f"{self.name}: {self.count:,} record(s) repeat an earlier id (first: {shown}); "
            "ids must be unique: fix them, or pass --on-duplicate-id warn (or keep) to score "
            "them anyway"
        )


def _check_duplicates(mode: str) -> None:
    if mode not in ON_DUPLICATE_ID:
        raise InputError(
            f"on_duplicate_id must be one of {', '.join(ON_DUPLICATE_ID)}, not {mode!r}"
        )


def _unique(
    chunks: Iterator[tuple[int, list[dict], float | None]], ids: DuplicateIds, mode: str
) -> Iterator[tuple[int, list[dict], float | None]]:
    """The chunks, their ids checked (``on_duplicate_id`` ``mode``): with ``"error"`` none is
    given after the first repeated id, and the rest is read only to count the repeats."""
    stop = False
    for index, records, frac in chunks:
        if mode != "keep" and ids.add(records):
            stop = stop or mode == "error"
        if not stop:
            yield index, records, frac


def _chunks(
    records: Iterable[dict], size: int, corpus: Corpus
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


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP during :func:`score_file`, handled like Ctrl-C; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _signals_as_interrupt() -> contextlib.AbstractContextManager[None]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` in this block (main thread only), so
    that a run stopped by ``kill`` or a closed terminal stops its workers, keeps its finished
    chunks and says how to resume, as Ctrl-C does."""

    def handler(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    return on_stop_signals(handler)


def _check_args(n_jobs: int, chunk_size: int) -> None:
    if n_jobs == 0 or not isinstance(n_jobs, int):
        raise InputError(f"n_jobs must be a non-zero integer, not {n_jobs!r}")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")


def error_line(e: dict, name: str) -> str:
    """A row that could not be scored, in one line: its input, record number, physical line
    and id where known ("c.csv: record 3 (line 7, id a3): ..."): the same words on stderr,
    under ``--strict`` and in the warning of :func:`score_corpus`."""
    where = [f"line {e['line']}"] if e.get("line") else []
    if e.get("id") is not None:
        where.append(f"id {e['id']}")
    place = f"record {e['record']}" + (f" ({', '.join(where)})" if where else "")
    return f"{e.get('input', name)}: {place}: {e['error']}"


def _strict_error(e: dict, name: str) -> InputError:
    return InputError(error_line(e, name))


def score_corpus(
    data: pd.DataFrame | pd.Series | Iterable[str] | Iterable[dict] | str | os.PathLike,
    text_col: str = "text",
    id_col: str = "id",
    outlet_col: str = "outlet",
    n_jobs: int = 1,
    *,
    keep_cols: Iterable[str] | None = None,
    drop_cols: Iterable[str] = (),
    details: bool = False,
    strict: bool = False,
    chunk_size: int = 100,
    encoding: str | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
    html: bool = False,
    quoting: str | None = None,
    on_duplicate_id: str = "error",
) -> pd.DataFrame:
    """Score every article of a corpus; one row per article.

    Parameters
    ----------
    data : DataFrame, Series, iterable of str or of dicts, or path
        In-memory rows (a DataFrame, or dicts, with a text column), texts (a Series or any
        iterable of str: ids ``row-<n>``, no outlet), or a corpus file/folder (see
        :func:`read_records`). A str is a path.
    text_col, id_col, outlet_col : str
        Column names of the text, the id and the outlet. Without an id the
        article's id is ``"row-<record number>"`` (1-based); a missing id or outlet
        column is warned about (:class:`framing.errors.ColumnWarning`).
    n_jobs : int
        Worker processes (joblib; ``-1`` for all cores). The model is loaded
        once per worker.
    keep_cols : iterable of str, optional
        Input columns copied into the result as text. Default: every column but the
        text column (and ``drop_cols``), each under its own name.
    drop_cols : iterable of str
        Input columns not to copy into the result.
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
    html : bool
        The texts are HTML pages: each is reduced to its article text first
        (``pip install 'framing-lens[html]'``); offsets index into that text.
    quoting : {"csv", "auto", "none"}, optional
        How quotes in a CSV/TSV input are read (:class:`framing.tables.DelimitedTable`);
        default ``"csv"`` for CSV, ``"auto"`` for TSV.
    on_duplicate_id : {"error", "warn", "keep"}
        As for :func:`score_file` (``"warn"`` issues a warning).

    Returns
    -------
    pandas.DataFrame
        Columns: id, outlet, framing_score, the sub-scores, counts
        (n_sentences, n_words, n_loaded_terms, loaded_terms_per_1k_words,
        n_attributions, ...), attribution signals (``share_source_<type>``,
        ``share_stance_<stance>``, ``unattributed_share``...), top_terms,
        ``terms_<category>`` counts, ``term_counts`` and ``naming_counts``
        (JSON), the kept columns, and ``analysis`` with ``details``. The index is that
        of a DataFrame or Series given (rows that could not be scored are missing),
        else 0..n-1. Skipped rows are listed in ``df.attrs["errors"]`` (and a warning
        says how many).
    """
    _check_args(n_jobs, chunk_size)
    _check_duplicates(on_duplicate_id)
    options = _options(
        text_col, id_col, outlet_col, keep_cols, drop_cols, details, model, lexicon, html
    )
    corpus = open_corpus(data, options, encoding, chunk_size, warn=True, quoting=quoting)
    options = output_names(corpus.opts)
    corpus.opts = options
    schema, _ = schema_for(options)
    tables, errors = [], []
    ids = DuplicateIds(corpus.name)

    chunks = _unique(_chunks(corpus.records(), chunk_size, corpus), ids, on_duplicate_id)
    with contextlib.closing(
        local_results(chunks, model_spec(options, n_jobs), n_jobs, None)
    ) as results:
        for (_, _, chunk_errors, table), _ in results:
            if strict and chunk_errors:
                raise _strict_error(chunk_errors[0], corpus.name)
            tables.append(table)
            errors.extend(chunk_errors)
    if ids.count:
        if on_duplicate_id == "error":
            raise InputError(ids.message())
        warnings.warn(ids.message().split("; ids must")[0], UserWarning, stacklevel=2)
    df = pa.concat_tables(tables).to_pandas() if tables else schema.empty_table().to_pandas()
    if corpus.index is not None:
        failed = {e["record"] - 1 for e in errors}
        df.index = corpus.index[[i for i in range(len(corpus.index)) if i not in failed]]
    df.attrs["errors"] = errors
    if errors:
        warnings.warn(
            f"{len(errors)} row(s) could not be scored (first: {_strict_error(errors[0], corpus.name)}); "
            "see df.attrs['errors']",
            UserWarning,
            stacklevel=2,
        )
    return df


def _options(
    text_col: str,
    id_col: str,
    outlet_col: str,
    keep_cols: Iterable[str] | None,
    drop_cols: Iterable[str],
    details: bool,
    model: SentenceModel | str | os.PathLike | None,
    lexicon: Lexicon | str | os.PathLike | None,
    html: bool = False,
) -> ScoreOptions:
    if isinstance(keep_cols, str) or isinstance(drop_cols, str):
        name = "keep_cols" if isinstance(keep_cols, str) else "drop_cols"
        raise InputError(f"{option(name)} must be a list of column names, not one str")
    drop_cols = tuple(drop_cols)
    if keep_cols is not None and drop_cols:
        raise InputError(
            f"give {option('keep_cols')} (only these columns) or {option('drop_cols')} "
            "(all but these), not both"
        )
    return ScoreOptions(
        text_col,
        id_col,
        outlet_col,
        None if keep_cols is None else tuple(keep_cols),
        details,
        model,
        lexicon,
        drop_cols=tuple(drop_cols),
        html=bool(html),
    )


def score_file(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    text_col: str = "text",
    id_col: str = "id",
    outlet_col: str = "outlet",
    keep_cols: Iterable[str] | None = None,
    drop_cols: Iterable[str] = (),
    n_jobs: int = 1,
    chunk_size: int = 100,
    resume: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    details: bool = False,
    strict: bool = False,
    encoding: str | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
    html: bool = False,
    progress: bool | None = None,
    on_chunk: Callable[[int, int, list[dict]], None] | None = None,
    quoting: str | None = None,
    on_duplicate_id: str = "error",
) -> ScoreSummary:
    """Score a corpus file or folder into ``out`` (``.parquet``, ``.csv`` or ``.jsonl``).

    Memory stays flat in the corpus size: records are read, scored and
    written chunk by chunk. See the module docstring for ids, parts, resume
    and the errors file.

    Parameters
    ----------
    source : path, or a list of paths
        Corpus file or folder (see :func:`read_records`), or several of them (glob
        patterns are expanded), read one after the other as one corpus.
    out : path
        Output file; its suffix chooses the format. Replaced atomically.
    text_col, id_col, outlet_col, keep_cols, drop_cols, details, strict, chunk_size,
    encoding, model, lexicon, html, quoting
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
    on_duplicate_id : {"error", "warn", "keep"}
        Two records with one id: refuse the run (the default; it stops at the first and
        reads on only to count them), score them and say so in the summary, or score them
        silently. Ids are kept as the exact strings read. Not checked by the Dask engine.

    Returns
    -------
    ScoreSummary
    """
    _check_sources(source)
    path_argument(out, "out")
    _check_args(n_jobs, chunk_size)
    _check_duplicates(on_duplicate_id)
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use 'local' or 'dask'")
    with input_scope(), _signals_as_interrupt():
        return _score_file(
            source,
            out,
            _options(
                text_col, id_col, outlet_col, keep_cols, drop_cols, details, model, lexicon, html
            ),
            n_jobs=n_jobs,
            chunk_size=chunk_size,
            resume=resume,
            engine=engine,
            scheduler=scheduler,
            strict=strict,
            encoding=encoding,
            progress=progress,
            on_chunk=on_chunk,
            quoting=quoting,
            on_duplicate_id=on_duplicate_id,
        )


def _check_sources(source: Any) -> None:
    """Refuse, in Python terms, a ``source`` that is no path nor a non-empty list of paths."""
    if isinstance(source, str | os.PathLike):
        path_argument(source, "source")
        return
    if not isinstance(source, list | tuple):
        raise InputError(
            f"source must be a path (str or os.PathLike) or a list of paths, not "
            f"{type(source).__name__}"
        )
    if not source:
        raise InputError("source is an empty list: give at least one path")
    for i, s in enumerate(source):
        path_argument(s, f"source[{i}]")


def _score_file(
    source: str | os.PathLike,
    out: str | os.PathLike,
    options: ScoreOptions,
    *,
    n_jobs: int,
    chunk_size: int,
    resume: bool,
    engine: str,
    scheduler: str | None,
    strict: bool,
    encoding: str | None,
    progress: bool | None,
    on_chunk: Callable[[int, int, list[dict]], None] | None,
    quoting: str | None,
    on_duplicate_id: str,
) -> ScoreSummary:
    output_format(out)
    sources = [source] if isinstance(source, str | os.PathLike) else source
    corpus = open_files(sources, options, encoding, chunk_size, warn=True, quoting=quoting)
    options = model_spec(output_names(corpus.opts), n_jobs)
    corpus.opts = options
    out = check_writable(out)  # after the inputs are opened (and registered)
    check_sidecars(out)
    schema, _ = schema_for(options)
    part_dir = parts_dir(out)
    manifest = {
        "format": MANIFEST_VERSION,
        "framing": __version__,  # parts scored by another release are not mixed in
        "input": corpus.fingerprint(),
        "options": options.signature(),
        "chunk_size": chunk_size,
        "strict": strict,
        "engine": engine,
        "encoding": encoding,
        "quoting": quoting,
        "columns": schema.names,
    }
    if engine == "dask":
        check_dask(corpus)
    with run_lock(out):  # one run per output at a time
        done = prepare_parts(part_dir, manifest, resume)
        started = time.monotonic()
        bar = Progress(sys.stderr.isatty() if progress is None else progress, resumed=bool(done))
        n_chunks, n_now = 0, 0
        results: Generator | None = None
        bad_row = False
        ids = DuplicateIds(corpus.name)
        try:
            if engine == "local":

                def pending():
                    nonlocal n_chunks
                    chunks = _chunks(corpus.records(), chunk_size, corpus)
                    for index, records, frac in _unique(chunks, ids, on_duplicate_id):
                        n_chunks = index + 1
                        if index not in done:
                            yield index, records, frac

                results = local_results(pending(), options, n_jobs, str(part_dir))
            else:
                n_chunks, results = dask_results(
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
            if ids.count and on_duplicate_id == "error":
                bad_row = True  # the input has to change: nothing to resume
                raise InputError(ids.message())
            try:
                _check_unchanged(corpus, manifest["input"], out)
                n_rows, errors_path, n_errors = assemble(part_dir, n_chunks, out, schema)
            except NothingScored:
                bad_row = True  # nothing to resume
                raise
        except BaseException as exc:  # a bad row with strict, an error, Ctrl-C, a full disk
            if results is not None:
                results.close()  # stop the workers before anything else
            bar.close()
            n_done = len(finished(part_dir))
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
        duplicate_ids=ids.message() if ids.count else None,
    )


class InputChanged(NothingScored):
    """The input is no longer what it was when the run started (edited, truncated, replaced
    or deleted during the run: rows read before and after would not add up). Like
    :class:`NothingScored`, its parts cannot be resumed and its output is not written."""


def _check_unchanged(corpus: Corpus, fingerprint: dict, out: str | os.PathLike) -> None:
    """Raise :class:`InputChanged` when the input's fingerprint differs from ``fingerprint``."""
    try:
        same = corpus.fingerprint() == fingerprint
    except OSError:
        same = False
    if not same:
        raise InputChanged(
            f"{corpus.name}: changed while it was being scored (its content is not what it "
            f"was when the run started); {out} is left as it was: score it again"
        )


def score_stream(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    stream: IO[str],
    *,
    fmt: str = "jsonl",
    text_col: str = "text",
    id_col: str = "id",
    outlet_col: str = "outlet",
    keep_cols: Iterable[str] | None = None,
    drop_cols: Iterable[str] = (),
    n_jobs: int = 1,
    chunk_size: int = 100,
    details: bool = False,
    strict: bool = False,
    encoding: str | None = None,
    model: SentenceModel | str | os.PathLike | None = None,
    lexicon: Lexicon | str | os.PathLike | None = None,
    html: bool = False,
    progress: bool | None = None,
    on_error: Callable[[dict], None] | None = None,
    quoting: str | None = None,
    on_duplicate_id: str = "keep",
) -> ScoreSummary:
    """Score a corpus onto an open text stream (``sys.stdout``): JSON Lines, CSV or TSV, chunk
    by chunk in input order, as ``framing score ... -o -`` does.

    Nothing is kept on disk, so such a run cannot be resumed. Each row that cannot be
    scored is passed to ``on_error`` (a dict with ``record``, ``line``, ``id``, ``error``)
    as soon as its chunk is done; with ``strict`` the first one raises instead. With
    ``on_duplicate_id="error"`` the ids are read through once before anything is written, so
    that a corpus with repeated ids writes nothing. The other parameters are those of
    :func:`score_file`.
    """
    _check_args(n_jobs, chunk_size)
    _check_duplicates(on_duplicate_id)
    if fmt not in ("jsonl", "csv", "tsv"):
        raise InputError(f"fmt must be 'jsonl', 'csv' or 'tsv', not {fmt!r}")
    options = _options(
        text_col, id_col, outlet_col, keep_cols, drop_cols, details, model, lexicon, html
    )
    sources = [source] if isinstance(source, str | os.PathLike) else source
    corpus = open_files(sources, options, encoding, chunk_size, warn=True, quoting=quoting)
    options = output_names(corpus.opts)
    corpus.opts = options
    schema, _ = schema_for(options)
    started = time.monotonic()
    bar = Progress(sys.stderr.isatty() if progress is None else progress)
    ids = DuplicateIds(corpus.name)
    if on_duplicate_id == "error":  # nothing can be taken back from a stream: check first
        for _ in _unique(_chunks(corpus.records(), chunk_size, corpus), ids, "error"):
            pass
        if ids.count:
            raise InputError(ids.message())
    writer = TableWriter(stream, fmt, schema, json_columns=JSON_COLUMNS)  # type: ignore[arg-type]
    n_rows = n_errors = n_chunks = 0
    mode = "warn" if on_duplicate_id == "warn" else "keep"
    chunks = _unique(_chunks(corpus.records(), chunk_size, corpus), ids, mode)
    try:
        with contextlib.closing(
            local_results(chunks, model_spec(options, n_jobs), n_jobs, None)
        ) as results:
            for (_, rows, errors, table), frac in results:
                if strict and errors:
                    raise _strict_error(errors[0], corpus.name)
                writer.write(table)
                n_rows, n_errors, n_chunks = n_rows + rows, n_errors + len(errors), n_chunks + 1
                for e in errors:
                    if on_error is not None:
                        on_error(e)
                bar.update(rows + len(errors), frac)
    finally:
        bar.close()
        writer.close()
    return ScoreSummary(
        output=Path("-"),
        n_articles=n_rows,
        n_errors=n_errors,
        seconds=time.monotonic() - started,
        n_chunks=n_chunks,
        n_scored_now=n_rows,
        duplicate_ids=ids.message() if ids.count else None,
    )
