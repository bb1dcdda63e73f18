"""Source typing in its article: the kinds of error fixed on the train part of
datasets/source_types.jsonl (python bench/source_typing_eval.py --part train --errors).
Sentences written for these tests in the manner of wire copy (no PolNeAR text)."""

from __future__ import annotations

import pytest

from framing.attribution.source_types import classify_source, type_source
from framing.text import tokenize


def _type(text: str, source: str, nth: int = 0) -> tuple[str, dict | None]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(source, at + 1)
    return type_source(tokenize(text), at, at + len(source))


@pytest.mark.parametrize(
    ("text", "source", "nth", "expected"),
    [
        # a short name that opens a sentence, which the clustering misses: its fuller
        # mention elsewhere in the article decides
        (
            "A conservative group will spend $200,000 to help Rep. Bill Shuster (R-Pa.) "
            "beat back a primary challenge.\n\nShuster has touted the projects he brought "
            "to the district.",
            "Shuster",
            1,
            "official",
        ),
        (
            "The head of the firm, Vin Weber, is a former congressman.\n\nWeber announced "
            "this month that he will not support the nominee.",
            "Weber",
            1,
            "official",
        ),
    ],
)
def test_a_short_name_takes_the_type_of_its_fuller_mention(text, source, nth, expected):
    assert _type(text, source, nth)[0] == expected


def test_a_describing_relative_clause_counts_as_an_apposition():
    text = (
        "The video shows Wendy Sherman, who was undersecretary of state in 2013, outlining "
        "the talks.\n\n“Things move fast,” Sherman said in the video."
    )
    assert _type(text, "Sherman", 1)[0] == "official"
    assert classify_source("Wendy Sherman, who was undersecretary of state") == "official"
    # a clause that does not say what the person is leaves the name to decide
    assert classify_source("Mr. Schmidt, who bought the property 10 years ago") == "person"


def test_a_clause_after_a_name_is_no_apposition():
    text = "Ron Howard, endorsed by the mayor, spoke first.\n\nHoward said he was pleased."
    assert _type(text, "Howard", 1)[0] == "person"


@pytest.mark.parametrize(
    ("text", "expected", "resolved"),
    [
        # the speaker of the quotation before "he", not the politician he spoke about
        (
            "“There is no way to keep these promises,” said Mr. Burman of the Tax Policy "
            "Center. Proposals from the front-runner, Hillary Rodham Clinton, are modest, "
            "he added.",
            "person",
            "Burman",
        ),
        # "she" is not a man; "he" is not the newspapers that endorsed him
        (
            "Governor Kasich, endorsed by both the New York Times and the Boston Globe, "
            "spoke in Concord.\n\nHe said the state would decide the race.",
            "official",
            "Kasich",
        ),
        (
            "Senator Chuck Schumer praised Ms. Ebeling, a lifelong friend.\n\n“It is a "
            "blessing,” she said.",
            "person",
            "Ebeling",
        ),
        # a name inside a quotation is not who "he" is
        (
            "“Barry was not Dr. Carson’s first choice,” said Bill Millis, a former adviser "
            "to the campaign.\n\n“I don’t remember which choice Barry was.”\n\nA new "
            "campaign manager, he said, could set a new tone.",
            "official",
            "Bill Millis",
        ),
    ],
)
def test_he_and_she_resolve_to_the_fitting_person(text, expected, resolved):
    for pronoun in ("he", "He", "she"):
        at = text.rfind(pronoun + " ")
        if at > 0 and not text[at - 1].isalpha():
            break
    kind, res = type_source(tokenize(text), at, at + len(pronoun))
    assert kind == expected
    assert res is not None and resolved in res["text"]


def test_he_with_no_person_before_it_is_a_person():
    text = "The newspaper endorsed the plan on Sunday.\n\n“It is time,” he said."
    at = text.index("he said")
    assert type_source(tokenize(text), at, at + 2) == ("person", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role nobody is named for, with nothing before it but a quantity or a rank
        ("officials", "anonymous"),
        ("some senators", "anonymous"),
        ("senior aides", "anonymous"),
        ("people close to him", "anonymous"),
        # a body named with the role: the body's type
        ("Saudi officials", "official"),
        ("administration officials", "official"),
        ("the officials", "official"),
    ],
)
def test_unnamed_roles_are_anonymous(text, expected):
    assert classify_source(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the head noun before the name decides, not a party or a body in its modifiers
        ("Top Republican Party donor Sheldon Adelson", "person"),
        ("a party activist", "person"),
        ("German Ortega's brother and fellow longtime television comedian", "person"),
        # a member's role "for" or "with" a body: the body's type
        ("Eva Resnick-Day, an activist for the environmental group Greenpeace,", "organization"),
        ("Asa Khalif, an organizer with the Philly Coalition for Real Justice", "organization"),
        # a unit of a university takes the university's type
        (
            "John Weingart, associate director of Rutgers University's Eagleton Institute",
            "expert",
        ),
        ("Trump's company", "organization"),
    ],
)
def test_head_nouns_and_bodies(text, expected):
    assert classify_source(text) == expected


def test_a_partitive_relative_takes_its_antecedents_type():
    text = (
        "The state's Democrats also have five superdelegates, two of whom have already "
        "pledged their support."
    )
    assert _type(text, "two of whom")[0] == "official"


def test_the_words_before_a_relative_pronoun_decide():
    text = '"People are angry," said Chicago Alderman Jason C. Ervin, who wants a review.'
    assert _type(text, "who")[0] == "official"


def test_countries_are_official():
    assert classify_source("Many countries") == "official"
    assert classify_source("the United Nations") == "organization"


def test_a_headline_is_told_from_body_text():
    from framing.attribution.source_types import _headline

    title = "Conservative Icon Morton Blackwell Endorses Ted Cruz."
    body = "Morton Blackwell, the founder of a training group, sent a letter on Monday."
    assert _headline(title, 0, len(title))
    assert not _headline(body, 0, len(body))
