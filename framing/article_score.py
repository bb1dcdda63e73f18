"""The article score: a small monotone model over the sub-scores and article features.

The framing score of an article is ``sigmoid(intercept + sum of contributions)``, where each
feature's contribution is ``weight * (value - mean) / scale``. The features are the four
sub-scores, the density of loaded terms in the outlet's own voice by kind, the density of
quoted loaded terms, the share of loaded terms that are the outlet's own, and the attribution
profile (how much is attributed, to which kinds of source, in which form). Every feature is
computed from evidence listed in the same :class:`~framing.scoring.ArticleAnalysis`, and the
analysis keeps each contribution (``score_evidence``), so a reader can recompute the number.

The weights are learned (:func:`fit_article_score`, ``python train.py --only article_score``):
logistic regression of "the outlet is rated left or right" against "rated center" (AllSides
ratings of Article-Bias-Prediction outlets), classes balanced, with the weights of the framing
features (sub-scores and loaded-term densities) held at zero or above so the score can only rise
with more loaded language, more slanted sentences, more slanted attribution and more unattributed
claims. A score of 0.5 is an article whose evidence is as typical of partisan outlets as of
center ones. Stored as the ``article_score`` component of a model directory; a model without
it falls back to the fixed weights of :data:`framing.scoring.SUBSCORE_WEIGHTS`.

The signed variant (:data:`SIGNED_FEATURES`, :data:`SIGNS`) adds term-group densities and the
naming of actors, holds every weight to a declared sign with a lasso, and shrinks toward the
fixed weights (``prior``); fitted and measured by :mod:`framing.score_training`
(``select_signed``, ``nested_signed_oof``) and ``bench/validity.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

__all__ = [
    "ArticleScore",
    "FEATURES",
    "FEATURE_SETS",
    "MONOTONE",
    "SIGNS",
    "SIGNED_FEATURES",
    "TERM_GROUPS",
    "TERM_KINDS",
    "article_features",
    "fit_article_score",
]

#: Loaded-term categories as the article score groups them (other categories count as "other").
TERM_KINDS: dict[str, str] = {
    "label": "label",
    "dysphemism": "dysphemism",
    "euphemism": "euphemism",
    "emotive": "emotive",
    "intensifier": "intensifier",
    "loaded_verb": "loaded_verb",
    "partisan": "partisan",
    "hedge_doubt": "hedge_doubt",
    "so_called": "distancing",
    "scare_quote": "distancing",
    "model": "tagger",
}
_KINDS = tuple(dict.fromkeys([*TERM_KINDS.values(), "other"]))
_SUBSCORES = ("loaded_language", "biased_sentences", "attribution", "unattributed_claims")
_ATTRIBUTION = (
    "attributions_per_1k_words",
    "direct_share",
    "source_entropy",
    "share_source_anonymous",
    "share_source_official",
    "share_source_expert",
    "share_source_person",
    "share_source_organization",
    "share_source_media",
    "share_stance_assertive",
    "share_stance_doubt",
    "share_stance_loaded",
)
#: Term kinds grouped by what the choice does: names and characterises (labels, dysphemisms,
#: euphemisms, partisan words), carries feeling (emotive words, intensifiers, loaded verbs),
#: puts distance or doubt (so-called, scare quotes, hedges), or is the tagger's.
TERM_GROUPS: dict[str, tuple[str, ...]] = {
    "naming": ("label", "dysphemism", "euphemism", "partisan"),
    "emotive": ("emotive", "intensifier", "loaded_verb"),
    "doubt": ("distancing", "hedge_doubt"),
}
_GROUPS = tuple(f"authorial_{g}_terms_per_100w" for g in TERM_GROUPS)
#: How the outlet's own voice names the article's actors: the share of actors named with a
#: loaded term outside quotation, and how far from neutral the sentiment toward them is.
_NAMING = ("actors_named_loaded_share", "actor_sentiment_polarity")
#: The features of the article score, in order.
FEATURES: tuple[str, ...] = (
    *_SUBSCORES,
    *(f"authorial_{k}_per_100w" for k in _KINDS),
    "quoted_loaded_per_100w",
    "authorial_share_of_loaded",
    *_ATTRIBUTION,
    *_GROUPS,
    *_NAMING,
)
#: The signed features: each weight is held to its sign (+1: the score can only rise with
#: the feature, -1: only fall), so a feature the data contradict gets weight 0 and every
#: contribution reads one way. +1: more loaded language in the outlet's voice, more slanted
#: sentences and attribution verbs, more unattributed claims, more anonymous sources, actors
#: named with loaded terms, sentiment toward actors; -1: more attributions per word, sources
#: more varied, more official sources (the wire-report profile).
SIGNS: dict[str, int] = {
    **dict.fromkeys(_SUBSCORES, 1),
    **dict.fromkeys(_GROUPS, 1),
    "authorial_tagger_per_100w": 1,
    "authorial_share_of_loaded": 1,
    "share_source_anonymous": 1,
    "share_stance_loaded": 1,
    "attributions_per_1k_words": -1,
    "source_entropy": -1,
    "share_source_official": -1,
    **dict.fromkeys(_NAMING, 1),
}
#: The signed score's features (:func:`framing.score_training.select_signed`), in order.
SIGNED_FEATURES: tuple[str, ...] = tuple(f for f in FEATURES if f in SIGNS)
#: The feature sets the shipped recipe chooses among (by outlet-grouped cross-validation).
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "subscores": _SUBSCORES,
    "subscores+loaded_terms": tuple(
        f for f in FEATURES if f in _SUBSCORES or f.endswith("_per_100w") or "share_of" in f
    ),
    "all": FEATURES[: FEATURES.index(_GROUPS[0])],
}
#: Features whose weight is held at zero or above (the score never falls as they rise).
MONOTONE: frozenset[str] = frozenset(
    [*_SUBSCORES, *(f"authorial_{k}_per_100w" for k in _KINDS), "authorial_share_of_loaded"]
)


class _Term(Protocol):
    category: str
    quoted: bool
    confidence: float


def _naming(actors: Iterable[Any], terms: Sequence[_Term]) -> dict[str, float]:
    """:data:`_NAMING` of an article's actors (:class:`~framing.actors.Actor` or its JSON
    dict): an actor is named with a loaded term when one of its ``loaded_terms`` (indices into
    ``terms``) is outside quotation; the polarity is 1 - P(neutral) of the sentiment toward
    each actor, averaged with each actor weighted by its mentions."""
    n = named = 0
    polar = weight = 0.0
    for a in actors:
        get = a.get if isinstance(a, Mapping) else lambda k, a=a: getattr(a, k)
        n += 1
        idx = [i for i in get("loaded_terms") if 0 <= i < len(terms)]
        named += any(not terms[i].quoted for i in idx)
        sent, m = get("sentiment") or {}, len(get("mentions") or ())
        if sent and m:
            polar += m * (1.0 - float(sent.get("neutral", 1.0)))
            weight += m
    return {
        "actors_named_loaded_share": named / n if n else 0.0,
        "actor_sentiment_polarity": polar / weight if weight else 0.0,
    }


def article_features(
    subscores: Mapping[str, float],
    terms: Iterable[_Term],
    signals: Mapping[str, float],
    n_words: int,
    actors: Iterable[Any] = (),
) -> dict[str, float]:
    """The article-score features of one analysed article (see :data:`FEATURES`); ``actors``
    (whose ``loaded_terms`` index into ``terms``) give the naming features."""
    terms = list(terms)
    feats = {k: float(subscores.get(k, 0.0)) for k in _SUBSCORES}
    authorial = dict.fromkeys(_KINDS, 0.0)
    quoted = 0.0
    for t in terms:
        if t.quoted:
            quoted += t.confidence
        else:
            authorial[TERM_KINDS.get(t.category, "other")] += t.confidence
    per = 100.0 / n_words if n_words else 0.0
    for k in _KINDS:
        feats[f"authorial_{k}_per_100w"] = authorial[k] * per
    feats["quoted_loaded_per_100w"] = quoted * per
    total = sum(authorial.values()) + quoted
    feats["authorial_share_of_loaded"] = sum(authorial.values()) / total if total else 0.0
    for k in _ATTRIBUTION:
        feats[k] = float(signals.get(k, 0.0))
    for g, kinds in TERM_GROUPS.items():
        feats[f"authorial_{g}_terms_per_100w"] = sum(authorial[k] for k in kinds) * per
    feats.update(_naming(actors, terms))
    return feats


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@dataclass
class ArticleScore:
    """A fitted article score: ``sigmoid(intercept + sum(weight * (x - mean) / scale))``."""

    features: tuple[str, ...]
    weights: dict[str, float]
    means: dict[str, float]
    scales: dict[str, float]
    intercept: float
    info: dict[str, Any] = field(default_factory=dict)

    def contributions(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Each feature's contribution to the logit (zero-weight features left out)."""
        out = {}
        for k in self.features:
            w = self.weights[k]
            if w:
                out[k] = w * (float(feats.get(k, 0.0)) - self.means[k]) / self.scales[k]
        return out

    def score(self, feats: Mapping[str, float]) -> tuple[float, dict[str, Any]]:
        """The score in 0..1 and its evidence (features, contributions, intercept)."""
        contrib = self.contributions(feats)
        value = _sigmoid(self.intercept + sum(contrib.values()))
        evidence = {
            "method": "article_score",
            "intercept": round(self.intercept, 4),
            "contributions": {k: round(v, 4) for k, v in contrib.items()},
            "features": {k: round(float(feats.get(k, 0.0)), 4) for k in self.features},
        }
        return value, evidence

    def score_many(self, rows: Sequence[Mapping[str, float]] | np.ndarray) -> np.ndarray:
        """Scores of many feature dicts, or of a matrix whose columns are ``features``
        (no evidence)."""
        X = _matrix(rows, self.features)
        z = (X - _vec(self.means, self.features)) / _vec(self.scales, self.features)
        logit = self.intercept + z @ _vec(self.weights, self.features)
        return 1.0 / (1.0 + np.exp(-logit))


def _vec(d: Mapping[str, float], keys: Sequence[str]) -> np.ndarray:
    return np.array([d[k] for k in keys], dtype=float)


def _matrix(rows: Any, features: Sequence[str]) -> np.ndarray:
    """Feature dicts as a matrix, columns in ``features`` order (an array is taken as such a
    matrix already)."""
    if isinstance(rows, np.ndarray):
        return rows.astype(float, copy=False)
    return np.array([[float(r.get(k, 0.0)) for k in features] for r in rows], dtype=float)


def fit_article_score(
    rows: Sequence[Mapping[str, float]],
    y: Sequence[int],
    *,
    C: float = 1.0,
    features: Sequence[str] = FEATURES,
    monotone: frozenset[str] = MONOTONE,
    info: dict[str, Any] | None = None,
    sentence_rows: Sequence[Mapping[str, float]] = (),
    sentence_share: Sequence[float] = (),
    sentence_weight: float = 0.0,
    signs: Mapping[str, int] | None = None,
    l1: float = 0.0,
    prior: Mapping[str, float] | None = None,
    _free: str | None = None,
) -> ArticleScore:
    """Fit the article score: L2 logistic regression (inverse strength ``C``) on
    standardised features, classes weighted to balance, the ``monotone`` features'
    weights bounded below by 0 (L-BFGS-B). ``y`` is 1 for partisan, 0 for center.

    With ``signs`` (feature -> +1 or -1, e.g. :data:`SIGNS`), every weight is held to its
    feature's sign instead (a feature not in ``signs`` is free), and ``l1`` adds a lasso
    penalty of ``l1`` per outlet-labelled row on the signed weights' sizes (smooth, since
    each signed weight's size is ``sign * weight``): a larger ``l1`` leaves fewer features.

    With ``prior`` (feature -> weight on the raw features, e.g. the fixed sub-score weights),
    the fit shrinks toward the prior's direction instead of toward zero: the prior mix
    ``sum(prior[k] * x[k])`` is one more column, with a weight >= 0 that is not penalised,
    and every feature's own weight (penalised by ``C`` and ``l1``, held to its sign) adds to
    it. Strong penalties give the prior's ranking back; the mix column is folded into the
    features' weights afterwards (it is linear in them), so the fitted score has the same
    form either way.

    With ``sentence_weight`` > 0, the same weights also fit a second set of articles
    (``sentence_rows``, e.g. BABE's, standardised as ``rows``) whose target is the share
    of their sentences that annotators labelled biased (``sentence_share``, a soft label
    in 0..1, with its own intercept): the loss is the outlet-rating loss plus
    ``sentence_weight`` times that cross-entropy, scaled to the same total weight as
    ``rows`` (1: both count alike). ``sentence_weight=0`` is the outlet-only fit."""
    from scipy.optimize import minimize

    features = tuple(features)
    if prior is not None:
        cols = tuple(features) + ("__prior_mix__",)
        mix = np.array([float(prior.get(f, 0.0)) for f in features])
        X0 = _matrix(rows, features)
        S0 = _matrix(sentence_rows, features) if len(sentence_rows) else np.zeros((0, len(mix)))
        fitted = fit_article_score(
            np.column_stack([X0, X0 @ mix]),
            y,
            C=C,
            features=cols,
            monotone=frozenset([*monotone, cols[-1]]),
            sentence_rows=np.column_stack([S0, S0 @ mix]),
            sentence_share=sentence_share,
            sentence_weight=sentence_weight,
            signs=None if signs is None else {**signs, cols[-1]: 1},
            l1=l1,
            _free=cols[-1],
        )
        w_mix, s_mix = fitted.weights[cols[-1]], fitted.scales[cols[-1]]
        weights = {
            f: round(fitted.weights[f] + w_mix * mix[i] * fitted.scales[f] / s_mix, 6)
            for i, f in enumerate(features)
        }
        return ArticleScore(
            features=features,
            weights=weights,
            means={f: fitted.means[f] for f in features},
            scales={f: fitted.scales[f] for f in features},
            intercept=fitted.intercept,
            info=dict(info or {}),
        )
    X = _matrix(rows, features)
    y_arr = np.asarray(y, dtype=float)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    n_pos, n_neg = y_arr.sum(), len(y_arr) - y_arr.sum()
    sw = np.where(y_arr == 1, len(y_arr) / (2 * n_pos), len(y_arr) / (2 * n_neg))
    joint = sentence_weight > 0 and len(sentence_rows) > 0
    if joint:
        Zs = (_matrix(sentence_rows, features) - mean) / scale
        t = np.asarray(sentence_share, dtype=float)
        ws = sentence_weight * len(y_arr) / len(t)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, b2, w = theta[0], theta[1], theta[2:]
        logit = b + Z @ w
        p = 1.0 / (1.0 + np.exp(-logit))
        ll = sw * (np.logaddexp(0, logit) - y_arr * logit)
        g = sw * (p - y_arr)
        value = ll.sum() + 0.5 * (w @ (w * pen)) / C + lasso @ w
        grad_w = Z.T @ g + w * pen / C + lasso
        g2 = 0.0
        if joint:
            logit_s = b2 + Zs @ w
            ps = 1.0 / (1.0 + np.exp(-logit_s))
            value += ws * (np.logaddexp(0, logit_s) - t * logit_s).sum()
            gs = ws * (ps - t)
            grad_w = grad_w + Zs.T @ gs
            g2 = gs.sum()
        return float(value), np.concatenate([[g.sum(), g2], grad_w])

    if signs is not None:
        sign = np.array([float(signs.get(f, 0)) for f in features])
        lasso = l1 * len(y_arr) * sign
        box = {1.0: (0.0, None), -1.0: (None, 0.0), 0.0: (None, None)}
        bounds_w = [box[v] for v in sign]
    else:
        lasso = np.zeros(len(features))
        bounds_w = [(0.0, None) if f in monotone else (None, None) for f in features]
    pen = np.array([0.0 if f == _free else 1.0 for f in features])
    lasso = lasso * pen
    bounds = [(None, None), (None, None) if joint else (0.0, 0.0), *bounds_w]
    res = minimize(loss, np.zeros(len(features) + 2), jac=True, method="L-BFGS-B", bounds=bounds)
    b, w = float(res.x[0]), res.x[2:]
    return ArticleScore(
        features=features,
        weights={f: round(float(v), 6) for f, v in zip(features, w, strict=True)},
        means={f: float(v) for f, v in zip(features, mean, strict=True)},
        scales={f: float(v) for f, v in zip(features, scale, strict=True)},
        intercept=round(b, 6),
        info=dict(info or {}),
    )
