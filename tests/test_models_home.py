"""The user's models folder (found from any working directory) and `framing models` marking the
active default and where it was set."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.model import default_model_path, resolve_model_path, user_models_dir


@pytest.fixture
def home(tmp_path, monkeypatch):
    """FRAMING_HOME with one model, ``mine`` (a copy of the shipped one), and an empty cwd."""
    monkeypatch.setenv("FRAMING_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FRAMING_MODEL", raising=False)
    monkeypatch.delenv("FRAMING_MODELS_DIR", raising=False)
    shutil.copytree(default_model_path(), tmp_path / "home" / "models" / "mine")
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path / "home"


def _run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_the_rule_for_the_users_models_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("FRAMING_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert user_models_dir() == tmp_path / "data" / "framing" / "models"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_models_dir() == tmp_path / ".local" / "share" / "framing" / "models"
    monkeypatch.setenv("FRAMING_HOME", str(tmp_path / "fh"))
    assert user_models_dir() == tmp_path / "fh" / "models"


def test_a_model_in_the_users_folder_is_found_from_any_working_directory(home):
    assert resolve_model_path("mine") == home / "models" / "mine"
    res = _run("analyze", "-", "--model", "mine", input="The regime's thugs attacked.")
    assert res.exit_code == 0, res.stderr
    res = _run("analyze", "-", "--model", "nope", input="The regime's thugs attacked.")
    assert res.exit_code == 1 and str(home / "models" / "nope") in res.stderr


def test_models_marks_the_active_default_and_says_where_it_was_set(home, monkeypatch):
    res = _run("models")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("* default ") and lines[1].startswith("  mine ")
    assert "your default model: default (the model shipped with framing)" in res.output
    assert f"looked up in: ./models, {home / 'models'}" in res.output

    res = _run("models", "--set-default", "mine")
    assert res.exit_code == 0, res.output
    assert (home / "default_model").read_text().strip() == str(home / "models" / "mine")
    res = _run("models")
    lines = res.output.splitlines()
    assert lines[0].startswith("  default ") and lines[1].startswith("* mine ")
    assert f"set in {home / 'default_model'} by framing models --set-default" in res.output

    monkeypatch.setenv("FRAMING_MODEL", "default")
    res = _run("models")
    assert res.output.startswith("* default ")
    assert "set by the FRAMING_MODEL environment variable" in res.output
