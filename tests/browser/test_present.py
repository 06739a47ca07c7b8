"""The projector view (``kijkverder present``) in Debian's chromium, and the ``kijkverder present``
and ``kijkverder lab`` commands themselves.

Every test records the page's requests and console errors (see the ``page`` fixture): nothing
may be loaded from outside the machine and no console error may occur.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest

from kijkverder.cells import cell_tags
from tests.browser.conftest import (SCREENS, files_containing, free_port, keep_screenshot,
                                    off_machine, overflowing, real_console_errors, stop, wait_http)
from tests.conftest import LESSONS, ROOT
from tests.processes import as_a_terminal_starts_it
from tests.leaks import normalize, plain, public_text, teacher_cell_sentences
from widgets.i18n import STRINGS

pytestmark = pytest.mark.browser

LESSON01 = LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb"
TIMEOUT = 20_000


def teacher_only(nb: Path) -> list[str]:
    """Sentences of the lesson's teacher cells that do not also occur in student material."""
    public = public_text(nb)
    return [s for s in teacher_cell_sentences(nb) if normalize(s)[:40] not in public]


def code_sources(nb: Path) -> list[str]:
    """The first line of every code cell (what must never show on the projector)."""
    cells = nbformat.read(nb, as_version=4).cells
    return [c.source.strip().splitlines()[0] for c in cells if c.cell_type == "code" and c.source.strip()]


def page_text(page) -> str:
    return normalize(page.locator("body").inner_text())


# ------------------------------------------------------------------ lesson 01 on the projector
@pytest.fixture(scope="module")
def projector01(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """``projector01(teacher=False) -> url``: lesson 01's projector view, started as the
    ``projector`` fixture starts it (as ``kijkverder present`` does), once per view for this
    module's four lesson 01 tests instead of once per test (a Voilà start costs CPU seconds).
    Each page load gets a kernel of its own, so the tests stay independent."""
    from kijkverder.present import (TEMPLATE, new_token, offline_template, prepare,
                                    voila_command, voila_env)

    urls: dict[bool, str] = {}
    procs: list[tuple[subprocess.Popen, object]] = []

    def start(teacher: bool = False) -> str:
        if teacher not in urls:
            root = tmp_path_factory.mktemp(f"present-01-{'teacher' if teacher else 'class'}")
            nb = prepare("01", teacher=teacher, dest=root)
            share = offline_template(root)
            port, token = free_port(), new_token()
            log = open(root / "voila.log", "w")
            proc = subprocess.Popen(voila_command(nb, port, teacher),
                                    env=voila_env(teacher, share, token), cwd=nb.parent,
                                    stdout=log, stderr=subprocess.STDOUT)
            procs.append((proc, log))
            wait_http(f"http://127.0.0.1:{port}/voila/templates/{TEMPLATE}/static/projector.css",
                      proc, timeout=90)
            urls[teacher] = f"http://127.0.0.1:{port}/?token={token}"
        return urls[teacher]

    yield start
    for proc, log in procs:
        stop(proc, timeout=15)
        log.close()


def test_projector_lesson01_class_view(page, projector01, failed_requests) -> None:
    page.goto(projector01())
    page.wait_for_selector(".kv-helpcard", timeout=120_000)

    # every widget of the lesson rendered, in the projector style
    for kind in ("lesson", "agreements", "quiz", "chart", "sorttask", "reflection", "helpcard"):
        assert page.locator(f".kv-{kind}.kv-projector").count() == 1, kind
    assert page.locator(".kv-error").count() == 0

    # the quiz: a mouse click shows the feedback, the keyboard answers the next question
    quiz = page.locator(".kv-quiz").first
    quiz.locator(".kv-question").first.locator("button", has_text="Niet waar").click()
    feedback = quiz.locator(".kv-feedback").first
    feedback.wait_for(timeout=TIMEOUT)
    assert "Goed" in feedback.inner_text() and "Mensenhandel gebeurt ook in Nederland" in feedback.inner_text()
    second = quiz.locator(".kv-question").nth(1)
    second.locator("button", has_text="Niet waar").focus()
    page.keyboard.press("Enter")
    assert "Niet goed" in second.locator(".kv-feedback").inner_text(timeout=TIMEOUT)
    assert "Goed beantwoord: 1 van 6" in quiz.locator(".kv-score").inner_text(timeout=TIMEOUT)

    # no code: neither the cells' sources nor any code editor is on the page
    text = page_text(page)
    for src in code_sources(LESSON01):
        assert normalize(src) not in text
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .CodeMirror").count() == 0

    # no teacher cells in the class view
    hidden = teacher_only(LESSON01)
    assert hidden, "lesson 01 has teacher cells; the check below would be empty"
    assert [s for s in hidden if s in text] == []
    assert "Voor de docent" not in text

    # large, high-contrast type from the projector stylesheet, in the bundled font
    style = page.evaluate("""() => {
        const p = document.querySelector('.jp-RenderedHTMLCommon p');
        const b = document.querySelector('.kv-quiz .jupyter-button');
        const s = getComputedStyle(p);
        return {p: parseFloat(s.fontSize), color: s.color, font: s.fontFamily,
                button: parseFloat(getComputedStyle(b).fontSize),
                loaded: document.fonts.check('28px "Atkinson Hyperlegible Next"')};
    }""")
    assert style["p"] >= 24 and style["button"] >= 24, style
    assert style["color"] == "rgb(0, 0, 0)" and "Atkinson" in style["font"] and style["loaded"], style

    # text typed by a student stays text: a script payload never runs, never becomes markup
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    page.locator(".kv-reflection textarea").first.click()
    page.keyboard.type(payload)
    page.locator(".kv-reflection").first.get_by_text(f"{len(payload)} tekens").wait_for(timeout=TIMEOUT)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".kv-reflection img").count() == 0

    # nothing from outside the machine, nothing failed, no console errors
    assert off_machine(page.requests) == set()
    assert any("/static/projector.css" in u for u in page.requests)
    assert failed_requests == []
    assert real_console_errors(page) == []


def test_projector_lesson01_teacher_view(page, projector01) -> None:
    page.goto(projector01(teacher=True))
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    text = page_text(page)
    hidden = teacher_only(LESSON01)
    shown = [s for s in hidden if s in text]
    assert shown == hidden  # every teacher sentence is on the teacher's projector
    # ... in cells marked in words as teacher material
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('.celltag_teacher'))
        .map(el => getComputedStyle(el, '::before').content)""")
    assert labels and all("docent" in label for label in labels), labels
    for src in code_sources(LESSON01):
        assert normalize(src) not in text
    # print-only cells stay off the screen in the teacher view too
    nb = nbformat.read(LESSON01, as_version=4)
    print_only = [plain(c.source).splitlines()[0] for c in nb.cells
                  if "print-only" in cell_tags(c) and c.cell_type == "markdown" and c.source.strip()]
    assert [line for line in print_only if line in text] == []
    assert off_machine(page.requests) == set()
    assert real_console_errors(page) == []


def test_projector_teacher_view_shows_notes_and_tally(page, projector) -> None:
    """Lesson 05 in the teacher view: teacher cells and the class tally of the statements."""
    nb = next(LESSONS.glob("05-*/05-*.ipynb"))
    page.goto(projector("05", teacher=True))
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    assert teacher_only(nb)[0] in page_text(page)
    st = page.locator(".kv-statements").first
    st.get_by_text("Klas tellen").wait_for(timeout=TIMEOUT)
    plus = st.locator("button", has_text="+")
    plus.first.click()
    plus.first.click()
    st.locator(".kv-tally svg[role=img]").first.wait_for(timeout=TIMEOUT)  # the tally chart (SVG)
    assert off_machine(page.requests) == set()
    assert real_console_errors(page) == []


# ------------------------------------------------------------------ a class view on two screens
#: Lines that promise one student privacy: wrong on a screen the whole class reads.
PRIVACY_LINES = [STRINGS["nl"][k] for k in ("selfcheck_private", "score_private",
                                             "reflection_private")]


def _shoot_widgets(page, tmp_path: Path, name: str) -> list[Path]:
    """A screenshot with each widget scrolled into view (kept in tmp_path)."""
    shots = []
    for i in range(page.locator(".kv-widget").count()):
        page.locator(".kv-widget").nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(100)
        shots.append(keep_screenshot(page, tmp_path / f"{name}-{i:02d}.png"))
    return shots


def _chosen_shift(page, group: str, button) -> list[str]:
    """Click ``button`` and return the buttons of ``group`` (a selector) that moved or changed
    width by more than a pixel."""
    before = page.locator(group).evaluate(
        "g => Array.from(g.querySelectorAll('button')).map(b => b.getBoundingClientRect().toJSON())")
    button.click()
    page.wait_for_timeout(600)
    after = page.locator(group).evaluate(
        "g => Array.from(g.querySelectorAll('button')).map(b => b.getBoundingClientRect().toJSON())")
    return [f"button {i}: {b['x']:.0f}+{b['width']:.0f} -> {a['x']:.0f}+{a['width']:.0f}"
            for i, (b, a) in enumerate(zip(before, after))
            if abs(a["x"] - b["x"]) > 1 or abs(a["width"] - b["width"]) > 1]


def test_projector_class_view_fits_the_screen_and_speaks_to_the_class(
        browser, projector01, tmp_path: Path) -> None:
    """Lesson 01's class view at 1366×768 and then 1920×1080 (one page, resized: one Voilà
    kernel instead of two): a Dutch loading screen, no privacy line for one student, a
    self-check with sentences and slip instructions instead of answer buttons, nothing beyond the
    screen or cut off by its box (also after answering), and a chosen answer that does not push
    its neighbours."""
    (width, height), *others = SCREENS
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    try:
        page.goto(projector01(), wait_until="commit")
        loading = page.locator("#loading_text")
        loading.wait_for(timeout=60_000)
        words = loading.inner_text()
        keep_screenshot(page, tmp_path / f"loading-{width}.png")
        assert "De les wordt klaargezet" in words, words
        assert not any(w in words for w in ("Running", "Executing", "Reading")), words
        page.wait_for_selector(".kv-helpcard", timeout=120_000)
        page.wait_for_timeout(500)

        # the self-check: the class fills in slips, so no buttons, the sentences, the instructions
        for sc in page.locator(".kv-selfcheck").all():
            assert sc.locator("button").count() == 0
            assert "Klopt niet · Klopt een beetje" in sc.inner_text()
            assert STRINGS["nl"]["selfcheck_slip_instruction"] in sc.inner_text()

        # answering: a chosen button keeps its place and width; the score is in class words
        quiz = page.locator(".kv-quiz").first
        choices = ".kv-quiz .kv-question >> nth=0 >> .kv-choices"
        first = quiz.locator(".kv-question").first.locator("button", has_text="Niet waar")
        assert _chosen_shift(page, choices, first) == []
        assert "Goed beantwoord: 1 van 6" in quiz.locator(".kv-score").inner_text(timeout=TIMEOUT)
        sort = page.locator(".kv-sorttask").first
        sort.locator(".widget-toggle-button").first.click()
        sort.locator("button", has_text="Controleer").click()
        sort.locator(".kv-score").wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(500)

        text = page.locator("body").inner_text()
        assert [line for line in PRIVACY_LINES if line in text] == []
        assert STRINGS["nl"]["reflection_class"] in text
        for screen in [(width, height), *others]:
            page.set_viewport_size({"width": screen[0], "height": screen[1]})
            page.wait_for_timeout(300)
            assert overflowing(page, "#rendered_cells") == [], screen
            assert _shoot_widgets(page, tmp_path, f"class-{screen[0]}")
            # the second answer's button keeps its place at this size too
            second = quiz.locator(".kv-question").nth(1).locator("button", has_text="Niet waar")
            if screen != (width, height):
                assert _chosen_shift(page, ".kv-quiz .kv-question >> nth=1 >> .kv-choices",
                                     second) == [], screen
        assert real_console_errors(page) == []
    finally:
        context.close()


def test_projector_teacher_view_fits_the_screen(browser, projector01, tmp_path: Path) -> None:
    """Lesson 01's teacher view at 1366×768 and then 1920×1080 (one page, resized): the
    self-check's count fields are readable (the row's type size) and nothing is cut off ("l."
    for "1.", "Beqin" for "Begin") or beyond the screen."""
    (width, height), *others = SCREENS
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(projector01(teacher=True))
        page.wait_for_selector(".kv-helpcard", timeout=120_000)
        page.wait_for_timeout(500)
        field = page.locator(".kv-sc-count input").first
        field.fill("7")
        field.press("Tab")
        for screen in [(width, height), *others]:
            page.set_viewport_size({"width": screen[0], "height": screen[1]})
            page.wait_for_timeout(300)
            sizes = page.locator(".kv-sc-count").first.evaluate("""el => ({
                input: parseFloat(getComputedStyle(el.querySelector('input')).fontSize),
                label: parseFloat(getComputedStyle(el.querySelector('.widget-label')).fontSize),
                width: el.querySelector('input').getBoundingClientRect().width})""")
            assert sizes["input"] >= 24 and sizes["input"] == sizes["label"], (screen, sizes)
            assert sizes["width"] >= 3 * sizes["input"], (screen, sizes)  # a three-digit number
            assert overflowing(page, "#rendered_cells") == [], screen
            assert _shoot_widgets(page, tmp_path, f"teacher-{screen[0]}")
    finally:
        context.close()


# ------------------------------------------------------------------ the commands themselves
def _session_env(tmp: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmp), **extra}


def test_kijkverder_present_runs_until_ctrl_c_and_keeps_nothing(profile, tmp_path: Path) -> None:
    """``kijkverder present 01`` on a shared computer: the copy lives in a private temp folder,
    the page needs the printed URL (token), what a student types is stored in no file of the copy
    and in no browser storage, and Ctrl-C removes server and copy."""
    port = free_port()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = open(tmp_path / "present.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "present", "01", "--no-browser",
                             f"--port={port}"], cwd=ROOT, env=_session_env(tmp),
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=as_a_terminal_starts_it)
    marker = f"KVMARKER{uuid.uuid4().hex[:12]}"
    probe = f"http://127.0.0.1:{port}/voila/templates/kijkverder/static/projector.css"
    try:
        # the URL is printed once the server answers: a request right after it appears succeeds
        deadline = time.monotonic() + 90
        while "Open in de browser" not in (tmp_path / "present.log").read_text("utf-8"):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        with urllib.request.urlopen(probe, timeout=5) as r:
            assert r.status == 200
        assert "Even geduld" in (tmp_path / "present.log").read_text("utf-8")
        wait_http(probe, proc)
        copies = list(tmp.glob("kijkverder-present-*"))
        assert len(copies) == 1 and copies[0].stat().st_mode & 0o077 == 0
        copy = copies[0] / "01-wat-is-uitbuiting"
        assert (copy / "01-wat-is-uitbuiting.ipynb").exists() and (copy / "les.yaml").exists()
        assert (copies[0] / "begrippen.yaml").exists()  # same relative layout as lessons/
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+",
                        (tmp_path / "present.log").read_text("utf-8"))[0]
        # without the token: refused (another tab, a DNS-rebinding page)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert "/login" in r.url and b"Wat is uitbuiting" not in r.read()
        context, user_data = profile()
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        page.wait_for_selector(".kv-quiz.kv-projector", timeout=120_000)
        area = page.locator(".kv-reflection textarea").first
        area.click()
        page.keyboard.type(marker)
        page.locator(".kv-reflection").first.get_by_text(f"{len(marker)} tekens").wait_for(timeout=TIMEOUT)
        assert off_machine(requests) == set()
        context.close()  # the student closes the browser
        assert files_containing(marker, tmp, user_data) == []
        # Ctrl-C in the terminal: SIGINT to the whole foreground process group
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        out.close()
    log = (tmp_path / "present.log").read_text("utf-8")
    assert f"http://127.0.0.1:{port}/?token=" in log
    assert list(tmp.iterdir()) == []  # the temporary copy is gone
    with pytest.raises(OSError):  # and so is the server
        urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/templates/kijkverder/static/projector.css",
                               timeout=2)


def _start_lesson(page) -> None:
    """Click "Start de les" until the lesson has run (a click while the kernel connection is
    still being set up is dropped); never a dialog on the way."""
    for attempt in range(4):
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        page.locator(".jp-Toolbar-item", has_text="Start de les").first.click()
        try:
            page.wait_for_selector(".kv-helpcard", state="attached", timeout=45_000)
            return
        except Exception:
            assert page.locator(".jp-Dialog").count() == 0
            if attempt == 3:
                raise


def test_kijkverder_lab_is_a_dutch_classroom(page, lessons_copy: Path, tmp_path: Path) -> None:
    """``kijkverder lab`` at 1366×768, then the same page at 1920×1080 (one server and kernel
    for both screens): the printed URL opens straight into the first lesson; no Launcher,
    Terminal or Console; Dutch menus; the file browser shows the lesson, not its content files;
    "Start de les" runs it without a "Restart Kernel?" dialog; no line of code; the widgets fit
    on both screens; no news popup or news request; no console error."""
    (width, height), *larger = sorted(SCREENS)
    page.set_viewport_size({"width": width, "height": height})
    port = free_port()
    token = "kijkverder-test"
    home = tmp_path / "home"
    env = _session_env(tmp_path, JUPYTER_TOKEN=token, HOME=str(home),
                       JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    env.pop("JUPYTER_CONFIG_DIR", None)
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "lab", "--no-browser",
                             f"--port={port}", f"--dir={lessons_copy}"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10).read()
        config = json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S)[1])
        for plugin in ("@jupyterlab/apputils-extension:announcements",
                       "@jupyterlab/launcher-extension", "@jupyterlab/terminal-extension",
                       "@jupyterlab/console-extension"):
            assert plugin in config["disabledExtensions"]
        nb = "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb"
        page.goto(f"http://127.0.0.1:{port}/?token={token}")  # the URL lab prints and opens
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        assert page.url.split("?")[0].endswith(f"/lab/tree/{nb}")
        page.wait_for_timeout(2000)  # the news question would pop up by now
        keep_screenshot(page, tmp_path / f"lab-open-{width}.png")
        assert page.locator(".Toastify__toast").count() == 0
        assert [u for u in page.requests if "/lab/api/news" in u or "/lab/api/update" in u] == []
        tabs = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tabLabel").all_inner_texts()
        assert tabs == ["01-wat-is-uitbuiting.ipynb"], tabs  # no Launcher
        assert page.locator(".jp-Launcher").count() == 0
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert {"Bestand", "Bewerk", "Weergave", "Uitvoeren", "Instellingen"} <= set(menus), menus
        page.locator(".lm-MenuBar-itemLabel", has_text="Bestand").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Nieuw").first.hover()
        page.wait_for_timeout(500)
        new = " ".join(page.locator(".lm-Menu-itemLabel").all_inner_texts())
        assert "Terminal" not in new and "Console" not in new, new
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        files = page.locator(".jp-DirListing-itemName").all_inner_texts()
        assert files and all(f.endswith(".ipynb") for f in files), files
        # code: not even the first line that JupyterLab shows beside a hidden input
        assert page.locator(".jp-CodeCell .jp-InputArea:visible, .jp-InputPlaceholder:visible").count() == 0
        assert "Lesson.load" not in page.locator(".jp-Notebook").inner_text()

        _start_lesson(page)
        page.wait_for_timeout(1000)
        assert page.locator(".jp-Dialog").count() == 0  # no "Restart Kernel?"
        # the lesson starts at its top (Run All alone leaves the student at the last cell)
        page.wait_for_function("""() => { const c = document.querySelector('.jp-Notebook .jp-Cell');
            return c && c.classList.contains('jp-mod-active'); }""", timeout=TIMEOUT)
        title = page.locator(".jp-Notebook .jp-Cell").first.bounding_box()
        assert title is not None and 0 <= title["y"] < height / 2, title
        text = page.locator(".jp-Notebook").inner_text()
        assert "Quiz.load" not in text and "HelpCard()" not in text
        # the sort task after checking: the chosen category dark, the others light, none faded
        sort = page.locator(".kv-sorttask").first
        sort.scroll_into_view_if_needed()
        sort.locator(".widget-toggle-button").first.click()
        sort.locator("button", has_text="Controleer").click()
        sort.locator(".kv-score").wait_for(timeout=TIMEOUT)
        looks = sort.locator(".widget-toggle-buttons").first.evaluate("""el => Array.from(
            el.querySelectorAll('.widget-toggle-button')).map(b => [getComputedStyle(b).opacity,
            getComputedStyle(b).backgroundColor, b.classList.contains('mod-active')])""")
        assert all(o == "1" for o, _bg, _on in looks), looks
        assert len({bg for _o, bg, on in looks if on} & {bg for _o, bg, on in looks if not on}) == 0
        keep_screenshot(page, tmp_path / f"lab-sort-{width}.png")
        for screen_w, screen_h in [(width, height), *larger]:
            page.set_viewport_size({"width": screen_w, "height": screen_h})
            page.wait_for_timeout(500)  # JupyterLab lays the notebook out again
            assert overflowing(page, ".jp-Notebook .kv-widget") == [], (screen_w, screen_h)
            for i in range(page.locator(".kv-widget").count()):
                page.locator(".kv-widget").nth(i).scroll_into_view_if_needed()
                keep_screenshot(page, tmp_path / f"lab-{screen_w}-{i:02d}.png")
        assert off_machine(page.requests) == set()
        assert real_console_errors(page) == []
    finally:
        stop(proc)
        log.close()
