"""Every lesson in JupyterLab and in the projector view (Voilà), in Debian's chromium."""
from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from handouts.present import offline_template, prepare, voila_command, voila_env
from tests.browser.conftest import free_port, stop, wait_http
from tests.browser.widgets_driver import exercise, run_all_cells
from tests.conftest import lesson_notebooks
from tests.leaks import fragment, normalize, screen_text, teacher_cell_sentences

pytestmark = pytest.mark.browser
LESSONS = lesson_notebooks()
LOCAL = {"127.0.0.1", "localhost"}


def local_only(requests: list[str]) -> set[str]:
    return {urlparse(u).hostname for u in requests if u.startswith(("http", "ws"))} - LOCAL


@pytest.fixture
def voila(tmp_path: Path):
    """Start a projector view for a lesson; stop it after the test."""
    procs = []

    def start(lesson: str, teacher: bool = False) -> str:
        nb = prepare(lesson, teacher=teacher, dest=tmp_path / ("t" if teacher else "s"))
        share = offline_template(tmp_path / "tpl")
        port = free_port()
        log = open(tmp_path / f"voila-{port}.log", "w")
        proc = subprocess.Popen(voila_command(nb, port, teacher), env=voila_env(teacher, share),
                                stdout=log, stderr=subprocess.STDOUT)
        procs.append((proc, log))
        wait_http(f"http://127.0.0.1:{port}/", proc, timeout=90)
        return f"http://127.0.0.1:{port}/"

    yield start
    for proc, log in procs:
        stop(proc)
        log.close()


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_projector_view(page, voila, nb: Path) -> None:
    url = voila(nb.parent.name[:2])
    page.goto(url)
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    done = exercise(page)
    assert "helpcard" in done
    text = normalize(page.locator("body").inner_text())
    assert "from widgets import" not in text and "Lesson.load" not in text
    public = screen_text(nb)  # teacher sentences that also stand in student text are not leaks
    leaked = [s for s in teacher_cell_sentences(nb) if fragment(s) in text and fragment(s) not in public]
    assert leaked == []
    assert page.locator(".kv-projector").count() >= 3
    assert local_only(page.requests) == set()
    assert page.console_errors == []


def test_projector_teacher_view_shows_notes_and_tally(page, voila) -> None:
    nb = next(n for n in LESSONS if n.parent.name.startswith("05"))
    page.goto(voila("05", teacher=True))
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    text = normalize(page.locator("body").inner_text())
    assert teacher_cell_sentences(nb)[0][:40] in text
    st = page.locator(".kv-statements").first
    st.get_by_text("Klas tellen").wait_for()
    plus = st.locator("button", has_text="+")
    plus.first.click()
    plus.first.click()
    st.locator(".widget-image img, img").first.wait_for()
    assert local_only(page.requests) == set()


def run_all(page, base: str, nb: Path) -> None:
    run_all_cells(page, base, f"{nb.parent.name}/{nb.name}")


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_jupyterlab_lesson(page, jupyterlab: str, nb: Path) -> None:
    run_all(page, jupyterlab, nb)
    done = exercise(page)
    assert "helpcard" in done and len(done) >= 2
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert local_only(page.requests) == set()
    assert page.console_errors == []


def test_restart_and_rerun_do_not_duplicate_widgets(page, jupyterlab: str) -> None:
    nb = LESSONS[1] if len(LESSONS) > 1 else LESSONS[0]
    run_all(page, jupyterlab, nb)
    counts = page.locator(".kv-widget").count()
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").first.click()
    dialog = page.locator(".jp-Dialog button.jp-mod-accept")
    if dialog.count():
        dialog.first.click()
    page.wait_for_timeout(1500)
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    assert page.locator(".kv-widget").count() == counts
    # run the help card cell twice: still one help card
    page.locator(".kv-helpcard").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(800)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.wait_for_timeout(800)
    assert page.locator(".kv-helpcard").count() == 1
    assert page.locator(".kv-widget").count() == counts


def test_user_text_is_inert(page, jupyterlab: str) -> None:
    """A script payload typed into a reflection never runs and never becomes markup."""
    nb = LESSONS[1] if len(LESSONS) > 1 else LESSONS[0]
    run_all(page, jupyterlab, nb)
    area = page.locator(".kv-reflection textarea").first
    area.click()
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>**vet**'
    page.keyboard.type(payload)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".kv-reflection img").count() == 0
    assert page.locator(".kv-reflection").first.get_by_text(f"{len(payload)} tekens").count() == 1
    assert area.input_value() == payload


def test_user_text_is_inert_in_projector_view(page, voila) -> None:
    page.goto(voila("01"))
    page.wait_for_selector(".kv-reflection textarea", timeout=120_000)
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    page.locator(".kv-reflection textarea").first.click()
    page.keyboard.type(payload)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".kv-reflection img").count() == 0
    assert page.locator(".kv-reflection").first.get_by_text(f"{len(payload)} tekens").count() == 1
