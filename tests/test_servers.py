"""The local servers (``kijkverder present`` / Voilà and ``kijkverder lab`` / JupyterLab) on a shared
machine: private temp folders, no predictable names, refused foreign hosts, culled kernels, nothing
left behind after Ctrl-C, SIGTERM, SIGHUP or SIGKILL. Real processes, no browser."""
from __future__ import annotations

import getpass
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.browser.conftest import free_port, wait_http
from tests.conftest import LESSONS, ROOT

pytestmark = pytest.mark.servers


def wait_for(predicate, timeout: float, step: float = 0.5) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def env_with_tmp(tmp: Path, **extra: str) -> dict[str, str]:
    """A private TMPDIR, so the folders a command leaves can be counted."""
    return {**os.environ, "TMPDIR": str(tmp), **extra}


def kernels_of(pid: int) -> list[psutil.Process]:
    """Running ipykernel processes below ``pid``."""
    try:
        procs = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    out = []
    for p in procs:
        try:
            if "ipykernel" in " ".join(p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.Error:
            pass
    return out


def alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.Error:
            pass
    return out


def kijkverder(*args: str, tmp: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kijkverder.cli", *args], cwd=ROOT,
                            env=env_with_tmp(tmp, **kw.pop("env", {})), stdout=kw.pop("stdout"),
                            stderr=subprocess.STDOUT, **kw)


# ------------------------------------------------------------------ private folders (18.1)
def squat(tmp: Path) -> Path:
    """What another local user could do: pre-create the old fixed config folder, world-writable,
    with a server config that runs code."""
    squatted = tmp / f"kijkverder-lab-config-{getpass.getuser()}"
    squatted.mkdir()
    squatted.chmod(0o777)
    (squatted / "jupyter_server_config.py").write_text(
        f"open({str(tmp / 'PWNED')!r}, 'w').write('x')\n", "utf-8")
    return squatted


def test_lab_teacher_runs_the_widgets_as_teacher_and_students_never(tmp_path: Path,
                                                                     monkeypatch) -> None:
    from kijkverder.lab import lab_command

    monkeypatch.setenv("KIJKVERDER_VIEW", "teacher")  # left over in the teacher's shell
    work = tmp_path / "work"
    work.mkdir(mode=0o700)
    assert "KIJKVERDER_VIEW" not in lab_command(str(LESSONS), work)[1]
    monkeypatch.delenv("KIJKVERDER_VIEW")
    assert lab_command(str(LESSONS), work, teacher=True)[1]["KIJKVERDER_VIEW"] == "teacher"


def test_lab_config_is_a_fresh_private_folder(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    from kijkverder.lab import lab_command

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    squatted = squat(tmp_path)
    work = tmp_path / "work"
    work.mkdir(mode=0o700)
    cmd, env = lab_command(str(LESSONS), work)
    ours = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]
    assert str(squatted) not in env["JUPYTER_CONFIG_PATH"]
    assert Path(ours).is_relative_to(work)
    st = os.stat(ours)
    assert st.st_uid == os.getuid() and st.st_mode & 0o077 == 0
    # widget state is never saved into a notebook, also not by a user's own setting
    settings = json.loads((Path(next(a.split("=", 1)[1] for a in cmd if a.startswith(
        "--LabApp.user_settings_dir="))) / "@jupyter-widgets" / "jupyterlab-manager"
        / "plugin.jupyterlab-settings").read_text("utf-8"))
    assert settings == {"saveState": False}


def test_private_dir_refuses_foreign_or_shared_folders(tmp_path: Path) -> None:
    from kijkverder.serve import UnsafeFolder, ensure_private

    ok = tmp_path / "ok"
    ok.mkdir(mode=0o700)
    ensure_private(ok)
    for mode in (0o777, 0o770, 0o702):
        bad = tmp_path / f"bad{mode:o}"
        bad.mkdir()
        bad.chmod(mode)
        with pytest.raises(UnsafeFolder, match=str(bad)):
            ensure_private(bad)
    link = tmp_path / "link"
    link.symlink_to(ok)
    with pytest.raises(UnsafeFolder):
        ensure_private(link)
    if os.getuid() != 0:  # root owns everything; the owner check needs another user's folder
        with pytest.raises(UnsafeFolder, match="owner"):
            ensure_private(Path("/"))


def test_no_fixed_temp_names_in_the_product() -> None:
    """Every temp folder comes from mkdtemp/TemporaryDirectory (fresh, private), never from a
    name built on gettempdir() or a literal /tmp path."""
    offenders = []
    for d in ("kijkverder", "handouts", "widgets", "benchmarks", "tests"):
        for f in (ROOT / d).rglob("*.py"):
            if f.name == "test_servers.py":
                continue
            text = f.read_text("utf-8")
            for pat in (r"gettempdir\(\)\s*\)?\s*/", r"[\"']/tmp/"):
                if re.search(pat, text):
                    offenders.append(f"{f.relative_to(ROOT)}: {pat}")
    assert offenders == []


def test_stale_copies_are_removed_only_when_ours_and_dead(tmp_path: Path) -> None:
    from kijkverder.serve import MARKER, make_private_dir, remove_stale

    dead = make_private_dir("kijkverder-present-", tmp_path)
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout.strip()
    (dead / MARKER).write_text(dead_pid, "utf-8")
    live = make_private_dir("kijkverder-present-", tmp_path)  # marker: this (running) process
    unmarked = tmp_path / "kijkverder-present-notours"
    unmarked.mkdir()
    other_prefix = make_private_dir("something-else-", tmp_path)
    (other_prefix / MARKER).write_text(dead_pid, "utf-8")
    removed = remove_stale("kijkverder-present-", tmp_path)
    assert removed == [dead]
    assert not dead.exists() and live.exists() and unmarked.exists() and other_prefix.exists()


def test_a_folder_killed_before_its_marker_is_still_removed(tmp_path: Path) -> None:
    """A run killed between creating its folder and writing the marker (the CI flake of the
    SIGKILL preview test) leaves nothing the next run cannot remove: the folder's own name says
    whose it is."""
    code = (
        "import os, pathlib, sys\n"
        "from kijkverder import serve\n"
        "real = pathlib.Path.write_text\n"
        "def killed(self, *a, **k):\n"
        "    if self.name == serve.MARKER: os._exit(9)  # the kill comes now\n"
        "    return real(self, *a, **k)\n"
        "pathlib.Path.write_text = killed\n"
        "serve.make_private_dir('kijkverder-build-', pathlib.Path(sys.argv[1]))\n")
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 9, res.stderr
    left = list(tmp_path.glob("kijkverder-build-*"))
    assert len(left) == 1
    from kijkverder.serve import remove_stale

    assert remove_stale("kijkverder-build-", tmp_path) == left
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ present: wrong lessons (18.8)
@pytest.mark.parametrize("spec, expected", [
    ("", "lesson: empty"),
    ("99", "no lesson '99'"),
    ("00", "audience: docenten"),
])
def test_present_refuses_empty_unknown_and_teacher_lessons(spec: str, expected: str,
                                                           tmp_path: Path) -> None:
    port = free_port()
    try:
        r = subprocess.run([sys.executable, "-m", "kijkverder.cli", "present", spec, "--no-browser",
                            f"--port={port}"], cwd=ROOT, env=env_with_tmp(tmp_path),
                           capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"present {spec!r} started a server")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], r.stderr
    assert r.stdout == ""
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ the projector server (18.3)
@pytest.fixture
def voila(tmp_path: Path):
    """The lesson 01 class view, started as ``kijkverder present`` does; yields (base url, token,
    process)."""
    from kijkverder.present import TEMPLATE, new_token, offline_template, prepare, voila_command, voila_env

    root = tmp_path / "present"
    nb = prepare("01", dest=root)
    share = offline_template(root)
    port, token = free_port(), new_token()
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(voila_command(nb, port), env=voila_env(False, share, token),
                            cwd=nb.parent, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/voila/templates/{TEMPLATE}/static/projector.css", proc)
        yield f"http://127.0.0.1:{port}", token, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def raw_get(url: str, host: str | None = None, read: bool = True) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    conn.putrequest("GET", u.path + (f"?{u.query}" if u.query else ""), skip_host=True)
    conn.putheader("Host", host or u.netloc)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read() if read else r.read(200)
    conn.close()
    return r.status, body


def test_projector_refuses_foreign_hosts_and_requests_without_token(voila) -> None:
    base, token, proc = voila
    for host, query in (("evil.example", ""), ("evil.example:80", ""), ("127.0.0.1", "")):
        status, body = raw_get(f"{base}/{query}", host=host)
        assert status in (302, 401, 403), (host, status)
        assert b"kv-" not in body
    assert kernels_of(proc.pid) == []  # a refused request starts no kernel
    status, body = raw_get(f"{base}/?token={token}")
    assert status == 200 and b"Wat is uitbuiting" in body


def test_projector_page_switches_autocomplete_off_and_serves_its_stylesheet(voila) -> None:
    """The page head carries the private-fields script (``widgets/static/private-fields.js``, the
    one copy for the reflection widget and the projector view), and the projector stylesheet is
    the package's file (``kijkverder/static/projector.css``), served from the machine itself."""
    from kijkverder.present import PROJECTOR_CSS_FILE, TEMPLATE
    from widgets.reflection import PRIVATE_FIELDS_JS

    base, token, _proc = voila
    status, body = raw_get(f"{base}/?token={token}")
    head = body.decode("utf-8").split("</head>")[0]
    assert status == 200 and 'setAttribute("autocomplete", "off")' in PRIVATE_FIELDS_JS
    assert PRIVATE_FIELDS_JS.strip() in head and "static/projector.css" in head
    status, css = raw_get(f"{base}/voila/templates/{TEMPLATE}/static/projector.css")
    assert status == 200 and css == PROJECTOR_CSS_FILE.read_bytes() and b"Atkinson" in css


def test_projector_culls_kernels_of_pages_that_never_connect(voila) -> None:
    from concurrent.futures import ThreadPoolExecutor

    base, token, proc = voila
    with ThreadPoolExecutor(8) as pool:  # 8 GETs, as a page in another tab could make
        statuses = list(pool.map(lambda _: raw_get(f"{base}/?token={token}")[0], range(8)))
    assert statuses == [200] * 8
    started = len(kernels_of(proc.pid))
    assert started >= 4, started
    from kijkverder.present import CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS

    assert wait_for(lambda: kernels_of(proc.pid) == [],
                    CULL_IDLE_SECONDS + CULL_INTERVAL_SECONDS + 30), len(kernels_of(proc.pid))


# ------------------------------------------------------------------ present: signals (18.8)
def start_present(tmp: Path, *extra: str) -> tuple[subprocess.Popen, int, object]:
    port = free_port()
    log = open(tmp.parent / "present.log", "w")
    proc = kijkverder("present", "01", "--no-browser", f"--port={port}", *extra, tmp=tmp,
                      stdout=log, start_new_session=True)
    return proc, port, log


def present_url(tmp: Path, timeout: float = 15) -> str:
    """The URL ``present`` printed; it prints it once the server answers, so a caller that has
    just seen the server answer may have to wait a moment for it."""
    pattern = r"http://127\.0\.0\.1:\d+/\?token=[\w-]+"
    assert wait_for(lambda: re.search(pattern, (tmp.parent / "present.log").read_text("utf-8")),
                    timeout), (tmp.parent / "present.log").read_text("utf-8")
    return re.search(pattern, (tmp.parent / "present.log").read_text("utf-8"))[0]


@pytest.mark.parametrize("sig, group", [(signal.SIGKILL, False), (signal.SIGHUP, False),
                                        (signal.SIGHUP, True), (signal.SIGTERM, False)],
                         ids=["SIGKILL", "SIGHUP", "SIGHUP-terminal", "SIGTERM"])
def test_present_leaves_no_server_kernel_or_copy(sig: int, group: bool, tmp_path: Path) -> None:
    """``group``: the signal goes to the whole process group, as a closed terminal sends it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, port, log = start_present(tmp, "--teacher")
    below: list[psutil.Process] = []
    try:
        wait_http(f"http://127.0.0.1:{port}/voila/templates/kijkverder/static/projector.css", proc)
        assert raw_get(present_url(tmp))[0] == 200  # one page: one kernel
        below = psutil.Process(proc.pid).children(recursive=True)
        assert kernels_of(proc.pid), "the page started no kernel"
        copies = list(tmp.glob("kijkverder-present-*"))
        assert len(copies) == 1 and (copies[0].stat().st_mode & 0o077) == 0
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        proc.wait(30)
        assert wait_for(lambda: alive(below) == [], 20), [p.cmdline() for p in alive(below)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for p in alive(below):  # a failed test must not leave servers behind either
            p.kill()
        log.close()
    left = list(tmp.glob("kijkverder-present-*"))
    if sig == signal.SIGKILL:  # nothing could clean up: the next start removes the stale copy
        assert len(left) == 1
        proc, port, log = start_present(tmp)
        try:
            wait_http(f"http://127.0.0.1:{port}/voila/templates/kijkverder/static/projector.css", proc)
            assert left[0].exists() is False
        finally:
            proc.terminate()
            proc.wait(30)
            log.close()
        left = list(tmp.glob("kijkverder-present-*"))
    assert left == []
    assert list(tmp.iterdir()) == []  # nothing else either (Voilà's connection files)


# ------------------------------------------------------------------ lab (18.1, 18.10)
def test_lab_serves_a_private_student_copy_and_removes_it(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    squatted = squat(tmp)
    lessons = tmp_path / "lessons"
    import shutil

    shutil.copytree(LESSONS, lessons)
    port, token = free_port(), "kijkverder-test"
    home = tmp_path / "home"
    log = open(tmp_path / "lab.log", "w")
    proc = kijkverder("lab", "--no-browser", f"--port={port}", f"--dir={lessons}", tmp=tmp,
                      stdout=log, env={"JUPYTER_TOKEN": token, "HOME": str(home)})
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        works = [w for w in tmp.glob("kijkverder-lab-*") if w != squatted]
        assert len(works) == 1, works
        work = works[0]
        assert work.stat().st_mode & 0o077 == 0
        server = json.loads(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/contents/01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb"
            f"?token={token}", timeout=10).read())
        tags = [t for c in server["content"]["cells"] for t in c["metadata"].get("tags", [])]
        assert "teacher" not in tags  # a student copy, not the source lesson
        served = [p for p in work.rglob("01-wat-is-uitbuiting.ipynb")]
        assert served, "the student copy is not in the private folder"
        plugin = json.loads(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin"
            f"?token={token}", timeout=10).read())
        assert plugin["settings"]["saveState"] is False
        # Dutch where the language pack (371 of JupyterLab's strings) leaves English: the file
        # browser's columns, the toolbar's run button, the save state
        dutch = json.loads(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/lab/api/translations/nl_NL?token={token}",
            timeout=10).read())["data"]["jupyterlab"]
        assert {en: dutch.get(en) for en in ("Name", "Modified", "Run All Cells", "Saving…")} == {
            "Name": ["Naam"], "Modified": ["Gewijzigd"], "Run All Cells": ["Alle cellen uitvoeren"],
            "Saving…": ["Opslaan…"]}
        assert not (tmp / "PWNED").exists()  # the squatted config folder was not used
        below = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGHUP)  # a closed terminal
        proc.wait(30)
        assert wait_for(lambda: alive(below) == [], 20)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    assert list(tmp.iterdir()) == [squatted]
    assert (lessons / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb").read_bytes() == \
        (LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb").read_bytes()


def test_present_prints_and_opens_the_url_when_the_server_answers(monkeypatch, capsys) -> None:
    """Voilà's own browser opener leaves the token out (the teacher would see a login page) and
    leaves an .html file in the temp dir; ``present`` opens the URL with the token itself. The
    URL is printed (and opened) only once the server answers: a teacher who clicked a URL
    printed earlier got an error page."""
    import threading
    import webbrowser
    from http.server import HTTPServer, SimpleHTTPRequestHandler

    from kijkverder.present import _announce_when_ready, voila_command

    assert "--no-browser" in voila_command(Path("x.ipynb"), 1, open_browser=False)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    server = HTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    port = server.server_address[1]
    url = "http://127.0.0.1:9/?token=abc"
    _announce_when_ready(url, f"http://127.0.0.1:{port}/", open_browser=True, timeout=20)
    time.sleep(1)
    assert opened == [] and url not in capsys.readouterr().out  # not before the server answers
    threading.Thread(target=server.handle_request, daemon=True).start()
    assert wait_for(lambda: opened == [url], 10)
    assert f"Open in de browser: {url}" in capsys.readouterr().out
    server.server_close()


def test_lab_serves_a_student_copy_and_the_sources_only_with_teacher(tmp_path: Path,
                                                                     monkeypatch) -> None:
    import tempfile

    import kijkverder.lab as labmod

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[tuple[str, bool]] = []

    def fake_server(cmd, env, cwd=None, on_exit=None) -> int:
        served = next(a.split("=", 1)[1] for a in cmd if a.startswith("--notebook-dir="))
        seen.append((served, Path(served, "01-wat-is-uitbuiting", "01-wat-is-uitbuiting.ipynb").exists()))
        return 0

    monkeypatch.setattr(labmod, "run_server", fake_server)
    assert labmod.lab(str(LESSONS), teacher=True, open_browser=False) == 0
    assert labmod.lab(str(LESSONS), teacher=False, open_browser=False) == 0
    (teacher_dir, _), (student_dir, student_has_01) = seen
    assert teacher_dir == str(LESSONS)
    assert Path(student_dir).is_relative_to(tmp_path) and student_has_01
    assert list(tmp_path.iterdir()) == []  # the private folder is gone afterwards


def test_lab_for_students_opens_the_lesson_in_dutch_without_developer_tools(tmp_path: Path) -> None:
    """``kijkverder lab`` is a classroom, not a developer's tool: it opens straight into the
    lesson, in Dutch (the language pack is installed and chosen), with no Launcher, Terminal or
    Console, a "Start de les" button instead of ▶▶ with its "Restart Kernel?" dialog, the file
    browser showing the lessons only, and no line of code."""
    from jupyterlab_server.translation_utils import get_language_packs

    from kijkverder.lab import (LOCALE, PAGE_CONFIG, START_LABEL, lab_command, opening_notebook,
                                student_copy)

    served = student_copy(sorted(LESSONS.glob("[0-9][0-9]-*/[0-9][0-9]-*.ipynb")),
                          tmp_path / "lessen")
    first = opening_notebook(served, None)
    assert first == "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb"  # 00 is for teachers
    assert opening_notebook(served, "03").startswith("03-") and opening_notebook(served, "03").endswith(".ipynb")
    with pytest.raises(ValueError, match="'00': not among the lessons served here"):
        opening_notebook(served, "00")
    work = tmp_path / "work"
    work.mkdir(mode=0o700)
    cmd, env = lab_command(str(served), work, notebook=first)
    assert f"--LabApp.default_url=/lab/tree/{first}" in cmd
    assert "--ServerApp.terminals_enabled=False" in cmd
    assert "--ContentsManager.hide_globs=*.yaml" in cmd  # content files stay out of sight
    disabled = PAGE_CONFIG["disabledExtensions"]
    for plugin in ("@jupyterlab/launcher-extension", "@jupyterlab/terminal-extension",
                   "@jupyterlab/console-extension"):
        assert disabled[plugin] is True
    page_config = json.loads((Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]) / "labconfig"
                              / "page_config.json").read_text("utf-8"))
    assert page_config == PAGE_CONFIG
    settings = Path(next(a.split("=", 1)[1] for a in cmd if a.startswith("--LabApp.user_settings_dir=")))
    locale = json.loads((settings / "@jupyterlab" / "translation-extension"
                         / "plugin.jupyterlab-settings").read_text("utf-8"))
    assert locale == {"locale": LOCALE} and LOCALE in get_language_packs()[0]
    toolbar = json.loads((settings / "@jupyterlab" / "notebook-extension"
                          / "panel.jupyterlab-settings").read_text("utf-8"))["toolbar"]
    start = next(item for item in toolbar if item.get("label") == START_LABEL)
    # runs every cell (asks nothing), then back to the first cell
    assert start["command"] == "apputils:run-all-enabled"
    assert start["args"]["commands"][0] == "notebook:run-all-cells"
    assert {"name": "restart-and-run", "disabled": True} in toolbar
    assert "--LabApp.custom_css=True" in cmd
    css = (Path(env["JUPYTER_CONFIG_DIR"]) / "custom" / "custom.css").read_text("utf-8")
    assert ".jp-CodeCell .jp-Cell-inputWrapper { display: none" in css
    # the teacher opens the source lessons as they are: every file, the code
    cmd, env = lab_command(str(LESSONS), tmp_path / "work", student=False)
    assert not any(a.startswith(("--ContentsManager.hide_globs", "--LabApp.custom_css")) for a in cmd)
