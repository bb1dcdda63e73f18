"""Speed and memory of ``framing train`` on user rows on top of BABE, as ratios against a
fixed reference measured in the same run.

    python bench/train_speed.py [--rows 300] [--jobs 2] [--skip-no-cache]

The reference is one fit of the default sentence pipeline on all of BABE in a fresh
process (the unit of work a fold costs). Then, each in a fresh process and a fresh cache
folder shared by the runs below:

- ``--no-cache --jobs 1``: every fold fitted, one process (what a first run cost before the
  cache and the parallel folds; ``--skip-no-cache`` leaves it out);
- ``--jobs J``, cold cache: the first run (fits and stores the folds trained on BABE alone);
- ``--jobs J``, warm cache: a later run with other user rows' labels unchanged (loads them).

Each line gives the wall time of the whole command, the peak RSS of its largest process
and the peak of the sum over its process tree (sampled every 0.1 s), each also as a ratio
to the reference. The user rows are sentences of Article-Bias-Prediction articles
(../shared/datasets/articles, else the shipped sample articles) labelled by the shipped
model's own call at 0.5, a stand-in for a user's annotations. The runs must write the same
model file and the same figures: the script says whether they do.

Absolute times vary between machines and hours on a shared VM: compare the ratios.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared",
)
ABP = SHARED / "datasets" / "articles" / "abp_sample.jsonl.gz"

REFERENCE = """
from framing.features import make_sentence_pipeline
from framing.training import annotated_texts, load_babe
babe = load_babe()
make_sentence_pipeline(classifier__random_state=42).fit(annotated_texts(babe), babe.label)
"""


def article_texts(n: int) -> list[str]:
    path = ABP
    if not path.is_file():
        from framing.resources import data_path

        path = data_path("sample_articles.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out.append(r.get("content_original") or r.get("content") or r.get("text") or "")
            if len(out) == n:
                break
    return out


def user_rows(n: int, path: Path) -> Path:
    """n distinct sentences longer than 60 characters, labelled by the shipped model."""
    import framing
    from framing.text import tokenize

    seen: dict[str, str] = {}
    for text in article_texts(400):
        for s in tokenize(text).sentences:
            if len(s.text) > 60:
                seen.setdefault(" ".join(s.text.split()).lower(), s.text)
        if len(seen) >= n:
            break
    sents = list(seen.values())[:n]
    labels = (framing.load_model().predict_proba(sents)[:, 1] >= 0.5).astype(int)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(zip(sents, labels.tolist(), strict=True))
    return path


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall seconds, peak RSS (MiB) of the largest process and of the process tree's sum,
    and the return code."""
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    largest = total = 0
    while proc.poll() is None:
        rss = []
        try:
            for p in [proc, *proc.children(recursive=True)]:
                try:
                    rss.append(p.memory_info().rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
        except psutil.NoSuchProcess:
            pass
        if rss:
            largest, total = max(largest, max(rss)), max(total, sum(rss))
        time.sleep(0.1)
    dt = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode:
        print(f"  failed ({proc.returncode}): {err.strip()[-600:]}")
    return dt, largest / 2**20, total / 2**20, proc.returncode


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-no-cache", action="store_true")
    args = ap.parse_args()
    import framing

    print(
        f"{os.cpu_count()} cores, framing {framing.__version__}, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="train-speed-") as tmp:
        tmp = Path(tmp)
        data = user_rows(args.rows, tmp / "rows.csv")
        env = {**os.environ, "FRAMING_CACHE_DIR": str(tmp / "cache")}
        ref_t, ref_rss, _, rc = measure([sys.executable, "-c", REFERENCE], env)
        if rc:
            sys.exit(1)
        print(
            f"reference: one fit of the sentence pipeline on BABE: {ref_t:.1f} s, "
            f"{ref_rss:.0f} MiB",
            flush=True,
        )
        runs = (
            [] if args.skip_no_cache else [("--no-cache --jobs 1", ["--no-cache", "--jobs", "1"])]
        )
        j = str(args.jobs)
        runs += [
            (f"--jobs {j}, cold cache", ["--jobs", j]),
            (f"--jobs {j}, warm cache", ["--jobs", j]),
        ]
        outputs = []
        for i, (name, extra) in enumerate(runs):
            out = tmp / f"model-{i}"
            cmd = [sys.executable, "-m", "framing", "train", "--data", str(data), "-o", str(out)]
            dt, largest, total, rc = measure([*cmd, *extra], env)
            if rc:
                continue
            print(
                f"framing train, {args.rows} rows on top of BABE, {name}: {dt:.1f} s "
                f"({dt / ref_t:.1f}x the reference), largest process {largest:.0f} MiB "
                f"({largest / ref_rss:.2f}x), all processes {total:.0f} MiB "
                f"({total / ref_rss:.2f}x)",
                flush=True,
            )
            meta = json.loads((out / "meta.json").read_text("utf-8"))
            outputs.append((name, sha256(out / "model.pkl.gz"), meta["metrics"]))
        if len(outputs) > 1:
            same = all(o[1:] == outputs[0][1:] for o in outputs)
            print(
                "same model file and same cross-validated figures in every run: "
                + (
                    "yes"
                    if same
                    else "NO: " + ", ".join(o[0] for o in outputs if o[1:] != outputs[0][1:])
                )
            )


if __name__ == "__main__":
    main()
