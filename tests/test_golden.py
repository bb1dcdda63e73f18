"""Outputs identical to the recorded golden files (see tests/golden.py for when and how to
regenerate them, and for the one rounding tolerance)."""

from __future__ import annotations

import json

import pytest

from tests import golden


def test_first_difference_tolerates_print_rounding_only():
    a = json.dumps({"p": 0.4768, "n": 3, "s": "x"})
    assert golden.first_difference([a], [json.dumps({"p": 0.4767, "n": 3, "s": "x"})]) is None
    assert "p" in golden.first_difference([a], [json.dumps({"p": 0.4765, "n": 3, "s": "x"})])
    assert "n" in golden.first_difference([a], [json.dumps({"p": 0.4768, "n": 4, "s": "x"})])
    assert golden.first_difference([a], [a, a]) == "1 lines against 2"


def test_sample_article_is_identical():
    got = golden.article_json()
    want = golden.ARTICLE_JSON.read_text(encoding="utf-8")
    assert golden.first_difference([got], [want]) is None


@pytest.mark.slow
def test_sample_corpus_analyses_are_identical():
    got, want = golden.corpus_lines(), golden.read_gz_lines(golden.CORPUS_JSONL)
    assert golden.first_difference(got, want) is None


@pytest.mark.slow
def test_sample_corpus_score_rows_are_identical(tmp_path):
    got, want = golden.score_lines(tmp_path), golden.read_gz_lines(golden.ROWS_JSONL)
    assert golden.first_difference(got, want) is None
