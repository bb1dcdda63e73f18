"""Fitting the article score (:mod:`framing.article_score`) on rated outlets' articles.

The data are the Article-Bias-Prediction articles (Baly et al., EMNLP 2020; Apache-2.0) with
their outlet's AllSides rating (left / center / right): ``y = 1`` for a left or right outlet,
``0`` for a center one. Each article is analysed once with :func:`framing.scoring.analyze_many`
and the analysis kept in a cache (JSON Lines, one ``ArticleAnalysis.to_dict()`` per line with
the article's ``meta``), since analysing 6,000 articles takes many minutes of CPU.
``python train.py --only article_score`` and ``python bench/validity.py`` both read it.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from .article_score import FEATURE_SETS, ArticleScore, article_features, fit_article_score
from .errors import InputError
from .model import sha256_file
from .scoring import analyze_many

__all__ = [
    "ABP_DESCRIPTION",
    "C_GRID",
    "N_FOLDS",
    "analysed",
    "features_of",
    "first_per_outlet",
    "PER_OUTLET",
    "fit_shipped_article_score",
    "grouped_oof_scores",
    "select_article_score",
    "load_abp",
]

ABP_DESCRIPTION = (
    "Article-Bias-Prediction (Baly et al., EMNLP 2020), ramybaly/Article-Bias-Prediction @ "
    "ced8111a, 6,000-article sample (abp_sample.jsonl.gz); AllSides outlet ratings; Apache-2.0"
)
#: Inverse regularisation strengths compared by outlet-grouped cross-validation.
C_GRID = (0.001, 0.01, 0.1, 1.0)
#: Folds of the outlet-grouped cross-validation.
N_FOLDS = 5
#: Articles per outlet the article score is fitted on (the first ones in the file): keeps the
#: largest outlets from dominating and bounds the cost of analysing the sample.
PER_OUTLET = 20


def first_per_outlet(records: Sequence[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The first ``n`` records of each outlet, in file order."""
    seen: dict[Any, int] = {}
    out = []
    for r in records:
        k = seen.get(r["outlet"], 0)
        if k < n:
            out.append(r)
        seen[r["outlet"]] = k + 1
    return out


def load_abp(path: str | os.PathLike) -> list[dict[str, Any]]:
    """Articles of an Article-Bias-Prediction JSON Lines file (gzip or not) as records:
    ``id, text`` (``content_original``), ``outlet`` (``source``), ``bias`` (left, center,
    right), ``date``, ``topic``, ``title``."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    opener = gzip.open if p.suffix == ".gz" else open
    out = []
    with opener(p, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out.append(
                    {
                        "id": str(r["id"]),
                        "text": r.get("content_original") or r.get("content") or "",
                        "outlet": r.get("source"),
                        "bias": r.get("bias_text"),
                        "date": r.get("date") or "",
                        "topic": r.get("topic") or "",
                        "title": r.get("title") or "",
                    }
                )
    return out


def analysed(
    records: Sequence[dict[str, Any]],
    cache: str | os.PathLike,
    *,
    batch: int = 20,
    progress: bool = True,
    model: Any = None,
) -> list[dict[str, Any]]:
    """The analysis of each record (``ArticleAnalysis.to_dict()`` plus ``meta``), in order,
    read from the JSON Lines ``cache`` where there and analysed (and appended) where not,
    with ``model`` (default: the user's default model). The cache does not know which code
    or model wrote it: delete it after changing either."""
    cache = Path(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    have: dict[str, dict] = {}
    if cache.is_file():
        with open(cache, encoding="utf-8") as fh:
            for line in fh:
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:  # a line cut short by an interrupted run
                    continue
                have[str(d["id"])] = d
    todo = [r for r in records if str(r["id"]) not in have]
    with open(cache, "a", encoding="utf-8") as fh:
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            results = analyze_many(
                [r["text"] for r in part],
                outlets=[r.get("outlet") for r in part],
                ids=[str(r["id"]) for r in part],
                model=model,
            )
            for r, a in zip(part, results, strict=True):
                d = a.to_dict()
                d["meta"] = {k: v for k, v in r.items() if k != "text"}
                have[d["id"]] = d
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            fh.flush()
            if progress:
                print(
                    f"\r{cache.name}: {i + len(part)}/{len(todo)} analysed", end="", file=sys.stderr
                )
    if todo and progress:
        print(file=sys.stderr)
    return [have[str(r["id"])] for r in records]


def features_of(analysis: dict[str, Any]) -> dict[str, float]:
    """The article-score features of an analysis in its JSON form."""
    terms = [SimpleNamespace(**t) for t in analysis["loaded_terms"]]
    return article_features(
        analysis["subscores"], terms, analysis["signals"], int(analysis["n_words"])
    )


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s))


def grouped_oof_scores(
    rows: Sequence[dict[str, float]],
    y: Sequence[int],
    groups: Sequence[Any],
    C: float,
    n_folds: int = N_FOLDS,
    features: Sequence[str] | None = None,
) -> np.ndarray:
    """Out-of-fold article scores: folds grouped by ``groups`` (outlet), so no article is
    scored by a model that saw its outlet."""
    from sklearn.model_selection import GroupKFold

    y_arr, g = np.asarray(y), np.asarray(groups)
    out = np.zeros(len(y_arr))
    for train, test in GroupKFold(n_splits=n_folds).split(np.zeros(len(y_arr)), y_arr, g):
        m = fit_article_score(
            [rows[i] for i in train],
            y_arr[train],
            C=C,
            **({"features": features} if features else {}),
        )
        out[test] = m.score_many([rows[i] for i in test])
    return out


def _balanced_log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    w = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    return float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / w.sum())


def select_article_score(
    rows: Sequence[dict[str, float]], y: Sequence[int], groups: Sequence[Any]
) -> tuple[str, float, dict[str, dict[str, float]], dict[tuple[str, float], np.ndarray]]:
    """The feature set (:data:`~framing.article_score.FEATURE_SETS`) and ``C`` (:data:`C_GRID`)
    with the lowest class-balanced log-loss of outlet-grouped out-of-fold scores; a smaller
    set wins ties within 0.001. Returns the set, C, the figures (AUC and log-loss of every
    candidate) and every candidate's out-of-fold scores."""
    y_arr = np.asarray(y)
    figures, oof = {}, {}
    best: tuple[float, int, str, float] | None = None
    for rank, (name, feats) in enumerate(FEATURE_SETS.items()):
        for C in C_GRID:
            s = grouped_oof_scores(rows, y_arr, groups, C, features=feats)
            oof[(name, C)] = s
            loss = _balanced_log_loss(y_arr, s)
            figures[f"{name} C={C}"] = {"auc": round(_auc(y_arr, s), 4), "log_loss": round(loss, 4)}
            key = (round(loss + 0.001 * rank, 6), rank, name, C)
            if best is None or key < best:
                best = key
    assert best is not None
    return best[2], best[3], figures, oof


def fit_shipped_article_score(
    articles: str | os.PathLike,
    cache: str | os.PathLike,
    model: Any = None,
    per_outlet: int = PER_OUTLET,
) -> tuple[ArticleScore, dict[str, Any]]:
    """The shipped article score: ``C`` chosen among :data:`C_GRID` by outlet-grouped
    cross-validated AUC on ``articles`` (the Article-Bias-Prediction sample), then fitted on
    all of it. Returns the fitted score and its cross-validation figures."""
    records = [r for r in load_abp(articles) if r["bias"] in ("left", "center", "right")]
    records = first_per_outlet(records, per_outlet)
    data = analysed(records, cache, model=model)
    rows = [features_of(d) for d in data]
    y = np.array([int(r["bias"] != "center") for r in records])
    groups = [r["outlet"] for r in records]
    feature_set, best, cv, _ = select_article_score(rows, y, groups)
    info = {
        "data": {
            "name": ABP_DESCRIPTION,
            "file": Path(articles).name,
            "sha256": sha256_file(articles),
            "rows": len(records),
            "per_outlet": f"the first {per_outlet} articles of each outlet",
            "outlets": len(set(groups)),
            "label": "1 = outlet rated left or right by AllSides, 0 = rated center",
        },
        "recipe": (
            "logistic regression on standardised features, classes balanced, L2; the feature "
            f"set ({', '.join(FEATURE_SETS)}) and C (among {list(C_GRID)}) chosen by the "
            f"class-balanced log-loss of {N_FOLDS}-fold outlet-grouped out-of-fold scores "
            "(a smaller set wins within 0.001); weights of the framing features held >= 0"
        ),
        "feature_set": feature_set,
        "C": best,
        "cv": cv,
        "features": list(FEATURE_SETS[feature_set]),
    }
    model = fit_article_score(rows, y, C=best, features=FEATURE_SETS[feature_set], info=info)
    info["weights"] = dict(model.weights)
    info["intercept"] = model.intercept
    model.info = dict(info)
    return model, info
