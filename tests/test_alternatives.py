"""Neutral alternatives: never a flagged term, and fitted to the form of the flagged word."""

import pytest

from framing.inflect import inflection_class
from framing.lexicon import Lexicon, _same_family, _vocabulary, fitted_alternatives
from framing.resources import load_model_term_alternatives


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.default()


def _single_word_forms(entry):
    return [f for f in entry.forms if not f.endswith("*") and " " not in f]


def test_no_alternative_of_any_entry_or_form_is_itself_flagged(lex):
    flagged = []
    for e in lex:
        alts = set(e.neutral_alternatives)
        for form in e.forms:
            if not form.endswith("*"):
                alts.update(fitted_alternatives(e, form))
        for alt in alts:
            hits = [m.text for m in lex.match(alt) if m.rule == "lexicon"]
            if hits:
                flagged.append((e.term, alt, hits))
    for term, alts in load_model_term_alternatives().items():
        for alt in alts:
            hits = [m.text for m in lex.match(alt) if m.rule == "lexicon"]
            if hits:
                flagged.append((term, alt, hits))
    assert flagged == []


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("The village was cleansed.", ("removed", "expelled", "drove out")),
        ("He cleanses the area.", ("removes", "expels", "drives out")),
        ("Cleansing the area took a week.", ("removing", "expelling", "driving out")),
        ("Terrorists attacked.", ("attackers", "gunmen", "armed groups")),
        ("A terrorist attacked.", ("attacker", "gunman", "armed group")),
        ("The army slaughters them.", ("kills",)),
        ("He brutally beat them.", ("violently", "harshly", "severely")),
        ("It caves in again.", ("gives in", "agrees")),
        ("The plan is ridiculous.", ("unlikely",)),  # an -ly adjective is not cut to "unlike"
    ],
)
def test_alternatives_fit_the_flagged_form(lex, text, alternatives):
    [m] = [m for m in lex.match(text) if m.rule == "lexicon"]
    assert m.neutral_alternatives == alternatives


def test_every_entry_inflection_gets_alternatives_of_its_form(lex):
    """Over every single-word form of every single-word entry: the alternatives'
    heads have the form's inflection class (past, -ing, plural or -s, adverb),
    and an inflected alternative is a known word. The class is read from endings,
    so nouns in -ing ("killing" for "massacre") count as misses: the bar is a share."""
    known = _vocabulary()
    total = agree = 0
    unknown = []
    for e in lex:
        term = e.term.lower()
        if " " in term:
            continue
        verbal = any(f.endswith(("ed", "ing")) for f in e.forms)
        for form in _single_word_forms(e):
            if not form.isalpha() or not _same_family(form, term):
                continue
            for alt in fitted_alternatives(e, form):
                if alt not in e.neutral_alternatives:
                    unknown += [
                        w for w in alt.split() if w.isalpha() and w.islower() and w not in known
                    ]
                words = alt.split()
                if not (verbal or len(words) == 1) or not words[0].isalpha():
                    continue
                total += 1
                agree += inflection_class(words[0]) == inflection_class(form)
    assert unknown == []
    assert total > 500
    assert agree / total >= 0.9
