"""The prediction fast paths compute exactly what the reference code computes, on real text.

Each fast path (shared word pass, cached character n-grams, ...) is compared with the
plain scikit-learn / reference computation it replaces: equal arrays, not close ones. The
one exception is the order of a sum: the sentence model's decision function is summed block
by block, which changes its rounding (about 1e-16), never a feature value.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from framing.features import (
    _fast_transform,
    _linear_scorer,
    _SentenceWords,
    _tfidf_values,
    sentence_proba,
)
from framing.tagger import _plain_mask, _sentence_rows
from framing.text import tokenize
from tests.helpers import sample_articles

# Odd inputs next to real sentences: empty, blank, punctuation only, curly apostrophes,
# a very long word, tabs and repeated spaces, non-Latin script, digits.
_ODD = [
    "",
    "   ",
    "...",
    "“Don’t,” she said — it’s the so-called ‘reform’.",
    "x" * 300,
    "Tabs\tand   spaces\n\nand lines",
    "Путин заявил, что 3.5% — это «много».",
    "U.S. troops, 1,200 of them, left on 9/11.",
]


@pytest.fixture(scope="module")
def sentences(babe) -> list[str]:
    docs = [tokenize(a["text"]) for a in sample_articles(40)]
    article_sentences = [s.text for d in docs for s in d.sentences]
    return article_sentences + babe.text.tolist()[:400] + _ODD


def _same(a, b) -> bool:
    if sp.issparse(a) or sp.issparse(b):
        assert sp.issparse(a) and sp.issparse(b) and type(a) is type(b)
        a, b = a.tocsr(), b.tocsr()
        a.sort_indices()
        b.sort_indices()
        return (
            a.shape == b.shape
            and a.dtype == b.dtype
            and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data)
        )
    return a.dtype == b.dtype and np.array_equal(a, b)


def test_each_feature_block_equals_its_transform(model, sentences):
    union = model.estimator_.steps[0][1]
    words = _SentenceWords(sentences)
    names = []
    for name, trans, _ in union._iter():
        for _ in range(2):  # a cold, then a warm cache
            assert _same(_fast_transform(trans, sentences, words), trans.transform(sentences)), name
        names.append(name)
    assert {"word", "char", "lexicon", "embed"} <= set(names)


def test_tfidf_values_equal_the_vectorizers_matrix(model, sentences):
    union = model.estimator_.steps[0][1]
    vectorizers = [t for _, t, _ in union._iter() if hasattr(t, "vocabulary_")]
    assert len(vectorizers) == 2
    for vec in vectorizers:
        want = vec.transform(sentences).tocsr()
        want.sort_indices()
        rows, cols, values = _tfidf_values(vec, sentences)
        assert values.dtype == want.dtype
        assert np.array_equal(rows, np.repeat(np.arange(len(sentences)), np.diff(want.indptr)))
        assert np.array_equal(cols, want.indices)
        assert np.array_equal(values, want.data)


def test_sentence_proba_equals_pipeline_predict_proba(model, sentences):
    pipeline = model.estimator_
    assert _linear_scorer(pipeline) is not None  # the default model takes the fast path
    want = pipeline.predict_proba(sentences)
    for got in (sentence_proba(pipeline, sentences), model.predict_proba(sentences)):
        assert got.shape == want.shape
        assert np.abs(got - want).max() < 1e-12
        assert np.array_equal(np.round(got, 4), np.round(want, 4))  # what analyze reports
    # one sentence at a time gives the same rows
    assert np.abs(sentence_proba(pipeline, sentences[5:6]) - want[5:6]).max() < 1e-12


def _reference_token_scores(tagger, doc, sentence_probabilities):
    """The tagger's linear scores summed feature by feature from the named features of
    ``_sentence_rows`` (the computation before the score tables)."""
    from framing.tagger import _sentence_rows, _type_features

    weights = tagger.weights_
    words, contexts = [], []
    for k, sent in enumerate(doc.sentences):
        p = float(sentence_probabilities[k]) if tagger.uses_sentence_p_ else None
        _, s_words, s_ctx = _sentence_rows(doc.text, sent.tokens, sent.start, sent.end, p)
        words.extend(s_words)
        contexts.extend(s_ctx)
    distinct = sorted(set(words))
    own = {}
    for w, vscore in zip(distinct, tagger._vector_scores(distinct).tolist(), strict=True):
        feats = _type_features(w, tagger.include_babe_words)
        own[w] = (
            vscore + sum(weights.get(name, 0.0) * v for name, v in feats),
            any(name == "subj" for name, _ in feats),
        )
    z = []
    for w, ctx in zip(words, contexts, strict=True):
        base, subj = own[w]
        total = tagger.intercept_ + base
        for name, v in ctx:
            total += weights.get(name, 0.0) * v
            if subj and name == "sentence_p":
                total += weights.get("sentence_p*subj", 0.0) * v
        z.append(total)
    return words, contexts, np.asarray(z)


def test_tagger_scores_and_evidence_equal_the_named_feature_sums(model):
    tagger = model.tagger
    texts = [a["text"] for a in sample_articles(40)] + _ODD
    for text in texts:
        doc = tokenize(text)
        probs = np.linspace(0.05, 0.95, len(doc.sentences))
        for _ in range(2):  # cold, then warm word cache
            _, _, words, contexts, proba = tagger._score_document(doc, probs)
            want_words, want_ctx, z = _reference_token_scores(tagger, doc, probs)
            assert words == want_words
            sentence = np.repeat(
                np.arange(len(doc.sentences)),
                [
                    len(_sentence_rows(doc.text, s.tokens, s.start, s.end, None)[1])
                    for s in doc.sentences
                ],
            )
            want = tagger._rescore(z, sentence, _plain_mask(want_words))
            loaded = proba > 0  # plain reporting words are set to 0 after scoring
            assert np.array_equal(proba[loaded], want[loaded])
            assert [contexts[r] for r in range(len(contexts))] == want_ctx


def test_every_per_word_cache_is_bounded_by_one_size():
    """Memory stays flat in corpus size: every cache of the package keyed by words (or
    anything else a corpus brings without end) holds at most WORD_CACHE_SIZE entries, and
    the extractor's table of word weights starts again at that size."""
    import importlib
    import pkgutil

    import framing
    from framing.attribution import learned
    from framing.text import WORD_CACHE_SIZE

    unbounded, too_large = [], []
    for info in pkgutil.walk_packages(framing.__path__, "framing."):
        if info.name.endswith(("training", "_training")) or ".report" in info.name:
            continue  # fitting and views: not run once per article of a corpus
        module = importlib.import_module(info.name)
        for name, f in vars(module).items():
            if not hasattr(f, "cache_info") or getattr(f, "__module__", None) != info.name:
                continue
            maxsize = f.cache_parameters()["maxsize"]
            takes_words = getattr(f, "__wrapped__", f).__code__.co_argcount > 0
            if maxsize is None and takes_words:
                unbounded.append(f"{info.name}.{name}")
            elif maxsize is not None and maxsize > WORD_CACHE_SIZE:
                too_large.append(f"{info.name}.{name} ({maxsize})")
    # data loaders keyed by a name or a flag (a few values), not by words
    keyed_by_name = {
        "framing.resources.load_wordlist",
        "framing.tagger._wordlists",
        "framing.wordclasses.word_class",
        "framing.wordclasses.word_pairs",
    }
    assert not too_large
    assert set(unbounded) <= keyed_by_name, sorted(set(unbounded) - keyed_by_name)
    assert learned.WORD_CACHE_SIZE == WORD_CACHE_SIZE


def test_naming_pattern_grouped_by_first_character_finds_what_the_plain_one_finds():
    """naming_counts's alternation grouped by first character matches exactly what the
    plain alternation of every form (longest first) matches: the same spans, on the sample
    articles and on text where case-insensitive matching is unusual (the Kelvin sign, long
    s, dotless i, fullwidth letters, names glued to hyphens and apostrophes)."""
    import re

    from framing.naming import _form_pattern, _naming_matcher
    from framing.text import fold

    pattern, lookup = _naming_matcher(None)
    forms = sorted(lookup, key=len, reverse=True)
    plain = re.compile(
        rf"(?<![\w-])(?:{'|'.join(_form_pattern(f) for f in forms)})(?![\w-])", re.IGNORECASE
    )
    assert pattern.pattern != plain.pattern  # the shipped forms are all grouped
    odd = [
        "The \u212aurdish fighters and the ſeparatists; \u0131nsurgents, INSURGENTS, Insurgents.",
        "anti-terrorists, terrorists-in-chief, the 'rebels', rebels' and rebel's; TERROR  GROUP",
        "ｔｅｒｒｏｒｉｓｔｓ and freedom\n\tfighters, the regime\u200bs, the Regime.",
    ]
    texts = [a["text"] for a in sample_articles(60)] + odd
    found = 0
    for text in texts:
        folded = fold(text).text
        got = [(m.span(), m.group(0)) for m in pattern.finditer(folded)]
        assert got == [(m.span(), m.group(0)) for m in plain.finditer(folded)]
        found += len(got)
    assert found > 50
