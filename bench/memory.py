"""Peak memory of `framing score` as the corpus grows: 1k vs 20k articles.

Usage: python bench/memory.py [--sizes 1000 20000] [--jobs 1] [--chunk-size 100] [--max-chars N]

Builds each corpus by repeating the Article-Bias-Prediction sample
(../shared/datasets/articles/abp_sample.jsonl.gz) with fresh ids, then scores
it in a fresh subprocess and prints that process's peak RSS (ru_maxrss; with
--jobs > 1 the largest worker's peak is printed too). Flat memory means the
peak does not grow with the corpus. ``--max-chars`` cuts every article to its
first N characters to make the big run affordable on a slow machine (say so
when you quote the figure).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
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

CHILD = """
import resource, sys, time
from framing.corpus import score_file
start = time.perf_counter()
s = score_file(sys.argv[1], sys.argv[2], n_jobs=int(sys.argv[3]), chunk_size=int(sys.argv[4]), progress=False)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(s.n_articles, s.n_errors, own, workers, time.perf_counter() - start)
"""


def build(n: int, out: Path, max_chars: int | None) -> None:
    if not ABP.exists():
        sys.exit(f"{ABP} not found: this benchmark needs the Article-Bias-Prediction sample")
    with gzip.open(ABP, "rt", encoding="utf-8") as f:
        base = []
        for line in f:
            r = json.loads(line)
            text = r.get("content_original") or r.get("content") or ""
            base.append({"outlet": r["source"], "text": text[:max_chars] if max_chars else text})
    with open(out, "w", encoding="utf-8") as g:
        for i in range(n):
            g.write(json.dumps({"id": f"a{i}", **base[i % len(base)]}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=100)
    ap.add_argument("--max-chars", type=int, default=None)
    args = ap.parse_args()
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus, out = Path(tmp) / f"c{n}.jsonl", Path(tmp) / f"s{n}.parquet"
            build(n, corpus, args.max_chars)
            start = time.perf_counter()
            res = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(corpus),
                    str(out),
                    str(args.jobs),
                    str(args.chunk_size),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            done, failed, own, workers, seconds = res.stdout.split()
            peaks[n] = int(own) / 1024
            print(
                f"{n:>6} articles ({corpus.stat().st_size / 1e6:.0f} MB JSONL): scored {done}, failed {failed}, "
                f"{float(seconds):.0f} s, peak RSS {peaks[n]:.0f} MiB"
                + (f", largest worker {int(workers) / 1024:.0f} MiB" if args.jobs != 1 else "")
                + f" (total {time.perf_counter() - start:.0f} s)"
            )
    small, big = min(peaks), max(peaks)
    if small != big:
        print(
            f"peak RSS growth {small} -> {big} articles: {100 * (peaks[big] / peaks[small] - 1):+.1f}%"
        )


if __name__ == "__main__":
    main()
