"""``kijkverder present LESSON``: the lesson in a projector view (Voilà), on 127.0.0.1 only.

The view runs a copy of the lesson: ``teacher`` cells are left out unless ``--teacher`` is given,
``print-only`` cells always; code is stripped; widgets use the projector style.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .cells import cell_in_edition
from .lessons import resolve_lessons

STYLE_CELL = "from widgets.projector import page_style\npage_style()"


def prepare(lesson: str, teacher: bool = False, dest: Path | None = None) -> Path:
    """Write the projector copy of ``lesson`` and return its notebook path."""
    import nbformat

    nb_path = resolve_lessons([lesson])[0]
    root = Path(dest) if dest else Path(tempfile.mkdtemp(prefix="kijkverder-present-"))
    lesson_dir = root / nb_path.parent.name
    lesson_dir.mkdir(parents=True, exist_ok=True)
    for f in nb_path.parent.glob("*.yaml"):
        shutil.copy2(f, lesson_dir / f.name)
    for f in nb_path.parent.parent.glob("*.yaml"):
        shutil.copy2(f, root / f.name)
    nb = nbformat.read(nb_path, as_version=4)
    view = "screen-teacher" if teacher else "screen"
    nb.cells = [c for c in nb.cells if cell_in_edition(c, view)]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    style = nbformat.v4.new_code_cell(STYLE_CELL)
    style.metadata = {"jupyter": {"source_hidden": True}}
    nb.cells.insert(0, style)
    nb.metadata.pop("widgets", None)
    target = lesson_dir / nb_path.name
    nbformat.write(nb, target)
    return target


TEMPLATE = "kijkverder"
#: Voilà front-end extensions that do not belong in a projector view (nbdime fails to load there).
DENIED_EXTENSIONS = ["nbdime-jupyterlab"]


def offline_template(root: Path) -> Path:
    """A Voilà template "kijkverder": Voilà's own lab template without its CDN stylesheet links
    (Font Awesome from cdn.jsdelivr.net), so the projector view loads nothing off-machine.
    Returns the ``share/jupyter`` folder to put on JUPYTER_PATH."""
    from jupyter_core.paths import jupyter_path

    source = next(Path(p) / "lab" / "index.html.j2" for p in jupyter_path("voila", "templates")
                  if (Path(p) / "lab" / "index.html.j2").exists())
    share = root / "share" / "jupyter"
    target = share / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    lines = source.read_text("utf-8").splitlines(keepends=True)
    offline = [ln for ln in lines if "://" not in ln or "<link" not in ln]
    (target / "index.html.j2").write_text("".join(offline), "utf-8")
    (target / "conf.json").write_text('{"base_template": "lab"}', "utf-8")
    return share


def voila_env(teacher: bool = False, share: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "KIJKVERDER_STYLE": "projector", "MPLBACKEND": "Agg"}
    if share is not None:
        env["JUPYTER_PATH"] = os.pathsep.join([str(share), *filter(None, [os.environ.get("JUPYTER_PATH")])])
    if teacher:
        env["KIJKVERDER_VIEW"] = "teacher"
    else:
        env.pop("KIJKVERDER_VIEW", None)
    return env


def voila_command(nb: Path, port: int, teacher: bool = False, open_browser: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "voila", str(nb), "--Voila.ip=127.0.0.1", f"--port={port}",
           "--Voila.port_retries=0", "--strip_sources=True", "--theme=light",
           "--VoilaConfiguration.show_tracebacks=False",
           f"--template={TEMPLATE}",
           *(f"--VoilaConfiguration.extension_denylist={e}" for e in DENIED_EXTENSIONS)]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def present(lesson: str, teacher: bool = False, port: int = 8866, open_browser: bool = True) -> int:
    nb = prepare(lesson, teacher=teacher)
    url = f"http://127.0.0.1:{port}/"
    who = "docentenweergave (met docentenmateriaal)" if teacher else "klasweergave"
    print(f"Kijk Verder · {nb.stem} · {who}\nOpen in de browser: {url}\nStoppen: Ctrl-C", flush=True)
    share = offline_template(nb.parent.parent)
    proc = subprocess.Popen(voila_command(nb, port, teacher, open_browser),
                            env=voila_env(teacher, share))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0
    finally:
        shutil.rmtree(nb.parent.parent, ignore_errors=True)
