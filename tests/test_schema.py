"""The ArticleAnalysis JSON keeps to its JSON Schema (docs/article_analysis.schema.json): every
golden output, and outputs of generated text; the schema's closed sets match the code's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import framing
from framing.attribution import FORMS, SOURCE_TYPES, STANCES
from framing.lexicon import CATEGORIES
from tests import golden

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "article_analysis.schema.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = Draft202012Validator(SCHEMA)


def _errors(d: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(d)]


def test_the_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schemas_closed_sets_are_the_codes():
    defs = SCHEMA["$defs"]
    assert set(defs["loaded_term"]["properties"]["category"]["enum"]) == CATEGORIES | {"model"}
    attribution = defs["attribution"]["properties"]
    assert attribution["source"]["properties"]["type"]["enum"] == list(SOURCE_TYPES)
    assert attribution["cue"]["properties"]["stance"]["enum"] == list(STANCES)
    assert attribution["form"]["enum"] == list(FORMS)
    assert set(SCHEMA["properties"]["subscores"]["required"]) == set(
        framing.scoring.SUBSCORE_WEIGHTS
    )


def test_the_sample_article_keeps_to_the_schema():
    assert _errors(json.loads(golden.ARTICLE_JSON.read_text(encoding="utf-8"))) == []


def test_every_golden_corpus_analysis_keeps_to_the_schema():
    lines = golden.read_gz_lines(golden.CORPUS_JSONL)
    assert len(lines) == 120
    for line in lines:
        d = json.loads(line)
        assert _errors(d) == [], d["id"]


def test_a_fresh_analysis_keeps_to_the_schema():
    d = framing.analyze(golden.sample_article(), outlet="Al Jazeera", id="sample").to_dict()
    assert _errors(d) == []


def test_the_schema_rejects_what_the_contract_forbids():
    good = json.loads(golden.ARTICLE_JSON.read_text(encoding="utf-8"))
    assert _errors({**good, "framing_score": 1.5})
    assert _errors({**good, "surprise": 1})
    # the sample article has no term of a reported category: take one from the golden corpus
    some = next(
        t
        for ln in golden.read_gz_lines(golden.CORPUS_JSONL)
        for t in json.loads(ln)["loaded_terms"]
    )
    term = dict(some, category="smear")
    assert _errors({**good, "loaded_terms": [term]})
    source = dict(good["attributions"][0]["source"], type="alien")
    assert _errors({**good, "attributions": [dict(good["attributions"][0], source=source)]})


words = st.sampled_from(
    'the regime said so-called “ ” " militants liberated according to officials claimed '
    "he she . , ! ? \n terrorists rebels Kremlin 'provocation' brutal".split(" ")
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(words, max_size=80).map(" ".join)))
def test_analyses_of_generated_text_keep_to_the_schema(model, text):
    assert _errors(framing.analyze(text, model=model).to_dict()) == []
