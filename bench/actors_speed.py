"""Cost of actors and target sentiment per article, side by side with the rest of `analyze`.

    python bench/actors_speed.py [--articles 40] [--rounds 3]

Takes sample-corpus articles of 600-1,200 words (framing/data/sample_articles.jsonl.gz),
runs in one process on one thread: the full analysis (which includes actors), the same
analysis with the actor step switched off, the actor step alone without sentiment
(mentions, clustering, labels, roles) and the actor step with target sentiment,
interleaved round by round so that a busy machine slows them alike. Prints milliseconds
per article scaled to 900 words, each step as a ratio of the rest of the analysis (full
analysis minus the actor step), and analyze with actors over analyze without them.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import gzip  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import framing  # noqa: E402
import framing.scoring  # noqa: E402
from framing.actors import find_actors  # noqa: E402
from framing.attribution import extract_attributions  # noqa: E402
from framing.resources import data_path  # noqa: E402
from framing.text import tokenize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    texts = [t for t in texts if 600 <= len(t.split()) <= 1200][: args.articles]
    words = sum(len(t.split()) for t in texts)
    model = framing.load_model()
    sentiment = model.component("target_sentiment")
    analyses = [framing.analyze(t, model=model) for t in texts]  # warm caches
    docs = [tokenize(t) for t in texts]
    attrs = [extract_attributions(d) for d in docs]
    n_mentions = sum(len(m) for a in analyses for x in a.actors for m in [x.mentions])
    per = {
        "analyze (with actors)": [],
        "analyze without actors": [],
        "actors, no sentiment": [],
        "actors + sentiment": [],
    }
    with_actors = framing.scoring.find_actors
    for _ in range(args.rounds):
        t = time.perf_counter()
        for text in texts:
            framing.analyze(text, model=model)
        per["analyze (with actors)"].append(time.perf_counter() - t)
        framing.scoring.find_actors = lambda *a, **k: []
        try:
            t = time.perf_counter()
            for text in texts:
                framing.analyze(text, model=model)
            per["analyze without actors"].append(time.perf_counter() - t)
        finally:
            framing.scoring.find_actors = with_actors
        t = time.perf_counter()
        for d, a, at in zip(docs, analyses, attrs, strict=True):
            find_actors(d, a.loaded_terms, at.is_quoted)
        per["actors, no sentiment"].append(time.perf_counter() - t)
        t = time.perf_counter()
        for d, a, at in zip(docs, analyses, attrs, strict=True):
            find_actors(d, a.loaded_terms, at.is_quoted, sentiment=sentiment)
        per["actors + sentiment"].append(time.perf_counter() - t)
    scale = 900 / (words / len(texts))
    ms = {k: 1000 * statistics.median(v) / len(texts) * scale for k, v in per.items()}
    rest = ms["analyze (with actors)"] - ms["actors + sentiment"]
    print(
        f"{len(texts)} articles, {words / len(texts):.0f} words and "
        f"{n_mentions / len(texts):.0f} actor mentions each; ms per 900-word article "
        f"(median of {args.rounds} rounds), ratio to the rest of analyze ({rest:.1f} ms):"
    )
    for k, v in ms.items():
        print(f"  {k:<24} {v:8.2f} ms   ratio {v / rest:.3f}")
    without = ms["analyze without actors"]
    print(
        f"analyze with / without actors: {ms['analyze (with actors)'] / without:.3f} "
        f"(+{ms['analyze (with actors)'] - without:.1f} ms per 900-word article)"
    )


if __name__ == "__main__":
    main()
