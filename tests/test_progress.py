"""Progress bars: shown at once, with a rate and time left, redrawn at least every second while
a long step runs, off when stderr is not a terminal or with --quiet."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest

from framing.progress import Progress, in_batches, quiet
from tests.helpers import short_articles, write_jsonl


class _Terminal(io.StringIO):
    """What a terminal would receive."""

    def isatty(self) -> bool:
        return True


def _frames(text: str) -> list[str]:
    return [f.strip() for f in text.split("\r") if f.strip()]


def test_the_bar_appears_at_once_and_is_redrawn_while_nothing_finishes():
    term = _Terminal()
    bar = Progress(unit="folds", total=4, desc="stratified_4fold", stream=term, interval=0.2)
    assert "0/4" in term.getvalue()  # before the first fold is done
    time.sleep(1.1)  # a long fold
    waiting = _frames(term.getvalue())
    assert len(waiting) >= 4  # redrawn while nothing finished
    assert "00:01" in waiting[-1]  # with the time elapsed
    bar.update(1)
    bar.update(1)
    bar.close()
    last = _frames(term.getvalue())[-1]
    assert last.startswith("stratified_4fold:  50%") and "2/4" in last
    assert re.search(r"<\d\d:\d\d", last) and "folds/s" in last  # time left and rate


def test_an_unknown_total_is_estimated_from_the_share_of_input_read():
    term = _Terminal()
    with Progress(stream=term, interval=10) as bar:
        bar.update(100, 0.25)
        assert bar._bar.total == 400
        bar.update(100, 0.5)
    assert "200/400" in _frames(term.getvalue())[-1]
    term = _Terminal()
    with Progress(stream=term, interval=10, resumed=True) as bar:  # half was done before
        bar.update(100, 0.5)  # the first new chunk: where this run starts
        bar.update(100, 0.75)
        assert bar._bar.total == 300  # 100 more for the last quarter


def test_no_bar_without_a_terminal_or_when_quiet():
    plain = io.StringIO()
    with Progress(stream=plain) as bar:
        bar.update(5)
    assert plain.getvalue() == "" and bar.n == 5
    term = _Terminal()
    with quiet(), Progress(stream=term) as bar:
        bar.update(5)
    assert term.getvalue() == ""
    with quiet(), Progress(stream=term, enabled=True):  # asked for explicitly
        pass
    assert term.getvalue() != ""


def test_without_a_terminal_each_fold_is_a_log_line():
    plain, lines = io.StringIO(), []
    with Progress(
        unit="folds", total=3, desc="stratified_3fold", stream=plain, lines=lines.append
    ) as bar:
        bar.update(1)
        bar.update(1)
    assert plain.getvalue() == ""
    assert [re.sub(r"\d+ s$", "N s", line) for line in lines] == [
        "  stratified_3fold: 1/3 folds, N s",
        "  stratified_3fold: 2/3 folds, N s",
    ]
    term, lines = _Terminal(), []
    with Progress(unit="folds", total=3, stream=term, lines=lines.append) as bar:
        bar.update(1)  # the bar shows it
    with quiet(), Progress(unit="folds", total=3, stream=plain, lines=lines.append) as bar:
        bar.update(1)
    assert lines == []


def test_batches_give_the_result_of_one_call(model):
    texts = [a["text"][:200] for a in short_articles(8, 200)] * 3
    whole = model.predict_proba(texts)[:, 1]
    batched = in_batches(lambda b: model.predict_proba(b)[:, 1], texts, size=5)
    np.testing.assert_allclose(batched, whole)


@pytest.mark.slow
def test_framing_score_on_a_terminal_shows_progress_from_the_start(tmp_path):
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    corpus = write_jsonl(tmp_path / "c.jsonl", short_articles(8, 300))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    cmd = [sys.executable, "-m", "framing", "score", str(corpus), "-o", str(tmp_path / "s.csv")]
    proc = subprocess.Popen(
        [*cmd, "--chunk-size", "4"], stdout=subprocess.DEVNULL, stderr=slave, cwd=tmp_path
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
    assert proc.wait(timeout=300) == 0
    frames = _frames(seen.decode("utf-8", "replace"))
    assert frames[0].startswith("0 articles"), frames  # before the first chunk is done
    # the counts drawn only go up and end at 8/8 (whether the 4/8 after the first chunk is
    # drawn depends on how fast the second chunk follows: redrawn at most every 0.2 s)
    counts = [int(m.group(1)) for f in frames if (m := re.search(r"\b(\d)/\d", f))]
    assert counts == sorted(counts) and counts[-1] == 8, frames
    assert "articles/s" in frames[-2] and "8 articles scored" in frames[-1], frames


def test_the_time_left_counts_down_between_updates():
    term = _Terminal()
    with Progress(unit="folds", total=3, stream=term, interval=0.25) as bar:
        time.sleep(1.0)
        bar.update(1)  # one fold took a second: about 2 seconds left
        first = _frames(term.getvalue())[-1]
        time.sleep(2.2)
        later = _frames(term.getvalue())[-1]
    left = [int(re.search(r"<00:(\d\d)", f).group(1)) for f in (first, later)]
    assert left[0] >= 2 and left[1] == 0  # counted down while no fold finished
