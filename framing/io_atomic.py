"""Moved to :mod:`framing.outputs`; this alias is kept for one release."""

from .outputs import atomic_path, atomic_write_text, check_writable, current_umask

__all__ = ["atomic_path", "atomic_write_text", "check_writable", "current_umask"]
