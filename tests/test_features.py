"""Tests for framing.features: lexicon loaders and scikit-learn transformers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from framing.features import (
    WORDLISTS,
    LexiconFeatures,
    load_mpqa,
    load_vader,
    load_wordlist,
    make_sentence_pipeline,
)


@pytest.fixture(scope="module")
def sample(babe: pd.DataFrame) -> pd.DataFrame:
    """A balanced sample of 300 real BABE sentences."""
    return (
        babe.groupby("label", group_keys=False).sample(150, random_state=0).reset_index(drop=True)
    )


# ---------------------------------------------------------------- loaders


@pytest.mark.parametrize("name", sorted(WORDLISTS))
def test_wordlists_load_lowercase_without_comments(name: str) -> None:
    words = load_wordlist(name)
    assert isinstance(words, frozenset)
    assert len(words) >= 20
    assert all(w == w.lower() and w.strip() == w and w for w in words)
    assert not any(w.startswith(("#", ";")) for w in words)


def test_wordlist_contents() -> None:
    assert "radical" in load_wordlist("bias_lexicon")
    assert "perhaps" in load_wordlist("hedges")
    assert "in my opinion" in load_wordlist("hedges")  # multi-word entries kept
    assert "said" in load_wordlist("report_verbs") or "say" in load_wordlist("report_verbs")
    assert "good" in load_wordlist("positive_words")
    assert "awful" in load_wordlist("negative_words")
    assert load_wordlist("hedges") is load_wordlist("hedges")  # cached


def test_unknown_wordlist() -> None:
    with pytest.raises(KeyError, match="unknown word list"):
        load_wordlist("no-such-list")


def test_mpqa_and_vader() -> None:
    mpqa = load_mpqa()
    assert len(mpqa) > 6000
    assert mpqa["abandoned"] == ("weaksubj", "negative")
    assert mpqa["outrageous"][0] == "strongsubj"
    vader = load_vader()
    assert len(vader) > 7000
    assert vader["good"] > 1 > 0 > -1 > vader["horrible"]


# ---------------------------------------------------------------- LexiconFeatures


def test_lexicon_features_shapes_on_babe(sample: pd.DataFrame) -> None:
    lf = LexiconFeatures()
    X = lf.fit_transform(sample.text.tolist())
    names = lf.get_feature_names_out()
    assert X.shape == (len(sample), len(names))
    assert np.isfinite(X).all()
    assert len(set(names)) == len(names)
    # one-column array and DataFrame inputs give the same result
    np.testing.assert_array_equal(lf.transform(sample.text.to_numpy()[:, None]), X)
    np.testing.assert_array_equal(lf.transform(sample[["text"]]), X)
    assert lf.transform([]).shape == (0, len(names))
    assert np.isfinite(lf.transform(["", "!!!", "“”"])).all()


def test_lexicon_features_without_babe_words(sample: pd.DataFrame) -> None:
    full = LexiconFeatures().fit(sample.text)
    lean = LexiconFeatures(include_babe_words=False).fit(sample.text)
    names = list(lean.get_feature_names_out())
    assert not any(n.startswith("babe_bias_words") for n in names)
    assert len(names) == len(full.get_feature_names_out()) - 2
    cols = [list(full.get_feature_names_out()).index(n) for n in names]
    np.testing.assert_allclose(lean.transform(sample.text), full.transform(sample.text)[:, cols])


def _features(sentences: list[str], **params) -> pd.DataFrame:
    lf = LexiconFeatures(**params).fit(sentences)
    return pd.DataFrame(lf.transform(sentences), columns=lf.get_feature_names_out())


def test_lexicon_features_direction() -> None:
    f = _features(
        [
            "Critics slammed the radical plan as a disastrous, shameful betrayal!",
            "The committee met on Tuesday to discuss the budget for next year.",
            "It is perhaps possible that the figures might suggest a small decline.",
            '"We will win," he said, calling it "the best deal ever."',
        ]
    )
    loaded, plain, hedged, quoted = range(4)
    assert f.bias_lexicon_log_count[loaded] > f.bias_lexicon_log_count[plain]
    assert f.negative_words_ratio[loaded] > f.negative_words_ratio[plain]
    assert f.mpqa_strong_ratio[loaded] > f.mpqa_strong_ratio[plain]
    assert f.vader_neg_log_sum[loaded] > f.vader_neg_log_sum[plain] == 0
    assert f.vader_compound[loaded] < 0
    assert f.log_exclamation[loaded] > 0 == f.log_exclamation[plain]
    assert f.hedges_log_count[hedged] > f.hedges_log_count[plain] == 0
    assert f.quoted_char_fraction[quoted] > 0.5 and f.quoted_char_fraction[plain] == 0
    assert f.superlative_ratio[quoted] > 0 and f.report_verbs_log_count[quoted] > 0
    assert f.first_second_person_ratio[quoted] > 0


def test_inflections_match_base_forms() -> None:
    sentence = ["Opponents slammed and attacked the proposals."]
    with_infl = _features(sentence).iloc[0]
    without = _features(sentence, inflections=False).iloc[0]
    assert with_infl.bias_lexicon_log_count > without.bias_lexicon_log_count


def test_lexicon_features_on_real_babe_labels(babe: pd.DataFrame) -> None:
    """Biased BABE sentences carry more subjective / negative vocabulary."""
    f = _features(babe.text.tolist(), include_babe_words=False)
    biased = f[babe.label.to_numpy() == 1].mean()
    neutral = f[babe.label.to_numpy() == 0].mean()
    assert biased.mpqa_strong_ratio > neutral.mpqa_strong_ratio
    assert biased.negative_words_ratio > neutral.negative_words_ratio
    assert biased.superlative_ratio >= 0 and biased.log_exclamation >= neutral.log_exclamation
    assert biased.vader_mean_abs > neutral.vader_mean_abs


def test_lexicon_features_rejects_bad_input() -> None:
    lf = LexiconFeatures().fit(["A sentence."])
    with pytest.raises(ValueError, match="single string"):
        lf.transform("A sentence.")
    with pytest.raises(ValueError, match="str sentences"):
        lf.transform([1.5])
    with pytest.raises(ValueError, match="one text column"):
        lf.transform(np.array([["a", "b"]], dtype=object))


# ---------------------------------------------------------------- estimator contract


def test_clone_and_params() -> None:
    lf = LexiconFeatures(include_babe_words=False)
    assert lf.get_params() == {"include_babe_words": False, "inflections": True}
    twin = clone(lf)
    assert twin is not lf and twin.get_params() == lf.get_params()
    assert not hasattr(twin, "feature_names_out_")
    assert lf.set_params(inflections=False).inflections is False


@pytest.mark.parametrize(
    "check",
    [
        check_parameters_default_constructible,
        check_no_attributes_set_in_init,
        check_get_params_invariance,
        check_set_params,
    ],
)
def test_lexicon_features_sklearn_checks(check) -> None:
    """The sklearn checks that do not feed numeric arrays.

    The remaining ``check_estimator`` checks fit on random float matrices,
    which a transformer of sentences cannot accept; the tests above cover
    fit/transform shapes, clone and input validation on real text instead.
    """
    check("LexiconFeatures", LexiconFeatures())


def test_lexicon_features_in_grid_search(sample: pd.DataFrame) -> None:
    pipe = make_sentence_pipeline()
    assert isinstance(pipe, Pipeline)
    assert not hasattr(pipe, "classes_")
    names = [k for k in pipe.get_params() if k.endswith("include_babe_words")]
    assert names, "the default pipeline should expose the lexicon switch"
    search = GridSearchCV(pipe, {names[0]: [True, False]}, cv=2, scoring="f1_macro")
    search.fit(sample.text, sample.label)
    assert set(search.cv_results_["param_" + names[0]]) == {True, False}
    proba = search.predict_proba(sample.text[:5])
    assert proba.shape == (5, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


# ---------------------------------------------------------------- EmbeddingFeatures


def test_word_vectors_table() -> None:
    from framing.features import load_word_vectors

    index, vectors, weights = load_word_vectors()
    assert load_word_vectors()[1] is vectors  # cached
    assert vectors.dtype == weights.dtype == np.float32
    assert vectors.shape == (len(index), vectors.shape[1]) and vectors.shape[1] >= 64
    assert weights.shape == (len(index),)
    assert 20_000 <= len(index) <= 60_000
    assert np.isfinite(vectors).all() and ((weights > 0) & (weights <= 1)).all()
    for word in ("the", "senator", "slammed", "radical", "immigrants", "don't"):
        assert word in index
    assert all(w == w.lower() for w in list(index)[:1000])
    # SIF: function words count far less than content words
    assert weights[index["the"]] < 0.1 < 0.9 < weights[index["slammed"]]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_embedding_features_shapes_and_meaning(sample: pd.DataFrame) -> None:
    from framing.features import EmbeddingFeatures

    ef = EmbeddingFeatures().fit(sample.text)
    X = ef.transform(sample.text)
    assert X.shape == (len(sample), ef.n_dims_) and X.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(ef.transform(sample[["text"]]), X)
    assert len(ef.get_feature_names_out()) == X.shape[1]
    empty = ef.transform(["", "!!!", "1999"])
    assert not empty.any()
    assert ef.transform([]).shape == (0, ef.n_dims_)
    a, b, c = ef.transform(
        [
            "The senator slammed the radical immigration plan.",
            "A lawmaker attacked the extreme proposal on migrants.",
            "Light rain is expected in the mountains on Sunday.",
        ]
    )
    assert _cos(a, b) > _cos(a, c) + 0.1
    both = EmbeddingFeatures(max_pool=True, pooling="mean").fit_transform(sample.text[:10])
    assert both.shape == (10, 2 * ef.n_dims_)
    raw = EmbeddingFeatures(normalize=False).fit_transform(["Critics slammed it."])
    assert np.linalg.norm(raw) > 0


def test_embedding_features_contract() -> None:
    from framing.features import EmbeddingFeatures

    ef = EmbeddingFeatures(max_pool=True)
    assert ef.get_params() == {"pooling": "sif", "max_pool": True, "normalize": True}
    assert not hasattr(clone(ef), "n_dims_")
    with pytest.raises(ValueError, match="pooling"):
        EmbeddingFeatures(pooling="median").fit(["A sentence."])
    with pytest.raises(ValueError, match="single string"):
        EmbeddingFeatures().fit(["A sentence."]).transform("A sentence.")
    for check in (
        check_parameters_default_constructible,
        check_no_attributes_set_in_init,
        check_get_params_invariance,
        check_set_params,
    ):
        check("EmbeddingFeatures", EmbeddingFeatures())


def test_embedding_features_in_pipeline(babe: pd.DataFrame) -> None:
    """Embedding-only logistic regression beats chance on held-out BABE sentences."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    from framing.features import EmbeddingFeatures

    train, test = babe.iloc[::2], babe.iloc[1::2]
    pipe = Pipeline(
        [("embed", EmbeddingFeatures()), ("lr", LogisticRegression(solver="liblinear"))]
    ).fit(train.text, train.label)
    assert f1_score(test.label, pipe.predict(test.text), average="macro") > 0.65
