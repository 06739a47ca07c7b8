"""The static offline site (``kijkverder site``) in real chromium with every other host blocked.

One student site is built for the module, served by ``python -m http.server`` on 127.0.0.1 and
opened in a chromium that cannot resolve any other host and that writes its own net log (the
kernel's web worker requests are not all visible to playwright's request events). It is built with
``--school`` (the fictional example school), so its help cards, projector view and PDFs show that
school.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from tests.browser.conftest import (CHROMIUM, CHROMIUM_ARGS, SCREENS, free_port, keep_screenshot,
                                    overflowing, stop, wait_http)
from tests.conftest import LESSONS, lessons_not_for
from tests.leaks import all_secrets, fragment, normalize, screen_text, teacher_cell_sentences

pytestmark = pytest.mark.browser

KERNEL_TIMEOUT = 120_000
HOST_RULES = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
#: ``--school`` of the site: the fictional example school and its teacher-only meldcode contact.
SCHOOL = LESSONS / "school.example.yaml"
SCHOOL_NAME, MELDCODE_NAME = "Het Voorbeeld College", "Mevrouw R. Bakker"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from kijkverder.lessons import all_lessons
    from kijkverder.site import build_site

    tmp = tmp_path_factory.mktemp("site")
    cache = Path(os.environ.get("KIJKVERDER_SITE_CACHE") or tmp / "cache")
    # a relative --out, as `make site` passes it (`--out site`)
    with contextlib.chdir(tmp):
        build_site(all_lessons(LESSONS), Path("site"), "leerlingen", cache=cache,
                   log=lambda m: None, school=SCHOOL)
    return tmp / "site"


@pytest.fixture(scope="module")
def served(site: Path, tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("http") / "http.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                             "127.0.0.1", "--directory", str(site)], stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/index.html", proc, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        log.close()


class NetLoggedBrowser:
    """Chromium with every host but 127.0.0.1 unresolvable and its own net log."""

    def __init__(self, netlog: Path, playwright: object):
        self.netlog = netlog
        self.browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, HOST_RULES, f"--log-net-log={netlog}",
                  "--net-log-capture-mode=Default"])
        self.closed = False

    def close(self) -> str:
        if not self.closed:
            self.browser.close()
            self.closed = True
        return self.netlog.read_text("utf-8", errors="replace")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory, playwright_driver):
    b = NetLoggedBrowser(tmp_path_factory.mktemp("netlog") / "netlog.json", playwright_driver)
    yield b
    b.close()


@pytest.fixture
def page(chromium):
    context = chromium.browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    context.close()


def open_notebook(page, served: str, folder: str) -> None:
    """Open a lesson as a notebook from the start page (the secondary link), wait for the
    kernel, Run All (in the Dutch menus)."""
    page.goto(f"{served}/index.html")
    with page.expect_navigation():
        page.locator(f"li.lesson:has(a[href*='{folder}']) a.notebook").click()
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=KERNEL_TIMEOUT)
    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Uitvoeren").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Alle cellen uitvoeren").first.click()
        try:
            page.wait_for_selector(".kv-helpcard", state="attached", timeout=60_000)
            return
        except Exception:
            if attempt == 2:
                raise


LOADING = "De les wordt geladen"


def open_lesson(page, served: str, folder: str, view: str = "open") -> None:
    """Open a lesson from the start page ("Open de les", or the Digibord with ``projector``):
    it runs by itself; the Dutch loading message shows until the first widget is drawn."""
    page.goto(f"{served}/index.html")
    with page.expect_navigation():
        page.locator(f"li.lesson:has(a[href*='{folder}']) a.{view}").click()
    loading = page.locator("#kv-loading")
    assert LOADING in loading.inner_text(timeout=5_000)
    assert loading.is_visible()
    loading.wait_for(state="detached", timeout=KERNEL_TIMEOUT)
    assert page.locator(".jp-CodeConsole-content .jupyter-widgets:visible").count() > 0
    page.wait_for_selector(".kv-helpcard", state="attached", timeout=60_000)


def assert_no_code_and_no_jupyter_words(page) -> None:
    """What a student sees of a lesson page: the lesson, no code, no prompts, no badges."""
    assert page.locator(".jp-CodeConsole .jp-InputArea-editor:visible").count() == 0
    assert page.locator(".cm-content:visible").count() == 0
    assert page.locator(".jp-CodeConsole .jp-InputPrompt:visible").count() == 0
    assert page.locator(".jp-CodeConsole-promptCell:visible").count() == 0
    body = page.locator("body").inner_text()
    for word in ("Trusted", "Lesson.load", "import ", "REPL", "Loading", "Kernel"):
        assert word not in body, word


def test_lesson01_starts_by_itself_and_quiz_gives_feedback(page, served: str) -> None:
    """Issue 28: "Open de les" opens the lesson running, with no step for the student (no Run
    All), at its top, with no code."""
    open_lesson(page, served, "01-wat-is-uitbuiting")
    for kind in ("kv-lesson", "kv-quiz", "kv-sorttask", "kv-reflection", "kv-helpcard"):
        page.wait_for_selector(f".{kind}", state="attached", timeout=30_000)
    assert page.locator(".kv-error").count() == 0
    assert page.locator(".kv-projector").count() == 0  # the student style, not the Digibord's
    assert_no_code_and_no_jupyter_words(page)
    assert page.title() == "Les 01: Wat is uitbuiting?"
    # at the lesson's top once every cell ran (the REPL scrolls to each new output)
    page.wait_for_function("document.querySelector('.jp-CodeConsole-content').scrollTop === 0",
                           timeout=10_000)
    page.wait_for_timeout(1500)
    assert page.evaluate("document.querySelector('.jp-CodeConsole-content').scrollTop") == 0
    assert "Wat is uitbuiting?" in page.locator(".jp-CodeConsole-content h1").first.inner_text()
    # the chart renders in Pyodide (inline SVG, no matplotlib)
    svg = page.locator(".kv-chart svg[role=img]").first
    svg.wait_for(timeout=20_000)
    assert svg.locator("rect").count() >= 1
    # the page holds the lesson at its top until the student scrolls (wheel, touch, key, mouse);
    # a click's own programmatic scroll is not such a gesture, so scroll like a student first
    page.mouse.move(683, 400)
    page.mouse.wheel(0, 200)
    quiz = page.locator(".kv-quiz").first
    quiz.locator(".kv-question").first.locator("button").first.click()
    quiz.locator(".kv-feedback").first.wait_for(timeout=20_000)
    assert "goed" in quiz.locator(".kv-feedback").first.inner_text().lower()
    card = page.locator(".kv-helpcard").first.text_content()  # may be below the fold
    assert "Op school" in card and SCHOOL_NAME in card and MELDCODE_NAME not in card


def test_every_lesson_starts_by_itself(page, served: str, site: Path) -> None:
    """Every lesson of the site but 01 (test_lesson01_starts_by_itself opens it and checks more):
    it runs by itself, with no error box, no code and no Jupyter words."""
    folders = sorted(p.name for p in (site / "les").iterdir() if p.is_dir())
    assert len(folders) >= 5 and "01-wat-is-uitbuiting" in folders, folders
    for folder in (f for f in folders if f != "01-wat-is-uitbuiting"):
        open_lesson(page, served, folder)
        errors = page.locator(".kv-error")
        assert errors.count() == 0, f"{folder}: {errors.first.inner_text()}"
        assert_no_code_and_no_jupyter_words(page)


def test_lesson_page_screenshots(page, served: str, tmp_path: Path) -> None:
    """The start page, the loading message and the lesson's top at the common school screen
    sizes: the lesson opens once at the smallest and is then resized (one Pyodide kernel instead
    of one per size). Kept in tmp_path; ``KIJKVERDER_SCREENSHOTS=DIR`` keeps a copy to look at."""
    (width, height), *others = sorted(SCREENS)
    for w, h in [*others, (width, height)]:
        page.set_viewport_size({"width": w, "height": h})
        page.goto(f"{served}/index.html")
        keep_screenshot(page, tmp_path / f"site-start-{w}.png")
        assert overflowing(page, "body") == [], (w, h)
    with page.expect_navigation():
        page.locator("li.lesson:has(a[href*='01-wat-is-uitbuiting']) a.open").click()
    page.locator("#kv-loading").wait_for(state="visible", timeout=5_000)
    keep_screenshot(page, tmp_path / f"site-loading-{width}.png")
    page.locator("#kv-loading").wait_for(state="detached", timeout=KERNEL_TIMEOUT)
    page.wait_for_selector(".kv-helpcard", state="attached", timeout=60_000)
    page.wait_for_timeout(2000)
    for w, h in [(width, height), *others]:
        page.set_viewport_size({"width": w, "height": h})
        page.evaluate("document.querySelector('.jp-CodeConsole-content').scrollTop = 0")
        page.wait_for_timeout(300)
        keep_screenshot(page, tmp_path / f"site-lesson-{w}.png")
        assert overflowing(page, ".jp-CodeConsole-content") == [], (w, h)
        page.locator(".kv-quiz").first.scroll_into_view_if_needed()
        keep_screenshot(page, tmp_path / f"site-quiz-{w}.png")


#: English words that mark a leftover in the notebook page's Dutch interface (words the Dutch
#: labels also use, such as "Open", "Download", "Help" or "Kernel", are not in it).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|to|this|Run|Restart|Cancel|Click|Last|Checkpoint|Save|Show|Delete|Copy|"
    r"Paste|Insert|Move|Undo|Redo|Shut|Clear|Select|Edit|Toggle|Enable|Increase|Decrease|"
    r"Rename|Duplicate|Trust|Log|Split|Merge|Collapse|Reconnect|Activate|Wrap|Match|"
    r"Render|About|Licenses|Reference|Cell|Cells|Settings|File|View|Browser|Sidebar|Do|not)\b")


def english_leftovers(texts) -> list[str]:
    return [t for t in texts if t and ENGLISH_WORDS.search(t)]


def test_notebook_is_reachable_and_in_dutch(page, served: str) -> None:
    """The notebook stays one link away, with JupyterLite's interface in Dutch: every menu,
    the toolbar's tooltips, the save time in the header and the kernel's restart dialog."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_notebook(page, served, "01-wat-is-uitbuiting")
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Bestand" in menus and "Uitvoeren" in menus, menus
    assert not {"File", "Edit", "View", "Run", "Settings"} & set(menus), menus
    left = {}
    for menu in menus:
        page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
        items = [t for t in page.locator(".lm-Menu-itemLabel").all_inner_texts() if t]
        page.keyboard.press("Escape")
        if menu == "Uitvoeren":
            assert "Alle cellen uitvoeren" in items, items
        if english_leftovers(items):
            left[menu] = english_leftovers(items)
    titles = page.evaluate("""() => [...document.querySelectorAll('.jp-Toolbar [title], '
        + '.jp-cell-toolbar [title], .jp-Notebook-footer, #jp-top-panel [title]')]
        .map(e => e.getAttribute('title') || e.textContent.trim())""")
    if english_leftovers(titles):
        left["toolbars"] = english_leftovers(titles)
    page.keyboard.press("Control+s")
    checkpoint = page.locator(".jp-NotebookCheckpoint")
    checkpoint.wait_for(state="visible", timeout=10_000)
    if english_leftovers([checkpoint.inner_text()]):
        left["checkpoint"] = [checkpoint.inner_text()]
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator(".lm-Menu-item[data-command='kernelmenu:restart']").first.click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for(state="visible", timeout=10_000)
    if english_leftovers(dialog.inner_text().splitlines()):
        left["restart dialog"] = english_leftovers(dialog.inner_text().splitlines())
    page.keyboard.press("Escape")
    assert not left, left
    assert "Not Trusted" not in page.locator("body").inner_text()
    assert page.locator(".kv-error").count() == 0


def test_projector_view_shows_widgets_and_no_code(page, served: str) -> None:
    open_lesson(page, served, "01-wat-is-uitbuiting", "projector")
    assert page.locator(".kv-projector").count() > 0
    visible_code = page.locator(".jp-CodeConsole-content .jp-InputArea-editor:visible")
    assert visible_code.count() == 0
    assert "Lesson.load" not in page.locator("body").inner_text()
    # the first cell's style hides the REPL's [n]: prompts and its empty prompt cell
    assert page.locator(".jp-CodeConsole .jp-InputPrompt:visible").count() == 0
    assert page.locator(".jp-CodeConsole .jp-OutputPrompt:visible").count() == 0
    assert page.locator(".jp-CodeConsole-promptCell:visible").count() == 0
    # the lesson's text is on the projector too, and the view starts at the lesson's title
    text = page.locator(".jp-CodeConsole-content").inner_text()
    assert "Les 01 · Wat is uitbuiting?" in text and "Onze afspraken" in text
    card = page.locator(".kv-helpcard").first.inner_text()
    assert "Op school" in card and SCHOOL_NAME in card and MELDCODE_NAME not in card
    page.wait_for_function("document.querySelector('.jp-CodeConsole-content').scrollTop === 0",
                           timeout=10_000)


def test_lesson_pages_run_without_the_service_worker(page, served: str, site: Path) -> None:
    """Issue 28 (warm visit): a lesson page carries its files into the kernel's memory, so it
    leaves JupyterLite's service worker out. With it, the kernel's worker mounted the drive and
    changed into it, and every top-level import in Python statted the drive with a synchronous
    request through the service worker (84 for lesson 01, ~0.7 s of a 4.6 s warm visit); and the
    browser kept the service worker's registration and cache after the lesson."""
    from kijkverder.site import SERVICE_WORKER_PLUGIN

    requests: list[str] = []
    missing: list[str] = []
    page.context.on("request", lambda r: requests.append(urlparse(r.url).path))
    page.context.on("response", lambda r: r.status == 404 and missing.append(r.url))
    for view in ("open", "projector"):
        open_lesson(page, served, "01-wat-is-uitbuiting", view)
        got = page.evaluate("""async () => ({
            registrations: (await navigator.serviceWorker.getRegistrations()).length,
            controlled: !!navigator.serviceWorker.controller, caches: await caches.keys()})""")
        assert got == {"registrations": 0, "controlled": False, "caches": []}, (view, got)
    assert any(p.endswith(".whl") for p in requests), requests[:20]  # the worker's are seen
    assert not [p for p in requests if p.startswith(("/api/drive", "/service-worker"))]
    # every configuration file JupyterLite looks for exists: a missing one is not cached, so it
    # cost a round trip to the server before the app started on every (warm) visit
    assert not [u for u in missing if not u.endswith("/favicon.ico")], missing
    # the cause: every lesson page's configuration leaves the service worker's plugin out
    for kind in ("les", "repl"):
        for cfg in sorted((site / kind).glob("*/jupyter-lite.json")):
            data = json.loads(cfg.read_text("utf-8"))["jupyter-config-data"]
            assert SERVICE_WORKER_PLUGIN in data.get("disabledExtensions", []), cfg


#: Code a crafted link would run: it would put a marker on the page.
CRAFTED = "from IPython.display import HTML, display\ndisplay(HTML('<p id=\"kv-pwned\">PWNED</p>'))"


def test_a_crafted_code_link_to_the_digibord_runs_nothing(page, served: str) -> None:
    """Issue 24, finding 3: the Digibord page runs the lesson it was built for (its cells are in
    the page), never code from its address (query or ``#``)."""
    q = f"kernel=python&code={quote(CRAFTED)}"
    for view in ("repl", "les"):  # the Digibord and the student's lesson page
        page.goto(f"{served}/{view}/01-wat-is-uitbuiting/index.html?{q}#{q}")
        page.wait_for_selector(".kv-helpcard", state="attached", timeout=KERNEL_TIMEOUT)
        # the cause, not silence after a wait: the REPL app reads its cells from the address, and
        # before it starts the page has put exactly the lesson's own cells there (no hash)
        seen = page.evaluate("""() => ({
            code: new URLSearchParams(location.search).getAll("code"), hash: location.hash,
            cells: JSON.parse(document.getElementById("kijkverder-lesson-cells").textContent)})""")
        assert seen["code"] == seen["cells"] and seen["hash"] == "", seen
        assert not any("PWNED" in c for c in seen["code"])
        assert page.locator("#kv-pwned").count() == 0
        assert "Les 01" in page.locator(".jp-CodeConsole-content").inner_text()


def test_the_bare_repl_is_not_on_the_site(page, served: str, site: Path) -> None:
    """JupyterLite's REPL page would run any ``code=`` of a link: the site has none. Every page
    that loads the REPL app is a built lesson page that carries its own cells."""
    response = page.goto(f"{served}/repl/index.html?kernel=python&code={quote(CRAFTED)}")
    # the cause, not silence after a wait: the page there loads no app that could run anything
    assert response is not None and "<script src" not in response.text()
    assert "bundle.js" not in response.text() and "startpagina" in response.text()
    apps = [p for p in site.rglob("*.html") if "build/repl/bundle.js" in p.read_text("utf-8")]
    assert apps and all("kijkverder-lesson-cells" in p.read_text("utf-8") for p in apps)
    assert "code=" not in (site / "index.html").read_text("utf-8")


#: Everything a page of the site could leave in the browser: IndexedDB (every store's keys and
#: values), localStorage, sessionStorage and the Cache Storage.
BROWSER_STORAGE = """async () => {
  const out = {indexedDB: {}};
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    for (const store of db.objectStoreNames) {
      const os = db.transaction(store, "readonly").objectStore(store);
      const all = await new Promise(ok => { const r = os.getAll(); r.onsuccess = () => ok(r.result); });
      out.indexedDB[info.name + "/" + store] = JSON.stringify(all);
    }
    db.close();
  }
  out.localStorage = Object.keys(localStorage);
  out.sessionStorage = Object.keys(sessionStorage);
  out.caches = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out.caches[name] = (await cache.keys()).map(r => r.url);
  }
  return out;
}"""


def test_the_site_keeps_nothing_in_the_browser(page, served: str) -> None:
    """Issue 24, finding 17: after a lesson was opened and run, the browser holds no trace of
    it (JupyterLite's workspace went to IndexedDB, with the opened lessons as "recents")."""
    open_lesson(page, served, "01-wat-is-uitbuiting")
    open_notebook(page, served, "01-wat-is-uitbuiting")
    page.wait_for_timeout(3000)  # JupyterLab saves its workspace state after a short delay
    page.goto(f"{served}/index.html")  # the lesson's tab is left (as when it is closed)
    stored = page.evaluate(BROWSER_STORAGE)
    cached = [u for urls in stored.pop("caches").values() for u in urls]
    assert stored == {"indexedDB": {}, "localStorage": [], "sessionStorage": []}, \
        json.dumps(stored)[:500]
    # the service worker's precache holds the app's own files, never a lesson or its contents
    lessons = [p.parent.name for p in LESSONS.glob("*/*.ipynb")]
    assert not [u for u in cached if "/files/" in u or "/api/contents" in u
                or any(name in u for name in lessons)], cached


def test_start_page_over_file_explains(page, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    warning = page.locator("#waarschuwing")
    warning.wait_for(state="visible", timeout=10_000)
    assert "file://" in warning.inner_text()
    assert page.locator("a.pdf").count() > 0  # the PDFs stay downloadable
    assert page.locator(".lesson-links:visible").count() == 0


def test_student_site_has_only_student_lessons_and_no_teacher_text(site: Path) -> None:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    names = " ".join(str(p.relative_to(site)) for p in files)
    assert "01-wat-is-uitbuiting" in names
    others = [nb.parent.name for nb in lessons_not_for("leerlingen")]
    assert others and not [o for o in others if o in names], "docenten/ouders lessons in the student site"
    assert not any(n in names for n in ("docentenversie", "docentenboek"))
    # large print is on the download list too (issue 15)
    assert "pdf/01-wat-is-uitbuiting-grote-letters.pdf" in names
    assert "Werkblad in grote letters" in (site / "index.html").read_text("utf-8")
    # --school: every lesson's copy uses that profile, and every worksheet on the list prints it
    # (the cut-out cards and the slips have no help card)
    assert SCHOOL_NAME in (site / "files" / "school.yaml").read_text("utf-8")
    for pdf in (p for p in files
                if p.suffix == ".pdf" and not p.stem.endswith(("knipkaarten", "strookjes"))):
        text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())
        assert "Op school" in text and SCHOOL_NAME in text and MELDCODE_NAME not in text, pdf.name
    from widgets.settings import read_settings

    assert read_settings(site / "files" / "kijkverder-view.yaml").role == "student"
    text_parts = []
    for p in files:
        if p.suffix == ".whl":  # readable in the browser too: look inside (issue 24, 16)
            with zipfile.ZipFile(p) as z:
                # (the help registry is public: its ids are what teacher 'sources' refer to)
                text_parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()
                               if n.endswith((".py", ".j2", ".json", ".yaml", ".txt", ".html"))
                               and not n.startswith("widgets/data/")]
        if p.suffix in (".ipynb", ".json", ".yaml", ".html"):
            raw = p.read_text("utf-8", errors="replace")
            if p.suffix in (".ipynb", ".json"):
                strings: list[str] = []
                _strings(json.loads(raw), strings)
                raw = " ".join(strings)
            text_parts.append(raw)
    text = normalize(" ".join(text_parts))
    notebooks = sorted(LESSONS.glob("*/*.ipynb"))
    others = {nb.parent.name for nb in lessons_not_for("leerlingen")}
    shown = " ".join(screen_text(nb) for nb in notebooks if nb.parent.name not in others)
    # the facts registry's student wording is written for students (the site ships it)
    import yaml

    facts = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))["facts"]
    shown = normalize(shown + " " + " ".join(str(f.get("student", "")) for f in facts))
    leaks = []
    for nb in notebooks:
        secrets = all_secrets(nb)
        if nb.parent.name in others:  # lessons for teachers and parents only
            secrets += teacher_cell_sentences(nb)
        # a sentence that students also see (e.g. "Het is niet jouw schuld.") is no leak
        leaks += [s for s in secrets if fragment(s) in text and fragment(s) not in shown]
    assert leaks == [], f"teacher material in the student site: {leaks[:5]}"


def _strings(data, out: list[str]) -> None:
    if isinstance(data, dict):
        for v in data.values():
            _strings(v, out)
    elif isinstance(data, list):
        for v in data:
            _strings(v, out)
    elif isinstance(data, str):
        out.append(data)
        if data.lstrip().startswith(("{", "[")):
            try:
                _strings(json.loads(data), out)
            except ValueError:
                pass


def page_requests(netlog: str) -> list[tuple[str, str]]:
    """(url, initiator) of every URL request in a Chromium net log."""
    data = json.loads(netlog)
    types = {v: k for k, v in data["constants"]["logEventTypes"].items()}
    out = []
    for ev in data["events"]:
        if types.get(ev.get("type")) == "URL_REQUEST_START_JOB":
            params = ev.get("params", {})
            out.append((params.get("url", ""), params.get("initiator", "")))
    return out


def test_zz_no_request_left_127_0_0_1(chromium) -> None:
    """Runs last in this module: closes the browser and reads Chromium's own net log.

    Every request the site's pages and workers made (initiator 127.0.0.1) went to 127.0.0.1.
    Chromium's own background requests (no initiator: component updates, sign-in) are not the
    site's; they are blocked by the host rules anyway and must not come from a page."""
    requests = page_requests(chromium.close())
    site = [(u, i) for u, i in requests if urlparse(u).hostname == "127.0.0.1"
            or urlparse(i).hostname == "127.0.0.1"]
    assert len(site) > 50, "the net log recorded too few requests (is --log-net-log working?)"
    off = sorted({u for u, i in site if urlparse(u).hostname not in ("127.0.0.1", None)})
    assert off == [], f"the site requested files off the machine: {off[:10]}"
    # a request without initiator may still come from the site (e.g. a worker's import)
    stray = sorted({u for u, i in requests if not i and urlparse(u).scheme in ("http", "https")
                    and urlparse(u).hostname not in ("127.0.0.1",)
                    and not urlparse(u).hostname.endswith(BROWSER_OWN_HOSTS)})
    assert stray == [], f"requests off the machine: {stray[:10]}"


#: Chromium's own background services (not the site): sign-in, updates, autofill.
BROWSER_OWN_HOSTS = (".google.com", ".googleapis.com", ".gvt1.com")


def test_build_tools_are_pinned_and_kept_out_of_the_project_environment(site: Path) -> None:
    """The site's build tools live in their own environment in the download cache, at the pinned
    versions; the project's environment (JupyterLab, Voilà) holds no JupyterLite front end, whose
    Pyodide kernel extension breaks JupyterLab's pages."""
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    from jupyter_core.paths import jupyter_path

    from kijkverder.site import pins
    from tests.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    deps = " ".join(project["dependencies"] + sum(project["optional-dependencies"].values(), []))
    lite = [name for name in pins()["build"] if name.startswith("jupyterlite")]
    assert lite, "the pins name the JupyterLite build tools"
    for name in lite:
        assert name not in deps
        with pytest.raises(PackageNotFoundError):
            version(name)
    assert not any((Path(p) / "@jupyterlite").exists() for p in jupyter_path("labextensions"))


def test_wheels_and_stdlib_ship_bytecode_and_the_kernel_installs_nothing(site: Path) -> None:
    """Issue 28: the browser imports bytecode compiled at build time by the same Pyodide (Python
    3.14, unchecked hash-based pycs) instead of compiling every module, shipped without the
    sources (half the bytes to download and unpack); the kernel finds its own wheels preloaded
    instead of installing them with micropip one by one, and what it never uses (jedi, sqlite3,
    micropip) as empty stubs; the project's wheel holds only the package the kernel imports."""
    from kijkverder.site import KERNEL_PACKAGES, KERNEL_PRELOAD, KERNEL_STUBS

    pyodide = site / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))["packages"]
    compiled = 0
    for key, entry in lock.items():
        if not entry["file_name"].endswith(".whl"):
            continue
        with zipfile.ZipFile(pyodide / entry["file_name"]) as z:
            names = set(z.namelist())
            record = z.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
        modules = [n for n in names if n.endswith(".pyc")]
        sources = [n for n in names if n.endswith(".py") and not n.split("/")[0].endswith(".data")]
        # a source stays only where it does not compile (none in these wheels)
        assert sources == [] and modules, (key, sources[:3])
        assert not [n for n in names if "__pycache__" in n], key
        listed = {line.split(",")[0] for line in record.splitlines()}
        assert set(modules) <= listed and not [n for n in listed if n.endswith(".py")], key
        compiled += len(modules)
        if key == "kijkverder":
            assert {n.split("/")[0] for n in names if "/" in n} - {
                n.split("/")[0] for n in names if ".dist-info/" in n} == set(KERNEL_PACKAGES)
    assert compiled > 800  # micropip, packaging and prompt_toolkit are no longer shipped
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as z:
        names = set(z.namelist())
        pyc = z.read("os.pyc")
    assert "os.py" not in names and "os.pyc" in names
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # hash-based, not checked against source
    for name in KERNEL_STUBS:
        with zipfile.ZipFile(pyodide / lock[name]["file_name"]) as z:
            assert [n for n in z.namelist() if n.endswith((".py", ".pyc"))] == [], name
    assert "parso" not in lock
    # IPython's terminal shell (prompt_toolkit, wcwidth) is not unpacked at every start
    assert not [n for n in os.listdir(pyodide)
                if n.startswith(("prompt_toolkit", "wcwidth")) and n.endswith(".whl")]
    assert {"prompt-toolkit", "wcwidth"} <= set(KERNEL_STUBS)
    cfg = json.loads((site / "jupyter-lite.json").read_text("utf-8"))["jupyter-config-data"]
    preload = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"][
        "loadPyodideOptions"]["packages"]
    assert set(KERNEL_PRELOAD) <= set(preload) and set(preload) <= set(lock)


KERNEL_START_MJS = """import {{ loadPyodide }} from {mjs};
const py = await loadPyodide({{ indexURL: {index}, packages: {packages},
                                stdout: () => {{}}, stderr: () => {{}} }});
// what the kernel's worker runs at start (pyodide-kernel 0.8: initPackageManager, initKernel)
await py.runPythonAsync(`import piplite.piplite
piplite.piplite._PIPLITE_DISABLE_PYPI = True
import pyodide_kernel`);
await py.runPythonAsync(`import widgets
from widgets import Lesson, Quiz, HelpCard`);
const out = await py.runPythonAsync(`
import json, sys
loaded = sorted({{m.split(".")[0] for m in sys.modules}})
import IPython
try:
    embed = callable(IPython.embed)
except ImportError as e:
    embed = type(e).__name__
from pyodide_kernel.litetransform import pip_magic
try:
    pip = repr(await pip_magic(["%pip install requests"]))
except Exception as e:
    pip = type(e).__name__ + ": " + str(e)
json.dumps({{"loaded": loaded, "embed": embed, "pip": pip}})`);
console.log(out);
"""


def test_the_kernel_starts_without_micropip_or_the_terminal_shell(site: Path,
                                                                  tmp_path: Path) -> None:
    """Issue 28 (warm visit): the kernel's worker imports piplite at every start; the shipped
    piplite installs nothing and does not import micropip (an empty stub), and ``import
    IPython`` no longer imports prompt_toolkit (IPython's terminal shell) unless ``IPython.embed``
    is asked for. Run with the site's own Pyodide under Node, the way the worker starts."""
    cfg = json.loads((site / "jupyter-lite.json").read_text("utf-8"))["jupyter-config-data"]
    kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    pyodide = site / "static" / "pyodide"
    script = tmp_path / "start.mjs"
    script.write_text(KERNEL_START_MJS.format(
        mjs=json.dumps((pyodide / "pyodide.mjs").resolve().as_uri()),
        index=json.dumps(str(pyodide.resolve()) + "/"),
        packages=json.dumps(kernel["loadPyodideOptions"]["packages"])), "utf-8")
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"pyodide_kernel", "IPython", "ipywidgets", "widgets", "piplite"} <= set(result["loaded"])
    assert not {"micropip", "prompt_toolkit", "packaging"} & set(result["loaded"]), result
    # the terminal shell is not shipped (a browser has no terminal): asked for, it says so
    assert result["embed"] == "ModuleNotFoundError", result
    assert result["pip"].startswith("PiplitePyPIDisabled: Pakketten installeren kan niet"), result
