"""Peak memory of `framing score` as the corpus grows: 1,000 vs 40,000 articles.

Usage: python bench/memory.py [--sizes 1000 40000] [--max-chars 400] [--new-words 0.02]
                              [--jobs 1] [--chunk-size 100] [--against DIR] [--caches]

Each corpus is built from the Article-Bias-Prediction sample
(../shared/datasets/articles/abp_sample.jsonl.gz, 6,000 articles) so that a larger
corpus brings new words, as a real one does, rather than repeats of the same texts: the
k-th pass over the sample takes each article's k-th window of ``--max-chars`` characters
(400 by default: the sample holds 92,825 such windows, so 40,000 articles are real text
read once), and from the second pass on a share ``--new-words`` of the words of every
window is made new: names (capitalised words) renamed, numbers changed, other words
misspelt (two letters swapped, one doubled or dropped), with a seed per article, so the
vocabulary keeps growing past what the sample holds. A window an article does not have is
one of its windows again with its own new words. The number of distinct words of each
corpus is printed beside its peak RSS.

Each corpus is scored in a fresh subprocess (outside the checkout, so that the framing
measured is this checkout's, or DIR's with ``--against DIR``, run alternately), which
prints its peak RSS (ru_maxrss; with ``--jobs`` > 1 the largest worker's too). Flat memory
means the peak does not grow with the corpus. ``--caches`` also prints, after scoring, the
largest per-word caches of the process (entries). The figure quoted in the README:
``python bench/memory.py --sizes 1000 40000``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ../shared beside the checkout (a worktree sits one level deeper: ../../shared)
_REPO = Path(__file__).resolve().parents[1]
_SHARED = next(
    (p / "shared" for p in (_REPO.parent, _REPO.parent.parent) if (p / "shared").is_dir()),
    _REPO.parent / "shared",
)
ABP = _SHARED / "datasets" / "articles" / "abp_sample.jsonl.gz"

CHILD = """
import resource, sys, time
from framing.corpus import score_file
start = time.perf_counter()
s = score_file(sys.argv[1], sys.argv[2], n_jobs=int(sys.argv[3]), chunk_size=int(sys.argv[4]), progress=False)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(s.n_articles, s.n_errors, own, workers, time.perf_counter() - start)
if sys.argv[5] == "1":
    import gc
    sizes = {}
    for o in gc.get_objects():
        if callable(o) and hasattr(o, "cache_info") and "framing" in getattr(o, "__module__", ""):
            sizes[o.__module__ + "." + o.__qualname__] = o.cache_info().currsize
    for o in gc.get_objects():
        if isinstance(o, dict) and len(o) > 5000:
            sizes.setdefault("dict of %d entries" % len(o), len(o))
    for name, n in sorted(sizes.items(), key=lambda x: -x[1])[:15]:
        print("cache", n, name)
"""

_WORD = re.compile(r"[^\W\d_]+|\d+")
_SYLLABLES = (
    "ba be bo da de di ka ke ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si "
    "so ta te ti to va ve vi za zo har mor tel vin dor gan pel ros wen ski"
).split()


def _new_word(word: str, rng: random.Random, names: dict[str, str]) -> str:
    """A new word in place of ``word``: a new name for a capitalised word (the same one
    each time it comes back in the article), another number, or a misspelling."""
    if word.isdigit():
        return str(rng.randrange(10 ** (len(word) - 1) if len(word) > 1 else 0, 10 ** len(word)))
    if word[0].isupper() and word[1:].islower():
        if word not in names:
            names[word] = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            names[word] = names[word].capitalize()
        return names[word]
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # one letter doubled
        return word[: i + 1] + word[i] + word[i + 1 :]
    return word[:i] + word[i + 1 :]  # one letter dropped


def perturb(text: str, rate: float, seed: int) -> str:
    """``text`` with a share ``rate`` of its words made new (see the module docstring)."""
    rng = random.Random(seed)
    names: dict[str, str] = {}
    return _WORD.sub(
        lambda m: (
            _new_word(m.group(0), rng, names)
            if m.group(0) in names or rng.random() < rate
            else m.group(0)
        ),
        text,
    )


def load_sample() -> list[dict]:
    if not ABP.exists():
        sys.exit(f"{ABP} not found: this benchmark needs the Article-Bias-Prediction sample")
    with gzip.open(ABP, "rt", encoding="utf-8") as f:
        out = []
        for line in f:
            r = json.loads(line)
            text = r.get("content_original") or r.get("content") or ""
            out.append({"id": r["id"], "outlet": r["source"], "text": text})
    return out


def build(base: list[dict], n: int, out: Path, max_chars: int, new_words: float) -> int:
    """Write the corpus of ``n`` articles to ``out``; return its number of distinct words."""
    vocabulary: set[str] = set()
    with open(out, "w", encoding="utf-8") as g:
        for i in range(n):
            a = base[i % len(base)]
            k = i // len(base)
            n_windows = max(1, -(-len(a["text"]) // max_chars))
            w = k % n_windows
            text = a["text"][w * max_chars : (w + 1) * max_chars]
            if k >= n_windows:  # a window again: its own new words, even with --new-words 0
                text = perturb(text, max(new_words, 0.02), seed=i)
            elif k and new_words:
                text = perturb(text, new_words, seed=i)
            vocabulary.update(_WORD.findall(text))
            g.write(json.dumps({"id": f"{a['id']}-{i}", "outlet": a["outlet"], "text": text}))
            g.write("\n")
    return len(vocabulary)


def run(framing_dir: Path | None, corpus: Path, out: Path, args, tmp: str) -> list[str]:
    env = dict(os.environ)
    if framing_dir is not None:
        env["PYTHONPATH"] = str(framing_dir) + os.pathsep + env.get("PYTHONPATH", "")
    argv = [str(corpus), str(out), str(args.jobs), str(args.chunk_size), str(int(args.caches))]
    res = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        cwd=tmp,  # not a checkout: -c puts the working directory before PYTHONPATH
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return res.stdout.splitlines()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 40000])
    ap.add_argument("--max-chars", type=int, default=400)
    ap.add_argument("--new-words", type=float, default=0.02)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=100)
    ap.add_argument("--against", type=Path, help="another checkout of framing, run alternately")
    ap.add_argument("--caches", action="store_true", help="print the largest caches too")
    args = ap.parse_args()
    base = load_sample()
    checkouts: list[tuple[str, Path | None]] = [("this", None)]
    if args.against:
        checkouts.append((str(args.against), args.against.resolve()))
    peaks: dict[str, dict[int, float]] = {name: {} for name, _ in checkouts}
    load = os.getloadavg()[0]
    print(
        f"load average {load:.2f}; windows of {args.max_chars} characters, "
        f"new words {args.new_words:.0%} from the second pass",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"c{n}.jsonl"
            words = build(base, n, corpus, args.max_chars, args.new_words)
            for name, path in checkouts:
                start = time.perf_counter()
                lines = run(path, corpus, Path(tmp) / f"s{n}.parquet", args, tmp)
                done, failed, own, workers, seconds = lines[0].split()
                peaks[name][n] = int(own) / 1024
                print(
                    f"{name}: {n:>6} articles ({corpus.stat().st_size / 1e6:.0f} MB JSONL, "
                    f"{words:,} distinct words): scored {done}, failed {failed}, "
                    f"{float(seconds):.0f} s, peak RSS {peaks[name][n]:.0f} MiB"
                    + (f", largest worker {int(workers) / 1024:.0f} MiB" if args.jobs != 1 else "")
                    + f" (total {time.perf_counter() - start:.0f} s)",
                    flush=True,
                )
                for line in lines[1:]:
                    print("   ", line)
    for name, p in peaks.items():
        small, big = min(p), max(p)
        if small != big:
            print(
                f"{name}: peak RSS growth {small} -> {big} articles: "
                f"{p[small]:.0f} -> {p[big]:.0f} MiB, {100 * (p[big] / p[small] - 1):+.1f}%"
            )


if __name__ == "__main__":
    main()
