"""Where the memory of a long `framing score` run goes: live objects or the allocator.

Usage: python bench/memory_passes.py N PASS [TRACE] [--]
  N      articles (built as by bench/memory.py, whole texts, 2% new words per pass)
  PASS   articles between two reports (scored in chunks of 100 with analyze_many, the code
         path of `framing score`)
  TRACE  1 to start tracemalloc (depth 1: about 2x slower) and print its traced total, its
         peak and the lines whose live memory grew most since the second report

In one process, after each PASS articles it prints the RSS (VmRSS), the peak RSS, Python's
allocated blocks, the objects the collector tracks and the types that grew. Live memory
(blocks, traced) flat while RSS grows means the allocator, not a table that keeps growing.
"""

from __future__ import annotations

import collections
import gc
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import memory  # noqa: E402

from framing.scoring import analyze_many  # noqa: E402


def rss_mib() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return -1


def main() -> None:
    n, step = int(sys.argv[1]), int(sys.argv[2])
    trace = len(sys.argv) > 3 and sys.argv[3] == "1"
    corpus = Path(tempfile.mkdtemp()) / "corpus.jsonl"
    memory.build(memory.load_sample(), n, corpus, 100_000, 0.02)
    articles = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    if trace:
        import tracemalloc

        tracemalloc.start(1)
    prev, first, t0 = None, None, time.time()
    for p in range(0, n, step):
        for c in range(p, min(n, p + step), 100):
            chunk = articles[c : c + 100]
            analyze_many(
                [a["text"] for a in chunk], [a["outlet"] for a in chunk], [a["id"] for a in chunk]
            )
        gc.collect()
        counts = collections.Counter(type(o).__name__ for o in gc.get_objects())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        line = (
            f"{p + step:6d} articles: rss {rss_mib()} MiB, peak {peak} MiB, "
            f"blocks {sys.getallocatedblocks()}, gc objects {sum(counts.values())}, "
            f"{time.time() - t0:.0f} s"
        )
        if trace:
            cur, top = tracemalloc.get_traced_memory()
            line += f", traced {cur / 2**20:.1f} MiB (peak {top / 2**20:.1f})"
        print(line, flush=True)
        if prev:
            grew = sorted(((counts[k] - prev.get(k, 0)), k) for k in counts)[-5:]
            print("   grew:", [(k, d) for d, k in reversed(grew) if d > 0], flush=True)
        prev = counts
        if trace:
            snap = tracemalloc.take_snapshot()
            if first is None and p > 0:
                first = snap
            elif first is not None:
                for st in snap.compare_to(first, "lineno")[:6]:
                    f = st.traceback[0]
                    print(f"   +{st.size_diff // 1024} KiB {Path(f.filename).name}:{f.lineno}")


if __name__ == "__main__":
    main()
