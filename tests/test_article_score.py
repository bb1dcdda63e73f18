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
