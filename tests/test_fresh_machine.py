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


def _source_copy(tmp_path: Path) -> Path:
    """A copy of what the project's wheel is built from (as :func:`site.project_wheel` copies
    it): pyproject.toml, README.md and the packages of :data:`site.PROJECT_PACKAGES`."""
    import shutil

    from tests.conftest import ROOT

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for pkg in site.PROJECT_PACKAGES:
        shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    return src


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
    monkeypatch.setattr(site.downloads, "pins", lambda: only_sdists)
    cache = tmp_path / "site-cache"
    wheels = site.fetch_wheels(cache, {"packages": {}}, lambda m: None)
    assert set(wheels) == {site.base._norm(n) for n in real["sdist"]}
    for wheel in wheels.values():
        assert wheel.name.endswith("-py3-none-any.whl"), wheel
        assert wheel.parent == cache / "wheels"
    assert not any(p.name.lower().startswith("cython") for p in (cache / "wheels").iterdir())


def test_pip_install_without_extras_builds_a_worksheet(tmp_path: Path) -> None:
    """``pip install .`` (no extras) into a new virtual environment is a working install: the
    gate (reading level: textstat) and the print renderer (mistune) are runtime dependencies.
    Installed from a copy of the sources, so the build leaves nothing in the project folder."""
    import shutil
    import subprocess
    import sys

    from tests.conftest import LESSONS

    src = _source_copy(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # --no-compile: byte-compiling ~100 packages is half the install time and not what this
    # test is about (Python compiles what the command imports)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "--no-compile", "--disable-pip-version-check", str(src)],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    # the test-only packages are not installed along
    for test_only in ("pytest", "pypdf", "playwright"):
        shown = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "show", "--quiet",
                                test_only], capture_output=True, text=True)
        assert shown.returncode != 0, f"{test_only} is installed by pip install . (test-only)"
    work = tmp_path / "work"
    shutil.copytree(LESSONS, work / "lessons", ignore=shutil.ignore_patterns(
        ".ipynb_checkpoints", "*.json"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    res = subprocess.run([str(venv / "bin" / "kijkverder"), "handouts", "01", "--out", "pdf",
                          "--no-book", "--jobs", "1"], cwd=work, env=env, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    worksheet = work / "pdf" / "01-wat-is-uitbuiting-werkblad.pdf"
    assert worksheet.is_file() and worksheet.read_bytes().startswith(b"%PDF"), \
        sorted(p.name for p in (work / "pdf").iterdir())


def test_project_wheel_is_rebuilt_when_any_packaged_source_changes(tmp_path: Path) -> None:
    """The cached project wheel is keyed on every package it holds: a change in ``handouts``
    (a package the key covers) must not ship last run's wheel. The wheel holds every file of the
    packages the kernel imports, and nothing of the others."""
    src = _source_copy(tmp_path)
    cache = tmp_path / "cache"
    first = site.project_wheel(cache, lambda m: None, root=src)
    with (src / "handouts" / "__init__.py").open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    second = site.project_wheel(cache, lambda m: None, root=src)
    assert second != first
    with (src / "widgets" / "__init__.py").open("a", encoding="utf-8") as f:
        f.write("\n# changed too\n")
    third = site.project_wheel(cache, lambda m: None, root=src)
    assert third not in (first, second)
    import zipfile
    with zipfile.ZipFile(third) as z:
        assert "# changed too" in z.read("widgets/__init__.py").decode()
        names = set(z.namelist())
        record = z.read(next(n for n in names if n.endswith(".dist-info/RECORD"))).decode()
        top_level = z.read(next(n for n in names if n.endswith(".dist-info/top_level.txt")))
    # every file of the kernel's packages is in the wheel: modules, and templates, static files
    # and data (the package data pyproject.toml declares); the tool and the print side are not
    # (the kernel never imports them), also not in its RECORD
    sources = {str(p.relative_to(src)) for pkg in site.KERNEL_PACKAGES
               for p in (src / pkg).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert "widgets/templates/helpcard.html.j2" in sources
    assert sorted(sources - names) == []
    assert site.KERNEL_PACKAGES == ("widgets",) and top_level.split() == [b"widgets"]
    others = [n for n in names | {ln.split(",")[0] for ln in record.splitlines()}
              if n.split("/")[0] in ("kijkverder", "handouts")]
    assert others == []
    assert set(site.KERNEL_PACKAGES) < set(site.PROJECT_PACKAGES)


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_ctrl_c_on_a_cold_site_build_leaves_no_process_and_no_temp_folder(tmp_path: Path) -> None:
    """Issue 23 item 3: a teacher who presses Ctrl-C while ``kijkverder site`` downloads and
    builds (empty caches) gets the prompt back with nothing left running and no temp folder. A
    terminal's Ctrl-C goes to the whole foreground process group: so does this SIGINT."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    from tests.conftest import ROOT
    from tests.processes import as_a_terminal_starts_it

    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache),
           "PIP_CACHE_DIR": str(tmp_path / "pip"), "npm_config_cache": str(tmp_path / "npm"),
           "PYTHONPATH": str(ROOT)}
    env.pop("KIJKVERDER_SITE_CACHE", None)
    out = tmp_path / "web" / "site"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "site", "--out", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True,
                            preexec_fn=as_a_terminal_starts_it)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        # in the middle of the download and build: a child (npm or pip) is running
        while time.monotonic() < deadline and proc.poll() is None:
            kids = _descendants(proc.pid)
            seen.update(kids)
            if kids and time.monotonic() > deadline - 110:
                break
            time.sleep(0.1)
        assert proc.poll() is None and seen, "the build did not get to its downloads"
        seen.update(_descendants(proc.pid))
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode != 0 and "Traceback" not in output, output
    left = [p for p in seen if psutil.pid_exists(p)
            and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
    assert left == [], [psutil.Process(p).cmdline() for p in left]
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".kv-site-")) == []
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith(("kv-", "kijkverder-"))) == []
