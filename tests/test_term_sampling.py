"""bench/term_categories.py: how flags are drawn for a blind judgement."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from term_categories import sample_flags  # noqa: E402

FLAGS = [
    {"article": f"a{k // 3}", "sentence_index": k % 3, "category": cat, "term": f"{cat}{k}"}
    for cat in ("emotive", "partisan")
    for k in range(12)
]


def test_per_category_zero_draws_none_and_counts_override_it():
    assert sample_flags(FLAGS, 0, seed=1) == []
    drawn = sample_flags(FLAGS, 0, seed=1, counts={"partisan": 3})
    assert [f["category"] for f in drawn] == ["partisan"] * 3


def test_limit_is_kept_and_one_flag_per_sentence_overall():
    drawn = sample_flags(FLAGS, 5, seed=7)
    assert sorted(f["category"] for f in drawn) == ["emotive"] * 5 + ["partisan"] * 5
    where = [(f["article"], f["sentence_index"]) for f in drawn]
    assert len(set(where)) == len(where)


def test_excluded_sentences_are_never_drawn():
    exclude = {(f"a{k}", s) for k in range(4) for s in (0, 1)}
    drawn = sample_flags(FLAGS, 50, seed=3, exclude=exclude)
    assert drawn and all(f["sentence_index"] == 2 for f in drawn)
    assert len(drawn) == 4  # one free sentence per article, shared by both categories
