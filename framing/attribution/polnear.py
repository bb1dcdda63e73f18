"""Reading PolNeAR (Newell, Margolin & Ruths 2018) for training and evaluation.

PolNeAR is not shipped (no licence stated by its authors: research use); this
module reads the JSONL conversion in ``../shared/datasets/polnear`` (see its
README) when it is there. Nothing at run time needs it.

``train`` is split by article into ``fit`` and ``tune`` (a stable hash of the
article id, :data:`TUNE_SHARE` of the articles to ``tune``): models are chosen on
``tune`` so that ``dev`` is looked at rarely.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path("../shared/datasets/polnear")
FILES = {"train": "train.jsonl.gz", "dev": "dev.jsonl.gz"}
TUNE_SHARE = 0.15

__all__ = ["Article", "read", "gold_of", "DEFAULT_DIR", "FILES", "TUNE_SHARE", "subsplit"]


@dataclass(frozen=True)
class Article:
    """One annotated article: its text and gold attributions (see :func:`gold_of`)."""

    doc_id: str
    split: str
    annotator: str
    is_primary: bool
    text: str
    gold: tuple[dict, ...]


def _span(role: dict | None) -> tuple[int, int] | None:
    return None if role is None else (role["start"], role["end"])


def gold_of(record: dict) -> tuple[dict, ...]:
    """Gold attributions of a record: cue, source, content hulls and content fragments."""
    out = []
    for a in record["attributions"]:
        if a.get("cue") is None:
            continue
        content = a.get("content")
        out.append(
            {
                "cue": _span(a["cue"]),
                "source": _span(a.get("source")),
                "content": _span(content),
                "source_fragments": tuple(
                    (f["start"], f["end"]) for f in (a.get("source") or {}).get("fragments", [])
                ),
                "content_fragments": tuple(
                    (f["start"], f["end"]) for f in (content or {}).get("fragments", [])
                ),
                "id": a["id"],
            }
        )
    return tuple(sorted(out, key=lambda g: g["cue"]))


def subsplit(doc_id: str) -> str:
    """``fit`` or ``tune`` for a train article (stable across runs and machines)."""
    h = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return "tune" if h / 0xFFFFFFFF < TUNE_SHARE else "fit"


def read(
    directory: str | Path = DEFAULT_DIR, split: str = "train", primary: bool | None = True
) -> list[Article]:
    """Articles of ``split`` (``train``, ``fit``, ``tune`` or ``dev``).

    ``primary=True`` keeps one annotation per article, ``False`` only the extra
    annotations, ``None`` all of them.
    """
    base = "train" if split in {"fit", "tune"} else split
    path = Path(directory) / FILES[base]
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if primary is not None and bool(r["is_primary"]) != primary:
                continue
            if split in {"fit", "tune"} and subsplit(r["doc_id"]) != split:
                continue
            out.append(
                Article(r["doc_id"], split, r["annotator"], r["is_primary"], r["text"], gold_of(r))
            )
    return out


def available(directory: str | Path = DEFAULT_DIR) -> bool:
    """True when the PolNeAR train and dev files are in ``directory``."""
    return all((Path(directory) / f).is_file() for f in FILES.values())
