"""Scoring whole corpora, in chunks, in parallel, resumably (``framing score``).

=====================  =========================================================
:mod:`.records`        a corpus (file, folder, DataFrame, dicts) as records to score
:mod:`.options`        :class:`ScoreOptions`: what is read and written per record
:mod:`.rows`           the output row of an article and :func:`score_chunk`
:mod:`.engines`        where chunks run: this process, joblib workers, Dask
:mod:`.parts`          finished chunks on disk, resume, assembly of the output
:mod:`.progress`       the progress line
:mod:`.run`            :func:`score_corpus` and :func:`score_file`
=====================  =========================================================
"""

from .options import ScoreOptions
from .records import read_records
from .rows import batch_schema, output_schema, score_batch, score_chunk, spark_schema
from .run import ScoreSummary, score_corpus, score_file, score_stream

__all__ = [
    "ScoreOptions",
    "ScoreSummary",
    "batch_schema",
    "output_schema",
    "read_records",
    "score_batch",
    "score_chunk",
    "spark_schema",
    "score_corpus",
    "score_file",
    "score_stream",
]
