"""Moved to :mod:`framing.corpus` (and :func:`naming_counts` to :mod:`framing.naming`);
this alias is kept for one release."""

from .corpus import (
    ScoreOptions,
    ScoreSummary,
    output_schema,
    read_records,
    score_chunk,
    score_corpus,
    score_file,
)
from .naming import naming_counts

__all__ = [
    "ScoreOptions",
    "output_schema",
    "ScoreSummary",
    "read_records",
    "score_chunk",
    "score_corpus",
    "score_file",
    "naming_counts",
]
