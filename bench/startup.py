"""Start-up cost of the command line against `python -c pass`, and where it goes.

    python bench/startup.py [--runs 15] [--against OLD_CHECKOUT]

Each command runs in a fresh interpreter, all of them interleaved run by run so that a busy
machine slows them alike; the figures are medians of wall time and of CPU time (user +
system), and the ratios are against `python -c pass` measured in the same loop:

- ``import framing``, ``framing --help``;
- ``framing analyze`` of one sentence (on standard input): the start-up of a real command
  (imports, the model and its components unpickled, the data files read, the exit);
- with ``--against DIR``, the same commands run from another checkout of framing (for
  example ``git worktree add /tmp/old main``), each pair side by side with its ratio.

Then one fresh interpreter times the phases of that one-sentence analysis (CPU time of each
step, in order), and one fresh interpreter per heavy library times its import alone: what
the analysis pays for each.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "Critics slammed the so-called reform, officials said."

#: One fresh interpreter: CPU time of each phase of a one-sentence analysis, in order.
PHASES = r"""
import json, resource, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
out, last = {}, cpu()
def mark(name):
    global last
    now = cpu(); out[name] = now - last; last = now
import framing, framing.scoring
mark("import framing.scoring (numpy, scikit-learn, ...)")
model = framing.load_model()
mark("load_model (sentence model, tagger)")
model.component("attribution"); model.component("target_sentiment")
mark("components (attribution, target sentiment)")
framing.analyze(sys.argv[1], model=model)
mark("first analyze (data files read on first use)")
framing.analyze(sys.argv[1] + " Again.", model=model)
mark("second analyze")
heavy = ("sklearn", "nltk", "scipy.stats", "pandas", "pyarrow", "torch")
out["modules"] = [m for m in heavy if m in sys.modules]
print(json.dumps(out))
"""

HEAVY = ("numpy", "scipy.sparse", "sklearn.linear_model", "nltk", "pandas")


def _env(checkout: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(checkout), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    return env


def _commands(checkout: Path, tag: str) -> dict[str, tuple[list[str], dict, str | None]]:
    py, env = sys.executable, _env(checkout)
    return {
        f"import framing{tag}": ([py, "-c", "import framing"], env, None),
        f"framing --help{tag}": ([py, "-m", "framing", "--help"], env, None),
        f"framing analyze (one sentence){tag}": (
            [py, "-m", "framing", "analyze", "-"],
            env,
            SENTENCE,
        ),
    }


#: The children's working directory: not a checkout (``python -m`` and ``-c`` put the
#: working directory ahead of PYTHONPATH).
NEUTRAL = tempfile.mkdtemp(prefix="framing-startup-")


def _run(cmd: list[str], env: dict, stdin: str | None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        cmd, input=stdin, text=True, env=env, cwd=NEUTRAL, stdout=subprocess.DEVNULL, check=True
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _cpu_of(code: str, env: dict, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=NEUTRAL,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another checkout of framing to compare")
    args = parser.parse_args()
    commands = {"python -c pass": ([sys.executable, "-c", "pass"], dict(os.environ), None)}
    commands.update(_commands(REPO, ""))
    if args.against:
        commands.update(_commands(args.against.resolve(), " [against]"))
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, env, stdin in commands.values():  # warm the file cache once
        _run(cmd, env, stdin)
    for _ in range(args.runs):
        for name, (cmd, env, stdin) in commands.items():
            wall, cpu = _run(cmd, env, stdin)
            times[name].append(wall)
            cpus[name].append(cpu)
    load = os.getloadavg()[0]
    base = statistics.median(times["python -c pass"])
    print(f"median over {args.runs} interleaved runs ({sys.executable}, load average {load:.2f}):")
    for name, values in times.items():
        med, cpu = statistics.median(values), statistics.median(cpus[name])
        line = (
            f"  {name:<44} {1000 * med:7.0f} ms  {med / base:5.1f}x python -c pass  "
            f"CPU {1000 * cpu:6.0f} ms"
        )
        old = name + " [against]"
        if args.against and old in times:
            old_cpu = statistics.median(cpus[old])
            line += f"  (against: {old_cpu / cpu:.2f}x the CPU)"
        print(line)

    print("phases of a one-sentence analysis in one fresh interpreter (CPU time):")
    phases = json.loads(_cpu_of(PHASES, _env(REPO), SENTENCE))
    modules = phases.pop("modules")
    for name, seconds in phases.items():
        print(f"  {name:<52} {1000 * seconds:7.0f} ms")
    print(f"  heavy libraries it imported: {', '.join(modules) or 'none'}")
    print("import of each library alone, in a fresh interpreter (CPU time):")
    timer = (
        "import resource, sys, importlib\n"
        "r = resource.getrusage(resource.RUSAGE_SELF); t = r.ru_utime + r.ru_stime\n"
        "importlib.import_module(sys.argv[1])\n"
        "r = resource.getrusage(resource.RUSAGE_SELF); print(r.ru_utime + r.ru_stime - t)\n"
    )
    for name in HEAVY:
        seconds = statistics.median(float(_cpu_of(timer, dict(os.environ), name)) for _ in range(3))
        print(f"  import {name:<45} {1000 * seconds:7.0f} ms")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    os.rmdir(NEUTRAL)


if __name__ == "__main__":
    main()
