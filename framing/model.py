"""The sentence model and its on-disk artifact.

A model directory holds::

    model.joblib    the fitted FramingModel (a scikit-learn estimator)
    meta.json       format version, library versions, training data hashes,
                    seed, cross-validated metrics, sha256 of model.joblib
    MODEL_CARD.md   intended use, data, metrics, limits

:func:`load_model` checks ``meta.json`` and the sha256 of ``model.joblib``
*before* unpickling it. A joblib file is Python pickle: loading one runs code,
so load only model directories that you made or trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from .errors import ModelLoadError
from .features import make_sentence_pipeline
from .outputs import atomic_path, atomic_write_text, current_umask
from .resources import data_path

__all__ = [
    "FORMAT_VERSION",
    "FramingModel",
    "load_model",
    "save_model",
    "default_model_path",
    "models_dir",
    "list_models",
    "set_user_default",
    "resolve_model_path",
    "sha256_file",
    "load_component",
    "save_component",
]

#: Version of the model-directory layout. Bump when meta.json or the pickled
#: object changes incompatibly; loading a newer format is refused.
FORMAT_VERSION = 1

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"


def _as_text_list(X: Any) -> list[str]:
    if isinstance(X, str):
        raise TypeError("expected a list of sentences, got a single str; wrap it in a list")
    return [x if isinstance(x, str) else str(x) for x in X]


class FramingModel(ClassifierMixin, BaseEstimator):
    """Sentence-level classifier of biased / loaded sentences.

    A scikit-learn estimator: ``fit``, ``predict``, ``predict_proba``,
    ``get_params``, ``clone`` and ``GridSearchCV`` work on it. Column 1 of
    ``predict_proba`` is P(biased / loaded sentence).

    Parameters
    ----------
    estimator : sklearn estimator or None
        The text pipeline to fit (strings in, probabilities out). ``None``
        uses :func:`framing.features.make_sentence_pipeline`.
    term_tagger : sklearn estimator or None
        Optional word-level loaded-term tagger fitted alongside (see
        :mod:`framing.tagger`); ``None`` fits no tagger.
    """

    def __init__(self, estimator: Any = None, term_tagger: Any = None):
        self.estimator = estimator
        self.term_tagger = term_tagger

    def _make_estimator(self) -> Any:
        if self.estimator is not None:
            return clone(self.estimator)
        return make_sentence_pipeline()

    def fit(self, X: Iterable[str], y: Iterable[int], sample_weight: Any = None, **tagger_fit):
        """Fit the sentence pipeline (and the term tagger, if one is set)."""
        texts = _as_text_list(X)
        y_arr = np.asarray(list(y))
        est = self._make_estimator()
        if sample_weight is not None:
            last = est.steps[-1][0] if hasattr(est, "steps") else None
            key = f"{last}__sample_weight" if last else "sample_weight"
            est.fit(texts, y_arr, **{key: np.asarray(sample_weight)})
        else:
            est.fit(texts, y_arr)
        self.estimator_ = est
        self.classes_ = est.classes_
        if self.term_tagger is not None and tagger_fit:
            self.term_tagger_ = clone(self.term_tagger).fit(**tagger_fit)
        return self

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probabilities, shape (n, 2); column 1 is P(biased)."""
        check_is_fitted(self, "estimator_")
        texts = _as_text_list(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        return self.estimator_.predict_proba(texts)

    def predict(self, X: Iterable[str]) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.zeros(0, dtype=int)

    # Metadata attached by load_model / training (not estimator parameters).
    @property
    def meta(self) -> dict:
        return getattr(self, "meta_", {})

    @property
    def name(self) -> str:
        return self.meta.get("name", "unsaved")

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def tagger(self) -> Any:
        return getattr(self, "term_tagger_", None)

    def component(self, name: str) -> Any:
        """A component stored beside ``model.joblib`` (see :func:`load_component`), or None."""
        return load_component(self, name)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("components_", None)  # loaded from their own files, never pickled inside
        return state


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def default_model_path() -> Path:
    """The model directory shipped inside the package."""
    return data_path("default_model")


def models_dir() -> Path:
    """Where named models live: ``$FRAMING_MODELS_DIR`` or ``./models``."""
    return Path(os.environ.get("FRAMING_MODELS_DIR", "models"))


def _user_config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "framing" / "default_model"


def resolve_model_path(name: str | os.PathLike | None = None) -> Path:
    """Find a model directory.

    ``None`` means the user's default: ``$FRAMING_MODEL``, else the path in
    ``~/.config/framing/default_model`` (written by ``framing models --set-default``),
    else the shipped default. A string is a directory path, or a name under
    :func:`models_dir`, or ``"default"`` for the shipped model.
    """
    if name is None:
        name = os.environ.get("FRAMING_MODEL") or None
        cfg = _user_config_file()
        if name is None and cfg.is_file():
            name = cfg.read_text(encoding="utf-8").strip() or None
        if name is None:
            return default_model_path()
    name = os.fspath(name)
    if name in ("default", "builtin"):
        return default_model_path()
    path = Path(name)
    if path.is_dir():
        return path
    candidate = models_dir() / name
    if candidate.is_dir():
        return candidate
    raise ModelLoadError(
        f"model {name!r} not found: no directory {path} nor {candidate} "
        "(list models with `framing models`)"
    )


def set_user_default(name: str | os.PathLike) -> Path:
    """Make a model the user's default (``~/.config/framing/default_model``).

    The package is not touched; ``$FRAMING_MODEL`` still takes precedence.
    """
    path = resolve_model_path(name).resolve()
    cfg = _user_config_file()
    cfg.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(cfg, str(path) + "\n")
    return path


def _read_meta(path: Path) -> dict:
    meta_path = path / META_FILE
    if not meta_path.is_file():
        raise ModelLoadError(f"{meta_path}: missing; not a framing model directory")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{meta_path}: not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ModelLoadError(f"{meta_path}: expected a JSON object")
    fmt = meta.get("format_version")
    if not isinstance(fmt, int):
        raise ModelLoadError(f"{meta_path}: no integer format_version")
    if fmt > FORMAT_VERSION:
        raise ModelLoadError(
            f"{meta_path}: model format {fmt} is newer than this framing supports "
            f"({FORMAT_VERSION}); upgrade framing-lens"
        )
    file_name = meta.get("model_file", MODEL_FILE)
    if not isinstance(file_name, str) or not file_name or Path(file_name).name != file_name:
        raise ModelLoadError(
            f"{meta_path}: model_file must be the name of a file in the model directory, "
            f"not {file_name!r}"
        )
    for key, kind in (("model_sha256", str), ("metrics", dict), ("components", dict)):
        if key in meta and not isinstance(meta[key], kind):
            raise ModelLoadError(f"{meta_path}: {key} must be a JSON {kind.__name__}")
    return meta


@lru_cache(maxsize=8)
def _load_cached(path_str: str, mtime_ns: int) -> FramingModel:
    path = Path(path_str)
    meta = _read_meta(path)
    model_path = path / meta.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path}: missing")
    expected = meta.get("model_sha256")
    if not expected:
        raise ModelLoadError(f"{path / META_FILE}: no model_sha256; refusing to unpickle")
    actual = sha256_file(model_path)
    if actual != expected:
        raise ModelLoadError(
            f"{model_path}: sha256 {actual[:12]}… does not match meta.json "
            f"({expected[:12]}…); the file is corrupted or was changed"
        )
    import joblib
    import sklearn

    trained_with = meta.get("sklearn_version")
    if trained_with and trained_with != sklearn.__version__:
        warnings.warn(
            f"{model_path} was trained with scikit-learn {trained_with}; "
            f"this is {sklearn.__version__}. Predictions may differ: retrain with `python train.py`.",
            UserWarning,
            stacklevel=3,
        )
    trust_notice(path)
    try:
        model = joblib.load(model_path)
    except Exception as exc:  # a pickle can fail in many ways
        raise ModelLoadError(
            f"{model_path}: cannot be loaded ({type(exc).__name__}: {exc})"
        ) from None
    if not isinstance(model, FramingModel):
        raise ModelLoadError(f"{model_path}: holds a {type(model).__name__}, not a FramingModel")
    model.meta_ = meta
    model.path_ = path
    return model


#: What every option that loads a model says about trust (``--help``, the notice).
TRUST_NOTE = (
    "A model directory holds Python pickle, which runs code when it is loaded: "
    "load only models you made or trust."
)
_NOTICED: set[str] = set()


def trust_notice(path: Path) -> None:
    """Say once per process, on stderr, that a model directory outside the package and the
    user's models folder (:func:`models_dir`) is about to be unpickled."""
    path = path.resolve()
    trusted = (Path(__file__).resolve().parent, models_dir().resolve())
    if str(path) in _NOTICED or any(path.is_relative_to(t) for t in trusted):
        return
    _NOTICED.add(str(path))
    sys.stderr.write(
        f"framing: loading the model in {path}, outside your models folder. {TRUST_NOTE}\n"
    )


def load_model(name: str | os.PathLike | None = None) -> FramingModel:
    """Load a model directory (see :func:`resolve_model_path` for ``name``).

    Raises
    ------
    ModelLoadError
        If the directory, ``meta.json`` or ``model.joblib`` is missing, the
        hash does not match, or the format is newer than supported.
    """
    path = resolve_model_path(name).resolve()
    model_file = path / MODEL_FILE
    mtime = model_file.stat().st_mtime_ns if model_file.exists() else 0
    return _load_cached(str(path), mtime)


def save_model(model: FramingModel, path: str | os.PathLike, meta: dict, card: str) -> Path:
    """Write a model directory; never overwrites an existing one.

    The directory is assembled under a temporary name and renamed into place,
    so a crash leaves no half-written model behind.
    """
    import tempfile

    import joblib
    import sklearn

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; model directories are never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        joblib.dump(model, tmp / MODEL_FILE, compress=3)
        full_meta = {
            "format_version": FORMAT_VERSION,
            "name": path.name,
            **meta,
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "model_file": MODEL_FILE,
            "model_sha256": sha256_file(tmp / MODEL_FILE),
        }
        (tmp / META_FILE).write_text(json.dumps(full_meta, indent=2) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(card, encoding="utf-8")
        os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes it 0700
        os.rename(tmp, path)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def list_models(directory: str | os.PathLike | None = None) -> list[dict]:
    """Model directories under ``directory`` (default :func:`models_dir`) plus
    the shipped default, each as a dict with name, path and headline metrics."""
    rows = []
    candidates = [default_model_path()]
    d = Path(directory) if directory is not None else models_dir()
    if d.is_dir():
        candidates += sorted(p for p in d.iterdir() if p.is_dir() and not p.name.startswith("."))
    for p in candidates:
        try:
            meta = _read_meta(p)
        except ModelLoadError as exc:
            rows.append({"name": p.name, "path": str(p), "error": str(exc)})
            continue
        metrics = meta.get("metrics", {})
        strat = next((m for k, m in metrics.items() if k.startswith("stratified")), {})
        outlet = metrics.get("leave_one_outlet_out", {})
        if not isinstance(strat, dict) or not isinstance(outlet, dict):
            rows.append({"name": p.name, "path": str(p), "error": "meta.json: malformed metrics"})
            continue
        rows.append(
            {
                "name": "default" if p == default_model_path() else p.name,
                "path": str(p),
                "version": meta.get("version", ""),
                "created": meta.get("created", ""),
                "cv_macro_f1": strat.get("macro_f1"),
                "outlet_macro_f1": outlet.get("macro_f1"),
            }
        )
    return rows


def _hash_checked_load(file: Path, expected: str | None, what: str) -> Any:
    """Unpickle ``file`` only after its sha256 matches ``expected`` (from meta.json)."""
    if not file.is_file():
        raise ModelLoadError(f"{file}: missing")
    if not expected:
        raise ModelLoadError(f"{what}: no sha256 recorded; refusing to unpickle {file}")
    actual = sha256_file(file)
    if actual != expected:
        raise ModelLoadError(
            f"{file}: sha256 {actual[:12]}… does not match meta.json "
            f"({expected[:12]}…); the file is corrupted or was changed"
        )
    import joblib

    try:
        return joblib.load(file)
    except Exception as exc:  # a pickle can fail in many ways
        raise ModelLoadError(f"{file}: cannot be loaded ({type(exc).__name__}: {exc})") from None


def load_component(model: FramingModel, name: str) -> Any:
    """A named component of a model directory, or None when the model has none.

    Components are learned parts trained apart from the sentence model (for
    example the attribution extractor or the target-sentiment classifier).
    Each is its own file in the model directory, recorded in ``meta.json``
    under ``components[name]`` with its ``file`` and ``sha256``; the hash is
    checked before the file is unpickled. Loaded once per model object.
    """
    cache = model.__dict__.setdefault("components_", {})
    if name in cache:
        return cache[name]
    info = model.meta.get("components", {}).get(name)
    path = getattr(model, "path_", None)
    obj = None
    if info is not None and path is not None:
        file_name = info.get("file")
        if not isinstance(file_name, str) or Path(file_name).name != file_name:
            raise ModelLoadError(f"{path / META_FILE}: component {name!r} has no valid file name")
        obj = _hash_checked_load(path / file_name, info.get("sha256"), f"{path / META_FILE}")
    cache[name] = obj
    return obj


def save_component(directory: str | os.PathLike, name: str, obj: Any, info: dict) -> Path:
    """Write component ``name`` into an existing model directory and record it in meta.json.

    ``info`` (training data and hashes, seed, metrics, ...) is stored with the
    file name and sha256 under ``meta["components"][name]``. The component file
    and meta.json are each replaced atomically; the sentence model is untouched.
    """
    import joblib

    directory = Path(directory)
    meta = _read_meta(directory)
    file_name = f"{name}.joblib"
    with atomic_path(directory / file_name) as tmp:
        joblib.dump(obj, tmp, compress=3)
    components = dict(meta.get("components", {}))
    components[name] = {
        **info,
        "file": file_name,
        "sha256": sha256_file(directory / file_name),
    }
    meta["components"] = dict(sorted(components.items()))
    atomic_write_text(directory / META_FILE, json.dumps(meta, indent=2) + "\n")
    return directory / file_name
