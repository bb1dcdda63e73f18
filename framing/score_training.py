"""Fitting the article score (:mod:`framing.article_score`) on rated outlets' articles.

The data are the Article-Bias-Prediction articles (Baly et al., EMNLP 2020; Apache-2.0) with
their outlet's AllSides rating (left / center / right): ``y = 1`` for a left or right outlet,
``0`` for a center one. Each article is analysed once with :func:`framing.scoring.analyze_many`
and the analysis kept in a cache (JSON Lines, one ``ArticleAnalysis.to_dict()`` per line with
the article's ``meta``), since analysing 6,000 articles takes many minutes of CPU.
``python train.py --only article_score`` and ``python bench/validity.py`` both read it.

:func:`fit_article_score_with_babe` fits the same weights on two judgements at once: the
outlets' ratings and BABE's sentence labels aggregated per article (:func:`babe_articles`),
chosen by folds grouped by outlet family across both (:func:`family_folds`,
:func:`select_joint`; :func:`nested_joint_oof` for figures not tuned on what they score).
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

from .article_score import (
    FEATURE_SETS,
    FEATURES,
    SIGNED_FEATURES,
    SIGNS,
    ArticleScore,
    _matrix,
    article_features,
    fit_article_score,
)
from .errors import InputError
from .model import sha256_file
from .resources import data_path
from .scoring import _loaded_language, analyze_many
from .subscores import SUBSCORE_WEIGHTS
from .training import load_babe, oof_sentence_probabilities

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
    "SENTENCE_WEIGHTS",
    "JOINT_SETS",
    "JOINT_C",
    "outlet_family",
    "babe_articles",
    "family_folds",
    "joint_oof",
    "select_joint",
    "nested_joint_oof",
    "fit_article_score_with_babe",
    "select_signed",
    "nested_signed_oof",
    "fit_signed",
    "fit_signed_article_score",
    "outlet_rho",
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
        analysis["subscores"],
        terms,
        analysis["signals"],
        int(analysis["n_words"]),
        actors=analysis.get("actors", ()),
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


def _outlet_labelled(
    articles: str | os.PathLike, cache: str | os.PathLike, model: Any, per_outlet: int
) -> tuple[list[dict], list[dict], np.ndarray, list[str]]:
    """The rated articles of the sample (the first ``per_outlet`` of each outlet), their
    features, labels (1 = partisan outlet) and outlets."""
    records = [r for r in load_abp(articles) if r["bias"] in ("left", "center", "right")]
    records = first_per_outlet(records, per_outlet)
    data = analysed(records, cache, model=model)
    rows = [features_of(d) for d in data]
    y = np.array([int(r["bias"] != "center") for r in records])
    groups = [r["outlet"] for r in records]
    return records, rows, y, groups


def _babe_data_info(babe: dict) -> dict:
    """The model card's record of BABE's articles used beside the outlet-labelled sample."""
    return {
        "name": "BABE SG2 sentences joined into articles by news_link (>= 2 labelled "
        "sentences); out-of-fold sentence probabilities, lexicon terms only",
        "rows": len(babe["rows"]),
        "outlets": len(set(babe["outlets"])),
        "label": "share of the article's sentences labelled biased (a soft label)",
    }


def _outlet_data_info(
    articles: str | os.PathLike, records: list[dict], groups: list[str], per_outlet: int
) -> dict[str, Any]:
    """The model card's record of the outlet-labelled data."""
    return {
        "name": ABP_DESCRIPTION,
        "file": Path(articles).name,
        "sha256": sha256_file(articles),
        "rows": len(records),
        "per_outlet": f"the first {per_outlet} articles of each outlet",
        "outlets": len(set(groups)),
        "label": "1 = outlet rated left or right by AllSides, 0 = rated center",
    }


def fit_shipped_article_score(
    articles: str | os.PathLike,
    cache: str | os.PathLike,
    model: Any = None,
    per_outlet: int = PER_OUTLET,
) -> tuple[ArticleScore, dict[str, Any]]:
    """The shipped article score: ``C`` chosen among :data:`C_GRID` by outlet-grouped
    cross-validated AUC on ``articles`` (the Article-Bias-Prediction sample), then fitted on
    all of it. Returns the fitted score and its cross-validation figures."""
    records, rows, y, groups = _outlet_labelled(articles, cache, model, per_outlet)
    feature_set, best, cv, _ = select_article_score(rows, y, groups)
    info = {
        "data": _outlet_data_info(articles, records, groups, per_outlet),
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


# ---------------------------------------------------------------- fitted on outlets and BABE together

#: Weights of the BABE sentence-label loss against the outlet-rating loss compared by CV.
SENTENCE_WEIGHTS = (0.0, 0.3, 1.0, 3.0)
#: Feature sets and C compared for the joint score (the two ends of FEATURE_SETS, and the
#: three strengths the outlet-only selection ever chose among: 24 candidates in all).
JOINT_SETS = ("subscores", "all")
JOINT_C = (0.001, 0.01, 0.1)

_FAMILY_DROP = frozenset({"the", "online", "opinion", "news"})


def outlet_family(name: Any) -> str:
    """An outlet's family key, the same for its variants in both data sets: "Fox News",
    "Fox News (Online)", "Fox Online News" and BABE's "Fox News" are all ``fox``; "New York
    Times - Opinion" is ``newyorktimes``. Cross-validation folds group by it, so an outlet
    is never in a fold's training part under another spelling."""
    import re

    s = str(name).lower()
    s = re.sub(r"\(.*?\)", " ", s).split(" - ")[0]
    words = [w for w in re.findall(r"[a-z0-9]+", s) if w not in _FAMILY_DROP]
    return "".join(words) or s


def babe_articles(
    cache_dir: str | os.PathLike, model: Any = None, progress: bool = True
) -> dict[str, Any]:
    """BABE's sentences joined into articles by ``news_link`` (articles with at least two
    labelled sentences), analysed (cached in ``cache_dir/babe.jsonl``), with their
    article-score features and human targets.

    The shipped sentence model and tagger were trained on BABE, so the ``biased_sentences``
    sub-score is replaced by the mean out-of-fold sentence probability (GroupKFold(5) by
    outlet, cached in ``cache_dir/babe_oof_sentence.npy``) and only the lexicon's loaded
    terms count. Returns ``records``, ``rows`` (features), ``share`` (share of sentences
    labelled biased), ``words`` (annotated biased words per 100 words), ``outlets``,
    ``oof_sentence`` (the per-article means) and ``analyses``."""
    import pandas as pd

    cache_dir = Path(cache_dir)
    raw = pd.read_csv(data_path("babe_sg2.csv.gz"), sep=";", encoding="utf-8-sig")
    raw = raw[raw.label_bias != "No agreement"].reset_index(drop=True)
    df = load_babe()
    df["news_link"] = raw.news_link.astype(str).to_numpy()
    texts, labels = df.text.tolist(), df.label.to_numpy()
    outlets = df.outlet.astype(str).tolist()
    oof_file = cache_dir / "babe_oof_sentence.npy"
    if oof_file.is_file():
        oof = np.load(oof_file)
    else:
        words = [list(map(str, w)) for w in df.biased_words]
        oof = oof_sentence_probabilities(texts, labels, outlets, biased_words=words)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(oof_file, oof)
    records, share, per_100, s_oof, groups = [], [], [], [], []
    for link, idx in df.groupby("news_link", sort=True).indices.items():
        if len(idx) < 2:
            continue
        records.append(
            {
                "id": link,
                "text": " ".join(str(texts[i]).strip() for i in idx),
                "outlet": outlets[idx[0]],
            }
        )
        share.append(float(labels[idx].mean()))
        n_words = sum(len(str(texts[i]).split()) for i in idx)
        per_100.append(100.0 * sum(len(df.biased_words[i]) for i in idx) / n_words)
        s_oof.append(float(oof[idx].mean()))
        groups.append(outlets[idx[0]])
    analyses = analysed(records, cache_dir / "babe.jsonl", model=model, progress=progress)
    rows = []
    for a, p in zip(analyses, s_oof, strict=True):
        keep = [i for i, t in enumerate(a["loaded_terms"]) if t["source"] == "lexicon"]
        lex = [a["loaded_terms"][i] for i in keep]
        new_index = {old: new for new, old in enumerate(keep)}
        actors = [
            {**x, "loaded_terms": [new_index[i] for i in x["loaded_terms"] if i in new_index]}
            for x in a.get("actors", ())
        ]
        subs = dict(a["subscores"])
        subs["loaded_language"] = _loaded_language(
            [SimpleNamespace(**t) for t in lex], a["n_words"]
        )
        subs["biased_sentences"] = p
        rows.append(features_of({**a, "subscores": subs, "loaded_terms": lex, "actors": actors}))
    return {
        "records": records,
        "rows": rows,
        "share": np.array(share),
        "words": np.array(per_100),
        "outlets": groups,
        "oof_sentence": np.array(s_oof),
        "analyses": analyses,
    }


def _rho(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def family_folds(
    outlets_a: Sequence[Any], outlets_b: Sequence[Any], n_folds: int = N_FOLDS
) -> tuple[np.ndarray, np.ndarray]:
    """The fold (0 .. n_folds-1) of each article of two data sets, grouped by
    :func:`outlet_family` across both (GroupKFold over the families)."""
    from sklearn.model_selection import GroupKFold

    fam = [outlet_family(o) for o in [*outlets_a, *outlets_b]]
    ids = np.zeros(len(fam), dtype=int)
    for f, (_, te) in enumerate(GroupKFold(n_splits=n_folds).split(np.zeros(len(fam)), groups=fam)):
        ids[te] = f
    return ids[: len(outlets_a)], ids[len(outlets_a) :]


def joint_oof(
    rows: Sequence[dict[str, float]],
    y: np.ndarray,
    fold_a: np.ndarray,
    s_rows: Sequence[dict[str, float]],
    share: np.ndarray,
    fold_b: np.ndarray,
    *,
    C: float,
    features: Sequence[str],
    sentence_weight: float,
    **fit: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold scores of both data sets: each fold's articles scored by a score fitted
    on the other folds of both (outlet families never shared between the parts); ``fit``
    goes to :func:`~framing.article_score.fit_article_score` (``signs``, ``l1``)."""
    out_a, out_b = np.zeros(len(rows)), np.zeros(len(s_rows))
    Xa, Xb = _matrix(rows, features), _matrix(s_rows, features)
    for f in sorted(set(fold_a) | set(fold_b)):
        tr_a, te_a = np.flatnonzero(fold_a != f), np.flatnonzero(fold_a == f)
        tr_b, te_b = np.flatnonzero(fold_b != f), np.flatnonzero(fold_b == f)
        m = fit_article_score(
            Xa[tr_a],
            y[tr_a],
            C=C,
            features=features,
            sentence_rows=Xb[tr_b],
            sentence_share=share[tr_b],
            sentence_weight=sentence_weight,
            **fit,
        )
        if len(te_a):
            out_a[te_a] = m.score_many(Xa[te_a])
        if len(te_b):
            out_b[te_b] = m.score_many(Xb[te_b])
    return out_a, out_b


def select_joint(
    rows: Sequence[dict[str, float]],
    y: np.ndarray,
    fold_a: np.ndarray,
    s_rows: Sequence[dict[str, float]],
    share: np.ndarray,
    fold_b: np.ndarray,
) -> tuple[tuple[str, float, float], dict[str, dict[str, float]]]:
    """The candidate (feature set, C, sentence weight) with the highest sum of the
    out-of-fold AUC of partisan against center outlets' articles and the out-of-fold
    Spearman correlation of BABE articles' scores with their share of biased sentences;
    the simpler candidate (smaller set, smaller sentence weight, stronger regularisation)
    wins ties within 0.001. Returns it and every candidate's figures."""
    figures: dict[str, dict[str, float]] = {}
    best: tuple[float, int, float, float, str] | None = None
    if not isinstance(rows, np.ndarray):  # one matrix of every feature, sliced per set
        rows, s_rows = _matrix(rows, FEATURES), _matrix(s_rows, FEATURES)
    for rank, name in enumerate(JOINT_SETS):
        cols = [FEATURES.index(f) for f in FEATURE_SETS[name]]
        feats = FEATURE_SETS[name]
        for lam in SENTENCE_WEIGHTS:
            for C in JOINT_C:
                a, b = joint_oof(
                    rows[:, cols],
                    y,
                    fold_a,
                    s_rows[:, cols],
                    share,
                    fold_b,
                    C=C,
                    features=feats,
                    sentence_weight=lam,
                )
                auc, rho = _auc(y, a), _rho(b, share)
                figures[f"{name} C={C} sentence_weight={lam}"] = {
                    "auc": round(auc, 4),
                    "babe_rho": round(rho, 4),
                }
                key = (-round(auc + rho - 0.001 * (rank + lam), 6), rank, lam, C, name)
                if best is None or key < best:
                    best = key
    assert best is not None
    return (best[4], best[3], best[2]), figures


def nested_joint_oof(
    rows: Sequence[dict[str, float]],
    y: np.ndarray,
    fold_a: np.ndarray,
    s_rows: Sequence[dict[str, float]],
    share: np.ndarray,
    fold_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[tuple[str, float, float]]]:
    """Out-of-fold scores where each outer fold's candidate is chosen by
    :func:`select_joint` on the other folds alone (inner folds: the remaining outer
    folds), so the figure is not tuned on the articles it scores. Returns the scores of
    both data sets and each outer fold's choice."""
    out_a, out_b, chosen = np.zeros(len(rows)), np.zeros(len(s_rows)), []
    rows, s_rows = _matrix(rows, FEATURES), _matrix(s_rows, FEATURES)
    for f in sorted(set(fold_a) | set(fold_b)):
        tr_a, te_a = np.flatnonzero(fold_a != f), np.flatnonzero(fold_a == f)
        tr_b, te_b = np.flatnonzero(fold_b != f), np.flatnonzero(fold_b == f)
        sub_a, sub_b = rows[tr_a], s_rows[tr_b]
        (name, C, lam), _ = select_joint(
            sub_a, y[tr_a], fold_a[tr_a], sub_b, share[tr_b], fold_b[tr_b]
        )
        chosen.append((name, C, lam))
        cols = [FEATURES.index(x) for x in FEATURE_SETS[name]]
        m = fit_article_score(
            sub_a[:, cols],
            y[tr_a],
            C=C,
            features=FEATURE_SETS[name],
            sentence_rows=sub_b[:, cols],
            sentence_share=share[tr_b],
            sentence_weight=lam,
        )
        out_a[te_a] = m.score_many(rows[te_a][:, cols])
        out_b[te_b] = m.score_many(s_rows[te_b][:, cols])
    return out_a, out_b, chosen


def fit_article_score_with_babe(
    articles: str | os.PathLike,
    cache: str | os.PathLike,
    model: Any = None,
    per_outlet: int = PER_OUTLET,
) -> tuple[ArticleScore, dict[str, Any]]:
    """The shipped article score, fitted on outlet ratings and BABE's sentence labels
    together: the feature set, ``C`` and the weight of the BABE loss chosen by
    :func:`select_joint` over 5 folds grouped by outlet family across both data sets, then
    fitted on all of both. ``cache`` is the JSON Lines cache of the sample's analyses;
    BABE's (and its out-of-fold sentence probabilities) go beside it, in
    ``<cache>.babe/``. Returns the fitted score and its cross-validation figures."""
    records, rows, y, groups = _outlet_labelled(articles, cache, model, per_outlet)
    babe = babe_articles(Path(f"{cache}.babe"), model=model)
    fold_a, fold_b = family_folds(groups, babe["outlets"])
    (feature_set, best, lam), cv = select_joint(
        rows, y, fold_a, babe["rows"], babe["share"], fold_b
    )
    info = {
        "data": _outlet_data_info(articles, records, groups, per_outlet),
        "sentence_data": _babe_data_info(babe),
        "recipe": (
            "logistic regression on standardised features, L2, weights of the framing "
            "features held >= 0, fitted on two losses at once: partisan (left or right) "
            "against center outlets' articles, classes balanced, plus a sentence weight "
            "times the cross-entropy of BABE articles' share of biased sentences (own "
            "intercept; total weight scaled to the outlet loss's). The feature set "
            f"({', '.join(JOINT_SETS)}), C (among {list(JOINT_C)}) and the sentence weight "
            f"(among {list(SENTENCE_WEIGHTS)}) chosen by the sum of the out-of-fold AUC "
            "(outlets) and the out-of-fold Spearman rho (BABE articles, share of biased "
            f"sentences) over {N_FOLDS} folds grouped by outlet family across both data "
            "sets (simpler candidates win within 0.001)"
        ),
        "feature_set": feature_set,
        "C": best,
        "sentence_weight": lam,
        "cv": cv,
        "features": list(FEATURE_SETS[feature_set]),
    }
    model = fit_article_score(
        rows,
        y,
        C=best,
        features=FEATURE_SETS[feature_set],
        sentence_rows=babe["rows"],
        sentence_share=babe["share"],
        sentence_weight=lam,
        info=info,
    )
    info["weights"] = dict(model.weights)
    info["intercept"] = model.intercept
    model.info = dict(info)
    return model, info


# ---------------------------------------------------------------- the signed article score

#: The signed score's candidates: L2 strength, lasso strength (per outlet-labelled row) and
#: the weight of the BABE sentence-label loss (48 in all).
SIGNED_C = (0.001, 0.01, 0.1)
SIGNED_L1 = (0.0, 0.003, 0.01, 0.03)
SIGNED_SENTENCE_WEIGHTS = (0.0, 0.3, 1.0, 3.0)
#: Outlets with fewer articles than this are left out of the per-outlet correlation.
MIN_OUTLET_ARTICLES = 10


def outlet_rho(
    scores: np.ndarray,
    outlets: Sequence[Any],
    partisan: np.ndarray,
    min_articles: int = MIN_OUTLET_ARTICLES,
) -> float:
    """Spearman correlation of per-outlet mean scores with the outlet's label (1 partisan,
    0 center), over outlets with at least ``min_articles`` articles."""
    o = np.asarray(outlets)
    names, inv, counts = np.unique(o, return_inverse=True, return_counts=True)
    keep = counts >= min_articles
    means = np.bincount(inv, weights=scores) / counts
    labels = np.bincount(inv, weights=partisan) / counts
    return _rho(means[keep], labels[keep].round())


def _fixed_mix(X: np.ndarray, features: Sequence[str]) -> np.ndarray:
    return sum(w * X[:, list(features).index(k)] for k, w in SUBSCORE_WEIGHTS.items())


def _gains(
    a: np.ndarray,
    b: np.ndarray,
    y: np.ndarray,
    outlets: Sequence[Any],
    share: np.ndarray,
    fixed_a: np.ndarray,
    fixed_b: np.ndarray,
) -> dict[str, float]:
    """Out-of-fold figures of a candidate and its gain over the fixed weights on each."""
    out = {"auc": _auc(y, a), "outlet_rho": outlet_rho(a, outlets, y), "babe_rho": _rho(b, share)}
    base = {
        "auc": _auc(y, fixed_a),
        "outlet_rho": outlet_rho(fixed_a, outlets, y),
        "babe_rho": _rho(fixed_b, share),
    }
    out["min_gain"] = min(out[k] - base[k] for k in base)
    return {k: round(float(v), 4) for k, v in out.items()}


def select_signed(
    rows: np.ndarray,
    y: np.ndarray,
    fold_a: np.ndarray,
    outlets: Sequence[Any],
    s_rows: np.ndarray,
    share: np.ndarray,
    fold_b: np.ndarray,
) -> tuple[tuple[float, float, float], dict[str, dict[str, float]]]:
    """The signed score's candidate (C, l1, sentence weight) whose out-of-fold scores beat the
    fixed weights by most on the measure where they gain least (AUC of partisan against
    center articles, per-outlet rho, BABE articles' rho with their share of biased
    sentences); the simpler candidate (stronger penalties, smaller sentence weight) wins ties
    within 0.001. ``rows`` and ``s_rows`` are matrices of :data:`SIGNED_FEATURES`. Returns it
    and every candidate's figures."""
    fixed_a, fixed_b = _fixed_mix(rows, SIGNED_FEATURES), _fixed_mix(s_rows, SIGNED_FEATURES)
    figures: dict[str, dict[str, float]] = {}
    best: tuple | None = None
    for C in SIGNED_C:
        for l1 in SIGNED_L1:
            for lam in SIGNED_SENTENCE_WEIGHTS:
                a, b = joint_oof(
                    rows,
                    y,
                    fold_a,
                    s_rows,
                    share,
                    fold_b,
                    C=C,
                    features=SIGNED_FEATURES,
                    sentence_weight=lam,
                    signs=SIGNS,
                    l1=l1,
                    prior=SUBSCORE_WEIGHTS,
                )
                fig = _gains(a, b, y, outlets, share, fixed_a, fixed_b)
                figures[f"C={C} l1={l1} sentence_weight={lam}"] = fig
                simple = SIGNED_C.index(C) - SIGNED_L1.index(l1) + lam
                key = (-round(fig["min_gain"] - 0.001 * simple, 6), simple, C, l1, lam)
                if best is None or key < best:
                    best = key
    assert best is not None
    return (best[2], best[3], best[4]), figures


def nested_signed_oof(
    rows: Sequence[dict[str, float]] | np.ndarray,
    y: np.ndarray,
    fold_a: np.ndarray,
    outlets: Sequence[Any],
    s_rows: Sequence[dict[str, float]] | np.ndarray,
    share: np.ndarray,
    fold_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float, float]]]:
    """Out-of-fold scores of the signed score where each outer fold's candidate is chosen by
    :func:`select_signed` on the other folds alone. Returns the scores of both data sets and
    each outer fold's choice."""
    A, B = _matrix(rows, SIGNED_FEATURES), _matrix(s_rows, SIGNED_FEATURES)
    o = np.asarray(outlets)
    out_a, out_b, chosen = np.zeros(len(A)), np.zeros(len(B)), []
    for f in sorted(set(fold_a) | set(fold_b)):
        tr_a, te_a = np.flatnonzero(fold_a != f), np.flatnonzero(fold_a == f)
        tr_b, te_b = np.flatnonzero(fold_b != f), np.flatnonzero(fold_b == f)
        (C, l1, lam), _ = select_signed(
            A[tr_a], y[tr_a], fold_a[tr_a], o[tr_a], B[tr_b], share[tr_b], fold_b[tr_b]
        )
        chosen.append((C, l1, lam))
        m = fit_article_score(
            A[tr_a],
            y[tr_a],
            C=C,
            features=SIGNED_FEATURES,
            sentence_rows=B[tr_b],
            sentence_share=share[tr_b],
            sentence_weight=lam,
            signs=SIGNS,
            l1=l1,
            prior=SUBSCORE_WEIGHTS,
        )
        out_a[te_a] = m.score_many(A[te_a])
        out_b[te_b] = m.score_many(B[te_b])
    return out_a, out_b, chosen


def fit_signed(
    rows: Sequence[dict[str, float]] | np.ndarray,
    y: np.ndarray,
    s_rows: Sequence[dict[str, float]] | np.ndarray,
    share: np.ndarray,
    *,
    C: float,
    l1: float,
    sentence_weight: float,
    info: dict[str, Any] | None = None,
) -> ArticleScore:
    """The signed score with one candidate's settings, fitted on all of both data sets."""
    return fit_article_score(
        _matrix(rows, SIGNED_FEATURES),
        y,
        C=C,
        features=SIGNED_FEATURES,
        sentence_rows=_matrix(s_rows, SIGNED_FEATURES),
        sentence_share=share,
        sentence_weight=sentence_weight,
        signs=SIGNS,
        l1=l1,
        prior=SUBSCORE_WEIGHTS,
        info=info,
    )


def fit_signed_article_score(
    articles: str | os.PathLike,
    cache: str | os.PathLike,
    model: Any = None,
    per_outlet: int = PER_OUTLET,
) -> tuple[ArticleScore, dict[str, Any]]:
    """The signed article score as a model component (not shipped: README): settings chosen
    by :func:`select_signed` over 5 folds grouped by outlet family across the outlet-labelled
    sample and BABE's articles, then fitted on all of both (:func:`fit_signed`; deterministic,
    no seed). Caches as :func:`fit_article_score_with_babe`. Returns the score and its
    cross-validation figures for the model card."""
    records, rows, y, groups = _outlet_labelled(articles, cache, model, per_outlet)
    babe = babe_articles(Path(f"{cache}.babe"), model=model)
    fold_a, fold_b = family_folds(groups, babe["outlets"])
    A, B = _matrix(rows, SIGNED_FEATURES), _matrix(babe["rows"], SIGNED_FEATURES)
    (C, l1, lam), cv = select_signed(A, y, fold_a, groups, B, babe["share"], fold_b)
    info = {
        "data": _outlet_data_info(articles, records, groups, per_outlet),
        "sentence_data": _babe_data_info(babe),
        "recipe": (
            "logistic regression on standardised signed features (framing.article_score."
            "SIGNED_FEATURES), each weight held to its sign in SIGNS, L2 (C) and a lasso (l1 per "
            "row), shrunk toward the fixed sub-score weights (their mix a free column >= 0, "
            "folded back into the weights), fitted on partisan against center outlets' articles "
            "(classes balanced) plus a sentence weight times the cross-entropy of BABE articles' "
            f"share of biased sentences; C among {list(SIGNED_C)}, l1 among {list(SIGNED_L1)}, "
            f"sentence weight among {list(SIGNED_SENTENCE_WEIGHTS)}, chosen by the largest "
            "smallest gain over the fixed weights on out-of-fold AUC, outlet rho and BABE rho, "
            f"{N_FOLDS} folds grouped by outlet family across both data sets"
        ),
        "feature_set": "signed",
        "C": C,
        "l1": l1,
        "sentence_weight": lam,
        "cv": cv,
        "features": list(SIGNED_FEATURES),
    }
    score = fit_signed(rows, y, babe["rows"], babe["share"], C=C, l1=l1, sentence_weight=lam)
    info["weights"] = dict(score.weights)
    info["intercept"] = score.intercept
    score.info = dict(info)
    return score, info
