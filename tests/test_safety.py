"""Safety and privacy: no network, no leaks of student input to disk, contact details only from
the registry, lessons give the same outputs every run."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kijkverder.check import is_school_profile
from kijkverder.textrules import PHONE_RE, URL_RE
from tests.conftest import LESSONS, ROOT, lesson_notebooks
from widgets.registry import DOMAIN_RE, PHONE_RE as REG_PHONE_RE, registry

NOTEBOOKS = lesson_notebooks()
NETGUARD = Path(__file__).resolve().parent / "netguard"


# ----------------------------------------------------------------------------- registry
def test_registry_entries_are_well_formed() -> None:
    reg = registry()
    ids = [o.id for o in reg.organisations]
    assert len(ids) == len(set(ids))
    for o in reg.organisations:
        assert o.phone or o.web, o.id
        if o.phone:
            assert REG_PHONE_RE.match(o.phone), o.phone
        if o.web:
            assert DOMAIN_RE.match(o.web) and o.url == f"https://{o.web}"
    # the organisations' own domains: a domain contains a recognisable part of the name or id
    for o in reg.organisations:
        if o.web:
            stem = o.web.split(".")[0].replace("-", "")
            assert stem[:5] in (o.name + o.id).lower().replace(" ", "").replace("-", "") \
                or stem in ("keerpunt", "chatmetfier", "hetckm"), o.web


@pytest.mark.parametrize("good", ["0800-2000", "0900-8844", "0900-1113111", "020-2615275", "112"])
def test_registry_accepts_dutch_service_numbers(good: str) -> None:
    """0800 and 0900 numbers have four or seven digits (the vertrouwensinspecteurs: 0900-1113111)."""
    from widgets.registry import Organisation

    o = Organisation.model_validate({"id": "x", "name": "X", "phone": good, "for": "iets",
                                     "topics": ["docenten"], "anonymous": False, "source": "s"})
    assert o.phone == good


@pytest.mark.parametrize("bad", ["0800 1234", "+31 800 1234", "08001234", "0900-88", "911",
                                 "0900-12345", "0900-11131110"])
def test_registry_rejects_bad_phone_numbers(bad: str) -> None:
    from pydantic import ValidationError
    from widgets.registry import Organisation

    with pytest.raises(ValidationError):
        Organisation.model_validate({"id": "x", "name": "X", "phone": bad, "for": "iets",
                                     "topics": ["online"], "anonymous": True, "source": "s"})


@pytest.mark.parametrize("bad", ["http://helpwanted.nl", "https://helpwanted.nl", "helpwanted",
                                 "www.helpwanted.nl/pad"])
def test_registry_rejects_urls_that_are_not_bare_domains(bad: str) -> None:
    from pydantic import ValidationError
    from widgets.registry import Organisation

    with pytest.raises(ValidationError):
        Organisation.model_validate({"id": "x", "name": "X", "web": bad, "for": "iets",
                                     "topics": ["online"], "anonymous": True, "source": "s"})


def _text(f: Path) -> str:
    """A file's text; for the facts registry without its sources' URLs: the page a fact was
    checked on is a citation for the teacher (schema: https only; projected out of every
    student copy, tests/test_facts.py), not a contact detail."""
    text = f.read_text("utf-8")
    if f.name == "feiten.yaml":
        text = re.sub(r"(?m)^\s*url: https://\S+$", "", text)
    return text


def _project_texts() -> list[tuple[str, str]]:
    files = [ROOT / "README.md", *LESSONS.rglob("*.ipynb"), *LESSONS.rglob("*.yaml"),
             *(ROOT / "widgets" / "templates").glob("*.j2"), *(ROOT / "handouts" / "templates").glob("*.j2")]
    # the school profile (lessons/school.yaml and its example) is the one exemption; its schema
    # validates its contact details (tests/test_school.py)
    return [(str(f.relative_to(ROOT)), _text(f)) for f in files
            if ".ipynb_checkpoints" not in f.parts and not is_school_profile(f)]


def test_every_link_and_number_in_the_project_comes_from_the_registry() -> None:
    reg = registry()
    allowed_domains, allowed_phones = reg.domains(), reg.phones()
    foreign = []
    for name, text in _project_texts():
        for m in URL_RE.finditer(text):
            host = re.sub(r"^(https?://)?(www\.)?", "", m.group(0)).split("/")[0].rstrip(".,;:)")
            if host not in allowed_domains:
                foreign.append((name, m.group(0)))
        for m in PHONE_RE.finditer(text):
            if m.group(0) not in allowed_phones:
                foreign.append((name, m.group(0)))
    assert foreign == []


def test_lessons_never_hard_code_contact_details() -> None:
    reg = registry()
    hits = []
    for f in [*LESSONS.rglob("*.ipynb"), *LESSONS.rglob("*.yaml")]:
        text = _text(f)
        for value in [*reg.domains(), *(p for p in reg.phones() if p != "112")]:
            if value in text:
                hits.append((f.name, value))
    assert hits == []


# ----------------------------------------------------------------------------- network
def _execute(nb_path: Path, env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(nb_path, as_version=4)
    old = dict(os.environ)
    try:
        if env:
            os.environ.update(env)
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


@pytest.fixture(scope="module")
def guarded_run(tmp_path_factory):
    """``guarded_run(nb_path) -> (executed notebook, net log)``: the lesson run once in a kernel
    with the network guard, cached for this module (read-only). The network test reads it, and
    the idempotence test compares it with a second, plain run: one kernel run fewer per lesson
    than each test running its own (about a CPU second each)."""
    runs: dict[Path, tuple[nbformat.NotebookNode, Path]] = {}

    def run(nb_path: Path) -> tuple[nbformat.NotebookNode, Path]:
        if nb_path not in runs:
            netlog = tmp_path_factory.mktemp("netguard") / "net.log"
            env = {"PYTHONPATH": os.pathsep.join([str(NETGUARD), os.environ.get("PYTHONPATH", "")]),
                   "KIJKVERDER_NETLOG": str(netlog)}
            runs[nb_path] = (_execute(nb_path, env), netlog)
        return runs[nb_path]

    return run


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_lesson_runs_with_network_blocked(nb_path: Path, guarded_run) -> None:
    nb, netlog = guarded_run(nb_path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert not netlog.exists(), netlog.read_text()


def test_guard_really_blocks(tmp_path: Path) -> None:
    """The network guard itself must work, or the test above proves nothing."""
    netlog = tmp_path / "net.log"
    code = "import socket\ntry:\n    socket.create_connection(('example.org', 80), 1)\nexcept OSError as e:\n    print('blocked', e)"
    env = {**os.environ, "PYTHONPATH": str(NETGUARD), "KIJKVERDER_NETLOG": str(netlog)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "blocked" in out.stdout and "example.org" in netlog.read_text()


def test_package_uses_no_network_in_process(lesson01: Path, tmp_path: Path) -> None:
    """Building a handout in-process with sockets disabled (pytest-socket)."""
    import pytest_socket

    from handouts.render import html_to_pdf
    from kijkverder.printing import lesson_html

    pytest_socket.disable_socket()
    try:
        pdf = html_to_pdf(lesson_html(lesson01, "student"))
    finally:
        pytest_socket.enable_socket()
    assert pdf.startswith(b"%PDF")


# ----------------------------------------------------------------------------- privacy
PRIVACY_SCRIPT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import widgets
    from widgets import Quiz, Reflection, HelpCard, widget_class
    lesson = Path(sys.argv[1])
    marker = sys.argv[2]
    for nb_dir in sorted(lesson.iterdir()):
        if not nb_dir.is_dir():
            continue
        for f in sorted(nb_dir.glob("*.yaml")):
            import yaml
            kind = yaml.safe_load(f.read_text("utf-8")).get("kind")
            name = {"quiz": "Quiz", "reflection": "Reflection", "statements": "Statements",
                    "scenario": "Scenario", "sort": "SortTask", "prompts": "PromptCards",
                    "chart": "Chart", "selfcheck": "SelfCheck"}.get(kind)
            if not name:
                continue
            w = widget_class(name).load(f)
            for area in getattr(w, "areas", []):
                area.value = marker
            for q in getattr(w, "questions", []):
                if q.option_buttons:
                    q.option_buttons[0].click()
            if name == "SelfCheck":  # start and end answered: the comparison is shown
                for moment in ("voor", "na"):
                    w = widget_class(name).load(f, moment=moment)
                    for buttons in w.buttons.values():
                        buttons["beetje"].click()
    HelpCard().filter.value = "online"
    print("ok")
""")


def test_student_input_is_never_written_to_disk(tmp_path: Path) -> None:
    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for d in (home, work, tmp):
        d.mkdir()
    marker = "PRIVE-TEKST-7f3a9c"
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "MPLCONFIGDIR": str(home / "mpl"),
           "XDG_CACHE_HOME": str(home / "cache")}
    res = subprocess.run([sys.executable, "-c", PRIVACY_SCRIPT, str(LESSONS), marker], cwd=work,
                         env=env, capture_output=True, text=True)
    assert res.returncode == 0 and "ok" in res.stdout, res.stderr[-2000:]
    assert list(work.iterdir()) == []
    for d in (home, tmp):
        for f in d.rglob("*"):
            if f.is_file():
                assert marker.encode() not in f.read_bytes(), f
    assert not list(LESSONS.rglob(f"*{marker}*"))


# ----------------------------------------------------------------------------- idempotence
def _outputs(nb: nbformat.NotebookNode) -> list:
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for o in c.outputs:
            data = dict(o.get("data", {}))
            data.pop("application/vnd.jupyter.widget-view+json", None)
            out.append((o.output_type, data, o.get("text")))
    return out


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_restart_and_run_all_twice_is_identical(nb_path: Path, guarded_run) -> None:
    """Two runs in fresh kernels give the same outputs: the first with the network guard (the
    run the network test reads), the second plain, so the guard changes nothing either."""
    first, second = guarded_run(nb_path)[0], _execute(nb_path)
    assert _outputs(first) == _outputs(second)
    # one widget per code cell: a rerun never duplicates one (the Reflection also sends its
    # private-fields script, which is not a widget)
    widgets_shown = [o for c in first.cells if c.cell_type == "code" for o in c.outputs
                     if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets_shown) == sum(1 for c in first.cells if c.cell_type == "code")
