"""Build framing/data/word_usage.tsv.gz: how often each word is used by left, center and
right outlets, and in subjective vs objective sentences.

The loaded-term tagger turns these counts into three "usage" features per word
(:func:`framing.tagger.usage_features`): words that partisan outlets use far more
than center outlets, or that one side uses far more than the other, or that
opinionated sentences use far more than plot summaries, are more often loaded.
Both corpora are disjoint from BABE, so the features carry no BABE labels.

Sources
-------
- Article-Bias-Prediction sample (Baly et al., EMNLP 2020), Apache-2.0:
  ``../shared/datasets/articles/abp_sample.jsonl.gz`` (6,000 articles, 311
  outlets, each with its outlet's AllSides rating left / center / right).
  Counts are word tokens of ``content_original`` per rating. The 1,300-article
  media test set is *not* used.
- Pang & Lee subjectivity dataset v1.0 (ACL 2004), CC BY 4.0 (as distributed
  in nltk_data): ``../shared/datasets/nltk_data/corpora/subjectivity``: 5,000
  subjective review snippets (``quote.tok.gt9.5000``) and 5,000 objective plot
  sentences (``plot.tok.gt9.5000``). Counts are the sentences containing the word.

Words are found with the regex of ``framing.text.WORDS_RE``, lower-cased,
``’`` folded to ``'``, a trailing possessive ``'s`` removed (as the tagger looks
words up). Words seen fewer than ``--min-count`` times in both corpora together
are dropped (the tagger treats a missing word as count 0).

Output: gzip TSV with a ``#``-comment header, a ``#word`` header, a ``#total`` row holding the
column totals (before the cut), then ``word left center right subjective objective``
rows sorted by word. Deterministic (gzip mtime 0).

    python datasets/scripts/build_word_usage.py
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
from collections import Counter
from pathlib import Path

from framing.text import WORDS_RE as _WORD_RE

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "datasets"
ARTICLES = SHARED / "articles" / "abp_sample.jsonl.gz"
SUBJECTIVITY = SHARED / "nltk_data" / "corpora" / "subjectivity"
OUT = REPO / "framing" / "data" / "word_usage.tsv.gz"
COLUMNS = ("left", "center", "right", "subjective", "objective")


def words_of(text: str) -> list[str]:
    out = []
    for w in _WORD_RE.findall(text):
        w = w.lower().replace("’", "'")
        if w.endswith("'s") and len(w) > 3:
            w = w[:-2]
        out.append(w)
    return out


def count() -> list[Counter]:
    counts = [Counter() for _ in COLUMNS]
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            counts[int(art["bias"])].update(words_of(art.get("content_original") or ""))
    for col, name in ((3, "quote.tok.gt9.5000"), (4, "plot.tok.gt9.5000")):
        with (SUBJECTIVITY / name).open(encoding="latin-1") as fh:
            for line in fh:
                counts[col].update(set(words_of(line)))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    counts = count()
    vocab = sorted(set().union(*counts))
    keep = [w for w in vocab if sum(c[w] for c in counts) >= args.min_count]
    buf = io.StringIO()
    buf.write(
        "# word usage counts; built by datasets/scripts/build_word_usage.py (see its docstring)\n"
    )
    buf.write(
        "# left/center/right: word tokens in Article-Bias-Prediction articles (Apache-2.0) by the "
        "outlet's AllSides rating\n"
    )
    buf.write(
        "# subjective/objective: sentences of the Pang & Lee subjectivity dataset v1.0 "
        "(CC BY 4.0) containing the word\n"
    )
    buf.write("#word\t" + "\t".join(COLUMNS) + "\n")
    buf.write("#total\t" + "\t".join(str(sum(c.values())) for c in counts) + "\n")
    for w in keep:
        buf.write(w + "\t" + "\t".join(str(c[w]) for c in counts) + "\n")
    data = buf.getvalue().encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(data)
    print(
        f"wrote {args.out}: {len(keep)} of {len(vocab)} words, {args.out.stat().st_size / 1e3:.0f} KB"
    )


if __name__ == "__main__":
    main()
