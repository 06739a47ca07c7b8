"""Shared fixtures. Tests never read ../shared; everything they need is in the project."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# the session check that no process started by the tests outlives the run (see tests/processes.py)
from tests.processes import (pytest_configure, pytest_runtest_logfinish,  # noqa: F401
                             pytest_runtest_protocol, pytest_sessionfinish)

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
#: The tests read the contributors' English messages (``PATH: field: message``); the Dutch
#: messages a teacher gets by default are tested with this unset (tests/test_messages.py).
os.environ.setdefault("KIJKVERDER_ENGLISH", "1")


def lesson_notebooks() -> list[Path]:
    from kijkverder.lessons import all_lessons
    return all_lessons(LESSONS)


def lessons_not_for(audience: str) -> list[Path]:
    """The lessons whose ``les.yaml`` names another audience (the teacher guide, the parents'
    evening, ...): read from the lessons, never a hard-coded number."""
    from kijkverder.lessons import LessonSource

    return [nb for nb in lesson_notebooks() if LessonSource.open(nb).audience != audience]


@pytest.fixture
def lesson01() -> Path:
    return LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb"


@pytest.fixture(autouse=True)
def _reset_widget_globals():
    """Language and style are module globals; keep tests independent."""
    import widgets
    yield
    widgets.set_language(None)  # back to the runtime settings (Dutch by default)
    widgets.set_style(None)


def run_folder(basetemp: Path, worker: str | None) -> Path:
    """The folder this run's workers share: under xdist each worker's basetemp sits in the run's
    own folder (``pytest-N/popen-gwK``), so its parent; without xdist the basetemp itself (its
    parent is ``/tmp/pytest-of-<user>``, which pytest never cleans)."""
    return basetemp.parent if worker else basetemp


@pytest.fixture(scope="session")
def all_handouts(tmp_path_factory) -> Path:
    """Every lesson's PDFs and the teacher book, built once for the whole run and shared by the
    test files that only read them (test_handouts, test_paper). Under xdist each worker asks; the
    first builds, the others wait on a lock and find everything up to date (the build's cache).
    Never write into it."""
    import fcntl

    from kijkverder.build import build

    shared = run_folder(tmp_path_factory.getbasetemp(), os.environ.get("PYTEST_XDIST_WORKER"))
    out = shared / "all-handouts"
    with open(shared / "all-handouts.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = build(lesson_notebooks(), out, jobs=2, log=lambda m: None)
        assert not result.refused, result.refused
    return out


#: The test files that keep a worker busy longest (Pyodide, Voilà, JupyterLab, whole builds),
#: longest first, from the per-file times of a cold CI run. A scheduling hint, not a result:
#: ``make test`` runs ``--dist loadfile --no-loadscope-reorder``, so xdist hands out files in
#: collection order, and these go first. By default xdist orders files by their number of tests,
#: which left the site's 17 slow tests for last, with one worker idle while the other ran them.
LONGEST_FIRST = (
    "tests/browser/test_site.py",
    # a new venv, pip install and the site's cold downloads: ~260 s on a loaded run, mostly
    # waiting on the network; it was left to the middle of the run by collection order
    "tests/test_fresh_machine.py",
    "tests/browser/test_lessons.py",
    "tests/browser/test_lab.py",
    "tests/browser/test_present.py",
    "tests/test_servers.py",
    "tests/test_build.py",
    "tests/test_preview.py",
    "tests/test_release.py",
    "tests/test_accessibility.py",
    "tests/test_handouts.py",
)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Put the files of :data:`LONGEST_FIRST` first, in that order (a stable sort: the order
    within a file and of every other file stays as collected)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
