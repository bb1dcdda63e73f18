"""List the highest-confidence loaded-term flags on real articles, for judging by hand.

Usage::

    python bench/term_top100.py --out top100.jsonl [--articles PATH] [--n-articles 800]

Runs ``framing.analyze`` with the shipped default model on ``--n-articles``
articles drawn at random (seeded) from an Article-Bias-Prediction JSONL file
(default: the 1,300-article media test set in ``../shared/datasets/articles``,
which no shipped file is built from), and writes the 100 highest-confidence
flags: at most one per (term, article) and three per term, so the list is not
a hundred copies of one word. Each line holds the flag and its sentence; judge
them with ``datasets/TERM_JUDGING_GUIDE.md`` (add ``judgment`` and ``reason``)
and count with ``--score``::

    python bench/term_top100.py --score datasets/term_precision_top100.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import Counter
from pathlib import Path

import framing
from framing.scoring import analyze_many

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "articles"


def top_flags(articles: list[dict], n: int = 100, per_term: int = 3) -> list[dict]:
    model = framing.load_model()
    flags = []
    for lo in range(0, len(articles), 50):
        chunk = articles[lo : lo + 50]
        texts = [a["content_original"] for a in chunk]
        for art, result in zip(chunk, analyze_many(texts, model=model), strict=True):
            for t in result.loaded_terms:
                s = result.sentences[t.sentence]
                flags.append(
                    dict(
                        article=art["id"],
                        outlet=art["source"],
                        text=t.text,
                        category=t.category,
                        source=t.source,
                        confidence=t.confidence,
                        quoted=t.quoted,
                        alternatives=list(t.neutral_alternatives),
                        evidence=list(t.evidence),
                        sentence=result.text[s.start : s.end],
                    )
                )
    flags.sort(key=lambda f: (-f["confidence"], f["article"], f["text"]))
    seen: set[tuple[str, str]] = set()
    count: Counter = Counter()
    top = []
    for f in flags:
        key = (f["text"].lower(), f["article"])
        if key in seen or count[key[0]] >= per_term:
            continue
        seen.add(key)
        count[key[0]] += 1
        top.append(f)
        if len(top) == n:
            break
    return top


def score(path: Path) -> None:
    """Precision of a judged file, per list (``list`` field, if any) and per source."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    for lst in sorted({r.get("list", "all") for r in rows}):
        in_list = [r for r in rows if r.get("list", "all") == lst]
        for src in ("any", "lexicon", "model"):
            subset = [r for r in in_list if src == "any" or r["source"] == src]
            if not subset:
                continue
            j = Counter(r["judgment"] for r in subset)
            decided = j["correct"] + j["incorrect"]
            print(
                f"list {lst:6s} source {src:8s} n={len(subset):3d} correct {j['correct']:3d} "
                f"incorrect {j['incorrect']:3d} borderline {j['borderline']:3d}  precision "
                f"{j['correct'] / max(decided, 1):.2f} (borderline as wrong "
                f"{j['correct'] / len(subset):.2f})"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=SHARED / "abp_media_test.jsonl.gz")
    ap.add_argument("--n-articles", type=int, default=800)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--score", type=Path, help="count the judgments of a judged file instead")
    args = ap.parse_args()
    if args.score:
        score(args.score)
        return
    if args.out is None:
        ap.error("--out is required (or --score)")
    with gzip.open(args.articles, "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh]
    random.Random(args.seed).shuffle(articles)
    top = top_flags(articles[: args.n_articles])
    with args.out.open("w", encoding="utf-8") as fh:
        for f in top:
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    print(
        f"{len(top)} flags written to {args.out}; {sum(f['source'] == 'model' for f in top)} from the "
        f"tagger; lowest confidence {top[-1]['confidence']:.3f}"
    )


if __name__ == "__main__":
    main()
