"""Draw PolNeAR sources to hand-label with datasets/SOURCE_TYPING_GUIDE.md.

    python datasets/scripts/source_items.py [--polnear ../shared/datasets/polnear] [-n 760] OUT.jsonl

Writes one JSON line per source: ``item_id`` (``<split>:<doc_id>:<attribution id>``),
``article_id``, ``split``, ``start``/``end`` (offsets of the source in the article),
``source`` (its text), ``sentence`` (the sentence around it, with the cue) and, for
context, ``title``. PolNeAR has no licence: the output is for labelling outside the
repository; only ids, offsets and types are committed (datasets/source_types.jsonl).
Primary annotations only; a fixed seed picks at most three sources per article, spread
over train and dev articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

from framing.text import tokenize

SEED = 20


def _records(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [r for r in map(json.loads, fh) if r["is_primary"]]


def _context(doc, start: int, end: int) -> str:
    first = doc.sentence_at(start)
    last = doc.sentence_at(max(start, end - 1))
    if first is None or last is None:
        return doc.text[max(0, start - 200) : end + 200]
    a, b = doc.sentences[first].start, doc.sentences[last].end
    return doc.text[a:b]


def items(polnear: Path, n: int, seed: int = SEED) -> list[dict]:
    """``n`` source items drawn from PolNeAR train and dev (see the module docstring)."""
    rng = random.Random(seed)
    pool: list[dict] = []
    for split in ("train", "dev"):
        for rec in _records(polnear / f"{split}.jsonl.gz"):
            atts = [a for a in rec["attributions"] if a.get("source")]
            rng.shuffle(atts)
            doc = None
            for a in atts[:3]:
                src = a["source"]
                doc = doc or tokenize(rec["text"])
                cue = a.get("cue") or src
                lo, hi = min(src["start"], cue["start"]), max(src["end"], cue["end"])
                pool.append(
                    {
                        "item_id": f"{split}:{rec['doc_id']}:{a['id']}",
                        "article_id": rec["doc_id"],
                        "split": split,
                        "start": src["start"],
                        "end": src["end"],
                        "source": src["text"],
                        "sentence": _context(doc, lo, hi),
                        "title": rec.get("title") or "",
                    }
                )
    rng.shuffle(pool)
    dev = [p for p in pool if p["split"] == "dev"]
    train = [p for p in pool if p["split"] == "train"]
    n_dev = min(len(dev), n // 4)
    return sorted(dev[:n_dev] + train[: n - n_dev], key=lambda p: p["item_id"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--polnear", default="../shared/datasets/polnear")
    p.add_argument("-n", type=int, default=760)
    args = p.parse_args(argv)
    rows = items(Path(args.polnear), args.n)
    rng = random.Random(SEED)
    rng.shuffle(rows)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} items -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
