"""Where chunks are scored: in this process, in joblib worker processes, or on a Dask cluster.

Every engine runs the same per-chunk function, :func:`framing.corpus.rows.score_chunk`,
and writes each finished chunk as a part (:func:`framing.corpus.parts.write_part`). The
model is loaded once per worker process (workers get its path, not a pickled copy).

Local (:func:`local_results`)
    ``n_jobs`` worker processes (at most the usable cores), forked once the model is loaded
    and warm; closing the result generator (an error, Ctrl-C, SIGTERM) kills them at once,
    and each dies with its parent (Linux parent-death signal, else a watch on the parent).
Dask (:func:`dask_results`, ``framing-lens[dask]``)
    The corpus (CSV, TSV, JSON Lines or Parquet) as a ``dask.dataframe`` partitioned by
    about ``chunk_size`` articles' worth of bytes, scored with ``map_partitions``, on a
    local cluster of ``n_jobs`` workers or on the cluster at ``scheduler``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import InputError, option
from ..tables import TextTable
from .options import ScoreOptions
from .parts import write_part
from .records import Corpus, record
from .rows import schema_for, score_chunk

__all__ = [
    "DASK_BYTES_PER_ARTICLE",
    "local_results",
    "dask_results",
    "check_dask",
    "model_spec",
    "worker_count",
    "WorkerDied",
]

#: Bytes of input per Dask partition for each article of ``chunk_size``.
DASK_BYTES_PER_ARTICLE = 10_000


def run_chunk(index: int, records: list[dict], options: ScoreOptions, part_dir: str | None):
    table, errors = score_chunk(records, options)
    if part_dir is None:
        return index, table.num_rows, errors, table
    write_part(Path(part_dir), index, table, errors)
    return index, table.num_rows, errors, None


def model_spec(options: ScoreOptions, n_jobs: int) -> ScoreOptions:
    """Send worker processes a model path instead of pickling the model per chunk."""
    path = getattr(options.model, "path_", None)
    if n_jobs != 1 and path is not None:
        return replace(options, model=str(path))
    return options


def local_results(
    chunks: Generator[tuple[int, list[dict], float | None], None, None],
    options: ScoreOptions,
    n_jobs: int,
    part_dir: str | None,
) -> Generator[tuple[tuple, float | None], None, None]:
    """``(result of run_chunk, read fraction)`` per chunk, in order.

    With ``n_jobs != 1`` the chunks run in worker processes forked once the model is
    loaded and warm (:func:`worker_count` of them), so each has the model without loading
    it, and at most two chunks per worker are read ahead. Closing the generator early (an
    error, Ctrl-C, SIGTERM) kills the workers at once and waits for them; a worker also
    dies within a second or so of its parent (:func:`_die_with_parent`). No worker outlives
    the run.
    """
    with contextlib.closing(chunks):
        n_workers = 1 if n_jobs == 1 else worker_count(n_jobs)
        if n_workers == 1 or not _can_fork():
            for index, records, frac in chunks:
                yield run_chunk(index, records, options, part_dir), frac
            return
        yield from _pool_results(chunks, options, n_workers, part_dir)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


#: Seconds a worker waits between checks that its parent is alive (where the Linux
#: parent-death signal is not available).
PARENT_CHECK_SECONDS = 1.0

#: The options of the run, set in the parent before the workers are forked (so that each
#: worker has the loaded, warm model without loading it, and tasks carry only records).
_FORKED_OPTIONS: ScoreOptions | None = None


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(n_jobs: int) -> int:
    """``n_jobs`` as a number of worker processes: ``-1`` is every usable core, and more
    than the usable cores is capped to them (with a note on stderr): workers beyond the
    cores only add a model's memory each."""
    cores = usable_cores()
    if n_jobs < 0:
        return cores
    if n_jobs > cores:
        sys.stderr.write(
            f"framing: {n_jobs} jobs asked for, but only {cores} core(s) are usable; "
            f"running {cores} worker process(es)\n"
        )
        return cores
    return n_jobs


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when its parent does: Linux's parent-death signal (prctl
    PR_SET_PDEATHSIG, SIGKILL), else a thread that watches the parent."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_CHECK_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)


def _worker_init(parent: int) -> None:
    # the parent stops the workers itself (Ctrl-C, SIGTERM, SIGHUP reach the whole process
    # group; left to the default, a worker prints a KeyboardInterrupt traceback or dies
    # before the parent has said what was kept)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    _die_with_parent(parent)


def _forked_chunk(index: int, records: list[dict], part_dir: str | None):
    assert _FORKED_OPTIONS is not None
    return run_chunk(index, records, _FORKED_OPTIONS, part_dir)


def _warm(options: ScoreOptions) -> None:
    """Load the model, the lexicon and everything analysis loads on first use, so that the
    forked workers share them instead of loading them again."""
    schema_for(options)
    score_chunk([record(1, None, {"text": WARM_TEXT}, options)], options)


WARM_TEXT = (
    'The regime said the so-called "rebels" attacked the town, according to officials. '
    "They denied it."
)


class WorkerDied(InputError):
    """A worker process ended without finishing its chunk (killed, out of memory)."""


def _pool_results(chunks, options, n_workers, part_dir):
    global _FORKED_OPTIONS
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _warm(options)
    _FORKED_OPTIONS = options
    # what is alive now (the model, the lexicon, the caches the warm-up filled) is moved out
    # of the collector's reach: a worker's full collections then walk only its own new
    # objects, and leave the pages it shares with the parent unwritten
    gc.collect()
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )
    pending: deque = deque()
    fractions: dict[int, float | None] = {}
    try:
        for index, records, frac in chunks:
            fractions[index] = frac
            pending.append(pool.submit(_forked_chunk, index, records, part_dir))
            while len(pending) >= 2 * n_workers:
                result = _result(pending.popleft(), BrokenProcessPool)
                yield result, fractions.pop(result[0], None)
        while pending:
            result = _result(pending.popleft(), BrokenProcessPool)
            yield result, fractions.pop(result[0], None)
    finally:
        _stop(pool, pending)
        _FORKED_OPTIONS = None
        gc.unfreeze()


def _result(future, broken):
    try:
        return future.result()
    except broken:
        raise WorkerDied(
            "a worker process died before finishing its chunk (killed, or out of memory?); "
            "the finished chunks are kept: run again with --resume, perhaps with fewer --jobs"
        ) from None


def _stop(pool, pending) -> None:
    """Stop every worker at once and wait for them: no process outlives the run."""
    for future in pending:
        future.cancel()
    processes = list(getattr(pool, "_processes", {}).values())
    if pending:  # stopped early: chunks still running are not waited for
        for p in processes:
            with contextlib.suppress(OSError, ValueError):
                p.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for p in processes:
        p.join(timeout=5)


def check_dask(corpus: Corpus) -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise InputError(
            f"{option('engine', 'dask')} needs Dask: pip install 'framing-lens[dask]'"
        ) from None
    if corpus.table is not None and corpus.table.format in ("csv", "tsv"):
        # Dask parses CSV with pandas, which has neither --quoting nor framing's handling of an
        # unclosed quote (a row that swallows the rows after it): refuse rather than lose rows
        raise InputError(
            f"{corpus.name}: the dask engine cannot read CSV or TSV by framing's quoting rules "
            "(--quoting, unclosed quotes); convert it to JSONL or Parquet, or use the local engine"
        )
    if corpus.table is None or corpus.table.format not in ("jsonl", "parquet"):
        raise InputError(
            f"{corpus.name}: the dask engine reads one JSONL or Parquet file; "
            "use the local engine for this input"
        )


def _dask_frame(corpus: Corpus, options: ScoreOptions, chunk_size: int) -> Any:
    """The corpus as a dask DataFrame, partitioned by ``chunk_size`` articles' worth of bytes."""
    import dask.dataframe as dd

    blocksize = chunk_size * DASK_BYTES_PER_ARTICLE
    wanted = options.columns
    table = corpus.table
    assert table is not None
    if table.format == "parquet":
        return dd.read_parquet(
            table.path, columns=[c for c in wanted if c in table.columns()], split_row_groups=True
        )
    assert isinstance(table, TextTable)
    gz = table.gzipped
    common = {"blocksize": None if gz else blocksize, "encoding": table.encoding}
    if table.format == "jsonl":
        meta = pd.DataFrame({c: pd.Series(dtype=object) for c in wanted})
        return dd.read_json(
            table.path,
            lines=True,
            meta=meta,
            engine=functools.partial(_json_block, columns=wanted),
            **common,
        )
    raise AssertionError(f"no dask reader for {table.format}")  # refused by check_dask


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
    pdf: pd.DataFrame,
    options: ScoreOptions,
    offsets: list[int],
    tabular: bool,
    partition_info: dict | None = None,
) -> pd.DataFrame:
    start = offsets[partition_info["number"]] if partition_info else 0
    ids = pdf[options.id_col] if options.id_col in pdf.columns else None
    float_ids = tabular and ids is not None and pd.api.types.is_float_dtype(ids.dtype)
    rows = pdf.to_dict("records")
    if not tabular and ids is not None:  # a JSON record without the id key reads as NaN
        for obj in rows:
            if isinstance(obj[options.id_col], float) and math.isnan(obj[options.id_col]):
                obj[options.id_col] = None
    records = [
        record(start + k, None, obj, options, float_ids, tabular) for k, obj in enumerate(rows, 1)
    ]
    table, errors = score_chunk(records, options)
    return _partition_frame(table, errors, schema_for(options)[0])


#: Seconds to wait for a Dask scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 5


def _connect(client_class: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``, or one InputError line saying why not."""
    try:
        return client_class(scheduler, timeout=f"{CONNECT_TIMEOUT}s")
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if len(reason) > 160:
            reason = reason[:157] + "..."
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler!r} within {CONNECT_TIMEOUT} s "
            f"({reason}); check the address (tcp://HOST:8786) and that `dask scheduler` runs "
            f"there, or leave out {option('scheduler')} for a local cluster"
        ) from None


def dask_results(
    corpus: Corpus,
    options: ScoreOptions,
    chunk_size: int,
    n_jobs: int,
    scheduler: str | None,
    part_dir: Path,
    done: set[int],
) -> tuple[int, Generator]:
    """Run :func:`score_chunk` over the partitions with ``map_partitions``; one part per partition."""
    from distributed import Client, LocalCluster

    ddf = _dask_frame(corpus, options, chunk_size)
    schema = schema_for(options)[0]
    if scheduler:
        cluster, client = None, _connect(Client, scheduler)
    else:
        workers = n_jobs if n_jobs > 0 else (os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1)
        client = Client(cluster)
    try:
        lengths = ddf.map_partitions(len).compute()
        offsets = [0, *itertools.accumulate(int(n) for n in lengths)]
        meta = _partition_frame(schema.empty_table(), [], schema)
        tabular = corpus.table is not None and corpus.table.format == "parquet"
        scored = ddf.map_partitions(_score_partition, options, offsets[:-1], tabular, meta=meta)
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
        write_part(part_dir, index, table, errors)
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
