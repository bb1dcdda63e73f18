"""Shipped data: every file has a recorded source, licence and hash."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from framing.resources import data_path

DATA = data_path()
REPO = Path(__file__).resolve().parents[1]


def sources() -> dict[str, dict[str, str]]:
    lines = (DATA / "SOURCES.tsv").read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    return {
        row[0]: dict(zip(header, row, strict=True)) for row in (ln.split("\t") for ln in lines[1:])
    }


def test_every_shipped_file_is_listed_with_its_hash_source_and_licence():
    table = sources()
    shipped = {
        p.relative_to(DATA).as_posix()
        for p in DATA.rglob("*")
        if p.is_file() and p.name != "SOURCES.tsv" and "__pycache__" not in p.parts
    }
    assert shipped == set(table), "run python datasets/scripts/write_sources.py"
    for rel, row in table.items():
        assert row["source"] and row["licence"], rel
        assert hashlib.sha256((DATA / rel).read_bytes()).hexdigest() == row["sha256"], rel


def test_shipped_babe_is_the_repo_training_file():
    raw = (REPO / "datasets" / "babe" / "final_labels_SG2.csv").read_bytes()
    assert gzip.decompress((DATA / "babe_sg2.csv.gz").read_bytes()) == raw
    assert hashlib.sha256(raw).hexdigest() == (
        "c02ebe82a8411f15e9dc63afed27826d61b84df56b5e1511f0f40bf8a688aeaf"
    )


def test_licence_files_are_shipped_beside_the_data():
    for name in (
        "LICENSE-articles-Apache-2.0.txt",
        "lexicons/LICENSE-vader-MIT.txt",
        "lexicons/LICENSE-recasens2013-MIT.txt",
        "punkt_english/LICENSE-NOTE.txt",
    ):
        assert (DATA / name).is_file(), name
    notice = (REPO / "NOTICE").read_text("utf-8")
    for needle in (
        "AGPL-3.0",
        "BABE",
        "MPQA",
        "VADER",
        "Hu & Liu",
        "Recasens",
        "Article-Bias-Prediction",
    ):
        assert needle in notice, needle
