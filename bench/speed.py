"""Speed of framing, side by side with a RoBERTa-base anchor measured in the same run.

    python bench/speed.py [--articles 1000] [--anchor PYTHON] [--parts all]
                          [--train-rows 300] [--memory-sizes 1000 5000]

Parts (``--parts``, default all but ``memory``):

- ``anchor``: the RoBERTa-base classifier of ../shared/tools/roberta_speed.py (2 threads)
  in a Python that has torch and transformers (``--anchor``), run before and after the rest;
  every rate below is also printed as a ratio to the mean of the two runs;
- ``analyze``: ms per article of ``framing.analyze`` in one process (wall time, and the
  process's CPU time, which a crowded machine inflates less), split into the stages analyze
  runs, in its order (tokenize, sentence model, actor mentions, attribution with the learned
  extractor, lexicon, the tagger only where a category reports tagger-only words, actors
  with target sentiment, framing score), on the first articles of the Article-Bias-Prediction
  sample (../shared/datasets/articles), warm caches; with ``--against DIR`` (another checkout of
  framing, e.g. ``git worktree add /tmp/old main``) the part runs in child processes, this
  checkout's and DIR's framing alternately (``--against-rounds`` each), and prints both side
  by side with their ratios;
- ``predict``: sentences/s of the sentence model (``FramingModel.predict_proba``) on BABE;
- ``score``: ``framing score --jobs 1`` and ``--jobs 2`` on ``--articles`` articles, wall
  time of the whole command (start-up included), in articles/s and sentences/s, and its CPU
  time (workers included); with ``--against DIR`` DIR's ``framing score`` too, alternately
  (``--against-rounds`` each), with the ratios and whether both wrote the same rows;
- ``startup``: ``python -c pass``, ``framing --help`` and ``framing analyze`` of a short
  text, medians of interleaved runs, as ratios to ``python -c pass``, with each command's CPU
  time (user + system);
- ``train``: ``framing train`` on ``--train-rows`` user rows (BABE sentences relabelled
  from another corpus view: the rows of ``tests/data`` or BABE's last rows) on top of BABE,
  wall time and peak RSS;
- ``memory``: peak RSS of ``framing score`` on corpora of ``--memory-sizes`` articles
  (windows of ``--memory-max-chars`` characters of the ABP articles: each pass over the
  sample takes the next window, so a larger corpus brings new words).

Absolute times vary between machines and hours on a shared VM: compare the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree sits one level deeper: ../../shared)
SHARED = next(
    (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared",
)
ABP = SHARED / "datasets" / "articles" / "abp_sample.jsonl.gz"
ANCHOR = SHARED / "tools" / "roberta_speed.py"
PARTS = ("anchor", "analyze", "predict", "score", "startup", "train", "memory")


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import framing

    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"framing {framing.__version__}, load average {load:.2f}"
    )


def load_articles(n: int | None) -> list[dict]:
    """The first n ABP articles (id, outlet, text), all of them for None; the shipped
    samples (repeated up to n) if the ABP sample is absent."""
    rows = []
    if ABP.is_file():
        with gzip.open(ABP, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                text = r.get("content_original") or r.get("content") or ""
                rows.append({"id": r["id"], "outlet": r["source"], "text": text})
                if len(rows) == n:
                    break
        return rows
    from framing.resources import data_path

    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        base = [json.loads(line) for line in f]
    if n is None:
        return base
    while len(rows) < n:
        rows.extend({**r, "id": f"{r['id']}-{len(rows)}"} for r in base[: n - len(rows)])
    return rows


def framing_cmd() -> list[str]:
    script = Path(sys.executable).parent / "framing"
    if script.exists():
        return [str(script)]
    found = shutil.which("framing")
    return [found] if found else [sys.executable, "-m", "framing"]


class Anchor:
    """RoBERTa-base sentences/s from ../shared/tools/roberta_speed.py, run in ``python``."""

    def __init__(self, python: str | None) -> None:
        self.python = python
        self.runs: list[float] = []
        self.rates: list[tuple[str, float]] = []

    def run(self) -> None:
        if not self.python or not ANCHOR.is_file():
            return
        out = subprocess.run(
            [self.python, str(ANCHOR), "2"], capture_output=True, text=True, check=True
        )
        self.runs.append(float(out.stdout.strip().splitlines()[-1]))
        print(f"anchor RoBERTa-base (2 threads): {self.runs[-1]:.1f} sentences/s", flush=True)

    @property
    def rate(self) -> float | None:
        return statistics.mean(self.runs) if self.runs else None

    def ratio(self, sentences_per_second: float, what: str = "") -> str:
        """`` = Nx the anchor`` against the runs so far (each rate is kept, with ``what``,
        for :meth:`summary`)."""
        self.rates.append((what, sentences_per_second))
        rate = self.rate
        return f" = {sentences_per_second / rate:,.0f}x the anchor" if rate else ""

    def summary(self) -> None:
        """Every rate again as a ratio to the mean of all anchor runs."""
        if not self.runs:
            return
        print(
            f"anchor mean of {len(self.runs)} runs: {self.rate:.1f} sentences/s; "
            "ratios to it: "
            + "; ".join(f"{what} {r / self.rate:,.0f}x" for what, r in self.rates if what)
        )


def part_analyze(articles: list[dict], n: int) -> dict[str, float]:
    """ms per article of analyze and of its stages, one process, warm caches.

    The stages are the steps ``framing.analyze`` runs, in its order, with its own functions
    (:mod:`framing.scoring`): page furniture blanked and tokenized, the sentence model, the
    actor mentions, the attributions (the learned extractor, resolved against the mentions),
    the lexicon's terms, the tagger only where some category reports tagger-only words
    (``tagger_from`` in ``framing/data/term_categories.tsv``; otherwise analyze does not run
    it and neither does this), the actors with target sentiment, and the framing score."""
    import numpy as np

    import framing
    from framing import scoring
    from framing.actors import find_actors
    from framing.attribution import extract_attributions
    from framing.furniture import blank_furniture
    from framing.lexicon import Lexicon
    from framing.mentions import find_mentions
    from framing.resources import is_reported, tagger_reported_from
    from framing.text import tokenize

    model, lex = framing.load_model(), Lexicon.default()
    texts = [a["text"] for a in articles[:n]]
    for t in texts[:20]:
        framing.analyze(t, model=model)  # warm caches
    tagger = model.tagger is not None and bool(tagger_reported_from())
    stages = ("tokenize", "sentence_model", "mentions", "attribution", "lexicon")
    stages += ("tagger",) * tagger + ("actors", "score")
    totals = dict.fromkeys(stages, 0.0)
    totals["analyze"] = 0.0
    sentiment = model.component("target_sentiment")
    learned = model.component("attribution")
    cpu = 0.0
    one_thread = scoring._blas_threads().limit(limits=1, user_api="blas")  # as analyze runs
    for t in texts:
        marks = []
        with scoring._gc_paused():  # as analyze runs
            marks.append(time.perf_counter())
            doc = tokenize(blank_furniture(t)[0])
            marks.append(time.perf_counter())
            probs = np.zeros(len(doc.sentences))
            wordy = [s.index for s in doc.sentences if s.words]
            if wordy:
                probs[wordy] = model.predict_proba([doc.sentences[i].text for i in wordy])[:, 1]
            marks.append(time.perf_counter())
            mentions = find_mentions(doc)
            marks.append(time.perf_counter())
            attr = extract_attributions(doc, learned=learned, mentions=mentions)
            marks.append(time.perf_counter())
            terms = [
                scoring._loaded_term(doc, attr, m, "lexicon", m.rule, m.direction or "")
                for m in lex.match(doc)
            ]
            marks.append(time.perf_counter())
            if tagger:
                terms.extend(scoring._model_terms(model, doc, probs, terms, attr))
                marks.append(time.perf_counter())
            terms = [
                x
                for x in scoring._outside_names(doc, terms)
                if is_reported(x.category, x.confidence, x.source)
            ]
            actors = find_actors(doc, terms, attr.is_quoted, sentiment=sentiment, mentions=mentions)
            marks.append(time.perf_counter())
            subscores = dict.fromkeys(scoring.SUBSCORE_WEIGHTS, 0.5)
            signals = attr.signals(doc.n_words)
            scoring._framing_score(model, subscores, terms, signals, doc.n_words, actors)
            marks.append(time.perf_counter())
        for k, a, b in zip(stages, marks[:-1], marks[1:], strict=True):
            totals[k] += b - a
        c0, t0 = time.process_time(), time.perf_counter()
        framing.analyze(t, model=model)
        totals["analyze"] += time.perf_counter() - t0
        cpu += time.process_time() - c0
    one_thread.restore_original_limits()
    ms = {k: 1000 * v / len(texts) for k, v in totals.items()}
    ms["analyze_cpu"] = 1000 * cpu / len(texts)
    ms["stages_sum"] = sum(ms[k] for k in stages)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"analyze, one process, {len(texts)} articles of {words:.0f} words on average: "
        f"{ms['analyze']:.1f} ms per article ({1000 / ms['analyze']:.1f} articles/s, "
        f"{900 * ms['analyze'] / words:.1f} ms per 900 words; CPU time of this process "
        f"{ms['analyze_cpu']:.1f} ms per article); its stages run apart, in its order "
        f"(sum {ms['stages_sum']:.1f}): "
        + ", ".join(f"{k} {ms[k]:.1f}" for k in stages)
        + ("" if tagger else " (no tagger: no category reports tagger-only words)"),
        flush=True,
    )
    return ms


def part_analyze_against(other: Path, n: int, rounds: int, tmp: Path) -> None:
    """part_analyze of this checkout and of ``other`` side by side, each in its own child
    process (PYTHONPATH), alternately, ``rounds`` times each; medians per figure."""
    results: dict[str, list[dict[str, float]]] = {"this checkout": [], str(other): []}
    for _ in range(rounds):
        for name, checkout in (("this checkout", REPO), (str(other), other)):
            env = dict(os.environ, PYTHONPATH=str(checkout))
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--parts", "analyze"]
                + ["--analyze-articles", str(n), "--json"],
                env=env,
                cwd=tmp,  # not a checkout: -c and scripts put it before PYTHONPATH
                capture_output=True,
                text=True,
                check=True,
            )
            line = next(ln for ln in out.stdout.splitlines() if ln.startswith("{"))
            results[name].append(json.loads(line))
    new, old = results["this checkout"], results[str(other)]
    print(f"analyze against {other}, {rounds} child processes each, alternately (medians):")
    for key in dict.fromkeys([*new[0], *old[0]]):
        here = [r[key] for r in new if key in r]
        there = [r[key] for r in old if key in r]
        a = f"{statistics.median(here):7.2f} ms here" if here else "    (none) here"
        b = f"{statistics.median(there):7.2f} ms there" if there else "    (none) there"
        ratio = (
            f": {statistics.median(there) / statistics.median(here):5.2f}x"
            if here and there
            else ""
        )
        print(f"  {key:<16} {a}, {b}{ratio}")


def part_predict(anchor: Anchor) -> float:
    import framing
    from framing.training import load_babe

    model = framing.load_model()
    sents = load_babe().text.tolist()[:3000]
    model.predict_proba(sents)  # warm caches
    t0 = time.perf_counter()
    model.predict_proba(sents)
    rate = len(sents) / (time.perf_counter() - t0)
    print(
        f"sentence model predict_proba, one process: {rate:,.0f} sentences/s "
        f"(BABE, {len(sents)} sentences){anchor.ratio(rate, 'predict_proba')}",
        flush=True,
    )
    return rate


def _sentences(articles: list[dict]) -> int:
    from framing.text import split_sentences

    return sum(len(split_sentences(a["text"])) for a in articles)


def _run_score(
    corpus: Path, out: Path, jobs: int, checkout: Path | None, tmp: Path
) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the workers included) of one whole
    ``framing score`` command; ``checkout``: another checkout's framing (PYTHONPATH)."""
    if checkout is None:
        cmd, env = framing_cmd(), None
    else:
        cmd, env = [sys.executable, "-m", "framing"], dict(os.environ, PYTHONPATH=str(checkout))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [*cmd, "score", str(corpus), "-o", str(out), "--jobs", str(jobs), "-q"],
        env=env,
        cwd=tmp,  # not a checkout: -m puts the working directory before PYTHONPATH
        check=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _same_rows(a: Path, b: Path) -> bool:
    import pyarrow.parquet as pq

    return pq.read_table(a).equals(pq.read_table(b))


def part_score(
    articles: list[dict],
    jobs: list[int],
    anchor: Anchor,
    tmp: Path,
    against: Path | None = None,
    rounds: int = 1,
) -> None:
    """``framing score`` on the articles, whole command, per ``--jobs`` value; with
    ``against``, that checkout's too, alternately, ``rounds`` times each (medians), with
    the ratios and whether the two outputs hold the same rows."""
    corpus = tmp / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a) + "\n")
    n_sent = _sentences(articles)
    rates = {}
    for j in jobs:
        runs: dict[str, list[tuple[float, float]]] = {"here": [], "there": []}
        for _ in range(rounds if against else 1):
            for name, checkout in (("here", REPO if against else None), ("there", against)):
                if name == "there" and against is None:
                    continue
                out = tmp / f"scores-{j}-{name}.parquet"
                runs[name].append(_run_score(corpus, out, j, checkout, tmp))
        dt = statistics.median(w for w, _ in runs["here"])
        cpu = statistics.median(c for _, c in runs["here"])
        rates[j] = len(articles) / dt
        print(
            f"framing score --jobs {j}, {len(articles)} articles ({n_sent} sentences), whole "
            f"command: {dt:.1f} s, {rates[j]:.1f} articles/s, {n_sent / dt:,.0f} sentences/s"
            f"{anchor.ratio(n_sent / dt, f'framing score --jobs {j}')}; CPU {cpu:.1f} s "
            f"({1000 * cpu / len(articles):.1f} ms per article)"
            + (f", median of {rounds} runs" if against else ""),
            flush=True,
        )
        if against:
            w2 = statistics.median(w for w, _ in runs["there"])
            c2 = statistics.median(c for _, c in runs["there"])
            same = _same_rows(tmp / f"scores-{j}-here.parquet", tmp / f"scores-{j}-there.parquet")
            print(
                f"  against {against}: {w2:.1f} s wall ({len(articles) / w2:.1f} articles/s), "
                f"CPU {c2:.1f} s: {w2 / dt:.2f}x wall, {c2 / cpu:.2f}x CPU; "
                f"outputs {'identical' if same else 'DIFFER'}",
                flush=True,
            )
    if 1 in rates and len(rates) > 1:
        print(
            "  speed-up: "
            + ", ".join(f"--jobs {j} {r / rates[1]:.2f}x" for j, r in rates.items() if j != 1)
        )


def part_startup(runs: int) -> None:
    short = "Critics slammed the so-called reform, officials said."
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "framing --help": [*framing_cmd(), "--help"],
        "framing analyze (short text)": [*framing_cmd(), "analyze", "-"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs + 1):
        for name, cmd in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                cmd,
                input=short if "analyze" in name else None,
                text=True,
                stdout=subprocess.DEVNULL,
                check=True,
            )
            times[name].append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    base = statistics.median(times["python -c pass"][1:])
    print(
        f"start-up, median of {runs} interleaved runs (the first run, cold, left out; "
        "wall time, its ratio to python -c pass, and the command's CPU time, user + system):"
    )
    for name, values in times.items():
        med = statistics.median(values[1:])
        c = statistics.median(cpu[name][1:])
        print(
            f"  {name:<30} {1000 * med:7.0f} ms  {med / base:5.1f}x python -c pass  "
            f"CPU {1000 * c:6.0f} ms"
        )


def _user_rows(n: int, tmp: Path) -> Path:
    """n labelled rows that are not BABE's: sentences of ABP articles labelled by the
    shipped model's own call at 0.5 (a stand-in for a user's annotations)."""
    import framing
    from framing.text import tokenize

    model = framing.load_model()
    seen: dict[str, str] = {}  # distinct sentences in order (label files refuse repeats)
    for a in load_articles(400):
        for s in tokenize(a["text"]).sentences:
            if len(s.text) > 60:
                seen.setdefault(" ".join(s.text.split()).lower(), s.text)
        if len(seen) >= n:
            break
    sents = list(seen.values())[:n]
    labels = (model.predict_proba(sents)[:, 1] >= 0.5).astype(int)
    path = tmp / "user_rows.csv"
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(zip(sents, labels.tolist(), strict=True))
    return path


def part_train(n_rows: int, jobs: int, tmp: Path) -> None:
    data = _user_rows(n_rows, tmp)
    out = tmp / "models" / "user-model"
    out.parent.mkdir(parents=True, exist_ok=True)  # framing train refuses a missing folder
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [*framing_cmd(), "train", "--data", str(data), "-o", str(out), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
    )
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode:
        print(f"framing train failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        return
    note = "" if peak > before else " (not above an earlier child's peak)"
    print(
        f"framing train, {n_rows} user rows on top of BABE, --jobs {jobs}: {dt:.1f} s, "
        f"peak RSS of the largest process {peak / 1024:.0f} MiB{note}",
        flush=True,
    )


MEMORY_CHILD = """
import resource, sys
from framing.corpus import score_file
s = score_file(sys.argv[1], sys.argv[2], n_jobs=1, chunk_size=100, progress=False)
print(s.n_articles, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def part_memory(sizes: list[int], max_chars: int, tmp: Path) -> None:
    """Peak RSS of ``framing score`` on corpora of ``sizes`` articles, built as
    bench/memory.py builds them: the k-th pass over the ABP sample takes each article's
    k-th window of ``max_chars`` characters, and from the second pass 2% of the words are
    made new, so a larger corpus brings new words (as a real one does) rather than repeats
    of the same texts, and the per-word caches are really filled."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import memory  # bench/memory.py: the same corpora (windows, then new words)

    base = memory.load_sample()
    peaks = {}
    for n in sizes:
        corpus = tmp / f"memory-{n}.jsonl"
        memory.build(base, n, corpus, max_chars, 0.02)
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(corpus), str(tmp / f"memory-{n}.parquet")],
            cwd=tmp,  # not a checkout: -c puts the working directory before PYTHONPATH
            capture_output=True,
            text=True,
            check=True,
        )
        _, kib = out.stdout.split()
        peaks[n] = int(kib) / 1024
        first = peaks[sizes[0]]
        print(
            f"framing score peak RSS, {n} articles (windows of {max_chars} characters): "
            f"{peaks[n]:.0f} MiB ({100 * (peaks[n] / first - 1):+.1f}% against {sizes[0]})",
            flush=True,
        )


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--articles", type=int, default=1000, help="articles for `framing score`")
    p.add_argument("--analyze-articles", type=int, default=100)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--anchor", help="a Python with torch and transformers (for the anchor)")
    p.add_argument("--parts", nargs="+", choices=(*PARTS, "all"), default=["all"])
    p.add_argument("--startup-runs", type=int, default=7)
    p.add_argument("--train-rows", type=int, default=300)
    p.add_argument("--train-jobs", type=int, default=2)
    p.add_argument("--memory-sizes", type=int, nargs="+", default=[1000, 5000])
    p.add_argument("--memory-max-chars", type=int, default=2000)
    p.add_argument("--against", type=Path, help="another checkout: analyze and score side by side")
    p.add_argument("--against-rounds", type=int, default=3)
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # for --against
    args = p.parse_args()
    parts = set(PARTS) - {"memory"} if "all" in args.parts else set(args.parts)

    print(f"machine: {machine()}", flush=True)
    anchor = Anchor(args.anchor if "anchor" in parts else None)
    anchor.run()
    articles = load_articles(max(args.articles, args.analyze_articles))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if "analyze" in parts and args.against:
            part_analyze_against(
                args.against.resolve(), args.analyze_articles, args.against_rounds, tmp
            )
        elif "analyze" in parts:
            ms = part_analyze(articles, args.analyze_articles)
            if args.json:
                print(json.dumps(ms))
        if "predict" in parts:
            part_predict(anchor)
        if "score" in parts:
            part_score(
                articles[: args.articles],
                args.jobs,
                anchor,
                tmp,
                args.against.resolve() if args.against else None,
                args.against_rounds,
            )
        if "startup" in parts:
            part_startup(args.startup_runs)
        if "train" in parts:
            part_train(args.train_rows, args.train_jobs, tmp)
        if "memory" in parts:
            part_memory(args.memory_sizes, args.memory_max_chars, tmp)
    anchor.run()
    anchor.summary()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
