"""The base data's cross-validation folds, fitted once and kept by content hash.

``framing train --data mine.csv`` asks "did your labels help?" by comparing the new model
with the same recipe trained without the user's rows on the same folds. The base data
(the shipped BABE) gets its own stratified folds whatever the user adds
(:func:`framing.training.train`), so the models trained without the user's rows are the
same in every run with the same base rows, recipe, seed, number of folds, library
versions and framing code and data: they are fitted once, stored in the cache folder
under a sha256 of all of these, and loaded in later runs (each file's sha256 is checked
before it is unpickled, as for model directories).

The cache folder is ``$FRAMING_CACHE_DIR``, else ``$FRAMING_HOME/cache``, else
``$XDG_CACHE_HOME/framing`` (``~/.cache/framing``). Deleting it is always safe; a cache
that cannot be written is skipped with a note.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .model import load_pickle, sha256_file
from .resources import data_path

__all__ = ["cache_dir", "code_hash", "fold_key", "FoldCache"]

#: Layout version of a cache entry; bump when its files change.
LAYOUT = 1


def cache_dir() -> Path:
    """The folder of framing's caches (see the module docstring)."""
    if os.environ.get("FRAMING_CACHE_DIR"):
        return Path(os.environ["FRAMING_CACHE_DIR"])
    if os.environ.get("FRAMING_HOME"):
        return Path(os.environ["FRAMING_HOME"]) / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing"


@cache
def code_hash() -> str:
    """sha256 of framing's code and shipped data (the model directories aside): any change
    to what a recipe computes gives a new key, so a cache never outlives the code."""
    root = data_path().resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if (
            not path.is_file()
            or "__pycache__" in path.parts
            or rel.startswith("data/default_model/")
            or path.suffix == ".pyc"
        ):
            continue
        h.update(rel.encode() + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def fold_key(
    texts: Sequence[Any],
    labels: np.ndarray,
    weights: np.ndarray | None,
    recipe: Any,
    seed: int,
    n_folds: int,
) -> str:
    """The cache key of the base rows' folds: a sha256 of the rows (text, word labels,
    label, weight, in order), the unfitted recipe (pickled), the seed, the number of
    folds, the library versions and :func:`code_hash`."""
    import pickle

    import scipy
    import sklearn

    h = hashlib.sha256()
    for part in (
        f"layout {LAYOUT}",
        f"seed {seed} folds {n_folds}",
        f"sklearn {sklearn.__version__} numpy {np.__version__} scipy {scipy.__version__}",
        code_hash(),
    ):
        h.update(part.encode() + b"\0")
    h.update(pickle.dumps(recipe, protocol=5))
    for t in texts:
        words = getattr(t, "biased_words", None)
        h.update(str(t).encode("utf-8", "surrogatepass") + b"\0")
        h.update(repr(words).encode("utf-8", "surrogatepass") + b"\0")
    h.update(np.ascontiguousarray(labels, dtype=np.int64).tobytes())
    if weights is not None:
        h.update(b"w" + np.ascontiguousarray(weights, dtype=np.float64).tobytes())
    return h.hexdigest()


def _sha256(path: Path) -> str:
    return sha256_file(path)


class FoldCache:
    """One cache entry: per fold, the model fitted on the base rows outside the fold and
    its P(biased) of the base rows inside it.

    Parameters
    ----------
    key : str
        From :func:`fold_key`.
    root : path, optional
        The cache folder (default :func:`cache_dir`).
    """

    def __init__(self, key: str, root: str | os.PathLike | None = None):
        self.key = key
        self.path = Path(root if root is not None else cache_dir()) / "train-folds" / key

    def _manifest(self) -> dict | None:
        try:
            manifest = json.loads((self.path / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("layout") != LAYOUT or manifest.get("key") != self.key:
            return None
        return manifest

    def complete(self, n_folds: int) -> bool:
        """Whether the entry holds ``n_folds`` folds, each file with its recorded sha256."""
        manifest = self._manifest()
        if manifest is None or len(manifest["files"]) != n_folds:
            return False
        try:
            return all(_sha256(self.path / name) == sha for name, sha in manifest["files"])
        except OSError:
            return False

    def load(self, fold: int) -> tuple[Any, np.ndarray] | None:
        """The fold's model and base-row probabilities, or None (missing, or a file
        whose sha256 is not the one recorded: it is not unpickled)."""
        manifest = self._manifest()
        if manifest is None or fold >= len(manifest["files"]):
            return None
        name, sha = manifest["files"][fold]
        path = self.path / name
        try:
            if _sha256(path) != sha:
                return None
            model, proba = load_pickle(path)
        except (OSError, EOFError, ValueError):
            return None
        return model, np.asarray(proba)

    def begin(self) -> tuple[Path | None, str | None]:
        """A new, empty folder for this entry's files (renamed into place by
        :meth:`commit`), or None and why it could not be made."""
        parent = self.path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f".{self.key[:16]}.", dir=parent)), None
        except OSError as exc:
            return None, f"{parent}: {exc.strerror or exc}"

    @staticmethod
    def write_fold(folder: Path, fold: int, model: Any, proba: np.ndarray) -> list[str]:
        """Write one fold's model and base-row probabilities into ``folder`` (from
        :meth:`begin`); returns the file's name and sha256 for :meth:`commit`."""
        import gzip
        import pickle

        name = f"fold_{fold:02d}.pkl.gz"
        with open(folder / name, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=1) as f:
                pickle.dump((model, np.asarray(proba)), f, protocol=5)
        return [name, _sha256(folder / name)]

    def commit(self, folder: Path, files: Sequence[list[str]]) -> str | None:
        """Record the files and rename ``folder`` into place (a finished entry written
        meanwhile by another run is replaced by this identical one). Returns None, or
        why it could not be done (the folder is then removed)."""
        try:
            manifest = {"layout": LAYOUT, "key": self.key, "files": [list(f) for f in files]}
            (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
            if self.path.exists():
                shutil.rmtree(self.path, ignore_errors=True)
            os.replace(folder, self.path)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            return f"{self.path}: {exc.strerror or exc}"
        return None

    @staticmethod
    def discard(folder: Path | None) -> None:
        """Remove an unfinished entry's folder."""
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
