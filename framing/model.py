"""The sentence model and its on-disk artifact.

A model directory holds::

    model.pkl.gz    the fitted FramingModel (a scikit-learn estimator), a gzip-compressed
                    pickle (``model.joblib`` in format-1 directories, still read)
    inference.npz   the same sentence model and term tagger as plain arrays (numpy, no
                    pickle): what :func:`load_model` reads, without scikit-learn, when present
    meta.json       format version, library versions, training data hashes,
                    seed, cross-validated metrics, sha256 of the model file
    MODEL_CARD.md   intended use, data, metrics, limits

:func:`load_model` checks ``meta.json`` and the sha256 of every file it reads (and of the
model file) *before* reading or unpickling it. A pickle (or joblib) file runs code when loaded,
so load only model directories that you made or trust.
"""

from __future__ import annotations

import errno
import hashlib
import importlib
import json
import os
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ModelLoadError, path_argument
from .outputs import atomic_path, atomic_write_text, current_umask
from .pickle_audit import check_pickle, pickle_globals
from .resources import data_path
from .sentence_features import SentenceScorer, read_arrays, write_arrays
from .tagger import TermTagger

if TYPE_CHECKING:
    from .estimator import FramingModel

__all__ = [
    "FORMAT_VERSION",
    "FramingModel",
    "SentenceModel",
    "ArrayModel",
    "load_model",
    "save_model",
    "default_model_path",
    "models_dir",
    "models_dirs",
    "user_models_dir",
    "default_model_setting",
    "list_models",
    "set_user_default",
    "resolve_model_path",
    "sha256_file",
    "load_component",
    "save_component",
]

#: Version of the model-directory layout. Bump when meta.json or the pickled
#: object changes incompatibly; loading a newer format is refused. 2: the model and its
#: components are gzip-compressed pickles (``.pkl.gz``); 1: joblib files (still read).
FORMAT_VERSION = 2

MODEL_FILE = "model.pkl.gz"
#: The sentence model and term tagger as plain arrays (:class:`ArrayModel`).
INFERENCE_FILE = "inference.npz"
#: The pickled files of a version-1 directory (read by the same loader).
JOBLIB_SUFFIX = ".joblib"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"


def as_text_list(X: Any) -> list[str]:
    """Sentences as a list of str (a single str is refused)."""
    if isinstance(X, str):
        raise TypeError("expected a list of sentences, got a single str; wrap it in a list")
    return [x if isinstance(x, str) else str(x) for x in X]


_as_text_list = as_text_list


class SentenceModel:
    """What analysis needs of a loaded sentence model: ``predict_proba`` (column 1 is
    P(biased)), ``predict``, its term tagger, its components and its meta.json.

    Two kinds are loaded by :func:`load_model`: :class:`ArrayModel` (the model's plain
    arrays; no scikit-learn) and :class:`FramingModel` (the scikit-learn estimator, for
    training, from the pickle). ``estimator_model()`` gives the latter in both cases.
    """

    classes_: np.ndarray

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        raise NotImplementedError

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
        return None

    def component(self, name: str) -> Any:
        """A component stored beside the model file (see :func:`load_component`), or None."""
        return load_component(self, name)

    def estimator_model(self) -> Any:
        """The scikit-learn :class:`FramingModel` of this model."""
        raise NotImplementedError


class ArrayModel(SentenceModel):
    """A model directory's sentence model and term tagger read from its plain arrays
    (``inference.npz``): the same probabilities and terms as its :class:`FramingModel`,
    with numpy alone.

    Anything else a :class:`FramingModel` has (``estimator_``, ``fit``, ``get_params``...)
    is read from the directory's pickle on first use (:meth:`estimator_model`, checked
    against meta.json like every model file).
    """

    #: Attributes of the scikit-learn model that load it when asked for.
    _FROM_ESTIMATOR = frozenset(
        "estimator_ term_tagger_ estimator term_tagger fit get_params set_params score"
        " __sklearn_clone__ __sklearn_tags__".split()
    )

    def __init__(self, spec: dict, arrays: dict[str, np.ndarray], meta: dict, path: Path) -> None:
        self.scorer = SentenceScorer(spec, arrays)
        self.classes_ = self.scorer.classes
        tagger = spec.get("tagger")
        self._tagger = (
            None
            if tagger is None
            else TermTagger.from_inference_state(
                tagger, {k[7:]: v for k, v in arrays.items() if k.startswith("tagger.")}
            )
        )
        self.meta_ = meta
        self.path_ = path

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probabilities, shape (n, 2); column 1 is P(biased)."""
        return self.scorer.predict_proba(as_text_list(X))

    @property
    def tagger(self) -> Any:
        return self._tagger

    def estimator_model(self) -> Any:
        model = self.__dict__.get("_estimator_model")
        if model is None:
            model = self.__dict__["_estimator_model"] = _load_pickled(self.path_, self.meta_)
        return model

    def __getattr__(self, name: str) -> Any:
        if name in ArrayModel._FROM_ESTIMATOR:
            return getattr(self.estimator_model(), name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"ArrayModel({self.name!r}, {str(self.path_)!r})"


def __getattr__(name: str) -> Any:
    # The scikit-learn estimator is defined in framing.estimator (which imports this
    # module); its pickles and the public API know it as framing.model.FramingModel.
    if name == "FramingModel":
        return importlib.import_module("framing.estimator").FramingModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def dump_pickle(obj: Any, path: str | os.PathLike) -> None:
    """Write ``obj`` as a gzip-compressed pickle (protocol 5), byte-identical for the same
    object (no time stamp in the gzip header)."""
    import gzip
    import pickle

    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        pickle.dump(obj, f, protocol=5)


def load_pickle(path: str | os.PathLike) -> Any:
    """Read a file written by :func:`dump_pickle`, or a joblib file (``.joblib``, the
    format of version-1 model directories). A pickle runs code when loaded: call this
    only after checking the file's sha256 against meta.json.

    The C unpickler reads the model about ten times faster than joblib's, which is
    written in Python."""
    if os.fspath(path).endswith(JOBLIB_SUFFIX):
        import joblib

        return joblib.load(path)
    import gzip
    import pickle

    with gzip.open(path, "rb") as f:
        return pickle.load(f)


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


def user_models_dir() -> Path:
    """The user's own models folder, the same from any working directory:
    ``$FRAMING_HOME/models`` when ``FRAMING_HOME`` is set, else
    ``$XDG_DATA_HOME/framing/models`` (``~/.local/share/framing/models``)."""
    home = os.environ.get("FRAMING_HOME")
    if home:
        return Path(home).expanduser() / "models"
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "framing" / "models"


def models_dirs() -> list[Path]:
    """The folders a model name is looked up in, in order: ``$FRAMING_MODELS_DIR`` alone
    when it is set; else ``./models`` (the working directory's), then
    :func:`user_models_dir`."""
    env = os.environ.get("FRAMING_MODELS_DIR")
    if env:
        return [Path(env)]
    return [Path("models"), user_models_dir()]


def models_dir() -> Path:
    """The first folder of :func:`models_dirs` (``$FRAMING_MODELS_DIR`` or ``./models``)."""
    return models_dirs()[0]


def _user_config_file() -> Path:
    home = os.environ.get("FRAMING_HOME")
    if home:
        return Path(home).expanduser() / "default_model"
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "framing" / "default_model"


def default_model_setting() -> tuple[str | None, str]:
    """The user's default model as set, and where it was set: ``(value, where)``.

    ``value`` is None for the shipped default. In order: ``$FRAMING_MODEL``, the file
    written by ``framing models --set-default`` (``$FRAMING_HOME/default_model``, else
    ``~/.config/framing/default_model``), else the model shipped with framing.
    """
    env = os.environ.get("FRAMING_MODEL")
    if env:
        return env, "set by the FRAMING_MODEL environment variable"
    cfg = _user_config_file()
    fix = "fix it, delete it, or run framing models --set-default NAME"
    if cfg.is_dir():
        raise ModelLoadError(f"{cfg}: the default model setting is a folder, not a file; {fix}")
    if cfg.is_file():
        try:
            value = cfg.read_bytes().decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            raise ModelLoadError(
                f"{cfg}: the default model setting is not UTF-8 (byte offset {exc.start}); {fix}"
            ) from None
        except OSError as exc:
            raise ModelLoadError(
                f"{cfg}: the default model setting cannot be read ({exc.strerror or exc}); {fix}"
            ) from None
        if value:
            return value, f"set in {cfg} by framing models --set-default"
    return None, "the model shipped with framing"


def resolve_model_path(name: str | os.PathLike | None = None) -> Path:
    """Find a model directory.

    ``None`` means the user's default (see :func:`default_model_setting`):
    ``$FRAMING_MODEL``, else the path written by ``framing models --set-default``, else
    the shipped default. A string is a directory path, or a name looked up in
    :func:`models_dirs` (``./models``, then the user's models folder), or ``"default"``
    for the shipped model.
    """
    if name is None:
        name, _ = default_model_setting()
        if name is None:
            return default_model_path()
    name = os.fspath(path_argument(name, "model", "a model directory or name (str or os.PathLike)"))
    if name in ("default", "builtin"):
        return default_model_path()
    path = Path(name)
    if path.is_dir():
        return path
    folders = models_dirs()
    for folder in folders:
        if (folder / name).is_dir():
            return folder / name
    looked = ", ".join(str(f / name) for f in folders)
    raise ModelLoadError(
        f"model {name!r} not found: no directory {path} nor {looked} "
        "(list models with `framing models`)"
    )


def set_user_default(name: str | os.PathLike) -> Path:
    """Make a model the user's default (``$FRAMING_HOME/default_model``, else
    ``~/.config/framing/default_model``).

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
    for key, kind in (
        ("model_sha256", str),
        ("metrics", dict),
        ("components", dict),
        ("inference_file", str),
        ("inference_sha256", str),
    ):
        if key in meta and not isinstance(meta[key], kind):
            raise ModelLoadError(f"{meta_path}: {key} must be a JSON {kind.__name__}")
    return meta


def _checked_file(path: Path, file_name: Any, expected: Any, what: str) -> Path:
    """``path / file_name`` once its sha256 matches ``expected`` (from meta.json)."""
    meta_path = path / META_FILE
    if not isinstance(file_name, str) or not file_name or Path(file_name).name != file_name:
        raise ModelLoadError(
            f"{meta_path}: {what} must be the name of a file in the model directory, "
            f"not {file_name!r}"
        )
    file = path / file_name
    no_hash = f"{meta_path}: no sha256 of {file_name}; refusing to load it"
    _verify_sha256(file, expected if isinstance(expected, str) else None, no_hash)
    return file


def _verify_sha256(file: Path, expected: str | None, no_hash: str) -> None:
    """Refuse ``file`` when it is missing, has no recorded sha256 (``no_hash`` says so)
    or its sha256 is not ``expected``."""
    if not file.is_file():
        raise ModelLoadError(f"{file}: missing")
    if not expected:
        raise ModelLoadError(no_hash)
    actual = sha256_file(file)
    if actual != expected:
        raise ModelLoadError(
            f"{file}: sha256 {actual[:12]}… does not match meta.json "
            f"({expected[:12]}…); the file is corrupted or was changed"
        )


def _load_pickled(path: Path, meta: dict) -> Any:
    """The directory's :class:`FramingModel`, unpickled once its hash is checked."""
    model_path = path / meta.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path}: missing")
    expected = meta.get("model_sha256")
    if not expected:
        raise ModelLoadError(f"{path / META_FILE}: no model_sha256; refusing to unpickle")
    _checked_file(path, model_path.name, expected, "model_file")
    import sklearn

    trained_with = meta.get("sklearn_version")
    if trained_with and trained_with != sklearn.__version__:
        warnings.warn(
            f"{model_path} was trained with scikit-learn {trained_with}; "
            f"this is {sklearn.__version__}. Predictions may differ: retrain with `python train.py`.",
            UserWarning,
            stacklevel=4,
        )
    trust_notice(path)
    audit_pickle(model_path)
    try:
        model = load_pickle(model_path)
    except Exception as exc:  # a pickle can fail in many ways
        raise ModelLoadError(
            f"{model_path}: cannot be loaded ({type(exc).__name__}: {exc})"
        ) from None
    if not isinstance(model, SentenceModel) or type(model).__name__ != "FramingModel":
        raise ModelLoadError(f"{model_path}: holds a {type(model).__name__}, not a FramingModel")
    model.meta_ = meta
    model.path_ = path
    return model


def _load_arrays(path: Path, meta: dict) -> ArrayModel:
    """The directory's :class:`ArrayModel`, read once the hash of its file is checked (a
    numpy file read without pickle: nothing in it runs code)."""
    file = _checked_file(
        path, meta["inference_file"], meta.get("inference_sha256"), "inference_file"
    )
    try:
        spec, arrays = read_arrays(file)
        model = ArrayModel(spec, arrays, meta, path)
        # one sentence scored now: arrays that do not fit together fail here, not mid-run
        if not bool(np.isfinite(model.predict_proba([_PROBE_SENTENCE])).all()):
            raise ValueError("the probabilities of a sentence are not finite")
        return model
    except Exception as exc:  # whatever is wrong in the file (EOFError for a 0-byte one...)
        raise ModelLoadError(f"{file}: cannot be read ({type(exc).__name__}: {exc})") from None


#: The sentence every model read from plain arrays scores once as it is loaded.
_PROBE_SENTENCE = "The senator slammed the reckless plan, officials said on Tuesday."


@lru_cache(maxsize=8)
def _load_cached(path_str: str, mtime_ns: int) -> SentenceModel:
    path = Path(path_str)
    meta = _read_meta(path)
    if meta.get("inference_file"):
        # the pickle is unpickled only when the estimator is asked for, but a changed,
        # missing or hostile model file is refused now, as when it is unpickled
        model_file = _checked_file(
            path, meta.get("model_file", MODEL_FILE), meta.get("model_sha256"), "model_file"
        )
        audit_pickle(model_file)
        return _load_arrays(path, meta)
    return _load_pickled(path, meta)


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
    trusted = (default_model_path().resolve().parent, models_dir().resolve())
    if str(path) in _NOTICED or any(path.is_relative_to(t) for t in trusted):
        return
    _NOTICED.add(str(path))
    sys.stderr.write(
        f"framing: loading the model in {path}, outside your models folder. {TRUST_NOTE}\n"
    )


def load_model(name: str | os.PathLike | None = None) -> SentenceModel:
    """Load a model directory (see :func:`resolve_model_path` for ``name``).

    A directory with an inference file (``inference.npz``, the model as plain arrays) gives
    an :class:`ArrayModel`, read with numpy alone; one without (written before it, or
    holding a pipeline with no plain-array form) gives its pickled :class:`FramingModel`.
    ``estimator_model()`` gives the :class:`FramingModel` in both cases.

    Raises
    ------
    ModelLoadError
        If the directory, ``meta.json`` or the model file is missing, the
        hash does not match, or the format is newer than supported.
    """
    path = resolve_model_path(name).resolve()
    files = (
        path / MODEL_FILE,
        path / ("model" + JOBLIB_SUFFIX),
        path / META_FILE,
        path / INFERENCE_FILE,
    )
    mtime = max((f.stat().st_mtime_ns for f in files if f.exists()), default=0)
    return _load_cached(str(path), mtime)


def _write_inference(model: Any, directory: Path) -> dict:
    """Write ``model``'s plain arrays into ``directory`` (when it has them) and return the
    meta.json entries that name the file and its hash (empty when it has none)."""
    exported = model.inference_arrays() if hasattr(model, "inference_arrays") else None
    if exported is None:
        return {}
    with atomic_path(directory / INFERENCE_FILE) as tmp:
        write_arrays(tmp, *exported)
    return {
        "inference_file": INFERENCE_FILE,
        "inference_sha256": sha256_file(directory / INFERENCE_FILE),
    }


def save_model(model: Any, path: str | os.PathLike, meta: dict, card: str) -> Path:
    """Write a model directory; never overwrites an existing one.

    It holds the pickled :class:`FramingModel` and, when the model has them, its plain
    arrays (``inference.npz``, read by :func:`load_model` without scikit-learn). The
    directory is assembled under a temporary name and renamed into place, so a crash
    leaves no half-written model behind.
    """
    import tempfile

    import sklearn

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; model directories are never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        dump_pickle(model, tmp / MODEL_FILE)
        full_meta = {
            "format_version": FORMAT_VERSION,
            "name": path.name,
            **meta,
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "model_file": MODEL_FILE,
            "model_sha256": sha256_file(tmp / MODEL_FILE),
            **_write_inference(model, tmp),
        }
        (tmp / META_FILE).write_text(json.dumps(full_meta, indent=2) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(card, encoding="utf-8")
        os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes it 0700
        try:
            os.rename(tmp, path)
        except OSError as exc:
            # another run (or the user) made ``path`` while this one was writing
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            raise FileExistsError(
                f"{path} exists; model directories are never overwritten"
            ) from None
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def write_inference_file(directory: str | os.PathLike) -> Path | None:
    """Write (or rewrite) the plain arrays of an existing model directory's pickled model
    (``inference.npz``) and record the file and its hash in meta.json; the pickle and the
    components are untouched. None when the model has no plain-array form (meta.json is
    then left naming no inference file)."""
    directory = Path(directory)
    meta = _read_meta(directory)
    model = _load_pickled(directory.resolve(), meta)
    entries = _write_inference(model, directory)
    meta = {k: v for k, v in meta.items() if k not in ("inference_file", "inference_sha256")}
    if entries:
        at = list(meta).index("model_sha256") + 1 if "model_sha256" in meta else len(meta)
        items = list(meta.items())
        meta = dict(items[:at] + list(entries.items()) + items[at:])
    atomic_write_text(directory / META_FILE, json.dumps(meta, indent=2) + "\n")
    _load_cached.cache_clear()
    return directory / INFERENCE_FILE if entries else None


def resave_components(directory: str | os.PathLike) -> list[Path]:
    """Save again, in their current format, the components of a model directory whose
    pickles name a scikit-learn class (the target-sentiment component before its parts were
    pickled as plain values): what they predict is unchanged, and analysis then unpickles
    no scikit-learn class. Their information in meta.json is kept; returns the files
    written."""
    import gzip

    from_sklearn = []
    directory = Path(directory)
    meta = _read_meta(directory)
    for name, info in sorted(meta.get("components", {}).items()):
        file = directory / str(info.get("file", ""))
        if not file.is_file() or file.suffix != ".gz":
            continue
        with gzip.open(file, "rb") as f:
            modules = {module for module, _ in pickle_globals(f.read())}
        if any(m == "sklearn" or m.startswith("sklearn.") for m in modules):
            from_sklearn.append(name)
    holder = SentenceModel()
    holder.meta_, holder.path_ = meta, directory.resolve()
    written = []
    for name in from_sklearn:
        obj = load_component(holder, name)
        info = {k: v for k, v in meta["components"][name].items() if k not in ("file", "sha256")}
        written.append(save_component(directory, name, obj, info))
    _load_cached.cache_clear()
    return written


def list_models(directory: str | os.PathLike | None = None) -> list[dict]:
    """The shipped default and the model directories under ``directory`` (default: every
    folder of :func:`models_dirs`), each as a dict with name, path, headline metrics and
    ``active`` (it is the user's default model; see :func:`default_model_setting`). The
    active default is listed even when it lies elsewhere."""
    rows = []
    candidates = [default_model_path()]
    folders = [Path(directory)] if directory is not None else models_dirs()
    for d in folders:
        if d.is_dir():
            candidates += sorted(
                p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")
            )
    try:
        active: Path | None = resolve_model_path(None).resolve()
    except ModelLoadError:
        active = None
    if active is not None and active not in {p.resolve() for p in candidates}:
        candidates.append(active)
    for p in candidates:
        is_active = p.resolve() == active
        try:
            meta = _read_meta(p)
        except ModelLoadError as exc:
            rows.append({"name": p.name, "path": str(p), "error": str(exc), "active": is_active})
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
                "active": is_active,
            }
        )
    return rows


def _hash_checked_load(file: Path, expected: str | None, what: str) -> Any:
    """Unpickle ``file`` only after its sha256 matches ``expected`` (from meta.json)."""
    _verify_sha256(file, expected, f"{what}: no sha256 recorded; refusing to unpickle {file}")
    trust_notice(file.parent)
    audit_pickle(file)
    try:
        return load_pickle(file)
    except Exception as exc:  # a pickle can fail in many ways
        raise ModelLoadError(f"{file}: cannot be loaded ({type(exc).__name__}: {exc})") from None


def audit_pickle(file: Path) -> None:
    """Refuse, before it is unpickled, a model file from outside the package that would
    import a class or function no framing model uses (:mod:`framing.pickle_audit`, read
    without running it). Format-1 joblib files cannot be read that way and are not audited."""
    if file.suffix == JOBLIB_SUFFIX:
        return
    if file.resolve().is_relative_to(default_model_path().resolve().parent):
        return  # shipped with the package: its hash is checked like any other
    check_pickle(file)


def load_component(model: SentenceModel, name: str) -> Any:
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
    directory = Path(directory)
    meta = _read_meta(directory)
    file_name = f"{name}.pkl.gz"
    with atomic_path(directory / file_name) as tmp:
        dump_pickle(obj, tmp)
    components = dict(meta.get("components", {}))
    components[name] = {
        **info,
        "file": file_name,
        "sha256": sha256_file(directory / file_name),
    }
    meta["components"] = dict(sorted(components.items()))
    atomic_write_text(directory / META_FILE, json.dumps(meta, indent=2) + "\n")
    return directory / file_name
