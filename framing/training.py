"""Training and evaluation: labelled sentences in, a versioned model directory out.

The shipped default model is ``train(base_data="babe")`` with the defaults
below; ``python train.py`` runs exactly that.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, f1_score, precision_recall_fscore_support
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

from .errors import LabelDataError

__all__ = [
    "SEED",
    "load_babe",
    "read_labels",
    "validate_labels",
    "cross_validate_model",
    "train",
    "evaluate",
    "annotated_texts",
]

#: Seed of every random choice in training and cross-validation.
SEED = 42

BABE_FILE = "babe_sg2.csv.gz"
BABE_DESCRIPTION = (
    "BABE SG2 (Spinde et al. 2021), final_labels_SG2.csv, 3,673 sentences with label_bias "
    "Biased/Non-biased ('No agreement' dropped); AGPL-3.0"
)

_LABEL_MAPS: dict[str, dict[Any, int]] = {
    "biased/non-biased": {"biased": 1, "non-biased": 0, "non biased": 0, "nonbiased": 0, "unbiased": 0},
    "1/0": {1: 1, 0: 0, "1": 1, "0": 0},
    "true/false": {True: 1, False: 0, "true": 1, "false": 0, "yes": 1, "no": 0},
    "loaded/neutral": {"loaded": 1, "neutral": 0},
}


def _babe_path() -> Path:
    return Path(str(resources.files("framing") / "data" / BABE_FILE))


def load_babe() -> pd.DataFrame:
    """BABE SG2 as a DataFrame with columns text, label, outlet, topic, biased_words.

    Read from the copy shipped inside the package (gzip of
    ``datasets/babe/final_labels_SG2.csv``, byte-identical once decompressed).
    """
    import ast

    df = pd.read_csv(_babe_path(), sep=";", encoding="utf-8-sig", compression="gzip")
    df = df[df.label_bias != "No agreement"].copy()
    out = pd.DataFrame(
        {
            "text": df.text.astype(str).values,
            "label": (df.label_bias == "Biased").astype(int).values,
            "outlet": df.outlet.astype(str).values,
            "topic": df.topic.astype(str).values,
            "biased_words": df.biased_words.apply(ast.literal_eval).values,
        }
    )
    return out.reset_index(drop=True)


def _read_table(path: Path) -> pd.DataFrame:
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        return pd.read_parquet(path)
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
        return pd.read_json(path, lines=not name.endswith(".json"), dtype=False)
    if name.endswith((".csv", ".csv.gz", ".tsv")):
        sep = "\t" if name.endswith(".tsv") else None
        return pd.read_csv(path, sep=sep, engine="python", encoding="utf-8-sig", keep_default_na=False)
    raise LabelDataError(f"{path}: unknown file type; use .csv, .tsv, .jsonl or .parquet")


def read_labels(path: str | os.PathLike, text_col: str = "text", label_col: str = "label") -> pd.DataFrame:
    """Read and validate a sentence-label file (CSV, TSV, JSONL or Parquet).

    Returns a DataFrame with ``text``, ``label`` (0/1) and, where present,
    ``outlet``, ``topic`` and ``weight``. Raises :class:`LabelDataError`
    listing every problem with its row number.
    """
    path = Path(path)
    if not path.is_file():
        raise LabelDataError(f"{path}: no such file")
    try:
        df = _read_table(path)
    except LabelDataError:
        raise
    except Exception as exc:
        raise LabelDataError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
    return validate_labels(df, source=str(path), text_col=text_col, label_col=label_col)


def _label_mapping(values: Sequence[Any]) -> tuple[str, dict[Any, int]] | None:
    def norm(v: Any) -> Any:
        return v.strip().lower() if isinstance(v, str) else v

    distinct = {norm(v) for v in values}
    for name, mapping in _LABEL_MAPS.items():
        if distinct <= set(mapping):
            return name, mapping
    return None


def validate_labels(
    df: pd.DataFrame,
    source: str = "labels",
    text_col: str = "text",
    label_col: str = "label",
    min_per_class: int = 10,
) -> pd.DataFrame:
    """Check a sentence-label table; return it normalised or raise with every problem."""
    problems: list[str] = []
    missing = [c for c in (text_col, label_col) if c not in df.columns]
    if missing:
        raise LabelDataError(
            f"{source}: missing column(s) {', '.join(missing)}; found {', '.join(map(str, df.columns))}"
        )
    row_no = np.arange(len(df)) + 2  # 1-based, after a header line
    text = df[text_col]
    bad_text = [int(r) for r, t in zip(row_no, text, strict=True) if not isinstance(t, str) or not t.strip()]
    if bad_text:
        problems.append(f"empty or non-text {text_col!r} in rows {_rows(bad_text)}")
    labels = df[label_col].tolist()
    found = _label_mapping(labels)
    if found is None:
        known = "; ".join(f"{k}" for k in _LABEL_MAPS)
        odd = sorted({str(v) for v in labels})[:10]
        problems.append(f"unknown label values {odd}; accepted label sets: {known}")
        mapping_name, y = "unknown", None
    else:
        mapping_name, mapping = found
        y = np.array(
            [mapping[v.strip().lower() if isinstance(v, str) else v] for v in labels], dtype=int
        )
    if y is not None and not bad_text:
        norm_text = text.map(lambda t: " ".join(t.split()))
        dup = norm_text.duplicated(keep=False)
        if dup.any():
            groups = pd.DataFrame({"t": norm_text[dup], "y": y[dup.values], "row": row_no[dup.values]})
            for _, g in groups.groupby("t", sort=False):
                rows = g.row.tolist()
                if g.y.nunique() > 1:
                    problems.append(f"same text with conflicting labels in rows {_rows(rows)}")
                else:
                    problems.append(f"exact duplicate text in rows {_rows(rows)}")
        counts = np.bincount(y, minlength=2)
        for cls, n in enumerate(counts):
            if n < min_per_class:
                problems.append(f"only {n} example(s) of label {cls}; need at least {min_per_class}")
    words = None
    if not bad_text and ("biased_words" in df.columns or "spans" in df.columns):
        words, span_problems = _span_labels(df, text.astype(str).tolist(), row_no)
        problems.extend(span_problems)
    if problems:
        raise LabelDataError(f"{source}: {len(problems)} problem(s)", problems)
    out = pd.DataFrame({"text": text.astype(str).values, "label": y})
    if words is not None:
        out["biased_words"] = words
    for col in ("outlet", "topic", "weight"):
        if col in df.columns:
            out[col] = df[col].values
    out.attrs["label_mapping"] = mapping_name
    return out


def _parse_list(value: Any) -> list | None:
    """A list from a list, a JSON/Python list literal, or a '|'-separated string."""
    import ast
    import json

    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    if isinstance(value, str):
        v = value.strip()
        if not v:
            return []
        if v.startswith("["):
            try:
                return list(json.loads(v))
            except json.JSONDecodeError:
                return list(ast.literal_eval(v))
        return [w.strip() for w in v.split("|") if w.strip()]
    raise ValueError(f"cannot read {value!r} as a list")


def _span_labels(
    df: pd.DataFrame, texts: list[str], row_no: np.ndarray
) -> tuple[list[tuple[str, ...] | None], list[str]]:
    """Word-level labels as a tuple of loaded words per row (None: not annotated).

    Accepts ``biased_words`` (list of words, as in BABE) and/or ``spans``
    (list of ``[start, end]`` character offsets into the text).
    """
    problems: list[str] = []
    out: list[tuple[str, ...] | None] = []
    for i, text in enumerate(texts):
        row = int(row_no[i])
        words: list[str] | None = None
        try:
            if "biased_words" in df.columns:
                bw = _parse_list(df["biased_words"].iloc[i])
                if bw is not None:
                    words = [str(w) for w in bw]
                    lower = text.lower()
                    missing = [w for w in words if w.lower() not in lower]
                    if missing:
                        problems.append(f"row {row}: biased word(s) {missing} not found in the text")
            if "spans" in df.columns:
                spans = _parse_list(df["spans"].iloc[i])
                if spans is not None:
                    words = words or []
                    for span in spans:
                        start, end = (int(x) for x in span)
                        if not 0 <= start < end <= len(text):
                            problems.append(f"row {row}: span {span} outside the text (length {len(text)})")
                            continue
                        words.append(text[start:end])
        except (ValueError, SyntaxError, TypeError) as exc:
            problems.append(f"row {row}: unreadable span labels ({exc})")
        out.append(None if words is None else tuple(words))
    return out, problems


def annotated_texts(df: pd.DataFrame) -> list[str]:
    """Training inputs: each text as an AnnotatedSentence carrying its loaded
    words where the table has word-level labels (a plain annotation-less
    sentence otherwise)."""
    from .features import AnnotatedSentence

    if "biased_words" not in df.columns:
        return [AnnotatedSentence(t) for t in df.text]
    return [AnnotatedSentence(t, w) for t, w in zip(df.text, df.biased_words, strict=True)]


def _rows(rows: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" … ({len(rows)} in all)" if len(rows) > limit else "")


def _scores(y: np.ndarray, pred: np.ndarray, proba: np.ndarray) -> dict[str, Any]:
    p, r, f, n = precision_recall_fscore_support(y, pred, labels=[0, 1], zero_division=0)
    return {
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        "weighted_f1": round(float(f1_score(y, pred, average="weighted")), 4),
        "brier": round(float(brier_score_loss(y, proba)), 4),
        "per_class": {
            str(c): {"precision": round(float(p[c]), 4), "recall": round(float(r[c]), 4),
                     "f1": round(float(f[c]), 4), "support": int(n[c])}
            for c in (0, 1)
        },
        "n": int(len(y)),
    }


def _oof(
    make: Callable[[], Any], texts: list[str], y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]],
    n_jobs: int,
) -> tuple[np.ndarray, list[float]]:
    from joblib import Parallel, delayed

    def run(train_idx: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
        est = make().fit([texts[i] for i in train_idx], y[train_idx])
        return est.predict_proba([texts[i] for i in test_idx])[:, 1]

    results = Parallel(n_jobs=n_jobs)(delayed(run)(tr, te) for tr, te in folds)
    proba = np.zeros(len(y))
    fold_f1 = []
    for (_, te), p in zip(folds, results, strict=True):
        proba[te] = p
        fold_f1.append(float(f1_score(y[te], (p >= 0.5).astype(int), average="macro", labels=[0, 1], zero_division=0)))
    return proba, fold_f1


def cross_validate_model(
    make: Callable[[], Any],
    texts: Sequence[str],
    y: Sequence[int],
    groups: dict[str, Sequence[Any]] | None = None,
    k: int = 10,
    seed: int = SEED,
    n_jobs: int = 1,
) -> dict[str, Any]:
    """Out-of-fold metrics: stratified K-fold and leave-one-group-out per grouping.

    ``make()`` returns a fresh unfitted estimator; nothing is tuned on the
    scored folds. For each scheme the result gives the pooled macro and
    weighted F1 over all out-of-fold predictions, the mean per-fold
    macro-F1, the Brier score and per-class precision/recall.
    """
    texts = list(texts)
    y = np.asarray(y, dtype=int)
    schemes: dict[str, list] = {}
    if k and k > 1:
        skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        schemes[f"stratified_{k}fold"] = list(skf.split(np.zeros(len(y)), y))
    for name, g in (groups or {}).items():
        g = np.asarray(g)
        if len(set(g)) >= 3:
            schemes[f"leave_one_{name}_out"] = list(LeaveOneGroupOut().split(np.zeros(len(y)), y, g))
    out: dict[str, Any] = {}
    for name, folds in schemes.items():
        proba, fold_f1 = _oof(make, texts, y, folds, n_jobs)
        pred = (proba >= 0.5).astype(int)
        m = _scores(y, pred, proba)
        m["mean_fold_macro_f1"] = round(float(np.mean(fold_f1)), 4)
        m["n_folds"] = len(folds)
        out[name] = m
    return out


def _sha256(path: Path) -> str:
    from .model import sha256_file

    return sha256_file(path)


def _versions() -> dict[str, str]:
    import joblib
    import nltk
    import scipy
    import sklearn

    from . import __version__

    return {
        "framing": __version__,
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "nltk": nltk.__version__,
        "joblib": joblib.__version__,
    }


def _combine(data: Sequence[str | os.PathLike], base_data: str) -> tuple[pd.DataFrame, list[dict]]:
    frames, sources = [], []
    if base_data == "babe":
        babe = load_babe()
        frames.append(babe[["text", "label", "outlet", "topic", "biased_words"]])
        sources.append({"file": f"framing/data/{BABE_FILE}", "description": BABE_DESCRIPTION,
                        "sha256": _sha256(_babe_path()), "rows": len(babe),
                        "label_mapping": "Biased/Non-biased"})
    elif base_data != "none":
        raise LabelDataError(f"--base-data must be 'babe' or 'none', not {base_data!r}")
    for p in data:
        df = read_labels(p)
        frames.append(df)
        sources.append({"file": str(p), "sha256": _sha256(Path(p)), "rows": len(df),
                        "label_mapping": df.attrs.get("label_mapping")})
    if not frames:
        raise LabelDataError("no training data: give --data FILE or use --base-data babe")
    combined = pd.concat(frames, ignore_index=True)
    return combined, sources


def train(
    out: str | os.PathLike,
    data: Sequence[str | os.PathLike] = (),
    base_data: str = "babe",
    cv: int = 10,
    seed: int = SEED,
    n_jobs: int = 1,
    version: str | None = None,
    estimator: Any = None,
    log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> Path:
    """Cross-validate, fit on all data and write a model directory.

    Parameters
    ----------
    out : path
        The new model directory (must not exist).
    data : paths
        Sentence-label files (see :func:`read_labels`).
    base_data : {"babe", "none"}
        Whether to include the shipped BABE training set.
    cv : int
        K of the stratified K-fold; 0 skips cross-validation. Leave-one-group-out
        runs for ``outlet`` and ``topic`` when those columns exist.
    """
    from . import __version__
    from .features import make_sentence_pipeline
    from .model import FramingModel, save_model

    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists; model directories are never overwritten")
    df, sources = _combine(data, base_data)
    texts, y = annotated_texts(df), df.label.to_numpy()
    groups = {c: df[c].astype(str).tolist() for c in ("outlet", "topic")
              if c in df.columns and df[c].notna().all()}
    base = estimator if estimator is not None else make_sentence_pipeline(classifier__random_state=seed)

    def make() -> FramingModel:
        return FramingModel(estimator=clone(base))

    metrics: dict[str, Any] = {}
    if cv:
        log(f"cross-validating on {len(y)} sentences ({', '.join(['stratified'] + list(groups))}) …")
        metrics = cross_validate_model(make, texts, y, groups, k=cv, seed=seed, n_jobs=n_jobs)
        for name, m in metrics.items():
            log(f"  {name}: macro-F1 {m['macro_f1']:.3f}, weighted-F1 {m['weighted_f1']:.3f}, "
                f"mean per-fold macro-F1 {m['mean_fold_macro_f1']:.3f}")
    log("fitting on all data …")
    model = make().fit(texts, y)
    meta = {
        "version": version or __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": seed,
        "training_data": sources,
        "n_train": int(len(y)),
        "class_counts": {str(c): int(n) for c, n in enumerate(np.bincount(y, minlength=2))},
        "metrics": metrics,
        "versions": _versions(),
        "estimator": repr(base),
    }
    from .modelcard import render_model_card

    card = render_model_card(out.name, meta)
    return save_model(model, out, meta, card)


def evaluate(
    data: str | os.PathLike | pd.DataFrame, model: Any = None
) -> dict[str, Any]:
    """Score a model on a labelled file (no training): F1, per class, Brier."""
    from .model import FramingModel, load_model

    df = data if isinstance(data, pd.DataFrame) else read_labels(data)
    if not isinstance(model, FramingModel):
        model = load_model(model)
    proba = model.predict_proba(df.text.tolist())[:, 1]
    y = df.label.to_numpy()
    res = _scores(y, (proba >= 0.5).astype(int), proba)
    res["model"] = {"name": model.name, "version": model.version}
    return res
