"""environment.yml (conda) and pyproject.toml must ask for the same packages and versions."""
from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _req(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = dict(map(_req, project["dependencies"] + project["optional-dependencies"]["test"]))
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, ver = _req(dep)
            if name not in ("python", "pip"):
                conda[name] = ver
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # packages that conda-forge does not have come from PyPI, in the pip part
    conda.update(_req(p) for p in pip_part if not p.startswith("-e "))
    assert conda == wanted
    assert any(p.startswith("-e .") for p in pip_part), "environment.yml must install the project"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert project["requires-python"].lstrip(">=") in python
