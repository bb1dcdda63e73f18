"""Precision of loaded-term flags per category, judged blind on real articles.

Usage::

    # 1. run analyze over the articles and sample flags per category
    python bench/term_categories.py sample --blind blind.jsonl --key keys/key.jsonl \\
        [--articles PATH] [--per-category 50] [--seed 19] [--flags-cache flags.jsonl.gz]
    # 2. a judge who did not build the rules adds `judgment` (correct | incorrect |
    #    borderline; `verdict` is read too) and `reason` to every line of blind.jsonl, following
    #    datasets/TERM_JUDGING_GUIDE.md, and saves it as judged.jsonl
    # 3. score the judgements against the key
    python bench/term_categories.py score --judged judged.jsonl --key keys/key.jsonl

``sample`` runs :func:`framing.scoring.analyze_many` with the shipped default
model on every article of an Article-Bias-Prediction JSONL file (default: the
6,000-article sample in ``../shared/datasets/articles``), collects every
reported loaded term with its sentence, and draws up to ``--per-category``
flags at random (seeded) from each category. The sample is weighted by how
often flags occur, so it estimates the precision a reader meets. At most one
flag is drawn per sentence.

The **blind** file holds, per flag, only an ``id``, the flagged ``word``, its
``sentence`` and ``word_start`` (the word's offset in the sentence), in
shuffled order: no category, confidence, source or term, so the judge sees
what a reader of the text sees. The **key** (kept apart from the judge) maps
each id to the category, source, rule, term, confidence, voice, article and
outlet.

``score`` prints, per category, the number judged, correct / incorrect /
borderline, precision with borderline items left out and counted as wrong,
each with a 95% Wilson interval, and the same per source (lexicon / model).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import IO

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "articles"
JUDGMENTS = ("correct", "incorrect", "borderline")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k / n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def read_articles(path: Path) -> list[dict]:
    """Rows of a JSON Lines file (gzipped when its name ends in .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def collect_flags(articles: list[dict], chunk: int = 50, out: IO[str] | None = None) -> list[dict]:
    """Every loaded term ``analyze`` reports on the articles, with its sentence
    (also written to ``out`` as JSON lines, chunk by chunk)."""
    import framing
    from framing.scoring import analyze_many

    model = framing.load_model()
    flags: list[dict] = []
    for lo in range(0, len(articles), chunk):
        part = articles[lo : lo + chunk]
        done = len(flags)
        texts = [a["content_original"] or a["content"] for a in part]
        for art, result in zip(part, analyze_many(texts, model=model), strict=True):
            for t in result.loaded_terms:
                if t.sentence < 0:
                    continue
                s = result.sentences[t.sentence]
                flags.append(
                    dict(
                        article=art["id"],
                        outlet=art["source"],
                        sentence_index=t.sentence,
                        word=t.text,
                        word_start=t.start - s.start,
                        sentence=result.text[s.start : s.end],
                        category=t.category,
                        term=t.term,
                        source=t.source,
                        rule=t.rule,
                        confidence=t.confidence,
                        quoted=t.quoted,
                        alternatives=list(t.neutral_alternatives),
                    )
                )
        if out is not None:
            out.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in flags[done:])
            out.flush()
        print(f"{lo + len(part)} / {len(articles)} articles, {len(flags)} flags", file=sys.stderr)
    return flags


def sample_flags(
    flags: list[dict],
    per_category: int,
    seed: int,
    counts: dict[str, int] | None = None,
    exclude: set[tuple[str, int]] | None = None,
) -> list[dict]:
    """Up to ``per_category`` flags (``counts[category]`` where given) drawn at random
    from each category, at most one per sentence overall and none in the sentences of
    ``exclude`` (article id, sentence index), then shuffled."""
    rng = random.Random(seed)
    counts = counts or {}
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for f in flags:
        by_cat[f["category"]].append(f)
    used: set[tuple[str, int]] = set(exclude or ())
    drawn = []
    for cat in sorted(by_cat):
        pool = list(by_cat[cat])
        rng.shuffle(pool)
        limit = counts.get(cat, per_category)
        taken = 0
        for f in pool:
            if taken >= limit:
                break
            where = (f["article"], f["sentence_index"])
            if where in used:
                continue
            used.add(where)
            drawn.append(f)
            taken += 1
    rng.shuffle(drawn)
    return drawn


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def cmd_sample(args: argparse.Namespace) -> None:
    caches = args.flags_cache or []
    if caches and all(c.exists() for c in caches):
        flags = [f for c in caches for f in read_articles(c)]
    else:
        articles = read_articles(args.articles)
        random.Random(args.seed).shuffle(articles)  # any prefix is a random subset
        k, n = (int(x) for x in args.shard.split("/"))
        if caches:
            with caches[0].open("w", encoding="utf-8") as fh:
                flags = collect_flags(articles[k::n], out=fh)
        else:
            flags = collect_flags(articles[k::n])
        if n > 1:
            print(f"shard {k}/{n}: {len(flags)} flags written to {caches[0]}")
            return
    exclude = {
        (k["article"], k["sentence_index"]) for x in args.exclude or [] for k in read_articles(x)
    }
    if args.half:
        # only the articles of one half of a seeded shuffle (categories named in
        # --whole-corpus are drawn from all articles)
        k, seed = (int(x) for x in args.half.split(":"))
        ids = [a["id"] for a in read_articles(args.articles)]
        random.Random(seed).shuffle(ids)
        half = set(ids[k::2])
        whole = set(args.whole_corpus.split(",")) if args.whole_corpus else set()
        flags = [f for f in flags if f["article"] in half or f["category"] in whole]
    counts = {c: int(n) for c, n in (x.split("=") for x in args.count or [])}
    drawn = sample_flags(flags, args.per_category, args.seed, counts, exclude)
    prefix = args.id_prefix
    blind, key = [], []
    for k, f in enumerate(drawn):
        fid = f"{prefix}{k:04d}"
        blind.append(
            dict(id=fid, word=f["word"], sentence=f["sentence"], word_start=f["word_start"])
        )
        key.append(dict(id=fid, **f))
    write_jsonl(args.blind, blind)
    write_jsonl(args.key, key)
    totals = Counter(
        f["category"] for f in flags if (f["article"], f["sentence_index"]) not in exclude
    )
    got = Counter(f["category"] for f in drawn)
    print(f"{len(flags)} flags on {len({f['article'] for f in flags})} articles")
    for cat in sorted(totals):
        print(f"  {cat:14s} {totals[cat]:6d} flags, {got[cat]:3d} sampled")
    print(f"blind file {args.blind} ({len(blind)} lines), key {args.key}")


def _line(name: str, j: Counter) -> str:
    n = sum(j[x] for x in JUDGMENTS)
    decided = j["correct"] + j["incorrect"]
    p = j["correct"] / decided if decided else 0.0
    lo, hi = wilson(j["correct"], decided)
    p2 = j["correct"] / n if n else 0.0
    lo2, hi2 = wilson(j["correct"], n)
    return (
        f"| {name} | {n} | {j['correct']} | {j['incorrect']} | {j['borderline']} | "
        f"{p:.2f} [{lo:.2f}, {hi:.2f}] | {p2:.2f} [{lo2:.2f}, {hi2:.2f}] |"
    )


def score(judged: list[dict], key: list[dict], by: str = "category") -> list[str]:
    """Markdown table lines of precision per ``by`` field of the key."""
    keyed = {k["id"]: k for k in key}
    groups: dict[str, Counter] = defaultdict(Counter)
    missing = 0
    for row in judged:
        j = str(row.get("judgment", row.get("verdict", ""))).strip().lower()
        k = keyed.get(row.get("id"))
        if k is None or j not in JUDGMENTS:
            missing += 1
            continue
        groups[str(k[by])][j] += 1
        groups["all"][j] += 1
    lines = [
        f"| {by} | n | correct | incorrect | borderline | precision (borderline left out) "
        "[95% Wilson] | precision (borderline as wrong) |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name in sorted(g for g in groups if g != "all"):
        lines.append(_line(name, groups[name]))
    lines.append(_line("all", groups["all"]))
    if missing:
        lines.append(f"({missing} judged lines without a known id or a judgment were left out)")
    return lines


def cmd_score(args: argparse.Namespace) -> None:
    judged = read_articles(args.judged)
    key = read_articles(args.key)
    for k in key:
        k["category / source"] = f"{k['category']} / {k['source']}"
    for by in ("category", "source", "category / source"):
        print("\n".join(score(judged, key, by)))
        print()
    if args.terms:
        keyed = {k["id"]: k for k in key}
        wrong = Counter(
            (keyed[r["id"]]["category"], keyed[r["id"]]["word"].lower())
            for r in judged
            if r.get("id") in keyed and r.get("judgment", r.get("verdict")) != "correct"
        )
        for (cat, word), n in wrong.most_common(40):
            print(f"{cat:14s} {word:24s} {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="analyze the articles and write a blind sample and its key")
    s.add_argument("--articles", type=Path, default=SHARED / "abp_sample.jsonl.gz")
    s.add_argument("--blind", type=Path, required=True)
    s.add_argument("--key", type=Path, required=True)
    s.add_argument("--per-category", type=int, default=50)
    s.add_argument("--seed", type=int, default=19)
    s.add_argument("--id-prefix", default="f")
    s.add_argument(
        "--flags-cache",
        type=Path,
        action="append",
        help="read all flags from these files if they exist (else write them to the first)",
    )
    s.add_argument(
        "--shard",
        default="0/1",
        help="K/N: analyze every N-th article from K, write the cache only",
    )
    s.add_argument(
        "--count",
        action="append",
        metavar="CATEGORY=N",
        help="draw N flags of this category instead of --per-category (repeatable)",
    )
    s.add_argument(
        "--exclude",
        type=Path,
        action="append",
        help="a key of an earlier sample: no flag is drawn from its sentences (repeatable)",
    )
    s.add_argument(
        "--half",
        metavar="K:SEED",
        help="draw only from the articles of half K (0 or 1) of the articles shuffled with SEED",
    )
    s.add_argument(
        "--whole-corpus",
        metavar="CATEGORIES",
        help="comma-separated categories drawn from all articles despite --half",
    )
    c = sub.add_parser("score", help="precision per category of a judged blind file")
    c.add_argument("--judged", type=Path, required=True)
    c.add_argument("--key", type=Path, required=True)
    c.add_argument("--terms", action="store_true", help="also list the words judged wrong most")
    args = ap.parse_args()
    cmd_sample(args) if args.cmd == "sample" else cmd_score(args)


if __name__ == "__main__":
    main()
