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
