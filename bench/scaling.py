"""Time of ``framing.analyze`` on one pathological article as it grows. Prints figures.

    python bench/scaling.py [--words 10000 100000 500000]

The article is real text (the shipped sample corpus joined into one document, repeated to
length), analyzed as a single string. Linear time means ms per 1k words stays flat.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time

import framing
from framing.resources import data_path


def article(n_words: int) -> str:
    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        words = "\n\n".join(json.loads(line)["text"] for line in f).split(" ")
    words = words * (n_words // len(words) + 1)
    return " ".join(words[:n_words])


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--words", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    args = p.parse_args()
    model = framing.load_model()
    framing.analyze(article(2000), model=model)  # warm caches
    print(f"{'words':>8} {'seconds':>8} {'ms per 1k words':>16}")
    for n in args.words:
        text = article(n)
        t0 = time.perf_counter()
        framing.analyze(text, model=model)
        dt = time.perf_counter() - t0
        print(f"{n:>8} {dt:>8.2f} {1000 * dt / (n / 1000):>16.1f}")


if __name__ == "__main__":
    main()
