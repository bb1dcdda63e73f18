"""Source typing with the classes of framing/data/source_role_lists.tsv (public lists of
ranks, offices, agencies, outlets, professions and kinds of body) and the holder of an
office. Sentences from Article-Bias-Prediction articles (datasets/articles, Apache-2.0)."""

from __future__ import annotations

import pytest

from framing.attribution.source_types import classify_source, type_source
from framing.text import tokenize


def _type(text: str, source: str) -> str:
    at = text.index(source)
    return type_source(tokenize(text), at, at + len(source))[0]


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # an office whose title ends in "general" is no general of an army
        (
            "The big picture: Oregon Attorney General Ellen Rosenblum said Friday night that her "
            "office opened a criminal investigation into the events that surrounded one "
            "protester's injuries.",
            "Oregon Attorney General Ellen Rosenblum",
            "official",
        ),
        # offices of a state, a county and a city
        (
            "After the 10-year sentence was announced, District Attorney John Creuzot said he'd "
            "expected a longer sentence.",
            "District Attorney John Creuzot",
            "official",
        ),
        # a federal agency by its acronym
        (
            "The vape products, the CDC said, \u201cwere acquired from informal sources such as "
            "friends or illicit in-person and online dealers.\u201d",
            "the CDC",
            "official",
        ),
        # an air force rank, not a U.S. marshal
        (
            "Retired Air Vice Marshal Kapil Kak, who has challenged the abrogation of Article 370 "
            'in the Supreme Court, said it is "a permanent resident by stealth".',
            "Retired Air Vice Marshal Kapil Kak",
            "military",
        ),
        # a newspaper whose name carries no media word
        (
            "The Fort Worth Star-Telegram reports that the vote divided the community.",
            "The Fort Worth Star-Telegram",
            "media",
        ),
        # a research profession: every "-ologist"
        (
            "This time, the gusts were stronger and expected to last more than 36 hours, ending "
            "Monday night, said Matt Mehle, a meteorologist with the National Weather Service's "
            "Monterey office.",
            "Matt Mehle",
            "expert",
        ),
        (
            "Santa Monica pediatrician Robert Hamilton added to the point, saying, "
            "\u201cCOVID-19 has actually been a relatively benign infection for children.\u201d",
            "Santa Monica pediatrician Robert Hamilton",
            "expert",
        ),
        # an office takes the type of its holder: a body's, or official for a person
        (
            "The Pierce County medical examiner's office said Monday that Van Spronsen died of "
            "multiple gunshot wounds.",
            "The Pierce County medical examiner's office",
            "official",
        ),
        (
            "Shalala's office said the congresswoman made a mistake.",
            "Shalala's office",
            "official",
        ),
        (
            "\u201cConnecticut recognizes the value of increased opportunity and growth in all of "
            "our communities,\u201d the governor\u2019s office said in a statement.",
            "the governor\u2019s office",
            "official",
        ),
    ],
)
def test_classes_from_public_lists_in_their_sentences(text, source, expected):
    assert _type(text, source) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # the same words where they are something else
        ("Lt. Gov. Dan Patrick", "official"),  # not the military "Lt."
        ("the general election", "other"),
        ("Gen. Joseph Votel", "military"),
        ("the Ezzedeen al-Qassam Brigades", "military"),
        ("the U.S. Africa Command", "military"),
        ("the terrorist group", "military"),
        ("Kurdish terrorist group", "military"),
        ("Caltech seismologist Lucy Jones", "expert"),
        ("the film's box office", "other"),
        ("the Vatican press office", "organization"),
        ("the airline", "organization"),
        ("The Civil Aviation Authority of Singapore", "official"),
        ("A Pennsylvania grand jury", "official"),
        ("the Intelligence Committee", "official"),  # a standing committee of Congress
        ("a crazed Bernie Sanders supporter", "person"),  # the head noun, not "Sanders"
        ("an Orlando Sentinel op-ed", "media"),
        # a document: the body named before it, then the one after it
        ("A 2012 Pew Research Center survey of the Fox News audience", "expert"),
        ("a new survey of 18 countries from the Pew Research Center", "expert"),
    ],
)
def test_phrases_of_the_lists(phrase, expected):
    assert classify_source(phrase) == expected


def test_he_after_a_surname_the_clustering_missed_is_that_person():
    # "Pruitt" opening a paragraph is no mention of the clustering; his full name is, and
    # "he said" after him is he, not the Donald Trump named before him
    text = (
        "The newly appointed Environmental Protection Agency Administrator Scott Pruitt will "
        "welcome President Donald Trump to the massive EPA government building on Tuesday.\n\n"
        "Pruitt explained that he wanted to restore confidence among businesses and workers in "
        "the energy industry, particularly in coal, natural gas, and oil.\n\n"
        "\u201cAgencies at the federal level are part of the executive branch, they exist to "
        "enforce the law, not make the law,\u201d he said."
    )
    at = text.index("he said")
    kind, resolved = type_source(tokenize(text), at, at + 2)
    assert kind == "official"
    assert resolved is not None and resolved["text"].endswith("Scott Pruitt")


def test_a_phrase_after_a_name_that_describes_no_one_leaves_the_name_to_decide():
    # "in a chilling warning on the Islamic State's growing influence" is no apposition:
    # "CIA Director John Brennan" decides, and "He" after "Brennan" is the CIA director
    text = (
        "CIA Director John Brennan, in a chilling warning on the Islamic State\u2019s growing "
        "influence, told lawmakers Thursday that U.S.-led efforts to strike at the terror group "
        "have not hampered its \u201cterrorism capability and global reach.\u201d\n\n"
        "Brennan also estimated the total ISIS force size in Iraq and Syria has slightly reduced "
        "since early 2016 -- but the affiliates have thousands of adherents. He estimated "
        "between 5,000 and 8,000 ISIS supporters are in Libya, about 7,000 are in Nigeria, and "
        "hundreds more are in Yemen and Afghanistan."
    )
    assert _type(text, "CIA Director John Brennan") == "official"
    at = text.index("He estimated")
    assert type_source(tokenize(text), at, at + 2)[0] == "official"


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # a document followed by a comma and a participle is still the outlet's
        (
            "All of these groups register intense antipathy for Trump in polls: In the latest "
            "CNN survey, conducted by SSRS, Trump's approval rating stood at just 22% among "
            "minorities, 32% among young adults and 37% among college-educated whites.",
            "the latest CNN survey, conducted by SSRS,",
            "media",
        ),
        # a document "from" a body: the name right after "from" is its author
        (
            "The same day that Burr dumped the stocks, his brother-in-law also sold a "
            "significant amount of shares, according to a recent report from ProPublica.",
            "a recent report from ProPublica",
            "media",
        ),
        (
            "When asked if it would be safe to end social distancing measures before or by May "
            "1, 30 percent of Republicans said yes, compared to just 4 percent of Democrats, "
            "according to a poll from The Economist/YouGov conducted April 12-14.",
            "a poll from The Economist/YouGov conducted April 12-14",
            "media",
        ),
        # a handle is a name: the noun before it decides
        (
            "Twitter user @notaxiwarrior first shared this image on March 2, 2020, along with "
            "the following caption:",
            "Twitter user @notaxiwarrior",
            "person",
        ),
        # after "a group of" the group's members decide, not "group"
        (
            "In a windowless room at a two-story soundstage in San Francisco's Mission District, "
            "a group of women from different worlds met for the first time.",
            "a group of women",
            "other",
        ),
    ],
)
def test_documents_handles_and_groups_of(text, source, expected):
    assert _type(text, source) == expected
