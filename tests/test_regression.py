"""pytest-notebook regression: every lesson executes and its outputs match the stored reference.

References live in tests/regression/<lesson>.ipynb (executed copies). After changing a lesson run
``make regen`` (pytest --nb-force-regen) and review the diff.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, lesson_notebooks

REF_DIR = ROOT / "tests" / "regression"
LESSONS = lesson_notebooks()


def _sources(nb_path: Path) -> list[tuple[str, str]]:
    nb = nbformat.read(nb_path, as_version=4)
    return [(c.cell_type, c.source) for c in nb.cells]


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_lesson_matches_reference(nb: Path, nb_regression, request) -> None:
    ref = REF_DIR / nb.name
    if request.config.getoption("nb_force_regen"):
        REF_DIR.mkdir(exist_ok=True)
        shutil.copy(nb, ref)
    assert ref.exists(), f"no reference for {nb.name}: run `make regen`"
    assert _sources(ref) == _sources(nb), f"{ref.name} is out of date: run `make regen`"
    nb_regression.exec_cwd = str(nb.parent)
    nb_regression.exec_timeout = 180
    result = nb_regression.check(str(ref), raise_errors=True)
    outputs = [o for c in result.nb_final.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # every widget cell rendered a live widget view, not an error box
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == sum(1 for c in result.nb_final.cells if c.cell_type == "code")
    assert not any("ErrorBox" in o["data"].get("text/plain", "") for o in views)
