"""Outputs identical to the recorded golden files (see tests/golden.py for when and how to
regenerate them)."""

from __future__ import annotations

import json

import pytest

from tests import golden


def _first_difference(got: list[str], want: list[str]) -> str:
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            gd, wd = json.loads(g), json.loads(w)
            keys = [k for k in sorted(set(gd) | set(wd)) if gd.get(k) != wd.get(k)]
            return f"line {i + 1} differs in {keys[:8]}"
    return f"{len(got)} lines against {len(want)}"


def test_sample_article_is_byte_identical():
    assert golden.article_json() == golden.ARTICLE_JSON.read_text(encoding="utf-8")


@pytest.mark.slow
def test_sample_corpus_analyses_are_byte_identical():
    got, want = golden.corpus_lines(), golden.read_gz_lines(golden.CORPUS_JSONL)
    assert got == want, _first_difference(got, want)


@pytest.mark.slow
def test_sample_corpus_score_rows_are_identical(tmp_path):
    got, want = golden.score_lines(tmp_path), golden.read_gz_lines(golden.ROWS_JSONL)
    assert got == want, _first_difference(got, want)
