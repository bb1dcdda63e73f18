"""Tests for framing.lexicon: the shipped lexicon, the matcher and its rules.

Sentences marked ABP are quoted from the Article-Bias-Prediction corpus
(Baly et al. 2020, Apache-2.0); tests/data/abp_bloomberg_north_korea.txt is one
full article from it (Bloomberg, 2018-05-16, 986 words).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicon import (
    CATEGORIES,
    Lexicon,
    LexiconEntry,
    LexiconMatch,
    load_naming_groups,
)
from framing.resources import data_path
from framing.text import tokenize

DATA = Path(__file__).parent / "data"
HEADER = (
    "term\tforms\tcategory\tdirection\tneutral_alternatives\tconfidence\tnote\tsource\tlicence\n"
)


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.default()


def lexicon_hits(lex: Lexicon, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.term) for m in lex.match(text) if m.rule == "lexicon"]


def check_offsets(text: str, matches: list[LexiconMatch]) -> None:
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)


# ---------------------------------------------------------------------------
# The shipped data


def test_shipped_lexicon_parses_and_is_curated_size(lex: Lexicon) -> None:
    assert 250 <= len(lex) <= 400
    assert {e.category for e in lex} <= CATEGORIES
    for e in lex:
        assert 0.0 <= e.confidence <= 1.0
        assert e.forms[0] == e.term
        assert e.source in {"curated", "babe_bias_words", "recasens2013"}
        assert e.licence, e.term
        if e.source == "curated":
            assert e.licence == "Apache-2.0"
        if e.source == "babe_bias_words":
            assert e.licence == "AGPL-3.0"


def test_shipped_lexicon_terms_are_unique_and_forms_not_shared(lex: Lexicon) -> None:
    terms = [e.term.lower() for e in lex]
    assert len(terms) == len(set(terms))
    owner: dict[str, str] = {}
    for e in lex:
        for form in e.forms:
            key = form.lower()
            assert owner.setdefault(key, e.term) == e.term, (
                f"{form!r} in {owner[key]!r} and {e.term!r}"
            )


def test_seeded_rows_come_from_their_seed_lists(lex: Lexicon) -> None:
    lexicons = data_path("lexicons")
    seeds = {
        "babe_bias_words": set((lexicons / "babe_bias_words.txt").read_text("utf-8").split()),
        "recasens2013": set((lexicons / "bias-lexicon.txt").read_text("utf-8").split()),
    }
    seeded = [e for e in lex if e.source in seeds]
    assert len(seeded) >= 40
    for e in seeded:
        assert {f.lower() for f in e.forms} & seeds[e.source], e.term


POLITICAL_DIRECTIONS = ("delegitimizes", "legitimizes", "dehumanizes", "sanitizes")
POLITICAL_CAMPS = ("-coded", " side", "pro-", "anti-")


def test_every_conflict_and_politics_entry_has_alternatives(lex: Lexicon) -> None:
    for e in lex:
        if e.category in {"so_called", "scare_quote"}:
            continue  # the alternative is to drop the distancing word
        political = e.category in {"euphemism", "label", "partisan"} or any(
            d in e.direction for d in POLITICAL_DIRECTIONS + POLITICAL_CAMPS
        )
        if political:
            assert e.neutral_alternatives, e.term


@pytest.mark.parametrize(
    "phrase",
    [
        "liberated",
        "liberation",
        "cleansed",
        "cleansing",
        "ethnic cleansing",
        "terrorist",
        "terrorists",
        "terrorism",
        "militants",
        "rebels",
        "insurgents",
        "jihadists",
        "extremist",
        "radical",
        "regime",
        "junta",
        "puppet",
        "occupation",
        "occupied",
        "occupier",
        "martyr",
        "martyrdom",
        "massacre",
        "slaughter",
        "butcher",
        "genocide",
        "atrocity",
        "thugs",
        "mob",
        "invaders",
        "aggressor",
        "special military operation",
        "collateral damage",
        "neutralized",
        "pacification",
        "enhanced interrogation",
        "surgical strike",
        "illegal aliens",
        "pro-life",
        "pro-choice",
        "death tax",
        "job killers",
        "slammed",
        "blasted",
        "lashed out",
        "ripped",
        "boasted",
        "admitted",
        "brutal",
        "horrific",
        "shocking",
        "outrageous",
    ],
)
def test_required_vocabulary_is_covered(lex: Lexicon, phrase: str) -> None:
    hits = [m for m in lex.match(f"They said {phrase} again.") if m.rule == "lexicon"]
    assert [m.text for m in hits] == [phrase]


def test_confidence_priors_follow_the_curation_guide(lex: Lexicon) -> None:
    conf = {e.term: e.confidence for e in lex}
    assert conf["slaughter"] >= 0.8
    assert conf["regime"] == pytest.approx(0.8)
    assert conf["militant"] == pytest.approx(0.4)  # mostly the standard wire descriptor
    assert conf["occupation"] == pytest.approx(0.4)  # also a job, a legal term
    assert conf["radicals"] > conf["radical"]  # the label of people; the adjective is mostly mild
    assert conf["genocide"] < conf["slaughter"]  # also a legal term


def test_analyze_reports_a_category_from_its_floor(lex: Lexicon) -> None:
    """term_categories.tsv reports label from 0.5: regime is reported, the standard
    descriptor militants and the technical sense "sanctions regime" are matched only."""
    from framing.resources import is_reported

    text = "The militants fought the Assad regime despite the sanctions regime."
    got = {(m.text, is_reported(m.category, m.confidence)) for m in lex.match(text)}
    assert got == {("militants", False), ("regime", True), ("sanctions regime", False)}
    assert not is_reported("intensifier", 1.0)  # a category that is not reported at all


def test_naming_groups_shipped() -> None:
    groups = load_naming_groups()
    assert 10 <= len(groups) <= 20
    for group in (
        "armed_group",
        "government",
        "taking_territory",
        "killing",
        "abortion",
        "immigration",
    ):
        assert len(groups[group]) >= 4
    assert "freedom fighters" in groups["armed_group"]
    assert groups["government"]["regime"][0] == "regime"
    assert "illegal aliens" in groups["immigration"]["illegal aliens"]


# ---------------------------------------------------------------------------
# Matching on real sentences


def test_real_sentences_offsets_and_entries(lex: Lexicon) -> None:
    # ABP, ABC News
    text = (
        "Russia, the Syrian regime's top ally, reacted strongly to the air strikes launched "
        "by the United States and its allies on Damascus and Homs early Saturday, warning of "
        '"consequences."'
    )
    matches = lex.match(text)
    check_offsets(text, matches)
    regime = next(m for m in matches if m.term == "regime")
    assert regime.text == "regime"  # the possessive is not part of the span
    assert regime.category == "label"
    assert regime.direction == "delegitimizes"
    assert "government" in regime.neutral_alternatives
    assert regime.rule == "lexicon" and regime.entry is not None
    # "consequences." holds a full stop: a quotation, not a scare quote
    assert not [m for m in matches if m.rule == "scare_quote"]


def test_inflections_and_multiword_forms(lex: Lexicon) -> None:
    # ABP, Al Jazeera
    text = "Scientists immediately slammed Trump's comments, saying injecting disinfectants was harmful."
    assert lexicon_hits(lex, text) == [("slammed", "slam")]
    text = "Militiamen lashed out at reporters after villages were ethnically cleansed and civilians slaughtered."
    hits = lexicon_hits(lex, text)
    assert ("lashed out", "lash out") in hits
    assert ("ethnically cleansed", "ethnic cleansing") in hits
    assert ("slaughtered", "slaughter") in hits
    # ABP, Breitbart News
    text = "In January, 15 criminal illegal aliens were arrested in Paul Ryan’s home state of Wisconsin."
    assert lexicon_hits(lex, text) == [("illegal aliens", "illegal alien")]


def test_longest_match_wins(lex: Lexicon) -> None:
    text = "It called the war a special military operation and spoke of ethnic cleansing."
    hits = lexicon_hits(lex, text)
    assert ("special military operation", "special military operation") in hits
    assert ("ethnic cleansing", "ethnic cleansing") in hits
    assert ("cleansing", "cleanse") not in hits


def test_hyphen_and_space_variants(lex: Lexicon) -> None:
    text = "Pro-life, pro life and pro‐life groups met; ethnic-cleansing was alleged."
    hits = lexicon_hits(lex, text)
    assert [h[0] for h in hits[:3]] == ["Pro-life", "pro life", "pro‐life"]
    assert hits[3] == ("ethnic-cleansing", "ethnic cleansing")


def test_word_boundaries(lex: Lexicon) -> None:
    # ABP, Chicago Sun-Times
    text = (
        "But the news that Trump may be on a dangerous regimen of hydroxychloroquine didn't seem "
        "to alarm his supporters."
    )
    assert all(m.term != "regime" for m in lex.match(text))
    assert lexicon_hits(lex, "The fight against terrorism.") == [("terrorism", "terrorism")]
    assert lexicon_hits(lex, "An anti-terrorist unit and counter-terrorism police arrived.") == []
    assert lexicon_hits(lex, "The slaughterhouse reopened.") == []


def test_curly_and_straight_apostrophes(lex: Lexicon) -> None:
    for text in ("The regime's army.", "The regime’s army."):
        [m] = lex.match(text)
        assert m.text == "regime" and m.end == 10


def test_multiword_forms_do_not_cross_punctuation_or_lines(lex: Lexicon) -> None:
    assert ("ethnic, cleansing", "ethnic cleansing") not in lexicon_hits(lex, "ethnic, cleansing")
    hits = lexicon_hits(lex, "ETHNIC\ncleansing")
    assert hits == [("cleansing", "cleanse")]


def test_no_false_alarms_on_plain_reporting(lex: Lexicon) -> None:
    plain = [
        # ABP, Bloomberg
        "Israel has lost more than 60 soldiers and three civilians battling militants who have "
        "barraged it with rockets.",
        "Police said two people were killed in the attack on Tuesday, the government said.",
        "The administration announced the plan, and officials said talks would continue.",
        "The governor said the suspect was arrested and charged with murder.",
        "Flights were cancelled and the town lies north of the river.",
    ]
    found = [[m.text for m in lex.match(t) if m.confidence >= 0.5] for t in plain]
    assert found == [[], [], [], [], []]  # militants: the standard descriptor, prior 0.4


def test_document_and_str_give_the_same_matches(lex: Lexicon) -> None:
    text = (DATA / "abp_bloomberg_north_korea.txt").read_text(encoding="utf-8")
    matches = lex.match(text)
    assert matches == lex.match(tokenize(text))
    check_offsets(text, matches)
    assert sum(m.term == "regime" for m in matches) == 4


def test_match_rejects_other_types(lex: Lexicon) -> None:
    with pytest.raises(TypeError, match="str or Document"):
        lex.match(b"regime")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "regime",
                "so-called",
                "so",
                "called",
                "“",
                "”",
                '"',
                "'",
                "’s",
                "-",
                "ethnic",
                "cleansing",
                "pro",
                "life",
                "Regimen",
                "\n",
                ",",
                ".",
                "the",
                "liberation",
                "İ",
                " ",
            ]
        ),
        max_size=30,
    ).map(" ".join)
)
def test_offsets_round_trip_on_generated_text(text: str) -> None:
    lex = Lexicon.default()
    matches = lex.match(text)
    check_offsets(text, matches)
    assert matches == sorted(matches, key=lambda m: (m.start, -m.end))


# ---------------------------------------------------------------------------
# Context rules


def test_so_called_real_sentences(lex: Lexicon) -> None:
    # ABP, ABC News
    text = "The so-called fiscal cliff, a mixture of automatic tax increases and spending cuts, is triggered on Jan."
    [m] = [m for m in lex.match(text) if m.rule == "so_called"]
    assert m.text == "so-called fiscal cliff"
    assert m.category == "so_called" and m.entry is None
    assert m.neutral_alternatives == ("fiscal cliff",)
    # ABP, ABC News
    text = 'It is structured as a so-called "pass-through" entity with the firm\'s income.'
    [m] = [m for m in lex.match(text) if m.rule == "so_called"]
    assert m.text == 'so-called "pass-through"'
    assert m.neutral_alternatives == ("pass-through",)


def test_so_called_variants(lex: Lexicon) -> None:
    [m] = [m for m in lex.match("So called Islamic State group fighters") if m.rule == "so_called"]
    assert m.neutral_alternatives == ("Islamic State",)
    [m] = [m for m in lex.match("the so-called death tax was repealed") if m.rule == "so_called"]
    assert m.text == "so-called death tax"
    # "so called" meaning "therefore phoned" is not the construction
    assert not [
        m for m in lex.match("He was worried, so called the police.") if m.rule == "so_called"
    ]


def test_so_called_encloses_a_loaded_term(lex: Lexicon) -> None:
    text = "The so-called “liberation” of Kherson."
    rules = [(m.rule, m.text) for m in lex.match(text)]
    assert rules == [("so_called", "so-called “liberation”"), ("lexicon", "liberation")]


def test_scare_quotes_vs_quotations(lex: Lexicon) -> None:
    # ABP, ABC News
    text = "Half of Republican voters say they feel “betrayed” by their own party."
    [m] = [m for m in lex.match(text) if m.rule == "scare_quote"]
    assert m.text == "“betrayed”" and m.neutral_alternatives == ("betrayed",)
    assert m.confidence == pytest.approx(0.3)  # a verb of saying in the clause
    text = "The ministry condemned the “provocations” near the border."
    [m] = [m for m in lex.match(text) if m.rule == "scare_quote"]
    assert m.text == "“provocations”" and m.confidence == pytest.approx(0.6)
    assert m.category == "scare_quote" and m.term == "provocations"
    for quotation in (
        '"Never," he said.',
        "“We will not stop,” the minister told reporters.",
        'Joaquin "El Chapo" Guzman was extradited.',
        "He scored “42” points.",
        '"This is a long quotation that goes on for many words," she said.',
    ):
        assert not [m for m in lex.match(quotation) if m.rule == "scare_quote"], quotation


def test_scare_quotes_single_and_two_words(lex: Lexicon) -> None:
    text = "Moscow announced a 'goodwill gesture' and the ‘liberation’ of the town."
    quotes = [m.text for m in lex.match(text) if m.rule == "scare_quote"]
    assert quotes == ["'goodwill gesture'", "‘liberation’"]
    assert lexicon_hits(lex, "The players' union and the bosses' deal.") == []
    assert not [
        m for m in lex.match("The players' union and the bosses' deal.") if m.rule == "scare_quote"
    ]


def test_rules_can_be_switched_off() -> None:
    lex = Lexicon(Lexicon.default().entries, rules=())
    assert [m.rule for m in lex.match("The so-called “liberation”.")] == ["lexicon"]
    with pytest.raises(ValueError, match="unknown rule"):
        Lexicon([], rules=["sarcasm"])


def test_to_dict() -> None:
    [m] = Lexicon.default().match("They were slaughtered.")
    d = m.to_dict()
    # the entry lists "killing|killed"; fitted to the past form both give "killed"
    assert d["text"] == "slaughtered" and d["neutral_alternatives"] == ["killed"]
    assert d["rule"] == "lexicon" and d["start"] == 10


# ---------------------------------------------------------------------------
# User lexicons


def test_user_tsv_with_optional_columns_missing() -> None:
    tsv = "# my terms\nterm\tcategory\tconfidence\nfreedom fries\tpartisan\t0.9\nbaddies\tdysphemism\t\n"
    lex = Lexicon.from_tsv(io.StringIO(tsv))
    fries, baddies = lex.entries
    assert fries.forms == ("freedom fries",) and fries.source == "user"
    assert baddies.confidence == 0.5
    assert [m.text for m in lex.match("Freedom fries and baddies.")] == ["Freedom fries", "baddies"]


def test_user_tsv_from_path_and_wildcard(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(
        HEADER + "slaughter\tslaughter*\temotive\t\tkilled\t0.9\t\tmine\tCC0\n", encoding="utf-8"
    )
    lex = Lexicon.from_tsv(path)
    assert [m.text for m in lex.match("Slaughtering, slaughterhouse, slaughter.")] == [
        "Slaughtering",
        "slaughterhouse",
        "slaughter",
    ]
    assert lex.entries[0].licence == "CC0"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("regime\tregimes\tlabel\t\t\t0.8\n", "line 3: expected 9 tab-separated columns, found 6"),
        ("regime\tregimes\tsmear\t\t\t0.8\t\t\t\n", "line 3: unknown category 'smear'"),
        ("regime\tregimes\tlabel\t\t\t1.5\t\t\t\n", "line 3: confidence 1.5 is outside 0..1"),
        ("regime\tregimes\tlabel\t\t\thigh\t\t\t\n", "line 3: confidence 'high' is not a number"),
        ("regime\t\tlabel\t\t\t0.8\t\t\t\n", "line 3: empty forms"),
        ("regime\tregimes||junta\tlabel\t\t\t0.8\t\t\t\n", "line 3: empty form"),
        ("regime\tregime*s\tlabel\t\t\t0.8\t\t\t\n", "line 3: .*only at the end"),
        ("regime\tre*\tlabel\t\t\t0.8\t\t\t\n", "line 3: .*at least 3 letters"),
        ("\tregimes\tlabel\t\t\t0.8\t\t\t\n", "line 3: empty term"),
    ],
)
def test_user_tsv_errors_name_the_line(row: str, message: str) -> None:
    tsv = "# comment\n" + HEADER + row
    with pytest.raises(ValueError, match=message):
        Lexicon.from_tsv(io.StringIO(tsv))


def test_user_tsv_header_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="line 1: unknown column"):
        Lexicon.from_tsv(io.StringIO("term\tcategory\tcolour\n"))
    with pytest.raises(ValueError, match=r"line 2: missing required column\(s\) \['category'\]"):
        Lexicon.from_tsv(io.StringIO("# x\nterm\tforms\n"))
    with pytest.raises(ValueError, match="no header"):
        Lexicon.from_tsv(io.StringIO("# only comments\n"))
    path = tmp_path / "bad.tsv"
    path.write_text("term\tcategory\nregime\tlabel\textra\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path.name}: line 2"):
        Lexicon.from_tsv(path)


def test_merge_precedence() -> None:
    base = Lexicon.default()
    user = Lexicon.from_tsv(
        io.StringIO(
            "term\tforms\tcategory\tconfidence\n"
            "regime\tregimes\tother\t0.1\n"  # same term: replaces the shipped entry
            "gunmen\tgunmen|militants\tlabel\t0.2\n"  # shared form: the user's entry wins
        )
    )
    merged = base.merge(user)
    assert len(merged) == len(base) + 1
    regime = next(m for m in merged.match("The regime spoke.") if m.rule == "lexicon")
    assert (regime.category, regime.confidence) == ("other", 0.1)
    militants = next(m for m in merged.match("Militants attacked.") if m.rule == "lexicon")
    assert militants.term == "gunmen"
    # the shipped entry keeps its other forms
    assert [m.term for m in merged.match("One militant.")] == ["militant"]
    assert base.match("The regime spoke.")[0].confidence == pytest.approx(0.8)  # unchanged


def test_entry_validation() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        LexiconEntry("x", ("x",), "slur")
    with pytest.raises(ValueError, match="outside 0..1"):
        LexiconEntry("x", ("x",), "label", confidence=-0.1)


def test_naming_groups_errors(tmp_path: Path) -> None:
    path = tmp_path / "groups.tsv"
    path.write_text("group\tname\tforms\tnote\ngov\tregime\tregime\t\ngov\tregime\tx\t\n", "utf-8")
    with pytest.raises(ValueError, match="line 3: duplicate name 'regime'"):
        load_naming_groups(path)
    path.write_text("group\tname\tforms\tnote\ngov\tregime\tregimes\t\n", "utf-8")
    assert load_naming_groups(path) == {"gov": {"regime": ["regime", "regimes"]}}


def test_v4_context_entries_leave_plain_senses_unreported(lex: Lexicon) -> None:
    """Senses the v3 blind judgement found plain are matched by longer, low-prior entries
    (historical regimes, technical regimes in the plural, idioms, fiction's monsters) or
    lower priors (the descriptor dictator, self-declared), so analyze does not report them;
    the loaded senses next to them still are."""
    from framing.resources import is_reported

    cases = {
        "Historians of the Nazi regime and the Soviet regime met.": {
            "Nazi regime": False,
            "Soviet regime": False,
        },
        "Restrictive gun-control regimes and testing regimes failed.": {
            "gun-control regimes": False,
            "testing regimes": False,
        },
        "The Assad regime bombed the town.": {"regime": True},
        "It is a vicious cycle, a cruel irony.": {"vicious cycle": False, "cruel irony": False},
        "He was a vicious and cruel man.": {"vicious": True, "cruel": True},
        "We watched classic monster flicks.": {"monster flicks": False},
        "Iraqi dictator Saddam Hussein ruled with dictatorial powers.": {
            "dictator": False,
            "dictatorial": True,
        },
        "An economy liberated from sanctions, and staff more liberated to speak.": {
            "liberated from": False,
            "liberated to": False,
        },
        "Russian forces liberated the town.": {"liberated": True},
        "The self-declared republic is led by a self-proclaimed savior.": {
            "self-declared": False,
            "self-proclaimed": True,
        },
    }
    for text, want in cases.items():
        got = {m.text: is_reported(m.category, m.confidence) for m in lex.match(text)}
        assert got == want, text


def test_so_called_before_a_definition_names_a_term(lex: Lexicon) -> None:
    """ "so-called X, a ..." / "so-called X (...)" defines a term (0.2, not reported);
    "so-called X" that ends the phrase still disputes it (0.5)."""
    from framing.resources import is_reported

    def so_called(text: str) -> tuple[str, bool]:
        (m,) = [m for m in lex.match(text) if m.rule == "so_called"]
        return m.text, is_reported(m.category, m.confidence)

    assert so_called("Negotiators want to change the so-called sequester, a series of cuts.") == (
        "so-called sequester",
        False,
    )
    assert so_called("Many so-called antifa (anti-fascist) demonstrators came.") == (
        "so-called antifa",
        False,
    )
    assert so_called("The so-called experts, who were wrong, left.") == ("so-called experts", True)
    assert so_called("These so-called experts are wrong.") == ("so-called experts", True)


# ABP sentences of the v4 blind judgement (datasets/term_categories_v4_judged.jsonl): quote marks
# around a noun that names a topic or a thing are a mentioned or technical term, not a scare quote.
SCARE_QUOTE_TOPIC_NOUNS = [
    (
        "But in the exuberance over what may finally be realized, watchwords like “hypocrisy,” "
        "“double standards” and “bias” are political canaries in the coal mine that should be "
        "taken far more seriously than they seem to be at the moment.",
        "“bias”",
    ),
    (
        "We think of ‘racial prejudice’ as an individual-level sense of hostility, animus, set of "
        "negative stereotypes, or other negative attitudes that one person has toward members of "
        "a group by way of their race.",
        "‘racial prejudice’",
    ),
    (
        "The long-term goal is “to provide aggressive and independent adversarial journalism” on "
        "topics including “criminal and civil justice abuses,” “societal inequality” and "
        "“financial and political corruption.”",
        "“societal inequality”",
    ),
    (
        "But a great deal of the spike resulted from what economists refer to as “price "
        "insensitivity” and what the rest of us might call obliviousness.",
        "“price insensitivity”",
    ),
    (
        "As with other “people’s veto” campaigns, groups on both sides having been battling voter "
        "confusion about the question’s wording headed into Tuesday.",
        "“people’s veto”",
    ),
    (
        "His nascent digital operation has set its sights on those “empathy moms” whom the "
        "campaign believes can be won over with appeals to human decency.",
        "“empathy moms”",
    ),
    (
        "While Iranians celebrated in the streets over the deal, Netanyahu called a meeting on "
        "Friday with top ministers to discuss the deal agreed for Iran's nuclear program, after "
        'voicing "strong opposition" to President Obama.',
        '"strong opposition"',
    ),
    (
        "There are still two outbreaks in the US: One is a minor inconvenience suffered by the "
        "rich, who can abandon heavily affected urban areas for second homes, escape to "
        "“virus-free” retreats, and all seem to be getting tests.",
        "“virus-free”",
    ),
]

# ABP sentences of the same judgement whose scare quotes were judged correct: still reported.
SCARE_QUOTE_JUDGING = [
    (
        "Today, a great many Americans feel angst about their children inheriting a country that "
        "allows for the indiscriminate destruction of reputations via “cancel culture” and "
        "promotes narratives over truths in the name of political correctness.",
        "“cancel culture”",
    ),
    (
        "Conservative media’s criticisms of “wokeness” and disdain for political correctness are "
        "sometimes more gently expressed as a longing for fairness, balance, objectivity, and "
        "neutrality, similar to what Kurtz did on MediaBuzz.",
        "“wokeness”",
    ),
    (
        "Instead we have cries of “hoax” or “fake news” forcing citizens to choose which voice "
        "to follow.",
        "“hoax”",
    ),
    (
        "And the Democrats and progressives are big supporters of immigration reform and "
        "legalization of “undocumented workers” in America.",
        "“undocumented workers”",
    ),
    (
        "Brown accused the agency of putting the interests of narcotics manufacturers ahead of "
        "public health, most recently by approving a “terrible drug”, Dsuvia, in a process he "
        "alleged was manipulated.",
        "“terrible drug”",
    ),
]


@pytest.mark.parametrize(("text", "quoted"), SCARE_QUOTE_TOPIC_NOUNS)
def test_scare_quote_around_a_topic_noun_is_not_reported(
    lex: Lexicon, text: str, quoted: str
) -> None:
    from framing.resources import is_reported

    [m] = [m for m in lex.match(text) if m.rule == "scare_quote" and m.text == quoted]
    assert m.confidence == pytest.approx(0.15)
    assert not is_reported(m.category, m.confidence)


@pytest.mark.parametrize(("text", "quoted"), SCARE_QUOTE_JUDGING)
def test_scare_quote_around_a_judging_word_is_reported(
    lex: Lexicon, text: str, quoted: str
) -> None:
    from framing.resources import is_reported

    [m] = [m for m in lex.match(text) if m.rule == "scare_quote" and m.text == quoted]
    assert is_reported(m.category, m.confidence)
