"""Reading user text files with clear errors (missing, directory, binary, wrong encoding)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import InputError
from .outputs import register_input

__all__ = ["read_text", "decode_bytes", "check_encoding", "check_bom"]


def check_encoding(encoding: str | None) -> None:
    """Raise InputError for an encoding name Python does not know."""
    import codecs

    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None


_BOMS = {
    b"\xff\xfe\x00\x00": "utf-32-le",
    b"\x00\x00\xfe\xff": "utf-32-be",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}


def check_bom(head: bytes, name: str = "<input>") -> None:
    """Refuse data whose first bytes ``head`` are a UTF-16 or UTF-32 byte-order mark.

    Used when no encoding was given: such data are not UTF-8, and reading them
    as UTF-8 would turn every row into garbage instead of failing once.
    """
    for bom, enc in _BOMS.items():
        if head.startswith(bom):
            raise InputError(
                f"{name}: starts with a {enc.upper()} byte-order mark (byte offset 0), so it is not "
                f"UTF-8; pass --encoding {enc.rsplit('-', 1)[0]} to read it"
            )


def decode_bytes(data: bytes, encoding: str | None = None, name: str = "<input>") -> str:
    """Decode ``data`` as ``encoding`` (default UTF-8, BOM allowed).

    Raises :class:`InputError` naming ``name`` and the byte offset of the
    first undecodable byte, or saying the data looks binary.
    """
    if encoding is None:
        check_bom(data[:4], name)
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
        encoding = "utf-8-sig"
    check_encoding(encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {exc.encoding} at byte offset {exc.start} "
            f"({data[exc.start : exc.start + 4]!r}); pass --encoding (e.g. latin-1, cp1252)"
        ) from None


#: Bytes of one article read at most (4 bytes for each of the 20 million characters
#: ``framing.analyze`` takes): a longer input, or an endless one (``/dev/zero``), is refused
#: once that much has been read, not when memory runs out.
MAX_TEXT_BYTES = 80_000_000


def _read_bounded(f, name: str, encoding: str | None) -> bytes:
    """At most :data:`MAX_TEXT_BYTES` of ``f``; binary data (NUL bytes at the start) is
    refused after its first block."""
    first = f.read(8192)
    if encoding is None:
        check_bom(first[:4], name)  # UTF-16/32 hold NUL bytes: say which encoding instead
    if encoding is None and b"\x00" in first:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    data = first + f.read(MAX_TEXT_BYTES + 1 - len(first)) if len(first) == 8192 else first
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(
            f"{name}: more than {MAX_TEXT_BYTES:,} bytes; one article may have at most "
            "20,000,000 characters (score a corpus with `framing score`)"
        )
    return data


def read_text(path: str | os.PathLike, encoding: str | None = None) -> str:
    """Read a text file, or standard input for ``"-"`` (at most :data:`MAX_TEXT_BYTES`)."""
    if os.fspath(path) == "-":
        return decode_bytes(
            _read_bounded(sys.stdin.buffer, "<stdin>", encoding), encoding, "<stdin>"
        )
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a text file")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    register_input(p)
    try:
        with open(p, "rb") as f:
            data = _read_bounded(f, str(p), encoding)
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, encoding, str(p))
