"""Beyond one machine: `score_batch` (a pure pandas function with a fixed schema, for Spark's
mapInPandas and pandas UDFs) and a one-line error for a Dask scheduler that cannot be reached."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus import batch_schema, score_batch, score_corpus, score_file, spark_schema
from framing.errors import InputError
from tests.helpers import short_articles, write_jsonl


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return short_articles(5, 300)


def test_score_batch_gives_one_row_per_text_with_the_rows_of_score(articles):
    texts = pd.Series([a["text"] for a in articles], index=[f"k{i}" for i in range(5)])
    texts.iloc[2] = "   "  # cannot be scored: still a row, with the reason
    ids = [a["id"] for a in articles]
    df = score_batch(texts, ids=ids, outlets=[a["outlet"] for a in articles])
    assert df.index.tolist() == texts.index.tolist() and df["id"].tolist() == ids
    assert df["error"].isna().tolist() == [True, True, False, True, True]
    assert df["error"].iloc[2] == "empty text"
    assert pd.isna(df["framing_score"].iloc[2]) and df["n_words"].iloc[2] == 0
    rows = [a for i, a in enumerate(articles) if i != 2]
    expected = score_corpus(rows, keep_cols=())
    got = df.drop(index="k2").drop(columns="error").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_the_schema_is_fixed_whatever_the_batch(articles):
    schema = batch_schema()
    batches = [
        pd.Series([a["text"] for a in articles[:2]]),
        pd.Series([None, "", 42], dtype=object),  # nothing scorable
        pd.Series([], dtype=object),  # an empty partition
    ]
    frames = [score_batch(b) for b in batches]
    for b, df in zip(batches, frames, strict=True):
        assert list(df.columns) == schema.names and len(df) == len(b)
    assert [str(t) for t in frames[0].dtypes] == [str(t) for t in frames[1].dtypes]
    assert frames[1]["error"].tolist() == [
        "missing text",
        "empty text",
        "text is a int, not a string",
    ]
    ddl = spark_schema()
    assert ddl.startswith("`id` STRING, `outlet` STRING, `framing_score` DOUBLE")
    assert ddl.count("`") == 2 * len(schema.names) and "`error` STRING" in ddl


def test_score_batch_works_as_a_map_in_pandas_function(articles):
    """What Spark does with mapInPandas: an iterator of pandas batches in, frames out."""
    frame = pd.DataFrame(articles)

    def score_partitions(batches):
        for pdf in batches:
            yield score_batch(pdf["text"], ids=pdf["id"], outlets=pdf["outlet"])

    parts = list(score_partitions(iter([frame.iloc[:3], frame.iloc[3:]])))
    whole = pd.concat(parts)
    assert whole["id"].tolist() == frame["id"].tolist()
    assert whole["framing_score"].tolist() == [
        framing.analyze(a["text"]).framing_score for a in articles
    ]


@pytest.mark.slow
def test_score_batch_in_spark(articles):
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").appName("framing-test").getOrCreate()
    try:
        sdf = spark.createDataFrame(pd.DataFrame(articles))

        def score_partitions(batches):
            for pdf in batches:
                yield score_batch(pdf["text"], ids=pdf["id"], outlets=pdf["outlet"])

        out = sdf.mapInPandas(score_partitions, schema=spark_schema()).toPandas()
    finally:
        spark.stop()
    assert sorted(out["id"]) == sorted(a["id"] for a in articles)
    assert pyspark.__version__


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path, articles):
    pytest.importorskip("distributed", reason="needs dask.distributed (framing-lens[dask])")
    corpus = write_jsonl(tmp_path / "c.jsonl", articles)
    out = tmp_path / "s.parquet"
    with pytest.raises(InputError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        score_file(corpus, out, engine="dask", scheduler="tcp://127.0.0.1:9")
    assert not out.exists() and not Path(f"{out}.parts").exists()
