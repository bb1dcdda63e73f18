"""Batch throughput: articles/s of `framing score` with --jobs 1 and --jobs 2.

Usage: python bench/batch_throughput.py [--n 600] [--jobs 1 2] [--chunk-size 50] [--profile]

Reads the first N articles of the Article-Bias-Prediction sample
(../shared/datasets/articles/abp_sample.jsonl.gz, text in ``content_original``,
outlet in ``source``), scores them with framing.corpus.score_file (full
analysis) and prints articles/s per job count and the speed-up. ``--profile``
also runs cProfile over framing.analyze on 50 articles and prints where the
time goes. Figures depend on the machine and its load: print both.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

# ../shared beside the checkout (a worktree sits one level deeper: ../../shared)
_REPO = Path(__file__).resolve().parents[1]
_SHARED = next(
    (p / "shared" for p in (_REPO.parent, _REPO.parent.parent) if (p / "shared").is_dir()),
    _REPO.parent / "shared",
)
ABP = _SHARED / "datasets" / "articles" / "abp_sample.jsonl.gz"


def write_corpus(n: int, out: Path, source: Path = ABP) -> int:
    """Write the first n ABP articles as JSONL (id, outlet, text); return how many."""
    if not source.exists():
        sys.exit(
            f"{source} not found: this benchmark needs the Article-Bias-Prediction sample "
            "(see ../shared/datasets/README.md)"
        )
    k = 0
    with gzip.open(source, "rt", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
        for line in f:
            r = json.loads(line)
            text = r.get("content_original") or r.get("content") or ""
            g.write(json.dumps({"id": r["id"], "outlet": r["source"], "text": text}) + "\n")
            k += 1
            if k == n:
                break
    return k


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load[0]:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=600, help="articles to score")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk-size", type=int, default=50)
    ap.add_argument("--profile", action="store_true", help="also cProfile framing.analyze")
    args = ap.parse_args()

    from framing import analyze, load_model
    from framing.corpus import score_file

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = write_corpus(args.n, corpus)
        chars = sum(len(json.loads(x)["text"]) for x in corpus.open(encoding="utf-8"))
        print(f"machine: {machine()}")
        print(f"corpus: {n} articles from {ABP.name}, mean {chars / n:,.0f} characters")
        load_model()  # the parent's copy; workers load their own
        rates = {}
        for jobs in args.jobs:
            out = Path(tmp) / f"scores-{jobs}.parquet"
            start = time.perf_counter()
            summary = score_file(
                corpus, out, n_jobs=jobs, chunk_size=args.chunk_size, progress=False
            )
            seconds = time.perf_counter() - start
            rates[jobs] = summary.n_articles / seconds
            print(
                f"--jobs {jobs}: {summary.n_articles} articles, {summary.n_errors} failed, "
                f"{seconds:.1f} s wall, {rates[jobs]:.1f} articles/s (incl. worker start-up)"
            )
        base = rates.get(1)
        for jobs, rate in rates.items():
            if base and jobs != 1:
                print(f"speed-up with {jobs} jobs: {rate / base:.2f}x")
        if args.profile:
            texts = [json.loads(x)["text"] for x in corpus.open(encoding="utf-8")][:50]
            prof = cProfile.Profile()
            start = time.perf_counter()
            prof.enable()
            for t in texts:
                analyze(t)
            prof.disable()
            print(
                f"\nanalyze(): {len(texts) / (time.perf_counter() - start):.1f} articles/s in one process "
                "(under the profiler)"
            )
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
