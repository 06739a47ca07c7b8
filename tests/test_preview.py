"""``kijkverder preview``: a save rebuilds the lesson's PDFs; a broken save reports one line per
problem and keeps the last good PDFs; Ctrl-C stops it cleanly. Always on scratch copies."""
from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from kijkverder.preview import Round, preview
from tests.conftest import LESSONS, ROOT
from tests.processes import as_a_terminal_starts_it

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
    while not rounds.empty():  # a late round of an earlier save is not this save's round
        rounds.get_nowait()
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


@contextlib.contextmanager
def running_preview(lesson: Path, out: Path) -> Iterator[tuple["queue.Queue[Round]", list[str]]]:
    """``preview`` of ``lesson`` in a thread: its rounds (as they finish) and its log lines; on
    leaving, it is stopped and must have stopped."""
    rounds: "queue.Queue[Round]" = queue.Queue()
    logs: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=preview, args=(lesson, out),
                              kwargs={"log": logs.append, "stop": stop, "jobs": 1,
                                      "on_round": rounds.put}, daemon=True)
    thread.start()
    try:
        yield rounds, logs
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "preview did not stop"


def test_save_rebuilds_and_broken_save_keeps_the_last_good_pdf(lesson: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with running_preview(lesson, out) as (rounds, logs):
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


def test_ctrl_c_stops_cleanly(lesson: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "preview", str(lesson.parent),
                             "--out", str(tmp_path / "out"), "--jobs", "2"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=as_a_terminal_starts_it)
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


# --------------------------------------------------------------------------- issue 24.15
def test_a_deleted_and_restored_notebook_and_a_linked_content_file(lesson: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    with running_preview(lesson, out) as (rounds, logs):
        assert rounds.get(timeout=TIMEOUT).ok, logs
        deadline = time.monotonic() + TIMEOUT
        while not any("watching" in m for m in logs) and time.monotonic() < deadline:
            time.sleep(0.1)
        saved = lesson.read_text("utf-8")
        lesson.unlink()
        gone = rounds.get(timeout=TIMEOUT)
        assert not gone.ok and any("file not found" in str(p) for p in gone.problems), logs
        back = _next_round(rounds, lesson, saved)  # restored: seen, rebuilt, fine again
        assert back.ok, logs
        # a content file swapped for a link (to a copy inside the lesson): one line about it
        statements = lesson.parent / "stellingen.yaml"
        shutil.copy(statements, lesson.parent / "kopie.yaml")
        logs.clear()
        statements.unlink()
        os.symlink("kopie.yaml", statements)
        linked = rounds.get(timeout=TIMEOUT)
        assert not linked.ok, logs
        assert any("'stellingen.yaml'" in m and "symbolic link" in m for m in logs), logs


# --------------------------------------------------------------------------- issue 24.11
def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc), zombies left out, and not preview's
    spelling checker (``hunspell``, which the language check runs beside the pool workers)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z" and "(hunspell)" not in stat:
                found.append(int(d.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _scratch(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("kijkverder-build-*"))


# SIGTERM and SIGHUP go to one handler (installed for both in one loop, in ``preview`` and in the
# other commands): each command is stopped by one of them here, and by SIGKILL
@pytest.mark.parametrize("command, sig", [("preview", signal.SIGHUP), ("preview", signal.SIGKILL),
                                          ("handouts", signal.SIGTERM),
                                          ("handouts", signal.SIGKILL)],
                         ids=["SIGHUP-preview", "SIGKILL-preview", "SIGTERM-handouts",
                              "SIGKILL-handouts"])
def test_workers_and_temp_folder_go_with_the_command(lesson: Path, tmp_path: Path, command: str,
                                                     sig: signal.Signals) -> None:
    """The command is stopped by ``sig`` in the middle of a build: its two pool workers are gone
    (they die with it, also on SIGKILL), and so is its ``kijkverder-build-*`` folder (removed by
    the command itself, or after SIGKILL by the next build)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    out = tmp_path / "out"
    args = ["--out", str(out), "--jobs", "2"]
    cmd = [sys.executable, "-m", "kijkverder.cli", command, str(lesson.parent), *args]
    if command == "handouts":
        cmd.append("--no-book")
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + TIMEOUT
        if command == "preview":
            assert proc.stdout is not None
            for line in proc.stdout:
                if "watching" in line or time.monotonic() > deadline:
                    break
            time.sleep(0.5)
        statements = lesson.parent / "stellingen.yaml"
        good, edits, saved = statements.read_text("utf-8"), 0, 0.0
        # in the middle of a build: the two workers are there and so is the build's folder
        while time.monotonic() < deadline and (len(_children(proc.pid)) < 2 or not _scratch(tmp)):
            assert proc.poll() is None, proc.communicate()[0]
            if command == "preview" and time.monotonic() - saved > 3:  # (again, if not yet seen)
                edits += 1
                _save(statements, good.replace(SENTENCE, SENTENCE + " echt" * edits))
                saved = time.monotonic()
            time.sleep(0.01)
        workers = _children(proc.pid)
        assert len(workers) == 2 and _scratch(tmp), (workers, _scratch(tmp))
        proc.send_signal(sig)
        output, _ = proc.communicate(timeout=60)
        assert "Traceback" not in output, output
        end = time.monotonic() + 30
        while any(map(_alive, workers)) and time.monotonic() < end:
            time.sleep(0.05)
        assert not any(map(_alive, workers)), f"workers left running after {sig.name}"
        if sig != signal.SIGKILL:
            assert _scratch(tmp) == []
        elif command == "preview":  # what the next build does first (the handouts case runs one)
            from kijkverder.serve import remove_stale
            from kijkverder.snapshot import SCRATCH_PREFIX

            assert remove_stale(SCRATCH_PREFIX, tmp) != [] and _scratch(tmp) == []
        else:
            res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "handouts",
                                  str(lesson.parent), "--out", str(tmp_path / "out2"),
                                  "--jobs", "1", "--no-book"], cwd=tmp_path, env=env,
                                 capture_output=True, text=True, timeout=TIMEOUT)
            assert res.returncode == 0, res.stderr
            assert _scratch(tmp) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
