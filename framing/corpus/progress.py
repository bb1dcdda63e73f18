"""The progress line of a corpus run on stderr (:class:`framing.progress.Progress`)."""

from __future__ import annotations

from ..progress import Progress

__all__ = ["Progress"]
