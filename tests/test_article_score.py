"""The article score: fitting keeps the framing features' weights at zero or above, the score
is recomputed from its evidence, and the shipped component is what analyze uses."""

from __future__ import annotations

import math

import numpy as np
import pytest

import framing
from framing.article_score import FEATURES, MONOTONE, fit_article_score


def _rows(n: int, seed: int = 0) -> tuple[list[dict], np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    rows = []
    for label in y:
        r = dict.fromkeys(FEATURES, 0.0)
        r["loaded_language"] = 0.3 + 0.2 * label + rng.normal(0, 0.1)  # rises with y
        r["unattributed_claims"] = 0.3 - 0.2 * label + rng.normal(0, 0.1)  # falls with y
        r["direct_share"] = 0.5 - 0.3 * label + rng.normal(0, 0.1)  # free sign
        rows.append(r)
    return rows, y


def test_monotone_weights_are_never_negative():
    rows, y = _rows(400)
    m = fit_article_score(rows, y, C=1.0)
    assert "unattributed_claims" in MONOTONE and "direct_share" not in MONOTONE
    assert m.weights["loaded_language"] > 0.5
    assert m.weights["unattributed_claims"] == 0.0  # would be negative without the bound
    assert m.weights["direct_share"] < -0.5
    s = m.score_many(rows)
    assert ((s > 0) & (s < 1)).all() and s[y == 1].mean() > s[y == 0].mean() + 0.2


def test_score_equals_sigmoid_of_its_contributions():
    rows, y = _rows(200, seed=1)
    m = fit_article_score(rows, y, C=0.1)
    value, ev = m.score(rows[0])
    logit = ev["intercept"] + sum(ev["contributions"].values())
    assert value == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)
    assert value == pytest.approx(float(m.score_many(rows[:1])[0]), abs=1e-9)


def test_analyze_reports_the_evidence_of_the_shipped_score():
    a = framing.analyze(
        "Critics called the brutal crackdown a shameful massacre, and the regime's thugs "
        "opened fire on peaceful protesters, witnesses said."
    )
    ev = a.score_evidence
    assert ev["method"] in ("article_score", "fixed_weights")
    if ev["method"] == "article_score":
        logit = ev["intercept"] + sum(ev["contributions"].values())
        assert a.framing_score == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)
        info = framing.load_model().meta["components"]["article_score"]
        assert set(ev["features"]) == set(info["features"])


def test_sentence_labels_pull_the_weights_towards_what_annotators_marked():
    """Fitted on outlet ratings alone, the score leans on the feature that separates the
    outlets; with articles whose target is their share of biased sentences (which follows
    another feature), the joint fit gives that feature more weight, and weight 0 is the
    outlet-only fit."""
    rows, y = _rows(400)
    rng = np.random.default_rng(3)
    s_rows, share = [], []
    for _ in range(200):
        r = dict.fromkeys(FEATURES, 0.0)
        r["biased_sentences"] = rng.uniform(0, 1)
        r["loaded_language"] = rng.normal(0.4, 0.1)
        s_rows.append(r)
        share.append(min(1.0, max(0.0, r["biased_sentences"] + rng.normal(0, 0.05))))
    for r in rows:
        r["biased_sentences"] = rng.normal(0.4, 0.1)  # says nothing about the outlet
    alone = fit_article_score(rows, y, C=1.0)
    zero = fit_article_score(rows, y, C=1.0, sentence_rows=s_rows, sentence_share=share)
    joint = fit_article_score(
        rows, y, C=1.0, sentence_rows=s_rows, sentence_share=share, sentence_weight=1.0
    )
    assert zero.weights == alone.weights
    assert joint.weights["biased_sentences"] > alone.weights["biased_sentences"] + 0.2
    assert joint.weights["loaded_language"] > 0.3  # still the outlets' feature
    assert min(joint.weights[f] for f in MONOTONE) >= 0.0


def test_outlet_families_join_spellings_across_data_sets():
    from framing.score_training import family_folds, outlet_family

    assert {
        outlet_family(o)
        for o in ("Fox News", "Fox News (Online)", "Fox Online News", "Fox News Opinion")
    } == {"fox"}
    assert outlet_family("New York Times - Opinion") == outlet_family("New York Times") != "new"
    assert outlet_family("The Federalist") == outlet_family("Federalist")
    a = ["Fox News", "Reuters", "Vox", "CNN (Online News)", "Breitbart News", "NPR"]
    b = ["Fox News", "Breitbart", "CNN", "Reuters", "Alternet"]
    fa, fb = family_folds(a, b, n_folds=3)
    fold = dict(zip(map(outlet_family, a), fa, strict=True))
    assert all(fold.get(outlet_family(o), f) == f for o, f in zip(b, fb, strict=True))


def test_signed_weights_keep_their_sign_and_the_lasso_leaves_fewer():
    """A feature whose data go against its declared sign gets weight 0 (attributions per
    1k words are declared to lower the score; here they rise with the label); one that
    goes with it keeps its sign; a stronger lasso zeroes more weights."""
    from framing.article_score import SIGNS

    rows, y = _rows(400)
    rng = np.random.default_rng(5)
    for r, label in zip(rows, y, strict=True):
        r["attributions_per_1k_words"] = 10 + 5 * label + rng.normal(0, 2)  # against -1
        r["source_entropy"] = 2.0 - 0.5 * label + rng.normal(0, 0.3)  # with -1
        r["actor_sentiment_polarity"] = rng.uniform(0, 1)  # noise
    feats = (
        "loaded_language",
        "attributions_per_1k_words",
        "source_entropy",
        "actor_sentiment_polarity",
    )
    loose = fit_article_score(rows, y, C=1.0, features=feats, signs=SIGNS)
    assert SIGNS["attributions_per_1k_words"] == -1 and SIGNS["source_entropy"] == -1
    assert loose.weights["attributions_per_1k_words"] == 0.0
    assert loose.weights["source_entropy"] < -0.3 and loose.weights["loaded_language"] > 0.3
    tight = fit_article_score(rows, y, C=1.0, features=feats, signs=SIGNS, l1=0.1)
    assert sum(bool(w) for w in tight.weights.values()) < sum(
        bool(w) for w in loose.weights.values()
    )
    assert tight.weights["loaded_language"] > 0


def test_a_prior_mix_is_what_strong_penalties_give_back():
    """Shrunk toward the fixed sub-score weights, a heavily penalised fit ranks articles as
    the fixed mix does, and the fitted score keeps the plain form (no extra feature)."""
    from scipy.stats import spearmanr

    from framing.article_score import SIGNS
    from framing.subscores import SUBSCORE_WEIGHTS

    rows, y = _rows(300, seed=2)
    rng = np.random.default_rng(2)
    for r in rows:
        r["biased_sentences"], r["attribution"] = rng.uniform(0, 1, 2)
    feats = (*SUBSCORE_WEIGHTS, "source_entropy")
    m = fit_article_score(
        rows, y, C=1e-6, l1=10.0, features=feats, signs=SIGNS, prior=SUBSCORE_WEIGHTS
    )
    assert m.features == feats
    fixed = [sum(w * r[k] for k, w in SUBSCORE_WEIGHTS.items()) for r in rows]
    assert spearmanr(m.score_many(rows), fixed).statistic > 0.999
    free = fit_article_score(rows, y, C=1.0, features=feats, signs=SIGNS, prior=SUBSCORE_WEIGHTS)
    assert spearmanr(free.score_many(rows), fixed).statistic < 0.99
    value, ev = free.score(rows[0])
    logit = ev["intercept"] + sum(ev["contributions"].values())
    assert value == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)


def test_naming_features_count_the_outlets_own_loaded_names_only():
    """An actor the article itself calls 'thugs' is named with a loaded term; the same word
    inside a quotation is the source's naming, not the outlet's."""
    from framing.score_training import features_of

    own = framing.analyze("Police said the thugs who attacked the shop were arrested on Monday.")
    quoted = framing.analyze(
        'Police said "the thugs who attacked the shop were arrested" on Monday.'
    )
    plain = framing.analyze("Police said the men who attacked the shop were arrested on Monday.")
    f_own, f_quoted, f_plain = (features_of(a.to_dict()) for a in (own, quoted, plain))
    assert f_own["actors_named_loaded_share"] == pytest.approx(0.5)  # police, thugs
    assert f_quoted["actors_named_loaded_share"] == 0.0
    assert f_plain["actors_named_loaded_share"] == 0.0
    assert (
        f_own["authorial_naming_terms_per_100w"] > 0 == f_quoted["authorial_naming_terms_per_100w"]
    )
    assert 0 < f_own["actor_sentiment_polarity"] < 1


def test_a_signed_score_shows_each_features_contribution_in_the_evidence():
    """With an article score over the signed features, analyze's evidence lists the naming
    features and their contributions, computed from the article's own actors."""
    from framing.article_score import SIGNED_FEATURES, SIGNS
    from framing.scoring import _framing_score

    rows, y = _rows(300, seed=4)
    rng = np.random.default_rng(4)
    for r, label in zip(rows, y, strict=True):
        r["actors_named_loaded_share"] = 0.3 * label + rng.uniform(0, 0.3)
    score = fit_article_score(rows, y, C=1.0, features=SIGNED_FEATURES, signs=SIGNS)
    assert score.weights["actors_named_loaded_share"] > 0

    class _Model:
        def component(self, name):
            return score if name == "article_score" else None

    a = framing.analyze("Police said the thugs who attacked the shop were arrested on Monday.")
    value, ev = _framing_score(
        _Model(), a.subscores, a.loaded_terms, a.signals, a.n_words, a.actors
    )
    assert ev["features"]["actors_named_loaded_share"] == pytest.approx(0.5)
    assert ev["contributions"]["actors_named_loaded_share"] > 0
    logit = ev["intercept"] + sum(ev["contributions"].values())
    assert value == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-3)

    # the text and HTML views show every contribution (they showed the fixed weights)
    from dataclasses import replace

    from framing.report import article_fragment, render_text

    b = replace(a, framing_score=round(value, 4), score_evidence=ev)
    text = " ".join(render_text(b).split())
    c = ev["contributions"]["actors_named_loaded_share"]
    assert f"{c:+.2f} actors_named_loaded_share (0.5)" in text
    assert f"sigmoid({ev['intercept']:+.2f} intercept" in text
    html = article_fragment(b)
    assert f"<code>actors_named_loaded_share</code> 0.5: {c:+.3f}" in html
    assert "weight 0.35" not in html and "weighted mean" not in html
    assert "weight 0.35" in article_fragment(a) and "sigmoid(" not in render_text(a)


@pytest.mark.slow
def test_the_signed_selection_finds_a_gain_over_the_fixed_weights_when_there_is_one():
    """The machinery can beat the fixed weights: when the outlets' label and the BABE-like
    share both follow an article feature the fixed weights ignore, the chosen candidate
    gains on every measure and the nested out-of-fold scores beat the fixed mix."""
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    from framing.article_score import SIGNED_FEATURES
    from framing.score_training import family_folds, nested_signed_oof, outlet_rho, select_signed
    from framing.subscores import SUBSCORE_WEIGHTS

    rng = np.random.default_rng(7)
    outlets = [f"outlet{i // 12}" for i in range(480)]
    y = np.array([int(o[6:]) % 2 for o in outlets])
    rows = []
    for label in y:
        r = dict.fromkeys(SIGNED_FEATURES, 0.0)
        for k in SUBSCORE_WEIGHTS:
            r[k] = rng.uniform(0, 1)
        r["actors_named_loaded_share"] = 0.4 * label + rng.uniform(0, 0.6)
        rows.append(r)
    b_out = [f"babe{i // 20}" for i in range(200)]
    b_rows, share = [], []
    for _ in range(200):
        r = dict.fromkeys(SIGNED_FEATURES, 0.0)
        for k in SUBSCORE_WEIGHTS:
            r[k] = rng.uniform(0, 1)
        r["actors_named_loaded_share"] = rng.uniform(0, 1)
        b_rows.append(r)
        share.append(0.2 * r["biased_sentences"] + 0.6 * r["actors_named_loaded_share"])
    share = np.array(share)
    fa, fb = family_folds(outlets, b_out)
    A = np.array([[r[f] for f in SIGNED_FEATURES] for r in rows])
    B = np.array([[r[f] for f in SIGNED_FEATURES] for r in b_rows])
    _, figures = select_signed(A, y, fa, outlets, B, share, fb)
    assert max(f["min_gain"] for f in figures.values()) > 0.05
    a, b, _ = nested_signed_oof(rows, y, fa, outlets, b_rows, share, fb)
    fixed_a = [sum(w * r[k] for k, w in SUBSCORE_WEIGHTS.items()) for r in rows]
    fixed_b = [sum(w * r[k] for k, w in SUBSCORE_WEIGHTS.items()) for r in b_rows]
    assert roc_auc_score(y, a) > roc_auc_score(y, fixed_a) + 0.1
    assert outlet_rho(a, outlets, y) > outlet_rho(np.array(fixed_a), outlets, y)
    assert spearmanr(b, share).statistic > spearmanr(fixed_b, share).statistic + 0.2
