#!/usr/bin/env python
"""Reproduce (or retrain) the framing sentence model.

    python train.py                          # the shipped default model, into models/babe-default-<date>
    python train.py -o models/NAME --data my_labels.csv [--base-data none] [--cv 10]
    python train.py --ship                   # rebuild framing/data/default_model (maintainers)
    python train.py --only target_sentiment  # rebuild the default model's target-sentiment component
    python train.py --only article_score     # add the learned article score to the default model
    python train.py --only article_score --article-recipe signed -o DIR   # the signed score
    python train.py --only attribution       # rebuild the default model's attribution extractor
    python train.py --only inference         # rewrite the default model's plain arrays (inference.npz)
                                             # and its components pickled with scikit-learn classes

The target-sentiment component is trained on NewsMTSC (../shared/datasets/newsmtsc, or
--newsmtsc DIR); its networks need torch (pip install torch) and the Article-Bias-Prediction
sample (../shared/datasets/articles) for the teacher labels. Without NewsMTSC it is skipped
with a message; without torch, only its linear part is trained.

The learned article score (framing.article_score) is fitted on the Article-Bias-Prediction sample
(../shared/datasets/articles, or --articles) with its outlets' AllSides ratings; the analyses of
its articles (many minutes of CPU) are cached in --article-cache. It is opt-in: the shipped model
keeps the fixed sub-score weights, because the learned ones did not agree better with human
judgements (README, "How well the score agrees with human judgements"; bench/validity.py): neither
the outlet-only fit nor the fit on outlet ratings and BABE's sentence labels together
(framing.score_training.fit_article_score_with_babe) beat them on both.

The attribution component is trained on PolNeAR (../shared/datasets/polnear, or --polnear DIR;
the "fit" part of its train split, the "tune" part chooses and measures; then it is trained
again on all of train, fit and tune, unless --attribution-fit-only) and needs
python-crfsuite (pip install framing-lens[train]); without PolNeAR it is skipped with a message.

A thin wrapper over ``framing.training.train``; same options as ``framing train``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
from pathlib import Path

from framing.model import default_model_path, resave_components, write_inference_file
from framing.training import SEED, train


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "-o",
        "--output",
        default=None,
        help="new model directory (default models/babe-default-DATE)",
    )
    p.add_argument("--data", action="append", default=[], help="extra label file(s)")
    p.add_argument("--base-data", choices=["babe", "none"], default="babe")
    p.add_argument("--cv", type=int, default=10)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--no-tagger", action="store_true", help="do not fit the word-level term tagger")
    p.add_argument(
        "--only",
        choices=["sentence_model", "target_sentiment", "article_score", "attribution", "inference"],
        default=None,
        help="rebuild one part only (target_sentiment: into the packaged default model)",
    )
    p.add_argument("--polnear", default="../shared/datasets/polnear", help="PolNeAR folder")
    p.add_argument(
        "--attribution-fit-only",
        action="store_true",
        help="attribution: ship the model trained on PolNeAR fit (default: measured on tune, "
        "then trained again on all of train)",
    )
    p.add_argument(
        "--attribution-reuse-fit",
        action="store_true",
        help="attribution: measure tune with the component already in the model directory when "
        "it is this training's fit model (same data hash, articles, clusters, settings) "
        "instead of training it again",
    )
    p.add_argument("--newsmtsc", default="../shared/datasets/newsmtsc", help="NewsMTSC folder")
    p.add_argument(
        "--articles",
        default="../shared/datasets/articles/abp_sample.jsonl.gz",
        help="Article-Bias-Prediction sample (teacher-labelled sentences; article score)",
    )
    p.add_argument(
        "--article-cache",
        default=None,
        help="JSON Lines cache of the sample's analyses "
        "(default ~/.cache/framing-train/abp_sample.<model hash>.jsonl)",
    )
    p.add_argument(
        "--article-recipe",
        choices=["outlets", "signed"],
        default="outlets",
        help="article score recipe: outlet ratings only, or the signed score on outlet ratings "
        "and BABE together (framing.score_training.fit_signed_article_score; not shipped)",
    )
    p.add_argument(
        "--validity",
        default=None,
        help="figures of `python bench/validity.py --test --json FILE` for the model card",
    )
    p.add_argument(
        "--ship",
        action="store_true",
        help="replace the packaged default model with the result (maintainers only)",
    )
    args = p.parse_args(argv)
    if args.only == "target_sentiment":
        return 0 if train_target_sentiment(default_model_path(), args) else 1
    if args.only == "article_score":
        target = Path(args.output) if args.output else default_model_path()
        return 0 if train_article_score(target, args) else 1
    if args.only == "attribution":
        return 0 if train_attribution(default_model_path(), args) else 1
    if args.only == "inference":
        target = Path(args.output) if args.output else default_model_path()
        print(write_inference_file(target) or f"{target}: no plain-array form; not written")
        for file in resave_components(target):
            print(f"{file}: saved again without scikit-learn classes")
        _write_card(target)
        return 0
    out = Path(args.output or f"models/babe-default-{datetime.date.today():%Y%m%d}")
    path = train(
        out,
        data=args.data,
        base_data=args.base_data,
        cv=args.cv,
        seed=args.seed,
        n_jobs=args.jobs,
        tagger=not args.no_tagger,
    )
    print(path)
    if args.ship:
        dest = default_model_path()
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(path, dest)
        print(f"shipped as {dest}")
    if args.only is None:
        train_target_sentiment(dest if args.ship else path, args)
        train_attribution(dest if args.ship else path, args)
    return 0


def train_article_score(model_dir: Path, args: argparse.Namespace) -> bool:
    """Fit the article score on the analyses of the Article-Bias-Prediction sample and store
    it in ``model_dir`` as the ``article_score`` component; False if the sample is missing."""
    from framing.model import load_model, save_component
    from framing.modelcard import render_model_card
    from framing.score_training import fit_shipped_article_score, fit_signed_article_score

    articles = Path(args.articles)
    if not articles.is_file():
        print(f"article_score skipped: {articles} not found")
        return False
    model = load_model(model_dir)
    cache = Path(
        args.article_cache
        or Path.home()
        / ".cache"
        / "framing-train"
        / f"abp_sample.{model.meta['model_sha256'][:12]}.jsonl"
    )
    fit = fit_signed_article_score if args.article_recipe == "signed" else fit_shipped_article_score
    score, info = fit(articles, cache, model=model)
    if args.validity:
        card = json.loads(Path(args.validity).read_text(encoding="utf-8"))["card"]
        card["note"] = "media test looked at as counted in the README"
        info["validation"] = card
    print(save_component(model_dir, "article_score", score, info))
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    card = render_model_card(meta.get("name") or model_dir.name, meta)
    (model_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    return True


def _write_card(model_dir: Path) -> None:
    from framing.modelcard import render_model_card

    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    card = render_model_card(meta.get("name") or model_dir.name, meta)
    (model_dir / "MODEL_CARD.md").write_text(card, encoding="utf-8")


def train_attribution(model_dir: Path, args: argparse.Namespace) -> bool:
    """Fit the learned attribution extractor on PolNeAR and store it in ``model_dir``."""
    import importlib.util

    from framing.attribution import polnear

    if not polnear.available(args.polnear):
        print(f"attribution skipped: PolNeAR not found in {args.polnear}")
        return False
    if importlib.util.find_spec("pycrfsuite") is None:
        print(
            "attribution skipped: python-crfsuite is not installed (pip install framing-lens[train])"
        )
        return False
    from framing.attribution.training import fit_attribution_component
    from framing.model import save_component

    fit_model = None
    if args.attribution_reuse_fit and (model_dir / "attribution.pkl.gz").is_file():
        from framing.model import load_model

        fit_model = load_model(model_dir).component("attribution")
    model, info = fit_attribution_component(
        Path(args.polnear), refit=not args.attribution_fit_only, fit_model=fit_model
    )
    print(save_component(model_dir, "attribution", model, info))
    _write_card(model_dir)
    return True


def train_target_sentiment(model_dir: Path, args: argparse.Namespace) -> bool:
    """Fit the target-sentiment component and store it in ``model_dir``; False if skipped."""
    import importlib.util

    from framing.model import save_component
    from framing.sentiment_training import (
        N_NETWORKS,
        NEWSMTSC_FILES,
        TEACHER_FILE,
        fit_target_sentiment,
    )

    data = Path(args.newsmtsc)
    missing = [f for f in NEWSMTSC_FILES if not (data / f).is_file()]
    if missing:
        print(
            f"target_sentiment skipped: NewsMTSC not found in {data} (missing {', '.join(missing)})"
        )
        return False
    has_torch = importlib.util.find_spec("torch") is not None
    if not has_torch:
        print("torch is not installed: training the linear part of target_sentiment only")
    teacher = Path(__file__).parent / TEACHER_FILE
    articles = Path(args.articles)
    use_teacher = has_torch and teacher.is_file() and articles.is_file()
    if has_torch and not use_teacher:
        print(f"no teacher labels ({teacher} or {articles} missing): networks on NewsMTSC only")
    model = fit_target_sentiment(
        data,
        seed=args.seed,
        n_networks=N_NETWORKS if has_torch else 0,
        teacher=(teacher, articles) if use_teacher else None,
    )
    print(save_component(model_dir, "target_sentiment", model, model.info))
    _write_card(model_dir)
    return True


if __name__ == "__main__":
    sys.exit(main())
