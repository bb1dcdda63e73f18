"""Throughput of the sentence model and of full article analysis. Prints figures.

    python bench/throughput.py [--articles 600] [--jobs 1 2] [--anchor .venv-anchor/bin/python]

- sentences/s of ``FramingModel.predict_proba`` on BABE sentences (one process);
- articles/s of ``framing.analyze`` on real articles (Article-Bias-Prediction: the 6,000-article
  sample in ../shared/datasets/articles when present, else the 120 shipped sample articles,
  repeated), with 1 and 2 worker processes (each loads the model once);
- a per-stage split of analyze's time (tokenize, lexicon, attribution, sentence model, tagger);
- optionally the RoBERTa-base speed anchor (../shared/tools/roberta_speed.py) run in the same
  session, so the ratio is measured side by side.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def load_articles(n: int) -> tuple[list[str], str]:
    big = SHARED / "datasets" / "articles" / "abp_sample.jsonl.gz"
    if big.is_file():
        with gzip.open(big, "rt", encoding="utf-8") as f:
            texts = [
                json.loads(line)["content_original"] for _, line in zip(range(n), f, strict=False)
            ]
        return texts, str(big)
    from framing.resources import data_path

    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    return (texts * (n // len(texts) + 1))[:n], "framing/data/sample_articles.jsonl.gz (repeated)"


def _analyze_chunk(texts: list[str]) -> int:
    import framing

    model = framing.load_model()
    for t in texts:
        framing.analyze(t, model=model)
    return len(texts)


def articles_per_second(texts: list[str], jobs: int) -> float:
    from joblib import Parallel, delayed

    chunks = [texts[i : i + 20] for i in range(0, len(texts), 20)]
    with Parallel(n_jobs=jobs, backend="loky") as par:
        par(delayed(_analyze_chunk)(texts[:2]) for _ in range(jobs))  # warm workers: model + caches
        t0 = time.perf_counter()
        done = sum(par(delayed(_analyze_chunk)(c) for c in chunks))
        return done / (time.perf_counter() - t0)


def stage_split(texts: list[str]) -> dict[str, float]:
    import numpy as np

    import framing
    from framing.attribution import extract_attributions
    from framing.lexicon import Lexicon
    from framing.text import tokenize

    model, lex = framing.load_model(), Lexicon.default()
    totals = dict.fromkeys(
        ["tokenize", "lexicon", "attribution", "sentence_model", "tagger", "analyze"], 0.0
    )
    for t in texts:
        t0 = time.perf_counter()
        doc = tokenize(t)
        t1 = time.perf_counter()
        lex.match(doc)
        t2 = time.perf_counter()
        extract_attributions(doc)
        t3 = time.perf_counter()
        probs = (
            model.predict_proba([s.text for s in doc.sentences])
            if doc.sentences
            else np.zeros((0, 2))
        )
        t4 = time.perf_counter()
        if model.tagger is not None and doc.sentences:
            model.tagger.find_terms(doc, sentence_probabilities=probs[:, 1])
        t5 = time.perf_counter()
        framing.analyze(t, model=model)
        t6 = time.perf_counter()
        for k, v in zip(
            totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
        ):
            totals[k] += v
    return {k: 1000 * v / len(texts) for k, v in totals.items()}


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--articles", type=int, default=600)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument(
        "--anchor", default=None, help="python of a venv with torch+transformers for the anchor"
    )
    args = p.parse_args()

    import framing
    from framing.training import load_babe

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"framing {framing.__version__}"
    )
    model = framing.load_model()
    sents = load_babe().text.tolist()[:3000]
    model.predict_proba(sents[:50])
    t0 = time.perf_counter()
    model.predict_proba(sents)
    sps = len(sents) / (time.perf_counter() - t0)
    print(f"predict_proba: {sps:,.0f} sentences/s (BABE, {len(sents)} sentences, 1 process)")

    texts, source = load_articles(args.articles)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"articles: {len(texts)} from {source}, mean {words:.0f} words")
    stages = stage_split(texts[:100])
    print(
        "analyze time per article (ms, 1 process): "
        + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
    )
    rates = {}
    for jobs in args.jobs:
        rates[jobs] = articles_per_second(texts, jobs)
        print(f"analyze: {rates[jobs]:.1f} articles/s with {jobs} process(es)")
    if 1 in rates and 2 in rates:
        print(f"speed-up 2 vs 1 process: {rates[2] / rates[1]:.2f}x")
    if args.anchor:
        out = (
            subprocess.run(
                [args.anchor, str(SHARED / "tools" / "roberta_speed.py"), "2"],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        anchor = float(out)
        print(
            f"anchor RoBERTa-base: {anchor:.1f} sentences/s (2 threads); "
            f"predict_proba is {sps / anchor:.0f}x faster"
        )


if __name__ == "__main__":
    sys.exit(main())
