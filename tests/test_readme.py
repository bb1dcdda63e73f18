"""The README's set-up commands, its test command, the names and commands it shows, and that
.ci/run runs what the README says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

import framing
from framing.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _setup_commands() -> list[list[str]]:
    """The two set-up commands: the first lines of the README's first code block."""
    lines = [ln for ln in _blocks("bash")[0].splitlines() if ln.strip()][:2]
    return [[shlex.split(part) for part in ln.split("&&")] for ln in lines]  # type: ignore[misc]


def test_the_readme_opens_with_two_set_up_commands():
    assert README.index("```bash") < README.index("## ")  # before any section
    user, dev = _setup_commands()
    assert user[0] == ["python3", "-m", "venv", ".venv"] == dev[0]
    assert user[1][:2] == [".venv/bin/pip", "install"] and "'.[report]'" not in user[1]
    assert user[1][2] == ".[report]"
    assert user[2][:2] == [".venv/bin/framing", "score"]
    assert dev[1] == [".venv/bin/pip", "install", "-e", ".[dev]"]
    assert dev[2] == [".venv/bin/python", "-m", "pytest", "-q"]  # everything, slow tests included


def test_ci_installs_and_tests_as_the_readme_says():
    """.ci/run installs the dev extra, runs the README's test command (the whole suite) and
    checks formatting and lint first."""
    _, dev = _setup_commands()
    commands = [ln.strip() for ln in CI.splitlines() if ln.strip() and not ln.startswith("#")]
    installs = [shlex.split(c) for c in commands if c.startswith("pip install")]
    assert any(c[-2:] == dev[1][-2:] for c in installs)  # -e .[dev], as the README installs
    test_command = " ".join(["python", *dev[2][1:]])  # python -m pytest -q
    assert test_command in commands
    assert commands.index("ruff format --check .") < commands.index(test_command)
    assert commands.index("ruff check .") < commands.index(test_command)
    assert any(c.startswith("framing analyze") for c in commands)  # the installed console script


def test_the_quick_loop_is_documented():
    assert '-m "not slow"' in README


def test_the_library_names_the_readme_shows_exist():
    code = "\n".join(_blocks("python"))
    names = set(re.findall(r"\bframing\.([A-Za-z_]\w*)", code))
    assert names >= {"analyze", "load_model", "score_corpus", "compare_outlets"}
    for name in names:
        assert hasattr(framing, name), name
    fields = set(framing.ArticleAnalysis.__dataclass_fields__) | set(dir(framing.ArticleAnalysis))
    for attr in set(re.findall(r"\ba\.([a-z_]+)", code)):
        assert attr in fields, attr


def test_the_commands_the_readme_shows_exist():
    shown = set(re.findall(r"^(?:\.venv/bin/)?framing (\w+)", README, flags=re.M))
    shown |= set(re.findall(r"`framing (\w+)", README))
    listed = CliRunner().invoke(main, ["--help"]).output
    commands = set(re.findall(r"^  (\w+)\s", listed, flags=re.M))
    assert shown and shown <= commands, shown - commands
