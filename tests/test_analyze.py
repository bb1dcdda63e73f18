"""framing.analyze on real news text: the ArticleAnalysis JSON contract."""

from __future__ import annotations

import math

import pytest

import framing
import framing.scoring
from framing.resources import data_path
from framing.scoring import QUOTED_WEIGHT, SUBSCORE_WEIGHTS
from tests.helpers import assert_contract

# A conflict-reporting paragraph in the style of wire copy (written for these tests).
CONFLICT = (
    "Russian forces said on Tuesday they had liberated the village of Pisky, which Ukrainian "
    'officials called a massacre site. The Kremlin described the offensive as a "special '
    "military operation\" against the so-called Kyiv regime, while Ukraine's defense ministry "
    "said the terrorists had shelled residential blocks.\n\n"
    "“They slaughtered civilians,” a witness told Reuters. Rebels and militants were seen near "
    "the town, according to witnesses. The regime's thugs have terrorized the region for years."
)

SAMPLE_ARTICLE = data_path("sample_article.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def conflict():
    return framing.analyze(CONFLICT, outlet="Test Wire", id="c1")


def test_conflict_paragraph_flags_loaded_terms_with_alternatives(conflict):
    d = conflict.to_dict()
    assert_contract(d, CONFLICT)
    by_text = {t["text"].lower(): t for t in d["loaded_terms"]}
    for word in ("liberated", "slaughtered", "thugs", "terrorized"):
        assert word in by_text, f"{word!r} not flagged: {sorted(by_text)}"
        assert by_text[word]["neutral_alternatives"], word
    # "so-called" before a name mostly names (so-called Dreamers): matched, not reported
    assert not any(t["category"] == "so_called" for t in d["loaded_terms"])
    assert any("regime" == t["text"].lower() for t in d["loaded_terms"])
    assert by_text["liberated"]["category"] == "euphemism"
    # standard wire descriptors and the plain name of a mass killing are not reported
    assert not {"militants", "terrorists", "massacre"} & set(by_text)
    assert d["id"] == "c1" and d["outlet"] == "Test Wire"


def test_terms_inside_quotes_are_marked_as_the_sources_voice(conflict):
    slaughtered = next(t for t in conflict.loaded_terms if t.text == "slaughtered")
    assert slaughtered.quoted
    # indirect content is the outlet's wording of what a source said: reported, not quoted
    regime = next(t for t in conflict.loaded_terms if t.text == "regime")
    assert not regime.quoted and regime.in_content
    assert slaughtered.in_content
    thugs = next(t for t in conflict.loaded_terms if t.text == "thugs")
    assert not thugs.quoted


def test_attributions_are_found_and_typed(conflict):
    d = conflict.to_dict()
    sources = {a["source"]["text"]: a for a in d["attributions"]}
    assert "a witness" in sources and sources["a witness"]["source"]["type"] == "witness"
    assert sources["a witness"]["form"] == "direct"
    assert any(a["form"] == "according_to" for a in d["attributions"])


def _recomputed_score(d: dict) -> float:
    ev = d["score_evidence"]
    if ev["method"] == "fixed_weights":
        return sum(SUBSCORE_WEIGHTS[k] * v for k, v in d["subscores"].items())
    return 1 / (1 + math.exp(-(ev["intercept"] + sum(ev["contributions"].values()))))


def test_framing_score_is_recomputed_from_its_evidence(conflict):
    d = conflict.to_dict()
    ev = d["score_evidence"]
    assert d["framing_score"] == pytest.approx(_recomputed_score(d), abs=1e-3)
    if ev["method"] == "article_score":
        for k in ("loaded_language", "biased_sentences"):
            assert ev["features"][k] == d["subscores"][k]
        # every contributing feature is one whose value is listed
        assert set(ev["contributions"]) <= set(ev["features"])


def test_fixed_weights_without_the_article_score_component(conflict):
    from framing.model import load_model

    model = load_model()
    saved = model.__dict__.setdefault("components_", {})
    before = dict(saved)
    saved["article_score"] = None
    try:
        d = framing.analyze(conflict.text, model=model).to_dict()
    finally:
        saved.clear()
        saved.update(before)
    assert d["score_evidence"]["method"] == "fixed_weights"
    expected = sum(SUBSCORE_WEIGHTS[k] * v for k, v in d["subscores"].items())
    assert d["framing_score"] == pytest.approx(expected, abs=1e-3)


def test_subscores_follow_their_documented_definitions(conflict):
    d = conflict.to_dict()
    weight = sum(
        t["confidence"] * (QUOTED_WEIGHT if t["quoted"] else 1.0) for t in d["loaded_terms"]
    )
    dens = 100 * weight / d["n_words"]
    assert d["subscores"]["loaded_language"] == pytest.approx(dens / (dens + 1), abs=1e-3)
    assert d["subscores"]["unattributed_claims"] == pytest.approx(
        len(d["unattributed_sentences"]) / d["n_sentences"], abs=1e-3
    )


def test_loaded_paragraph_scores_higher_than_plain_wire_copy(conflict):
    plain = framing.analyze(
        "The city council met on Tuesday to discuss the budget for next year. Officials said "
        "the meeting would continue on Thursday. The budget includes funds for road repairs."
    )
    assert plain.subscores["loaded_language"] < conflict.subscores["loaded_language"]
    assert plain.framing_score < conflict.framing_score
    assert plain.loaded_terms == []


@pytest.mark.parametrize("text", ["", "   \n\t  ", "...", "!!! ??? ---"])
def test_empty_or_punctuation_only_text_gives_an_empty_valid_analysis(text):
    a = framing.analyze(text)
    d = a.to_dict()
    assert_contract(d, text)
    assert d["n_words"] == 0 and d["loaded_terms"] == [] and d["attributions"] == []
    assert d["framing_score"] == 0.0
    assert all(s["bias_probability"] == 0.0 for s in d["sentences"])


def test_shipped_sample_article(tmp_path):
    a = framing.analyze(SAMPLE_ARTICLE, outlet="Al Jazeera")
    d = a.to_dict()
    assert_contract(d, SAMPLE_ARTICLE)
    assert d["n_sentences"] >= 20
    assert len(d["attributions"]) >= 5
    row = a.to_row()
    assert row["n_sentences"] == d["n_sentences"] and row["outlet"] == "Al Jazeera"
    assert row["loaded_terms_per_1k_words"] == pytest.approx(
        1000 * len(d["loaded_terms"]) / d["n_words"]
    )


def test_non_str_input_is_a_clear_error():
    with pytest.raises(framing.InputError, match="must be a str"):
        framing.analyze(b"bytes")  # type: ignore[arg-type]


def test_user_lexicon_is_merged(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text(
        "term\tforms\tcategory\tneutral_alternatives\tconfidence\n"
        "budget hawks\tbudget hawks\tlabel\tfiscal conservatives\t0.7\n",
        encoding="utf-8",
    )
    text = "Budget hawks rejected the so-called compromise."
    a = framing.analyze(text, lexicon=str(tsv))
    terms = {t.text.lower(): t for t in a.loaded_terms}
    assert "budget hawks" in terms and terms["budget hawks"].neutral_alternatives == (
        "fiscal conservatives",
    )
    assert any(t.category == "so_called" for t in a.loaded_terms)  # shipped rules still apply


def test_analyze_many_equals_analyze_one_by_one():
    texts = [CONFLICT, SAMPLE_ARTICLE, "", "Officials said the talks would resume."]
    many = framing.scoring.analyze_many(
        texts, outlets=["a", "b", "c", "d"], ids=["1", "2", "3", "4"]
    )
    for text, got, outlet, i in zip(texts, many, "abcd", "1234", strict=True):
        assert got.to_dict() == framing.analyze(text, outlet=outlet, id=i).to_dict()


def test_plain_reporting_words_in_a_real_article_are_not_flagged():
    """The shipped sample (Al Jazeera wire-style report) uses the conflict vocabulary plainly."""
    words = {w.strip('.,"').lower() for w in SAMPLE_ARTICLE.split()}
    plain = {
        "said",
        "told",
        "killed",
        "attack",
        "attacks",
        "wounded",
        "fighting",
        "assault",
        "shelling",
        "forces",
        "troops",
    }
    assert len(plain & words) >= 9  # the article really uses them
    flagged = {t.text.lower() for t in framing.analyze(SAMPLE_ARTICLE).loaded_terms}
    assert not flagged & plain


def test_results_are_typed_inside_and_json_at_the_edge(conflict):
    from framing.attribution import Attribution
    from framing.lexicon import Lexicon
    from framing.spans import TermSpan
    from framing.text import tokenize

    a = conflict
    assert a.attributions and all(isinstance(x, Attribution) for x in a.attributions)
    assert a.to_dict()["attributions"] == [x.to_dict() for x in a.attributions]
    doc = tokenize(CONFLICT)
    found = [
        *Lexicon.default().match(doc),
        *framing.load_model().tagger.find_terms(doc),
        *a.loaded_terms,
    ]
    kinds = {type(t).__name__ for t in found}
    assert kinds == {"LexiconMatch", "TermFind", "LoadedTerm"}
    for t in found:
        assert isinstance(t, TermSpan)
        assert CONFLICT[t.start : t.end] and 0.0 <= t.confidence <= 1.0


def test_words_only_the_tagger_finds_are_not_reported():
    """term_categories.tsv has no tagger_from since the v4 judgement (the tagger's words
    on news articles were judged right 0.41 of the time at any probability bar): analyze
    reports lexicon terms only, though the tagger still finds and scores its words."""
    from framing.resources import is_reported
    from framing.text import tokenize

    text = "This vicious, worthless fool spews hatred and loathing at decent voters."
    model = framing.load_model()
    found = [f for f in model.tagger.find_terms(tokenize(text)) if f.confidence >= 0.6]
    assert {f.term for f in found} >= {"worthless", "loathing"}  # the tagger finds them
    terms = framing.analyze(text, model=model).loaded_terms
    assert [(t.text, t.source) for t in terms] == [("vicious", "lexicon"), ("spews", "lexicon")]
    assert not is_reported("emotive", 0.99, source="model")
    assert is_reported("emotive", 0.99)
