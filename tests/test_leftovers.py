"""Nothing left behind in the system temp dir (issue 12.4): a handout build, with worker
processes, leaves no ``weasyprint-*`` (or any other) folder. The build runs with its own TMPDIR so
that parallel tests do not disturb the count."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_folder


def test_handout_build_leaves_nothing_in_the_temp_dir(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "kijkverder.cli", "handouts", "01", "--out", str(out),
                        "--no-book", "--jobs", "2", "--force"], cwd=ROOT,
                       env={**os.environ, "TMPDIR": str(tmp)},
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert len(list(out.glob("*.pdf"))) >= 2
    assert sorted(p.name for p in tmp.iterdir()) == []


def test_the_shared_build_folder_belongs_to_this_run(tmp_path_factory) -> None:
    """Without xdist the shared folder is the run's basetemp, not ``/tmp/pytest-of-<user>``
    (left behind and shared by every run); under xdist the run's folder above the worker's."""
    base = tmp_path_factory.getbasetemp()
    assert run_folder(base, None) == base
    assert run_folder(Path("base/pytest-3/popen-gw1"), "gw1") == Path(
        "base/pytest-3")
