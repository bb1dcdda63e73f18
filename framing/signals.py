"""SIGTERM and SIGHUP handled like Ctrl-C: the one place framing installs signal handlers."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

__all__ = ["on_stop_signals"]


@contextlib.contextmanager
def on_stop_signals(handler: Callable[[int, object], None]) -> Iterator[None]:
    """Call ``handler(signum, frame)`` on SIGTERM and SIGHUP inside this block (main thread
    only: elsewhere signals cannot be handled), then restore the handlers before it. A handler
    that raises turns ``kill`` or a closed terminal into an exception, so ``finally`` blocks and
    temporary folders are cleaned up (the default action runs none of them). SIGHUP is POSIX
    only (Windows has SIGTERM but no SIGHUP)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    old = {s: signal.signal(s, handler) for s in stops}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
