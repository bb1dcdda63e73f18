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

import difflib
import json
import math
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .corpus import ScoreOptions, read_records
from .errors import FramingWarning, InputError, option, path_argument
from .events import (
    bootstrap_mean_ci,
    bootstrap_means,
    cluster_events,
    event_effects,
    event_outlets,
    event_pairs,
    event_table,
    paired_difference,
    parse_dates,
    percentile_interval,
    trend_table,
)
from .naming import load_naming_groups, naming_counts
from .outputs import atomic_path, check_output
from .report import plot_scores, render_comparison_html, render_comparison_summary_html
from .scoring import ArticleAnalysis
from .source_names import article_sources as _article_sources
from .source_names import json_counts as _json_counts
from .source_names import (
    merged_names,
    source_name,  # noqa: F401  (framing.compare.source_name, as before)
)
from .subscores import SUBSCORES  # re-exported here for one release
from .tables import read_frame
from .text import LETTER_WORDS_RE, fold

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
        The settings used (bootstrap size, seed, prior, term mode...), and with ``events`` or
        ``over`` the date counts (``dates_missing``, ``dates_unreadable``, and per group the
        articles with no readable date, ``undated_by_group``) and how events
        were found (``events_from``: the event column or ``clustering``).
    differences : pandas.DataFrame or None
        Each group against all other articles: ``by, score, difference, ci_low, ci_high,
        n_articles, n_other`` (mean of the group minus mean of the rest, with a percentile
        bootstrap 95% interval resampling both sides).
    articles : pandas.DataFrame or None
        One row per compared article for the HTML report's drill-down: ``by``, ``id``, the
        kept ``title``/``date``/``topic``/``url`` columns present, the scores, ``n_words``,
        ``n_loaded_terms``, ``top_terms``, and ``analysis`` and ``text`` when the scores
        hold the analyses (``framing score --details``) and the texts were given (else
        None); :meth:`analysis` makes the :class:`ArticleAnalysis` of one of them. Not in
        :meth:`to_dict`.
    events : pandas.DataFrame or None
        With ``events=True``: one row per event (``event, n_articles, n_groups, groups,
        first_date, last_date, title, ids``): the clusters, listed.
    event_outlets : pandas.DataFrame or None
        Per event and group side by side: mean framing score, the labels each group gave the
        actors that two or more groups of the event named, loaded terms, sources, source types.
    event_effects : pandas.DataFrame or None
        Per group, the framing score within events (its mean deviation from each event's mean
        over groups) with a bootstrap 95% interval over events: outlet differences without
        topic mix.
    event_pairs : pandas.DataFrame or None
        Pairs of groups with two or more shared events: paired difference of framing scores
        over those events with a bootstrap 95% interval.
    trends : pandas.DataFrame or None
        With ``over``: per group and period, articles, mean framing score and 95% interval.
    contrast_summary : dict or None
        With ``contrast``: the framing-score difference A - B with a bootstrap 95% interval,
        its paired-by-event version when events are known, and the sources that differ most.
    """

    by: str
    table: pd.DataFrame
    distinguishing_terms: pd.DataFrame
    naming_choices: pd.DataFrame
    contrast: pd.DataFrame | None = None
    contrast_pair: tuple[str, str] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    actors: pd.DataFrame | None = None
    differences: pd.DataFrame | None = None
    articles: pd.DataFrame | None = field(default=None, repr=False)
    events: pd.DataFrame | None = None
    event_outlets: pd.DataFrame | None = None
    event_effects: pd.DataFrame | None = None
    event_pairs: pd.DataFrame | None = None
    trends: pd.DataFrame | None = None
    contrast_summary: dict[str, Any] | None = None

    def top_terms(self, group: str, n: int = 10, min_z: float = 1.96) -> pd.DataFrame:
        """The ``n`` terms most typical of ``group`` (``z >= min_z``)."""
        d = self.distinguishing_terms
        d = d[(d[self.by] == group) & (d["z"] >= min_z)]
        return d.head(n).reset_index(drop=True)

    def analysis(self, row: int) -> ArticleAnalysis | None:
        """The :class:`ArticleAnalysis` (with its text) of row ``row`` of :attr:`articles`, or
        None when the scores had no analysis or the texts were not given."""
        a = self.articles
        if a is None or "analysis" not in a.columns:
            return None
        raw, text = a.at[row, "analysis"], a.at[row, "text"]
        d = json.loads(raw) if isinstance(raw, str) and raw else raw
        if not isinstance(d, dict) or not isinstance(text, str):
            return None
        return ArticleAnalysis.from_dict(d, text)

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
            "differences": None if self.differences is None else _records(self.differences),
            "events": _maybe_records(self.events),
            "event_outlets": _maybe_records(self.event_outlets),
            "event_effects": _maybe_records(self.event_effects),
            "event_pairs": _maybe_records(self.event_pairs),
            "trends": _maybe_records(self.trends),
            "contrast_summary": _clean(self.contrast_summary),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as JSON (NaN written as null)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def to_html(self, **options: Any) -> str:
        """The report as one self-contained HTML file (charts as inline SVG, no network);
        ``options`` go to :func:`framing.report.render_comparison_html`."""
        return render_comparison_html(self, **options)

    def _repr_html_(self) -> str:
        return render_comparison_summary_html(self)

    def plot_trends(self, path: str | os.PathLike) -> None:
        """Save the trends plot (mean framing score per period with 95% intervals, one line
        per group) to ``path``; needs ``over``."""
        if self.trends is None:
            raise InputError("no trends: compare with over='month' (--over month)")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(9, 4.5))
        periods = sorted(self.trends["period"].unique())
        x_of = {p: i for i, p in enumerate(periods)}
        for name, g in self.trends.groupby(self.by, sort=True):
            x = [x_of[p] for p in g["period"]]
            (line,) = ax.plot(x, g["framing_score"], marker="o", label=str(name))
            ax.fill_between(x, g["ci_low"], g["ci_high"], alpha=0.15, color=line.get_color())
        step = max(1, len(periods) // 12)
        ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right")
        ax.set_ylabel("mean framing score (95% interval)")
        ax.set_xlabel(str(self.params.get("over", "period")))
        ax.legend(fontsize="small", ncol=2)
        path = Path(path)
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=path.suffix.lstrip(".") or "png", dpi=150, bbox_inches="tight")
        plt.close(fig)

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


def _maybe_records(df: pd.DataFrame | None) -> list[dict[str, Any]] | None:
    return None if df is None else _records(df)


def _clean(value: Any) -> Any:
    """Plain JSON-able data: NaN as None, numpy numbers as Python ones, frames as records."""
    if isinstance(value, pd.DataFrame):
        return _records(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _difference_table(
    df: pd.DataFrame, by: str, groups: list, n_boot: int, seed: int
) -> pd.DataFrame:
    """Each group's mean score minus the mean of all other articles, with a bootstrap
    interval (both sides resampled); see :attr:`Comparison.differences`."""
    rng = np.random.default_rng([seed, 1])
    rows = []
    for g in groups:
        mask = (df[by] == g).to_numpy()
        if mask.all():
            continue
        for col in SUBSCORES:
            x = df[col].to_numpy(dtype=float)
            a, b = x[mask], x[~mask]
            boot = bootstrap_means(a, n_boot, rng) - bootstrap_means(b, n_boot, rng)
            lo, hi = percentile_interval(boot, 0.95)
            rows.append(
                {
                    by: g,
                    "score": col,
                    "difference": float(a.mean() - b.mean()),
                    "ci_low": lo,
                    "ci_high": hi,
                    "n_articles": int(len(a)),
                    "n_other": int(len(b)),
                }
            )
    columns = [by, "score", "difference", "ci_low", "ci_high", "n_articles", "n_other"]
    return pd.DataFrame(rows, columns=columns)


#: Per-article columns the report's drill-down keeps when the scores have them.
#: The most bootstrap resamples a comparison draws (beyond it the intervals do not change
#: visibly, and the means alone need 8 bytes per resample per group).
MAX_BOOTSTRAP = 100_000

ARTICLE_COLUMNS = ("title", "headline", "date", "topic", "url")


def _article_table(df: pd.DataFrame, by: str, texts: list[str] | None) -> pd.DataFrame:
    """The compared articles for the report's drill-down (:attr:`Comparison.articles`)."""
    cols = [by, "id", *(c for c in ARTICLE_COLUMNS if c != by)]
    cols += [*SUBSCORES, "n_words", "n_loaded_terms", "top_terms"]
    out = df[[c for c in dict.fromkeys(cols) if c in df.columns]].copy().reset_index(drop=True)
    with_analysis = texts is not None and "analysis" in df.columns
    out["analysis"] = df["analysis"].to_numpy() if with_analysis else None
    out["text"] = pd.Series(texts if with_analysis else None, index=out.index, dtype=object)
    return out


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
            lo, hi = bootstrap_mean_ci(x, n_boot, rng)
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
    words = (w.lower().replace("’", "'") for w in LETTER_WORDS_RE.findall(fold(text).text))
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
    if df.empty:
        raise InputError(
            f"the scores table is empty ({len(df)} rows, {len(df.columns)} columns): nothing to "
            "compare; pass the scores of a corpus (framing.score_corpus or `framing score`)"
        )
    if by not in df.columns:
        shown = ", ".join(map(str, df.columns[:12])) + (", ..." if len(df.columns) > 12 else "")
        raise InputError(f"no column {by!r} in the scores (columns: {shown})")
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
        raise InputError(f"{option('terms', 'words')} needs the article texts ({option('texts')})")
    if not 1 <= n_boot <= MAX_BOOTSTRAP:
        raise InputError(f"{option('n_boot')} must be between 1 and {MAX_BOOTSTRAP}, not {n_boot}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"the seed must be a whole number >= 0, not {seed!r}")


def _check_contrast(contrast: Any, groups: list[str], by: str, small: set) -> None:
    """Refuse, before any work, a contrast group that is not in the table: with the
    closest names and the valid ones."""
    if isinstance(contrast, str) or len(contrast) != 2:
        raise InputError(f"contrast must be two group names (A, B), not {contrast!r}")
    for g in (str(x) for x in contrast):
        if g in groups:
            continue
        if g in {str(x) for x in small}:
            raise InputError(
                f"group {g!r} has fewer articles than {option('min_articles')} asks; lower it "
                "to compare this group"
            )
        close = difflib.get_close_matches(g, groups, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        shown = ", ".join(repr(x) for x in sorted(groups)[:30]) + (
            ", ..." if len(groups) > 30 else ""
        )
        raise InputError(f"no group {g!r} in column {by!r}; {hint}the groups are: {shown}")


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
        raise InputError(
            f"no articles with a value in column {by!r} (and at least {min_articles} per group)"
        )
    _note_left_out(len(keep), int((~keep).sum()), by, sizes[sizes < min_articles], min_articles)
    df[by] = df[by].astype(str)
    return df, article_texts, small


def _note_left_out(total: int, no_group: int, by: str, small: pd.Series, least: int) -> None:
    """Say, as a FramingWarning (a ``warning:`` line of the command line, in every output
    format), how many articles the comparison leaves out and why."""
    parts = []
    if no_group:
        parts.append(f"{no_group} of {total} articles have no {by!r} value")
    if len(small):
        parts.append(
            f"{len(small)} group(s) with fewer than {least} articles ({int(small.sum())} "
            f"articles) are left out"
        )
    if parts:
        message = "; ".join(parts)
        if no_group and not len(small):
            message += " and are left out"
        warnings.warn(message, FramingWarning, stacklevel=3)


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
    events: bool = False,
    event_col: str = "event",
    date_col: str = "date",
    title_col: str = "title",
    window_days: float = 3.0,
    min_similarity: float = 0.3,
    over: str | None = None,
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
    events : bool
        Group articles about the same event (:mod:`framing.events`): by ``event_col`` when
        the rows (or the corpus) have it, else by clustering (dates at most ``window_days``
        apart, TF-IDF cosine similarity at least ``min_similarity``; needs ``texts`` and a
        ``date_col``), and compare groups within events.
    event_col, date_col, title_col : str
        Columns of the event id, the date and the title, read from the rows or, when they
        lack them, from the corpus ``texts`` (joined on id).
    window_days, min_similarity : float
        The clustering's date window and similarity threshold.
    over : {"week", "month", "quarter", "year"}, optional
        Per-period scores of each group (``trends``), dates read leniently from
        ``date_col``; unreadable dates are counted in ``params``.

    Returns
    -------
    Comparison
    """
    if not isinstance(df, pd.DataFrame):
        df = read_scores(
            path_argument(
                df,
                "df",
                "a scores DataFrame (from framing.score_corpus) or the path of a scores file",
            )
        )
    _check_request(df, by, terms, texts, n_boot, seed)
    if not isinstance(min_articles, int | np.integer) or min_articles < 1:
        raise InputError(
            f"{option('min_articles')} must be a whole number >= 1, not {min_articles!r}"
        )
    article_texts = _texts_for(df, texts, text_col, id_col, encoding) if texts is not None else None
    df, article_texts, small = _grouped_rows(df, by, article_texts, min_articles)
    if contrast is not None:
        _check_contrast(contrast, df[by].unique().tolist(), by, small)

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
    extra = _events_and_trends(
        df,
        by,
        article_texts,
        texts=texts,
        id_col=id_col,
        encoding=encoding,
        events=events,
        cols=(event_col, date_col, title_col),
        window_days=window_days,
        min_similarity=min_similarity,
        over=over,
        n_boot=n_boot,
        seed=seed,
    )
    if contrast is not None:
        extra["contrast_summary"] = _contrast_summary(
            df, by, (a, b), extra.get("_event"), n_boot, seed, alpha0
        )
    differences = _difference_table(df, by, list(table.index), n_boot, seed)
    info = extra.pop("_params", {})
    extra.pop("_event", None)

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
        **info,
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
        differences=differences,
        articles=_article_table(df, by, article_texts),
        **extra,
    )


def _corpus_column(
    df: pd.DataFrame, texts: Any, col: str, id_col: str, encoding: str | None
) -> pd.Series | None:
    """Column ``col`` of the rows, else of the corpus file ``texts`` joined on id, else None."""
    if col in df.columns:
        return df[col]
    if not isinstance(texts, str | os.PathLike):
        return None
    values: dict[str, Any] = {}
    opts = ScoreOptions(id_col=id_col, keep_cols=(col,))
    try:
        for r in read_records(texts, opts, encoding=encoding):
            values[r["id"]] = r["keep"].get(col)
    except InputError:  # the corpus has no such column
        return None
    if not any(v not in (None, "") for v in values.values()):
        return None
    return pd.Series([values.get(i) for i in df["id"].astype(str)], index=df.index)


def _events_and_trends(
    df: pd.DataFrame,
    by: str,
    article_texts: list[str] | None,
    *,
    texts: Any,
    id_col: str,
    encoding: str | None,
    events: bool,
    cols: tuple[str, str, str],
    window_days: float,
    min_similarity: float,
    over: str | None,
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    """The event and trend fields of a Comparison (``_event``, ``_params`` for the caller)."""
    event_col, date_col, title_col = cols
    out: dict[str, Any] = {"_params": {}}
    if not events and over is None:
        return out
    raw_dates = _corpus_column(df, texts, date_col, id_col, encoding)
    dates = None
    if raw_dates is not None:
        dates, bad = parse_dates(list(raw_dates))
        dates.index = df.index
        undated = dates.isna().groupby(df[by].astype(str)).sum()
        out["_params"].update(
            dates_unreadable=bad,
            dates_missing=int(dates.isna().sum()) - bad,
            date_col=date_col,
            undated_by_group={str(g): int(n) for g, n in undated.items() if n},
        )
    if over is not None:
        if dates is None:
            raise InputError(f"--over needs a {date_col!r} column in the scores or the corpus")
        out["trends"] = trend_table(df, by, dates, over, n_boot, seed)
        out["_params"]["over"] = over
    if not events:
        return out
    ids = _corpus_column(df, texts, event_col, id_col, encoding)
    if ids is not None and ids.notna().any():
        event = ids.where(ids.astype(str).str.strip() != "", None)
        out["_params"]["events_from"] = event_col
    else:
        if article_texts is None or dates is None:
            raise InputError(
                f"--events needs an {event_col!r} column, or the texts (--corpus) and a "
                f"{date_col!r} column to cluster articles by date and text"
            )
        event = pd.Series(
            cluster_events(
                article_texts,
                dates,
                df[by].tolist(),
                window_days=window_days,
                min_similarity=min_similarity,
            ),
            index=df.index,
        )
        out["_params"].update(
            events_from="clustering", window_days=window_days, min_similarity=min_similarity
        )
    keep = event.notna()
    sub, ev = df.loc[keep], event[keep].astype(str)
    titles = _corpus_column(df, texts, title_col, id_col, encoding)
    out["events"] = event_table(sub, by, ev, None if dates is None else dates, titles)
    out["event_outlets"] = event_outlets(sub, by, ev)
    out["event_effects"] = event_effects(sub, by, ev, n_boot, seed)
    out["event_pairs"] = event_pairs(sub, by, ev, n_boot, seed)
    out["_params"].update(n_events=int(ev.nunique()), n_articles_in_events=int(keep.sum()))
    out["_event"] = event
    return out


def _contrast_summary(
    df: pd.DataFrame,
    by: str,
    pair: tuple[str, str],
    event: pd.Series | None,
    n_boot: int,
    seed: int,
    alpha0: float | None,
) -> dict[str, Any]:
    """A vs B: framing-score difference with a bootstrap interval (articles of each group
    resampled apart), paired by event when events are known, and the sources that differ."""
    a, b = pair
    rng = np.random.default_rng(seed)
    xa = df.loc[df[by] == a, "framing_score"].to_numpy(dtype=float)
    xb = df.loc[df[by] == b, "framing_score"].to_numpy(dtype=float)
    boots = xa[rng.integers(0, len(xa), size=(n_boot, len(xa)))].mean(axis=1) - xb[
        rng.integers(0, len(xb), size=(n_boot, len(xb)))
    ].mean(axis=1)
    lo, hi = np.percentile(boots, [2.5, 97.5])
    out: dict[str, Any] = {
        "a": a,
        "b": b,
        "n_a": len(xa),
        "n_b": len(xb),
        "difference": float(xa.mean() - xb.mean()),
        "ci_low": float(lo),
        "ci_high": float(hi),
        "paired_by_event": None,
        "sources": None,
    }
    if event is not None:
        out["paired_by_event"] = paired_difference(
            df.loc[event.notna()], by, event[event.notna()].astype(str), a, b, n_boot, rng
        )
    if "analysis" in df.columns or "source_counts" in df.columns:
        counts, kinds = _named_sources(df, by, (a, b))
        rows = fightin_words(counts[a], counts[b], counts[a] + counts[b], alpha0)
        rows.insert(1, "type", [kinds[t].most_common(1)[0][0] for t in rows["term"]])
        out["sources"] = rows
    return out


def _named_sources(
    df: pd.DataFrame, by: str, groups: tuple[str, str]
) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Attributions per source name in each of ``groups`` and the source types per name.
    One person under several names (Donald Trump, President Trump, Trump) counts under the
    most cited full name that ends in the same word."""
    counts = {g: Counter() for g in groups}
    kinds: dict[str, Counter] = {}
    for _, row in df[df[by].isin(groups)].iterrows():
        for name, kind in _article_sources(row):
            if name:
                counts[row[by]][name] += 1
                kinds.setdefault(name, Counter())[kind] += 1
    total = counts[groups[0]] + counts[groups[1]]
    target_of = merged_names(total, kinds)
    merged = {g: Counter() for g in groups}
    merged_kinds: dict[str, Counter] = {}
    for name in total:
        target = target_of[name]
        for g in groups:
            merged[g][target] += counts[g][name]
        merged_kinds.setdefault(target, Counter()).update(kinds[name])
    return {g: +c for g, c in merged.items()}, merged_kinds


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
            lo, hi = bootstrap_mean_ci(net, n_boot, rng)
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
