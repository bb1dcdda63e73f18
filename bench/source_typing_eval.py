"""Source typing on hand-labelled PolNeAR sources (datasets/source_types.jsonl).

    python bench/source_typing_eval.py [--polnear DIR] [--part train|fit|tune|dev|all] [--errors]

The labels hold only ids, offsets and types; the source texts are read from PolNeAR
(``../shared/datasets/polnear``, not shipped). Prints the typer's accuracy per type
and its confusion matrix on the chosen part (default ``dev``: the sources of PolNeAR
dev articles, held out while the typer's word lists were written from the ``train``
part), and the agreement between the two labellers (Cohen's kappa and raw agreement)
on the items both labelled, with the typer's accuracy against each of them.
A pronoun source is typed by the mention it resolves to in its article, as framing
does. Labelling conventions: datasets/SOURCE_TYPING_GUIDE.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from framing.attribution import SOURCE_TYPES

LABELS = Path(__file__).resolve().parent.parent / "datasets" / "source_types.jsonl"


def load(polnear: Path) -> list[dict]:
    """Labelled items with ``source`` (text) and ``sentence_text`` read from PolNeAR."""
    rows = [json.loads(x) for x in LABELS.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts: dict[tuple[str, str], str] = {}
    for split in ("train", "dev"):
        with gzip.open(polnear / f"{split}.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["is_primary"]:
                    texts[(split, r["doc_id"])] = r["text"]
    for row in rows:
        text = texts[(row["split"], row["article_id"])]
        row["source"] = text[row["start"] : row["end"]]
        row["text"] = text
    return rows


def predict(rows: list[dict]) -> list[str]:
    """The type framing gives each source in its article
    (:func:`framing.attribution.source_types.type_source`, as ``extract_attributions`` does)."""
    from framing.attribution.source_types import type_source
    from framing.mentions import Resolver
    from framing.text import tokenize

    docs: dict[str, tuple] = {}
    out = []
    for r in rows:
        if r["article_id"] not in docs:
            doc = tokenize(r["text"])
            docs[r["article_id"]] = (doc, Resolver(doc))
        doc, resolver = docs[r["article_id"]]
        out.append(type_source(doc, r["start"], r["end"], resolver)[0])
    return out


_PARTS = (
    "train: the sources of PolNeAR train articles; fit / tune: those of its fit and tune "
    "articles (framing.attribution.polnear.subsplit, the split the attribution models use); "
    "dev: PolNeAR dev; all"
)


def _in_part(row: dict, part: str) -> bool:
    from framing.attribution.polnear import subsplit

    if part in {"fit", "tune"}:
        return row["split"] == "train" and subsplit(row["article_id"]) == part
    return part == "all" or row["split"] == part


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two labellings of the same items."""
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[t] * cb[t] for t in set(a) | set(b)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def report(rows: list[dict], errors: bool = False) -> dict:
    """Accuracy per type and the confusion matrix of framing's typing (:func:`type_source`) on ``rows``."""
    pred = predict(rows)
    gold = [r["type"] for r in rows]
    n_ok = sum(p == g for p, g in zip(pred, gold, strict=True))
    per = {}
    for t in SOURCE_TYPES:
        idx = [k for k, g in enumerate(gold) if g == t]
        if idx:
            per[t] = (len(idx), sum(pred[k] == t for k in idx) / len(idx))
    conf = Counter(zip(gold, pred, strict=True))
    if errors:
        for r, p in zip(rows, pred, strict=True):
            if p != r["type"]:
                print(f"  {r['type']:>12s} <- {p:12s} {r['source']!r}")
    return {
        "n": len(rows),
        "accuracy": n_ok / len(rows) if rows else 0.0,
        "per_type": per,
        "confusion": conf,
    }


def _print(name: str, r: dict) -> None:
    print(f"{name}: {r['n']} sources, accuracy {r['accuracy']:.3f}")
    for t, (n, acc) in r["per_type"].items():
        print(f"  {t:12s} n={n:4d} accuracy {acc:.3f}")
    used = [t for t in SOURCE_TYPES if any(t in k for k in r["confusion"])]
    short = {t: t[:5] for t in used}
    print("  confusion (rows: label, columns: typer)")
    print("  " + " " * 12 + " ".join(f"{short[t]:>5s}" for t in used))
    for g in used:
        print(f"  {g:12s}" + " ".join(f"{r['confusion'].get((g, p), 0):5d}" for p in used))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", type=Path, default=Path("../shared/datasets/polnear"))
    ap.add_argument(
        "--part", choices=["train", "fit", "tune", "dev", "all"], default="dev", help=_PARTS
    )
    ap.add_argument("--errors", action="store_true", help="list the typer's mistakes")
    args = ap.parse_args(argv)
    if not (args.polnear / "train.jsonl.gz").is_file():
        print(f"error: PolNeAR not found in {args.polnear}", file=sys.stderr)
        return 1
    rows = load(args.polnear)
    part = [r for r in rows if _in_part(r, args.part)]
    _print(f"typer on the {args.part} part", report(part, args.errors))
    both = [r for r in rows if "type_b" in r]
    a, b = [r["type"] for r in both], [r["type_b"] for r in both]
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(both)
    print(
        f"labellers A and B on {len(both)} sources: kappa {kappa(a, b):.3f}, agreement {agree:.3f}"
    )
    pred = predict(both)
    for name, lab in (("A", a), ("B", b)):
        acc = sum(p == g for p, g in zip(pred, lab, strict=True)) / len(both)
        print(f"  typer vs {name} on these: accuracy {acc:.3f}, kappa {kappa(pred, lab):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
