"""Fixtures shared by the test modules. Session-scoped data is shared: do not modify it."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import framing
from framing.model import FramingModel
from framing.training import load_babe, load_babe_words
from tests.helpers import sample_articles


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """framing's caches (framing.traincache) in a temporary folder, never the user's."""
    old = os.environ.get("FRAMING_CACHE_DIR")
    os.environ["FRAMING_CACHE_DIR"] = str(tmp_path_factory.mktemp("framing-cache"))
    yield
    if old is None:
        os.environ.pop("FRAMING_CACHE_DIR", None)
    else:
        os.environ["FRAMING_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def babe() -> pd.DataFrame:
    """BABE SG2 as framing.training.load_babe gives it: 3,673 sentences with text, label
    (1 = biased), outlet, topic and biased_words."""
    return load_babe()


@pytest.fixture(scope="session")
def babe_words() -> tuple[list[str], list[list[str]], list[str]]:
    """BABE's sentences, their annotated biased words and their outlets."""
    return load_babe_words()


@pytest.fixture(scope="session")
def model() -> FramingModel:
    """The shipped default model."""
    return framing.load_model("default")


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    """The first eight sample articles, cut to about 1,500 characters."""
    return sample_articles()
