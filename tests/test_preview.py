"""``kijkverder preview``: a save rebuilds the lesson's PDFs; a broken save reports one line per
problem and keeps the last good PDFs; Ctrl-C stops it cleanly. Always on scratch copies."""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kijkverder.preview import Round, preview
from tests.conftest import LESSONS, ROOT

NAME = "05-grenzen-respect-toestemming"
SENTENCE = "kan best, als iedereen erom lacht"
TIMEOUT = 120


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS / NAME, root / NAME)
    for shared in ("begrippen.yaml", "woordenlijst.txt", "feiten.yaml"):  # check passes
        shutil.copy(LESSONS / shared, root / shared)
    return root / NAME / f"{NAME}.ipynb"


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)


def _save(path: Path, text: str) -> None:
    """Save like an editor does, with a fresh modification time."""
    path.write_text(text, "utf-8")
    os.utime(path)


def _next_round(rounds: "queue.Queue[Round]", path: Path, text: str) -> Round:
    """Save ``text`` and wait for the round it triggers (saving again if the watcher was not yet
    listening when the first save happened)."""
    deadline = time.monotonic() + TIMEOUT
    while not rounds.empty():  # a round a repeated save started: not the one we wait for
        rounds.get()
    _save(path, text)
    saves = 1
    while time.monotonic() < deadline:
        try:  # a round (check with spelling, then the PDFs) may take seconds on a busy machine
            rnd = rounds.get(timeout=20)
        except queue.Empty:
            _save(path, text)
            saves += 1
            continue
        if saves > 1:
            # a save during a long round (a loaded machine) starts one more round with nothing
            # to do: let it pass, so the next save's round is the one the caller gets
            try:
                rounds.get(timeout=15)
            except queue.Empty:
                pass
        return rnd
    raise AssertionError(f"no rebuild within {TIMEOUT} s after saving {path.name}")


def test_save_rebuilds_and_broken_save_keeps_the_last_good_pdf(lesson: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rounds: "queue.Queue[Round]" = queue.Queue()
    logs: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=preview, args=(lesson, out),
                              kwargs={"log": logs.append, "stop": stop, "jobs": 1,
                                      "on_round": rounds.put}, daemon=True)
    thread.start()
    try:
        first = rounds.get(timeout=TIMEOUT)
        assert first.ok and len(first.written) >= 2, logs
        worksheet = out / f"{NAME}-werkblad.pdf"
        teacher = out / f"{NAME}-docentenversie.pdf"
        statements = lesson.parent / "stellingen.yaml"
        good = statements.read_text("utf-8")
        assert SENTENCE in good, "lesson 05's statement changed; pick another sentence"

        edited = good.replace(SENTENCE, "kan best, als echt iedereen erom lacht")
        rnd = _next_round(rounds, statements, edited)
        assert rnd.ok and worksheet in rnd.written and teacher in rnd.written, logs
        assert "echt iedereen erom lacht" in _text(worksheet)
        assert str(worksheet) in logs

        kept = {p: p.read_bytes() for p in (worksheet, teacher)}
        broken = edited.replace("kind: statements", "kind: statementz")
        logs.clear()
        rnd = _next_round(rounds, statements, broken)
        assert not rnd.ok and rnd.written == []
        shown = [m for m in logs if "stellingen.yaml: kind:" in m]
        assert shown and shown[0].count(": ") >= 2 and "Traceback" not in "\n".join(logs)
        assert {p: p.read_bytes() for p in kept} == kept
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "preview did not stop"


def test_ctrl_c_stops_cleanly(lesson: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "preview", str(lesson.parent),
                             "--out", str(tmp_path / "out"), "--jobs", "2"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + TIMEOUT
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "watching" in line:
                break
        assert any("watching" in m for m in lines), "".join(lines)
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    output = "".join(lines) + rest
    assert proc.returncode == 0, output
    assert "stopped" in output and "Traceback" not in output
    assert (tmp_path / "out" / f"{NAME}-werkblad.pdf").is_file()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_leaves_no_worker_behind(lesson: Path, tmp_path: Path, sig: int) -> None:
    """Issue 25: `preview` stopped with SIGTERM left its two pool workers running."""
    import psutil

    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "preview", str(lesson.parent),
                             "--out", str(tmp_path / "out"), "--jobs", "2"],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    children: list[psutil.Process] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line or "watching" in line:
                break
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= 2, children  # the pool workers (and hunspell)
        proc.send_signal(sig)
        proc.wait(30)
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, alive
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for c in children:
            if c.is_running():
                c.kill()
