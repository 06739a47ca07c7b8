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
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LESSONS = lesson_notebooks()


def _sources(nb_path: Path) -> list[tuple[str, str]]:
    nb = nbformat.read(nb_path, as_version=4)
    return [(c.cell_type, c.source) for c in nb.cells]


def _ignored_paths() -> list[str]:
    """The notebook paths the comparison ignores (``nb_diff_ignore`` in pyproject.toml) that are
    whole top-level metadata keys: not worth storing."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    ignore = config["tool"]["pytest"]["ini_options"]["nb_diff_ignore"]
    return [p.split("/")[2] for p in ignore if p.startswith("/metadata/") and p.count("/") == 2]


def _strip_ignored(ref: Path) -> None:
    """Drop what the comparison ignores from a freshly written reference (the widget state is
    ~95 % of its bytes: every regeneration rewrote ~400 KB per lesson nobody compares)."""
    nb = nbformat.read(ref, as_version=4)
    for key in _ignored_paths():
        nb.metadata.pop(key, None)
    for cell in nb.cells:  # random per run and replaced before comparing (nb_diff_replace)
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = "MODEL_ID"
    nbformat.write(nb, ref)


def test_references_store_nothing_the_comparison_ignores() -> None:
    """No widget state and no random model ids: a regeneration changes only what a reader
    would notice."""
    assert "widgets" in _ignored_paths()
    ids = {o["data"][WIDGET_VIEW]["model_id"] for ref in REF_DIR.glob("*.ipynb")
           for c in nbformat.read(ref, as_version=4).cells for o in c.get("outputs", [])
           if WIDGET_VIEW in o.get("data", {})}
    assert ids == {"MODEL_ID"}, sorted(ids)[:3]
    stored = {ref.name: sorted(set(_ignored_paths()) & set(nbformat.read(ref, as_version=4).metadata))
              for ref in sorted(REF_DIR.glob("*.ipynb"))}
    assert stored and all(keys == [] for keys in stored.values()), stored


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
    try:
        result = nb_regression.check(str(ref), raise_errors=True)
    finally:
        if request.config.getoption("nb_force_regen"):
            _strip_ignored(ref)
    outputs = [o for c in result.nb_final.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # every widget cell rendered a live widget view, not an error box
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == sum(1 for c in result.nb_final.cells if c.cell_type == "code")
    assert not any("ErrorBox" in o["data"].get("text/plain", "") for o in views)
