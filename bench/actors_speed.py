"""Cost of actors and target sentiment per article, side by side with the rest of `analyze`.

    python bench/actors_speed.py [--articles 40] [--rounds 3] [--against REV]

Takes sample-corpus articles of 600-1,200 words (framing/data/sample_articles.jsonl.gz),
runs in one process on one thread: the full analysis (which includes actors), the same
analysis with the actor step switched off, the actor step alone without sentiment
(mentions, clustering, labels, roles) and the actor step with target sentiment,
interleaved round by round so that a busy machine slows them alike. Prints milliseconds
per article scaled to 900 words, each step as a ratio of the rest of the analysis (full
analysis minus the actor step), and analyze with actors over analyze without them. With
``--against REV`` (a git revision), also the target sentiment of the actors' mentions with
``framing/sentiment.py`` as it was at REV (same model, same articles, interleaved) against
the current one (median wall time, and the least CPU time of the rounds, which a crowded
machine inflates less), and the largest difference of their probabilities.
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
    parser.add_argument("--against", help="git revision of framing/sentiment.py to compare")
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
    if args.against:
        _against(args.against, sentiment, docs, analyses, attrs, args.rounds, scale)


def _against(rev, sentiment, docs, analyses, attrs, rounds, scale) -> None:
    """Target sentiment of the actors' mentions, framing/sentiment.py at ``rev`` vs now."""
    import importlib.util
    import subprocess
    import sys
    from pathlib import Path

    import numpy as np

    from framing.actors import _scored

    root = Path(__file__).resolve().parents[1]
    src = subprocess.run(
        ["git", "show", f"{rev}:framing/sentiment.py"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    ).stdout.replace("from .", "from framing.")
    spec = importlib.util.spec_from_loader("sentiment_at_rev", loader=None)
    old = importlib.util.module_from_spec(spec)
    sys.modules["sentiment_at_rev"] = old
    exec(compile(src, f"{rev}:framing/sentiment.py", "exec"), old.__dict__)
    s = sentiment
    then = old.TargetSentimentModel(
        s.vectorizer,
        s.tfidf,
        s.scaler,
        s.linear,
        s.dense_weight,
        [old.ConvNet(n.weights) for n in s.networks],
        s.linear_weight,
        s.info,
        s.class_bias,
    )
    spans = [
        [
            (m["start"], m["end"])
            for x in find_actors(d, a.loaded_terms, at.is_quoted)
            for m in _scored(x)
        ]
        for d, a, at in zip(docs, analyses, attrs, strict=True)
    ]
    diff = max(
        float(
            np.abs(then.predict_proba(d.text, sp, doc=d) - s.predict_proba(d.text, sp, doc=d)).max()
        )
        for d, sp in zip(docs, spans, strict=True)
        if sp
    )
    per = {rev: [], "now": []}
    cpu = {rev: [], "now": []}
    for _ in range(rounds):
        for name, model in ((rev, then), ("now", s)):
            t, c = time.perf_counter(), time.process_time()
            for d, sp in zip(docs, spans, strict=True):
                model.predict_proba(d.text, sp, doc=d)
            per[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    ms = {k: 1000 * statistics.median(v) / len(docs) * scale for k, v in per.items()}
    # the least CPU time of the rounds: what the work costs when nothing else slows it
    ms_cpu = {k: 1000 * min(v) / len(docs) * scale for k, v in cpu.items()}
    n = sum(map(len, spans)) / len(docs)
    print(
        f"target sentiment of {n:.0f} mentions per article: sentiment.py at {rev} "
        f"{ms[rev]:.2f} ms, now {ms['now']:.2f} ms (ratio {ms['now'] / ms[rev]:.3f}); "
        f"CPU (least of {rounds} rounds) {ms_cpu[rev]:.2f} ms, now {ms_cpu['now']:.2f} ms "
        f"(ratio {ms_cpu['now'] / ms_cpu[rev]:.3f}); "
        f"largest difference of a probability {diff:.1e}"
    )


if __name__ == "__main__":
    main()
