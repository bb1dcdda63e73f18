"""Active learning on BABE, by simulation: how many labels does `framing suggest` save?

    python bench/active_learning.py [--seeds 0 1 2] [--start 100] [--batch 100] [--budget 1500]
                                    [--diversity 0.5] [--plot bench/active_learning.png]

Protocol
--------
- Held-out test set: a stratified 25% of BABE SG2 (``train_test_split(stratify=label,
  random_state=0)``), fixed for every run; the rest is the unlabelled pool. (Not grouped by
  outlet: with 11 outlets of very different bias rates, an outlet-grouped quarter was 13%
  biased, three outlets, and too noisy to compare strategies on.)
- Each run starts from the same ``--start`` random pool sentences (per seed) and adds
  ``--batch`` sentences at a time, chosen by
  (a) ``random``; (b) ``uncertainty`` (:func:`framing.active.select`, diversity 0);
  (c) ``uncertainty+diversity`` (:func:`framing.active.select`, ``--diversity``),
  until ``--budget`` labels; the model is refitted after every batch and its macro-F1 on
  the test set recorded.
- Model: a faster variant of the shipped pipeline, so that ~150 refits take minutes: the same
  word 1-2-gram and char 2-5-gram TF-IDF and down-weighted lexicon features, vectorised once
  on the pool texts (no labels involved; fitting the vocabulary on the unlabelled pool is
  what an active learner can do), and the same logistic regression (C=3, liblinear). The
  word-level ``AnnotatedWordScores`` feature is left out (it needs BABE's word annotations,
  which a user labelling sentences does not give).

Prints the learning curves (mean over seeds, min-max in brackets) and how many labels each
active strategy needs to reach the macro-F1 random selection reaches with the full budget.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from framing.active import select
from framing.features import WORD_TOKEN_PATTERN, LexiconFeatures
from framing.training import load_babe

STRATEGIES = ("random", "uncertainty", "uncertainty+diversity")


def features(pool_texts: list[str], test_texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The default pipeline's feature union minus AnnotatedWordScores, fitted on the pool texts."""
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        token_pattern=WORD_TOKEN_PATTERN,
        sublinear_tf=True,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float32
    )
    lex = LexiconFeatures(include_babe_words=False).fit(pool_texts)
    scale = StandardScaler().fit(lex.transform(pool_texts))
    word.fit(pool_texts)
    char.fit(pool_texts)

    def union(texts: list[str]) -> sp.csr_matrix:
        return sp.hstack(
            [
                word.transform(texts),
                char.transform(texts),
                sp.csr_matrix(0.1 * scale.transform(lex.transform(texts))),
            ]
        ).tocsr()

    return union(pool_texts), union(test_texts)


def run(
    strategy: str,
    seed: int,
    X: sp.csr_matrix,
    y: np.ndarray,
    texts: list[str],
    X_test: sp.csr_matrix,
    y_test: np.ndarray,
    start: int,
    batch: int,
    budget: int,
    diversity: float,
) -> list[float]:
    """Macro-F1 on the test set after each batch, from ``start`` to ``budget`` labels."""
    rng = np.random.default_rng(seed)
    labelled = list(rng.choice(len(y), size=start, replace=False))
    curve = []
    while True:
        clf = LogisticRegression(C=3.0, solver="liblinear", random_state=0).fit(
            X[labelled], y[labelled]
        )
        curve.append(float(f1_score(y_test, clf.predict(X_test), average="macro")))
        if len(labelled) >= budget:
            return curve
        rest = np.setdiff1d(np.arange(len(y)), labelled)
        k = min(batch, budget - len(labelled))
        if strategy == "random":
            picked = rng.choice(rest, size=k, replace=False)
        else:
            proba = clf.predict_proba(X[rest])[:, 1]
            d = 0.0 if strategy == "uncertainty" else diversity
            picked = rest[select(proba, [texts[i] for i in rest], k, diversity=d, seed=seed)]
        labelled += [int(i) for i in picked]


def labels_to_reach(sizes: list[int], curve: np.ndarray, target: float) -> int | None:
    """Fewest labels (on the grid) at which ``curve`` reaches ``target``."""
    hit = np.flatnonzero(curve >= target - 1e-9)
    return sizes[int(hit[0])] if len(hit) else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--start", type=int, default=100)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--budget", type=int, default=1500)
    ap.add_argument("--diversity", type=float, default=0.5)
    ap.add_argument("--plot", default=str(Path(__file__).with_name("active_learning.png")))
    args = ap.parse_args(argv)
    t0 = time.time()

    babe = load_babe()
    y_all = babe.label.to_numpy()
    pool_idx, test_idx = train_test_split(
        np.arange(len(babe)), test_size=0.25, stratify=y_all, random_state=0
    )
    pool, test = (
        babe.iloc[pool_idx].reset_index(drop=True),
        babe.iloc[test_idx].reset_index(drop=True),
    )
    print(
        f"BABE SG2: pool {len(pool)} sentences, held-out test {len(test)} "
        f"({len(test) / len(babe):.0%}, stratified; {test.label.mean():.0%} biased)"
    )
    X, X_test = features(pool.text.tolist(), test.text.tolist())
    y, y_test = pool.label.to_numpy(), test.label.to_numpy()
    full = LogisticRegression(C=3.0, solver="liblinear", random_state=0).fit(X, y)
    ceiling = f1_score(y_test, full.predict(X_test), average="macro")
    print(
        f"features: {X.shape[1]:,} columns ({time.time() - t0:.0f} s); whole pool labelled "
        f"({len(pool)}): macro-F1 {ceiling:.3f}"
    )

    sizes = list(range(args.start, args.budget + 1, args.batch))
    if sizes[-1] != args.budget:
        sizes.append(args.budget)
    curves = {
        s: np.array(
            [
                run(
                    s,
                    seed,
                    X,
                    y,
                    pool.text.tolist(),
                    X_test,
                    y_test,
                    args.start,
                    args.batch,
                    args.budget,
                    args.diversity,
                )
                for seed in args.seeds
            ]
        )
        for s in STRATEGIES
    }
    print(
        f"\nmacro-F1 on the held-out test set (mean over seeds {args.seeds}; [min, max]); "
        f"diversity {args.diversity}"
    )
    print(f"{'labels':>7}  " + "  ".join(f"{s:>24}" for s in STRATEGIES))
    for i, n in enumerate(sizes):
        cells = [
            f"{c[:, i].mean():.3f} [{c[:, i].min():.3f}, {c[:, i].max():.3f}]"
            for c in curves.values()
        ]
        print(f"{n:>7}  " + "  ".join(f"{c:>24}" for c in cells))

    target = curves["random"][:, -1].mean()
    print(f"\nrandom selection with all {args.budget} labels: macro-F1 {target:.3f}")
    summary = {}
    for s in STRATEGIES[1:]:
        need = labels_to_reach(sizes, curves[s].mean(axis=0), target)
        per_seed = [
            labels_to_reach(sizes, curves[s][k], curves["random"][k, -1])
            for k in range(len(args.seeds))
        ]
        summary[s] = need
        saved = (
            "never reached"
            if need is None
            else f"{need} labels ({args.budget - need} saved, "
            f"{(args.budget - need) / args.budget:.0%})"
        )
        print(f"  {s}: reaches it with {saved}; per seed (vs that seed's random run): {per_seed}")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for s, colour in zip(STRATEGIES, ("tab:grey", "tab:blue", "tab:orange"), strict=True):
        c = curves[s]
        ax.plot(sizes, c.mean(axis=0), marker="o", ms=3, color=colour, label=s)
        ax.fill_between(sizes, c.min(axis=0), c.max(axis=0), color=colour, alpha=0.15)
    ax.axhline(target, color="tab:grey", ls="--", lw=0.8)
    ax.axhline(ceiling, color="black", ls=":", lw=0.8, label=f"whole pool labelled ({len(pool)})")
    ax.set_xlabel("labelled sentences")
    ax.set_ylabel("macro-F1, held-out 25%")
    ax.set_title(f"Active learning on BABE (mean and min-max over {len(args.seeds)} seeds)")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.plot, dpi=120)
    print(f"\nplot: {args.plot}; {time.time() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
