"""Start-up cost of the command line: `framing --help` and `import framing` against `python -c pass`.

    python bench/startup.py [--runs 15]

Each command runs in a fresh interpreter, the three interleaved run by run so that a busy
machine slows them alike; the figures are medians of wall time and the ratios are against
`python -c pass` measured in the same loop.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _framing_help() -> list[str]:
    script = Path(sys.executable).parent / "framing"
    if script.exists():
        return [str(script), "--help"]
    found = shutil.which("framing")
    if found:
        return [found, "--help"]
    return [sys.executable, "-c", "from framing.cli import main; main(['--help'])"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import framing'": [sys.executable, "-c", "import framing"],
        "framing --help": _framing_help(),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache once
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    for _ in range(args.runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["python -c pass"])
    print(f"median wall time over {args.runs} interleaved runs ({sys.executable}):")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"  {name:<28} {1000 * med:7.1f} ms   {med / base:5.1f}x python -c pass")


if __name__ == "__main__":
    main()
