"""Proper names: a loaded word inside a name is not flagged as that word."""

import json
from pathlib import Path

import pytest

from framing.lexicon import Lexicon
from framing.names import Names, name_spans
from framing.text import tokenize

DATA = Path(__file__).parent / "data" / "names_sentences.jsonl"


def _rows():
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_file_has_200_real_sentences_of_both_kinds():
    rows = _rows()
    assert len(rows) >= 200
    assert all(r["source"].startswith("abp:") for r in rows)
    assert all(r["sentence"][r["start"] : r["start"] + len(r["word"])] == r["word"] for r in rows)
    kinds = {r["expected"] for r in rows}
    assert kinds == {"flag", "no_flag"}
    assert min(sum(r["expected"] == k for r in rows) for k in kinds) >= 100


def _lexicon_flags(doc, start, end):
    return any(
        m.rule == "lexicon" and m.start <= start and end <= m.end
        for m in Lexicon.default().match(doc)
    )


def test_hand_checked_sentences():
    """Words inside names are not flagged; words outside names are not taken for names.

    The file lists every hand-checked sentence, the hard ones included (titles of
    works after a colon, a person's name at the start of a sentence), so the bar
    is a share, with the misses printed."""
    right = {"flag": 0, "no_flag": 0}
    total = {"flag": 0, "no_flag": 0}
    misses = []
    for r in _rows():
        doc = tokenize(r["sentence"])
        start, end = r["start"], r["start"] + len(r["word"])
        if r["expected"] == "no_flag":
            ok = not _lexicon_flags(doc, start, end)
        else:
            ok = not Names(doc).inside(start, end)
        total[r["expected"]] += 1
        right[r["expected"]] += ok
        if not ok:
            misses.append((r["expected"], r["word"], r["why"]))
    print(misses)
    assert right["no_flag"] / total["no_flag"] >= 0.9, misses
    assert right["flag"] / total["flag"] >= 0.95, misses


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Members of the Liberation Front attacked the town.", "Liberation"),
        ("Liberation Front fighters attacked the town.", "Liberation"),
        ("The House Freedom Caucus opposed the bill.", "Freedom"),
        ("Under the Patriot Act, agencies could collect the records.", "Patriot"),
        ("Turkey launched Operation Peace Spring in October.", "Peace"),
        ("Islamic Jihad fired rockets.", "Jihad"),
        ("Gunmen from the al-Aqsa Martyrs Brigades claimed it.", "Martyrs"),
        ("The Workers' Party of Korea met.", "Party"),
    ],
)
def test_words_inside_names(text, word):
    doc = tokenize(text)
    start = text.index(word)
    assert Names(doc).inside(start, start + len(word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Liberation came late for the town.", "Liberation"),
        ("Radical Islamists attacked the town.", "Radical"),
        ("This replaces German Nazis with other Nazis.", "Nazis"),
        ("Trump attacked the Fake News Media again.", "Fake"),
        ("Terrified Saugus High School students fled.", "Terrified"),
        ("Hamas, Islamic Jihad Reject Ceasefire Offer", "Reject"),
    ],
)
def test_words_outside_names(text, word):
    doc = tokenize(text)
    start = text.index(word)
    assert not Names(doc).inside(start, start + len(word))


def test_the_name_itself_is_not_inside_a_name():
    text = "MAGA Republicans met the Democrat Party."
    matches = Lexicon.default().match(text)
    assert {m.text for m in matches} >= {"MAGA Republicans", "Democrat Party"}


def test_so_called_name_keeps_the_distancing_but_not_the_word():
    text = "Members of the so-called Liberation Front took the town."
    matches = Lexicon.default().match(text)
    assert [(m.text, m.rule) for m in matches] == [("so-called Liberation Front", "so_called")]
    lowered = Lexicon.default().match("Troops liberated the town.")
    assert [m.category for m in lowered] == ["euphemism"]


def test_name_spans_of_a_document():
    text = "The Palestine Liberation Organization met. Liberation came late."
    spans = name_spans(tokenize(text))
    assert [text[s:e] for s, e in spans] == ["Palestine Liberation Organization"]
