"""Measures of bench/validity.py: AUC with outlet-cluster bootstrap intervals, outlet-level
and BABE article-level rank correlations, and the TF-IDF sentence baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline

SEED = 0


def auc_by_outlet(
    y: np.ndarray, s: np.ndarray, outlets: Sequence[str], n_boot: int
) -> tuple[float, float, float]:
    """AUC of ``s`` for ``y`` and a 95% interval resampling whole outlets (articles of one
    outlet are not independent)."""
    rng = np.random.default_rng(SEED)
    o = np.asarray(outlets)
    names = np.unique(o)
    idx = {n: np.flatnonzero(o == n) for n in names}
    point = float(roc_auc_score(y, s))
    boots = []
    for _ in range(n_boot):
        take = np.concatenate([idx[n] for n in rng.choice(names, len(names))])
        if len(set(y[take])) == 2:
            boots.append(roc_auc_score(y[take], s[take]))
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return point, float(lo), float(hi)


def outlet_correlation(
    s: np.ndarray, outlets: Sequence[str], bias: Sequence[str], min_articles: int, n_boot: int
) -> tuple[float, float, float, int]:
    """Spearman correlation of per-outlet mean scores with the distance of the outlet's
    rating from center (0 center, 1 left or right), over outlets with at least
    ``min_articles``; a 95% interval resampling outlets. Returns (rho, lo, hi, n outlets)."""
    means, dist = [], []
    o, b = np.asarray(outlets), np.asarray(bias)
    for name in np.unique(o):
        m = o == name
        if m.sum() < min_articles:
            continue
        labels, counts = np.unique(b[m], return_counts=True)
        means.append(float(s[m].mean()))
        dist.append(float(labels[np.argmax(counts)] != "center"))
    means_a, dist_a = np.array(means), np.array(dist)
    rho = float(spearmanr(means_a, dist_a).statistic)
    return (
        (*_boot_spearman(means_a, dist_a, n_boot), len(means_a))
        if len(means_a) > 2
        else (
            rho,
            np.nan,
            np.nan,
            len(means_a),
        )
    )


def _boot_spearman(x: np.ndarray, y: np.ndarray, n_boot: int) -> tuple[float, float, float]:
    rng = np.random.default_rng(SEED)
    point = float(spearmanr(x, y).statistic)
    boots = []
    for _ in range(n_boot):
        i = rng.integers(0, len(x), len(x))
        if len(set(y[i])) > 1 and len(set(x[i])) > 1:
            boots.append(spearmanr(x[i], y[i]).statistic)
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return point, float(lo), float(hi)


def spearman_ci(x: np.ndarray, y: np.ndarray, n_boot: int) -> tuple[float, float, float]:
    """Spearman correlation with a 95% interval resampling articles."""
    return _boot_spearman(np.asarray(x, float), np.asarray(y, float), n_boot)


def tfidf_sentence_model() -> Any:
    """The baseline: word uni- and bigram TF-IDF with logistic regression (a plain sentence model)."""
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=1.0, max_iter=2000, random_state=SEED),
    )


def tfidf_oof(texts: Sequence[str], y: Sequence[int], groups: Sequence[str]) -> np.ndarray:
    """Out-of-fold P(biased) of the baseline, folds grouped by ``groups`` (GroupKFold(5))."""
    out = np.zeros(len(texts))
    y_arr, g = np.asarray(y), np.asarray(groups)
    for train, test in GroupKFold(n_splits=5).split(texts, y_arr, g):
        m = tfidf_sentence_model().fit([texts[i] for i in train], y_arr[train])
        out[test] = m.predict_proba([texts[i] for i in test])[:, 1]
    return out


def article_sentence_means(
    model: Any, texts: Sequence[str], analyses: Sequence[dict]
) -> np.ndarray:
    """Mean P(biased) of the baseline over each article's sentences (the analysis's sentence
    spans; furniture is already left out of them)."""
    spans = [[(s["start"], s["end"]) for s in a["sentences"]] for a in analyses]
    flat = [t[s:e] for t, sp in zip(texts, spans, strict=True) for s, e in sp]
    p = model.predict_proba(flat)[:, 1] if flat else np.zeros(0)
    out, k = np.zeros(len(texts)), 0
    for i, sp in enumerate(spans):
        out[i] = float(p[k : k + len(sp)].mean()) if sp else 0.0
        k += len(sp)
    return out


def _interval(boots: list[float], point: float) -> tuple[float, float, float]:
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return float(point), float(lo), float(hi)


def paired_auc(
    y: np.ndarray, a: np.ndarray, b: np.ndarray, outlets: Sequence[str], n_boot: int
) -> tuple[float, float, float]:
    """AUC of ``a`` minus AUC of ``b`` with a 95% interval, both on the same resamples of
    whole outlets."""
    rng = np.random.default_rng(SEED)
    o = np.asarray(outlets)
    names = np.unique(o)
    idx = {n: np.flatnonzero(o == n) for n in names}
    point = roc_auc_score(y, a) - roc_auc_score(y, b)
    boots = []
    for _ in range(n_boot):
        t = np.concatenate([idx[n] for n in rng.choice(names, len(names))])
        if len(set(y[t])) == 2:
            boots.append(roc_auc_score(y[t], a[t]) - roc_auc_score(y[t], b[t]))
    return _interval(boots, point)


def paired_outlet_rho(
    a: np.ndarray,
    b: np.ndarray,
    outlets: Sequence[str],
    bias: Sequence[str],
    min_articles: int,
    n_boot: int,
) -> tuple[float, float, float]:
    """Per-outlet rho (as :func:`outlet_correlation`) of ``a`` minus that of ``b``, 95%
    interval from the same resamples of outlets."""
    o, bb = np.asarray(outlets), np.asarray(bias)
    ma, mb, dist = [], [], []
    for name in np.unique(o):
        m = o == name
        if m.sum() < min_articles:
            continue
        labels, counts = np.unique(bb[m], return_counts=True)
        ma.append(float(a[m].mean()))
        mb.append(float(b[m].mean()))
        dist.append(float(labels[np.argmax(counts)] != "center"))
    return paired_spearman(np.array(ma), np.array(mb), np.array(dist), n_boot)


def paired_spearman(
    a: np.ndarray, b: np.ndarray, target: np.ndarray, n_boot: int
) -> tuple[float, float, float]:
    """Spearman rho of ``a`` with ``target`` minus that of ``b``, 95% interval from the same
    resamples of items."""
    rng = np.random.default_rng(SEED)
    a, b, t = (np.asarray(v, float) for v in (a, b, target))
    point = spearmanr(a, t).statistic - spearmanr(b, t).statistic
    boots = []
    for _ in range(n_boot):
        i = rng.integers(0, len(t), len(t))
        if len(set(t[i])) > 1:
            boots.append(spearmanr(a[i], t[i]).statistic - spearmanr(b[i], t[i]).statistic)
    return _interval(boots, float(point))
