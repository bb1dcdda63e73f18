"""Reading user text files with clear errors (missing, directory, binary, wrong encoding)."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError, option
from .outputs import register_input
from .signals import on_stop_signals

__all__ = ["read_text", "decode_bytes", "check_encoding", "check_bom", "expand_sources"]


def expand_sources(sources: Iterable[str | os.PathLike]) -> list[Path]:
    """Input paths with glob patterns (``data/*.jsonl``) expanded, sorted, in order given; a
    pattern that matches nothing is an error. A path that exists is taken as it is."""
    paths: list[Path] = []
    for s in sources:
        text = os.fspath(s)
        if os.path.exists(text) or not glob.has_magic(text):
            paths.append(Path(text))
            continue
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            raise InputError(f"{text}: no file matches this pattern")
        paths.extend(Path(m) for m in matches)
    return paths


def check_encoding(encoding: str | None) -> None:
    """Raise InputError for an encoding name Python does not know, or for a codec that does
    not decode bytes to text (``rot13``, ``base64``, ``zlib``)."""
    import codecs

    if encoding is None:
        return
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise InputError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"{encoding!r} is not a text encoding; pass one such as utf-8, latin-1 or cp1252 "
            f"with {option('encoding')}"
        )


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
                f"UTF-8; pass {option('encoding', enc.rsplit('-', 1)[0])} to read it"
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
    _check_wide(data, encoding, name)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {exc.encoding} at byte offset {exc.start} "
            f"({data[exc.start : exc.start + 4]!r}); pass the right encoding with "
            f"{option('encoding')} (e.g. latin-1, cp1252)"
        ) from None
    except UnicodeError as exc:  # e.g. "UTF-16 stream does not start with BOM"
        raise InputError(
            f"{name}: cannot be read as {encoding} ({exc}); pass the right encoding with "
            f"{option('encoding')}"
        ) from None


def _check_wide(data: bytes, encoding: str, name: str) -> None:
    """Refuse UTF-16/32 asked for data that is UTF-8: decoded so, English text turns into CJK
    characters without an error (text in UTF-16 or UTF-32 has NUL bytes around every space and
    ASCII letter; UTF-8 text has none)."""
    import codecs

    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if not wide or len(data) < 16 or b"\x00" in data:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise InputError(
        f"{name}: is UTF-8, not {encoding} (no NUL byte, which {encoding} text has); "
        f"leave out {option('encoding')}"
    )


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
    if encoding is None and b"\x00" in first and binary_kind(first) is None:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    data = first + f.read(MAX_TEXT_BYTES + 1 - len(first)) if len(first) == 8192 else first
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(
            f"{name}: more than {MAX_TEXT_BYTES:,} bytes; one article may have at most "
            "20,000,000 characters (score a corpus with `framing score`)"
        )
    return data


def read_text(
    path: str | os.PathLike, encoding: str | None = None, *, article: bool = False
) -> str:
    """Read a text file, or standard input for ``"-"``.

    With ``article``, the file must be one article: empty input, a binary format (PDF,
    DOCX/ZIP, images...) and a corpus table (CSV, TSV, JSON Lines, Parquet) are refused
    with a hint (see :func:`check_article`).
    """
    if os.fspath(path) == "-":
        register_input("-")
        data, name = _read_bounded(sys.stdin.buffer, "<stdin>", encoding), "<stdin>"
    else:
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
        name = str(p)
    if article:
        check_article(data[:65536], name)
    text = decode_bytes(data, encoding, name)
    if article:
        check_article(data[:65536], name, text[:65536])
    return text


# ---------------------------------------------------------------- what kind of file is it

#: Leading bytes of binary formats that are not text: (magic, name, hint).
_MAGIC = (
    (b"%PDF-", "a PDF document", "extract its text first (e.g. pdftotext FILE out.txt)"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX, XLSX, EPUB... file)", "extract the text first"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document", "save it as plain text first"),
    (b"{\\rtf", "an RTF document", "save it as plain text first"),
    (b"\x89PNG", "a PNG image", "framing reads text, not images"),
    (b"\xff\xd8\xff", "a JPEG image", "framing reads text, not images"),
    (b"GIF8", "a GIF image", "framing reads text, not images"),
    (b"RIFF", "a RIFF file (WEBP image, WAV audio...)", "framing reads text, not images"),
    (
        b"\x1f\x8b",
        "gzip-compressed data",
        "decompress it first (or give a .jsonl.gz corpus to framing score)",
    ),
    (b"PAR1", "a Parquet table", "score a corpus with: framing score FILE -o scores.csv"),
)


def binary_kind(head: bytes) -> tuple[str, str] | None:
    """``(what, hint)`` when ``head`` (the first bytes of a file) starts like a binary
    format (PDF, ZIP/DOCX, Office, images, gzip, Parquet), else None."""
    for magic, what, hint in _MAGIC:
        if head.startswith(magic):
            return what, hint
    return None


def table_kind(text: str) -> str | None:
    """``"jsonl"``, ``"json"``, ``"csv"`` or ``"tsv"`` when ``text`` (the start of a decoded
    file) looks like a table rather than an article, else None.

    A table: JSON objects one per line (at least two, or one that is all of it), a JSON
    array of objects, or a header of two or more short field names (at most three words,
    no sentence punctuation) followed by rows with exactly as many comma- or tab-separated
    fields.
    """
    import csv
    import io
    import itertools
    import json

    lines = [x for x in text.splitlines() if x.strip()][:20]
    if not lines:
        return None
    first = lines[0].lstrip()
    if first.startswith("[{") or (first == "[" and len(lines) > 1 and lines[1].lstrip()[:1] == "{"):
        return "json"
    if first.startswith("{"):
        parsed = 0
        for line in lines[:5]:
            try:
                parsed += isinstance(json.loads(line), dict)
            except ValueError:
                break
        return "jsonl" if parsed >= min(2, len(lines)) else None
    for sep, kind in (("\t", "tsv"), (",", "csv")):
        try:  # newline="": a bare CR ends a line, as in a file read for csv
            rows = list(
                itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=sep), 7)
            )
        except csv.Error:  # e.g. a NUL byte: not a table
            continue
        rows = [r for r in rows if r]
        header = [h.strip() for h in rows[0]] if rows else []
        data = rows[1:-1] if len(rows) > 2 else rows[1:]  # the last row may be cut off
        if (
            len(header) >= 2
            and all(0 < len(h) <= 40 and len(h.split()) <= 3 for h in header)
            and not any(c in h for h in header for c in '.!?;:"')
            and data
            and all(len(r) == len(header) for r in data)
        ):
            return kind
    return None


def sniff_table(head: bytes) -> str:
    """The table format of a corpus from its first bytes: ``parquet``, ``jsonl``, ``json``,
    ``tsv`` or ``csv`` (the default), with a ``.gz`` suffix for gzip data."""
    import zlib

    if head.startswith(b"PAR1"):
        return "parquet"
    suffix = ""
    if head.startswith(b"\x1f\x8b"):
        suffix = ".gz"
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1 << 16)
        except zlib.error:
            return "jsonl.gz"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    kind = table_kind(text)
    if kind is None:
        stripped = text.lstrip()
        kind = (
            "jsonl" if stripped.startswith("{") else "json" if stripped.startswith("[") else "csv"
        )
    return kind + suffix


def spool_stdin(
    directory: str | os.PathLike, fmt: str | None = None, encoding: str | None = None
) -> Path:
    """Copy standard input into ``directory`` as ``stdin.<format>`` (``fmt``, or sniffed
    from the first bytes: see :func:`sniff_table`) and return the path.

    Raises InputError when standard input is empty, or (without ``fmt`` and ``encoding``)
    starts like a binary format that is not a table (a PDF, an image, NUL bytes).
    """
    import shutil

    register_input("-")
    stream = sys.stdin.buffer
    head = stream.read(1 << 16)
    if not head.strip():
        raise InputError("<stdin>: standard input is empty")
    if fmt is None and encoding is None and not head.startswith((b"PAR1", b"\x1f\x8b")):
        check_bom(head, "<stdin>")
        kind = binary_kind(head)
        if kind is not None:
            raise InputError(f"<stdin>: looks like {kind[0]}, not a corpus table; {kind[1]}")
        if b"\x00" in head:
            raise InputError("<stdin>: looks like a binary file (NUL bytes), not a corpus table")
    kind = fmt or sniff_table(head)
    path = Path(directory) / f"stdin.{kind}"
    with on_stop_signals(_stop), open(path, "wb") as f:
        f.write(head)
        shutil.copyfileobj(stream, f, 1 << 20)
    return path


def _stop(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP while standard input is copied: end the program with 128 + the signal
    after the copy's folder is removed (the default action left the copy behind)."""
    import signal

    print(
        f"framing: stopped by {signal.Signals(signum).name} while reading standard input",
        file=sys.stderr,
    )
    raise SystemExit(128 + signum)


def check_article(head: bytes, name: str, text: str | None = None) -> None:
    """Refuse input that is not one article: empty, a binary format (from ``head``, its
    first bytes), or, once decoded (``text``), a corpus table."""
    force = f"or pass {option('as_text')} to read it as one text anyway"
    if not head.strip():
        raise InputError(f"{name}: is empty (there is no text to analyze)")
    if text is None:
        kind = binary_kind(head)
        if kind is not None:
            raise InputError(f"{name}: is {kind[0]}, not text; {kind[1]} ({force})")
        return
    table = table_kind(text)
    if table is not None:
        shown = "FILE" if name == "<stdin>" else name
        raise InputError(
            f"{name}: looks like a {table.upper()} corpus, not one article; score it with: "
            f"framing score {shown} -o scores.csv ({force})"
        )


# ---------------------------------------------------------------- HTML pages

_HTML_START = ("<!doctype html", "<html", "<?xml version")
#: Fewer words than this extracted from a page is no article (a menu entry, a cookie notice).
MIN_ARTICLE_WORDS = 5


def looks_like_html(text: str, name: str = "") -> bool:
    """Whether ``text`` is an HTML page: a ``.html``/``.htm`` name, or a start with
    ``<!DOCTYPE html``/``<html`` (after a BOM and white space)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(_HTML_START[:2]) or (head.startswith(_HTML_START[2]) and "<html" in head)


def html_text(html: str, name: str = "<html>") -> str:
    """The article text of an HTML page (main content, without menus, ads and comments),
    extracted with trafilatura (``pip install 'framing-lens[html]'``). Analysis offsets of
    an HTML input index into this text.

    Raises InputError when trafilatura is not installed or the page has no article text.
    """
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            f"{name}: reading HTML needs the html extra: pip install 'framing-lens[html]'"
        ) from None
    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:  # nothing, or a menu entry
        raise InputError(f"{name}: no article text found in the HTML page")
    return text
