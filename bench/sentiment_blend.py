"""Choosing the target-sentiment blend on held-out NewsMTSC train articles (never dev).

    pip install torch   # the network is trained with it (framing never imports torch)
    python bench/sentiment_blend.py [--newsmtsc ../shared/datasets/newsmtsc]

Holds out a fifth of NewsMTSC train's articles (seed 0), fits the shipped recipe
(:func:`framing.sentiment_training.fit_linear` and one network, teacher rows included) on
the rest, and on the held-out targets searches the weight of the linear part in the blend
(with ``--search-weight``; it stays 0.5 otherwise) and the per-class log-odds offsets
(negative, positive; neutral fixed at 0) for macro-F1.
Prints F1m of each part, of the shipped 0.5 blend without offsets and of the chosen blend,
and the values to put in :data:`framing.sentiment_training.LINEAR_WEIGHT` and
:data:`~framing.sentiment_training.CLASS_BIAS`. The offsets are read off a grid; the held-out
F1m of the chosen values is optimistic (it is where they were chosen), so the figures to
report are those of dev after ``python train.py --only target_sentiment``.

Two biases of this split: train's article key puts the whole POLUSA part (4,635 targets)
in one "article", which falls in the held-out fifth (3,264 targets fit, 5,475 held out),
so the linear part is fitted on little data; and the teacher labels come from models
trained on all of train, so the network has seen the held-out targets through its teacher.
Both favour the network, which is why the weight is not searched by default.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from framing import sentiment_training as st  # noqa: E402
from framing.sentiment import TargetSentimentModel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def held_out_split(rows: list[dict], seed: int = 0) -> tuple[list[dict], list[dict]]:
    """(fit rows, held-out rows): a fifth of the articles held out."""
    articles = sorted({r["article"] for r in rows})
    rng = np.random.default_rng(seed)
    held = set(rng.choice(articles, size=len(articles) // 5, replace=False).tolist())
    return [r for r in rows if r["article"] not in held], [r for r in rows if r["article"] in held]


def _macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    cm = np.bincount(3 * y + pred, minlength=9).reshape(3, 3)
    tp = np.diag(cm)
    denom = cm.sum(0) + cm.sum(1)
    return float(np.mean(np.divide(2 * tp, denom, out=np.zeros(3), where=denom > 0)))


def choose(
    y: np.ndarray, linear: np.ndarray, net: np.ndarray, weights=(0.5,)
) -> tuple[float, tuple, float]:
    """The (linear weight among ``weights``, class offsets, F1m) with the best held-out
    macro-F1."""
    best = (0.5, (0.0, 0.0, 0.0), -1.0)
    grid = np.round(np.arange(-0.6, 0.61, 0.05), 2)
    for lw in weights:
        logp = np.log(lw * linear + (1 - lw) * net)
        for bn in grid:
            for bp in grid:
                f = _macro_f1(y, (logp + np.array([bn, 0.0, bp])).argmax(1))
                # ties go to the smaller offsets
                if f > best[2] + 1e-9 or (
                    abs(f - best[2]) <= 1e-9 and abs(bn) + abs(bp) < sum(map(abs, best[1]))
                ):
                    best = (float(lw), (float(bn), 0.0, float(bp)), f)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newsmtsc", default=str(ROOT.parent / "shared/datasets/newsmtsc"))
    parser.add_argument(
        "--articles", default=str(ROOT.parent / "shared/datasets/articles/abp_sample.jsonl.gz")
    )
    parser.add_argument(
        "--search-weight",
        action="store_true",
        help="also search the linear part's weight (0.2-0.8); by default it stays 0.5",
    )
    args = parser.parse_args()
    data = Path(args.newsmtsc)
    fit, held = held_out_split(st.load_newsmtsc(data / "train.jsonl"))
    y = np.array([r["y"] for r in held])
    vec, tfidf, scaler, linear = st.fit_linear(fit, 0)
    weight = st.DENSE_WEIGHT / np.sqrt(len(scaler.mean_))
    targets = st._targets(held)
    p_linear = TargetSentimentModel(vec, tfidf, scaler, linear, weight, []).predict_targets(targets)
    held_articles = {r["article"] for r in held}
    rows = [
        r
        for r in st.load_newsmtsc(data / "train.jsonl", augment=True)
        if r["article"] not in held_articles
    ]
    soft = np.eye(3, dtype=np.float32)[[r["y"] for r in rows]]
    extra, extra_soft = st.load_teacher_rows(ROOT / st.TEACHER_FILE, args.articles)
    net = st.fit_networks(rows + extra, seeds=[0], soft_labels=np.vstack([soft, extra_soft]))[0]
    p_net = net.predict_targets(targets)
    weights = np.round(np.arange(0.2, 0.81, 0.05), 2) if args.search_weight else (0.5,)
    lw, bias, f = choose(y, p_linear, p_net, weights)
    print(f"{len(fit)} fit / {len(held)} held-out targets (a fifth of train's articles, seed 0)")
    print(f"  linear alone        F1m {st.macro_f1(y, p_linear.argmax(1)):.4f}")
    print(f"  network alone       F1m {st.macro_f1(y, p_net.argmax(1)):.4f}")
    plain = st.macro_f1(y, (0.5 * p_linear + 0.5 * p_net).argmax(1))
    print(f"  0.5 blend           F1m {plain:.4f}")
    print(f"  chosen blend        F1m {f:.4f} (where it was chosen: optimistic)")
    print(f"LINEAR_WEIGHT = {lw}\nCLASS_BIAS = {bias}")


if __name__ == "__main__":
    main()
