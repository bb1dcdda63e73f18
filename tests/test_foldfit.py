"""Folds fitted from features read once (framing.foldfit) are the pipeline's own fits: the
same matrices, coefficients, predictions and pickled bytes, on BABE sentences with a user's
plain rows added, with and without sample weights."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from framing.estimator import FramingModel
from framing.features import make_sentence_pipeline
from framing.foldfit import SharedFeatures, shared_features
from framing.training import _stratified_folds, annotated_texts


@pytest.fixture(scope="module")
def rows(babe):
    """700 BABE sentences (with their annotated words) and 60 of them as a user's plain
    rows (a trailing note makes them new sentences), labels flipped for a third."""
    part = babe.sample(n=700, random_state=1).reset_index(drop=True)
    texts = annotated_texts(part)
    extra = [f"{t} (Reported.)" for t in part.text[:60]]
    y = np.concatenate(
        [part.label.to_numpy(), (part.label.to_numpy()[:60] + (np.arange(60) % 3 == 0)) % 2]
    )
    base = np.arange(len(y)) < len(part)
    return texts + extra, y, base


def _fitted(pipeline):
    model = FramingModel(estimator=clone(pipeline))
    model.estimator_, model.classes_ = pipeline, pipeline.classes_
    return model


@pytest.mark.parametrize("weighted", [False, True])
def test_a_fold_from_shared_features_is_the_pipelines_own_fit(rows, weighted):
    texts, y, base = rows
    recipe = make_sentence_pipeline(classifier__random_state=42)
    shared = SharedFeatures(recipe, texts)
    w = np.linspace(0.5, 2.0, len(y)) if weighted else None
    for train, test in _stratified_folds(y, 5, 42, base)[:2]:
        real = clone(recipe)
        union, clf = real.steps[0][1], real.steps[1][1]
        X = union.fit_transform([texts[i] for i in train], y[train])
        clf.fit(X, y[train], **({} if w is None else {"sample_weight": w[train]}))
        fast = shared.fit(train, y[train], None if w is None else w[train])
        matrix = shared.matrix(train, clone(recipe))  # the classifier's input, bit for bit
        assert type(matrix) is type(X) and matrix.dtype == X.dtype and matrix.shape == X.shape
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(matrix, part), getattr(X, part))
        assert np.array_equal(clf.coef_, fast.steps[1][1].coef_)  # bit for bit
        assert np.array_equal(clf.intercept_, fast.steps[1][1].intercept_)
        held_out = [texts[i] for i in test]
        assert np.array_equal(
            _fitted(real).predict_proba(held_out), _fitted(fast).predict_proba(held_out)
        )
        assert pickle.dumps(real, protocol=5) == pickle.dumps(fast, protocol=5)


def test_other_recipes_fit_as_before(rows):
    texts, _, _ = rows
    plain = make_pipeline(TfidfVectorizer(min_df=2), LogisticRegression())
    assert shared_features(lambda: FramingModel(estimator=plain), texts) is None
    pruned = make_sentence_pipeline(features__word__min_df=2)
    assert shared_features(lambda: FramingModel(estimator=pruned), texts) is None
    assert shared_features(lambda: FramingModel(estimator=make_sentence_pipeline()), texts)
