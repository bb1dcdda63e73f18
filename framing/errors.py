"""Exceptions raised by framing.

Every error a user can cause (bad input, a bad model file, a bad label file)
is a :class:`FramingError`; the command line prints its message on one line
and exits with status 1.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

__all__ = [
    "FramingError",
    "InputError",
    "ModelLoadError",
    "LabelDataError",
    "FramingWarning",
    "ColumnWarning",
    "option",
    "command_line_options",
    "path_argument",
]

#: How messages name a parameter: ``"python"`` (``text_col=``) or ``"cli"`` (``--text-col``).
_STYLE: contextvars.ContextVar[str] = contextvars.ContextVar(
    "framing_option_style", default="python"
)
#: Parameters whose command-line option is not the parameter's name with dashes.
_FLAGS = {
    "keep_cols": "--keep-col",
    "drop_cols": "--drop-col",
    "n_jobs": "--jobs",
    "texts": "--corpus",
    "base_data": "--base-data",
    "n_boot": "--bootstrap",
}


def option(name: str, value: object = None) -> str:
    """A parameter (with a value) as the user spells it: ``text_col=`` (``encoding='utf-16'``)
    in Python, ``--text-col`` (``--encoding utf-16``) on the command line (inside
    :func:`command_line_options`). Every message that tells the user which parameter to
    change names it through this function."""
    if _STYLE.get() == "cli":
        flag = _FLAGS.get(name, "--" + name.replace("_", "-"))
        return flag if value is None else f"{flag} {value}"
    return f"{name}=" if value is None else f"{name}={value!r}"


@contextlib.contextmanager
def command_line_options() -> Iterator[None]:
    """Within this block, :func:`option` names command-line options (used by ``framing``)."""
    token = _STYLE.set("cli")
    try:
        yield
    finally:
        _STYLE.reset(token)


def path_argument(value: object, name: str, what: str = "a path (str or os.PathLike)"):
    """``value`` as a :class:`~pathlib.Path`, or an :class:`InputError` in Python terms when it
    is no path (``None``, a list, ``b"..."``) or an empty string (which ``Path`` would read as
    the current folder)."""
    import os
    from pathlib import Path

    if not isinstance(value, str | os.PathLike) or isinstance(value, bytes):
        raise InputError(f"{name} must be {what}, not {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{name} must be {what}, not an empty {type(value).__name__}")
    return Path(text)


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


class FramingWarning(UserWarning):
    """Something about the user's data or request worth knowing (the command line prints
    every one as a ``warning:`` line)."""


class ColumnWarning(FramingWarning):
    """A corpus column that is missing or renamed (ids become ``row-N``, outlets empty...)."""
