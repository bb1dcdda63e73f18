"""The time budget of one article in a corpus run (:func:`time_budget`).

An article whose analysis takes longer than :data:`ARTICLE_SECONDS` becomes an error row
naming the budget instead of holding up its chunk (and, with ``--jobs``, its worker) for
as long as it takes. The budget is a ``SIGALRM`` timer, so it applies where chunks run in
a process's main thread (this process, the local worker processes); elsewhere (Dask
worker threads) there is none.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

__all__ = ["ARTICLE_SECONDS", "OverBudget", "article_budget", "time_budget"]

#: Seconds one article may take (news articles take well under one).
ARTICLE_SECONDS = 120.0


class OverBudget(Exception):
    """The analysis went over its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the analysis took longer than the time budget of {seconds:g} s per article"
        )
        self.seconds = seconds


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in this block after ``seconds`` (None: no budget)."""
    if (
        not seconds
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    # inside another budget (an article's inside its chunk's): the one that ends first counts,
    # and the outer one goes on afterwards with what is left of it
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer_left and outer_left <= seconds:
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise OverBudget(seconds)

    started = time.monotonic()
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if outer_left:
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def article_budget(n_articles: int = 1) -> contextlib.AbstractContextManager[None]:
    """:func:`time_budget` for ``n_articles`` articles (:data:`ARTICLE_SECONDS` each)."""
    return time_budget(ARTICLE_SECONDS * n_articles)
