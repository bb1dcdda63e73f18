"""Text layer: sentence and token offsets on real news text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.text import MAX_SENTENCE_CHARS, quote_spans, split_sentences, tokenize, word_spans

# From the shipped sample article (Al Jazeera, 2015; Article-Bias-Prediction, Apache-2.0).
YEMEN = (
    "Yemen president evacuated as airstrikes target palace\n\n"
    "Yemen's president has been forced to flee his presidential palace after two fighter planes "
    "targeted his residence in Aden, a government official has said.\n\n"
    '"President Hadi has been evacuated to a safe place but he has not left the country," '
    "Hadi's aide told the AFP news agency as a plane made a second pass over the palace.\n\n"
    'A Yemeni security source said the situation at the presidential palace "was under control '
    'and there was nothing to be worried about".\n\n'
    "Airport clashes\n\n"
    "A special forces unit, led by renegade General Abdel Hafez al-Saqqaf, stormed the airport "
    "grounds on Thursday before being repelled by fighters linked to the current president."
)


def sentence_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_headlines_and_paragraphs_are_separate_sentences():
    sents = sentence_texts(YEMEN)
    assert sents[0] == "Yemen president evacuated as airstrikes target palace"
    assert "Airport clashes" in sents
    assert len(sents) == 6
    assert sents[2].startswith('"President Hadi') and sents[2].endswith("over the palace.")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The U.S. said on Jan. 5 that Dr. Smith had left. He denied it.",
            ["The U.S. said on Jan. 5 that Dr. Smith had left.", "He denied it."],
        ),
        (
            "Sen. Warren spoke at 3 p.m. Tuesday. Critics were not impressed.",
            ["Sen. Warren spoke at 3 p.m. Tuesday.", "Critics were not impressed."],
        ),
        (
            "“We will not retreat,” the ministry said. “Never.”",
            ["“We will not retreat,” the ministry said.", "“Never.”"],
        ),
        ("He left — again. She stayed!", ["He left — again.", "She stayed!"]),
        ("  \n\n  ", []),
        ("", []),
    ],
)
def test_sentence_boundaries_on_news_text(text, expected):
    assert sentence_texts(text) == expected


def test_word_tokens_keep_initialisms_hyphens_and_apostrophes():
    text = "The U.S.-backed so-called “rebels” don’t control Kyiv's 3.5 km zone."
    words = [t.text for t in word_spans(text)]
    assert "U.S.-backed" not in words  # initialism then hyphen word: two tokens
    assert "U.S." in words
    assert "so-called" in words and "don’t" in words and "Kyiv's" in words and "3.5" in words
    assert "“" in words and "rebels" in words


def test_tokenize_offsets_and_sentence_lookup():
    doc = tokenize(YEMEN)
    for s in doc.sentences:
        assert YEMEN[s.start : s.end] == s.text
        for t in s.tokens:
            assert YEMEN[t.start : t.end] == t.text
            assert s.start <= t.start < t.end <= s.end
            assert doc.sentence_at(t.start) == s.index
    assert doc.sentence_at(YEMEN.index("\n\n")) is None  # between sentences
    assert doc.n_words > 80


def test_quote_spans_curly_straight_and_runon():
    text = 'He said “liberation” came. “It was over,” she said. "Open quote runs on\nNext.'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["“liberation”", "“It was over,”", '"Open quote runs on']


def test_quote_spans_ignore_apostrophes():
    text = "The rebels’ ‘victory’ wasn’t real, and Kyiv’s forces’ lines held."
    assert [text[s:e] for s, e in quote_spans(text)] == ["‘victory’"]


def test_long_line_without_punctuation_is_cut_into_capped_sentences():
    text = "word " * 200_000  # 1 MB, no full stop, no newline
    spans = split_sentences(text)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    assert sum(len(text[s:e].split()) for s, e in spans) == 200_000


def test_non_str_input_is_a_type_error():
    with pytest.raises(TypeError):
        split_sentences(b"bytes")  # type: ignore[arg-type]


news_alphabet = st.sampled_from(
    list("abcXYZ .,;:!?\"'“”‘’«»—–-()\n\t")
    + ["U.S.", "Dr.", " so-called ", "é", "中", "🙂", "\u200b", "\r\n"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(news_alphabet, max_size=80).map("".join)))
def test_offsets_round_trip_on_any_text(text):
    doc = tokenize(text)
    prev_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert 0 <= prev_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        prev_end = s.end
        for t in s.tokens:
            assert text[t.start : t.end] == t.text
            assert not t.text.isspace()
    for s, e in quote_spans(text):
        assert 0 <= s < e <= len(text)
        assert text[s] in '"“„«‘'
    # every non-space character outside sentences is whitespace
    covered = set()
    for s in doc.sentences:
        covered.update(range(s.start, s.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_titles_before_names_do_not_end_sentences():
    text = "Gov. Roy Cooper said no. Sens. Collins and Murkowski agreed. Cmdr. Lee and Capt. Ray spoke."
    starts = [text[s:e].split()[0] for s, e in split_sentences(text)]
    assert starts == ["Gov.", "Sens.", "Cmdr."]


# -- Punkt and the Porter stemmer are NLTK's code, copied (framing.punkt, framing.porter) --


def _sample_texts() -> list[str]:
    import gzip
    import json

    from framing.resources import data_path

    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def test_punkt_spans_are_nltks():
    nltk = pytest.importorskip("nltk")
    if not nltk.__version__.startswith("3.10."):
        pytest.skip("framing.punkt is the Punkt of NLTK 3.10 (regex engine)")
    from nltk.tokenize import punkt as nltk_punkt

    from framing.text import _punkt

    ours = _punkt()
    params = nltk_punkt.PunktParameters()
    params.abbrev_types = set(ours._params.abbrev_types)
    params.sent_starters = set(ours._params.sent_starters)
    params.collocations = set(ours._params.collocations)
    params.ortho_context.update(ours._params.ortho_context)
    theirs = nltk_punkt.PunktSentenceTokenizer(params)
    edge = (  # initials, ordinals, ellipses, realigned closing marks, decomposed accents
        'Mr. J. S. Bach went home. "Hi!" he said.) Next... (Sent1.) Sent2. 3. Item 4. '
        "Ete\u0301 arrived. U.S. officials met Gov. Cooper at 5 p.m. Tuesday."
    )
    for text in [*_sample_texts(), edge, YEMEN]:
        for block in text.split("\n"):
            assert list(ours.span_tokenize(block)) == list(theirs.span_tokenize(block)), block


def test_porter_stems_are_nltks():
    porter = pytest.importorskip("nltk.stem.porter")

    from framing.porter import PorterStemmer
    from framing.resources import load_word_vectors

    words = list(load_word_vectors()[0])[::4] + ["generalizations", "dying", "sky", "ies"]
    ours, theirs = PorterStemmer(), porter.PorterStemmer()
    assert [ours.stem(w) for w in words] == [theirs.stem(w) for w in words]


def test_an_opening_quote_left_after_a_full_stop_starts_the_next_sentence():
    """Punkt left "“" at the end of the sentence before it, so a scare quote's span ran from
    one sentence into the next (found by the word-salad property test: '. “ regime ”')."""
    import framing

    text = "The talks ended. “ Regime ” forces then shelled the town. (Aside.) Done."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The talks ended.",
        "“ Regime ” forces then shelled the town.",
        "(Aside.)",
        "Done.",
    ]
    # a curly quote glued to the full stop closes the sentence (typed the wrong way round)
    glued = "It could be used as a political issue.“ — he added."
    assert [glued[s:e] for s, e in split_sentences(glued)][0].endswith("issue.“")
    a = framing.analyze(". “ regime ”")
    for t in a.loaded_terms:
        s = a.sentences[t.sentence]
        assert s.start <= t.start < t.end <= s.end, t
    assert any(t.rule == "scare_quote" for t in a.loaded_terms)
