"""Speed and memory of ``framing train`` on user rows on top of BABE, as ratios against a
fixed reference measured in the same run.

    python bench/train_speed.py [--rows 300] [--jobs 2] [--skip-no-cache] [--against OLD_CHECKOUT]

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
model and the same figures: the script says whether they do (the same P(biased) of
every BABE sentence and user row and the same coefficients; the model file's bytes differ
between processes, see :func:`predictions`).

With ``--against OLD_CHECKOUT`` (e.g. ``git worktree add ../old main``) every run is made
twice in turn, by the old checkout's code and by this one's (each with its own cache
folder), and each line gives the new/old ratio measured side by side; the reference fit is
measured at the start and again at the end, and the ratios are to their mean. Then the
script also says whether the old and the new code trained the same model and figures.

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


def measure(
    cmd: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, float, float, int]:
    """Wall seconds, peak RSS (MiB) of the largest process and of the process tree's sum,
    and the return code."""
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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


def figures(meta: dict) -> dict:
    """meta.json's metrics less the folder of the current default model compared with
    (each checkout has its own)."""
    metrics = json.loads(json.dumps(meta["metrics"]))
    for result in metrics.get("comparison", {}).get("results", []):
        result.get("model", {}).pop("path", None)
    return metrics


def predictions(model_dir: Path, texts: list[str]) -> str:
    """sha256 of the trained pipeline's P(biased) of ``texts`` and of its coefficients
    (the model file's own bytes differ between two processes that fit the same model:
    scikit-learn records ``id(None)`` in a fitted word vectorizer, and the annotated-word
    table's order follows the process's string hashing)."""
    import numpy as np

    from framing.model import load_model

    model = load_model(model_dir).estimator_model()
    h = hashlib.sha256(np.ascontiguousarray(model.predict_proba(texts)[:, 1]).tobytes())
    clf = model.estimator_.steps[-1][1]
    for part in (clf.coef_, clf.intercept_):
        h.update(np.ascontiguousarray(part).tobytes())
    return h.hexdigest()


def code_env(env: dict[str, str], checkout: Path | None, cache: Path) -> dict[str, str]:
    """The environment of a run of ``checkout``'s framing (None: this one), with ``cache``."""
    out = {**env, "FRAMING_CACHE_DIR": str(cache)}
    if checkout is not None:
        out["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [env.get("PYTHONPATH")])])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-no-cache", action="store_true")
    ap.add_argument("--against", type=Path, help="an old checkout, run side by side with this one")
    args = ap.parse_args()
    import framing

    old = args.against.resolve() if args.against else None
    if old is not None and not (old / "framing" / "__init__.py").is_file():
        sys.exit(f"{old}: not a framing checkout")
    print(
        f"{os.cpu_count()} cores, framing {framing.__version__}, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    codes = [("new", None)] if old is None else [("old", old), ("new", REPO)]
    with tempfile.TemporaryDirectory(prefix="train-speed-") as tmp:
        tmp = Path(tmp)
        data = user_rows(args.rows, tmp / "rows.csv")
        from framing.training import load_babe

        with open(data, encoding="utf-8", newline="") as f:
            scored = load_babe().text.tolist() + [r["text"] for r in csv.DictReader(f)]
        envs = {
            name: code_env(dict(os.environ), path, tmp / f"cache-{name}") for name, path in codes
        }
        refs: list[tuple[float, float]] = []

        def reference() -> None:
            ref_t, ref_rss, _, rc = measure([sys.executable, "-c", REFERENCE], envs["new"], tmp)
            if rc:
                sys.exit(1)
            refs.append((ref_t, ref_rss))
            print(
                f"reference: one fit of the sentence pipeline on BABE: {ref_t:.1f} s, "
                f"{ref_rss:.0f} MiB (load average {os.getloadavg()[0]:.2f})",
                flush=True,
            )

        reference()
        runs = (
            [] if args.skip_no_cache else [("--no-cache --jobs 1", ["--no-cache", "--jobs", "1"])]
        )
        j = str(args.jobs)
        runs += [
            (f"--jobs {j}, cold cache", ["--jobs", j]),
            (f"--jobs {j}, warm cache", ["--jobs", j]),
        ]
        outputs: dict[str, list] = {name: [] for name, _ in codes}
        results = []
        for i, (run_name, extra) in enumerate(runs):
            for name, _ in codes:
                out = tmp / f"model-{name}-{i}"
                cmd = [
                    sys.executable,
                    "-m",
                    "framing",
                    "train",
                    "--data",
                    str(data),
                    "-o",
                    str(out),
                ]
                dt, largest, total, rc = measure([*cmd, *extra], envs[name], tmp)
                if rc:
                    continue
                results.append((run_name, name, dt, largest, total))
                print(
                    f"{name}: framing train, {args.rows} rows on top of BABE, {run_name}: "
                    f"{dt:.1f} s, largest process {largest:.0f} MiB, all processes "
                    f"{total:.0f} MiB (load average {os.getloadavg()[0]:.2f})",
                    flush=True,
                )
                meta = json.loads((out / "meta.json").read_text("utf-8"))
                outputs[name].append(
                    (
                        run_name,
                        predictions(out, scored),
                        figures(meta),
                        sha256(out / "model.pkl.gz"),
                    )
                )
        reference()
        ref_t = sum(t for t, _ in refs) / len(refs)
        ref_rss = sum(r for _, r in refs) / len(refs)
        print(f"\nas ratios to the reference fit (mean {ref_t:.1f} s, {ref_rss:.0f} MiB):")
        for run_name, name, dt, largest, total in results:
            print(
                f"  {name}: {run_name}: {dt / ref_t:.2f}x the reference in time, "
                f"largest process {largest / ref_rss:.2f}x, all processes {total / ref_rss:.2f}x"
            )
        if old is not None:
            print("new / old, side by side:")
            for run_name, _ in runs:
                pair = {n: r for r in results if r[0] == run_name for n in [r[1]]}
                if len(pair) == 2:
                    o, n = pair["old"], pair["new"]
                    print(
                        f"  {run_name}: time {n[2] / o[2]:.2f}x ({o[2] / n[2]:.2f}x faster), "
                        f"all processes' memory {n[4] / o[4]:.2f}x"
                    )
        for name, outs in outputs.items():
            if len(outs) > 1:
                same = [o[1:3] == outs[0][1:3] for o in outs]
                print(
                    f"{name}: same predictions (BABE and the user rows), coefficients and "
                    "cross-validated figures in every run: "
                    + (
                        "yes"
                        if all(same)
                        else "NO: "
                        + ", ".join(o[0] for o, s in zip(outs, same, strict=True) if not s)
                    )
                    + "; same model file: "
                    + ("yes" if all(o[3] == outs[0][3] for o in outs) else "no")
                )
        if old is not None and outputs["old"] and outputs["new"]:
            pairs = list(zip(outputs["old"], outputs["new"], strict=False))
            same_pred = [a[1] == b[1] for a, b in pairs]
            same_metrics = [a[2] == b[2] for a, b in pairs]
            same_file = [a[3] == b[3] for a, b in pairs]
            print(
                f"old and new: same cross-validated figures: {'yes' if all(same_metrics) else 'NO'}; "
                f"same predictions on BABE and the user rows and same coefficients: "
                f"{'yes' if all(same_pred) else 'NO'} ({', '.join(str(x) for x in same_pred)}); "
                f"same model file: {', '.join(str(x) for x in same_file)}"
            )


if __name__ == "__main__":
    main()
