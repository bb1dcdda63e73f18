"""The parts folder of a corpus run: finished chunks on disk, resume, and the final assembly.

:func:`framing.corpus.score_file` writes each finished chunk to
``OUT.parts/part-NNNNNN.parquet`` (its skipped records to ``part-NNNNNN.errors.jsonl``),
both atomically, beside a ``manifest.json`` that records the input and the options. When
every chunk is done, :func:`assemble` concatenates the parts into ``OUT`` and their errors
into ``OUT.errors.jsonl`` (atomically) and the folder is deleted. A killed run leaves the
finished parts behind; resuming (same input and options, checked against the manifest)
scores only the missing chunks, so no row is lost or duplicated.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from ..outputs import atomic_path, atomic_write_text, check_output, is_special, open_output
from ..tables import open_table_writer
from .rows import JSON_COLUMNS

__all__ = ["MANIFEST_VERSION", "parts_dir", "prepare_parts", "write_part", "assemble"]

MANIFEST_VERSION = 1


def sidecar(out: str | Path, suffix: str) -> Path:
    """``OUT<suffix>`` beside the file the output is (symlinks resolved, so two spellings of
    one output share one lock and one parts folder); for an output that is no regular file
    (a device, a FIFO: :func:`framing.outputs.is_special`), ``<name><suffix>`` in the current
    folder."""
    if is_special(out):
        return Path(f"{Path(out).name}{suffix}")
    real = os.path.realpath(out)
    return Path(f"{real if real != os.path.abspath(out) else out}{suffix}")


#: The files a run writes beside its output ``OUT`` (see :func:`sidecar`).
SIDECARS = (".errors.jsonl", ".lock")


def check_sidecars(out: str | Path) -> None:
    """Refuse, before anything is written, a run whose errors file or lock beside ``out`` is
    one of its inputs (``score x.jsonl.errors.jsonl -o x.jsonl`` replaced the input with its
    errors; ``score x.jsonl.lock -o x.jsonl`` emptied and deleted it)."""
    for suffix in SIDECARS:
        path = sidecar(out, suffix)
        _not_a_link(path)
        check_output(path)


def _not_a_link(path: Path) -> None:
    """Refuse a symlink where a run writes a file of its own (``OUT.lock``,
    ``OUT.errors.jsonl``): one planted there (in a shared folder) would make the run empty
    and overwrite the file it points to."""
    if path.is_symlink():
        raise InputError(
            f"{path}: is a symbolic link; framing writes this file itself and never follows a "
            "link there: remove it or choose another output"
        )


def parts_dir(out: str | Path) -> Path:
    """The parts folder of output ``out``: ``OUT.parts`` (see :func:`sidecar`)."""
    return sidecar(out, ".parts")


@contextlib.contextmanager
def run_lock(out: str | Path) -> Iterator[None]:
    """Hold ``OUT.lock`` (an exclusive ``flock``) while a run writes ``out`` and its parts: a
    second run onto the same output is refused with one line instead of writing the same
    parts. The kernel drops the lock of a killed run, so ``--resume`` is never blocked by a
    stale file; its forked workers share the lock until they die with it, which a run waits
    for (:data:`ORPHAN_WAIT`). The file is removed when the run ends. Where there is no
    ``fcntl`` (Windows) nothing is locked: two runs onto one output are not kept apart."""
    try:
        import fcntl
    except ImportError:
        yield
        return

    path = sidecar(out, ".lock")
    deadline = time.monotonic() + ORPHAN_WAIT
    while True:
        try:  # never through a symlink planted at OUT.lock
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            _not_a_link(path)
            raise InputError(f"{path}: cannot be opened ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            if not _alive(holder) and time.monotonic() < deadline:
                time.sleep(0.1)  # a killed run's workers still hold it, dying with their parent
                continue
            raise InputError(
                f"{out} is being written by another framing score run ({holder}); wait for it "
                "to end or choose another output"
            ) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a file the previous holder removed after we opened it
            break
        os.close(fd)
    try:
        with contextlib.suppress(OSError):  # who holds it: a note for the message only
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}, since {time.strftime('%H:%M:%S')}".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


#: Seconds a run waits for ``OUT.lock`` when the run that took it is dead: its forked workers
#: share the lock and die within seconds of their parent (see :mod:`framing.corpus.engines`),
#: so ``--resume`` right after ``kill -9`` waits for them instead of being refused.
ORPHAN_WAIT = 20.0


def _alive(holder: str) -> bool:
    """Whether the run named in a lock file (``pid N, since ...``) is still running."""
    words = holder.split(",")[0].split()
    if len(words) != 2 or words[0] != "pid" or not words[1].isdigit():
        return True  # not a note framing wrote: assume a live holder
    try:
        os.kill(int(words[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _part(part_dir: Path, index: int, suffix: str) -> Path:
    return part_dir / f"part-{index:06d}{suffix}"


def finished(part_dir: Path) -> list[Path]:
    """The finished chunks' Parquet parts."""
    return sorted(part_dir.glob("part-*.parquet"))


def prepare_parts(part_dir: Path, manifest: dict, resume: bool) -> set[int]:
    """Create the parts folder, or check it belongs to the same run and list finished chunks."""
    manifest_path = part_dir / "manifest.json"
    if part_dir.exists():
        if not resume:
            raise InputError(
                f"{part_dir} holds an interrupted run: pass --resume to continue it, or delete it"
            )
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InputError(
                f"{manifest_path}: missing or unreadable; delete {part_dir} and start again"
            ) from None
        changed = [k for k in manifest if old.get(k) != manifest[k]]
        if changed:
            what = {"input": "input's content", "framing": "framing version"}.get(
                changed[0], changed[0]
            )
            raise InputError(
                f"cannot resume: the {what} changed since the interrupted run "
                f"({part_dir}); use the same input and options, or delete the folder"
            )
        for tmp in part_dir.glob(".*.tmp"):
            tmp.unlink()
        return {index for index, p in _parts(part_dir) if _intact(part_dir, index, p)}
    part_dir.mkdir()
    try:
        atomic_write_text(manifest_path, json.dumps(manifest, indent=2))
    except BaseException:
        shutil.rmtree(part_dir, ignore_errors=True)
        raise
    return set()


def _parts(part_dir: Path) -> list[tuple[int, Path]]:
    return [(int(p.name[len("part-") : -len(".parquet")]), p) for p in finished(part_dir)]


def _intact(part_dir: Path, index: int, part: Path) -> bool:
    """Whether a finished chunk can be used: its Parquet part reads and its errors file is
    there. A damaged chunk (a truncated part, a lost errors file) is deleted, to be scored
    again."""
    errors = _part(part_dir, index, ".errors.jsonl")
    try:
        pq.ParquetFile(part).metadata  # noqa: B018 - reading the footer is the check
        ok = errors.is_file()
    except (pa.ArrowException, OSError):
        ok = False
    if not ok:
        part.unlink(missing_ok=True)
        errors.unlink(missing_ok=True)
    return ok


def write_part(part_dir: Path, index: int, table: pa.Table, errors: list[dict]) -> None:
    """Errors first, then the Parquet part, whose presence marks the chunk done."""
    with atomic_path(_part(part_dir, index, ".errors.jsonl")) as tmp:
        tmp.write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8"
        )
    with atomic_path(_part(part_dir, index, ".parquet")) as tmp:
        pq.write_table(table, tmp)


def assemble(
    part_dir: Path, n_chunks: int, out: Path, schema: pa.Schema
) -> tuple[int, Path | None, int]:
    """Concatenate the parts into ``out`` and their errors into ``OUT.errors.jsonl``, atomically.

    Returns the number of rows, the errors file (None when there were no errors) and the
    number of errors.
    """
    parts = [_part(part_dir, i, ".parquet") for i in range(n_chunks)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise InputError(f"{part_dir}: chunk(s) {', '.join(missing[:5])} missing")
    if sum(pq.read_metadata(p).num_rows for p in parts) == 0:
        failed = any(_part(part_dir, i, ".errors.jsonl").stat().st_size for i in range(n_chunks))
        errors_path, n_errors = assemble_errors(part_dir, n_chunks, out) if failed else (None, 0)
        raise NothingScored(
            "nothing was scored: "
            + (
                f"every row failed ({n_errors:,}, listed in {errors_path}); {out} is left as it was"
                if n_errors
                else f"the corpus has no articles; {out} is left as it was"
            )
        )
    with open_table_writer(out, schema, json_columns=JSON_COLUMNS) as writer:
        for p in parts:
            writer.write(pq.read_table(p))
    errors_path, n_errors = assemble_errors(part_dir, n_chunks, out)
    return writer.n_rows, errors_path, n_errors


class NothingScored(InputError):
    """A run that scored no article (an empty corpus, or every row failed): a failure, and
    its output is not written (an earlier one is kept)."""


def assemble_errors(part_dir: Path, n_chunks: int, out: Path) -> tuple[Path | None, int]:
    """The parts' errors into ``OUT.errors.jsonl``, atomically; the file and the count
    (None and 0, and no file, when there were none)."""
    errors_path = sidecar(out, ".errors.jsonl")
    _not_a_link(errors_path)  # checked at the start too; a link may have been planted since
    n_errors = 0
    with open_output(errors_path) as f:
        for i in range(n_chunks):
            with open(_part(part_dir, i, ".errors.jsonl"), encoding="utf-8") as part:
                for line in part:
                    f.write(line)
                    n_errors += 1
    if n_errors == 0:
        errors_path.unlink()
        return None, 0
    return errors_path, n_errors
