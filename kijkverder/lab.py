"""``kijkverder lab``: JupyterLab for a class on 127.0.0.1, on a shared computer.

Students get a fresh student copy of the lessons (no teacher material) in a private temp folder
(``tempfile.mkdtemp``, mode 0700) that is removed when lab stops (Ctrl-C, SIGTERM, SIGHUP; after a
SIGKILL the next start removes it). What a student types therefore ends with the session: widget
state is never saved into a notebook (``saveState: false``, set explicitly), and the autosaved
notebook itself lives only in that folder. ``--teacher`` opens the source lessons instead (with
their own ``school.yaml``; ``--school`` is refused there, since only a copy can carry another one),
and their widgets run in the teacher view: hints, the class tally, the self-check's teacher part.

The Jupyter config and settings folders of a run are private too (never a fixed name in the system
temp dir, which another local user could create first and fill with code).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from .serve import UnsafeFolder, ensure_private, make_private_dir, remove_stale, run_server

#: JupyterLab settings for a classroom: no news popup, no update checks, no extension manager
#: queries to PyPI. Nothing leaves the machine.
LAB_QUIET = ["--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabServerApp.extension_manager=readonly"]
#: Prefix of the private temp folder of a run.
WORK_PREFIX = "kijkverder-lab-"
#: JupyterLab user settings of a run: widget state is never written into a notebook.
SETTINGS = {"@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": False}}


def _jupyter_root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


#: JupyterLab front-end plugins switched off for a class: the news popup (and its update check).
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def lab_config_dir(work: Path) -> str:
    """A Jupyter config folder inside the private folder ``work`` whose
    ``labconfig/page_config.json`` disables the announcements plugin (the news popup and its update
    check). It is put on ``JUPYTER_CONFIG_PATH`` in front of the user's own config, which stays in
    effect."""
    ensure_private(work)
    cfg = Path(work) / "config"
    (cfg / "labconfig").mkdir(parents=True, exist_ok=True, mode=0o700)
    cfg.chmod(0o700)
    (cfg / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG), "utf-8")
    return str(ensure_private(cfg))


def lab_settings_dir(work: Path) -> str:
    """JupyterLab user settings and workspaces of this run, in the private folder ``work``."""
    ensure_private(work)
    settings = Path(work) / "settings"
    for name, value in SETTINGS.items():
        f = settings / name
        f.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        f.write_text(json.dumps(value), "utf-8")
    settings.chmod(0o700)
    return str(settings)


def lab_command(directory: str, work: Path, ip: str = "127.0.0.1", port: int = 8888,
                open_browser: bool = True, teacher: bool = False) -> tuple[list[str], dict[str, str]]:
    """The JupyterLab command line and environment of ``kijkverder lab`` serving ``directory``,
    with its config, settings and workspaces in the private folder ``work``. ``teacher``: the
    kernels run the widgets in the teacher view (``KIJKVERDER_VIEW=teacher``: the source lessons
    are served in place, so no ``kijkverder-view.yaml`` is written next to them); otherwise any
    such override from the caller's environment is dropped (the student copy's file decides)."""
    env = {k: v for k, v in os.environ.items() if k != "KIJKVERDER_VIEW"}
    if teacher:
        env["KIJKVERDER_VIEW"] = "teacher"
    env = {**env, "JUPYTER_CONFIG_PATH": os.pathsep.join(
        [lab_config_dir(work), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])]),
        # server info with its token, and kernel connection files: private, gone with the folder
        "JUPYTER_RUNTIME_DIR": str(Path(work) / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={directory}",
           f"--ServerApp.ip={ip}", f"--ServerApp.port={port}", *LAB_QUIET,
           f"--LabApp.user_settings_dir={lab_settings_dir(work)}",
           f"--LabApp.workspaces_dir={Path(work) / 'workspaces'}",
           *_jupyter_root_flags()]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd, env


def student_copy(notebooks: list[Path], out: Path, school: Path | None = None) -> Path:
    """Write the student copy of ``notebooks`` into ``out``: the one writer, only the lessons for
    students that pass ``kijkverder check`` (refused ones are named on stderr); ``school``: another
    school profile than ``school.yaml`` next to the lessons."""
    from .release import release

    result = release(notebooks, out, log=lambda _m: None, school=school)
    for lesson, problems in result.refused.items():
        for p in problems:
            print(p, file=sys.stderr)
        print(f"kijkverder lab: {lesson} left out: it fails kijkverder check", file=sys.stderr)
    if result.refused and not result.notebooks:
        raise ValueError(f"{notebooks[0].parent.parent}: no lesson passes kijkverder check (the "
                         "problems are above); lab did not start (fix them, then start again)")
    return out


def lab(directory: str = "lessons", teacher: bool = False, ip: str = "127.0.0.1", port: int = 8888,
        open_browser: bool = True, school: Path | None = None) -> int:
    """Run JupyterLab until Ctrl-C, SIGTERM or SIGHUP; then stop it and remove the private folder.
    ``school``: another school profile than ``school.yaml`` next to the lessons, in the student copy.

    Raises :class:`ValueError` (before anything starts) when ``directory`` holds no lessons, when
    ``school`` fails ``kijkverder check``, or for ``school`` with ``teacher``."""
    from .lessons import all_lessons
    from .release import school_refusal

    if teacher and school is not None:
        raise ValueError(f"{school}: --school: not with --teacher (the teacher opens the source "
                         f"lessons in {directory}, which use {Path(directory) / 'school.yaml'}; "
                         "copy the profile there, or leave out --teacher)")
    refusal = school_refusal(school, "lab")
    if refusal:
        raise ValueError(refusal)
    notebooks = all_lessons(Path(directory))
    if not notebooks and not teacher:
        raise ValueError(f"{directory}: --dir: no lessons (NN-slug/NN-slug.ipynb) found (run this "
                         "in the project folder or give --dir)")
    remove_stale(WORK_PREFIX)
    work = make_private_dir(WORK_PREFIX)
    try:
        served = directory if teacher else str(student_copy(notebooks, work / "lessen", school))
        cmd, env = lab_command(served, work, ip, port, open_browser, teacher=teacher)
        return run_server(cmd, env, cwd=served)
    finally:
        shutil.rmtree(work, ignore_errors=True)


__all__ = ["LAB_QUIET", "UnsafeFolder", "lab", "lab_command", "lab_config_dir", "student_copy"]
