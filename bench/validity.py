"""How well the framing score agrees with human judgements, against a TF-IDF baseline.

Usage::

    nice -n 10 python bench/validity.py --cache DIR          # sample (CV) and BABE
    nice -n 10 python bench/validity.py --cache DIR --test   # also the media test split

Data (``--articles``, default ``../shared/datasets/articles``): the Article-Bias-Prediction
sample (6,000 articles, 311 outlets; the first 20 of each outlet, 2,983 articles, as the
shipped article score is fitted on: ``--per-outlet``) and its media-split test (1,300 articles, 29 outlets),
with each outlet's AllSides rating (left / center / right); BABE SG2
(``framing/data/babe_sg2.csv.gz``) for sentence labels. Every article is analysed once with
the current code and kept in ``--cache`` (JSON Lines; minutes of CPU the first time).

Scores compared, each measured the same way:

- ``fixed``: the weighted mean of the four sub-scores, 0.35 / 0.35 / 0.15 / 0.15 (the score
  before the learned article score);
- ``learned``: the article score of :mod:`framing.article_score`. On the sample it is
  out-of-fold (5 folds grouped by outlet; feature set and C chosen by the same folds, so
  slightly optimistic); on the media test it is fitted on the whole sample, and again on the
  sample without the test's outlets;
- ``signed``: the signed score (:func:`framing.score_training.select_signed`): the four
  sub-scores and article features (authorial loaded-term density by group, the authorial
  share of loaded words, the attribution profile and source types, naming of actors), each
  weight held to a declared sign, shrunk toward the fixed weights, fitted on the outlets'
  ratings and BABE's sentence labels together; out-of-fold by nested CV over 5 folds grouped
  by outlet family (each outer fold's settings chosen on the other folds), and again under
  ``--repeats`` other fold assignments; with paired intervals of its difference from the
  fixed weights;
- ``tfidf``: a plain TF-IDF sentence model (word 1-2-grams, logistic regression) trained on
  BABE, averaged over the article's sentences;
- each sub-score alone.

Measures:

- ``AUC``: articles of partisan (left or right) outlets against center ones; 95% interval
  from 1,000 bootstrap resamples of whole outlets;
- ``outlet rho``: Spearman correlation of per-outlet mean scores with the distance of the
  outlet's rating from center (0 / 1), outlets with at least 10 articles (5 in the test);
  interval resampling outlets;
- ``BABE rho``: BABE sentences grouped into articles by ``news_link`` (articles with at least
  two labelled sentences); Spearman correlation of the score of the joined sentences with the
  share of sentences the annotators labelled biased, and with their biased words per 100 words;
  interval resampling articles. The shipped sentence model and tagger were trained on BABE, so
  here the sentence probabilities are out-of-fold (GroupKFold(5) by outlet), the loaded terms
  are the lexicon's only, and the baseline is out-of-fold the same way.

The media test is the untouched split: ``--test`` prints it and counts each look in
``DIR/test_looks.log``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validity_lib import (  # noqa: E402
    article_sentence_means,
    auc_by_outlet,
    outlet_correlation,
    paired_auc,
    paired_outlet_rho,
    paired_spearman,
    spearman_ci,
    tfidf_oof,
    tfidf_sentence_model,
)

from framing.article_score import FEATURE_SETS, fit_article_score  # noqa: E402
from framing.score_training import (  # noqa: E402
    PER_OUTLET,
    analysed,
    babe_articles,
    family_folds,
    features_of,
    first_per_outlet,
    fit_signed,
    load_abp,
    nested_joint_oof,
    nested_signed_oof,
    outlet_family,
    select_article_score,
    select_joint,
    select_signed,
)
from framing.scoring import SUBSCORE_WEIGHTS  # noqa: E402
from framing.training import load_babe  # noqa: E402

SUBS = tuple(SUBSCORE_WEIGHTS)


def fixed(a: dict) -> float:
    return sum(SUBSCORE_WEIGHTS[k] * a["subscores"][k] for k in SUBS)


def _row(name: str, values: tuple) -> str:
    return f"  {name:<22}" + "".join(
        f"{v:>8.3f}" if isinstance(v, float) else f"{v!s:>8}" for v in values
    )


def article_table(
    title: str, scores: dict[str, np.ndarray], records: list[dict], min_outlet: int, n_boot: int
) -> dict:
    y = np.array([int(r["bias"] != "center") for r in records])
    outlets = [r["outlet"] for r in records]
    bias = [r["bias"] for r in records]
    print(f"\n{title}: {len(records)} articles, {len(set(outlets))} outlets")
    print(f"  {'score':<22}{'AUC':>8}{'lo':>8}{'hi':>8}{'outl rho':>9}{'lo':>7}{'hi':>8}{'n':>5}")
    out = {}
    for name, s in scores.items():
        auc = auc_by_outlet(y, s, outlets, n_boot)
        rho = outlet_correlation(s, outlets, bias, min_outlet, n_boot)
        out[name] = {"auc": auc, "outlet_rho": rho}
        print(_row(name, (*auc, *rho)))
    return out


def babe_table(babe: dict, scores: dict[str, np.ndarray], n_boot: int) -> dict:
    """BABE articles (see the module docstring): rank correlations with the human targets."""
    hs, hw = babe["share"], babe["words"]
    print(f"\nBABE articles (news_link, >= 2 labelled sentences): {len(hs)} articles")
    print(
        f"  {'score':<22}{'rho biased share':>17}{'lo':>7}{'hi':>7}{'rho words':>11}{'lo':>7}{'hi':>7}"
    )
    out = {}
    for name, s in scores.items():
        a1, a2 = spearman_ci(s, hs, n_boot), spearman_ci(s, hw, n_boot)
        out[name] = {"rho_share": a1, "rho_words": a2}
        print(
            f"  {name:<22}{a1[0]:>17.3f}{a1[1]:>7.3f}{a1[2]:>7.3f}{a2[0]:>11.3f}{a2[1]:>7.3f}{a2[2]:>7.3f}"
        )
    return out


def babe_scores(babe: dict, learned) -> dict[str, np.ndarray]:
    """Fixed weights, the outlet-only learned score and the out-of-fold TF-IDF baseline on
    BABE's articles."""
    df = load_babe()
    base = tfidf_oof(df.text.tolist(), df.label.to_numpy(), df.outlet.astype(str).tolist())
    fixed_s = [sum(SUBSCORE_WEIGHTS[k] * r[k] for k in SUBS) for r in babe["rows"]]
    links = babe_links()
    b_oof = [float(base[links[r["id"]]].mean()) for r in babe["records"]]
    return {
        "fixed": np.array(fixed_s),
        "learned": learned.score_many(babe["rows"]),
        "tfidf": np.array(b_oof),
    }


def babe_links() -> dict[str, np.ndarray]:
    import pandas as pd

    from framing.resources import data_path

    raw = pd.read_csv(data_path("babe_sg2.csv.gz"), sep=";", encoding="utf-8-sig")
    raw = raw[raw.label_bias != "No agreement"].reset_index(drop=True)
    return raw.groupby(raw.news_link.astype(str), sort=True).indices


def paired_table(
    a: np.ndarray,
    base: np.ndarray,
    a_babe: np.ndarray,
    base_babe: np.ndarray,
    records: list[dict],
    babe: dict,
    n_boot: int,
) -> dict:
    """The signed score minus the fixed weights on each measure, with 95% intervals from
    the same resamples for both (outlets for AUC and outlet rho, articles for BABE)."""
    y = np.array([int(r["bias"] != "center") for r in records])
    outlets = [r["outlet"] for r in records]
    bias = [r["bias"] for r in records]
    print("\nsigned (nested OOF) minus fixed weights, paired resamples:")
    out = {
        "auc": paired_auc(y, a, base, outlets, n_boot),
        "outlet_rho": paired_outlet_rho(a, base, outlets, bias, 10, n_boot),
        "babe_rho_share": paired_spearman(a_babe, base_babe, babe["share"], n_boot),
        "babe_rho_words": paired_spearman(a_babe, base_babe, babe["words"], n_boot),
    }
    for k, (d, lo, hi) in out.items():
        print(f"  {k:<22}{d:+8.3f}  [{lo:+.3f}, {hi:+.3f}]")
    return out


def signed_repeats(s_rows: list, y: np.ndarray, outlets: list, babe: dict, n: int) -> dict:
    """The nested signed score and the fixed weights under ``n`` other assignments of outlet
    families to the 5 folds (shuffled with seeds 1..n): how much the figures move with
    the folds alone."""
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    from framing.article_score import SIGNED_FEATURES, _matrix
    from framing.score_training import _fixed_mix, outlet_rho

    fams = [outlet_family(o) for o in [*outlets, *babe["outlets"]]]
    names = sorted(set(fams))
    fixed_a = _fixed_mix(_matrix(s_rows, SIGNED_FEATURES), SIGNED_FEATURES)
    fixed_b = _fixed_mix(_matrix(babe["rows"], SIGNED_FEATURES), SIGNED_FEATURES)
    out = {"auc": [], "outlet_rho": [], "babe_rho": []}
    for seed in range(1, n + 1):
        order = np.random.default_rng(seed).permutation(names)
        fold = {f: i % 5 for i, f in enumerate(order)}
        f_all = np.array([fold[f] for f in fams])
        fa, fb = f_all[: len(y)], f_all[len(y) :]
        a, b, _ = nested_signed_oof(s_rows, y, fa, outlets, babe["rows"], babe["share"], fb)
        out["auc"].append(float(roc_auc_score(y, a)))
        out["outlet_rho"].append(outlet_rho(a, outlets, y))
        out["babe_rho"].append(float(spearmanr(b, babe["share"]).statistic))
    fixed = {
        "auc": float(roc_auc_score(y, fixed_a)),
        "outlet_rho": outlet_rho(fixed_a, outlets, y),
        "babe_rho": float(spearmanr(fixed_b, babe["share"]).statistic),
    }
    if n:
        print(
            f"\nsigned (nested OOF) over {n} other fold assignments (seeds 1..{n}): mean [min, max]"
        )
        for k, v in out.items():
            print(f"  {k:<12}{np.mean(v):.3f} [{min(v):.3f}, {max(v):.3f}]   fixed {fixed[k]:.3f}")
    return {"signed": out, "fixed": fixed}


def _cell(v: tuple) -> str:
    return f"{v[0]:.3f} [{v[1]:.3f}, {v[2]:.3f}]"


def card_table(figures: dict) -> dict:
    """The figures as the model card's validation table (``train.py --validity FILE``)."""
    cols = [
        ("fixed", "fixed weights"),
        ("joint", "article score (outlets + BABE)"),
        ("learned", "outlet-only score"),
        ("signed", "signed score (outlets + BABE)"),
        ("tfidf", "TF-IDF baseline"),
    ]
    rows = []

    def add(split: str, measure: str, block: dict, key: str, names: dict) -> None:
        rows.append(
            {
                "split": split,
                "measure": measure,
                "values": [_cell(block[names.get(c, c)][key]) for c, _ in cols],
            }
        )

    cv = {
        "learned": "learned (OOF)",
        "joint": "joint (nested OOF)",
        "signed": "signed (nested OOF)",
    }
    add("ABP sample (CV by outlet)", "AUC partisan vs center", figures["sample"], "auc", cv)
    add("ABP sample (CV by outlet)", "outlet rho", figures["sample"], "outlet_rho", cv)
    if "media_test" in figures:
        t = figures["media_test"]
        add("ABP media test", "AUC partisan vs center", t, "auc", {})
        add(
            "ABP media test, outlets unseen",
            "AUC partisan vs center",
            t,
            "auc",
            {
                "learned": "learned, outlets unseen",
                "joint": "joint, outlets unseen",
                "signed": "signed, outlets unseen",
            },
        )
        add("ABP media test", "outlet rho", t, "outlet_rho", {})
    b = {"joint": "joint (nested OOF)", "signed": "signed (nested OOF)"}
    add(
        "BABE articles (CV by outlet)",
        "rho with share of biased sentences",
        figures["babe"],
        "rho_share",
        b,
    )
    add(
        "BABE articles (CV by outlet)",
        "rho with biased words per 100",
        figures["babe"],
        "rho_words",
        b,
    )
    return {"columns": [c for _, c in cols], "rows": rows}


def _cached(records: list[dict], path: Path) -> list[dict]:
    ids = set()
    if path.is_file():
        for line in path.open(encoding="utf-8"):
            try:
                ids.add(json.loads(line)["id"])
            except json.JSONDecodeError:
                continue
    return [r for r in records if r["id"] in ids]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", default="../shared/datasets/articles")
    p.add_argument(
        "--cache", required=True, help="folder of the cached analyses (outside the repo)"
    )
    p.add_argument("--test", action="store_true", help="also measure the media test split")
    p.add_argument("--n-boot", type=int, default=1000)
    p.add_argument(
        "--per-outlet",
        type=int,
        default=PER_OUTLET,
        help="the first N sample articles of each outlet (as the shipped article score)",
    )
    p.add_argument("--json", help="write the figures to this JSON file")
    p.add_argument(
        "--repeats",
        type=int,
        default=5,
        help="other fold assignments the signed score is measured under (spread of the figures)",
    )
    p.add_argument(
        "--only-cached",
        action="store_true",
        help="use only the articles already in the cache (a quick partial look)",
    )
    args = p.parse_args(argv)
    cache, arts = Path(args.cache), Path(args.articles)
    cache.mkdir(parents=True, exist_ok=True)

    sample = [r for r in load_abp(arts / "abp_sample.jsonl.gz") if r["bias"]]
    sample = first_per_outlet(sample, args.per_outlet)
    if args.only_cached:
        sample = _cached(sample, cache / "sample.jsonl")
    s_an = analysed(sample, cache / "sample.jsonl")
    s_rows = [features_of(a) for a in s_an]
    y = np.array([int(r["bias"] != "center") for r in sample])
    outlets = [r["outlet"] for r in sample]
    print("article score candidates, outlet-grouped 5-fold out-of-fold on the sample:")
    fset, best, cv, oof = select_article_score(s_rows, y, outlets)
    for k, v in cv.items():
        print(f"  {k:<34} AUC {v['auc']:.4f}  balanced log-loss {v['log_loss']:.4f}")
    learned = fit_article_score(s_rows, y, C=best, features=FEATURE_SETS[fset])
    print(f"chosen: {fset}, C={best}; weights (standardised features):")
    for k, w in sorted(learned.weights.items(), key=lambda kv: -abs(kv[1])):
        if w:
            print(f"  {k:<36}{w:+.3f}")

    babe = babe_articles(cache)
    fold_a, fold_b = family_folds(outlets, babe["outlets"])
    joint_a, joint_b, chosen = nested_joint_oof(
        s_rows, y, fold_a, babe["rows"], babe["share"], fold_b
    )
    print(
        "\njoint score (outlet ratings and BABE sentence labels), nested CV by outlet family; "
        "choice per outer fold: " + "; ".join(f"{n} C={c} w={w}" for n, c, w in chosen)
    )
    (j_set, j_C, j_w), j_cv = select_joint(s_rows, y, fold_a, babe["rows"], babe["share"], fold_b)
    joint = fit_article_score(
        s_rows,
        y,
        C=j_C,
        features=FEATURE_SETS[j_set],
        sentence_rows=babe["rows"],
        sentence_share=babe["share"],
        sentence_weight=j_w,
    )
    print(f"chosen on all folds: {j_set}, C={j_C}, sentence weight {j_w}; weights:")
    for k, w in sorted(joint.weights.items(), key=lambda kv: -abs(kv[1])):
        if w:
            print(f"  {k:<36}{w:+.3f}")

    signed_a, signed_b, s_chosen = nested_signed_oof(
        s_rows, y, fold_a, outlets, babe["rows"], babe["share"], fold_b
    )
    print(
        "\nsigned score (signed features, shrunk toward the fixed weights, outlets + BABE), "
        "nested CV by outlet family; choice (C, l1, sentence weight) per outer fold: "
        + "; ".join(map(str, s_chosen))
    )
    from framing.article_score import SIGNED_FEATURES, _matrix

    (sg_C, sg_l1, sg_w), sg_cv = select_signed(
        _matrix(s_rows, SIGNED_FEATURES),
        y,
        fold_a,
        outlets,
        _matrix(babe["rows"], SIGNED_FEATURES),
        babe["share"],
        fold_b,
    )
    signed = fit_signed(
        s_rows, y, babe["rows"], babe["share"], C=sg_C, l1=sg_l1, sentence_weight=sg_w
    )
    print(f"chosen on all folds: C={sg_C}, l1={sg_l1}, sentence weight {sg_w}; weights:")
    for k, w in sorted(signed.weights.items(), key=lambda kv: -abs(kv[1])):
        if w:
            print(f"  {k:<36}{w:+.3f}")
    repeats = signed_repeats(s_rows, y, outlets, babe, args.repeats)

    babe_df = load_babe()
    baseline = tfidf_sentence_model().fit(babe_df.text.tolist(), babe_df.label.to_numpy())
    texts = [r["text"] for r in sample]
    scores = {
        "fixed": np.array([fixed(a) for a in s_an]),
        "learned (OOF)": oof[(fset, best)],
        "joint (nested OOF)": joint_a,
        "signed (nested OOF)": signed_a,
        "tfidf": article_sentence_means(baseline, texts, s_an),
        **{k: np.array([a["subscores"][k] for a in s_an]) for k in SUBS},
    }
    b_scores = babe_scores(babe, learned)
    b_scores["joint (nested OOF)"] = joint_b
    b_scores["signed (nested OOF)"] = signed_b
    figures = {
        "sample": article_table(
            "ABP sample, outlet-grouped", scores, sample, min_outlet=10, n_boot=args.n_boot
        ),
        "babe": babe_table(babe, b_scores, args.n_boot),
        "signed": {
            "C": sg_C,
            "l1": sg_l1,
            "sentence_weight": sg_w,
            "outer_choices": s_chosen,
            "cv": sg_cv,
            "weights": signed.weights,
            "intercept": signed.intercept,
            "repeats": repeats,
        },
        "feature_set": fset,
        "C": best,
        "cv": cv,
        "weights": learned.weights,
        "joint": {
            "feature_set": j_set,
            "C": j_C,
            "sentence_weight": j_w,
            "outer_choices": chosen,
            "cv": j_cv,
            "weights": joint.weights,
            "intercept": joint.intercept,
        },
    }
    figures["signed"]["paired"] = paired_table(
        scores["signed (nested OOF)"],
        scores["fixed"],
        signed_b,
        b_scores["fixed"],
        sample,
        babe,
        args.n_boot,
    )
    if args.test:
        test = [r for r in load_abp(arts / "abp_media_test.jsonl.gz") if r["bias"]]
        if args.only_cached:
            test = _cached(test, cache / "media_test.jsonl")
        seen = set(outlets) & {r["outlet"] for r in test}
        print(
            f"\nmedia test: {len({r['outlet'] for r in test})} outlets, "
            f"{len(seen)} of them also in the sample"
        )
        t_an = analysed(test, cache / "media_test.jsonl")
        t_rows = [features_of(a) for a in t_an]
        keep = [i for i, o in enumerate(outlets) if o not in seen]
        unseen = fit_article_score(
            [s_rows[i] for i in keep], y[keep], C=best, features=FEATURE_SETS[fset]
        )
        fams = {outlet_family(r["outlet"]) for r in test}
        keep_a = [i for i, o in enumerate(outlets) if outlet_family(o) not in fams]
        keep_b = [i for i, o in enumerate(babe["outlets"]) if outlet_family(o) not in fams]
        joint_unseen = fit_article_score(
            [s_rows[i] for i in keep_a],
            y[keep_a],
            C=j_C,
            features=FEATURE_SETS[j_set],
            sentence_rows=[babe["rows"][i] for i in keep_b],
            sentence_share=babe["share"][keep_b],
            sentence_weight=j_w,
        )
        signed_unseen = fit_signed(
            [s_rows[i] for i in keep_a],
            y[keep_a],
            [babe["rows"][i] for i in keep_b],
            babe["share"][keep_b],
            C=sg_C,
            l1=sg_l1,
            sentence_weight=sg_w,
        )
        t_scores = {
            "fixed": np.array([fixed(a) for a in t_an]),
            "learned": learned.score_many(t_rows),
            "learned, outlets unseen": unseen.score_many(t_rows),
            "joint": joint.score_many(t_rows),
            "joint, outlets unseen": joint_unseen.score_many(t_rows),
            "signed": signed.score_many(t_rows),
            "signed, outlets unseen": signed_unseen.score_many(t_rows),
            "tfidf": article_sentence_means(baseline, [r["text"] for r in test], t_an),
            **{k: np.array([a["subscores"][k] for a in t_an]) for k in SUBS},
        }
        figures["media_test"] = article_table(
            "ABP media test", t_scores, test, min_outlet=5, n_boot=args.n_boot
        )
        log = cache / "test_looks.log"
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(datetime.datetime.now(datetime.UTC).isoformat() + "\n")
        print(f"(media test looked at {len(log.read_text().splitlines())} time(s); {log})")
    figures["card"] = card_table(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=float) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
