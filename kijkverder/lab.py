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
from urllib.parse import quote

from .lessons import all_lessons, resolve_lessons
from .present import CULL_IDLE_SECONDS, CULL_INTERVAL_SECONDS
from .release import release, school_refusal
from .serve import UnsafeFolder, ensure_private, make_private_dir, remove_stale, run_server

#: JupyterLab settings for a classroom: no news popup, no update checks, no extension manager
#: queries to PyPI. Nothing leaves the machine.
LAB_QUIET = ["--LabApp.news_url=None",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabServerApp.extension_manager=readonly"]
#: For a class: no terminals (and no Terminal in the menus or the launcher).
LAB_CLASS = ["--ServerApp.terminals_enabled=False"]
#: Files a student does not need to see in the file browser: the lessons' content and settings
#: files (the kernel still reads them from disk) next to JupyterLab's own defaults.
HIDDEN_FILES = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*.so", "*.dylib", "*~",
                "*.yaml", "*.yml", "*.py", "*.css", "*.md", "*.txt", ".*"]
#: A student's answers that are kept nowhere else (the self-check's start answers) live in the
#: kernel: a kernel whose tab has been closed (no connection left) is stopped after the same
#: idle time as the projector's, so the next student on the computer starts with a fresh one. A
#: kernel with an open tab is never stopped; a running cell is not idle.
KERNEL_CULLING = [f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
                  f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
                  "--MappingKernelManager.cull_connected=False"]
#: Prefix of the private temp folder of a run.
WORK_PREFIX = "kijkverder-lab-"
#: The JupyterLab locale of a class (the language pack ``jupyterlab-language-pack-nl-NL``).
LOCALE = "nl_NL"
#: Label of the notebook toolbar button that starts a lesson: Run All Cells, which, unlike
#: "Restart the kernel and run all cells" (▶▶), asks nothing (no English "Restart Kernel?"),
#: then back to the first cell (Run All leaves the student at the last one).
START_LABEL = "Start de les"
#: JupyterLab user settings of a run: widget state is never written into a notebook; Dutch
#: menus; a notebook toolbar for students (one "Start de les" button instead of ▶▶ with its
#: dialog, no cell editing buttons).
SETTINGS = {
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": False},
    "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": LOCALE},
    "@jupyterlab/notebook-extension/panel.jupyterlab-settings": {"toolbar": [
        {"name": "kv-start", "command": "apputils:run-all-enabled",
         "args": {"commands": ["notebook:run-all-cells", "notebook:extend-marked-cells-top",
                               "notebook:deselect-all"]}, "label": START_LABEL,
         "caption": START_LABEL, "icon": "ui-components:run", "rank": 5},
        *({"name": name, "disabled": True} for name in
          ("insert", "cut", "copy", "paste", "restart-and-run", "cellType")),
    ]},
    # no "New Console for Notebook" (the Console is off) in the File menu and the context menus;
    # the Run menu's "Restart Kernel and Run All Cells…" (with its dialog) stays in Kernel only
    "@jupyterlab/mainmenu-extension/plugin.jupyterlab-settings": {"menus": [
        {"id": "jp-mainmenu-file", "items": [{"command": "filemenu:create-console",
                                              "disabled": True}]},
        {"id": "jp-mainmenu-run", "items": [{"command": "runmenu:restart-and-run-all",
                                             "disabled": True}]},
    ]},
    "@jupyterlab/application-extension/context-menu.jupyterlab-settings": {"contextMenu": [
        {"command": "notebook:create-console", "selector": ".jp-Notebook", "disabled": True},
        {"command": "filemenu:create-console",
         "selector": '[data-type="document-title"].jp-mod-current', "disabled": True},
    ]},
}


def _jupyter_root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


#: JupyterLab front-end plugins switched off for a class: the news popup (and its update check),
#: the Launcher, Terminal and Console (a student opens a lesson, not a developer's tool), the
#: debugger and the extension manager.
PAGE_CONFIG = {"disabledExtensions": {name: True for name in (
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/launcher-extension",
    "@jupyterlab/terminal-extension",
    "@jupyterlab/console-extension",
    "@jupyterlab/debugger-extension",
    "@jupyterlab/extensionmanager-extension",
    "@jupyterlab/cell-toolbar-extension",
    # they need the Console: switched off with it (else they log an activation error)
    "@jupyterlab/inspector-extension:consoles",
    "@jupyterlab/tooltip-extension:consoles",
)}}
#: The page style of ``kijkverder lab`` for students (JupyterLab's ``custom_css``): code cells
#: show no code at all, not even the first line that JupyterLab keeps beside a hidden input.
STUDENT_CSS = """\
/* Kijk Verder: students see the lesson, not its code */
.jp-CodeCell .jp-Cell-inputWrapper { display: none !important; }
"""


def lab_config_dir(work: Path) -> str:
    """A Jupyter config folder inside the private folder ``work`` whose
    ``labconfig/page_config.json`` disables the plugins of :data:`PAGE_CONFIG` (the news popup
    and its update check, Launcher, Terminal, Console, ...). It is put on ``JUPYTER_CONFIG_PATH`` in front of the user's own config, which stays in
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
                open_browser: bool = True, notebook: str | None = None,
                student: bool = True, cull: bool = True,
                teacher: bool = False) -> tuple[list[str], dict[str, str]]:
    """The JupyterLab command line and environment of ``kijkverder lab`` serving ``directory``,
    with its config, settings and workspaces in the private folder ``work``. ``notebook`` (a
    path relative to ``directory``) is what the browser opens: JupyterLab straight into that
    lesson. ``student``: no terminals, and the file browser shows the lessons only. ``cull``:
    stop the kernels of closed tabs (:data:`KERNEL_CULLING`; not for ``--teacher``, whose tally
    of the slips should survive a closed tab). ``teacher``: the kernels run the widgets in the
    teacher view (``KIJKVERDER_VIEW=teacher``: the source lessons are served in place, so no
    ``kijkverder-view.yaml`` is written next to them); otherwise any such override from the
    caller's environment is dropped (the student copy's file decides)."""
    from jupyter_core.paths import jupyter_config_dir

    config = lab_config_dir(work)
    env = {k: v for k, v in os.environ.items() if k != "KIJKVERDER_VIEW"}
    if teacher:
        env["KIJKVERDER_VIEW"] = "teacher"
    # our config folder is also the server's own (JUPYTER_CONFIG_DIR: where JupyterLab looks for
    # custom/custom.css); the user's own config folder stays in effect right behind it
    env = {**env, "JUPYTER_CONFIG_DIR": config, "JUPYTER_CONFIG_PATH": os.pathsep.join(
        [config, jupyter_config_dir(), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])]),
        # server info with its token, and kernel connection files: private, gone with the folder
        "JUPYTER_RUNTIME_DIR": str(Path(work) / "runtime"),
        # the kernels' IPython profile too: with a home folder that cannot be written (a fresh
        # or locked account) IPython would make a temp folder of its own and leave it behind
        "IPYTHONDIR": str(Path(work) / "ipython")}
    # JupyterLab itself, with its Dutch completed (kijkverder.labserver)
    cmd = [sys.executable, "-m", "kijkverder.labserver", f"--notebook-dir={directory}",
           f"--ServerApp.ip={ip}", f"--ServerApp.port={port}", *LAB_QUIET,
           f"--LabApp.user_settings_dir={lab_settings_dir(work)}",
           f"--LabApp.workspaces_dir={Path(work) / 'workspaces'}",
           *(KERNEL_CULLING if cull else []), *_jupyter_root_flags()]
    if notebook:
        cmd.append(f"--LabApp.default_url=/lab/tree/{quote(notebook)}")
    if student:
        custom = Path(config) / "custom"
        custom.mkdir(mode=0o700, exist_ok=True)
        (custom / "custom.css").write_text(STUDENT_CSS, "utf-8")
        cmd += [*LAB_CLASS, *(f"--ContentsManager.hide_globs={g}" for g in HIDDEN_FILES),
                "--LabApp.custom_css=True"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd, env


def student_copy(notebooks: list[Path], out: Path, school: Path | None = None) -> Path:
    """Write the student copy of ``notebooks`` into ``out``: the one writer, only the lessons for
    students that pass ``kijkverder check`` (refused ones are named on stderr); ``school``: another
    school profile than ``school.yaml`` next to the lessons."""
    result = release(notebooks, out, log=lambda _m: None, school=school)
    for lesson, problems in result.refused.items():
        for p in problems:
            print(p, file=sys.stderr)
        print(f"kijkverder lab: {lesson} left out: it fails kijkverder check", file=sys.stderr)
    if result.refused and not result.notebooks:
        raise ValueError(f"{notebooks[0].parent.parent}: no lesson passes kijkverder check (the "
                         "problems are above); lab did not start (fix them, then start again)")
    return out


def opening_notebook(served: Path, lesson: str | None) -> str | None:
    """The notebook JupyterLab opens on (relative to ``served``, with ``/``): lesson ``lesson``
    ("03", a folder name or a notebook name), or without one the first lesson there. ``None``
    when ``served`` has no lessons; :class:`ValueError` for a lesson that is not there (for
    students: not a lesson for students, or one that fails ``kijkverder check``)."""
    found = all_lessons(Path(served))
    if lesson is None:
        return found[0].relative_to(served).as_posix() if found else None
    want = Path(lesson.strip()).stem.lower()
    for nb in found:
        if want and (nb.stem == want or nb.stem.split("-", 1)[0] == want):
            return nb.relative_to(served).as_posix()
    names = ", ".join(nb.stem.split("-", 1)[0] for nb in found) or "none"
    raise ValueError(f"kijkverder lab: lesson {lesson!r}: not among the lessons served here "
                     f"({names}); give one of those numbers")


def lab(directory: str = "lessons", teacher: bool = False, ip: str = "127.0.0.1", port: int = 8888,
        open_browser: bool = True, school: Path | None = None, lesson: str | None = None,
        level: str | None = None) -> int:
    """Run JupyterLab until Ctrl-C, SIGTERM or SIGHUP; then stop it and remove the private folder.
    ``school``: another school profile than ``school.yaml`` next to the lessons, in the student copy.
    ``lesson``: the lesson JupyterLab opens on (default: the first one served).
    ``level`` (``--reeks``): only the student copies of that series (not with ``teacher``).

    Raises :class:`ValueError` (before anything starts) when ``directory`` holds no lessons, when
    ``school`` fails ``kijkverder check``, for ``school`` with ``teacher``, or for a ``lesson``
    that is not served."""
    if teacher and school is not None:
        raise ValueError(f"{school}: --school: not with --teacher (the teacher opens the source "
                         f"lessons in {directory}, which use {Path(directory) / 'school.yaml'}; "
                         "copy the profile there, or leave out --teacher)")
    refusal = school_refusal(school, "lab")
    if refusal:
        raise ValueError(refusal)
    notebooks = all_lessons(Path(directory))
    if level is not None:
        if teacher:
            raise ValueError("--reeks: not with --teacher (the teacher opens the source lessons, "
                             "both series); leave out one of them")
        notebooks = resolve_lessons([], Path(directory), level=level) if notebooks else []
    if not notebooks and not teacher:
        raise ValueError(f"{directory}: --dir: no lessons (NN-slug/NN-slug.ipynb) found (run this "
                         "in the project folder or give --dir)")
    remove_stale(WORK_PREFIX)
    work = make_private_dir(WORK_PREFIX)
    try:
        served = directory if teacher else str(student_copy(notebooks, work / "lessen", school))
        notebook = opening_notebook(Path(served), lesson)
        cmd, env = lab_command(served, work, ip, port, open_browser, notebook=notebook,
                               student=not teacher, cull=not teacher, teacher=teacher)
        return run_server(cmd, env, cwd=served)
    finally:
        shutil.rmtree(work, ignore_errors=True)


__all__ = ["LAB_QUIET", "UnsafeFolder", "lab", "lab_command", "lab_config_dir", "opening_notebook",
           "student_copy"]
