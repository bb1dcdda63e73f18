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
        # (a think tank's man: expert)
        (
            "“There is no way to keep these promises,” said Mr. Burman of the Tax Policy "
            "Center. Proposals from the front-runner, Hillary Rodham Clinton, are modest, "
            "he added.",
            "expert",
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


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        # expert: academic and analyst titles, think tanks by name, "at the X University"
        (
            "Mark Zandi, chief economist at Moody's Analytics, said growth would slow.",
            "Mark Zandi",
            "expert",
        ),
        (
            "Norman Ornstein of the American Enterprise Institute said Congress was stuck.",
            "Norman Ornstein of the American Enterprise Institute",
            "expert",
        ),
        (
            "The Tax Policy Center estimated that the plan would cost $9.5 trillion.",
            "The Tax Policy Center",
            "expert",
        ),
        (
            "Legal scholars and law professors said the order would not stand.",
            "law professors",
            "expert",
        ),
        (
            "Jane Doe, who teaches law at Georgetown University, said the case was weak.",
            "Jane Doe",
            "expert",
        ),
        (
            "Ted Klein, author of The Long Campaign, said she was in trouble.",
            "Ted Klein, author of The Long Campaign,",
            "expert",
        ),
        # organization: named groups and companies, plural institutional nouns
        ("Planned Parenthood said it would sue the state.", "Planned Parenthood", "organization"),
        ("Goldman Sachs declined to comment on the fees.", "Goldman Sachs", "organization"),
        (
            "The Clinton Foundation said it had disclosed all its donors.",
            "The Clinton Foundation",
            "organization",
        ),
        ("The Salvation Army said its shelters were full.", "The Salvation Army", "organization"),
        (
            "Conservative groups said the nominee was unacceptable.",
            "Conservative groups",
            "organization",
        ),
        (
            "Company officials said the plant would close in March.",
            "Company officials",
            "organization",
        ),
        ("The U.N. said the strikes broke international law.", "The U.N.", "organization"),
        # media: outlets by name, columnists and commentators
        ("Newsweek reported that the talks had stalled.", "Newsweek", "media"),
        (
            "The Des Moines Register endorsed the senator on Saturday.",
            "The Des Moines Register",
            "media",
        ),
        (
            "Conservative commentator Ann Coulter said the party had lost its way.",
            "Conservative commentator Ann Coulter",
            "media",
        ),
        ("Business Insider reported that the deal was off.", "Business Insider", "media"),
        # military: ranks, forces, a military modifier on an official's title
        ("Sgt. Maj. John Smith said the unit was ready.", "Sgt. Maj. John Smith", "military"),
        ("Adm. Mike Rogers said the intrusion was serious.", "Adm. Mike Rogers", "military"),
        ("Iraqi forces said they had retaken the town.", "Iraqi forces", "military"),
        (
            "A U.S. military official said the strikes had worked.",
            "A U.S. military official",
            "military",
        ),
        (
            "Pentagon press secretary Peter Cook said the raid was a success.",
            "Pentagon press secretary Peter Cook",
            "military",
        ),
        (
            "Gen. Joseph Dunford, chairman of the Joint Chiefs of Staff, said the plan was sound.",
            "Gen. Joseph Dunford, chairman of the Joint Chiefs of Staff",
            "military",
        ),
        (
            "Defense Secretary Ashton Carter said more troops would go.",
            "Defense Secretary Ashton Carter",
            "military",
        ),
        # still official: a state or a party named with the same titles
        ("Iowa election officials said turnout was high.", "Iowa election officials", "official"),
        (
            "White House press secretary Josh Earnest said the president would veto it.",
            "White House press secretary Josh Earnest",
            "official",
        ),
    ],
)
def test_expert_organization_media_and_military_kinds(text, source, expected):
    assert _type(text, source)[0] == expected


@pytest.mark.parametrize(
    ("text", "source", "nth", "expected"),
    [
        # what a journalist does, said of a name: a later short mention takes it
        (
            "Chris Miller, who covers the White House for CNN, asked first.\n\nMiller said "
            "the answer was evasive.",
            "Miller",
            1,
            "media",
        ),
        (
            "Jane Porter wrote in The Atlantic that the plan would fail.\n\nPorter said the "
            "plan would fail.",
            "Porter",
            1,
            "media",
        ),
        (
            "Jane Porter, writing in The New Republic, said the plan would fail.",
            "Jane Porter",
            0,
            "media",
        ),
        # a capitalised title inside a run of capitals: the body before it
        (
            "Planned Parenthood President Cecile Richards said the clinics would stay open.",
            "Planned Parenthood President Cecile Richards",
            0,
            "organization",
        ),
        (
            "Kenyan President Uhuru Kenyatta said the vote was fair.",
            "Kenyan President Uhuru Kenyatta",
            0,
            "official",
        ),
        # a bare title after a possessive: the owner's type
        (
            "Jane Porter, the group's president, said the clinics would stay open.",
            "Jane Porter",
            0,
            "organization",
        ),
        (
            "Kevin Smith, the mayor's campaign manager, said the race was close.",
            "Kevin Smith",
            0,
            "official",
        ),
        # a country speaking: its government
        ("Iran said the drone had entered its airspace.", "Iran", 0, "official"),
        # title words end at punctuation: "(CNN)" is no title of the president
        (
            "(CNN) President Donald Trump said on Friday the talks would go on.",
            "President Donald Trump",
            0,
            "official",
        ),
    ],
)
def test_journalists_titles_in_names_and_countries(text, source, nth, expected):
    assert _type(text, source, nth)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whom a body is for or against does not type it
        ("David Brock, who heads the pro-Clinton super PAC Correct the Record", "organization"),
        ("an anti-abortion group", "organization"),
        # a capital speaking for its government; the longest name found counts
        ("Beijing", "official"),
        ("Dmitri Trenin, director of the Carnegie Moscow Center,", "expert"),
    ],
)
def test_names_for_against_and_capitals(text, expected):
    assert classify_source(text) == expected
