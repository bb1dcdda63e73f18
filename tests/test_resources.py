"""The resource layer: every shipped file loads through its loader, the TSV reader reports
problems with file and line, and the word classes keep their distinct sets."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from framing import resources, wordclasses
from framing.errors import InputError

PACKAGE = Path(resources.__file__).parent


def test_every_loader_loads_its_shipped_file():
    assert len(resources.load_wordlist("hedges")) > 50
    assert resources.load_mpqa()["abuse"][0] == "strongsubj"
    assert resources.load_vader()["good"] > 0
    index, vectors, weights = resources.load_word_vectors()
    assert len(index) == len(vectors) == len(weights) > 10_000
    usage = resources.load_word_usage()
    assert usage.columns == ("left", "center", "right", "subjective", "objective")
    assert "said" in resources.plain_reporting_words()
    assert resources.load_model_term_alternatives()
    assert {r["stance"] for r in resources.attribution_cues()} <= {
        "neutral",
        "doubt",
        "concession",
        "assertive",
        "loaded",
    }
    assert any(r["name"] == "RT" for r in resources.state_media())
    abbrev, starters, collocations, ortho = resources.punkt_parameters()
    assert "dr" in abbrev and starters and collocations and ortho
    assert set(wordclasses.names()) == set(resources.word_classes())


def test_data_path_is_the_only_code_that_builds_a_path_into_the_data_folder():
    """No other module finds files of the package: no importlib.resources, no __file__."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "resources.py":
            continue
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "importlib":
                offenders += [f"{where}: importlib.{a.name}" for a in node.names]
            if isinstance(node, ast.Import) and any(
                a.name == "importlib.resources" for a in node.names
            ):
                offenders.append(f"{where}: importlib.resources")
            if isinstance(node, ast.Name) and node.id == "__file__":
                offenders.append(f"{where}:{node.lineno}: __file__")
    assert offenders == []


HEADER = "# a comment\nname\tvalue\n"


def _rows(text: str, **kw) -> list:
    return list(resources.read_tsv(io.StringIO(text), ("name", "value", "note"), ("name",), **kw))


def test_read_tsv_gives_line_numbers_and_stripped_cells():
    assert _rows(HEADER + "a\t1\n\n b \t 2 \n", where="t.tsv") == [
        (3, {"name": "a", "value": "1"}),
        (5, {"name": "b", "value": "2"}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "a\t1\textra\n", r"t.tsv: line 3: expected 2 tab-separated columns, found 3"),
        ("name\tcolour\n", r"t.tsv: line 1: unknown column\(s\) \['colour'\]"),
        ("value\n", r"t.tsv: line 1: missing required column\(s\) \['name'\]"),
        ("name\tname\n", "t.tsv: line 1: duplicate column names"),
        ("# only a comment\n", "t.tsv: no header line"),
    ],
)
def test_read_tsv_errors_name_the_file_and_line(text, message):
    with pytest.raises(InputError, match=message):
        _rows(text, where="t.tsv")


def test_read_tsv_of_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin.tsv"
    path.write_bytes("name\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="latin.tsv: not valid UTF-8 at byte offset 8"):
        list(resources.read_tsv(path, ("name",)))


def test_word_classes_keep_each_callers_set():
    negations = [
        wordclasses.word_class(c)
        for c in ("negation_words", "negations_before_word", "cue_negations")
    ]
    assert all("not" in n for n in negations)
    assert "without" in negations[1] and "without" not in negations[0]  # different on purpose
    assert wordclasses.word_pairs("quote_pairs")["„"] == "“"
    assert wordclasses.word_pairs("irregular_verbs")["said"] == "say"
    with pytest.raises(KeyError, match="no word class 'colours'"):
        wordclasses.word_class("colours")
