"""The progress line of a corpus run on stderr."""

from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


class Progress:
    """One self-overwriting line on stderr: articles, articles/s, percent read, ETA.

    The ETA extrapolates the rate at which the input has been read since the
    start (or, when resuming, since the first new chunk).
    """

    def __init__(self, enabled: bool, resumed: bool = False):
        self.enabled = enabled
        self.start = time.monotonic()
        self.origin: tuple[float, float] | None = None if resumed else (self.start, 0.0)
        self.n = 0

    def update(self, n_new: int, fraction: float | None) -> None:
        self.n += n_new
        if not self.enabled:
            return
        now = time.monotonic()
        text = f"\r{self.n:,} articles  {self.n / max(now - self.start, 1e-9):.1f}/s"
        if fraction is not None:
            text += f"  {100 * fraction:.0f}%"
            if self.origin is None:
                self.origin = (now, fraction)
            t0, f0 = self.origin
            if fraction > f0:
                eta = int((now - t0) * (1.0 - fraction) / (fraction - f0))
                text += f"  ETA {eta // 3600}:{eta % 3600 // 60:02d}:{eta % 60:02d}"
        sys.stderr.write(text + "   ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.enabled = False
