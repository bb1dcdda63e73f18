"""Progress bars on stderr for long work: scoring, cross-validation folds, evaluation, suggest.

:class:`Progress` is a `tqdm <https://tqdm.github.io>`_ bar (count, rate and time left) that
appears at once and is redrawn at least every second by a small thread, even while a long
step (a chunk of articles, a fold) runs; it is off when stderr is not a terminal or when
switched off (``--quiet``). When the total is not known in advance (a corpus read as a
stream), the total is estimated from the share of the input read so far.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

__all__ = ["Progress", "quiet", "in_batches"]

_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("framing_quiet", default=False)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """No progress bar within this block (``--quiet``), unless one is asked for explicitly."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


_NO_TOTAL = "{desc}{n_fmt} {unit} [{elapsed}, {speed}]"
#: tqdm's own layout, with the time left counting down between updates ({left}).
_WITH_TOTAL = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{left}, {speed}]"
_CLASS: list[Any] = []


def _countdown_class() -> Any:
    """tqdm whose time left counts down each second between updates (tqdm's own stays
    frozen until the next item is done, which a chunk of articles can take a minute to be)."""
    if _CLASS:
        return _CLASS[0]
    import time

    from tqdm import tqdm

    class Countdown(tqdm):
        _deadline: float | None = None

        def update(self, n: float | None = 1) -> bool | None:
            done = self.n + (n or 0)
            elapsed = self._time() - self.start_t
            if self.total and done > 0 and elapsed > 0:  # at the mean rate so far
                left = max(0.0, self.total - done) * elapsed / done
                self._deadline = time.monotonic() + left
            return super().update(n)

        @property
        def format_dict(self) -> dict:
            d = super().format_dict
            left = None if self._deadline is None else self._deadline - time.monotonic()
            d["left"] = "?" if left is None else self.format_interval(max(0.0, left))
            rate = d["n"] / d["elapsed"] if d["n"] and d["elapsed"] else None
            d["speed"] = f"{'?' if rate is None else f'{rate:.2f}'} {d['unit']}/s"
            return d

    _CLASS.append(Countdown)
    return Countdown


def _columns(stream: Any) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, AttributeError, ValueError):
        return 0


class Progress:
    """A progress bar on stderr, redrawn at least every ``interval`` seconds.

    Parameters
    ----------
    enabled : bool or None
        None: when stderr is a terminal (and not within :func:`quiet`).
    unit : str
        What is counted (plural): ``"articles"``, ``"folds"``...
    total : int, optional
        How many there will be; else estimated from ``fraction`` in :meth:`update`.
    desc : str, optional
        A label in front of the bar.
    resumed : bool
        The input was partly read before (a resumed run): the estimate of the total
        starts from the first :meth:`update`.
    lines : callable, optional
        Receives one line per :meth:`update` (``"desc: 3/10 folds, 41 s"``) when no bar is
        drawn (stderr not a terminal) and not within :func:`quiet`: the progress of a few
        long items (folds) in a log.
    """

    def __init__(
        self,
        enabled: bool | None = None,
        unit: str = "articles",
        total: int | None = None,
        desc: str | None = None,
        resumed: bool = False,
        interval: float = 1.0,
        stream: Any = None,
        lines: Callable[[str], None] | None = None,
    ):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = not _QUIET.get() and self.stream.isatty()
        self.enabled = bool(enabled)
        self.n = 0
        self._lines = lines if not self.enabled and not _QUIET.get() else None
        self._label = (desc, unit, total)
        self._start = time.monotonic()
        #: (share of the input read, count) where the estimate of the total starts
        self._origin: tuple[float, int] | None = None if resumed else (0.0, 0)
        self._bar: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if not self.enabled:
            return
        tqdm = _countdown_class()
        width = _columns(self.stream)  # a terminal that reports no width gets 100 columns
        self._bar = tqdm(
            total=total,
            desc=desc,
            unit=unit,
            # "12 articles [00:03, 4.00 articles/s]"; with a total, a bar and the time left
            bar_format=_WITH_TOTAL if total is not None else _NO_TOTAL,
            file=self.stream,
            dynamic_ncols=bool(width),
            ncols=None if width else 100,
            mininterval=0.2,
            smoothing=0.1,
            leave=True,
        )
        self._bar.refresh()  # shown at once, before the first item is done
        self._thread = threading.Thread(
            target=self._tick, args=(interval,), name="framing-progress", daemon=True
        )
        self._thread.start()

    def _tick(self, interval: float) -> None:
        while not self._stop.wait(interval):
            bar = self._bar
            if bar is not None:
                bar.refresh()

    def update(self, n_new: int = 1, fraction: float | None = None) -> None:
        """Count ``n_new`` more; ``fraction`` (0..1) is how much of the input has been read,
        from which the total is estimated when it was not given."""
        self.n += n_new
        bar = self._bar
        if bar is None:
            if self._lines is not None:
                desc, unit, total = self._label
                done = f"{self.n}/{total}" if total is not None else str(self.n)
                self._lines(
                    f"  {desc + ': ' if desc else ''}{done} {unit}, "
                    f"{time.monotonic() - self._start:.0f} s"
                )
            return
        if fraction is not None:
            if self._origin is None:  # resumed: measure from here
                self._origin = (fraction, self.n)
            f0, n0 = self._origin
            if fraction > f0:
                rest = (self.n - n0) * (1.0 - fraction) / (fraction - f0)
                bar.total = self.n + round(rest)
                bar.bar_format = _WITH_TOTAL  # now a bar with the time left
        bar.update(n_new)

    def close(self) -> None:
        """Stop redrawing and end the line (idempotent)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def in_batches(
    fn: Callable[[Sequence[Any]], Any],
    items: Sequence[Any],
    *,
    size: int = 2000,
    unit: str = "sentences",
    desc: str | None = None,
) -> Any:
    """``fn`` over ``items`` in batches of ``size`` with a progress bar; the batches' results
    (numpy arrays) concatenated. The same result as ``fn(items)`` for a row-wise ``fn``."""
    import numpy as np

    if len(items) <= size:
        with Progress(unit=unit, total=len(items), desc=desc) as bar:
            out = fn(items)
            bar.update(len(items))
        return out
    parts = []
    with Progress(unit=unit, total=len(items), desc=desc) as bar:
        for start in range(0, len(items), size):
            batch = items[start : start + size]
            parts.append(fn(batch))
            bar.update(len(batch))
    return np.concatenate(parts)
