"""Speed of attribution extraction: the rules, the learned extractor and the two combined.

    python bench/attribution_speed.py [--articles 100] [--rounds 5]

On the first ``--articles`` articles of the Article-Bias-Prediction sample
(../shared/datasets/articles; the shipped sample articles, repeated, when it is absent),
tokenized once beforehand, each system runs over all articles in turn, ``--rounds`` times
interleaved (warm caches: every system has seen the articles once before timing; that first
pass, with the learned extractor's word cache empty, is printed too). Prints
CPU time (``time.process_time``, one process, one core) per 900-word article and per
1,000 words, the median over rounds, and each system as a ratio to the rules measured in
the same run. The budget of the attribution step is 5 ms per 900-word article on one core.

Systems: ``rules`` (``extract_attributions(doc)``), ``learned`` (the ``attribution``
component alone, ``LearnedExtractor.extract``), ``combined`` (what ``framing`` runs:
``extract_attributions(doc, learned=...)``).

Absolute times vary between machines and hours on a shared VM: compare the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import load_articles, machine  # noqa: E402

from framing.attribution import extract_attributions  # noqa: E402
from framing.model import load_component, load_model  # noqa: E402
from framing.text import tokenize  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    learned = load_component(load_model(), "attribution")
    if learned is None:
        print("error: the default model has no attribution component", file=sys.stderr)
        return 1
    docs = [tokenize(a["text"]) for a in load_articles(args.articles)]
    docs = [d for d in docs if d.sentences]
    n_words = sum(d.n_words for d in docs)
    systems = {
        "rules": lambda d: extract_attributions(d, mentions=[]),
        "learned": learned.extract,
        "combined": lambda d: extract_attributions(d, learned=learned, mentions=[]),
    }
    first: dict[str, float] = {}
    for name, fn in systems.items():  # warm caches; the first pass is timed too
        t0 = time.process_time()
        for d in docs:
            fn(d)
        first[name] = time.process_time() - t0
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.rounds):
        for name, fn in systems.items():
            t0 = time.process_time()
            for d in docs:
                fn(d)
            times[name].append(time.process_time() - t0)
    print(f"{machine()}; threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(
        f"{len(docs)} articles, {n_words} words ({n_words / len(docs):.0f} per article), "
        f"median of {args.rounds} interleaved rounds, CPU time"
    )
    base = statistics.median(times["rules"])
    print(
        f"{'system':10s} {'ms/900 words':>13s} {'ms/1000 words':>14s} {'x rules':>8s} "
        f"{'first pass, ms/900 words':>25s}"
    )
    for name, ts in times.items():
        t = statistics.median(ts)
        per_word = t / n_words * 1000
        print(
            f"{name:10s} {per_word * 900:13.2f} {per_word * 1000:14.2f} {t / base:8.2f} "
            f"{first[name] / n_words * 900 * 1000:25.2f}"
        )
    print(
        "first pass: the learned extractor fills its word cache in its own first pass "
        "(combined runs after it, warm)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
