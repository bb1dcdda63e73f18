"""The command line, driven through click's CliRunner: output, exit codes, errors."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.resources import data_path

SAMPLE = str(data_path("sample_article.txt"))
PARAGRAPH = (
    "Militants stormed the so-called capital, and the regime's thugs slaughtered protesters."
)


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_analyze_file_json(run):
    res = run("analyze", SAMPLE, "--outlet", "Al Jazeera")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["outlet"] == "Al Jazeera" and d["n_sentences"] > 10
    assert {"framing_score", "subscores", "loaded_terms", "attributions"} <= set(d)


def test_analyze_stdin_text_format(run):
    res = run("analyze", "-", "--format", "text", input=PARAGRAPH)
    assert res.exit_code == 0, res.output
    assert "[regime]" in res.output and "[thugs]" in res.output
    assert "loaded terms:" in res.output and "neutral:" in res.output


def test_analyze_writes_output_file(run, tmp_path):
    out = tmp_path / "a.json"
    res = run("analyze", "-", "-o", str(out), input=PARAGRAPH)
    assert res.exit_code == 0 and res.output == ""
    assert json.loads(out.read_text("utf-8"))["n_sentences"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temp file left


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "PNG image"),
        (lambda p: p.write_bytes(b"GAR\x00\x00\x01 binary"), "binary"),
        (lambda p: p.write_bytes("Caf\xe9 Kyiv".encode("latin-1")), "byte offset 3"),
        (lambda p: p.write_bytes("Kyiv".encode("utf-16")), "--encoding utf-16"),
    ],
    ids=["missing", "directory", "png", "binary", "latin-1", "utf-16"],
)
def test_bad_input_is_one_line_and_exit_1(run, tmp_path, setup, message):
    path = tmp_path / "input.txt"
    setup(path)
    res = run("analyze", str(path))
    assert res.exit_code == 1
    assert message in res.output
    assert "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_encoding_option_decodes_as_asked(run, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le régime a « libéré » la ville. Terrorists attacked.".encode("latin-1"))
    res = run("analyze", str(path), "--encoding", "latin-1")
    assert res.exit_code == 0
    d = json.loads(res.output)
    assert d["n_sentences"] == 2


def test_empty_input_is_an_error_but_an_empty_analysis_in_python(run):
    res = run("analyze", "-", input="   \n")
    assert res.exit_code == 1 and "is empty" in res.output
    d = framing.analyze("   \n").to_dict()
    assert d["n_sentences"] == 0 and d["framing_score"] == 0.0


def test_bad_model_name_exit_1(run, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODELS_DIR", str(tmp_path))
    res = run("analyze", "-", "--model", "nope", input=PARAGRAPH)
    assert res.exit_code == 1 and "not found" in res.output


def test_usage_error_exit_2(run):
    res = run("analyze", "-", "--format", "pdf", input=PARAGRAPH)
    assert res.exit_code == 2


def test_models_lists_the_default(run, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODELS_DIR", str(tmp_path))
    res = run("models")
    assert res.exit_code == 0
    assert res.output.startswith("* default")


def test_set_default_model_is_used_without_editing_the_package(run, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv("FRAMING_MODEL", raising=False)
    res = run("models", "--set-default", "default")
    assert res.exit_code == 0
    assert (tmp_path / "cfg" / "framing" / "default_model").is_file()


def test_train_rejects_bad_label_file_with_row_numbers(run, tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text(
        "text,label\nA fine sentence.,biased\n,non-biased\nA fine sentence.,non-biased\n"
        "Another one.,maybe\n",
        encoding="utf-8",
    )
    res = run("train", "--data", str(bad), "-o", str(tmp_path / "m"), "--base-data", "none")
    assert res.exit_code == 1
    assert "unknown label values" in res.output and "rows 3" in res.output
    assert not (tmp_path / "m").exists()


def test_bad_lexicon_file_is_one_line_exit_1(run, tmp_path):
    bad = tmp_path / "lex.tsv"
    bad.write_text("term\tcategory\nfoo\tnot-a-category\n", encoding="utf-8")
    res = run("analyze", "-", "--lexicon", str(bad), input=PARAGRAPH)
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "lex.tsv" in res.output and "line 2" in res.output
    bad.write_bytes("term\tcategory\nr\xe9gime\tlabel\n".encode("latin-1"))
    res = run("analyze", "-", "--lexicon", str(bad), input=PARAGRAPH)
    assert res.exit_code == 1 and "not valid UTF-8" in res.output


def test_broken_model_is_not_adopted_as_default(run, tmp_path, monkeypatch):
    import shutil

    from framing.model import default_model_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    broken = tmp_path / "broken"
    shutil.copytree(default_model_path(), broken)
    (broken / "model.pkl.gz").write_bytes(b"not a model")
    res = run("models", "--set-default", str(broken))
    assert res.exit_code == 1 and "sha256" in res.output
    assert not (tmp_path / "cfg" / "framing" / "default_model").exists()


@pytest.mark.parametrize(
    "args", [["score", "x.jsonl", "-o", "y.csv", "--jobs", "0"], ["evaluate", "--cv", "1"]]
)
def test_bad_numbers_are_usage_errors(run, args):
    assert run(*args).exit_code == 2


def test_score_interrupted_exits_130_with_the_command_that_resumes(tmp_path, monkeypatch):
    import framing

    out = tmp_path / "scores.csv"

    def score_file(source, out, **kwargs):  # Ctrl-C after the first chunk was written
        parts = Path(f"{out}.parts")
        parts.mkdir(exist_ok=True)
        (parts / "part-000000.parquet").write_bytes(b"")
        raise KeyboardInterrupt

    monkeypatch.setattr(framing, "score_file", score_file)
    runner = CliRunner()
    args = ["score", "my corpus.jsonl", "-o", str(out), "--chunk-size", "5"]
    res = runner.invoke(main, args, prog_name="framing")
    assert res.exit_code == 130
    assert (
        f"interrupted: 1 finished chunk(s) are kept in {out}.parts; {out} was not written"
        in res.stderr
    )
    command = res.stderr.splitlines()[-1].strip()
    assert command == shlex.join(["framing", *args, "--resume"])
    assert shlex.split(command)[2] == "my corpus.jsonl"  # quoted so that it can be pasted

    res = runner.invoke(main, [*args, "--resume"], prog_name="framing")  # interrupted again
    assert res.exit_code == 130 and res.stderr.splitlines()[-1].strip() == command


def test_score_interrupted_before_any_chunk_has_nothing_to_resume(tmp_path, monkeypatch):
    import framing

    def score_file(source, out, **kwargs):  # Ctrl-C while the model loads
        raise KeyboardInterrupt

    monkeypatch.setattr(framing, "score_file", score_file)
    res = CliRunner().invoke(
        main, ["score", "c.jsonl", "-o", str(tmp_path / "s.csv")], prog_name="framing"
    )
    assert res.exit_code == 130
    assert (
        "interrupted before any chunk was finished" in res.stderr
        and "nothing to resume" in res.stderr
    )
    assert "--resume" not in res.stderr


# -- the program itself (python -m framing, the console script): its exit -------------


def _program(*args: str, input: str | None = None, code: str | None = None):
    import subprocess
    import sys

    argv = [sys.executable, "-c", code] if code else [sys.executable, "-m", "framing", *args]
    return subprocess.run(argv, input=input, capture_output=True, text=True, timeout=300)


def test_program_exit_flushes_and_runs_exit_handlers():
    """framing.cli.run ends with os._exit (no teardown): what was written is flushed, the
    exit handlers run, the status is kept."""
    code = (
        "import atexit, threading, framing.cli as c\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "print('output', end=' ')\n"
        "c._exit(3)\n"
    )
    res = _program(code=code)
    assert (res.returncode, res.stdout) == (3, "output handler ran\n")
    message = _program(code="import framing.cli as c\nc._exit('bad input')")
    assert (message.returncode, message.stderr) == (1, "bad input\n")
    threaded = (  # another thread alive: the usual exit, which waits for it
        "import threading, time, framing.cli as c\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "c._exit(0)\n"
    )
    assert _program(code=threaded).stdout == "thread done\n"


def test_program_error_is_one_line():
    res = _program("analyze", "no-such-file.txt")
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == ["Error: no-such-file.txt: no such file"]


@pytest.mark.slow
def test_program_output_is_the_commands(run):
    res = _program("analyze", "-", "--outlet", "Al Jazeera", input=PARAGRAPH)
    assert res.returncode == 0, res.stderr
    assert res.stdout == run("analyze", "-", "--outlet", "Al Jazeera", input=PARAGRAPH).output
