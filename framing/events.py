"""Same-event comparison and trends over time, for :func:`framing.compare_outlets`.

* **Dates** are read leniently (:func:`parse_dates`: ISO dates, ``June 5, 2019``,
  ``05/06/2019``, time stamps...); a date that cannot be read is counted, never guessed.
* **Events.** An event-id column is used as it is. Without one, articles are clustered:
  two articles are linked when their dates are at most ``window_days`` apart and the cosine
  similarity of their TF-IDF word vectors (English stop words removed) is at least
  ``min_similarity``; an event is a connected group of linked articles, kept when it holds
  articles of at least two groups (outlets). Articles without a readable date are not
  clustered.
* **Within-event differences** take topic mix out of outlet comparisons: for each event and
  group, the group's mean score in that event minus the event's mean over its groups; a
  group's effect is the mean of these over its events, with a bootstrap interval over events.
  Two groups are compared pairwise over the events both covered.
* **Trends.** Per group and period (month, week, quarter or year) the mean score with a
  bootstrap interval.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .source_names import article_sources, json_counts, merged_names

__all__ = [
    "PERIODS",
    "cluster_events",
    "event_effects",
    "event_outlets",
    "event_pairs",
    "event_table",
    "paired_difference",
    "parse_dates",
    "trend_table",
]

#: Dates outside these years count as unreadable (a malformed "0001-11-30").
MIN_YEAR, MAX_YEAR = 1800, 2200
#: Periods of ``--over`` and their pandas period codes.
PERIODS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def parse_dates(values: Sequence[Any]) -> tuple[pd.Series, int]:
    """Dates read leniently (each value on its own), and how many non-empty values could not
    be read (or fall outside :data:`MIN_YEAR`..:data:`MAX_YEAR`). Empty cells are missing
    dates, not unreadable ones."""
    out, bad = [], 0
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "":
            out.append(pd.NaT)
            continue
        try:
            d = pd.to_datetime(str(v).strip(), utc=True)
        except (ValueError, OverflowError, TypeError):
            d = pd.NaT
        if pd.isna(d) or not MIN_YEAR <= d.year <= MAX_YEAR:  # "0001-11-30" is a broken date
            bad += 1
            out.append(pd.NaT)
        else:
            out.append(d.tz_convert(None))
    return pd.Series(out, dtype="datetime64[ns]"), bad


def bootstrap_means(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``, drawn in blocks of at
    most two million indices so memory stays bounded for large groups."""
    n = len(values)
    means = np.empty(n_boot)
    step = max(1, 2_000_000 // n)
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        means[start:stop] = values[rng.integers(0, n, size=(stop - start, n))].mean(axis=1)
    return means


def percentile_interval(means: np.ndarray, level: float) -> tuple[float, float]:
    """The central ``level`` percentile interval of bootstrap ``means``."""
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def bootstrap_mean_ci(
    values: np.ndarray, n_boot: int, rng: np.random.Generator, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (``values[0]`` twice for one value)."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    if n == 1:
        return float(values[0]), float(values[0])
    return percentile_interval(bootstrap_means(values, n_boot, rng), level)


def cluster_events(
    texts: Sequence[str],
    dates: pd.Series,
    groups: Sequence[str],
    *,
    window_days: float = 3.0,
    min_similarity: float = 0.3,
) -> list[str | None]:
    """An event id per article (``"E1"``, ``"E2"``... by first date), None when unclustered."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = [i for i in range(len(texts)) if not pd.isna(dates.iloc[i]) and str(texts[i]).strip()]
    out: list[str | None] = [None] * len(texts)
    if len(idx) < 2:
        return out
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, max_df=0.5)
    try:
        X = vec.fit_transform([texts[i] for i in idx])
    except ValueError:  # no words left
        return out
    sim = (X @ X.T).toarray()
    days = np.array([dates.iloc[i].value for i in idx], dtype=float) / 86_400e9
    close = np.abs(days[:, None] - days[None, :]) <= window_days
    linked = (sim >= min_similarity) & close
    parent = list(range(len(idx)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(*np.nonzero(np.triu(linked, 1)), strict=True):
        parent[find(int(a))] = find(int(b))
    members: dict[int, list[int]] = {}
    for k in range(len(idx)):
        members.setdefault(find(k), []).append(k)
    clusters = [m for m in members.values() if len(m) > 1 and len({groups[idx[k]] for k in m}) > 1]
    clusters.sort(key=lambda m: (min(days[k] for k in m), min(idx[k] for k in m)))
    for n, m in enumerate(clusters, start=1):
        for k in m:
            out[idx[k]] = f"E{n}"
    return out


def _top(counter: Counter, n: int = 6) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v}" for k, v in items)


def event_table(
    df: pd.DataFrame, by: str, event: pd.Series, dates: pd.Series | None, titles: pd.Series | None
) -> pd.DataFrame:
    """One row per event: size, groups, dates, a title."""
    rows = []
    for ev, g in df.groupby(event, sort=False):
        d = dates[g.index] if dates is not None else None
        rows.append(
            {
                "event": ev,
                "n_articles": len(g),
                "n_groups": g[by].nunique(),
                "groups": ", ".join(sorted(map(str, g[by].unique()))),
                "first_date": None if d is None or d.isna().all() else str(d.min().date()),
                "last_date": None if d is None or d.isna().all() else str(d.max().date()),
                "title": "" if titles is None else str(titles[g.index[0]] or ""),
                "ids": "|".join(map(str, g["id"])) if "id" in g else "",
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(
            columns=[
                "event",
                "n_articles",
                "n_groups",
                "groups",
                "first_date",
                "last_date",
                "title",
                "ids",
            ]
        )
    return out


def _actor_labels(values: pd.Series) -> dict[str, tuple[str, Counter]]:
    """Per actor key: (most common name, authorial labels used) over these articles' actors."""
    import json

    names: dict[str, Counter] = {}
    labels: dict[str, Counter] = {}
    for v in values:
        acts = json.loads(v) if isinstance(v, str) and v.strip() else (v or [])
        for a in acts if isinstance(acts, list) else []:
            names.setdefault(a["key"], Counter())[a["name"]] += a.get("n_mentions", 1)
            lab = labels.setdefault(a["key"], Counter())
            lab.update(a.get("labels", {}).get("authorial", {}))
    return {k: (names[k].most_common(1)[0][0], labels[k]) for k in names}


def event_outlets(df: pd.DataFrame, by: str, event: pd.Series) -> pd.DataFrame:
    """Per event and group, side by side: mean framing score, the labels each group gave the
    actors that at least two groups of the event named, loaded terms, sources and their types.
    Sources are named as a reader names them (``framing.source_names.source_name``, from the
    article's analysis when the scores have one), pronouns and fragments left out."""
    rows = []
    for ev, g in df.groupby(event, sort=False):
        per_group = {name: gg for name, gg in g.groupby(by, sort=True)}
        actors = (
            {name: _actor_labels(gg["actors"]) for name, gg in per_group.items()}
            if ("actors" in g)
            else {}
        )
        shared = Counter(k for acts in actors.values() for k in acts)
        labelled = {k for acts in actors.values() for k, (_, lab) in acts.items() if lab}
        common = {k for k, n in shared.items() if n > 1 and k in labelled}
        for name, gg in per_group.items():
            terms, sources, types = Counter(), Counter(), Counter()
            for v in gg.get("term_counts", []):
                terms.update(json_counts(v))
            kinds: dict[str, Counter] = {}
            for _, row in gg.iterrows():
                for who, kind in article_sources(row):
                    types[kind] += 1
                    if who:
                        sources[who] += 1
                        kinds.setdefault(who, Counter())[kind] += 1
            target = merged_names(sources, kinds)
            merged: Counter = Counter()
            for who, n in sources.items():
                merged[target[who]] += n
            sources = merged
            naming = []
            for key in sorted(common):
                actor, labels = actors[name].get(key, (None, Counter()))
                if actor is not None:
                    naming.append(f"{actor}: {_top(labels, 3) or '-'}")
            rows.append(
                {
                    "event": ev,
                    by: name,
                    "n_articles": len(gg),
                    "framing_score": float(gg["framing_score"].mean()),
                    "actor_naming": "; ".join(naming),
                    "loaded_terms": _top(terms),
                    "sources": _top(sources, 5),
                    "source_types": _top(types, 5),
                }
            )
    cols = [
        "event",
        by,
        "n_articles",
        "framing_score",
        "actor_naming",
        "loaded_terms",
        "sources",
        "source_types",
    ]
    return pd.DataFrame(rows, columns=cols)


def _event_means(df: pd.DataFrame, by: str, event: pd.Series, col: str) -> pd.DataFrame:
    """Events x groups: the group's mean ``col`` in the event (NaN where it has none)."""
    return df.assign(_event=event).pivot_table(
        index="_event", columns=by, values=col, aggfunc="mean"
    )


def event_effects(
    df: pd.DataFrame, by: str, event: pd.Series, n_boot: int, seed: int, col: str = "framing_score"
) -> pd.DataFrame:
    """Per group: its mean deviation from the event mean over the events it covered, with a
    bootstrap 95% interval over those events."""
    rng = np.random.default_rng(seed)
    m = _event_means(df, by, event, col)
    dev = m.sub(m.mean(axis=1), axis=0)
    rows = []
    for name in m.columns:
        x = dev[name].dropna().to_numpy(dtype=float)
        lo, hi = bootstrap_mean_ci(x, n_boot, rng)
        rows.append(
            {
                by: name,
                "n_events": len(x),
                f"{col}_within_event": float(x.mean()) if len(x) else math.nan,
                "ci_low": lo,
                "ci_high": hi,
            }
        )
    cols = [by, "n_events", f"{col}_within_event", "ci_low", "ci_high"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(f"{col}_within_event", ascending=False, ignore_index=True)


def paired_difference(
    df: pd.DataFrame,
    by: str,
    event: pd.Series,
    a: str,
    b: str,
    n_boot: int,
    rng: np.random.Generator,
    col: str = "framing_score",
) -> dict[str, Any]:
    """Mean over the events both ``a`` and ``b`` covered of (a's mean - b's mean), with a
    bootstrap 95% interval over those events."""
    m = _event_means(df, by, event, col)
    if a not in m.columns or b not in m.columns:
        return {"n_events": 0, "difference": math.nan, "ci_low": math.nan, "ci_high": math.nan}
    d = (m[a] - m[b]).dropna().to_numpy(dtype=float)
    lo, hi = bootstrap_mean_ci(d, n_boot, rng)
    return {
        "n_events": len(d),
        "difference": float(d.mean()) if len(d) else math.nan,
        "ci_low": lo,
        "ci_high": hi,
    }


def event_pairs(
    df: pd.DataFrame, by: str, event: pd.Series, n_boot: int, seed: int
) -> pd.DataFrame:
    """Every pair of groups that covered at least two of the same events: the paired
    difference of their framing scores (see :func:`paired_difference`)."""
    rng = np.random.default_rng(seed)
    m = _event_means(df, by, event, "framing_score")
    names = list(m.columns)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if int((m[a].notna() & m[b].notna()).sum()) < 2:
                continue
            rows.append({"a": a, "b": b, **paired_difference(df, by, event, a, b, n_boot, rng)})
    return pd.DataFrame(rows, columns=["a", "b", "n_events", "difference", "ci_low", "ci_high"])


def trend_table(
    df: pd.DataFrame, by: str, dates: pd.Series, over: str, n_boot: int, seed: int
) -> pd.DataFrame:
    """Per group and period: articles, mean framing score and bootstrap 95% interval."""
    if over not in PERIODS:
        raise InputError(f"over must be one of {', '.join(PERIODS)}, not {over!r}")
    rng = np.random.default_rng(seed)
    ok = dates.notna().to_numpy()
    d = df.loc[ok].copy()
    d["_period"] = dates[ok].dt.to_period(PERIODS[over]).astype(str).to_numpy()
    rows = []
    for (name, period), g in d.groupby([by, "_period"], sort=True):
        x = g["framing_score"].to_numpy(dtype=float)
        lo, hi = bootstrap_mean_ci(x, n_boot, rng)
        rows.append(
            {
                by: name,
                "period": period,
                "n_articles": len(x),
                "framing_score": float(x.mean()),
                "ci_low": lo,
                "ci_high": hi,
            }
        )
    return pd.DataFrame(
        rows, columns=[by, "period", "n_articles", "framing_score", "ci_low", "ci_high"]
    )
