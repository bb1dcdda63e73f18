"""Build framing/data/sample_articles.jsonl.gz from Article-Bias-Prediction (Apache-2.0).

    python datasets/scripts/make_sample_corpus.py ../shared/datasets/articles/abp_sample.jsonl.gz

Takes 10 articles from each of 12 outlets (AllSides ratings: 4 left, 4 center, 4 right),
preferring conflict, security and immigration topics, with a fixed seed. Keeps the raw
newspaper text (`content_original`) as `text`.
"""

import gzip
import json
import sys

import pandas as pd

OUTLETS = {
    "left": ["CNN (Web News)", "Democracy Now", "Daily Beast", "Al Jazeera"],
    "center": ["Associated Press", "BBC News", "Reuters", "The Hill"],
    "right": ["Fox News", "Breitbart News", "Washington Times", "The Daily Wire"],
}
PREFERRED = {
    "middle_east",
    "terrorism",
    "us_military",
    "foreign_policy",
    "world",
    "national_security",
    "immigration",
    "violence_in_america",
    "russia",
    "china",
}
SEED = 20261125


def main(src: str, dst: str = "framing/data/sample_articles.jsonl.gz") -> None:
    a = pd.read_json(src, lines=True, dtype=False)
    rows = []
    for outlets in OUTLETS.values():
        for outlet in outlets:
            sub = a[a.source == outlet]
            if sub.empty:
                raise SystemExit(f"no articles for {outlet!r}")
            sub = sub.assign(pref=sub.topic.isin(PREFERRED)).sample(frac=1.0, random_state=SEED)
            sub = sub.sort_values("pref", ascending=False, kind="stable").head(10)
            for r in sub.itertuples():
                rows.append(
                    {
                        "id": r.id,
                        "outlet": r.source,
                        "allsides_bias": r.bias_text,
                        "topic": r.topic,
                        "date": r.date,
                        "title": r.title,
                        "url": r.url,
                        "text": r.content_original,
                    }
                )
    with gzip.GzipFile(dst, "wb", mtime=0) as f:
        for r in rows:
            f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{len(rows)} articles -> {dst}")


if __name__ == "__main__":
    main(*sys.argv[1:])
