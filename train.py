#!/usr/bin/env python
"""Reproduce (or retrain) the framing sentence model.

    python train.py                          # the shipped default model, into models/babe-default-<date>
    python train.py -o models/NAME --data my_labels.csv [--base-data none] [--cv 10]
    python train.py --ship                   # rebuild framing/data/default_model (maintainers)

A thin wrapper over ``framing.training.train``; same options as ``framing train``.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
from pathlib import Path

from framing.model import default_model_path
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
        "--ship",
        action="store_true",
        help="replace the packaged default model with the result (maintainers only)",
    )
    args = p.parse_args(argv)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
