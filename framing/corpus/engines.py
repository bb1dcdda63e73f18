"""Where chunks are scored: in this process, in joblib worker processes, or on a Dask cluster.

Every engine runs the same per-chunk function, :func:`framing.corpus.rows.score_chunk`,
and writes each finished chunk as a part (:func:`framing.corpus.parts.write_part`). The
model is loaded once per worker process (workers get its path, not a pickled copy).

Local (:func:`local_results`)
    ``n_jobs`` joblib processes; closing the result generator (an error, Ctrl-C) stops
    the workers at once.
Dask (:func:`dask_results`, ``framing-lens[dask]``)
    The corpus (CSV, TSV, JSON Lines or Parquet) as a ``dask.dataframe`` partitioned by
    about ``chunk_size`` articles' worth of bytes, scored with ``map_partitions``, on a
    local cluster of ``n_jobs`` workers or on the cluster at ``scheduler``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
import signal
import warnings
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from joblib import Parallel, delayed

from ..errors import InputError
from ..tables import DelimitedTable, TextTable
from .options import ScoreOptions
from .parts import write_part
from .records import Corpus, record
from .rows import schema_for, score_chunk

__all__ = ["DASK_BYTES_PER_ARTICLE", "local_results", "dask_results", "check_dask", "model_spec"]

#: Bytes of input per Dask partition for each article of ``chunk_size``.
DASK_BYTES_PER_ARTICLE = 10_000


def run_chunk(index: int, records: list[dict], options: ScoreOptions, part_dir: str | None):
    if multiprocessing.parent_process() is not None:
        # a worker process: Ctrl-C reaches the whole process group, and the parent stops the
        # workers itself; left to the default, a worker prints a KeyboardInterrupt traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
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

    Closing it early (an error, Ctrl-C) stops the joblib workers, cancelling their
    chunks, and closes the input, at once rather than whenever it is collected.
    """
    with contextlib.closing(chunks):
        if n_jobs == 1:
            for index, records, frac in chunks:
                yield run_chunk(index, records, options, part_dir), frac
            return
        fractions: dict[int, float | None] = {}

        def tasks():
            for index, records, frac in chunks:
                fractions[index] = frac
                yield delayed(run_chunk)(index, records, options, part_dir)

        outputs = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")(tasks())
        try:
            for result in outputs:
                yield result, fractions.pop(result[0], None)
        finally:
            # the cancelled chunks are simply not written: joblib's warning about them is noise
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outputs.close()


def check_dask(corpus: Corpus) -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise InputError("--engine dask needs Dask: pip install 'framing-lens[dask]'") from None
    if corpus.table is None or corpus.table.format not in ("csv", "tsv", "jsonl", "parquet"):
        raise InputError(
            f"{corpus.name}: the dask engine reads CSV, JSONL and Parquet files; "
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
    # quoted CSV fields may contain newlines, so a CSV is never split at byte offsets
    assert isinstance(table, DelimitedTable)
    return dd.read_csv(
        table.path,
        sep=table.sniff(),
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
        record(start + k, None, obj, options) for k, obj in enumerate(pdf.to_dict("records"), 1)
    ]
    table, errors = score_chunk(records, options)
    return _partition_frame(table, errors, schema_for(options)[0])


#: Seconds to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT = 10


def _connect(client: Any, scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``, or one clear error."""
    try:
        return client(scheduler, timeout=f"{SCHEDULER_TIMEOUT}s")
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(
            f"cannot reach the Dask scheduler at {scheduler!r} within {SCHEDULER_TIMEOUT} s "
            f"({reason}); check --scheduler (e.g. tcp://host:8786)"
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
