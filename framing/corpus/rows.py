"""One output row per article: the columns ``framing score`` writes, and :func:`score_chunk`.

:func:`score_chunk` is the one per-chunk function behind every engine (this process,
joblib workers, Dask partitions): it analyses a list of records and returns their rows as
an Arrow table with :func:`output_schema`, and the records it had to skip with the reason.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import pyarrow as pa

from ..errors import InputError
from ..naming import naming_counts
from ..scoring import MAX_TEXT_CHARS, analyze, analyze_many
from .budget import OverBudget, article_budget
from .options import ScoreOptions, resolve

__all__ = ["JSON_COLUMNS", "output_schema", "schema_for", "score_chunk", "text_problem"]

#: Columns that hold JSON text (objects) in every output format but JSONL,
#: where they are written as JSON objects.
JSON_COLUMNS = ("term_counts", "naming_counts", "actors", "analysis")
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
        pa.field("actors", pa.string()),
    ]
    taken = {f.name for f in fields}
    for col in opts.keep_cols:
        if col in taken or col == "analysis":
            raise InputError(f"kept column {col!r} clashes with an output column of the same name")
        fields.append(pa.field(col, pa.string()))
    if opts.details:
        fields.append(pa.field("analysis", pa.string()))
    return pa.schema(fields), categories


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
    problems = [r["error"] or text_problem(r["text"]) for r in records]
    good = [i for i, p in enumerate(problems) if p is None]
    try:  # one batched call of the sentence model for the whole chunk
        with article_budget(max(1, len(good))):
            analyses = analyze_many(
                [records[i]["text"] for i in good],
                [records[i]["outlet"] for i in good],
                [records[i]["id"] for i in good],
                model=model,
                lexicon=lexicon,
            )
        results = dict(zip(good, analyses, strict=True))
    except Exception:  # isolate the article that fails, one by one
        results = {}
    for i, r in enumerate(records):
        problem = problems[i]
        a = results.get(i)
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
            errors.append(
                {"record": r["record"], "line": r["line"], "id": r["id"], "error": problem}
            )
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
        out["actors"] = json.dumps(a.actor_summaries(), ensure_ascii=False)
        out.update(r["keep"])
        if options.details:
            out["analysis"] = a.to_json()
        rows.append(out)
    return pa.Table.from_pylist(rows, schema=schema), errors
