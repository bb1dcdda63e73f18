"""Tests of the word-level loaded-term tagger (framing.tagger)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from framing.tagger import (
    FUNCTION_WORDS,
    TermFind,
    TermTagger,
    align_biased_words,
    best_f1_threshold,
    implied_category,
    load_model_term_alternatives,
)
from framing.text import tokenize

ARTICLE = (
    "Critics slammed the radical plan on Tuesday, calling it a disastrous giveaway. "
    "The senator said the bill would be debated next week.\n"
    'Officials said 12 people were killed in the attack, and the so-called "experts" stayed silent.'
)


@pytest.fixture(scope="module")
def tagger(babe_words):
    texts, words, outlets = babe_words
    # Sentences with annotations plus as many without: fast and balanced.
    with_words = [i for i, w in enumerate(words) if w][:500]
    without = [i for i, w in enumerate(words) if not w][:300]
    idx = sorted(with_words + without)
    return TermTagger(cv=3, sentence_context=True, random_state=0).fit(
        [texts[i] for i in idx], [words[i] for i in idx], groups=[outlets[i] for i in idx]
    )


def test_estimator_contract():
    t = TermTagger(C=0.5, threshold=0.3, include_babe_words=True)
    params = t.get_params()
    assert params["C"] == 0.5 and params["threshold"] == 0.3 and params["include_babe_words"]
    c = clone(t)
    assert c is not t and c.get_params() == params
    assert not hasattr(c, "weights_")


def test_alignment_rule():
    doc = tokenize("The \"radical\" left-wing mob's leader blasted Trump's plan.")
    toks = doc.sentences[0].tokens
    labels, unaligned = align_biased_words(
        toks, ['"radical', "mob", "left-wing", "blasted", "nonexistent"]
    )
    flagged = [t.text for t, lab in zip(toks, labels, strict=True) if lab]
    assert flagged == ["radical", "left-wing", "mob's", "blasted"]
    assert unaligned == ["nonexistent"]
    # multi-word entries give one target per word; punctuation is never a target
    labels, unaligned = align_biased_words(toks, ["Trump's plan."])
    assert [t.text for t, lab in zip(toks, labels, strict=True) if lab] == ["Trump's", "plan"]
    assert unaligned == []


def test_loaded_words_outscore_neutral_ones(tagger):
    scores = {t.text: p for t, p in tagger.predict_token_proba(ARTICLE)}
    for loaded in ("slammed", "radical", "disastrous"):
        for neutral in ("said", "the", "Tuesday", "week"):
            assert scores[loaded] > scores[neutral], (loaded, neutral, scores)


def test_function_words_punctuation_and_numbers_never_flagged(tagger, babe_words):
    doc = tokenize(ARTICLE)
    for tok, p in tagger.predict_token_proba(doc):
        if not tok.is_word or tok.lower in FUNCTION_WORDS or any(c.isdigit() for c in tok.text):
            assert p == 0.0, tok
    # even with a threshold of zero nothing but content words is returned
    zero = clone(tagger).set_params(threshold=0.0)
    texts, words, _ = babe_words
    zero.fit(texts[:150], words[:150])
    finds = zero.find_terms(doc)
    assert finds
    for f in finds:
        span = ARTICLE[f.start : f.end]
        assert span.lower() not in FUNCTION_WORDS and span.isalpha() or "-" in span


def test_find_terms_offsets_evidence_and_fields(tagger):
    doc = tokenize(ARTICLE)
    finds = tagger.find_terms(doc, sentence_probabilities=[0.9, 0.2, 0.5])
    assert finds
    terms = {f.term for f in finds}
    assert {"slammed", "radical"} <= terms
    assert "said" not in terms and "tuesday" not in terms
    for f in finds:
        assert isinstance(f, TermFind)
        assert ARTICLE[f.start : f.end].lower().replace("’", "'").startswith(f.term)
        assert 0.0 <= f.confidence <= 1.0 and f.confidence >= tagger.threshold_
        assert f.evidence and all(isinstance(e, str) and e for e in f.evidence)
        assert isinstance(f.neutral_alternatives, tuple)
    assert [f.start for f in finds] == sorted(f.start for f in finds)


def test_sentence_probability_raises_scores_when_fitted_with_it(babe_words):
    texts, words, _ = babe_words
    idx = list(range(400))
    p = np.array([0.9 if words[i] else 0.1 for i in idx])
    t = TermTagger(threshold=0.3).fit(
        [texts[i] for i in idx], [words[i] for i in idx], sentence_probabilities=p
    )
    doc = tokenize("Critics slammed the radical plan.")
    lo = dict((tok.text, s) for tok, s in t.predict_token_proba(doc, [0.05]))
    hi = dict((tok.text, s) for tok, s in t.predict_token_proba(doc, [0.95]))
    assert hi["radical"] > lo["radical"]
    with pytest.raises(ValueError):
        t.predict_token_proba(doc, [0.5, 0.5])


def test_fast_scores_match_the_classifier(tagger):
    """predict_token_proba sums weights_ directly; it must equal the sklearn path."""
    from framing.tagger import (
        _append_column,
        _features,
        _sentence_rows,
        _strip_possessive,
        plain_reporting_words,
    )

    doc = tokenize(ARTICLE)
    fast = [p for _, p in tagger.predict_token_proba(doc)]
    rows, cands, where, sentence = [], [], [], []
    offset = 0
    for k, sent in enumerate(doc.sentences):
        idx, words, ctx = _sentence_rows(doc.text, sent.tokens, sent.start, sent.end, None)
        rows += [dict(_features(w, c, False)) for w, c in zip(words, ctx, strict=True)]
        cands += words
        sentence += [k] * len(words)
        where += [offset + i for i in idx]
        offset += len(sent.tokens)
    # the word-vector columns and the neighbour column are part of the check
    assert tagger.vector_coef_ is not None and tagger.neighbour_table_ is not None
    assert tagger.neighbour_coef_ != 0.0
    X = tagger._design_matrix(tagger.vectorizer_.transform(rows), cands)
    X = _append_column(X, tagger._neighbour_column(cands, tagger.neighbour_table_))
    plain = np.array([_strip_possessive(w) in plain_reporting_words() for w in cands])
    # the sentence-context stage rescores the classifier's scores within each sentence
    assert tagger.context_coef_ is not None
    slow = tagger._rescore(tagger.classifier_.decision_function(X), np.array(sentence), plain)
    assert plain.sum() >= 3  # said, killed, attack: scored by the model, zeroed on output
    fast = np.array([fast[i] for i in where])
    np.testing.assert_allclose(fast[~plain], slow[~plain], rtol=1e-9, atol=1e-12)
    assert (fast[plain] == 0.0).all() and (slow[plain] > 0.0).all()


def test_sentence_context_features_compare_a_word_with_its_sentence():
    from framing.tagger import CONTEXT_FEATURES, sentence_context_features

    def logit(p):
        return np.log(p / (1 - p))

    proba = np.array([0.9, 0.5, 0.2, 0.95, 0.3])
    sentence = np.array([0, 0, 0, 0, 1])
    plain = np.array([False, False, False, True, False])  # a plain word is never the top
    f = sentence_context_features(proba, sentence, plain)
    assert f.shape == (5, len(CONTEXT_FEATURES))
    np.testing.assert_allclose(f[:, 0], logit(proba))
    np.testing.assert_allclose(f[:3, 1], logit(proba[:3]) - logit(0.9))
    assert f[3, 1] == 0.0 and f[3, 2] == 0.0
    assert list(f[:, 2]) == [1.0, 0.0, 0.0, 0.0, 1.0]
    np.testing.assert_allclose(f[0, 3], logit(0.9) - logit(0.5))
    assert f[4, 1] == 0.0 and f[4, 3] == 0.0  # alone in its sentence: no lead to measure


def test_a_tagger_without_the_context_stage_scores_by_its_classifier(babe_words):
    import pickle

    texts, words, _ = babe_words
    idx = list(range(300))
    t = TermTagger(threshold=0.3, sentence_context=False).fit(
        [texts[i] for i in idx], [words[i] for i in idx]
    )
    assert t.context_coef_ is None
    state = t.__getstate__()
    del state["sentence_context"], state["context_coef_"]  # as pickled before the stage
    old = TermTagger.__new__(TermTagger)
    old.__setstate__(state)
    doc = tokenize(ARTICLE)
    assert old.predict_token_proba(doc) == pickle.loads(pickle.dumps(t)).predict_token_proba(doc)


def test_deterministic_with_seed(babe_words):
    texts, words, outlets = babe_words
    a = TermTagger(cv=3, random_state=3).fit(texts[:200], words[:200])
    b = TermTagger(cv=3, random_state=3).fit(texts[:200], words[:200])
    assert a.threshold_ == b.threshold_
    assert a.find_terms(tokenize(ARTICLE)) == b.find_terms(tokenize(ARTICLE))


def test_implied_categories():
    assert implied_category("claimed") == "hedge_doubt"
    assert implied_category("Leftist") == "label"
    assert implied_category("journalist") == "model"
    assert implied_category("fiercely") == "intensifier"
    assert implied_category("said") == "model"


def test_best_f1_threshold():
    y = np.array([0, 0, 1, 1, 0, 1])
    p = np.array([0.1, 0.2, 0.8, 0.7, 0.3, 0.9])
    t = best_f1_threshold(y, p)
    assert 0.3 < t < 0.7


def test_alternatives_table_is_well_formed():
    table = load_model_term_alternatives()
    assert table
    for term, alts in table.items():
        assert term == term.lower().strip() and alts
        assert term not in {a.lower() for a in alts}


def test_refuses_mismatched_inputs():
    with pytest.raises(ValueError):
        TermTagger().fit(["One sentence."], [[], []])


def test_negation_and_hedge_context_features():
    from framing.tagger import _sentence_rows

    text = "It was not a disgraceful betrayal of voters, and perhaps reckless, critics said."
    doc = tokenize(text)
    sent = doc.sentences[0]
    _, words, ctx = _sentence_rows(text, sent.tokens, sent.start, sent.end, None)
    names = {w: {n for n, _ in c} for w, c in zip(words, ctx, strict=True)}
    # "not" two and three words back; four words back is outside the window
    assert "negated" in names["disgraceful"] and "negated" in names["betrayal"]
    assert "negated" not in names["voters"]
    assert "hedged" in names["reckless"] and "hedged" not in names["voters"]
    assert "negated" not in names["critics"]


def test_word_vectors_generalise_to_unseen_loaded_words(babe_words):
    """A word absent from the training sentences scores by its vector's neighbours."""
    texts, words, outlets = babe_words
    idx = [i for i in range(len(texts)) if "despicable" not in texts[i].lower()][:900]
    kw = dict(cv=3, random_state=0)
    fit = lambda **p: TermTagger(**kw, **p).fit(  # noqa: E731
        [texts[i] for i in idx], [words[i] for i in idx]
    )
    with_vectors, without = fit(), fit(word_vectors=False)
    assert without.vector_coef_ is None and len(with_vectors.vector_coef_) == 129
    doc = "Officials called the attack despicable on Monday."

    def p(t, w):
        return {tok.text: s for tok, s in t.predict_token_proba(doc)}[w]

    assert p(with_vectors, "despicable") > p(with_vectors, "Monday")
    assert p(with_vectors, "despicable") - p(with_vectors, "Monday") > (
        p(without, "despicable") - p(without, "Monday")
    )
    finds = with_vectors.find_terms(tokenize(doc), sentence_probabilities=[0.9])
    hit = [f for f in finds if f.term == "despicable"]
    assert hit and "word vector" in hit[0].evidence


def test_usage_features_read_real_corpus_counts():
    """Monroe et al. log-odds z-scores from the shipped counts: known partisan pairs."""
    from framing.tagger import usage_features

    def z(word, name):
        return 3.0 * dict(usage_features(word))[f"usage:{name}"]

    # "undocumented" is the left outlets' word, "illegal" the right's (AllSides ratings)
    assert z("undocumented", "left_vs_right") > 2.0
    assert z("illegal", "left_vs_right") < -2.0
    assert z("illegal", "one_sided") == -z("illegal", "left_vs_right")
    # review snippets vs plot summaries
    assert z("wonderful", "subjective") > 2.0 and z("discovers", "subjective") < -2.0
    # a word in neither corpus: no evidence either way
    unseen = dict(usage_features("qqzxv"))
    assert all(unseen[f"usage:{n}"] == 0.0 for n in ("partisan", "left_vs_right", "subjective"))


def test_log_odds_z_is_antisymmetric_and_zero_for_equal_rates():
    from framing.tagger import _log_odds_z

    assert _log_odds_z(30, 10, 1000, 1000) == pytest.approx(-_log_odds_z(10, 30, 1000, 1000))
    assert _log_odds_z(20, 10, 2000, 1000) == pytest.approx(0.0, abs=1e-9)
    assert _log_odds_z(300, 100, 10_000, 10_000) > _log_odds_z(30, 10, 1000, 1000) > 0


def test_neighbour_log_odds_uses_neighbours_not_the_word_itself():
    from framing.features import vector_row
    from framing.tagger import neighbour_log_odds

    loaded = ["disgraceful", "shameful", "outrageous", "appalling", "deplorable", "disgusting"]
    neutral = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "table",
        "chair",
        "kitchen",
        "window",
        "garden",
        "report",
        "meeting",
    ]
    rows = np.array([vector_row(w) for w in loaded + neutral] * 2)
    assert (rows >= 0).all()
    y = np.array([1] * len(loaded) + [0] * len(neutral) + [1] * len(loaded) + [0] * len(neutral))
    table = neighbour_log_odds(rows, y, k=3)
    # words never seen: judged by their neighbourhood
    assert table[vector_row("despicable")] > 0 > table[vector_row("saturday")]
    # a word's own labels never enter its value: swap the labels of "shameful"
    # and "table" (same prior); shameful's neighbours, and so its value, stay
    swapped = y.copy()
    swapped[rows == vector_row("shameful")] = 0
    swapped[rows == vector_row("table")] = 1
    other = neighbour_log_odds(rows, swapped, k=3)
    assert other[vector_row("shameful")] == table[vector_row("shameful")] > 0


def test_rare_word_pairs_are_dropped():
    from sklearn.feature_extraction import DictVectorizer

    from framing.tagger import _drop_rare_pairs

    rows = [
        {"word=a": 1, "w+next=a b": 1, "prev+w=<s> a": 1},
        {"word=a": 1, "w+next=a b": 1, "prev+w=x a": 1},
        {"word=c": 1, "w+next=c d": 1},
    ]
    vec = DictVectorizer()
    X = _drop_rare_pairs(vec, vec.fit_transform(rows))
    assert vec.feature_names_ == ["w+next=a b", "word=a", "word=c"]
    assert X.shape == (3, 3)
    np.testing.assert_array_equal(X.toarray(), vec.transform(rows).toarray())


def test_new_evidence_labels_read_as_words():
    from framing.tagger import _feature_label

    assert _feature_label("usage:left_vs_right", -0.8) == "right-leaning outlets' word (z=-2.4)"
    assert _feature_label("usage:left_vs_right", 0.5) == "left-leaning outlets' word (z=+1.5)"
    assert _feature_label("w+next=illegal aliens", 1.0) == "phrase 'illegal aliens'"
    assert _feature_label("usage:subjective", 1.0) == "opinion word (z=+3.0)"


def test_plain_reporting_words_are_never_flagged(tagger):
    """The event and speech words of plain conflict reporting get probability 0."""
    from framing.tagger import plain_reporting_words

    plain = plain_reporting_words()
    assert {"said", "killed", "attack", "bombs", "hostages"} <= plain
    assert all(w == w.lower().strip() and " " not in w for w in plain)
    assert not plain & FUNCTION_WORDS
    doc = (
        "Two bombs exploded near the market and gunmen took hostages, police said. "
        "Critics slammed the disastrous plan."
    )
    scores = {tok.text: p for tok, p in tagger.predict_token_proba(doc)}
    for word in ("bombs", "exploded", "gunmen", "hostages", "police", "said"):
        assert scores[word] == 0.0
    assert scores["slammed"] > 0.0 and scores["disastrous"] > 0.0


def test_neighbour_evidence_names_annotated_training_words(tagger, babe_words):
    from framing.features import vector_row

    texts, words, outlets = babe_words
    idx = [i for i, w in enumerate(words) if w][:500]  # the annotated part of the fixture's data
    annotated_rows = {
        vector_row(part.lower().strip("\"'.,"))
        for i in idx
        for entry in words[i]
        for part in entry.split()
    }
    ev = tagger._neighbour_evidence("despicable")
    assert ev.startswith("similar to annotated words: ")
    named = ev.split(": ", 1)[1].split(", ")
    assert len(named) == 3 and "despicable" not in named
    assert all(vector_row(w) in annotated_rows for w in named)
    # the word's own inflections are not its evidence
    from framing.features import stem

    named = tagger._neighbour_evidence("claimed").split(": ", 1)[1].split(", ")
    assert named and all(stem(w) != stem("claimed") for w in named)
    doc = tokenize("Officials called the attack despicable and cowardly.")
    finds = tagger.find_terms(doc, sentence_probabilities=[0.9])
    assert any(e.startswith("similar to annotated words: ") for f in finds for e in f.evidence)
