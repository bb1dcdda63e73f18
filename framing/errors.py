"""Exceptions raised by framing.

Every error a user can cause (bad input, a bad model file, a bad label file)
is a :class:`FramingError`; the command line prints its message on one line
and exits with status 1.
"""

from __future__ import annotations

__all__ = ["FramingError", "InputError", "ModelLoadError", "LabelDataError"]


class FramingError(Exception):
    """Base class for errors caused by the user's input or files."""


class InputError(FramingError, ValueError):
    """Text or corpus input that cannot be read as asked."""


class ModelLoadError(FramingError):
    """A model directory that is missing, corrupted, tampered with or too new."""


class LabelDataError(FramingError, ValueError):
    """A label file that fails validation; ``problems`` lists each finding."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = list(problems or [])
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)
