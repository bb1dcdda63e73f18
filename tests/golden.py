"""Golden outputs: the ArticleAnalysis JSON of the shipped sample article and of every
article of the shipped sample corpus, and the `framing score` rows of that corpus.

A change that must not alter behaviour (a refactor, a speed-up) leaves these
identical (``tests/test_golden.py``): every line byte-identical, except that a
probability printed with four decimals may differ by one in the last decimal,
because BLAS builds (a new numpy wheel) sum dot products in different orders and
a value near a rounding boundary then prints either way. A change that alters results on purpose
regenerates them and says why in its commit:

    python -m tests.golden          # rewrite tests/data/golden/ from the current code
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from framing.resources import data_path

GOLDEN = Path(__file__).parent / "data" / "golden"
ARTICLE_JSON = GOLDEN / "sample_article.json"
CORPUS_JSONL = GOLDEN / "sample_articles.analysis.jsonl.gz"
ROWS_JSONL = GOLDEN / "sample_articles.rows.jsonl.gz"


def sample_article() -> str:
    return data_path("sample_article.txt").read_text("utf-8")


def sample_corpus() -> list[dict]:
    with gzip.open(data_path("sample_articles.jsonl.gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def article_json() -> str:
    import framing

    return (
        framing.analyze(sample_article(), outlet="Al Jazeera", id="sample").to_json(indent=1) + "\n"
    )


def corpus_lines() -> list[str]:
    from framing.scoring import analyze_many

    rows = sample_corpus()
    analyses = analyze_many(
        [r["text"] for r in rows], [r["outlet"] for r in rows], [r["id"] for r in rows]
    )
    return [a.to_json(sort_keys=True) + "\n" for a in analyses]


def score_lines(tmp: Path) -> list[str]:
    from framing.corpus import score_file

    src = data_path("sample_articles.jsonl.gz")
    out = tmp / "rows.jsonl"
    score_file(src, out, progress=False, keep_cols=())  # the scores; kept columns: test_columns
    return [
        json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False) + "\n"
        for line in out.read_text(encoding="utf-8").splitlines()
    ]


def _write_gz(path: Path, lines: list[str]) -> None:
    # mtime=0: the same content gives the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write("".join(lines).encode("utf-8"))


def read_gz_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines(keepends=True)


ROUNDING = 1.01e-4  # one unit in the fourth decimal, the precision outputs are printed with


def _difference(got, want, path: str) -> str | None:
    if isinstance(got, float) and isinstance(want, float):
        return None if abs(got - want) <= ROUNDING else f"{path}: {got!r} != {want!r}"
    if type(got) is not type(want):
        return f"{path}: {got!r} != {want!r}"
    if isinstance(got, dict):
        for k in sorted(set(got) | set(want)):
            if k not in got or k not in want:
                return f"{path}.{k}: present on one side only"
            d = _difference(got[k], want[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(got, list):
        if len(got) != len(want):
            return f"{path}: {len(got)} items != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            d = _difference(g, w, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if got == want else f"{path}: {got!r} != {want!r}"


def first_difference(got: list[str], want: list[str]) -> str | None:
    """Where two golden outputs (JSON per line) first differ beyond print rounding, else None."""
    if len(got) != len(want):
        return f"{len(got)} lines against {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if g != w:
            d = _difference(json.loads(g), json.loads(w), "")
            if d:
                return f"line {i + 1}: {d}"
    return None


def main() -> None:
    import tempfile

    GOLDEN.mkdir(parents=True, exist_ok=True)
    ARTICLE_JSON.write_text(article_json(), encoding="utf-8")
    _write_gz(CORPUS_JSONL, corpus_lines())
    with tempfile.TemporaryDirectory() as tmp:
        _write_gz(ROWS_JSONL, score_lines(Path(tmp)))
    print(f"wrote {ARTICLE_JSON}, {CORPUS_JSONL}, {ROWS_JSONL}")


if __name__ == "__main__":
    main()
