"""Nothing left behind in the system temp dir (issue 12.4): a handout build, with worker
processes, leaves no ``weasyprint-*`` (or any other) folder. The build runs with its own TMPDIR so
that parallel tests do not disturb the count."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


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
