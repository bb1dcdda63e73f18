"""Time per KB of ``framing.analyze`` on pathological text against news text. Prints figures.

    python bench/adversarial.py [--kb 16] [--repeat 3] [--only NAME ...]

Each generator builds about ``--kb`` KB of text that stresses one part of the pipeline (runs
of short quotes, brackets, dashes, capitals, repeated cue verbs, no punctuation, one long
line, many short lines, nested quotes, long words, emoji, zero-width characters, fullwidth
letters with combining marks); the news baseline is the shipped
sample articles joined to the same size. For each, the best of ``--repeat`` runs is divided
by the text's size, and the ratio to news text is printed; the script exits 1 when a
generator is more than 3x slower per KB than news text (``--limit``). Also measured at twice
the size, so a cost that grows faster than the text shows as a ratio that doubles. Times are
the CPU time of this process (``time.process_time``), so other work on the machine does not
move the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Callable

import framing
from framing.resources import data_path


def news(n: int) -> str:
    parts: list[str] = []
    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            parts.append(json.loads(line)["text"])
            if sum(map(len, parts)) >= n:
                break
    return "\n\n".join(parts)[:n]


def _fill(unit: Callable[[random.Random], str], n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        piece = unit(rng)
        out.append(piece)
        size += len(piece)
    return "".join(out)[:n]


WORDS = "the regime said militants attacked town officials rebels forces claimed civilians".split()

GENERATORS: dict[str, Callable[[int], str]] = {
    "short quotes": lambda n: '"a" ' * (n // 4),
    "curly quotes": lambda n: "“so” ‘x’ " * (n // 9),
    "unclosed quotes": lambda n: _fill(lambda r: f'"{r.choice(WORDS)} ', n),
    "nested quotes": lambda n: _fill(lambda r: "“a ‘b “c ‘d", n),
    "brackets": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "dashes": lambda n: _fill(lambda r: r.choice(["—", "-", "–", " — "]), n),
    "capitals": lambda n: _fill(lambda r: r.choice(WORDS).upper() + " ", n),
    "capitalised names": lambda n: _fill(lambda r: r.choice(WORDS).title() + " ", n),
    "cue verbs": lambda n: _fill(lambda r: "said told claimed according to ", n),
    "said after quotes": lambda n: _fill(lambda r: f'"{r.choice(WORDS)}," he said. ', n),
    "bare cue after quotes": lambda n: _fill(lambda r: f"“{r.choice(WORDS)}.” Smith said. ", n),
    "quote digraphs": lambda n: _fill(lambda r: f"''{r.choice(WORDS)},'' he said. ``No,'' ", n),
    "no punctuation": lambda n: _fill(lambda r: r.choice(WORDS) + " ", n),
    "one long word": lambda n: "a" * n,
    "many short lines": lambda n: _fill(lambda r: r.choice(WORDS) + "\n", n),
    "sentence ends": lambda n: ". " * (n // 2),
    "so-called": lambda n: _fill(lambda r: f'so-called "{r.choice(WORDS)}" ', n),
    "pronouns": lambda n: _fill(lambda r: r.choice(["he ", "she ", "they ", "it "]), n),
    "emoji": lambda n: "🙂💣 " * (n // 3),
    "capitalised cue runs": lambda n: "The Regime Said " * (n // 16),
    "one source, many quotes": lambda n: _fill(
        lambda r: f'"The {r.choice(WORDS)} attacked," Smith said. ', n
    ),
    "zero-width characters": lambda n: _fill(lambda r: "\u200b".join(r.choice(WORDS)) + " ", n),
    "fullwidth and marks": lambda n: _fill(
        lambda r: "".join(chr(ord(c) + 0xFEE0) + "\u0336" for c in r.choice(WORDS)) + "\u00a0", n
    ),
}


def per_kb(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        framing.analyze(text)
        best = min(best, time.process_time() - t0)
    return best / (len(text.encode("utf-8")) / 1024)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=float, default=3.0)
    ap.add_argument("--only", nargs="*", default=(), help="generator names (default: all)")
    args = ap.parse_args()
    framing.analyze("Warm up: the regime said militants attacked.")
    n = args.kb * 1024
    base = {k: per_kb(news(k), args.repeat) for k in (n, 2 * n)}
    print(
        f"news text: {1000 * base[n]:.2f} ms/KB at {args.kb} KB, "
        f"{1000 * base[2 * n]:.2f} ms/KB at {2 * args.kb} KB"
    )
    print(f"{'generator':<20} {'ms/KB':>8} {'x news':>7} {'x news (2x size)':>17}")
    worst = 0.0
    for name, make in GENERATORS.items():
        if args.only and name not in args.only:
            continue
        ratios = []
        for size in (n, 2 * n):
            ratios.append(per_kb(make(size), args.repeat) / base[size])
        worst = max(worst, *ratios)
        ms = 1000 * ratios[0] * base[n]
        print(f"{name:<20} {ms:8.2f} {ratios[0]:7.2f} {ratios[1]:17.2f}")
    verdict = "within" if worst <= args.limit else "NOT within"
    print(f"worst: {worst:.2f}x news text per KB ({verdict} {args.limit:g}x)")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
