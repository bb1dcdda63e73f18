"""Tests for framing.contexts: the context rules of framing/data/term_contexts.tsv.

Sentences are quoted from the Article-Bias-Prediction corpus (Baly et al. 2020,
Apache-2.0): the flags of the v4 blind judgement (datasets/term_categories_v4_*,
v3 likewise) and other uses of the same words in the 6,000 sample articles
(spacing of the corpus's tokenized text restored).
"""

from __future__ import annotations

import pytest

from framing.contexts import context_rules
from framing.lexicon import Lexicon
from framing.resources import is_reported


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.default()


def flag(lex: Lexicon, text: str, word: str) -> tuple[float, bool]:
    """(confidence, reported) of the lexicon match whose text is ``word``."""
    [m] = [m for m in lex.match(text) if m.rule == "lexicon" and m.text == word]
    return m.confidence, is_reported(m.category, m.confidence)


# (sentence, matched text, error kind): plain uses the v4 judge found incorrect, and more.
PLAIN = [
    (
        "The Naha Daily appears to be defunct, but during that site’s brief lifespan from "
        "September 2014 to January 2015 it published several fake news pieces that continue to "
        "pop up regularly on social media and web sites.",
        "fake news",
        "literal",
    ),
    (
        "One estimate suggests there are dozens of major fake news sites, whose social media "
        "followings rise into the millions.",
        "fake news",
        "literal",
    ),
    (
        "As part of a broader campaign to influence the 2016 election, Russia used social media "
        "trolls and state-run outlets to peddle fake news stories.",
        "fake news",
        "literal",
    ),
    (
        "Altogether, dozens of Cambodians have been arrested in recent weeks after being accused "
        "of spreading fake news about COVID-19, released only after signing apology documents.",
        "fake news",
        "literal",
    ),
    (
        "Kolomoisky returned to his native country last year after spending two years in "
        "self-imposed exile in the wake of a government takeover of PrivatBank, which he "
        "cofounded in the 1990s.",
        "government takeover",
        "literal",
    ),
    (
        "The old rhetorical guardrails — trust us, there’s a hard stop on how far left we’ll go "
        "— are gone.",
        "far left",
        "descriptive",
    ),
    (
        "Democratic presidential candidates have given their reaction to a warning by former "
        "President Barack Obama against moving too far left in politics.",
        "far left",
        "descriptive",
    ),
    (
        "According to Pew, the more conservative you are, the fewer mainstream media sources you "
        "trust.",
        "mainstream media",
        "descriptive",
    ),
    (
        "Bloggers like Zero Hedge and Gateway Pundit pounced on this as evidence that the Clinton "
        "campaign was working with mainstream media organizations to rig public polls in "
        "Clinton's favor.",
        "mainstream media",
        "descriptive",
    ),
    (
        "“Plandemic” calls itself a documentary that reveals “the hidden agenda behind COVID-19.”",
        "Plandemic",
        "title",
    ),
    (
        "Last night, I went to a special screening of the new film “Bombshell,” which tells the "
        "true story of the downfall of Roger Ailes.",
        "Bombshell",
        "title",
    ),
    ("It was the first French town to be liberated on D-Day.", "liberated", "historical"),
    (
        "Years ago, shortly after the fall of the Berlin Wall, some newly liberated East Germans "
        "were discussing the changes that had taken place with the end of Communism.",
        "liberated",
        "historical",
    ),
    (
        "But there's also the possibility that Hillary, liberated from Bill's strategizing and "
        "liberated by Trump's unacceptability to many voters, really believes she can get a lot "
        "of this done.",
        "liberated",  # the second: "liberated from" is its own low entry
        "literal",
    ),
    (
        "They assume that by destroying long-dead supposed enemies, they will be liberated — or "
        "at least feel better in the present.",
        "liberated",
        "literal",
    ),
    (
        "Obama’s declaration liberated the Democrats to vote their true sentiments.",
        "liberated",
        "literal",
    ),
    (
        "Ho rode high for a while, but not after the reeducation camps and boat people.",
        "reeducation camps",
        "historical",
    ),
    (
        "In a Thursday speech, he said drones are a necessary evil but one that must be used more "
        "judiciously as the American security situation evolves.",
        "evil",
        "idiom",
    ),
    (
        "Florida is the main state in Irma's path where huge numbers of people are evacuating and "
        "getting ready for the monster storm.",
        "monster",
        "idiom",
    ),
    (
        "In one of her scenes, theater critic Addison DeWitt (George Sanders), who has been "
        "squiring Monroe’s character around town in exchange for fringe benefits, directs her "
        "toward producer Max Fabian.",
        "fringe",
        "idiom",
    ),
]

# The loaded uses of the same words: still reported.
LOADED = [
    (
        "Of course, Trump continued to deny the scandal was a scandal, calling it “fake news” and "
        "denouncing journalists who broke stories on this front as enemies of the people.",
        "fake news",
    ),
    (
        "But one can understand that these sorts of things happen, because fake news has become "
        "something huge.",
        "fake news",
    ),
    (
        "Politifact called the claim that the ACA is a “government takeover of health care” the "
        "2010 “Lie of the Year.”",
        "government takeover of health care",
    ),
    (
        "Trump said he wouldn’t allow the “radical left” to change the name, saying he rejects "
        "those who want to target the secular holiday.",
        "radical left",
    ),
    (
        "Good-thinking Americans on the left and right should reject the mainstream media "
        "narrative and pull for Secretary DeVos as she tries to reform and shake up these aspects "
        "of our nations’ educational system.",
        "mainstream media",
    ),
    (
        "Lastly, our entire corporate media is owned and run by a global capitalist elite who "
        "could care less about us and our schoolkid patriotism.",
        "corporate media",
    ),
    ('"It\'s on the impeachment hoax," Trump said of the resolution.', "hoax"),
    (
        "Possibly another fabricated Russia Hoax, maybe by the Fake News @nytimesbooks, wanting "
        "to make Republicans look bad!!!",
        "Russia Hoax",
    ),
    (
        "“We shall stand our ground on the public squares and roads that we have liberated with "
        "our might, continuing with the popular struggle,” the group said in a statement.",
        "liberated",
    ),
    (
        "Just over a year ago, Trump himself announced that “the United States has liberated all "
        "ISIS-controlled territory in Syria and Iraq.”",
        "liberated",
    ),
    (
        "There are reportedly about a million Uighur Muslims in horrific re-education camps in "
        "western China — essentially, the CCP is attempting to commit cultural genocide.",
        "re-education camps",
    ),
    (
        "One China Daily article from March that appeared on the Journal‘s website described "
        "China's detention of more than one million Muslim Uyghurs in Xinjiang reeducation camps "
        'as a "law-based campaign of de-radicalization."',
        "reeducation camps",
    ),
]


@pytest.mark.parametrize(("text", "word", "kind"), PLAIN)
def test_plain_use_is_matched_but_not_reported(lex: Lexicon, text: str, word: str, kind: str):
    confidence, reported = flag(lex, text, word) if word != "liberated" else _last(lex, text)
    assert not reported, (kind, word)
    assert confidence <= 0.3
    assert any(r.kind == kind for r in context_rules())


def _last(lex: Lexicon, text: str) -> tuple[float, bool]:
    [*_, m] = [m for m in lex.match(text) if m.rule == "lexicon" and m.text == "liberated"]
    return m.confidence, is_reported(m.category, m.confidence)


@pytest.mark.parametrize(("text", "word"), LOADED)
def test_loaded_use_is_still_reported(lex: Lexicon, text: str, word: str):
    confidence, reported = flag(lex, text, word)
    assert reported and confidence >= 0.45


def test_a_title_rule_needs_a_capital_by_choice(lex: Lexicon) -> None:
    # ABP (Fox News): at the start of a sentence a capital says nothing; "video" is no title there
    text = "Dramatic video footage emerged showing the train careening off a bridge."
    assert flag(lex, text, "Dramatic")[0] == pytest.approx(0.5)


def test_rules_file_is_checked(tmp_path, monkeypatch) -> None:
    import framing.contexts as contexts
    from framing.errors import InputError

    bad = "forms\tkind\ttest\tscope\twords\tcase\tconfidence\tnote\nx\tliteral\tmaybe\tafter 1\ty\t\t0.1\t\n"
    path = tmp_path / "data"
    path.mkdir()
    (path / contexts.CONTEXTS_FILE).write_text(bad, encoding="utf-8")
    monkeypatch.setattr(contexts, "data_path", lambda name: path / name)
    contexts.context_rules.cache_clear()
    try:
        with pytest.raises(InputError, match="test 'maybe'"):
            contexts.context_rules()
    finally:
        contexts.context_rules.cache_clear()
