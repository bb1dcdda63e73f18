"""Bounded memory on a big corpus: peak RSS of `framing score`'s streaming path over a 2 GB file.

Usage: python bench/streaming.py [--gb 2] [--chunk-size 100] [--tmp DIR]
       python bench/streaming.py --full [--limit-articles 300]

Generates a JSONL corpus of ``--gb`` gigabytes (10^9 bytes) in a temporary
folder, deleted afterwards, by repeating the shipped sample articles
(framing/data/sample_articles.jsonl.gz) with distinct ids. Then it runs
framing.corpus.score_file over it in this process (one job) and reads the
process's resident memory after every chunk (VmRSS and the peak VmHWM from
/proc/self/status; ``resource.getrusage`` elsewhere). The peak is reset once
the model is loaded, so it covers the run itself. It prints the bytes read,
the rows and the peak RSS at 10%, 25%, 50%, 75% and 100% of the file and after
the output was assembled. Bounded memory means the peak stops growing after
the first chunks.

Scoring 2 GB with the real analysis would take many hours at about 20
articles/s, so by default the per-chunk analysis (framing.corpus.rows.score_chunk)
is replaced by a cheap stand-in that checks each text as score_chunk does and
returns rows of the real output schema with ``n_words`` counted and the other
scores zero: the output is labelled "I/O path only". Everything else is the
real path: reading the file, JSON parsing, records, chunking, part
files written atomically (fsync'd), and the final concatenation. ``--full``
runs the real analysis instead, on a corpus of only ``--limit-articles``
articles (a prefix of the same generated corpus).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from array import array
from pathlib import Path

import pyarrow as pa

import framing.corpus.engines as engines
import framing.corpus.rows as corpus_rows
from framing.corpus import ScoreOptions, output_schema, score_file
from framing.resources import data_path

SAMPLE = data_path("sample_articles.jsonl.gz")
MARKS = (0.10, 0.25, 0.50, 0.75, 1.00)


def memory() -> tuple[int, int]:
    """(current RSS, peak RSS) of this process in bytes."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        return peak, peak
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def reset_peak() -> bool:
    """Make the peak RSS start again from the current RSS (Linux); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def generate(path: Path, target_bytes: int, max_articles: int | None) -> array:
    """Write the corpus; return the byte offset after each line (for "bytes read")."""
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        base = [json.loads(line) for line in f]
    ends = array("q")
    size = 0
    with open(path, "wb") as out:
        i = 0
        while size < target_bytes and (max_articles is None or i < max_articles):
            a = base[i % len(base)]
            row = {
                "id": f"{a['id']}-{i // len(base)}",
                "outlet": a["outlet"],
                "topic": a["topic"],
                "date": a["date"],
                "text": a["text"],
            }
            line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            out.write(line)
            size += len(line)
            ends.append(size)
            i += 1
    return ends


def io_only_chunk(records: list[dict], options: ScoreOptions) -> tuple[pa.Table, list[dict]]:
    """Stand-in for score_chunk: same checks and output schema, no analysis (I/O path only)."""
    schema, _ = corpus_rows.schema_for(options)
    template = {
        f.name: (
            0 if pa.types.is_integer(f.type) else 0.0 if pa.types.is_floating(f.type) else None
        )
        for f in schema
    }
    rows, errors = [], []
    for r in records:
        problem = r["error"] or corpus_rows.text_problem(r["text"])
        if problem is not None:
            errors.append(
                {"record": r["record"], "line": r["line"], "id": r["id"], "error": problem}
            )
            continue
        rows.append(
            {
                **template,
                "id": r["id"],
                "outlet": r["outlet"],
                "n_words": len(r["text"].split()),
                "term_counts": "{}",
                "naming_counts": "{}",
                **r["keep"],
            }
        )
    return pa.Table.from_pylist(rows, schema=schema), errors


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--gb", type=float, default=2.0, help="corpus size in GB (10^9 bytes); default 2"
    )
    ap.add_argument("--chunk-size", type=int, default=100)
    ap.add_argument(
        "--full", action="store_true", help="score with the real analysis (a prefix only)"
    )
    ap.add_argument(
        "--limit-articles",
        type=int,
        default=300,
        help="with --full: articles in the corpus (default 300)",
    )
    ap.add_argument(
        "--tmp", default=None, help="folder for the temporary corpus (default: the system's)"
    )
    args = ap.parse_args()

    mode = "full analysis" if args.full else "I/O path only (analysis replaced by a cheap stand-in)"
    with tempfile.TemporaryDirectory(prefix="framing-streaming-", dir=args.tmp) as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "scores.parquet"
        t0 = time.perf_counter()
        ends = generate(corpus, int(args.gb * 1e9), args.limit_articles if args.full else None)
        size = corpus.stat().st_size
        print(
            f"corpus: {size:,} bytes, {len(ends):,} articles (generated in {time.perf_counter() - t0:.0f} s)"
        )

        output_schema()  # load the model and lexicon before the peak is reset
        if not args.full:
            engines.score_chunk = io_only_chunk  # run_chunk looks it up at call time
        rss0, _ = memory()
        peak_reset = reset_peak()
        samples: list[tuple[str, int, int, int, int, float]] = []
        marks = list(MARKS)
        rows_done = 0
        started = time.perf_counter()

        def on_chunk(index: int, n_rows: int, errors: list[dict]) -> None:
            nonlocal rows_done
            rows_done += n_rows + len(errors)
            read = ends[rows_done - 1]
            while marks and read >= marks[0] * size - 1:
                rss, peak = memory()
                samples.append(
                    (
                        f"{marks.pop(0):.0%}",
                        read,
                        rows_done,
                        rss,
                        peak,
                        time.perf_counter() - started,
                    )
                )

        summary = score_file(
            corpus, out, chunk_size=args.chunk_size, on_chunk=on_chunk, progress=False
        )
        rss, peak = memory()
        samples.append(
            (
                "assembled",
                size,
                summary.n_articles + summary.n_errors,
                rss,
                peak,
                time.perf_counter() - started,
            )
        )

    print(f"mode: {mode}")
    print(
        f"python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs; "
        f"chunk size {args.chunk_size}, 1 job; output Parquet"
    )
    print(
        f"RSS before the run (model loaded): {mb(rss0)}; peak reset: {'yes' if peak_reset else 'no'}"
    )
    print()
    print(f"{'read':>10} {'bytes read':>16} {'rows':>10} {'RSS':>9} {'peak RSS':>9} {'seconds':>8}")
    for label, read, rows, rss, peak, secs in samples:
        print(f"{label:>10} {read:>16,} {rows:>10,} {mb(rss):>9} {mb(peak):>9} {secs:>8.0f}")
    print()
    print(
        f"{summary.n_articles:,} rows written, {summary.n_errors} failed, {summary.n_chunks:,} chunks; "
        f"{size / 1e6 / summary.seconds:.1f} MB/s, {summary.n_articles / summary.seconds:,.0f} rows/s"
        + ("  [I/O path only]" if not args.full else "")
    )


if __name__ == "__main__":
    main()
