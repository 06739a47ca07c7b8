"""JupyterLab in Debian's chromium: open lesson 01, run it, answer the quiz, read the feedback."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.widgets_driver import run_all_cells

pytestmark = pytest.mark.browser


def test_lesson01_quiz_feedback_in_jupyterlab(page, jupyterlab: str, lessons_copy: Path) -> None:
    run_all_cells(page, jupyterlab, "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb")
    quiz = page.locator(".kv-quiz").first
    quiz.wait_for(timeout=90_000)
    button = quiz.locator("button", has_text="Niet waar").first
    button.click()
    feedback = quiz.locator(".kv-feedback").first
    feedback.wait_for(timeout=15_000)
    text = feedback.inner_text()
    assert "Goed" in text and "Mensenhandel gebeurt ook in Nederland" in text
    # keyboard: focus the next question's "Waar" button and press Enter
    second = quiz.locator(".kv-question").nth(1)
    second.locator("button", has_text="Waar").first.focus()
    page.keyboard.press("Enter")
    assert "Ook jongens worden uitgebuit" in second.locator(".kv-feedback").inner_text(timeout=15_000)
    # the score is its own widget, redrawn by its own message: wait for it (under load it
    # arrives after the feedback)
    quiz.locator(".kv-score", has_text="Jouw score: 2 van 6").wait_for(timeout=15_000)
    # the code stays hidden for students
    assert page.locator(".jp-Cell-inputCollapser + .jp-InputArea .cm-content:visible").count() == 0
    hosts = {urlparse(u).hostname for u in page.requests if u.startswith("http")}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts


def test_kijkverder_lab_on_a_shared_computer_keeps_nothing(profile, lessons_copy: Path,
                                                           tmp_path: Path) -> None:
    """``kijkverder lab``: students work in a student copy in a private temp folder; what they type
    into a Reflection is in no file (also after saving the notebook) and in no browser storage,
    and stopping lab removes the folder."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import urllib.request
    import uuid

    from tests.browser.conftest import files_containing, free_port, wait_http
    from tests.conftest import ROOT

    port, token = free_port(), "kijkverder-test"
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_TOKEN": token,
           "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    env.pop("JUPYTER_CONFIG_DIR", None)
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "lab", "--no-browser",
                             f"--port={port}", f"--dir={lessons_copy}"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    marker = f"KVMARKER{uuid.uuid4().hex[:12]}"
    nb = "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb"
    before = (lessons_copy / nb).read_bytes()
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/api/status?token={token}", proc)
        works = list(tmp.glob("kijkverder-lab-*"))
        assert len(works) == 1 and works[0].stat().st_mode & 0o077 == 0
        served = json.loads(urllib.request.urlopen(f"{base}/api/contents/{nb}?token={token}",
                                                   timeout=10).read())
        assert all("teacher" not in c["metadata"].get("tags", []) for c in served["content"]["cells"])
        context, user_data = profile()
        page = context.new_page()
        page.goto(f"{base}/lab?token={token}")  # logs in (cookie), as the printed URL does
        run_all_cells(page, base, nb)
        area = page.locator(".kv-reflection textarea").first
        area.click()
        page.keyboard.type(marker)
        page.locator(".kv-reflection").first.get_by_text(f"{len(marker)} tekens").wait_for(timeout=15_000)
        # what autosave would do: save the notebook (Bestand > Notebook opslaan: in Dutch)
        page.locator(".lm-MenuBar-itemLabel", has_text="Bestand").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Notebook opslaan").first.click()
        page.wait_for_selector(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty", state="detached",
                               timeout=30_000)
        page.wait_for_timeout(1000)
        saved = next(works[0].rglob("01-wat-is-uitbuiting.ipynb"))
        assert "application/vnd.jupyter.widget-view+json" in saved.read_text("utf-8")  # it was saved
        context.close()  # the student closes the browser
        assert files_containing(marker, works[0], home) == []
        stored = files_containing(marker, user_data)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    assert list(tmp.iterdir()) == []  # the private folder with the student copy is gone
    assert (lessons_copy / nb).read_bytes() == before  # the lessons were not touched
    # the Reflection widget switches autocomplete off on its fields (widgets/reflection.py), so
    # not even Chromium's session restore (Default/Sessions/) keeps the typed text
    assert stored == []


def test_closing_the_tab_stops_the_kernel_with_the_answers(profile, lessons_copy: Path,
                                                          tmp_path: Path) -> None:
    """Issue 24, finding 12: the self-check's start answers live in the kernel only. In
    ``kijkverder lab`` a kernel stays while its tab is open (also past the idle time), and is
    stopped once the tab is closed, so the next student on the computer gets a fresh kernel."""
    import json
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from kijkverder.present import CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS
    from tests.browser.conftest import free_port, stop, wait_http
    from tests.conftest import ROOT

    port, token = free_port(), "kijkverder-test"
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_TOKEN": token,
           "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    env.pop("JUPYTER_CONFIG_DIR", None)
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "lab", "--no-browser",
                             f"--port={port}", f"--dir={lessons_copy}"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def kernels() -> list[str]:
        with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
            return [k["id"] for k in json.loads(r.read())]

    try:
        wait_http(f"{base}/api/status?token={token}", proc)
        context, _user_data = profile()
        page = context.new_page()
        page.goto(f"{base}/lab?token={token}")
        run_all_cells(page, base, "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb")
        page.locator("button.kv-sc-choice").first.click()  # a start answer, in the kernel only
        first = kernels()
        assert len(first) == 1
        time.sleep(CULL_IDLE_SECONDS + 2 * CULL_INTERVAL_SECONDS)  # idle, but the tab is open
        assert kernels() == first, "the kernel of an open tab was stopped"
        context.close()  # the student closes the browser
        deadline = time.monotonic() + CULL_IDLE_SECONDS + 6 * CULL_INTERVAL_SECONDS + 30
        while kernels() and time.monotonic() < deadline:
            time.sleep(1)
        assert kernels() == [], "the closed tab's kernel (with the student's answers) is still running"
    finally:
        stop(proc, timeout=30)
        log.close()


def test_kijkverder_lab_teacher_runs_the_widgets_as_teacher(page, tmp_path: Path) -> None:
    """``kijkverder lab --teacher`` serves the source lessons in place, and their widgets run in
    the teacher view: the class tally of the statements, hints for the discussion and the
    self-check's instructions for the teacher (issue 23 item 6)."""
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from tests.browser.conftest import free_port, wait_http
    from tests.conftest import LESSONS, ROOT

    lessons = tmp_path / "lessons"
    shutil.copytree(LESSONS, lessons, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), "kijkverder-test"
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_TOKEN": token,
           "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    for var in ("JUPYTER_CONFIG_DIR", "KIJKVERDER_VIEW", "KIJKVERDER_STYLE"):
        env.pop(var, None)
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "lab", "--teacher",
                             "--no-browser", f"--port={port}", f"--dir={lessons}"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/api/status?token={token}", proc)
        page.goto(f"{base}/lab?token={token}")
        run_all_cells(page, base, "05-grenzen-respect-toestemming/05-grenzen-respect-toestemming.ipynb")
        st = page.locator(".kv-statements").first
        st.get_by_text("Klas tellen").wait_for(timeout=20_000)
        st.locator(".kv-tally").first.wait_for(timeout=20_000)  # open from the start for teachers
        assert page.locator(".kv-teacher-note").count() > 0
        sc = page.locator(".kv-selfcheck").first
        sc.get_by_text("Deel de strookjes uit").wait_for(timeout=20_000)
        assert page.locator(".kv-error").count() == 0
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
