"""``kijkverder release``: student notebooks without teacher material."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, lesson_notebooks
from tests.leaks import fragment, normalize, teacher_cell_sentences

LESSONS = lesson_notebooks()


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "release", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return out


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_released_notebook_has_no_teacher_material(released: Path, nb: Path) -> None:
    rel = released / nb.parent.name / nb.name
    student = nbformat.read(rel, as_version=4)
    assert all("teacher" not in c.metadata.get("tags", []) for c in student.cells)
    assert all("print-only" not in c.metadata.get("tags", []) for c in student.cells)
    text = normalize(" ".join(c.source for c in student.cells))
    leaks = [s for s in teacher_cell_sentences(nb) if fragment(s) in text]
    assert leaks == []
    for c in student.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None
            assert c.metadata["jupyter"]["source_hidden"] is True
    # teacher-only fields are stripped from the content files handed out with it
    for f in (released / nb.parent.name).glob("*.yaml"):
        body = f.read_text("utf-8")
        for key in ("hint:", "teacher_note:", "plan:"):
            assert key not in body, f"{f.name} still has {key}"
    original = nbformat.read(nb, as_version=4)
    kept = [c.source for c in original.cells
            if not {"teacher", "print-only"} & set(c.metadata.get("tags", []))]
    assert [c.source for c in student.cells] == kept


def test_released_lesson_still_loads(released: Path) -> None:
    from widgets import Lesson

    for nb in LESSONS:
        w = Lesson.load(released / nb.parent.name / "les.yaml")
        assert type(w).__name__ == "Lesson"
