"""What a pickle would import, read without running it; the types framing's models use.

A pickle names every class or function it calls by module and name (the ``GLOBAL`` and
``STACK_GLOBAL`` opcodes); :func:`pickle_globals` lists them with :mod:`pickletools`,
which decodes opcodes and executes nothing. :func:`audit` compares them with
:data:`ALLOWED`, the types the shipped model components are made of, so that a model
directory from elsewhere that would call anything else (``os.system``, ``builtins.eval``)
is refused before it is unpickled. This is the idea of skops' ``get_untrusted_types``,
applied to the plain pickles a model directory holds. It narrows what a hostile file can
do; it does not make loading an untrusted model safe (the allowed classes' own code still
runs on the data), so the trust note stands.
"""

from __future__ import annotations

import gzip
import os
import pickletools
from pathlib import Path

from .errors import ModelLoadError

__all__ = ["ALLOWED", "pickle_globals", "audit", "check_pickle"]

_NUMPY_SCALARS = (
    "bool_ float16 float32 float64 longdouble complex64 complex128 int8 int16 int32 int64 "
    "uint8 uint16 uint32 uint64 str_ bytes_"
).split()

#: ``(module, name)`` of every class or function a framing model directory may unpickle:
#: the types of the shipped components (``framing/data/default_model``, listed by
#: :func:`pickle_globals`), their numpy, scipy and scikit-learn parts, and the aliases
#: other numpy versions write for them.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    [
        ("framing.model", "FramingModel"),
        ("framing.features", "LexiconFeatures"),
        ("framing.features", "EmbeddingFeatures"),
        ("framing.features", "AnnotatedWordScores"),
        ("framing.tagger", "TermTagger"),
        ("framing.attribution.learned", "LearnedExtractor"),
        ("framing.attribution.learned", "LinearChain"),
        ("framing.sentiment", "TargetSentimentModel"),
        ("framing.sentiment", "ConvNet"),
        ("framing.sentiment", "FittedPart"),
        ("framing.sentence_features", "SortedVocabulary"),
        ("framing.article_score", "ArticleScore"),
        ("sklearn.pipeline", "Pipeline"),
        ("sklearn.pipeline", "FeatureUnion"),
        ("sklearn.feature_extraction._dict_vectorizer", "DictVectorizer"),
        ("sklearn.feature_extraction.text", "TfidfVectorizer"),
        ("sklearn.feature_extraction.text", "TfidfTransformer"),
        ("sklearn.feature_extraction.text", "CountVectorizer"),
        ("sklearn.linear_model._logistic", "LogisticRegression"),
        ("sklearn.preprocessing._data", "StandardScaler"),
        ("sklearn.isotonic", "IsotonicRegression"),
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        *[("numpy", name) for name in _NUMPY_SCALARS],
        *[
            (f"numpy.{core}.{mod}", name)
            for core in ("core", "_core")
            for mod, name in (
                ("multiarray", "_reconstruct"),
                ("multiarray", "scalar"),
                ("numeric", "_frombuffer"),
            )
        ],
        *[
            (f"scipy.sparse.{mod}", f"{kind}_{shape}")
            for mod, kind in (("_csr", "csr"), ("_csc", "csc"), ("_coo", "coo"))
            for shape in ("matrix", "array")
        ],
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "slice"),
        ("builtins", "complex"),
        ("builtins", "bytearray"),
        ("builtins", "object"),
        ("copyreg", "_reconstructor"),
        ("collections", "OrderedDict"),
        ("collections", "defaultdict"),
    ]
)

_STRINGS = frozenset(
    {
        "STRING",
        "BINSTRING",
        "SHORT_BINSTRING",
        "UNICODE",
        "SHORT_BINUNICODE",
        "BINUNICODE",
        "BINUNICODE8",
    }
)
_GETS = frozenset({"GET", "BINGET", "LONG_BINGET"})
_PUTS = frozenset({"PUT", "BINPUT", "LONG_BINPUT"})
#: Opcodes that fetch objects from outside the pickle: no framing model uses them.
_REFUSED = frozenset({"EXT1", "EXT2", "EXT4", "PERSID", "BINPERSID"})


class _Unreadable(Exception):
    pass


def pickle_globals(data: bytes) -> list[tuple[str, str]]:
    """The ``(module, name)`` of each class or function ``data`` (one pickle) would import,
    in order, read with :func:`pickletools.genops` (nothing is imported or run).

    Raises :class:`ValueError` when the pickle is malformed, or names a global in a way this
    reader cannot follow (the module or name not a string pushed just before
    ``STACK_GLOBAL``) or fetches objects from outside it (extension codes, persistent ids).
    """
    found: list[tuple[str, str]] = []
    memo: dict[int, str | None] = {}
    recent: list[str | None] = []  # values of the pushes since the last other opcode
    try:
        for op, arg, _pos in pickletools.genops(data):
            name = op.name
            if name in _STRINGS:
                recent.append(arg if isinstance(arg, str) else None)
            elif name in _GETS:
                recent.append(memo.get(arg))
            elif name == "MEMOIZE":
                memo[len(memo)] = recent[-1] if recent else None
            elif name in _PUTS:
                memo[arg] = recent[-1] if recent else None
            elif name == "STACK_GLOBAL":
                if len(recent) < 2 or recent[-2] is None or recent[-1] is None:
                    raise _Unreadable("a STACK_GLOBAL whose module and name are not plain strings")
                found.append((recent[-2], recent[-1]))  # type: ignore[arg-type]
                recent = [None]
            elif name in ("GLOBAL", "INST"):
                module, _, attr = str(arg).partition(" ")
                found.append((module, attr))
                recent = [None]
            elif name in ("FRAME", "PROTO"):  # framing and the header: the stack is untouched
                continue
            elif name in _REFUSED:
                raise _Unreadable(f"opcode {name}")
            else:
                recent = [None] if op.stack_after else []
    except _Unreadable as exc:
        raise ValueError(f"cannot be audited: {exc}") from None
    except Exception as exc:  # pickletools raises ValueError and others on a broken file
        raise ValueError(f"is not a readable pickle ({type(exc).__name__}: {exc})") from None
    return found


def _read(path: Path) -> bytes:
    with open(path, "rb") as f:
        magic = f.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    with opener(path, "rb") as f:  # type: ignore[operator]
        return f.read()


def audit(path: str | os.PathLike) -> list[tuple[str, str]]:
    """The globals of the pickle (gzip-compressed or not) at ``path`` that are not in
    :data:`ALLOWED`, each once, in order of first use (empty: nothing else is imported)."""
    seen: dict[tuple[str, str], None] = {}
    for g in pickle_globals(_read(Path(path))):
        if g not in ALLOWED:
            seen.setdefault(g, None)
    return list(seen)


def check_pickle(path: str | os.PathLike) -> None:
    """Raise :class:`ModelLoadError` (one line) unless the pickle at ``path`` imports only
    :data:`ALLOWED` types."""
    try:
        bad = audit(path)
    except ValueError as exc:
        raise ModelLoadError(f"{path}: {exc}; refusing to unpickle it") from None
    if bad:
        shown = ", ".join(f"{m}.{n}" for m, n in bad[:3]) + (" ..." if len(bad) > 3 else "")
        raise ModelLoadError(
            f"{path}: would import {shown}, which no framing model uses; refusing to unpickle "
            "it (load only models you made or trust)"
        )
