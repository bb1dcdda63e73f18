"""Hostile input: analyze never crashes and every output keeps the JSON contract."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.text import MAX_SENTENCE_CHARS

from .test_analyze import assert_contract

MODEL = framing.load_model()

HOSTILE = {
    "control characters": "The regime\x00\x07\x1b[31m said\x08 \x7f militants\x0c attacked.\x1e",
    "right to left": "قالت الحكومة إن المتمردين هاجموا. The so-called rebels ‏denied‏ it.",
    "mixed scripts": "Кремль назвал это «спецоперацией». 政府说 terrorists 袭击了 the town.",
    "emoji": "🙂🙂 Militants 💣 stormed the town 🏙️!!! #breaking 🇺🇦",
    "lone surrogates": "The regime \ud800 slaughtered \udfff civilians.",
    "html left in scraped text": "<p>The <b>regime</b> said</p><script>var x = \"terrorists\";</script>&amp; more",
    "only punctuation": "?!?!… —— ''' \"\" «» ...",
    "zero-width and odd spaces": "The\u200bregime\u00a0said\u2028militants\u2029attacked\u3000today.",
    "combining marks": "Re\u0301gime forces liberated the cafe\u0301 district.",
    "lone quotes": "“The regime ‘said’ \" militants » attacked «",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


words = st.sampled_from(
    ["the", "regime", "said", "so-called", "“", "”", "\"", "militants", "liberated", "according",
     "to", "witnesses", ",", ".", "\n", "\n\n", "U.S.", "claimed", "Press", "TV", "reported", "that"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, max_size=60).map(" ".join))
def test_news_like_word_salad_keeps_the_contract(text):
    d = framing.analyze(text, model=MODEL).to_dict()
    assert_contract(d, text)


def test_json_output_of_lone_surrogates_is_serialisable():
    a = framing.analyze(HOSTILE["lone surrogates"], model=MODEL)
    json.loads(a.to_json())  # str round trip works; encoding to UTF-8 is the writer's choice


@pytest.mark.slow
def test_long_line_without_newline_is_analyzed_with_capped_sentences():
    text = ("the regime said militants attacked the town " * 40_000)  # ~1.8 MB, no full stop
    d = framing.analyze(text, model=MODEL).to_dict()
    assert all(s["end"] - s["start"] <= MAX_SENTENCE_CHARS for s in d["sentences"])
    assert d["n_words"] == 7 * 40_000
    assert_contract(d, text)


@pytest.mark.slow
def test_many_short_sentences():
    text = "Militants attacked. " * 20_000
    d = framing.analyze(text, model=MODEL).to_dict()
    assert d["n_sentences"] == 20_000
    assert sum(t["text"] == "Militants" for t in d["loaded_terms"]) == 20_000


def test_same_input_same_output():
    text = HOSTILE["mixed scripts"] + " " + HOSTILE["html left in scraped text"]
    assert framing.analyze(text, model=MODEL).to_dict() == framing.analyze(text, model=MODEL).to_dict()
