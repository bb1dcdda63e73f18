"""Training and evaluation: labelled sentences in, a versioned model directory out.

The shipped default model is ``train(base_data="babe")`` with the defaults
below; ``python train.py`` runs exactly that.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, f1_score, precision_recall_fscore_support
from sklearn.model_selection import (
    GroupKFold,
    LeaveOneGroupOut,
    StratifiedKFold,
    cross_val_predict,
)

from . import __version__
from .errors import FramingWarning, InputError, LabelDataError, ModelLoadError, option
from .estimator import FramingModel
from .features import AnnotatedSentence, make_sentence_pipeline
from .foldfit import SharedFeatures, shared_features, unmap_large_blocks
from .model import (
    _load_pickled,
    _read_meta,
    default_model_path,
    load_model,
    save_model,
    sha256_file,
)
from .modelcard import render_model_card
from .outputs import check_writable
from .progress import Progress, in_batches
from .resources import data_path
from .tables import Record, read_frame, table_format
from .tagger import TermTagger
from .traincache import FoldCache, fold_key

__all__ = [
    "SEED",
    "load_babe",
    "load_babe_words",
    "oof_sentence_probabilities",
    "fit_default_tagger",
    "read_labels",
    "validate_labels",
    "cross_validate_model",
    "cross_validate_default",
    "unmap_large_blocks",
    "train",
    "evaluate",
    "annotated_texts",
    "compare_with_default",
    "comparison_lines",
    "trained_texts",
]

#: Seed of every random choice in training and cross-validation.
SEED = 42

BABE_FILE = "babe_sg2.csv.gz"
BABE_DESCRIPTION = (
    "BABE SG2 (Spinde et al. 2021), final_labels_SG2.csv, 3,673 sentences with label_bias "
    "Biased/Non-biased ('No agreement' dropped); AGPL-3.0"
)

_LABEL_MAPS: dict[str, dict[Any, int]] = {
    "biased/non-biased": {
        "biased": 1,
        "non-biased": 0,
        "non biased": 0,
        "nonbiased": 0,
        "unbiased": 0,
    },
    "1/0": {1: 1, 0: 0, "1": 1, "0": 0},
    "true/false": {True: 1, False: 0, "true": 1, "false": 0, "yes": 1, "no": 0},
    "loaded/neutral": {"loaded": 1, "neutral": 0},
}


def _babe_path() -> Path:
    return data_path(BABE_FILE)


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


def load_babe_words() -> tuple[list[str], list[list[str]], list[str]]:
    """BABE SG2 sentences, their annotated biased words and their outlets.

    Returns
    -------
    texts, biased_words, outlets : lists
        From :func:`load_babe` (3,673 sentences).
    """
    df = load_babe()
    return (
        df.text.tolist(),
        [list(map(str, ws)) for ws in df.biased_words],
        df.outlet.astype(str).tolist(),
    )


#: How each input format numbers its rows in messages: (word, explanation).
_NUMBERING = {
    "csv": ("row", "rows counted as in a spreadsheet: the header is row 1"),
    "jsonl": ("line", "line numbers of the file"),
    "records": ("record", "records counted from 1"),
}


_SURROGATE = re.compile("[\udc80-\udcff]")


def _read_table(
    path: Path, text_col: str = "text"
) -> tuple[pd.DataFrame, np.ndarray, str, list[str]]:
    """The table in ``path`` (:func:`framing.tables.read_frame`), the number of each row
    as the user sees it, the numbering scheme (a key of ``_NUMBERING``) and problems
    found while reading (records that cannot be read, undecodable text)."""
    df, bad = read_frame(path, text_columns=(text_col,))
    fmt = table_format(path)
    numbering = {"csv": "csv", "tsv": "csv", "jsonl": "jsonl"}.get(fmt, "records")
    if fmt == "json" and any(line is not None for line in df.attrs["lines"]):
        numbering = "jsonl"  # a .json file of JSON Lines
    if numbering == "csv":
        rows = np.asarray(df.attrs["records"], dtype=int) + 1  # the header is row 1
    elif numbering == "jsonl":
        rows = np.asarray(df.attrs["lines"], dtype=int)
    else:
        rows = np.asarray(df.attrs["records"], dtype=int)
    word = _NUMBERING[numbering][0]
    problems = _reading_problems(bad, numbering)
    undecodable = [
        int(r)
        for r, values in zip(rows, df.itertuples(index=False), strict=True)
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in values)
    ]
    if undecodable:
        problems.append(f"not valid UTF-8 in {word}s {_rows(undecodable)}; save the file as UTF-8")
    return df, rows, numbering, problems


def _reading_problems(bad: list[Record], numbering: str) -> list[str]:
    """One message per kind of unreadable record, naming their rows."""
    word = _NUMBERING[numbering][0]

    def where(r: Record) -> int:
        if numbering == "csv":
            return r.number + 1
        return r.line if numbering == "jsonl" and r.line is not None else r.number

    bad_json = [r for r in bad if r.error and r.error.startswith("invalid JSON: ")]
    not_object = [r for r in bad if r.error and r.error.startswith("not a JSON object")]
    other = [r for r in bad if r not in bad_json and r not in not_object]
    problems = []
    if bad_json:
        first = bad_json[0]
        problems.append(
            f"not valid JSON on {word}s {_rows([where(r) for r in bad_json])} "
            f"({word} {where(first)}: {first.error.removeprefix('invalid JSON: ')})"
        )
    if not_object:
        problems.append(
            f"{word}s {_rows([where(r) for r in not_object])} hold a JSON value that is not an object "
            '(expected {"text": ..., "label": ...})'
        )
    problems += [f"{word} {where(r)}: {r.error}" for r in other]
    return problems


def read_labels(
    path: str | os.PathLike,
    text_col: str = "text",
    label_col: str = "label",
    min_per_class: int = 10,
) -> pd.DataFrame:
    """Read and validate a sentence-label file (CSV, TSV, JSONL or Parquet).

    Parameters
    ----------
    path : path
        ``.csv``, ``.tsv``, ``.jsonl``/``.ndjson`` (optionally ``.gz``),
        ``.json`` (an array of objects) or ``.parquet``.
    text_col, label_col : str
        Column names of the sentence and its label.
    min_per_class : int
        Fewest examples of each label the file must hold (0: no check).

    Returns
    -------
    pandas.DataFrame
        ``text``, ``label`` (0/1) and, where present, ``biased_words``,
        ``outlet``, ``topic`` and ``weight``. ``attrs`` records the label
        mapping used (``label_mapping``, ``label_values``, ``label_message``)
        and the row numbers (``row_numbers``, ``row_word``).

    Raises
    ------
    LabelDataError
        Listing every problem with its row numbers (spreadsheet rows for
        CSV/TSV, line numbers for JSONL, records for Parquet).
    """
    path = Path(path)
    if not path.is_file():
        raise LabelDataError(f"{path}: no such file")
    try:
        df, rows, numbering, problems = _read_table(path, text_col)
    except InputError as exc:
        raise LabelDataError(str(exc)) from None
    out, found = _check(df, rows, _NUMBERING[numbering][0], text_col, label_col, min_per_class)
    problems += found
    if problems:
        raise LabelDataError(
            f"{path}: {len(problems)} problem(s) ({_NUMBERING[numbering][1]})", problems
        )
    return out


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _norm_label(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _label_mapping(values: Sequence[Any]) -> tuple[str, dict[Any, int], list[int]]:
    """The accepted label set that reads most of ``values``, and the positions
    of the values it cannot read (empty when it reads them all)."""
    normed = [_norm_label(v) for v in values]
    if normed and all(isinstance(v, (bool, np.bool_)) for v in normed):
        return "true/false", _LABEL_MAPS["true/false"], []
    best: tuple[str, dict[Any, int], list[int]] | None = None
    for name, mapping in _LABEL_MAPS.items():
        unread = [i for i, v in enumerate(normed) if not _readable(v, mapping)]
        if best is None or len(unread) < len(best[2]):
            best = (name, mapping, unread)
    assert best is not None
    return best


def _readable(value: Any, mapping: dict[Any, int]) -> bool:
    try:
        return value in mapping
    except TypeError:  # unhashable, e.g. a list from JSON
        return False


def _describe_mapping(name: str, values: Sequence[Any], y: np.ndarray) -> str:
    seen: dict[str, int] = {}
    for v, t in zip(values, y, strict=True):
        seen.setdefault(str(v), int(t))
    pairs = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{v} -> {t}" for v, t in pairs[:8]) + (" …" if len(pairs) > 8 else "")
    return f"labels read as {name}: {shown} (1 = biased/loaded)"


def validate_labels(
    df: pd.DataFrame,
    source: str = "labels",
    text_col: str = "text",
    label_col: str = "label",
    min_per_class: int = 10,
) -> pd.DataFrame:
    """Check a sentence-label table; return it normalised or raise with every problem.

    Rows are numbered as in a spreadsheet of the table (header = row 1).
    See :func:`read_labels` for the checks and the result.
    """
    out, problems = _check(df, np.arange(len(df)) + 2, "row", text_col, label_col, min_per_class)
    if problems:
        raise LabelDataError(
            f"{source}: {len(problems)} problem(s) ({_NUMBERING['csv'][1]})", problems
        )
    return out


def _check(
    df: pd.DataFrame,
    row_no: np.ndarray,
    word: str,
    text_col: str,
    label_col: str,
    min_per_class: int,
) -> tuple[pd.DataFrame | None, list[str]]:
    """Every problem of a label table (messages name rows by ``word`` and
    ``row_no``), and the normalised table when there is none."""
    missing = [c for c in (text_col, label_col) if c not in df.columns]
    if missing:
        found = ", ".join(map(str, df.columns)) or "none"
        return None, [f"missing column(s) {', '.join(missing)}; found {found}"]
    text = df[text_col]
    text_ok, problems = _text_problems(text, text_col, row_no, word)
    labels = df[label_col].tolist()
    name, y, complete, label_problems = _read_label_values(labels, label_col, row_no, word)
    problems += label_problems
    if text_ok.any():
        problems += _duplicate_problems(text, text_ok, y, row_no, word)
    if min_per_class and complete:
        counts = np.bincount(y, minlength=2)
        problems += [
            f"only {n} example(s) of label {cls} ({_CLASS_NAMES[cls]}); need at least {min_per_class}"
            for cls, n in enumerate(counts)
            if n < min_per_class
        ]
    weight = None
    if "weight" in df.columns:
        weight, weight_problems = _read_weights(df["weight"].tolist(), row_no, word)
        problems += weight_problems
    words = None
    if text_ok.all() and ("biased_words" in df.columns or "spans" in df.columns):
        words, span_problems, span_notes = _span_labels(df, text.astype(str).tolist(), row_no, word)
        problems.extend(span_problems)
    if problems:
        return None, problems
    out = pd.DataFrame({"text": text.astype(str).values, "label": y})
    if words is not None:
        out["biased_words"] = words
        out.attrs["notes"] = span_notes
    for col in ("outlet", "topic"):
        if col in df.columns:
            out[col] = df[col].values
    if weight is not None:
        out["weight"] = weight
    out.attrs.update(
        label_mapping=name,
        label_values={str(v): int(t) for v, t in zip(labels, y, strict=True)},
        label_message=_describe_mapping(name, labels, y),
        row_numbers=[int(r) for r in row_no],
        row_word=word,
    )
    return out, []


def _text_problems(
    text: pd.Series, text_col: str, row_no: np.ndarray, word: str
) -> tuple[np.ndarray, list[str]]:
    """Which rows hold a text, and the problem with the column or with the others."""
    text_ok = np.array([isinstance(t, str) and bool(t.strip()) for t in text], dtype=bool)
    if len(text) and not (pd.api.types.is_object_dtype(text) or pd.api.types.is_string_dtype(text)):
        return text_ok, [f"column {text_col!r} holds {text.dtype} values, not text"]
    if not text_ok.all():
        return text_ok, [f"empty or non-text {text_col!r} in {word}s {_rows(row_no[~text_ok])}"]
    return text_ok, []


def _read_label_values(
    labels: list[Any], label_col: str, row_no: np.ndarray, word: str
) -> tuple[str, np.ndarray, bool, list[str]]:
    """The label set that reads most labels, the labels as 0/1 (-1: missing or unreadable),
    whether every label was read, and the problems."""
    problems = []
    absent = np.array([_is_missing(v) for v in labels], dtype=bool)
    if absent.any():
        problems.append(
            f"no {label_col!r} in {word}s {_rows(row_no[absent])} "
            f"(fill in a label or delete those {word}s)"
        )
    present = np.flatnonzero(~absent)
    name, mapping, unread = _label_mapping([labels[i] for i in present])
    y = np.full(len(labels), -1, dtype=int)
    unread_rows = present[unread]
    if len(unread_rows):
        odd = sorted({str(labels[i]) for i in unread_rows})
        shown = odd[:8] + (["…"] if len(odd) > 8 else [])
        problems.append(
            f"unknown label values {shown} in {word}s {_rows(row_no[unread_rows])}; "
            f"accepted label sets: {'; '.join(_LABEL_MAPS)}"
            + (f" (the other labels read as {name})" if len(unread_rows) < len(present) else "")
        )
    readable = np.setdiff1d(present, unread_rows)
    y[readable] = [mapping[_norm_label(labels[i])] for i in readable]
    return name, y, not absent.any() and not len(unread_rows), problems


def _duplicate_problems(
    text: pd.Series, text_ok: np.ndarray, y: np.ndarray, row_no: np.ndarray, word: str
) -> list[str]:
    """Rows with the same text (whitespace aside): with conflicting labels, or repeated."""
    norm_text = pd.Series(
        [" ".join(t.split()) if ok else None for t, ok in zip(text, text_ok, strict=True)]
    )
    dup = norm_text.duplicated(keep=False) & pd.Series(text_ok)
    if not dup.any():
        return []
    groups = pd.DataFrame({"t": norm_text[dup], "y": y[dup.values], "row": row_no[dup.values]})
    conflicts, repeats = [], []
    for _, g in groups.groupby("t", sort=False):
        known = set(g.y) - {-1}
        (conflicts if len(known) > 1 else repeats).append(g.row.tolist())
    return _group_messages(
        f"same text with conflicting labels in {word}s", conflicts
    ) + _group_messages(f"exact duplicate text in {word}s", repeats)


def _read_weights(raw: list[Any], row_no: np.ndarray, word: str) -> tuple[np.ndarray, list[str]]:
    """The ``weight`` column as floats (missing: 1), and the problems."""
    problems = []
    no_weight = np.array([_is_missing(v) for v in raw], dtype=bool)
    weight = pd.to_numeric(
        pd.Series([1.0 if m else v for v, m in zip(raw, no_weight, strict=True)], dtype=object),
        errors="coerce",
    ).to_numpy(dtype=float)
    bad = ~np.isfinite(weight) | np.array(
        [isinstance(v, (bool, np.bool_)) for v in raw], dtype=bool
    )
    if bad.any():
        problems.append(
            f"'weight' is not a number in {word}s {_rows(row_no[bad])} (leave it empty for weight 1)"
        )
    neg = np.isfinite(weight) & (weight < 0)
    if neg.any():
        problems.append(f"negative 'weight' in {word}s {_rows(row_no[neg])}; weights must be >= 0")
    return weight, problems


_CLASS_NAMES = {0: "not biased", 1: "biased"}


def _group_messages(what: str, groups: list[list[int]], limit: int = 10) -> list[str]:
    """One message per group of rows, or one summary when there are many."""
    if len(groups) <= limit:
        return [f"{what} {_rows(g)}" for g in groups]
    shown = "; ".join(_rows(g, 4) for g in groups[:5])
    return [f"{what}: {len(groups)} groups, e.g. {shown} …"]


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
    df: pd.DataFrame, texts: list[str], row_no: np.ndarray, word: str = "row"
) -> tuple[list[tuple[str, ...] | None], list[str], list[str]]:
    """Word-level labels as a tuple of loaded words per row (None: not annotated).

    Accepts ``biased_words`` (list of words, as in BABE) and/or ``spans``
    (list of ``[start, end]`` character offsets into the text). A span
    outside the text is a problem; a listed word that does not occur in the
    text is dropped with a note (the third value returned), since annotated
    corpora carry such typos.
    """
    problems: list[str] = []
    notes: list[str] = []
    out: list[tuple[str, ...] | None] = []
    for i, text in enumerate(texts):
        row = f"{word} {int(row_no[i])}"
        words: list[str] | None = None
        try:
            if "biased_words" in df.columns:
                bw = _parse_list(df["biased_words"].iloc[i])
                if bw is not None:
                    words = [str(w) for w in bw]
                    lower = text.lower()
                    missing = [w for w in words if w.lower() not in lower]
                    if missing:  # typos in annotations (BABE has a few): kept as a warning
                        notes.append(
                            f"{row}: biased word(s) {missing} not found in the text; ignored"
                        )
                        words = [w for w in words if w.lower() in lower]
            if "spans" in df.columns:
                spans = _parse_list(df["spans"].iloc[i])
                if spans is not None:
                    words = words or []
                    for span in spans:
                        start, end = (int(x) for x in span)
                        if not 0 <= start < end <= len(text):
                            problems.append(
                                f"{row}: span {list(span)} outside the text (length {len(text)})"
                            )
                            continue
                        words.append(text[start:end])
        except (ValueError, SyntaxError, TypeError) as exc:
            problems.append(f"{row}: unreadable span labels ({exc})")
        out.append(None if words is None else tuple(words))
    return out, problems, notes


def annotated_texts(df: pd.DataFrame) -> list[str]:
    """Training inputs: each text as an AnnotatedSentence carrying its loaded
    words where the table has word-level labels (a plain annotation-less
    sentence otherwise, also for rows without word labels in a combined table)."""
    if "biased_words" not in df.columns:
        return [AnnotatedSentence(t) for t in df.text]
    return [
        AnnotatedSentence(t, w if isinstance(w, (list, tuple, np.ndarray)) else None)
        for t, w in zip(df.text, df.biased_words, strict=True)
    ]


def _rows(rows: Sequence[int], limit: int = 12) -> str:
    rows = [int(r) for r in rows]
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" … ({len(rows)} in all)" if len(rows) > limit else "")


def _scores(y: np.ndarray, pred: np.ndarray, proba: np.ndarray) -> dict[str, Any]:
    p, r, f, n = precision_recall_fscore_support(y, pred, labels=[0, 1], zero_division=0)
    return {
        "macro_f1": round(
            float(f1_score(y, pred, average="macro", labels=[0, 1], zero_division=0)), 4
        ),
        "weighted_f1": round(
            float(f1_score(y, pred, average="weighted", labels=[0, 1], zero_division=0)), 4
        ),
        "brier": round(float(brier_score_loss(y, proba, labels=[0, 1])), 4),
        "per_class": {
            str(c): {
                "precision": round(float(p[c]), 4),
                "recall": round(float(r[c]), 4),
                "f1": round(float(f[c]), 4),
                "support": int(n[c]),
            }
            for c in (0, 1)
        },
        "n": int(len(y)),
    }


def _quiet(msg: str) -> None:
    """A log function that drops its message."""


Folds = list[tuple[np.ndarray, np.ndarray]]


def _fit_rows(
    make: Callable[[], Any],
    texts: list[str],
    y: np.ndarray,
    rows: np.ndarray,
    sample_weight: np.ndarray | None,
    shared: SharedFeatures | None,
) -> Any:
    """``make()`` fitted on ``rows``: from the rows' features read once when ``shared``
    has them (:mod:`framing.foldfit`, the same fitted model), else by its own ``fit``."""
    w = None if sample_weight is None else sample_weight[rows]
    if shared is None:
        fit_kw = {} if w is None else {"sample_weight": w}
        return make().fit([texts[i] for i in rows], y[rows], **fit_kw)
    model = make()
    model.estimator_ = shared.fit(rows, y[rows], w)
    model.classes_ = model.estimator_.classes_
    return model


def _parallel(n_jobs: int, shared: SharedFeatures | None, **kw: Any) -> Any:
    """A joblib pool for folds: threads of this process when the folds fit from shared
    features (their arrays are read, never copied, and the classifier's solver releases
    the GIL), else worker processes."""
    from joblib import Parallel

    return Parallel(n_jobs=n_jobs, backend="threading" if shared is not None else None, **kw)


def _oof(
    make: Callable[[], Any],
    texts: list[str],
    y: np.ndarray,
    folds: Folds,
    n_jobs: int,
    sample_weight: np.ndarray | None = None,
    train_mask: np.ndarray | None = None,
    desc: str | None = None,
    also: Callable[[], Any] | None = None,
    log: Callable[[str], None] = _quiet,
    shared: SharedFeatures | None = None,
) -> tuple[np.ndarray, list[float]] | tuple[np.ndarray, list[float], Any]:
    """Out-of-fold P(biased) for every row; ``train_mask`` restricts each
    fold's training part to the rows it marks. A progress bar (``desc``) counts the folds
    (without a terminal, ``log`` gets a line per fold).
    ``also``: one more task run in the same pool (first, as it is the longest: the fit on
    all data), whose result is returned third. ``shared``: the rows' features, read once
    (:func:`_fit_rows`)."""
    from joblib import delayed

    def run(k: int) -> tuple[int, Any]:
        if k < 0:
            return k, also()
        train_idx, test_idx = folds[k]
        if train_mask is not None:
            train_idx = train_idx[train_mask[train_idx]]
        est = _fit_rows(make, texts, y, train_idx, sample_weight, shared)
        return k, est.predict_proba([texts[i] for i in test_idx])[:, 1]

    tasks = ([-1] if also is not None else []) + list(range(len(folds)))
    results: list[Any] = [None] * len(folds)
    extra = None
    with Progress(unit="folds", total=len(folds), desc=desc, lines=log) as bar:
        for k, p in _parallel(n_jobs, shared, return_as="generator_unordered")(
            delayed(run)(k) for k in tasks
        ):
            if k < 0:
                extra = p
                continue
            results[k] = p
            bar.update(1)
    proba = np.zeros(len(y))
    fold_f1 = []
    for (_, te), p in zip(folds, results, strict=True):
        proba[te] = p
        fold_f1.append(
            float(
                f1_score(
                    y[te], (p >= 0.5).astype(int), average="macro", labels=[0, 1], zero_division=0
                )
            )
        )
    return (proba, fold_f1) if also is None else (proba, fold_f1, extra)


def _fold_ids(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """The stratified fold (0 .. k-1) of each row: scikit-learn's shuffled
    StratifiedKFold, or, when a class has fewer than ``k`` rows, each class's rows in a
    seeded random order dealt to the folds in turn."""
    ids = np.zeros(len(y), dtype=int)
    if np.bincount(y, minlength=2).min() >= k:
        skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        for f, (_, te) in enumerate(skf.split(np.zeros(len(y)), y)):
            ids[te] = f
        return ids
    rng = np.random.default_rng(seed)
    start = 0
    for c in (0, 1):
        rows = rng.permutation(np.flatnonzero(y == c))
        ids[rows] = (start + np.arange(len(rows))) % k
        start += len(rows)  # the next class goes on where this one stopped
    return ids


def _stratified_folds(y: np.ndarray, k: int, seed: int, base: np.ndarray | None) -> Folds:
    """Stratified K-fold. With ``base`` (a mask of the base-data rows, e.g. BABE under a
    user's rows) the base rows get their own folds, the same whatever is added, and the
    other rows theirs: the models trained without the added rows are then the same in
    every run (:mod:`framing.traincache`)."""
    if base is None or base.all() or not base.any():
        ids = _fold_ids(y, k, seed)
    else:
        ids = np.zeros(len(y), dtype=int)
        ids[base] = _fold_ids(y[base], k, seed)
        ids[~base] = _fold_ids(y[~base], k, seed)
    return [(np.flatnonzero(ids != f), np.flatnonzero(ids == f)) for f in range(k)]


def _schemes(
    y: np.ndarray,
    groups: dict[str, Sequence[Any]] | None,
    k: int,
    seed: int,
    base: np.ndarray | None = None,
) -> dict[str, Folds]:
    schemes: dict[str, Folds] = {}
    if k and k > 1:
        schemes[f"stratified_{k}fold"] = _stratified_folds(y, k, seed, base)
    for name, g in (groups or {}).items():
        g = np.asarray(g)
        if len(set(g)) >= 3:
            schemes[f"leave_one_{name}_out"] = list(
                LeaveOneGroupOut().split(np.zeros(len(y)), y, g)
            )
    return schemes


def _cross_validate(
    make: Callable[[], Any],
    texts: list[str],
    y: np.ndarray,
    schemes: dict[str, Folds],
    n_jobs: int,
    sample_weight: np.ndarray | None = None,
    also: Callable[[], Any] | None = None,
    log: Callable[[str], None] = _quiet,
    shared: SharedFeatures | None = None,
) -> (
    tuple[dict[str, Any], dict[str, np.ndarray]] | tuple[dict[str, Any], dict[str, np.ndarray], Any]
):
    """Metrics per scheme and the out-of-fold probabilities behind them; ``also`` runs in
    the first scheme's pool (see :func:`_oof`) and its result is returned third; ``log``
    gets a line per fold when no progress bar is drawn."""
    out: dict[str, Any] = {}
    oof: dict[str, np.ndarray] = {}
    extra = None
    for name, folds in schemes.items():
        if also is not None:
            proba, fold_f1, extra = _oof(
                make,
                texts,
                y,
                folds,
                n_jobs,
                sample_weight,
                desc=name,
                also=also,
                log=log,
                shared=shared,
            )
            also = None
        else:
            proba, fold_f1 = _oof(
                make, texts, y, folds, n_jobs, sample_weight, desc=name, log=log, shared=shared
            )
        pred = (proba >= 0.5).astype(int)
        m = _scores(y, pred, proba)
        m["mean_fold_macro_f1"] = round(float(np.mean(fold_f1)), 4)
        m["n_folds"] = len(folds)
        out[name] = m
        oof[name] = proba
    return out, oof, extra


def cross_validate_model(
    make: Callable[[], Any],
    texts: Sequence[str],
    y: Sequence[int],
    groups: dict[str, Sequence[Any]] | None = None,
    k: int = 10,
    seed: int = SEED,
    n_jobs: int = 1,
    sample_weight: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Out-of-fold metrics: stratified K-fold and leave-one-group-out per grouping.

    ``make()`` returns a fresh unfitted estimator; nothing is tuned on the
    scored folds. For each scheme the result gives the pooled macro and
    weighted F1 over all out-of-fold predictions, the mean per-fold
    macro-F1, the Brier score and per-class precision/recall.
    ``sample_weight`` (one per text) weights the training rows of each fold;
    the scores are unweighted.
    """
    texts = list(texts)
    y = np.asarray(y, dtype=int)
    w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    schemes = _schemes(y, groups, k, seed)
    shared = shared_features(make, texts) if schemes else None
    metrics, _, _ = _cross_validate(make, texts, y, schemes, n_jobs, w, shared=shared)
    return metrics


def cross_validate_default(k: int = 10, n_jobs: int = 1) -> dict[str, Any]:
    """Cross-validate the default sentence model on BABE (``framing evaluate`` without data).

    Stratified ``k``-fold, leave-one-outlet-out and leave-one-topic-out, as in the model
    card; see :func:`cross_validate_model` for the metrics.
    """
    babe = load_babe()
    base = make_sentence_pipeline(classifier__random_state=SEED)
    return cross_validate_model(
        lambda: FramingModel(estimator=clone(base)),
        annotated_texts(babe),
        babe.label.to_numpy(),
        {"outlet": babe.outlet.tolist(), "topic": babe.topic.tolist()},
        k=k,
        n_jobs=n_jobs,
    )


# ---------------------------------------------------------------- comparison with the current default


def _bootstrap_macro_f1(
    y: np.ndarray, preds: list[np.ndarray], n_boot: int, seed: int
) -> list[np.ndarray]:
    """Macro-F1 of each prediction vector on the same ``n_boot`` resamples of the rows."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(y), size=(n_boot, len(y)))
    yt = y[idx] == 1
    out = []
    for pred in preds:
        yp = pred[idx] == 1
        tp = (yt & yp).sum(1)
        fp = (~yt & yp).sum(1)
        fn = (yt & ~yp).sum(1)
        tn = (~yt & ~yp).sum(1)
        with np.errstate(invalid="ignore", divide="ignore"):
            f1_pos = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
            f1_neg = np.where(2 * tn + fp + fn > 0, 2 * tn / (2 * tn + fp + fn), 0.0)
        out.append((f1_pos + f1_neg) / 2)
    return out


def _brief(y: np.ndarray, proba: np.ndarray) -> dict[str, Any]:
    s = _scores(y, (proba >= 0.5).astype(int), proba)
    return {k: s[k] for k in ("macro_f1", "weighted_f1", "brier", "n")}


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()


def trained_texts(meta: dict) -> tuple[set[str], list[str]]:
    """The sentences a model was trained on, as far as they can be recovered
    from its meta.json: the shipped BABE (recognised by sha256) and label
    files still on disk with the recorded sha256.

    Returns
    -------
    (set of str, list of str)
        Whitespace-normalised, lower-cased texts, and the recorded training
        files that could not be recovered (moved or changed since).
    """
    texts: set[str] = set()
    lost: list[str] = []
    babe_sha = _sha256(_babe_path())
    for d in meta.get("training_data", []):
        path = Path(d.get("file", ""))
        if d.get("sha256") == babe_sha:
            texts |= set(load_babe().text.map(_norm))
        elif path.is_file() and _sha256(path) == d.get("sha256"):
            table = read_frame(path, text_columns=("text",))[0]
            if "text" in table.columns:
                texts |= {_norm(t) for t in table["text"] if isinstance(t, str)}
        else:
            lost.append(str(path))
    return texts, lost


def _without_rows_proba(
    make: Callable[[], Any],
    texts: list[str],
    y: np.ndarray,
    folds: Folds,
    base: np.ndarray,
    n_jobs: int,
    sample_weight: np.ndarray | None,
    fold_cache: FoldCache | None,
    log: Callable[[str], None],
    shared: SharedFeatures | None = None,
) -> np.ndarray:
    """Out-of-fold P(biased) of every row from models fitted on each fold's base rows
    only. A complete entry of ``fold_cache`` is loaded (its models score the folds'
    other rows); otherwise every fold is fitted, in parallel, each worker writing its
    fold into a new cache entry, committed once all are there."""
    from joblib import delayed

    proba = np.zeros(len(y))
    if fold_cache is not None and fold_cache.complete(len(folds)):
        for i, (_, te) in enumerate(folds):
            found = fold_cache.load(i)
            if found is None:  # changed since it was checked: fit them all
                break
            model, p_base = found
            te_other = te[~base[te]]
            proba[te[base[te]]] = p_base
            if len(te_other):
                proba[te_other] = model.predict_proba([texts[j] for j in te_other])[:, 1]
            del model, found
        else:
            log(
                f"  the {len(folds)} folds without your rows: fitted in an earlier run "
                f"({fold_cache.path})"
            )
            return proba
    folder, note = fold_cache.begin() if fold_cache is not None else (None, None)

    def run(i: int) -> tuple[int, np.ndarray, list[str] | None]:
        tr, te = folds[i]
        est = _fit_rows(make, texts, y, tr[base[tr]], sample_weight, shared)
        p = est.predict_proba([texts[j] for j in te])[:, 1]
        written = FoldCache.write_fold(folder, i, est, p[base[te]]) if folder else None
        return i, p, written

    files: dict[int, list[str] | None] = {}
    try:
        with Progress(unit="folds", total=len(folds), desc="without your rows", lines=log) as bar:
            for i, p, written in _parallel(n_jobs, shared, return_as="generator")(
                delayed(run)(i) for i in range(len(folds))
            ):
                proba[folds[i][1]] = p
                files[i] = written
                bar.update(1)
    except BaseException:
        FoldCache.discard(folder)
        raise
    if folder is not None:
        note = fold_cache.commit(folder, [files[i] for i in range(len(folds))])
    if note:
        log(f"  note: the folds without your rows are not kept for the next run: {note}")
    return proba


def compare_with_default(
    df: pd.DataFrame,
    texts: list[str],
    folds: Folds,
    proba_new: np.ndarray,
    make: Callable[[], Any],
    n_jobs: int = 1,
    sample_weight: np.ndarray | None = None,
    seed: int = SEED,
    n_boot: int = 1000,
    fold_cache: FoldCache | None = None,
    log: Callable[[str], None] = _quiet,
    shared: SharedFeatures | None = None,
) -> dict[str, Any]:
    """Did the new labels help? The new model's out-of-fold predictions
    against the current default model and against the same recipe trained
    without the user's rows on the same folds.

    Parameters
    ----------
    df : DataFrame
        The combined training table (``label`` and ``_source``: ``"babe"``
        or the label file of each row).
    texts : list of str
        The training inputs, aligned with ``df``.
    folds : list of (train, test) index arrays
        The folds ``proba_new`` came from.
    proba_new : ndarray
        Out-of-fold P(biased) of the new model on every row.
    make : callable
        Returns a fresh unfitted estimator of the new recipe.
    n_jobs, sample_weight, seed, n_boot
        Parallel folds, training weights, bootstrap seed and resamples.
    fold_cache : FoldCache, optional
        Where the folds trained without the user's rows are kept
        (:mod:`framing.traincache`): loaded when there, else fitted and stored. Only
        valid when the base rows' folds do not depend on the user's rows
        (:func:`_stratified_folds` with ``base``) and the key names them.
    log : callable
        Receives a line about the cache (and one per fold fitted, without a terminal).
    shared : SharedFeatures, optional
        The features of ``texts``, read once (:mod:`framing.foldfit`).

    Returns
    -------
    dict
        ``scheme``, ``results`` and ``notes``. Each result compares the new
        model with one other (``against``) on some ``rows`` (``n`` of them):
        both models' macro-F1 and Brier score (``new``, ``other``), the
        difference in macro-F1 and its paired bootstrap 95% interval.
        Against the current default (applied as it is, not retrained) only
        the user's rows it was not trained on count; against the recipe
        without the user's rows (trained on each fold's training part minus
        the user's rows), the user's rows and, separately, BABE's.
    """
    y = df.label.to_numpy()
    user = (df["_source"] != "babe").to_numpy()
    rows = user if user.any() else np.ones(len(df), dtype=bool)
    rows_name = "your rows" if user.any() else "all rows"
    results: list[dict[str, Any]] = []
    notes: list[str] = []

    def add(against: str, what: str, mask: np.ndarray, other: np.ndarray, **extra: Any) -> None:
        new_pred, other_pred = (
            (proba_new[mask] >= 0.5).astype(int),
            (other[mask] >= 0.5).astype(int),
        )
        boot_new, boot_other = _bootstrap_macro_f1(y[mask], [new_pred, other_pred], n_boot, seed)
        new_m, other_m = _brief(y[mask], proba_new[mask]), _brief(y[mask], other[mask])
        results.append(
            {
                "against": against,
                "rows": what,
                "n": int(mask.sum()),
                **extra,
                "new": new_m,
                "other": other_m,
                "delta_macro_f1": round(new_m["macro_f1"] - other_m["macro_f1"], 4),
                "ci95": [
                    round(float(np.percentile(boot_new - boot_other, q)), 4) for q in (2.5, 97.5)
                ],
            }
        )

    p_without = None
    if user.any() and (~user).any():
        # fitted (or loaded) before the current default is loaded: not both held at once
        p_without = _without_rows_proba(
            make, texts, y, folds, ~user, n_jobs, sample_weight, fold_cache, log, shared
        )
    try:
        current = load_model()
    except ModelLoadError as exc:
        notes.append(f"current default model not compared: {exc}")
    else:
        known, lost = trained_texts(current.meta)
        seen = df.text.map(_norm).isin(known).to_numpy()
        unseen = rows & ~seen
        if lost:
            notes.append(
                f"the current default was also trained on {', '.join(lost)}, no longer on disk "
                "as it was: its rows cannot be recognised and are not left out"
            )
        if seen[rows].any():
            notes.append(
                f"{int(seen[rows].sum())} of {rows_name} left out of the comparison with the "
                f"current default ({current.name}): it was trained on them"
            )
        if unseen.any():
            p = np.full(len(df), np.nan)
            p[unseen] = current.predict_proba(
                [str(t) for t, u in zip(texts, unseen, strict=True) if u]
            )[:, 1]
            add(
                "current_default",
                rows_name,
                unseen,
                p,
                model={
                    "name": current.name,
                    "version": current.version,
                    "path": str(getattr(current, "path_", "")),
                },
            )
        else:
            notes.append("the current default was trained on every row: it is not compared")
    if p_without is not None:
        add("without_your_data", "your rows", user, p_without)
        add("without_your_data", "BABE rows", ~user, p_without)
    return {"scheme": f"stratified_{len(folds)}fold", "results": results, "notes": notes}


_AGAINST = {
    "current_default": "current default model (as it is, not retrained)",
    "without_your_data": "same recipe trained without your rows",
}


def comparison_lines(comparison: dict[str, Any]) -> list[str]:
    """The comparison from :func:`compare_with_default` as printable lines."""
    lines = [
        f"did the new labels help? out-of-fold, same {comparison['scheme'].replace('_', ' ')} folds:"
    ]
    for r in comparison["results"]:
        lo, hi = r["ci95"]
        lines.append(
            f"  on {r['rows']} ({r['n']}): new model macro-F1 {r['new']['macro_f1']:.3f} "
            f"(Brier {r['new']['brier']:.3f}) vs {_AGAINST[r['against']]} {r['other']['macro_f1']:.3f} "
            f"(Brier {r['other']['brier']:.3f}): {r['delta_macro_f1']:+.3f}, 95% interval {lo:+.3f} to {hi:+.3f}"
        )
    lines += [f"  note: {n}" for n in comparison["notes"]]
    return lines


def _sha256(path: Path) -> str:
    return sha256_file(path)


def _versions() -> dict[str, str]:
    import joblib
    import nltk
    import scipy
    import sklearn

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


def _where(df: pd.DataFrame, i: int) -> str:
    return f"{df['_source'].iat[i]} {df.attrs['row_word']} {df['_row'].iat[i]}"


def _cross_file_problems(frames: list[pd.DataFrame]) -> list[str]:
    """The same sentence in two different label files."""
    both = pd.concat(
        [
            pd.DataFrame(
                {
                    "t": f.text.map(_norm),
                    "y": f.label,
                    "where": [_where(f, i) for i in range(len(f))],
                    "file": f["_source"],
                }
            )
            for f in frames
        ],
        ignore_index=True,
    )
    both = both[both.t.duplicated(keep=False)]
    conflicts, repeats = [], []
    for _, g in both.groupby("t", sort=False):
        if g.file.nunique() > 1:
            (conflicts if g.y.nunique() > 1 else repeats).append(", ".join(g["where"]))
    problems = [f"same text with conflicting labels in {w}" for w in conflicts]
    problems += [f"same text in {w} (keep it in one file)" for w in repeats]
    if len(problems) > 10:
        problems = problems[:10] + [
            f"… {len(problems) - 10} more sentence(s) repeated across files"
        ]
    return problems


def _combine(
    data: Sequence[str | os.PathLike],
    base_data: str,
    min_per_class: int = 10,
    log: Callable[[str], None] = _quiet,
) -> tuple[pd.DataFrame, list[dict]]:
    """The training table (with ``_source``: ``"babe"`` or the file of each
    row) and a description of each data source; raises with every problem
    of every file."""
    if base_data not in ("babe", "none"):
        raise LabelDataError(f"{option('base_data')} must be 'babe' or 'none', not {base_data!r}")
    frames, sources, failures = [], [], []
    for p in data:
        try:
            df = read_labels(p, min_per_class=0)
        except LabelDataError as exc:
            failures.append((p, exc))
            continue
        log(f"{p}: {len(df)} sentences; {df.attrs['label_message']}")
        for note in df.attrs.get("notes", [])[:20]:
            log(f"  note: {note}")
        df["_source"] = str(p)
        df["_row"] = df.attrs["row_numbers"]
        frames.append(df)
        sources.append(
            {
                "file": str(p),
                "sha256": _sha256(Path(p)),
                "rows": len(df),
                "label_mapping": df.attrs["label_mapping"],
                "label_values": df.attrs["label_values"],
            }
        )
    if len(failures) == 1 and len(data) == 1:
        raise failures[0][1]
    problems = [f"{path}: {problem}" for path, exc in failures for problem in exc.problems]
    problems += [str(exc) for _, exc in failures if not exc.problems]
    if len(frames) > 1:
        problems += _cross_file_problems(frames)
    if problems:
        raise LabelDataError(f"{len(data)} label files: {len(problems)} problem(s)", problems)
    if base_data == "babe":
        babe = load_babe()
        babe["_source"] = "babe"
        if frames:
            users = pd.concat([f[["text", "label"]] for f in frames], ignore_index=True)
            user_label = dict(zip(users.text.map(_norm), users.label, strict=True))
            babe_norm = babe.text.map(_norm)
            overlap = babe_norm.isin(user_label).to_numpy()
            if overlap.any():
                differ = int(
                    sum(
                        user_label[t] != lab
                        for t, lab in zip(babe_norm[overlap], babe.label[overlap], strict=True)
                    )
                )
                log(
                    f"{babe_norm[overlap].nunique()} of your sentences are also in BABE: your labels "
                    f"replace BABE's ({int(overlap.sum())} BABE rows, {differ} with a different label)"
                )
            babe = babe[~overlap]
        frames.insert(0, babe)
        sources.insert(
            0,
            {
                "file": f"framing/data/{BABE_FILE}",
                "description": BABE_DESCRIPTION,
                "sha256": _sha256(_babe_path()),
                "rows": len(babe),
                "label_mapping": "Biased/Non-biased",
            },
        )
    if not frames:
        raise LabelDataError(
            f"no training data: give {option('data')} or use {option('base_data', 'babe')}"
        )
    combined = pd.concat(
        [f.drop(columns=["_row"], errors="ignore") for f in frames], ignore_index=True
    )
    if "weight" in combined.columns:
        combined["weight"] = combined["weight"].fillna(1.0)
    counts = np.bincount(combined.label.to_numpy(dtype=int), minlength=2)
    few = [
        f"only {n} example(s) of label {c} ({_CLASS_NAMES[c]}) in the training data; "
        f"need at least {min_per_class}"
        for c, n in enumerate(counts)
        if n < min_per_class
    ]
    if few:
        raise LabelDataError("too few examples to train", few)
    return combined, sources


#: Fewer word-annotated sentences than this: no term tagger is fitted.
MIN_TAGGER_SENTENCES = 200


def _tagger_inputs(
    texts: list[str],
    y: np.ndarray,
    outlets: Sequence[Any] | None,
    seed: int,
    log: Callable[[str], None],
) -> tuple[dict[str, Any], dict[str, Any] | None, TermTagger | None]:
    """Keyword arguments for TermTagger.fit from the word-annotated rows, the meta.json
    entry, and the shipped tagger when it was fitted on exactly these inputs (then the
    keyword arguments are empty: nothing is refitted).

    The tagger's sentence-probability feature comes from out-of-fold sentence
    models (grouped by outlet when the word-annotated rows all have one), never in-sample.
    """
    rows = [i for i, t in enumerate(texts) if getattr(t, "biased_words", None) is not None]
    if len(rows) < MIN_TAGGER_SENTENCES:
        log(
            f"no term tagger: {len(rows)} sentences have word-level labels "
            f"(need {MIN_TAGGER_SENTENCES})"
        )
        return {}, None, None
    sub = [str(texts[i]) for i in rows]
    words = [list(texts[i].biased_words) for i in rows]
    by_outlet = outlets is not None and all(pd.notna(outlets[i]) for i in rows)
    grouping = "outlet" if by_outlet else "row (5 folds)"
    g = [str(outlets[i]) for i in rows] if by_outlet else [i % 5 for i in range(len(rows))]
    meta = {"n_sentences": len(rows), "oof_grouping": grouping}
    shipped = _shipped_tagger(sub, words, y[rows], g, seed) if by_outlet else None
    if shipped is not None:
        log(
            f"word-level term tagger: the shipped model's, fitted on the same {len(rows)} "
            "word-annotated BABE sentences with the same recipe and seed (not refitted)"
        )
        return {}, {**meta, "reused_from": "shipped default model"}, shipped
    log(
        f"fitting the word-level term tagger on {len(rows)} sentences "
        f"(out-of-fold sentence probabilities grouped by {grouping}) …"
    )
    proba = oof_sentence_probabilities(sub, y[rows], g, biased_words=words, seed=seed)
    fit = {"texts": sub, "biased_words": words, "sentence_probabilities": proba, "groups": g}
    return fit, meta, None


def _shipped_tagger(
    texts: list[str], words: list[list[str]], y: np.ndarray, outlets: list[str], seed: int
) -> TermTagger | None:
    """The shipped model's tagger when it was fitted on these very inputs: the shipped
    model was trained on BABE alone with this seed and scikit-learn version, its tagger
    has the default parameters, and the inputs are BABE's word-annotated sentences,
    labels and outlets unchanged. Otherwise None. (A refit today gives the same model up
    to floating-point noise: threshold 0.196107 against the shipped 0.196107, not the
    same bits; the shipped one is kept so a retrained model tags as the shipped one does.)

    The shipped pickle is read here for its tagger alone: the rest of it (the sentence
    pipeline and its vocabularies) is freed before the folds are fitted, and the model
    is not kept loaded meanwhile (the comparison with the current default loads it
    after the folds)."""
    import sklearn

    path = default_model_path()
    try:
        meta = _read_meta(path)
        sources = meta.get("training_data", [])
        if (
            meta.get("seed") != seed
            or meta.get("sklearn_version") != sklearn.__version__
            or len(sources) != 1
            or sources[0].get("sha256") != _sha256(_babe_path())
            or (meta.get("term_tagger") or {}).get("oof_grouping") != "outlet"
        ):
            return None
        tagger = _load_pickled(path, meta).tagger
    except ModelLoadError:
        return None
    if tagger is None or tagger.get_params() != TermTagger(random_state=seed).get_params():
        return None
    babe = load_babe()
    same = (
        texts == babe.text.tolist()
        and words == [list(map(str, ws)) for ws in babe.biased_words]
        and np.array_equal(y, babe.label.to_numpy())
        and outlets == babe.outlet.astype(str).tolist()
    )
    return tagger if same else None


def oof_sentence_probabilities(
    texts: Sequence[str],
    labels: Sequence[int],
    groups: Sequence[Any],
    biased_words: Sequence[Sequence[str]] | None = None,
    n_splits: int = 5,
    seed: int = 42,
) -> np.ndarray:
    """Out-of-fold P(biased) of each sentence from the default sentence pipeline.

    Folds are grouped (:class:`~sklearn.model_selection.GroupKFold` on
    ``groups``, e.g. outlet), so a sentence's probability comes from a model
    that saw none of its group. Pass ``biased_words`` so that the pipeline's
    word-annotation features are trained as in the shipped model (the texts
    are wrapped in :class:`framing.features.AnnotatedSentence`).

    Parameters
    ----------
    texts : sequence of str
    labels : sequence of {0, 1}
    groups : sequence
    biased_words : sequence of sequences of str, optional
    n_splits : int, default=5
    seed : int, default=42
        ``random_state`` of the sentence classifier.

    Returns
    -------
    ndarray of shape (n_texts,)
    """
    X: list[str] = list(texts)
    if biased_words is not None:
        X = [AnnotatedSentence(t, w) for t, w in zip(X, biased_words, strict=True)]
    proba = cross_val_predict(
        make_sentence_pipeline(classifier__random_state=seed),
        X,
        np.asarray(labels),
        groups=np.asarray(groups),
        cv=GroupKFold(n_splits=n_splits),
        method="predict_proba",
        n_jobs=1,
    )
    return proba[:, 1]


def fit_default_tagger(seed: int = 42) -> TermTagger:
    """Fit the shipped tagger on all of BABE SG2.

    Sentence probabilities are out-of-fold by outlet
    (:func:`oof_sentence_probabilities`), and the threshold is chosen by
    cross-validation grouped by outlet.

    Parameters
    ----------
    seed : int, default=42

    Returns
    -------
    TermTagger
        Fitted.
    """
    df = load_babe()
    outlets = df.outlet.astype(str).tolist()
    words = [list(map(str, ws)) for ws in df.biased_words]
    p = oof_sentence_probabilities(
        df.text.tolist(), df.label.to_numpy(), outlets, biased_words=words, seed=seed
    )
    return TermTagger(random_state=seed).fit(
        df.text.tolist(),
        words,
        sentence_probabilities=p,
        groups=outlets,
    )


def _fold_cache(
    recipe: Any,
    texts: list[str],
    y: np.ndarray,
    weight: np.ndarray | None,
    base_rows: np.ndarray,
    seed: int,
    cv: int,
) -> FoldCache | None:
    """The cache entry of the base rows' folds (None: no base rows, or a recipe whose
    code the key does not cover)."""
    if not base_rows.any() or not _known_recipe(recipe):
        return None
    key = fold_key(
        [texts[i] for i in np.flatnonzero(base_rows)],
        y[base_rows],
        None if weight is None else weight[base_rows],
        recipe,
        seed,
        cv,
    )
    return FoldCache(key)


def _known_recipe(estimator: Any) -> bool:
    """Whether every step of ``estimator`` is a scikit-learn or framing class, whose code
    the cache key covers (the library versions, :func:`framing.traincache.code_hash`)."""
    from sklearn.base import BaseEstimator

    parts = [estimator, *estimator.get_params(deep=True).values()]
    return all(
        (getattr(p, "__module__", None) or type(p).__module__).split(".")[0]
        in ("sklearn", "framing", "numpy", "builtins")
        for p in parts
        if isinstance(p, BaseEstimator) or callable(p)
    )


def _fit_all(
    base: Any,
    term_tagger: Any,
    texts: list[str],
    y: np.ndarray,
    weight: np.ndarray | None,
    tagger_fit: dict[str, Any],
    shared: SharedFeatures | None,
) -> FramingModel:
    """The model fitted on every row; from the features read for the folds when there
    are (the same model, pickled byte for byte the same)."""
    model = FramingModel(estimator=clone(base), term_tagger=term_tagger)
    if shared is None:
        return model.fit(texts, y, sample_weight=weight, **tagger_fit)
    model.estimator_ = shared.fit(np.arange(len(y)), y, weight)
    model.classes_ = model.estimator_.classes_
    if term_tagger is not None and tagger_fit:
        model.term_tagger_ = clone(term_tagger).fit(**tagger_fit)
    return model


def train(
    out: str | os.PathLike,
    data: Sequence[str | os.PathLike] = (),
    base_data: str = "babe",
    cv: int = 10,
    seed: int = SEED,
    n_jobs: int = 1,
    version: str | None = None,
    estimator: Any = None,
    compare: bool = True,
    tagger: bool = True,
    cache: bool = True,
    log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> Path:
    """Validate the data, cross-validate, fit on all data and write a model directory.

    Parameters
    ----------
    out : path
        The new model directory (must not exist).
    data : paths
        Sentence-label files (see :func:`read_labels`), combined; a sentence
        in two files is an error. An optional ``weight`` column weights rows
        in training.
    base_data : {"babe", "none"}
        Whether to include the shipped BABE training set. Where a sentence of
        ``data`` is also in BABE, the user's label replaces BABE's.
    cv : int
        K of the stratified K-fold; 0 skips cross-validation. On top of BABE, BABE's
        rows and the user's are stratified separately (BABE's folds are then the same
        in every run). Leave-one-group-out runs for ``outlet`` and ``topic`` when every
        row has them.
    seed : int
        Seed of the folds and of the classifier.
    n_jobs : int
        Parallel folds.
    version : str, optional
        Version recorded in meta.json (default: the framing version).
    estimator : sklearn estimator, optional
        The text pipeline (default :func:`framing.features.make_sentence_pipeline`).
    compare : bool
        With cross-validation, also compare against the current default model
        and against the same recipe without the user's rows, on the same
        stratified folds (see :func:`compare_with_default`); stored as
        ``metrics["comparison"]`` in meta.json.
    tagger : bool
        Also fit the word-level term tagger (reused from the shipped model when its
        inputs are unchanged, see :func:`_tagger_inputs`).
    cache : bool
        Keep the comparison's folds trained on the base data alone (BABE without the
        user's rows) in the cache folder and reuse them in later runs
        (:mod:`framing.traincache`; recipes of scikit-learn and framing steps only). The
        base rows get their own
        stratified folds, the same whatever the user adds, so this changes no figure.
    log : callable
        Receives progress and result lines (default: standard error).

    Returns
    -------
    pathlib.Path
        The model directory.
    """
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists; model directories are never overwritten")
    if not isinstance(cv, int) or cv < 0 or cv == 1:
        raise InputError(
            f"cv must be 0 (no cross-validation) or a number of folds >= 2, not {cv!r}"
        )
    if not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise InputError(f"the seed must be a whole number from 0 to 2**32 - 1, not {seed!r}")
    check_writable(out)  # a read-only or full disk is found before the minutes of training
    df, sources = _combine(data, base_data, min_per_class=max(10, cv), log=log)
    texts, y = annotated_texts(df), df.label.to_numpy(dtype=int)
    weight = df["weight"].to_numpy(dtype=float) if "weight" in df.columns else None
    groups = {
        c: df[c].astype(str).tolist()
        for c in ("outlet", "topic")
        if c in df.columns and df[c].notna().all()
    }
    for c in ("outlet", "topic"):
        if c in df.columns and c not in groups and cv:
            log(f"leave-one-{c}-out skipped: {int(df[c].isna().sum())} rows have no {c}")
    base = (
        estimator
        if estimator is not None
        else make_sentence_pipeline(classifier__random_state=seed)
    )

    def make() -> FramingModel:
        return FramingModel(estimator=clone(base))

    outlets = df["outlet"].tolist() if "outlet" in df.columns else None
    tagger_fit, tagger_meta, reused = (
        _tagger_inputs(texts, y, outlets, seed, log) if tagger else ({}, None, None)
    )

    shared = None
    term_tagger = TermTagger(random_state=seed) if tagger_meta is not None else None

    def fit_all() -> FramingModel:
        return _fit_all(base, term_tagger, texts, y, weight, tagger_fit, shared)

    metrics: dict[str, Any] = {}
    model = None
    base_rows = (df["_source"] == "babe").to_numpy()
    if cv:
        schemes = _schemes(y, groups, cv, seed, base=base_rows)
        shared = shared_features(make, texts)
        parallel = n_jobs != 1  # the fit on all data runs beside the folds
        log(
            f"cross-validating on {len(y)} sentences ({', '.join(['stratified'] + list(groups))})"
            + (", fitting on all data alongside" if parallel else "")
            + " …"
        )
        metrics, oof, model = _cross_validate(
            make,
            texts,
            y,
            schemes,
            n_jobs,
            weight,
            also=fit_all if parallel else None,
            log=log,
            shared=shared,
        )
        for name, m in metrics.items():
            log(
                f"  {name}: macro-F1 {m['macro_f1']:.3f}, weighted-F1 {m['weighted_f1']:.3f}, "
                f"mean per-fold macro-F1 {m['mean_fold_macro_f1']:.3f}, Brier {m['brier']:.3f}"
            )
        strat = f"stratified_{cv}fold"
        if compare and data and strat in schemes:  # nothing to compare without new labels
            fold_cache = _fold_cache(base, texts, y, weight, base_rows, seed, cv) if cache else None
            comparison = compare_with_default(
                df,
                texts,
                schemes[strat],
                oof[strat],
                make,
                n_jobs,
                weight,
                seed,
                fold_cache=fold_cache,
                log=log,
                shared=shared,
            )
            metrics["comparison"] = comparison
            for line in comparison_lines(comparison):
                log(line)
    if model is None:
        log("fitting on all data …")
        model = fit_all()
    if reused is not None:
        model.term_tagger_ = reused
    if tagger_meta is not None:
        t = model.tagger
        tagger_meta.update(
            threshold=round(t.threshold_, 4),
            n_unaligned_words=t.n_unaligned_,
            n_train_tokens=t.n_train_tokens_,
            n_train_positive=t.n_train_positive_,
        )
    meta = {
        "version": version or __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": seed,
        "training_data": sources,
        "n_train": int(len(y)),
        "class_counts": {str(c): int(n) for c, n in enumerate(np.bincount(y, minlength=2))},
        "sample_weights": weight is not None,
        "metrics": metrics,
        "term_tagger": tagger_meta,
        "versions": _versions(),
        "estimator": repr(base),
    }
    card = render_model_card(out.name, meta)
    return save_model(model, out, meta, card)


def evaluate(data: str | os.PathLike | pd.DataFrame, model: Any = None) -> dict[str, Any]:
    """Score a model on a labelled file (no training): F1, per class, Brier."""
    df = data if isinstance(data, pd.DataFrame) else read_labels(data, min_per_class=0)
    if not isinstance(model, FramingModel):
        model = load_model(model)
    proba = in_batches(lambda b: model.predict_proba(b)[:, 1], df.text.tolist(), desc="scoring")
    y = df.label.to_numpy()
    res = _scores(y, (proba >= 0.5).astype(int), proba)
    res["model"] = {"name": model.name, "version": model.version}
    trained, _ = trained_texts(getattr(model, "meta", None) or {})
    overlap = sum(_norm(t) in trained for t in df.text)
    res["n_rows_in_training_data"] = overlap
    if overlap:
        warnings.warn(
            f"{overlap:,} of {len(df):,} rows ({overlap / len(df):.0%}) are sentences the model "
            "was trained on, so these figures overstate its quality on new text; evaluate on "
            "held-out rows",
            FramingWarning,
            stacklevel=2,
        )
    return res
