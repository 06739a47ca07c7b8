"""A machine that has never seen the project (issue 23): empty caches, a plain ``pip install .``.

These tests download from PyPI (marked ``network``) and run with pip's cache pointed at an empty
temporary folder, so what an earlier run left behind cannot make them pass.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kijkverder import site

pytestmark = pytest.mark.network


@pytest.fixture
def empty_pip_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "pip-cache"
    cache.mkdir()
    monkeypatch.setenv("PIP_CACHE_DIR", str(cache))
    monkeypatch.delenv("PIP_NO_CACHE_DIR", raising=False)
    return cache


def test_sdist_wheels_build_with_an_empty_pip_cache_and_no_compiler(
        tmp_path: Path, empty_pip_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML and MarkupSafe have no wasm wheels: the site builds them as pure wheels from their
    sdists (``CC=false``). Their build dependencies (Cython, setuptools) must come as wheels:
    building Cython from source needs a C compiler, which a school's machine may not have."""
    real = site.pins()
    only_sdists = {**real, "wheels": {}, "wasm": {}}
    monkeypatch.setattr(site, "pins", lambda: only_sdists)
    cache = tmp_path / "site-cache"
    wheels = site.fetch_wheels(cache, {"packages": {}}, lambda m: None)
    assert set(wheels) == {site._norm(n) for n in real["sdist"]}
    for name, wheel in wheels.items():
        assert wheel.name.endswith("-py3-none-any.whl"), wheel
        assert wheel.parent == cache / "wheels"
    assert not any(p.name.lower().startswith("cython") for p in (cache / "wheels").iterdir())
