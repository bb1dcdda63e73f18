"""Memory stays flat in corpus size: each per-word table that a long corpus would fill
without end starts again at its bound (kept small here: 300 words), on real text with many
new words (the shipped sample articles), and the analyses do not change.

The caches made with ``functools.lru_cache`` are bounded by it; their sizes are checked in
tests/test_fast_paths.py. The tables here are the ones framing keeps itself.
"""

from __future__ import annotations

import pytest

import framing
from framing import sentence_features, sentiment, tagger
from framing.attribution import learned
from framing.text import tokenize
from tests.helpers import sample_articles

BOUND = 300
N_ARTICLES = 24


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [a["text"] for a in sample_articles(N_ARTICLES)]


def _analysis(model, text: str) -> str:
    return framing.analyze(text, model=model).to_json(sort_keys=True)


def _token_proba(model, text: str) -> list[tuple[int, float]]:
    """The term tagger's P(loaded) per token (analyze runs it only for some categories)."""
    return [(t.start, p) for t, p in model.tagger.predict_token_proba(text)]


@pytest.fixture(scope="module")
def reference(model, texts) -> dict:
    return {run: [run(model, t) for t in texts] for run in (_analysis, _token_proba)}


def _words_table(model):
    return model.component("attribution").__dict__.get("_tabs", (None,))[0]


def _char_caches(model) -> list[dict]:
    return [
        state._word_cache
        for _, state, _ in model.scorer.blocks
        if isinstance(state, sentence_features.TfidfArrays) and state.analyzer == "char_wb"
    ]


def _own(model) -> dict:
    tables = model.tagger.__dict__.get("_score_tables_cache")
    return {} if tables is None else tables.own


# name: (module, its bound's name, the table's size, empty the table, what it serves)
CACHES = {
    "attribution word table": (
        learned,
        "WORD_CACHE_SIZE",
        lambda m: len(_words_table(m).index) if _words_table(m) is not None else 0,
        lambda m: m.component("attribution").__dict__.pop("_tabs", None),
        _analysis,
    ),
    "target-sentiment word columns": (
        sentiment,
        "_COLUMN_CACHE_SIZE",
        lambda m: len(m.component("target_sentiment").__dict__.get("_columns", {})),
        lambda m: m.component("target_sentiment").__dict__.pop("_columns", None),
        _analysis,
    ),
    "target-sentiment bigram columns": (
        sentiment,
        "_COLUMN_CACHE_SIZE",
        lambda m: len(m.component("target_sentiment").__dict__.get("_bigrams", {})),
        lambda m: m.component("target_sentiment").__dict__.pop("_bigrams", None),
        _analysis,
    ),
    "character n-grams per word": (
        sentence_features,
        "WORD_CACHE_SIZE",
        lambda m: max(len(c) for c in _char_caches(m)),
        lambda m: [c.clear() for c in _char_caches(m)],
        _analysis,
    ),
    "tagger word scores": (
        tagger,
        "_OWN_CACHE_SIZE",
        lambda m: len(_own(m)),
        lambda m: _own(m).clear(),
        _token_proba,
    ),
}


@pytest.mark.parametrize("name", list(CACHES))
def test_per_word_table_stays_bounded_and_outputs_do_not_change(
    name, model, texts, reference, monkeypatch
):
    module, bound_name, size, empty, run = CACHES[name]
    monkeypatch.setattr(module, bound_name, BOUND)
    empty(model)
    sizes, got = [], []
    try:
        for text in texts:
            got.append(run(model, text))
            n_tokens = sum(len(s.tokens) for s in tokenize(text).sentences)
            sizes.append(size(model))
            # at most the bound, or the bound and one article's words for the tables
            # emptied before an article's words are added
            assert sizes[-1] <= BOUND + n_tokens, (name, sizes)
    finally:
        empty(model)  # back to the shipped bound with an empty table
    assert max(sizes) > BOUND // 2, (name, sizes)  # the table was really filled
    assert any(b < a for a, b in zip(sizes[:-1], sizes[1:], strict=True)), (
        name,
        sizes,
    )  # and started again
    assert got == reference[run]


def test_attribution_word_table_is_allocated_once_at_its_bound(model, texts, monkeypatch):
    """The extractor's table of word weights is one array of WORD_CACHE_SIZE rows (more only
    for a document with more distinct words, until the next document), never regrown."""
    monkeypatch.setattr(learned, "WORD_CACHE_SIZE", BOUND)
    ex = model.component("attribution")
    ex.__dict__.pop("_tabs", None)
    try:
        shapes = set()
        for text in texts:
            ex.extract(tokenize(text))
            words = _words_table(model)
            shapes.add(words.M.shape[0])
            assert len(words.index) <= len(words.M) == len(words.subj) == len(words.opener)
        assert shapes == {BOUND}
        long = tokenize(" ".join(texts))  # one document of more than BOUND distinct words
        ex.extract(long)
        assert len(_words_table(model).M) > BOUND
        ex.extract(tokenize(texts[0]))
        assert len(_words_table(model).M) == BOUND
    finally:
        ex.__dict__.pop("_tabs", None)


def test_sentence_splitter_adds_no_words_to_its_table(texts):
    """The sentence splitter's table of orthographic contexts (word type -> where it was
    seen capitalised) is read, never written: unseen words of a corpus are not added."""
    from framing.text import _punkt

    table = _punkt()._params.ortho_context
    before = dict(table)
    words = set()
    for text in texts:
        doc = tokenize(text)
        words.update(t.text.lower() for s in doc.sentences for t in s.tokens)
    assert words - set(before)  # the articles have words the table lacks
    assert table == before
