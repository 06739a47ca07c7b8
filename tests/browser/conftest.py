"""Real-browser fixtures: a JupyterLab server on 127.0.0.1 and Debian's chromium via playwright."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from kijkverder.lab import PAGE_CONFIG

from tests.conftest import LESSONS, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a server process, killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


@pytest.fixture(scope="session")
def lessons_copy(tmp_path_factory) -> Path:
    """A scratch copy of the lessons, so the browser never writes into the real ones."""
    dest = tmp_path_factory.mktemp("lab") / "lessons"
    shutil.copytree(LESSONS, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


@pytest.fixture(scope="session")
def jupyterlab(lessons_copy: Path, tmp_path_factory) -> Iterator[str]:
    port = free_port()
    home = tmp_path_factory.mktemp("home")
    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), "utf-8")
    # every cell stays rendered while the tests operate widgets further down the page (JupyterLab's
    # windowed notebook hides cells outside the viewport, which made clicks flaky under load)
    tracker = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}),
                                                         "utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.token=",
           "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
           f"--ServerApp.root_dir={lessons_copy}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabServerApp.extension_manager=readonly"]
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_http(f"http://127.0.0.1:{port}/api", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    """One Playwright per test process (a second sync Playwright in the same process fails)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver) -> Iterator[object]:
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    """A fresh page that records console errors and off-machine requests; screenshot on failure."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def profile(browser, tmp_path: Path):
    """Factory: ``profile() -> (context, user_data_dir)``, a chromium with its own on-disk
    profile (as on a shared computer), to look for what the browser stored; closed after the test."""
    contexts = []

    def start() -> tuple[object, Path]:
        user_data = tmp_path / f"chromium-profile-{len(contexts)}"
        ctx = browser.browser_type.launch_persistent_context(
            str(user_data), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000})
        contexts.append(ctx)
        return ctx, user_data

    yield start
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:
            pass


def files_containing(text: str, *roots: Path) -> list[Path]:
    """Regular files under ``roots`` holding ``text`` (UTF-8 or UTF-16, as browsers store it)."""
    needles = [text.encode("utf-8"), text.encode("utf-16-le")]
    found = []
    for root in roots:
        for f in Path(root).rglob("*"):
            if f.is_file() and not f.is_symlink():
                try:
                    data = f.read_bytes()
                except OSError:
                    continue
                if any(n in data for n in needles):
                    found.append(f)
    return found


# ------------------------------------------------------------------ projector view and checks
#: Hosts a page may talk to: this machine only.
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

#: Console errors that are known to be harmless, each with the reason. Empty on purpose: with
#: JupyterLab 4.6 and Voilà 0.5 neither view logs an error for any lesson, so every console
#: error fails a test. (Voilà logs "Unsatisfied version ... of shared singleton module" lines,
#: but as warnings, which are not collected.) Add a (substring, reason) pair only with a reason.
KNOWN_CONSOLE_NOISE: list[tuple[str, str]] = []


def off_machine(urls: list[str]) -> set[str]:
    """Hosts other than this machine among the page's http(s)/ws(s) requests."""
    from urllib.parse import urlparse

    return {urlparse(u).hostname for u in urls
            if u.startswith(("http:", "https:", "ws:", "wss:"))} - LOCAL_HOSTS


def real_console_errors(page) -> list[str]:
    """The page's console errors minus the documented :data:`KNOWN_CONSOLE_NOISE`."""
    return [e for e in page.console_errors
            if not any(noise in e for noise, _reason in KNOWN_CONSOLE_NOISE)]


@pytest.fixture
def failed_requests(page) -> list[str]:
    """Requests of ``page`` that failed (e.g. a blocked or missing file), as "url: reason"."""
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    return failed


@pytest.fixture
def projector(tmp_path: Path) -> Iterator[object]:
    """Factory: ``projector("01", teacher=False) -> url`` starts the projector view of a lesson
    exactly as ``kijkverder present`` does (same copy, template, command, environment and access
    token; the url carries the token), on a free port; every server is stopped after the test."""
    from kijkverder.present import (TEMPLATE, new_token, offline_template, prepare, voila_command,
                                    voila_env)

    procs: list[tuple[subprocess.Popen, object]] = []

    def start(lesson: str, teacher: bool = False) -> str:
        root = tmp_path / f"present-{lesson}-{'teacher' if teacher else 'class'}"
        nb = prepare(lesson, teacher=teacher, dest=root)
        share = offline_template(root)
        port, token = free_port(), new_token()
        log = open(root / "voila.log", "w")
        proc = subprocess.Popen(voila_command(nb, port, teacher), env=voila_env(teacher, share, token),
                                cwd=nb.parent, stdout=log, stderr=subprocess.STDOUT)
        procs.append((proc, log))
        # probe the template's stylesheet: GET / would render (and run) the whole lesson
        wait_http(f"http://127.0.0.1:{port}/voila/templates/{TEMPLATE}/static/projector.css",
                  proc, timeout=90)
        return f"http://127.0.0.1:{port}/?token={token}"

    yield start
    for proc, log in procs:
        stop(proc, timeout=15)
        log.close()


# ------------------------------------------------------------------ screens: size and clipping
#: The two screens a lesson must fit: a school laptop or a small digibord (1366×768) and a full-HD
#: projector (1920×1080).
SCREENS = [(1366, 768), (1920, 1080)]

#: What sticks out or is cut off under ``root``: an element beyond the viewport's left or right
#: edge, an element outside the box of an ancestor that clips (overflow other than visible), text
#: cut off by its own box (wider or taller than it, with overflow hidden), and list numbers or
#: bullets hanging outside a clipping box. One line per problem.
_OVERFLOW_JS = """(root) => {
  const W = document.documentElement.clientWidth, out = [];
  const name = el => el.tagName.toLowerCase() + '.' + String(el.className).trim().split(/\\s+/).slice(0, 3).join('.')
    + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  const clipper = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return a; } return null; };
  for (const el of document.querySelectorAll(root + ' *')) {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
    if (cs.position === 'absolute' && r.width <= 1 && r.height <= 1) continue;  // visually hidden
    if (r.right > W + 1 || r.left < -1) out.push('beyond the screen: ' + name(el));
    const c = clipper(el);
    if (c) { const cr = c.getBoundingClientRect();
      if (r.right > cr.right + 1 || r.left < cr.left - 1) out.push('outside its box: ' + name(el));
      if ((el.tagName === 'OL' || el.tagName === 'UL') && cs.listStylePosition === 'outside'
          && r.left - cr.left + parseFloat(cs.paddingLeft) < parseFloat(cs.fontSize) * 1.2)
        out.push('list numbers cut off: ' + name(el)); }
    if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && !['auto', 'scroll'].includes(cs.overflowX)
        && el.tagName !== 'TEXTAREA' && el.tagName !== 'INPUT')
      out.push('text cut off at the side: ' + name(el));
    if (cs.overflowY === 'hidden' && el.scrollHeight > el.clientHeight + 2 && el.tagName !== 'TEXTAREA')
      out.push('text cut off at the bottom: ' + name(el));
  }
  return out; }"""


def overflowing(page, root: str) -> list[str]:
    """What sticks out of the screen or is cut off by its box under ``root`` (see
    :data:`_OVERFLOW_JS`); an empty list when everything fits."""
    return page.evaluate(_OVERFLOW_JS, root)


def keep_screenshot(page, path: Path) -> Path:
    """Save a screenshot of the viewport to ``path`` (a test's tmp_path: tests leave no files in
    the project); with ``KIJKVERDER_SCREENSHOTS=DIR`` also a copy in DIR, to look at."""
    page.screenshot(path=str(path))
    extra = os.environ.get("KIJKVERDER_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(extra) / path.name)
    return path
