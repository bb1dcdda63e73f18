"""Characters that hide a loaded term (zero-width spaces, soft hyphens, fullwidth letters,
combining marks, no-break spaces) do not hide it from the matchers, and every reported
span is still a span of the text as written (framing.text.fold)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.lexicon import Lexicon
from framing.naming import naming_counts
from framing.text import fold, fold_document, tokenize

SENTENCE = "Police said the terrorists stormed the building on Tuesday."
TERM = "terrorists"

#: Ways of writing "terrorists" that read (or render) as the word itself.
HIDDEN = {
    "zero-width space": "ter\u200brorists",
    "zero-width joiner": "terr\u200dorists",
    "soft hyphen": "terror\u00adists",
    "word joiner": "t\u2060errorists",
    "byte order mark": "terror\ufeffists",
    "bidi mark": "\u200eterrorists",
    "fullwidth": "ｔｅｒｒｏｒｉｓｔｓ",
    "mathematical bold": "𝐭𝐞𝐫𝐫𝐨𝐫𝐢𝐬𝐭𝐬",
    "strike-through marks": "".join(c + "\u0336" for c in TERM),
    "accent": "te\u0301rrorists",
    "precomposed accent": "térrorists",
}


def _terms(text: str) -> list[tuple[str, str]]:
    return [(m.term, m.text) for m in Lexicon.default().match(text)]


def test_plain_sentence_finds_the_term():
    assert ("terrorist", TERM) in _terms(SENTENCE)


@pytest.mark.parametrize("how", sorted(HIDDEN))
def test_hidden_term_is_found_and_reported_as_written(how):
    written = HIDDEN[how]
    text = SENTENCE.replace(TERM, written)
    assert text != SENTENCE
    # before the fold: "ter\u200brorists" and the others found nothing
    (match,) = [m for m in Lexicon.default().match(text) if m.term == "terrorist"]
    assert text[match.start : match.end] == match.text
    assert match.text.strip("\u200e") == written.strip("\u200e")


@pytest.mark.parametrize(
    "hide",
    [
        lambda w: w[:4] + "\u200b" + w[4:],
        lambda w: "".join(chr(ord(c) + 0xFEE0) for c in w),  # fullwidth
        lambda w: w[:3] + "\u00ad" + w[3:],
        lambda w: "".join(c + "\u0336" for c in w),
    ],
    ids=["zero-width space", "fullwidth", "soft hyphen", "strike-through"],
)
def test_analyze_reports_original_offsets(hide):
    plain = "The regime's forces slaughtered civilians. Thugs looted the shops."
    text = plain.replace("slaughtered", hide("slaughtered")).replace("Thugs", hide("Thugs"))
    want = [(t.term, t.category) for t in framing.analyze(plain).loaded_terms]
    assert len(want) == 3
    result = framing.analyze(text)
    assert [(t.term, t.category) for t in result.loaded_terms] == want
    assert hide("slaughtered") in [t.text for t in result.loaded_terms]
    for t in result.loaded_terms:
        assert text[t.start : t.end] == t.text
    for t in result.to_dict()["loaded_terms"]:
        assert text[t["start"] : t["end"]] == t["text"]


def test_no_break_space_joins_a_multi_word_form():
    text = "The so\u00a0called experts disagreed, and the regime\u2019s forces moved."
    found = Lexicon.default().match(text)
    assert [m.text for m in found if m.rule == "so_called"] == ["so\u00a0called experts"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_document_input_gives_the_same_spans_as_text_input():
    text = "Ｔｈｅ ter\u200brorists fled.\nA so\u00adcalled “peace” deal followed; the re\u0301gime fell."
    lex = Lexicon.default()
    by_text = [(m.start, m.end, m.term) for m in lex.match(text)]
    by_doc = [(m.start, m.end, m.term) for m in lex.match(tokenize(text))]
    assert by_text == by_doc
    assert ("regime" in {t for _, _, t in by_doc}) and ("terrorist" in {t for _, _, t in by_doc})


def test_accented_lexicon_form_matches_both_spellings():
    assert [m.text for m in Lexicon.default().match("the ancien régime")] == ["ancien régime"]
    assert [m.text for m in Lexicon.default().match("the ancien regime")] == ["ancien regime"]


def test_naming_counts_see_through_hidden_characters():
    plain = naming_counts("The terrorists attacked.")
    assert plain
    assert naming_counts("The ter\u200brorists attacked.") == plain
    assert naming_counts("The ｔｅｒｒｏｒｉｓｔｓ attacked.") == plain


def test_text_that_folds_nothing_is_its_own_view():
    text = "Curly “quotes”, an ellipsis… and a dash — stay as written."
    f = fold(text)
    assert not f.changed and f.text is text
    doc = tokenize(text)
    assert fold_document(doc)[1] is doc


def test_punctuation_nfkc_would_spell_out_is_kept():
    # one character stays one character: "…" is not "...", "™" is not "TM"
    assert fold("Wait… it’s a brand™ ½").text == "Wait… it’s a brand™ ½"


# --------------------------------------------------------------------------
# Offsets round-trip on random text.

_HIDERS = ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060", "\u0301", "\u0336"]
_PIECES = st.sampled_from(
    [
        "terrorists",
        "regime",
        "so-called",
        "massacre",
        "freedom fighters",
        " ",
        "\u00a0",
        "\n",
        ". ",
        "“",
        "”",
        '"',
        "ｔｅｒｒｏｒ",
        "é",
        "ﬁ",
        "…",
        "said",
        "Hamas",
        "the",
    ]
)


@st.composite
def _texts(draw) -> tuple[str, str]:
    """A text of news-like pieces, and the same text with hiding characters inserted."""
    pieces = draw(st.lists(_PIECES, min_size=1, max_size=25))
    plain = "".join(pieces)
    out = []
    for ch in plain:
        out.append(ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(_HIDERS)))
    return plain, "".join(out)


@settings(max_examples=200, deadline=None)
@given(_texts())
def test_fold_offsets_round_trip(texts):
    _, text = texts
    f = fold(text)
    prev_start = 0
    for i in range(len(f.text)):
        start, end = f.span(i, i + 1)
        assert 0 <= prev_start <= start < end <= len(text)
        prev_start = start
    for i in range(len(f.text) + 1):
        for j in range(i, min(len(f.text), i + 12) + 1):
            start, end = f.span(i, j)
            assert 0 <= start <= end <= len(text)
    # every original offset maps into the folded text and back at or after itself
    for k in range(len(text) + 1):
        i = f.offset(k)
        assert 0 <= i <= len(f.text)
        if i < len(f.text):
            assert f.span(i, i + 1)[0] >= k


@settings(max_examples=150, deadline=None)
@given(_texts())
def test_hiding_characters_change_no_match(texts):
    plain, hidden = texts
    lex = Lexicon.default()
    want = [(m.term, m.rule) for m in lex.match(plain) if m.rule == "lexicon"]
    found = lex.match(hidden)
    assert [(m.term, m.rule) for m in found if m.rule == "lexicon"] == want
    for m in found:
        assert hidden[m.start : m.end] == m.text
