"""Outlet comparison: scores with bootstrap intervals, distinguishing terms, naming choices.

Input is the table ``framing score`` writes (or :func:`framing.score_corpus`
returns): one row per article.

* **Scores.** Per outlet (or any grouping column): the mean framing score and
  sub-scores with percentile bootstrap 95% intervals (articles resampled with
  replacement, seeded); loaded terms per 1,000 words overall, in the outlet's
  own voice and per category; the attribution mix (source types and cue
  stances as shares of all the outlet's attributions) and the share of
  unattributed claims among its sentences. Rates and shares are pooled
  (summed counts over summed denominators), so long articles weigh more.
* **Distinguishing terms.** Weighted log-odds ratios with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 22):
  for term *w*, group *i* and its complement (or another group) *j*,
  ``delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))``,
  ``var ~ 1/(y_i + a_w) + 1/(y_j + a_w)``, ``z = delta / sqrt(var)``, where
  the prior ``a_w = a0 * (share of w in the whole corpus)``. Over the loaded
  terms the scorer found (``term_counts`` column) or over all words (needs the
  article texts; English stop words removed).
* **Naming choices.** For each concept group of the naming lexicon
  (``framing/data/naming_groups.tsv``, or the user's), each outlet's share of
  each name among all the group's names it used.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .corpus import ScoreOptions, read_records
from .errors import InputError
from .naming import load_naming_groups, naming_counts
from .outputs import atomic_path, check_output
from .report import plot_scores, render_comparison_html
from .scoring import SUBSCORES  # defined in framing.scoring; re-exported for one release
from .tables import read_frame
from .text import LETTER_WORDS_RE

__all__ = ["Comparison", "compare_outlets", "fightin_words", "read_scores", "SUBSCORES"]


def read_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read a ``framing score`` output file (``.parquet``, ``.csv``, ``.tsv`` or ``.jsonl``).

    Read with :func:`framing.tables.read_frame`: in CSV and TSV, ``id`` and ``outlet``
    stay text and the other all-number columns become numbers. A row that cannot be read
    is an error naming the file and its line.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    df, bad = read_frame(p, text_columns=("id", "outlet"))
    if bad:
        where = f"line {bad[0].line}" if bad[0].line else f"record {bad[0].number}"
        raise InputError(f"{p}: {where}: {bad[0].error} (not a scores table?)")
    if "outlet" in df.columns and df["outlet"].dtype == object:
        df["outlet"] = df["outlet"].mask(df["outlet"] == "", None)  # an empty CSV cell
    return df


def fightin_words(
    counts_i: Counter, counts_j: Counter, prior: Counter | None = None, alpha0: float | None = None
) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008).

    Parameters
    ----------
    counts_i, counts_j : Counter
        Term counts of the two groups compared.
    prior : Counter, optional
        Background counts that set the prior's shape; default ``counts_i + counts_j``.
    alpha0 : float, optional
        Total prior mass (pseudo-counts) spread over the vocabulary in
        proportion to ``prior``; default: the vocabulary size (one
        pseudo-count per term on average).

    Returns
    -------
    pandas.DataFrame
        ``term, count, count_other, log_odds, z`` sorted by ``z`` descending;
        positive ``z`` means the term is typical of group *i*.
    """
    prior = prior if prior is not None else counts_i + counts_j
    terms = sorted(set(counts_i) | set(counts_j))
    total = sum(prior[t] for t in terms) or 1
    alpha0 = float(len(terms) or 1) if alpha0 is None else float(alpha0)
    y_i = np.array([counts_i[t] for t in terms], dtype=float)
    y_j = np.array([counts_j[t] for t in terms], dtype=float)
    a = np.array([alpha0 * prior[t] / total for t in terms], dtype=float)
    a = np.where(a > 0, a, alpha0 / total)  # a term absent from the prior still gets some mass
    a0 = a.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
        z = delta / np.sqrt(1.0 / (y_i + a) + 1.0 / (y_j + a))
    out = pd.DataFrame(
        {
            "term": terms,
            "count": y_i.astype(int),
            "count_other": y_j.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    return out.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)


@dataclass
class Comparison:
    """The result of :func:`compare_outlets`.

    Attributes
    ----------
    by : str
        The grouping column.
    table : pandas.DataFrame
        One row per group (index named ``by``), sorted by mean framing score.
    distinguishing_terms : pandas.DataFrame
        One-vs-rest log-odds: ``by, term, count, count_other, log_odds, z``
        (terms with at least ``min_count`` uses in the corpus).
    naming_choices : pandas.DataFrame
        ``group, name, by, count, share`` (share of the name among the group's
        names in that outlet; the shares of a group sum to 1 per outlet).
    contrast : pandas.DataFrame or None
        A-vs-B log-odds if two groups were given (``contrast_pair``).
    actors : pandas.DataFrame or None
        Who calls whom what (:data:`ACTOR_COLUMNS`): for the most frequent actors of
        the corpus (matched across articles by their key: normalised name, aliases
        mapped to one canonical name), one row per actor and group with the labels,
        loaded terms and roles used for it (authorial and quoted apart) and the mean
        sentiment toward it with a bootstrap 95% interval over articles; None when the
        rows have no ``actors`` column (scored before actors existed).
    params : dict
        The settings used (bootstrap size, seed, prior, term mode...).
    """

    by: str
    table: pd.DataFrame
    distinguishing_terms: pd.DataFrame
    naming_choices: pd.DataFrame
    contrast: pd.DataFrame | None = None
    contrast_pair: tuple[str, str] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    actors: pd.DataFrame | None = None

    def top_terms(self, group: str, n: int = 10, min_z: float = 1.96) -> pd.DataFrame:
        """The ``n`` terms most typical of ``group`` (``z >= min_z``)."""
        d = self.distinguishing_terms
        d = d[(d[self.by] == group) & (d["z"] >= min_z)]
        return d.head(n).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-able data."""
        table = self.table.reset_index()
        return {
            "by": self.by,
            "params": self.params,
            "table": _records(table),
            "distinguishing_terms": _records(self.distinguishing_terms),
            "naming_choices": _records(self.naming_choices),
            "contrast": None
            if self.contrast is None
            else {"groups": list(self.contrast_pair or ()), "terms": _records(self.contrast)},
            "actors": None if self.actors is None else _records(self.actors),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON (NaN written as null)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def to_html(self, plots: bool = True) -> str:
        """A self-contained HTML report (plots embedded as PNG; needs matplotlib)."""
        return render_comparison_html(self, plots=plots)

    def plot(self, path: str | os.PathLike) -> None:
        """Save the outlet-scores plot (mean and 95% interval per outlet) to ``path``
        (its suffix names the format: .png, .svg, .pdf...)."""
        path = Path(path)
        check_output(path)
        check_plot_format(path)
        fig = plot_scores(self)
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lstrip(".") or "png", dpi=150, bbox_inches="tight")


def check_plot_format(path: Path) -> None:
    """Refuse a plot file whose suffix is no image format matplotlib writes."""
    from matplotlib.figure import Figure

    kinds = Figure().canvas.get_supported_filetypes()
    kind = path.suffix.lower().lstrip(".") or "png"
    if kind not in kinds:
        raise InputError(
            f"{path}: unknown plot format {path.suffix!r}; use .png, .svg or .pdf "
            f"(or {', '.join('.' + k for k in sorted(kinds) if k not in ('png', 'svg', 'pdf'))})"
        )


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in df.to_dict("records"):
        clean = {}
        for k, v in row.items():
            if isinstance(v, float | np.floating):
                v = None if math.isnan(v) else float(v)
            elif isinstance(v, np.integer):
                v = int(v)
            clean[str(k)] = v
        out.append(clean)
    return out


def _bootstrap_ci(
    values: np.ndarray, n_boot: int, rng: np.random.Generator, level: float = 0.95
) -> tuple[float, float]:
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    if n == 1:
        return float(values[0]), float(values[0])
    means = np.empty(n_boot)
    step = max(1, 2_000_000 // n)
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def _json_counts(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return {}
    return json.loads(value)


def _pooled(num: pd.Series, den: pd.Series, scale: float = 1.0) -> float:
    d = float(den.sum())
    return scale * float(num.sum()) / d if d else 0.0


def _group_table(df: pd.DataFrame, by: str, n_boot: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    categories = sorted(c[len("terms_") :] for c in df.columns if c.startswith("terms_"))
    sources = sorted(c[len("share_source_") :] for c in df.columns if c.startswith("share_source_"))
    stances = sorted(c[len("share_stance_") :] for c in df.columns if c.startswith("share_stance_"))
    rows = []
    for name, g in df.groupby(by, sort=True):
        row: dict[str, Any] = {by: name, "n_articles": len(g), "n_words": int(g["n_words"].sum())}
        for col in SUBSCORES:
            x = g[col].to_numpy(dtype=float)
            lo, hi = _bootstrap_ci(x, n_boot, rng)
            row[col], row[f"{col}_lo"], row[f"{col}_hi"] = float(x.mean()), lo, hi
        row["loaded_per_1k"] = _pooled(g["n_loaded_terms"], g["n_words"], 1000)
        row["authorial_loaded_per_1k"] = _pooled(
            g["n_loaded_terms"] - g.get("n_loaded_terms_quoted", 0), g["n_words"], 1000
        )
        for c in categories:
            row[f"per_1k_{c}"] = _pooled(g[f"terms_{c}"], g["n_words"], 1000)
        row["attributions_per_1k"] = _pooled(g["n_attributions"], g["n_words"], 1000)
        for s in sources:
            row[f"source_{s}"] = _pooled(
                g[f"share_source_{s}"] * g["n_attributions"], g["n_attributions"]
            )
        for s in stances:
            row[f"stance_{s}"] = _pooled(
                g[f"share_stance_{s}"] * g["n_attributions"], g["n_attributions"]
            )
        if "n_unattributed_sentences" in g:
            row["unattributed_share"] = _pooled(g["n_unattributed_sentences"], g["n_sentences"])
        rows.append(row)
    table = pd.DataFrame(rows).set_index(by)
    return table.sort_values(["framing_score", "n_articles"], ascending=[False, False])


def _word_counts(text: str) -> Counter:
    words = (w.lower().replace("’", "'") for w in LETTER_WORDS_RE.findall(text))
    return Counter(w for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS)


def _texts_for(
    df: pd.DataFrame, texts: Any, text_col: str, id_col: str, encoding: str | None
) -> list[str]:
    """Article texts aligned with ``df``'s rows: a sequence in row order, or a corpus joined on id."""
    if isinstance(texts, str | os.PathLike):
        wanted = set(df["id"].astype(str))
        by_id = {}
        for r in read_records(
            texts, ScoreOptions(text_col=text_col, id_col=id_col), encoding=encoding
        ):
            if r["id"] in wanted and isinstance(r["text"], str):
                by_id[r["id"]] = r["text"]
        missing = len(wanted - set(by_id))
        if missing:
            raise InputError(f"{texts}: {missing} scored article id(s) not found in the corpus")
        return [by_id[i] for i in df["id"].astype(str)]
    texts = list(texts)
    if len(texts) != len(df):
        raise InputError(f"texts has {len(texts)} items; the scores table has {len(df)} rows")
    return ["" if not isinstance(t, str) else t for t in texts]


def _check_request(
    df: pd.DataFrame, by: str, terms: str, texts: Any, n_boot: int, seed: int = 0
) -> None:
    """Refuse a scores table or settings :func:`compare_outlets` cannot work with."""
    if by not in df.columns:
        raise InputError(
            f"no column {by!r} in the scores (columns: {', '.join(map(str, df.columns[:12]))}, ...)"
        )
    needed = [*SUBSCORES, "n_words", "n_sentences", "n_loaded_terms", "n_attributions"]
    if by in ("framing_score", *needed):
        raise InputError(
            f"cannot group by {by!r}: it is one of the values compared; group by a column "
            "that names groups (outlet, or a column kept from the corpus)"
        )
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(
            f"the scores table lacks {', '.join(missing)}; score the corpus with `framing score`"
        )
    if terms not in ("loaded", "words"):
        raise InputError(f"terms must be 'loaded' or 'words', not {terms!r}")
    if terms == "words" and texts is None:
        raise InputError("terms='words' needs the article texts (texts=... / --corpus)")
    if n_boot < 1:
        raise InputError(f"n_boot must be positive, not {n_boot}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"the seed must be a whole number >= 0, not {seed!r}")


def _grouped_rows(
    df: pd.DataFrame, by: str, article_texts: list[str] | None, min_articles: int
) -> tuple[pd.DataFrame, list[str] | None, set]:
    """The rows with a ``by`` value in groups of at least ``min_articles`` (``by`` as text),
    their texts, and the groups left out for being smaller."""
    keep = df[by].notna() & (df[by].astype(str) != "")
    df = df.loc[keep].reset_index(drop=True)
    if article_texts is not None:
        article_texts = [t for t, k in zip(article_texts, keep, strict=True) if k]
    sizes = df[by].value_counts()
    small = set(sizes[sizes < min_articles].index)
    if small:
        mask = ~df[by].isin(small)
        if article_texts is not None:
            article_texts = [t for t, k in zip(article_texts, mask, strict=True) if k]
        df = df.loc[mask].reset_index(drop=True)
    if df.empty:
        raise InputError(f"no articles with a {by!r} value (and at least {min_articles} per group)")
    df[by] = df[by].astype(str)
    return df, article_texts, small


def _group_term_counts(
    df: pd.DataFrame, by: str, terms: str, article_texts: list[str] | None
) -> dict[str, Counter]:
    """Term counts per group: all words of the texts, or the loaded terms found."""
    if terms == "words":
        per_article = [_word_counts(t) for t in article_texts or []]
    elif "term_counts" in df.columns:
        per_article = [Counter(_json_counts(v)) for v in df["term_counts"]]
    else:
        raise InputError(
            "the scores table has no term_counts column; pass the texts and terms='words'"
        )
    group_counts: dict[str, Counter] = {}
    for name, counts in zip(df[by], per_article, strict=True):
        group_counts.setdefault(name, Counter()).update(counts)
    return group_counts


def _article_naming(
    df: pd.DataFrame, article_texts: list[str] | None, naming_groups: str | os.PathLike | None
) -> list[dict]:
    """Naming counts per article: counted in the texts, else read from ``naming_counts``."""
    if article_texts is not None:
        groups_path = None if naming_groups is None else os.fspath(naming_groups)
        return [naming_counts(t, groups_path) for t in article_texts]
    if "naming_counts" in df.columns:
        return [_json_counts(v) for v in df["naming_counts"]]
    return []


def compare_outlets(
    df: pd.DataFrame | str | os.PathLike,
    by: str = "outlet",
    *,
    terms: str = "loaded",
    texts: Sequence[str] | str | os.PathLike | None = None,
    text_col: str = "text",
    id_col: str = "id",
    encoding: str | None = None,
    contrast: tuple[str, str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    alpha0: float | None = None,
    min_count: int = 3,
    min_articles: int = 1,
    naming_groups: str | os.PathLike | None = None,
    top_actors: int = 15,
) -> Comparison:
    """Compare outlets (or any grouping) on a scored corpus.

    Parameters
    ----------
    df : DataFrame or path
        Rows from :func:`framing.score_corpus` / ``framing score``.
    by : str
        Grouping column (``outlet``, or a kept column such as ``allsides_bias``).
    terms : {"loaded", "words"}
        Distinguishing terms over the loaded terms found (``term_counts``) or
        over all words of the texts (needs ``texts``).
    texts : sequence of str or path, optional
        The article texts, in ``df`` row order, or the corpus file the scores
        came from (joined on id). With texts, naming choices are counted from
        them; otherwise from the ``naming_counts`` column.
    text_col, id_col, encoding : str
        How to read ``texts`` when it is a corpus path.
    contrast : (str, str), optional
        Two groups to compare head to head (A vs B) in ``.contrast``.
    n_boot : int
        Bootstrap resamples for the 95% intervals.
    seed : int
        Seed of the bootstrap.
    alpha0 : float, optional
        Total pseudo-count mass of the informative Dirichlet prior; default:
        the vocabulary size (one pseudo-count per term on average).
    min_count : int
        Terms used fewer times in the whole corpus are left out of the term tables.
    min_articles : int
        Groups with fewer articles are left out.
    naming_groups : path, optional
        Naming-groups TSV (default: the shipped one).
    top_actors : int
        How many of the corpus's most frequent actors (by articles) the actor table
        covers; 0 leaves it out.

    Returns
    -------
    Comparison
    """
    if not isinstance(df, pd.DataFrame):
        df = read_scores(df)
    _check_request(df, by, terms, texts, n_boot, seed)
    article_texts = _texts_for(df, texts, text_col, id_col, encoding) if texts is not None else None
    df, article_texts, small = _grouped_rows(df, by, article_texts, min_articles)

    table = _group_table(df, by, n_boot, seed)
    group_counts = _group_term_counts(df, by, terms, article_texts)
    corpus_counts = sum(group_counts.values(), Counter())
    vocabulary = {t for t, n in corpus_counts.items() if n >= min_count}

    def restrict(c: Counter) -> Counter:
        return Counter({t: n for t, n in c.items() if t in vocabulary})

    frames = []
    for name in table.index:
        own = group_counts.get(name, Counter())
        d = fightin_words(
            restrict(own), restrict(corpus_counts - own), restrict(corpus_counts), alpha0
        )
        d.insert(0, by, name)
        frames.append(d)
    distinguishing = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=[by, "term", "count", "count_other", "log_odds", "z"])
    )

    contrast_df = None
    if contrast is not None:
        a, b = (str(x) for x in contrast)
        for g in (a, b):
            if g not in group_counts:
                raise InputError(f"no group {g!r} in column {by!r}")
        contrast_df = fightin_words(
            restrict(group_counts[a]), restrict(group_counts[b]), restrict(corpus_counts), alpha0
        )

    naming = _article_naming(df, article_texts, naming_groups)
    naming_df = _naming_choices(df[by].tolist() if naming else [], naming, by, naming_groups)

    actors_df = _actor_table(df, by, top_actors, n_boot, seed) if top_actors else None

    params = {
        "terms": terms,
        "top_actors": top_actors,
        "n_boot": n_boot,
        "seed": seed,
        "alpha0": float(len(vocabulary) or 1) if alpha0 is None else float(alpha0),
        "min_count": min_count,
        "min_articles": min_articles,
        "ci": 0.95,
        "n_articles": int(len(df)),
        "n_groups": int(len(table)),
        "groups_dropped": sorted(map(str, small)),
    }
    return Comparison(
        by=by,
        table=table,
        distinguishing_terms=distinguishing,
        naming_choices=naming_df,
        contrast=contrast_df,
        contrast_pair=None if contrast is None else (a, b),
        params=params,
        actors=actors_df,
    )


#: Columns of :attr:`Comparison.actors`.
ACTOR_COLUMNS = (
    "actor",
    "key",
    "kind",
    "group",
    "n_articles",
    "n_mentions",
    "labels",
    "quoted_labels",
    "loaded_terms",
    "roles",
    "negative",
    "neutral",
    "positive",
    "net_sentiment",
    "net_ci_low",
    "net_ci_high",
)


def _top(counter: Counter, n: int = 6) -> str:
    """``"terrorists 5, militants 3"``: the most frequent items with their counts."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v}" for k, v in items)


def _article_actors(value: Any) -> list[dict]:
    if isinstance(value, str):
        return json.loads(value) if value.strip() else []
    if isinstance(value, list):
        return value
    return []


def _actor_table(
    df: pd.DataFrame, by: str, top: int, n_boot: int, seed: int
) -> pd.DataFrame | None:
    """Per frequent actor and group: labels, loaded terms, roles, mean sentiment (see
    :attr:`Comparison.actors`)."""
    if "actors" not in df.columns:
        return None
    per_article = [_article_actors(v) for v in df["actors"]]
    articles = Counter(k for acts in per_article for k in {a["key"] for a in acts})
    names: dict[str, Counter] = {}
    kinds: dict[str, Counter] = {}
    for acts in per_article:
        for a in acts:
            names.setdefault(a["key"], Counter())[a["name"]] += a["n_mentions"]
            kinds.setdefault(a["key"], Counter())[a["kind"]] += 1
    keep = [k for k, _ in sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    rng = np.random.default_rng(seed)
    rows = []
    groups = df[by].tolist()
    for key in keep:
        cells: dict[str, dict[str, Any]] = {}
        for group, acts in zip(groups, per_article, strict=True):
            for a in acts:
                if a["key"] != key:
                    continue
                c = cells.setdefault(
                    group,
                    {
                        "n": 0,
                        "m": 0,
                        "lab": Counter(),
                        "qlab": Counter(),
                        "terms": Counter(),
                        "roles": Counter(),
                        "sent": [],
                    },
                )
                c["n"] += 1
                c["m"] += a["n_mentions"]
                c["lab"].update(a["labels"].get("authorial", {}))
                c["qlab"].update(a["labels"].get("quoted", {}))
                c["terms"].update(a["loaded_terms"].get("authorial", {}))
                c["roles"].update(a["roles"])
                if a["sentiment"]:
                    c["sent"].append(
                        [a["sentiment"][k] for k in ("negative", "neutral", "positive")]
                    )
        for group in sorted(cells, key=str):
            c = cells[group]
            sent = np.array(c["sent"]).reshape(-1, 3)
            mean = sent.mean(axis=0) if len(sent) else np.full(3, math.nan)
            net = sent[:, 2] - sent[:, 0]
            lo, hi = _bootstrap_ci(net, n_boot, rng)
            rows.append(
                {
                    "actor": names[key].most_common(1)[0][0],
                    "key": key,
                    "kind": kinds[key].most_common(1)[0][0],
                    "group": group,
                    "n_articles": c["n"],
                    "n_mentions": c["m"],
                    "labels": _top(c["lab"]),
                    "quoted_labels": _top(c["qlab"]),
                    "loaded_terms": _top(c["terms"]),
                    "roles": _top(c["roles"]),
                    "negative": float(mean[0]),
                    "neutral": float(mean[1]),
                    "positive": float(mean[2]),
                    "net_sentiment": float(net.mean()) if len(net) else math.nan,
                    "net_ci_low": lo,
                    "net_ci_high": hi,
                }
            )
    out = pd.DataFrame(rows, columns=list(ACTOR_COLUMNS))
    return out.rename(columns={"group": by}) if by != "group" else out


def _naming_choices(
    groups: Iterable[str], naming: list[dict], by: str, naming_groups: str | os.PathLike | None
) -> pd.DataFrame:
    lexicon = load_naming_groups(naming_groups)
    totals: dict[tuple[str, str], Counter] = {}
    for outlet, counts in zip(groups, naming, strict=True):
        for group, names in counts.items():
            totals.setdefault((group, outlet), Counter()).update(names)
    rows = []
    for (group, outlet), counts in sorted(totals.items()):
        total = sum(counts.values())
        if total == 0:
            continue
        names = list(lexicon.get(group, {})) or sorted(counts)
        names += [n for n in sorted(counts) if n not in names]
        for name in names:
            rows.append(
                {
                    "group": group,
                    "name": name,
                    by: outlet,
                    "count": int(counts[name]),
                    "share": counts[name] / total,
                }
            )
    return pd.DataFrame(rows, columns=["group", "name", by, "count", "share"])
