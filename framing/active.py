"""Labelling help (active learning): the sentences worth labelling next.

:func:`suggest` splits a corpus into sentences, scores them with a model and
picks the ones it is least sure of (probability near 0.5, *uncertainty
sampling*), spread out over the corpus so that a batch is not a hundred
variants of one sentence (greedy max-min distance between TF-IDF vectors).
:func:`write_suggestions` writes them as a table with an empty ``label``
column to fill in a spreadsheet; the filled-in file is a valid
``framing train --data`` label file.

``bench/active_learning.py`` measures, by simulation on BABE, how many labels
this saves against picking sentences at random.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .corpus import ScoreOptions, read_records
from .errors import InputError, option
from .inputs import read_text
from .model import SentenceModel, load_model
from .progress import Progress, in_batches
from .tables import read_frame, write_table
from .text import TOKEN_PATTERN, split_sentences
from .training import _norm, trained_texts

__all__ = ["uncertainty", "select", "suggest", "write_suggestions", "SUGGEST_COLUMNS"]

#: Columns of the table :func:`suggest` returns.
SUGGEST_COLUMNS = ("id", "text", "probability", "source_article", "label")

#: Runs of word characters: how a sentence's length is counted for min_words/max_words
#: ("don't" is two). Kept rather than framing.text's word pattern, which counts "don't" as
#: one word: switching would change which sentences are suggested.
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SURROGATE = re.compile("[\udc80-\udcff]")


def uncertainty(proba: Sequence[float]) -> np.ndarray:
    """How unsure a binary classifier is: 1 at P = 0.5, 0 at P = 0 or 1.

    Parameters
    ----------
    proba : sequence of float
        P(biased) per sentence.

    Returns
    -------
    ndarray
        ``1 - 2 * |proba - 0.5|``.
    """
    p = np.asarray(proba, dtype=float)
    return 1.0 - 2.0 * np.abs(p - 0.5)


def select(
    proba: Sequence[float], texts: Sequence[str], n: int, diversity: float = 0.5, seed: int = 42
) -> np.ndarray:
    """Pick ``n`` sentences to label: uncertain ones, kept apart from each other.

    With ``diversity = 0`` this is plain uncertainty sampling (the ``n``
    sentences with P(biased) nearest 0.5; ties broken at random with
    ``seed``). Otherwise the ``n * (1 + 9 * diversity)`` most uncertain
    sentences are candidates, and sentences are picked one at a time by
    ``(1 - diversity) * uncertainty + diversity * distance``, where distance
    is the cosine distance (word TF-IDF) to the nearest sentence already
    picked.

    Parameters
    ----------
    proba : sequence of float
        P(biased) per sentence.
    texts : sequence of str
        The sentences, aligned with ``proba``.
    n : int
        How many to pick (fewer if there are fewer sentences).
    diversity : float in [0, 1]
        Weight of spreading the picks out against picking the least sure.
    seed : int
        Seed of the tie-breaking order.

    Returns
    -------
    ndarray of int
        Indices into ``texts``, in the order picked (most useful first).
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must be between 0 and 1, not {diversity}")
    u = uncertainty(proba)
    if len(u) != len(texts):
        raise ValueError(f"{len(u)} probabilities for {len(texts)} texts")
    n = max(0, min(int(n), len(u)))
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.permutation(len(u)), -u))
    if diversity == 0.0 or n == 0:
        return order[:n]
    cand = order[: min(len(u), max(n, int(round(n * (1 + 9 * diversity)))))]
    vectors = TfidfVectorizer(sublinear_tf=True, token_pattern=TOKEN_PATTERN).fit_transform(
        [str(texts[i]) for i in cand]
    )
    nearest = np.ones(len(cand))  # cosine distance to the nearest pick so far
    taken = np.zeros(len(cand), dtype=bool)
    picked = []
    for _ in range(n):
        score = (1.0 - diversity) * u[cand] + diversity * nearest
        score[taken] = -np.inf
        j = int(np.argmax(score))
        picked.append(j)
        taken[j] = True
        similarity = (vectors @ vectors[j].T).toarray().ravel()
        nearest = np.minimum(nearest, 1.0 - similarity)
    return cand[np.asarray(picked, dtype=int)]


def _records(
    source: Any, text_col: str, id_col: str, encoding: str | None
) -> Iterable[tuple[str, str]]:
    """(article id, text) for every readable record of ``source``."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_file() and path.suffix.lower() == ".txt":
            yield path.stem, read_text(path, encoding)
            return
    elif not isinstance(source, pd.DataFrame):
        source = pd.DataFrame({text_col: [str(t) for t in source]})
    for rec in read_records(
        source, ScoreOptions(text_col=text_col, id_col=id_col), encoding=encoding
    ):
        if rec["error"] is None and isinstance(rec["text"], str):
            yield str(rec["id"]), rec["text"]


def _sentences(
    source: Any, text_col: str, id_col: str, encoding: str | None, min_words: int, max_words: int
) -> pd.DataFrame:
    """Candidate sentences (id, text, source_article), deduplicated, of a
    length worth labelling."""
    ids, texts, articles, seen = [], [], [], set()
    with Progress(unit="articles", desc="splitting") as bar:
        for article, text in _records(source, text_col, id_col, encoding):
            bar.update(1)
            if _SURROGATE.search(text):
                text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            for k, (start, end) in enumerate(split_sentences(text), 1):
                sentence = " ".join(text[start:end].split())
                n_words = len(_WORD_RE.findall(sentence))
                key = _norm(sentence)
                if not min_words <= n_words <= max_words or "\ufffd" in sentence or key in seen:
                    continue
                seen.add(key)
                ids.append(f"{article}:{k}")
                texts.append(sentence)
                articles.append(article)
    return pd.DataFrame({"id": ids, "text": texts, "source_article": articles})


def _labelled_texts(model: Any, exclude: Sequence[str | os.PathLike]) -> set[str]:
    """Normalised texts already labelled: what the model was trained on (as
    far as :func:`framing.training.trained_texts` recovers it) and the
    ``exclude`` label files."""
    done = trained_texts(model.meta)[0]
    for path in map(Path, exclude):
        if not path.is_file():
            raise InputError(f"{path}: no such file ({option('exclude')})")
        table = read_frame(path, text_columns=("text",))[0]
        if "text" not in table.columns:
            raise InputError(f"{path}: no 'text' column to exclude")
        done |= {_norm(t) for t in table["text"] if isinstance(t, str)}
    return done


def suggest(
    texts_or_corpus: Any,
    n: int = 200,
    model: Any = None,
    diversity: float = 0.5,
    seed: int = 42,
    *,
    text_col: str = "text",
    id_col: str = "id",
    exclude: Sequence[str | os.PathLike] = (),
    encoding: str | None = None,
    min_words: int = 5,
    max_words: int = 80,
) -> pd.DataFrame:
    """The ``n`` sentences of a corpus most worth labelling next.

    Parameters
    ----------
    texts_or_corpus : path, DataFrame or sequence of str
        A corpus file (CSV, TSV, JSONL[.gz], Parquet), a folder of ``.txt``
        articles, one ``.txt`` file, a DataFrame, or a list of texts. Every
        text is split into sentences (a sentence file stays one sentence per
        row); ``source_article`` is the record's ``id_col`` (or
        ``row-<number>``, or the file path in a folder).
    n : int
        How many sentences to return.
    model : str, SentenceModel or None
        The model to ask (name, directory or loaded model); ``None`` is your
        default model.
    diversity : float in [0, 1]
        0 picks purely by uncertainty; higher values spread the picks out
        (see :func:`select`).
    seed : int
        Seed of the tie-breaking; the same input, model and seed give the
        same table.
    text_col, id_col : str
        Column names of the text and the article id in a corpus table.
    exclude : paths
        Label files whose sentences are already labelled. Sentences the
        model was trained on are left out too (BABE, and label files
        recorded in its meta.json that are still on disk unchanged).
    encoding : str, optional
        Text encoding of the corpus (default UTF-8).
    min_words, max_words : int
        Sentences shorter or longer than this are not suggested.

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (``<article>:<sentence number>``), ``text``,
        ``probability`` (the model's P(biased)), ``source_article`` and
        ``label`` (empty, to fill in with 1/0 or biased/non-biased), most
        useful first.
    """
    if n < 1:
        raise InputError(f"n must be at least 1, not {n}")
    if not 0.0 <= diversity <= 1.0:
        raise InputError(f"diversity must be between 0 and 1, not {diversity}")
    if not isinstance(model, SentenceModel):
        model = load_model(model)
    pool = _sentences(texts_or_corpus, text_col, id_col, encoding, min_words, max_words)
    if len(pool):
        done = _labelled_texts(model, exclude)
        pool = pool[~pool.text.map(_norm).isin(done)].reset_index(drop=True)
    if not len(pool):
        raise InputError(
            f"no sentences of {min_words}-{max_words} words left to suggest in the input"
        )
    proba = in_batches(lambda b: model.predict_proba(b)[:, 1], pool.text.tolist(), desc="scoring")
    picked = select(proba, pool.text.tolist(), n, diversity=diversity, seed=seed)
    out = pool.iloc[picked].reset_index(drop=True)
    out.insert(2, "probability", np.round(proba[picked], 4))
    out["label"] = ""
    return out[list(SUGGEST_COLUMNS)]


def write_suggestions(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a :func:`suggest` table atomically, by suffix: ``.csv`` (UTF-8
    with a byte-order mark, so spreadsheets read it as UTF-8), ``.tsv``,
    ``.jsonl`` or ``.parquet``. The ``label`` column is empty (null in JSONL
    and Parquet). In CSV and TSV, a text a spreadsheet would run as a formula (it starts
    with ``=``, ``+``, ``-``, ``@``) is prefixed with ``'``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".jsonl", ".parquet"):
        raise InputError(f"{path}: write suggestions to .csv, .tsv, .jsonl or .parquet")
    if suffix not in (".csv", ".tsv"):
        table = table.assign(label=[None if v == "" else v for v in table.label])
    return write_table(path, table, bom=True, for_people=True)
