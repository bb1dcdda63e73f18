"""Output files: the one place where a file framing writes is checked and opened.

Every output (a JSON or HTML page, a corpus table and its parts, a plot, a label table,
the default-model setting) is written through :func:`atomic_path`: a temporary file
beside the target, fsync'd, then renamed onto it, so a reader never sees half a file and
a failed run leaves the old file alone. :func:`check_output` holds every check made on
an output target before it is written; :func:`check_writable` adds a write probe, for
long runs that should fail before they start rather than at their end.

Two rules keep what a user gave safe:

- **An output never replaces an input.** Readers (:mod:`framing.tables`,
  :func:`framing.inputs.read_text`, the TSV reader of lexicons, standard input) call
  :func:`register_input` for every file they open (standard output redirected onto one
  is refused there); inside an :func:`input_scope` (every
  command of the command line, every :func:`framing.score_file` run) an output that is the
  same file as one of them (same device and inode, so through symlinks and hard links) is
  refused before anything is written.
- **Only regular files are replaced.** An output that exists and is not a regular file
  (a character device such as ``/dev/null`` or a terminal, a FIFO, a socket, or a symlink
  to one, e.g. ``/dev/stdout``) is written through, never renamed over; a symlink to a
  regular file is followed, so the file it points to is replaced and the link stays.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError

__all__ = [
    "check_output",
    "check_writable",
    "atomic_path",
    "atomic_write_text",
    "open_output",
    "input_scope",
    "register_input",
    "is_special",
]


#: Bytes written (and fsync'd) by :func:`check_writable`'s probe file.
PROBE_BYTES = 4096


#: The inputs of the open :func:`input_scope` blocks, ``(device, inode) -> path``.
_INPUTS: list[dict[tuple[int, int], str]] = []


@contextlib.contextmanager
def input_scope() -> Iterator[None]:
    """Inside this block, no output may be the same file as an input read in it.

    Nested blocks share the outermost block's inputs.
    """
    if _INPUTS:
        yield
        return
    _INPUTS.append({})
    try:
        yield
    finally:
        _INPUTS.pop()


def register_input(path: str | os.PathLike) -> None:
    """Note ``path`` as an input of the current :func:`input_scope` (no-op outside one);
    ``"-"`` is standard input (the file it is redirected from, if any).

    Raises
    ------
    InputError
        When standard output is redirected onto an input (``>> corpus.jsonl``): what is
        written would land in the input, and be read back into the run.
    """
    if not _INPUTS:
        return
    if os.fspath(path) == "-":
        st, name = _std_stat(sys.stdin), "standard input"
    else:
        try:
            st, name = os.stat(path), os.fspath(path)
        except (OSError, ValueError):
            return
    if st is None or not stat.S_ISREG(st.st_mode):
        return
    key = (st.st_dev, st.st_ino)
    _INPUTS[-1].setdefault(key, name)
    out = _std_stat(sys.stdout)
    if out is not None and (out.st_dev, out.st_ino) == key:
        raise InputError(
            f"standard output is the same file as {_INPUTS[-1][key]}, an input of this run; "
            "an output never replaces an input: redirect standard output to another file"
        )


def _std_stat(stream: object) -> os.stat_result | None:
    """The stat of the file behind a standard stream, None when it has no file (a test's
    capture, a closed stream)."""
    try:
        return os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def _same_as_input(p: Path) -> str | None:
    """The input that ``p`` is the same file as, if any."""
    if not _INPUTS:
        return None
    try:
        st = os.stat(p)
    except (OSError, ValueError):
        return None
    return _INPUTS[-1].get((st.st_dev, st.st_ino))


def is_special(path: str | os.PathLike) -> bool:
    """Whether ``path`` exists and is not a regular file or folder (a device, FIFO, socket,
    or a symlink to one): such outputs are written through, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_output(path: str | os.PathLike) -> Path:
    """Check an output target before anything is written to it; return its folder.

    The one home of these checks (every writer passes here through :func:`atomic_path`):
    the target is no folder and no input (see :func:`input_scope`), and its folder exists
    and looks writable (for a device or FIFO: the target itself is writable).

    Raises
    ------
    InputError
        Naming the target or its folder.
    """
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise InputError(f"{p}: is a directory")
    same = _same_as_input(p)
    if same is not None:
        alias = "" if os.path.abspath(same) == os.path.abspath(p) else f" (the same file as {same})"
        raise InputError(
            f"{p}: is an input of this run{alias}; an output never replaces an input: "
            "choose another output file"
        )
    if is_special(p):
        if not os.access(p, os.W_OK):
            raise InputError(f"{p}: is not writable")
        return parent
    if not parent.is_dir():
        raise InputError(f"{parent}: output folder does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{parent}: output folder is not writable")
    return parent


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early, with a clear message naming the folder, if ``path`` cannot be written.

    Besides the checks on the folder, a small probe file is created, written,
    fsync'd and deleted next to ``path``: that is what finds a read-only file
    system, permissions ``os.access`` does not see, and a full disk before a
    long run starts rather than at its end.
    """
    p = Path(path)
    parent = check_output(p)
    if is_special(p):
        return p
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=parent)
        try:
            os.write(fd, b"\0" * PROBE_BYTES)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"{parent}: cannot write in the output folder ({exc.strerror or exc})"
        ) from None
    return p


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto ``path``
    when the block ends without error, delete it otherwise.

    An OSError while the file is written (a full disk, a vanished folder)
    becomes an :class:`~framing.errors.InputError` naming ``path`` and the reason.
    A target that is not a regular file (see :func:`is_special`) is yielded itself, to be
    written through; a symlink to a regular file is followed.
    """
    target = Path(path)
    check_output(target)
    if is_special(target):
        try:
            yield target
        except OSError as exc:
            raise InputError(f"{target}: cannot write ({_reason(exc)})") from None
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    tmp_path: Path | None = None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
        os.close(fd)
        tmp_path = Path(tmp)
        # mkstemp creates the file 0600; give the final file the mode a plain
        # open() would (0666 minus the umask).
        os.chmod(tmp_path, 0o666 & ~current_umask())
        yield tmp_path
        with open(tmp_path, "rb+") as f:  # durable before it becomes visible
            os.fsync(f.fileno())
        os.replace(tmp_path, target)
    except BaseException as exc:
        if tmp_path is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()
        if isinstance(exc, OSError):
            raise InputError(f"{target}: cannot write ({_reason(exc)})") from None
        raise


def _reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else " ".join(str(exc).split())


def current_umask() -> int:
    """The process umask (read by setting and restoring it)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (fsync'd before the rename)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)


@contextlib.contextmanager
def open_output(
    path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8", newline=None
) -> Iterator[IO]:
    """``path`` opened for writing (text, or bytes with ``mode="wb"``), replaced atomically
    when the block ends without error (see :func:`atomic_path`)."""
    if "b" in mode:
        encoding = None
    with atomic_path(path) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as f:
        yield f
