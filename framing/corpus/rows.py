"""One output row per article: the columns ``framing score`` writes, and :func:`score_chunk`.

:func:`score_chunk` is the one per-chunk function behind every engine (this process,
joblib workers, Dask partitions): it analyses a list of records and returns their rows as
an Arrow table with :func:`output_schema`, and the records it had to skip with the reason.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import ColumnWarning, InputError
from ..inputs import html_text
from ..naming import naming_counts
from ..scoring import MAX_TEXT_CHARS, analyze, analyze_each
from .budget import OverBudget, article_budget
from .options import ScoreOptions, resolve
from .records import clean

__all__ = [
    "BATCH_ERROR_COLUMN",
    "JSON_COLUMNS",
    "output_names",
    "output_schema",
    "schema_for",
    "batch_schema",
    "score_batch",
    "score_chunk",
    "spark_schema",
    "text_problem",
]

#: Columns that hold JSON text (objects) in every output format but JSONL,
#: where they are written as JSON objects.
JSON_COLUMNS = ("term_counts", "naming_counts", "source_counts", "actors", "analysis")
_SURROGATE = re.compile("[\udc80-\udcff]")


@lru_cache(maxsize=8)
def schema_for(opts: ScoreOptions) -> tuple[pa.Schema, tuple[str, ...]]:
    """The output schema for these options, and the loaded-term categories with a column."""
    model, lexicon = resolve(opts)
    template = analyze("", model=model, lexicon=lexicon).to_row()
    categories = tuple(sorted({e.category for e in lexicon} | {"other"}))
    fields = []
    for name, value in template.items():
        if isinstance(value, bool | str) or value is None:
            kind = pa.string()
        elif isinstance(value, int):
            kind = pa.int64()
        else:
            kind = pa.float64()
        fields.append(pa.field(name, kind))
    fields += [pa.field(f"terms_{c}", pa.int64()) for c in categories]
    fields += [
        pa.field("term_counts", pa.string()),
        pa.field("naming_counts", pa.string()),
        pa.field("source_counts", pa.string()),
        pa.field("actors", pa.string()),
    ]
    taken = {f.name for f in fields}
    for _, col in opts.kept:
        if col in taken or col == "analysis":
            raise InputError(f"kept column {col!r} clashes with an output column of the same name")
        taken.add(col)
        fields.append(pa.field(col, pa.string()))
    if opts.details:
        fields.append(pa.field("analysis", pa.string()))
    return pa.schema(fields), categories


def output_names(options: ScoreOptions, warn: bool = True) -> ScoreOptions:
    """``options`` with the output name of each kept column (``keep_as``): its input name,
    or ``input_<name>`` when the output has a column of that name (``id`` when the ids come
    from another column, ``framing_score`` in a table scored before...), with a warning; an
    empty name (the index column of a CSV written by pandas) is ``unnamed``."""
    if options.keep_as is not None or not options.keep_cols:
        return options
    taken = set(schema_for(replace(options, keep_cols=()))[0].names) | {"analysis"}
    names, renamed = [], []
    for col in options.keep_cols:
        base = col if col.strip() else "unnamed"  # a CSV header's empty name (an index)
        name, k = base, 2
        if name in taken:
            name = f"input_{base}"
        while name in taken:
            name, k = f"input_{base}_{k}", k + 1
        if name != col:
            renamed.append(f"{col!r} as {name!r}")
        taken.add(name)
        names.append(name)
    if renamed and warn:
        warnings.warn(
            f"input column(s) written under another name, because the output has a column of "
            f"the same name: {', '.join(renamed)}",
            ColumnWarning,
            stacklevel=3,
        )
    return replace(options, keep_as=tuple(names))


def output_schema(options: ScoreOptions | None = None) -> pa.Schema:
    """The Arrow schema of ``framing score`` rows for these options."""
    return schema_for(options or ScoreOptions())[0]


def text_problem(text: Any) -> str | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "missing text"
    if not isinstance(text, str):
        return f"text is a {type(text).__name__}, not a string"
    if _SURROGATE.search(text):
        return "text has undecodable bytes (pass the right encoding)"
    if not text.strip():
        return "empty text"
    if len(text) > MAX_TEXT_CHARS:
        return f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
    return None


def _from_html(r: dict) -> dict:
    """A record whose text is an HTML page, with the page's article text instead (or the
    reason there is none)."""
    if r["error"] is not None or text_problem(r["text"]) is not None:
        return r
    try:
        return {**r, "text": html_text(r["text"], f"record {r['record']}")}
    except InputError as exc:
        return {**r, "error": str(exc).split(": ", 1)[-1]}


def _batch(records: list[dict], good: list[int], model: Any, lexicon: Any) -> dict[int, Any]:
    """The analyses of ``records[i]`` for ``i`` in ``good``, in one batched call of the
    sentence model, each article's own analysis under its own time budget: an article
    over it is the budget's message; one that failed otherwise is left out (it is
    analysed again alone, which names the failure)."""
    try:
        with article_budget(max(1, len(good))):
            analyses = analyze_each(
                [records[i]["text"] for i in good],
                [records[i]["outlet"] for i in good],
                [records[i]["id"] for i in good],
                model=model,
                lexicon=lexicon,
                each=article_budget,
            )
    except Exception:  # isolate the article that fails, one by one
        return {}
    out: dict[int, Any] = {}
    for i, a in zip(good, analyses, strict=True):
        if isinstance(a, OverBudget):
            out[i] = str(a)
        elif not isinstance(a, Exception):
            out[i] = a
    return out


def score_chunk(records: list[dict], options: ScoreOptions) -> tuple[pa.Table, list[dict]]:
    """Score a list of records (see :func:`read_records`).

    This is the one per-chunk function behind every engine: in process,
    joblib workers and Dask partitions.

    Returns
    -------
    table : pyarrow.Table
        One row per scored record, in input order, with :func:`output_schema`.
    errors : list of dict
        ``record``, ``line``, ``id`` and ``error`` for each record that was skipped.
    """
    model, lexicon = resolve(options)
    schema, categories = schema_for(options)
    known = set(categories)
    rows, errors = [], []
    if options.html:
        records = [_from_html(r) for r in records]
    problems = [r["error"] or text_problem(r["text"]) for r in records]
    good = [i for i, p in enumerate(problems) if p is None]
    results = _batch(records, good, model, lexicon)
    for i, r in enumerate(records):
        problem = problems[i]
        a = results.get(i)
        if isinstance(a, str):  # over its time budget
            problem, a = a, None
        if problem is None and a is None:
            try:
                with article_budget():
                    a = analyze(
                        r["text"], outlet=r["outlet"], model=model, id=r["id"], lexicon=lexicon
                    )
            except OverBudget as exc:
                problem = str(exc)
            except Exception as exc:  # one bad article must not stop a corpus run
                problem = f"analysis failed: {type(exc).__name__}: {exc}"
        if problem is not None:
            error = {"record": r["record"], "line": r["line"], "id": r["id"], "error": problem}
            if "input" in r:
                error["input"] = r["input"]
            errors.append(error)
            continue
        row = a.to_row()
        out = {f.name: row.get(f.name) for f in schema}
        for c in categories:
            out[f"terms_{c}"] = 0
        for key, value in row.items():
            if key.startswith("terms_"):
                cat = key[len("terms_") :]
                out[f"terms_{cat if cat in known else 'other'}"] += value
        terms = Counter(t.term.lower() for t in a.loaded_terms)
        out["term_counts"] = json.dumps(dict(sorted(terms.items())), ensure_ascii=False)
        out["naming_counts"] = json.dumps(
            naming_counts(r["text"], options.naming_groups), ensure_ascii=False, sort_keys=True
        )
        out["source_counts"] = json.dumps(
            dict(sorted(a.source_counts().items())), ensure_ascii=False
        )
        out["actors"] = json.dumps(a.actor_summaries(), ensure_ascii=False)
        for column, name in options.kept:
            out[name] = r["keep"].get(column)
        if options.details:
            out["analysis"] = a.to_json()
        rows.append(out)
    return pa.Table.from_pylist(rows, schema=schema), errors


#: The column of :func:`score_batch` that says why a row has no scores (null when scored).
BATCH_ERROR_COLUMN = "error"


def batch_schema(model: Any = None, lexicon: Any = None) -> pa.Schema:
    """The fixed Arrow schema of :func:`score_batch`: the columns of ``framing score`` rows
    (no kept columns, no ``analysis``) and ``error``. It depends only on the model and
    lexicon (their loaded-term categories), never on the input."""
    schema = schema_for(ScoreOptions(keep_cols=(), model=model, lexicon=lexicon))[0]
    return schema.append(pa.field(BATCH_ERROR_COLUMN, pa.string()))


_SPARK_TYPES = {pa.string(): "STRING", pa.int64(): "BIGINT", pa.float64(): "DOUBLE"}


def spark_schema(model: Any = None, lexicon: Any = None) -> str:
    """:func:`batch_schema` as a Spark DDL string, for ``mapInPandas(fn, schema)`` or
    ``pandas_udf(fn, schema)`` (backquoted names: no pyspark needed to build it)."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in batch_schema(model, lexicon))


def score_batch(
    texts: Any,
    ids: Any = None,
    outlets: Any = None,
    *,
    model: Any = None,
    lexicon: Any = None,
) -> pd.DataFrame:
    """Score a batch of texts into a DataFrame with a fixed schema: one row per text, in
    order, with the texts' index; for Spark's ``mapInPandas`` and pandas UDFs, Dask's
    ``map_partitions`` or any engine that hands out pandas batches.

    Parameters
    ----------
    texts : pandas.Series (or sequence) of str
        The articles. A missing, empty or non-string text gives a row of nulls (counts 0)
        with the reason in ``error``; nothing is dropped, so the result is as long as the
        input, as a pandas UDF must be.
    ids, outlets : pandas.Series or sequence, optional
        Aligned with ``texts`` (by position); copied into ``id`` and ``outlet``. Without
        ids, ``id`` is null.
    model, lexicon
        As for :func:`framing.analyze`; the model is loaded once per process and cached.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`batch_schema` (:func:`spark_schema` as DDL), whatever the
        input; JSON columns (``term_counts``...) are JSON text.
    """
    if isinstance(texts, str | bytes | dict) or not hasattr(texts, "__len__"):
        raise InputError(
            "texts must be a pandas Series or a sequence of str (a list), not "
            f"{type(texts).__name__}"
        )
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    values = list(texts)
    n = len(values)

    def aligned(column: Any, name: str) -> list:
        if column is None:
            return [None] * n
        column = list(column)
        if len(column) != n:
            raise InputError(f"{name} has {len(column)} values; texts has {n}")
        return column

    id_values, outlet_values = aligned(ids, "ids"), aligned(outlets, "outlets")
    options = ScoreOptions(keep_cols=(), model=model, lexicon=lexicon)
    records = [
        {
            "record": i + 1,
            "line": None,
            "id": clean(id_values[i]),
            "outlet": clean(outlet_values[i]),
            "text": values[i],
            "keep": {},
            "error": None,
        }
        for i in range(n)
    ]
    table, errors = score_chunk(records, options)
    schema = batch_schema(model, lexicon)
    failed = {e["record"]: e["error"] for e in errors}
    good = iter(table.to_pylist())
    rows = []
    for r in records:
        if r["record"] in failed:
            row = {f.name: (0 if pa.types.is_integer(f.type) else None) for f in schema}
            row.update(id=r["id"], outlet=r["outlet"], error=failed[r["record"]])
        else:
            row = {**next(good), BATCH_ERROR_COLUMN: None}
        rows.append(row)
    df = pa.Table.from_pylist(rows, schema=schema).to_pandas()
    df.index = index
    return df
