"""Issue 25 item 1: every command in the Dutch (teacher) part of README.md works as written,
from a fresh shell in the project folder with nothing activated (``.venv/bin`` not on PATH)."""
from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from kijkverder.cli import build_parser
from tests.conftest import ROOT

README = ROOT / "README.md"
#: The one way a teacher runs the tool.
LAUNCHER = "bin/kijkverder"
#: Programs a command in the teacher part may start with.
PROGRAMS = (LAUNCHER, "python3", "make", "kijkverder", ".venv/bin/kijkverder", "conda")


def teacher_part() -> str:
    text = README.read_text("utf-8")
    return text[:text.index("## For contributors")]


def commands(text: str) -> list[str]:
    """Every command in ``text``: the lines of code blocks and the inline code spans that start
    with a program (a file name like `lessons/school.yaml` is not a command)."""
    found: list[str] = []
    for block in re.findall(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", text, re.S | re.M):
        found += [ln.split("  #")[0].strip() for ln in block.splitlines()]
    prose = re.sub(r"^[ \t]*```[^\n]*\n.*?^[ \t]*```", "", text, flags=re.S | re.M)
    found += re.findall(r"`([^`\n]+)`", prose)
    # the launcher's name alone ("every command starts with `bin/kijkverder`") is no command
    return list(dict.fromkeys(c for c in found if c.split(" ")[0] in PROGRAMS and " " in c))


def fresh_shell(command: str) -> subprocess.CompletedProcess[str]:
    """``command`` in a new shell in the project folder: an empty environment but for HOME and
    a PATH without the project's .venv/bin (what a teacher's new terminal has). The launcher
    would set up the project's .venv again when pyproject.toml is newer than its stamp, with
    the system's python3 over the developer's environment: a test never does that."""
    stamp = ROOT / ".venv" / ".kijkverder-installed"
    if not stamp.exists() or (ROOT / "pyproject.toml").stat().st_mtime > stamp.stat().st_mtime:
        pytest.fail("pyproject.toml is newer than .venv/.kijkverder-installed: run `make setup` "
                    "first (the launcher would reinstall the project's .venv)")
    return subprocess.run(["env", "-i", f"HOME={Path.home()}", "PATH=/usr/local/bin:/usr/bin:/bin",
                           "sh", "-c", command], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


COMMANDS = commands(teacher_part())


def test_the_teacher_part_has_commands_and_only_one_way_to_run_them() -> None:
    assert len([c for c in COMMANDS if c.startswith(LAUNCHER)]) >= 10, COMMANDS
    other = [c for c in COMMANDS if c.split(" ")[0] not in (LAUNCHER, "python3")]
    assert not other, f"use {LAUNCHER} in the teacher part: {other}"
    assert not re.search(r"\b(Debian|conda|venv|pip)\b", teacher_part()), "jargon for contributors"


def test_the_launcher_is_not_on_the_path_of_a_fresh_shell() -> None:
    """The point of the exercise: a bare `kijkverder` is not found in a teacher's terminal."""
    res = fresh_shell("kijkverder --help")
    assert res.returncode == 127 and "not found" in res.stderr


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.startswith(LAUNCHER)])
def test_every_launcher_command_parses_and_runs_from_a_fresh_shell(command: str) -> None:
    args = shlex.split(command)[1:]
    build_parser().parse_args(args)  # the options as written exist (exits 2 otherwise)
    res = fresh_shell(f"{command} --help")
    assert res.returncode == 0, res.stderr
    assert f"usage: kijkverder {args[0]}" in res.stdout, res.stdout


def test_other_commands_are_found_from_a_fresh_shell() -> None:
    others = [c for c in COMMANDS if c.startswith("python3")]
    assert others  # the USB-stick web server
    for command in others:
        res = fresh_shell(f"{shlex.split(command)[0]} -m {shlex.split(command)[2]} --help")
        assert res.returncode == 0, (command, res.stderr)


def test_check_runs_for_real_from_a_fresh_shell() -> None:
    """`bin/kijkverder check`, as the README says it, on the project's own lessons: it passes and
    speaks Dutch."""
    assert "bin/kijkverder check" in COMMANDS
    res = fresh_shell("bin/kijkverder check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "alles in orde" in res.stderr


def _project(tmp_path: Path) -> Path:
    """A project folder with the launcher, a pyproject.toml and a stand-in for the installed
    tool (.venv/bin/kijkverder that echoes its arguments), set up as `make setup` leaves it."""
    import os
    import shutil

    root = tmp_path / "project"
    (root / "bin").mkdir(parents=True)
    shutil.copy2(ROOT / LAUNCHER, root / LAUNCHER)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    tool = root / ".venv" / "bin" / "kijkverder"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\necho \"installed kijkverder: $*\"\n", "utf-8")
    tool.chmod(0o755)
    stamp = root / ".venv" / ".kijkverder-installed"
    stamp.touch()
    old = stamp.stat().st_mtime - 60
    os.utime(root / "pyproject.toml", (old, old))
    return root


def test_the_launcher_runs_the_installed_tool_with_its_arguments(tmp_path: Path) -> None:
    root = _project(tmp_path)
    res = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", "sh", "-c",
                          "bin/kijkverder present 01 --school 'mijn school.yaml'"], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout == \
        "installed kijkverder: present 01 --school mijn school.yaml\n", res


def test_the_launcher_sets_up_first_and_says_in_dutch_what_is_missing(tmp_path: Path) -> None:
    """A changed pyproject.toml (or no .venv) means: set up first. Without Python the teacher
    reads what to ask for, in Dutch, and nothing runs."""
    import os

    root = _project(tmp_path)
    later = (root / ".venv" / ".kijkverder-installed").stat().st_mtime + 60
    os.utime(root / "pyproject.toml", (later, later))  # changed since the set-up
    res = subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", "PYTHON=geen-python3", "sh", "-c",
                          "bin/kijkverder check"], cwd=root, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 1 and "installed kijkverder" not in res.stdout, res
    assert "Python 3 staat niet op deze computer" in res.stderr, res.stderr
