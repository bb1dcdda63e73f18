"""Actors: mentions, clustering, labels with their voice, agent/patient roles, sentiment."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing
from framing.mentions import actor_key, cluster, find_mentions, resolve
from framing.text import tokenize

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def idlib():
    text = (DATA / "idlib_state_media.txt").read_text(encoding="utf-8")
    return text, framing.analyze(text)


def _actor(analysis, key):
    found = [a for a in analysis.actors if a.key == key]
    assert found, [a.key for a in analysis.actors]
    return found[0]


def test_the_army_is_the_agent_of_liberated_and_cleansed_in_the_outlets_voice(idlib):
    text, a = idlib
    army = _actor(a, "syrian arab army")
    assert army.kind == "force"
    agent_of = {(r["term"], r["quoted"]) for r in army.roles if r["role"] == "agent"}
    assert ("liberated", False) in agent_of
    assert ("cleansed", False) in agent_of
    for r in army.roles:
        assert a.loaded_terms[r["index"]].term == r["term"]
        assert r["index"] in army.loaded_terms
    # "the army", "Army units", "the Syrian army" are the same actor
    assert {"The army", "Syrian army"} <= {m["text"] for m in army.mentions} | {"The army"}
    assert len(army.mentions) >= 6


def test_the_armed_group_is_labelled_militants_and_terrorists_by_the_outlet(idlib):
    text, a = idlib
    hts = _actor(a, "hayat tahrir al-sham")
    assert hts.kind == "armed_group"
    authorial = {x["label"] for x in hts.labels if not x["quoted"]}
    assert {"militants", "terrorists"} <= authorial
    # the quoted "terrorists" in Assad's words is the source's voice
    assert any(x["label"] == "terrorists" and x["quoted"] for x in hts.labels)
    for x in hts.labels:
        assert text[x["start"] : x["end"]] == x["text"]
    # the militants "were cleansed ... by army units": the patient of the passive
    assert any(r["term"] == "cleansed" and r["role"] == "patient" for r in hts.roles)
    assert not any(r["role"] == "agent" for r in hts.roles)


def test_names_titles_pronouns_and_states(idlib):
    text, a = idlib
    assad = _actor(a, "bashar al-assad")
    assert assad.kind == "person"
    assert any(x["how"] == "title" and x["label"] == "president" for x in assad.labels)
    he = [m for m in assad.mentions if m["pronoun"]]
    assert [text[m["start"] : m["end"]] for m in he] == ["he"]
    assert _actor(a, "russia").kind == "state"
    assert _actor(a, "turkey").kind == "state"
    keys = {x.key for x in a.actors}
    assert not keys & {"idlib", "saraqeb", "moscow", "damascus"}  # places are no actors


def test_actor_json_matches_the_contract(idlib):
    _, a = idlib
    d = a.to_dict()
    assert d["actors"] and all(
        set(x)
        == {"name", "kind", "key", "mentions", "labels", "loaded_terms", "roles", "sentiment"}
        for x in d["actors"]
    )
    for x in d["actors"]:
        assert set(x["sentiment"]) == {"negative", "neutral", "positive"}
        assert sum(x["sentiment"].values()) == pytest.approx(1.0, abs=1e-3)
        for m in x["mentions"]:
            assert set(m) == {"start", "end", "text", "sentence", "quoted", "pronoun"}


def test_summary_for_corpus_rows(idlib):
    _, a = idlib
    rows = {s["key"]: s for s in a.actor_summaries()}
    hts = rows["hayat tahrir al-sham"]
    assert hts["labels"]["authorial"]["militants"] >= 2
    assert hts["labels"]["quoted"]["terrorists"] == 1
    assert rows["syrian arab army"]["roles"]["liberated:agent"] >= 1


def test_short_names_and_aliases_join_the_full_name():
    doc = tokenize(
        "Recep Tayyip Erdogan met the HTS leaders. Erdogan said Hayat Tahrir al-Sham "
        "must leave. He warned them."
    )
    ms = find_mentions(doc)
    ents = {e.key: e for e in cluster(doc, ms)}
    erdogan = ents["recep tayyip erdogan"]
    assert [ms[i].text for i in erdogan.mentions] == ["Recep Tayyip Erdogan", "Erdogan", "He"]
    assert actor_key("HTS") == actor_key("Hayat Tahrir al-Sham") == "hayat tahrir al-sham"
    he = doc.text.index("He warned")
    assert resolve(doc, he, he + 2, ms).text == "Recep Tayyip Erdogan"


def test_real_article_actors(articles):
    a = framing.analyze(articles[0]["text"])
    assert a.actors
    for actor in a.actors:
        for m in actor.mentions:
            assert a.text[m["start"] : m["end"]] == m["text"]
            assert 0 <= m["sentence"] < a.n_sentences


def test_a_model_without_the_component_leaves_sentiment_empty(idlib, monkeypatch):
    text, _ = idlib
    model = framing.load_model()
    monkeypatch.setattr(type(model), "component", lambda self, name: None)
    a = framing.analyze(text, model=model)
    assert a.actors and all(x.sentiment == {} for x in a.actors)


def test_bare_generic_plurals_are_no_actors_but_qualified_ones_are():
    text = (
        "Syrian officials said the army liberated the highway near Saraqib. Officials in "
        "Damascus declined to comment on the report. Many people fled the town, and people "
        "who stayed said the shelling had stopped. They said they feared it would resume."
    )
    a = framing.analyze(text)
    names = [x.name.lower() for x in a.actors]
    assert "people" not in names, names
    officials = _actor(a, actor_key("Syrian officials"))
    assert [m["text"] for m in officials.mentions] == ["Syrian officials", "Officials"]
    # the bare noun stays a mention (attribution resolves sources with it)
    assert "people" in [m.head for m in find_mentions(tokenize(text))]


def test_sample_articles_have_no_bare_generic_actor(articles):
    for art in articles:
        for actor in framing.analyze(art["text"]).actors:
            assert actor.name.lower() not in ("people", "officials", "leaders", "residents")


def test_adjectives_and_nouns_are_no_roles_and_a_progressive_is_active():
    # sentences of the shipped Article-Bias-Prediction sample (Apache-2.0)
    text = (
        "A growing number of Republicans are openly scoffing at President Donald Trump's "
        "handling of national security issues. Denver Mayor Michael Hancock called the "
        "behaviour of unruly protesters \u201creckless, inexcusable and unacceptable\u201d. It "
        "would also offer an eventual path to citizenship for undocumented adult immigrants, "
        "known as Dreamers. And of course it would be impolitic to blame the grieving, "
        "furious residents of Ferguson or the protesters."
    )
    a = framing.analyze(text)
    roles = {(x.key, r["text"], r["role"]) for x in a.actors for r in x.roles}
    assert {r[1] for r in roles} == {"scoffing"}, roles
    assert (actor_key("Republicans"), "scoffing", "agent") in roles
    assert ("donald trump", "scoffing", "patient") in roles
