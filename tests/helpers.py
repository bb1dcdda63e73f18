"""Helpers shared by the test modules (plain functions; the shared fixtures are in conftest.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from framing.resources import data_path
from framing.scoring import SUBSCORE_WEIGHTS

SAMPLE = data_path("sample_articles.jsonl.gz")

SENTENCE_KEYS = {"index", "start", "end", "bias_probability", "quoted"}
TERM_KEYS = {
    "start",
    "end",
    "text",
    "term",
    "category",
    "confidence",
    "neutral_alternatives",
    "sentence",
    "source",
    "quoted",
}


def assert_contract(d: dict, text: str) -> None:
    """Types, ranges and offsets of one ArticleAnalysis dict."""
    assert set(SUBSCORE_WEIGHTS) == set(d["subscores"])
    assert 0.0 <= d["framing_score"] <= 1.0
    assert all(0.0 <= v <= 1.0 for v in d["subscores"].values())
    assert isinstance(d["n_sentences"], int) and isinstance(d["n_words"], int)
    assert d["n_sentences"] == len(d["sentences"])
    for i, s in enumerate(d["sentences"]):
        assert set(s) >= SENTENCE_KEYS and s["index"] == i
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert 0.0 <= s["bias_probability"] <= 1.0 and isinstance(s["quoted"], bool)
    for t in d["loaded_terms"]:
        assert set(t) >= TERM_KEYS
        assert text[t["start"] : t["end"]] == t["text"]
        assert 0.0 <= t["confidence"] <= 1.0
        assert t["source"] in {"lexicon", "model"}
        assert isinstance(t["neutral_alternatives"], list)
        s = d["sentences"][t["sentence"]]
        assert s["start"] <= t["start"] and t["end"] <= s["end"]
    for a in d["attributions"]:
        for part in ("source", "cue", "content"):
            assert 0 <= a[part]["start"] <= a[part]["end"] <= len(text)
        assert text[a["source"]["start"] : a["source"]["end"]] == a["source"]["text"]
        assert text[a["cue"]["start"] : a["cue"]["end"]] == a["cue"]["text"]
        assert a["form"] in {"direct", "indirect", "according_to", "mixed"}
    assert all(0 <= i < d["n_sentences"] for i in d["unattributed_sentences"])
    assert d["model"]["name"]
    json.dumps(d)  # serialisable as is


def sample_articles(n: int = 8) -> list[dict]:
    """The first n sample articles, cut to about 1,500 characters to keep the tests fast."""
    rows = []
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            cut = r["text"].find(". ", 1500)
            rows.append(
                {
                    "id": r["id"],
                    "outlet": r["outlet"],
                    "topic": r["topic"],
                    "text": r["text"] if cut < 0 else r["text"][: cut + 1],
                }
            )
            if len(rows) == n:
                break
    return rows


def write_jsonl(path: Path, rows: list, gz: bool = False) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def short_articles(n: int, chars: int = 600) -> list[dict]:
    """n sample articles cut to about ``chars`` characters and put on one line, to keep runs short."""
    rows = []
    for a in sample_articles(n):
        cut = a["text"].find(". ", chars)
        rows.append(
            {**a, "text": " ".join((a["text"] if cut < 0 else a["text"][: cut + 1]).split())}
        )
    return rows


def running(*, group: int | None = None, parent: int | None = None) -> list[int]:
    """Pids still running (a zombie has already exited) in process group ``group`` or
    with parent ``parent``, read from /proc (Linux)."""
    field, value = (2, group) if group is not None else (1, parent)
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[field]) == value and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids
