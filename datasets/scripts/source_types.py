"""Build datasets/source_types.jsonl from hand labels of PolNeAR sources.

    python datasets/scripts/source_types.py ITEMS.jsonl LABELS_A.jsonl [LABELS_B.jsonl]

ITEMS are the lines of ``datasets/scripts/source_items.py``; LABELS are ``{"item_id", "type"}``
lines by a labeller following datasets/SOURCE_TYPING_GUIDE.md (A: all items, B: a second
labeller on a subset). The output keeps only ids, offsets and types (PolNeAR's text is not
ours to publish): ``item_id, article_id, split, start, end, type`` and ``type_b`` where the
second labeller labelled the item. Read it back with the text with
``framing.attribution.polnear`` (bench/source_typing_eval.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from framing.attribution import SOURCE_TYPES

OUT = Path(__file__).resolve().parents[1] / "source_types.jsonl"
TYPES = set(SOURCE_TYPES)


def _read(path: str) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]


def main(argv: list[str]) -> int:
    items = {r["item_id"]: r for r in _read(argv[0])}
    a = {r["item_id"]: r["type"] for r in _read(argv[1])}
    b = {r["item_id"]: r["type"] for r in _read(argv[2])} if len(argv) > 2 else {}
    bad = [t for t in list(a.values()) + list(b.values()) if t not in TYPES]
    if bad:
        print(f"error: unknown types {sorted(set(bad))}", file=sys.stderr)
        return 1
    rows = []
    for item_id in sorted(a):
        it = items[item_id]
        row = {
            "item_id": item_id,
            "article_id": it["article_id"],
            "split": it["split"],
            "start": it["start"],
            "end": it["end"],
            "type": a[item_id],
        }
        if item_id in b:
            row["type_b"] = b[item_id]
        rows.append(row)
    OUT.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} labelled sources ({len(b)} by two labellers) -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
