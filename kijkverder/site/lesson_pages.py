"""The lessons on the site: their copies (the lesson tree JupyterLite serves), and the two built
pages of every lesson, the student's "Open de les" (``les/<lesson>/``) and the Digibord
(``repl/<lesson>/``): JupyterLite's REPL page carrying the lesson's own cells."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..lessons import folder_files, read_notebook
from ..markdown import to_html
from ..release import write_copy
from ..targets import role_of
from .base import SiteError, _mk, static_text, templates


def write_lessons(sources: list, dest: Path, audience: str, school: Path | None = None) -> None:
    """The lesson tree of the site (``dest/NN-slug/NN-slug.ipynb`` + YAML, ``begrippen.yaml``,
    ``school.yaml``, ``kijkverder-view.yaml``), written by the one copy writer for the role of
    the site's readers (:func:`~kijkverder.targets.role_of`); ``school``: another school profile
    than ``school.yaml`` next to the lessons."""
    write_copy(sources, dest, role_of(audience), force=True, school=school)


#: Where a lesson page's first cell writes the lesson's files, in the kernel's memory.
PAGE_FILES = "/home/pyodide/kijkverder"


def lesson_files(nb_path: Path) -> dict[str, str]:
    """The files a lesson's widgets read, as a lesson page carries them (path under the lessons
    folder -> text): every file of the lesson folder but its notebook, and the shared files of
    the lessons folder (``begrippen.yaml``, ``feiten.yaml``, the school profile, the view)."""
    folder = nb_path.parent
    files = [f for f in folder_files(folder.parent) if f.is_file()]
    files += [f for f in folder_files(folder) if f.is_file() and f.suffix != ".ipynb"]
    out = {}
    for f in files:
        try:
            out[str(f.relative_to(folder.parent))] = f.read_text("utf-8")
        except (UnicodeDecodeError, ValueError):
            raise SiteError(f"{f}: not a UTF-8 text file; a lesson page carries only text "
                            "files (remove it from the lesson)") from None
    return out


def projector_cells(nb_path: Path, style: str = "projector",
                    parsed: dict[Path, Any] | None = None) -> list[str]:
    """The code cells of a lesson page (JupyterLite's REPL app runs one ``code=`` per cell):
    first a cell that writes the lesson's files (:func:`lesson_files`) into the kernel's memory
    (:data:`PAGE_FILES`: read there, the widgets' files cost no round trip each through the
    page, as the JupyterLite drive's files do) and changes into the lesson folder, and sets the
    widgets' style (``projector``
    for the Digibord, ``normal`` for the student's "Open de les"), then the lesson's cells in order
    (markdown shown as HTML drawn by :mod:`kijkverder.markdown`, since the REPL shows outputs
    only), and a last cell that scrolls back to the top. The role (student or teacher) comes from
    the site's ``kijkverder-view.yaml``. The copy is read by the lessons' one notebook reader
    (``parsed``: copies already read, by path)."""
    nb = read_notebook(nb_path, parsed)
    folder = nb_path.parent.name

    css = PROJECTOR_REPL_CSS if style == "projector" else STUDENT_REPL_CSS
    first = [
        "import os",
        "from IPython.display import HTML, display",
        f"display(HTML({css!r}))",
        "def _kv_write(files):",
        "    for name, text in files.items():",
        f"        path = os.path.join({PAGE_FILES!r}, name)",
        "        os.makedirs(os.path.dirname(path), exist_ok=True)",
        "        with open(path, 'w', encoding='utf-8') as f:",
        "            f.write(text)",
        f"_kv_write({lesson_files(nb_path)!r})",
        "del _kv_write",
        f"os.chdir({(PAGE_FILES + '/' + folder)!r})",
        f"os.environ['KIJKVERDER_STYLE'] = {style!r}",
        "import widgets",
        f"widgets.set_style({style!r})",
    ]
    cells = ["\n".join(first)]
    for c in nb.cells:
        if c.cell_type == "code":
            cells.append(c.source)
        elif c.cell_type == "markdown" and c.source.strip():
            # the REPL shows outputs only: the lesson text is displayed as HTML drawn here by the
            # project's one markdown parser (the one `check` reads with, raw HTML escaped); a
            # Markdown output would be parsed again by JupyterLite's marked, trusted
            text = c.source
            if "teacher" in c.get("metadata", {}).get("tags", []):  # only in the docenten site
                text = "**Alleen voor de docent**\n\n" + text
            body = f'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">{to_html(text)}</div>'
            cells.append(f"display(HTML({body!r}))")
    cells.append(f"display(HTML({SCROLL_TO_TOP!r}))")
    return cells

#: Shown by the first cell of a lesson page (trusted output, so the style applies to the page):
#: hides the REPL's ``[n]:`` prompts and its empty prompt cell (``static/repl.css``), with a calm
#: column in projector sizes for the Digibord (``static/repl-projector.css``) or at screen size
#: for the student's lesson page (``static/repl-student.css``).
#: (On one line: the cells travel in the page's address.)
PROJECTOR_REPL_CSS = "<style>" + " ".join(
    (static_text("repl.css") + static_text("repl-projector.css")).split()) + "</style>"
STUDENT_REPL_CSS = "<style>" + " ".join(
    (static_text("repl.css") + static_text("repl-student.css")).split()) + "</style>"

#: The last cell of a lesson page: back to the lesson's start once the REPL has finished
#: scrolling to the newest output (it does so after every cell).
SCROLL_TO_TOP = static_text("scroll-to-top.html").strip()

#: JupyterLite's service worker, left out of the lesson pages (they carry their files): with it
#: the kernel mounts the drive and changes into it, so every top-level import in Python stats the
#: drive with a synchronous request through the service worker to the page (84 for lesson 01,
#: about 0.7 s of a warm visit); without it the browser also keeps no registration of it.
SERVICE_WORKER_PLUGIN = "@jupyterlite/application-extension:service-worker-manager"

#: The two built pages of every lesson: (folder of the site, widget style). ``repl/`` is the
#: Digibord, ``les/`` what "Open de les" opens for a student.
LESSON_PAGES = {"digibord": ("repl", "projector"), "les": ("les", "normal")}


def projector_url(folder: str) -> str:
    """The Digibord page of the lesson in ``folder`` (see :func:`write_projector_pages`)."""
    return f"repl/{quote(folder)}/index.html"


def lesson_url(folder: str) -> str:
    """The student's page of the lesson in ``folder``: the lesson runs on open, no code shown."""
    return f"les/{quote(folder)}/index.html"


#: Put into each built lesson page before JupyterLite's loader: the REPL app reads its cells
#: (``code``) and options from the address, so the page first replaces its whole address (query
#: ``repl/index.html`` of the site: JupyterLite's REPL app would run any ``code=`` of a link to
#: it, so the bare app is not on the site; its config element stays for the lesson pages below.
REPL_INDEX_HTML = static_text("repl-index.html")


def write_projector_pages(out: Path, cells: dict[str, list[str]],
                          student: dict[str, list[str]] | None = None,
                          titles: dict[str, str] | None = None) -> None:
    """The built pages of every lesson: the Digibord, ``repl/<folder>/index.html`` (``cells``),
    and the student's lesson page, ``les/<folder>/index.html`` (``student``): JupyterLite's REPL
    page one folder deeper, carrying the lesson's cells (``templates/lesson-cells.html.j2``) and a
    Dutch loading message (``templates/loading.html.j2``); then the bare REPL page, which would
    take code from its address, is replaced by :data:`REPL_INDEX_HTML`."""
    repl = out / "repl" / "index.html"
    page = repl.read_text("utf-8")
    marker = "<script>\n      (async function () {"
    if marker not in page or 'data-jupyter-lite-root=".."' not in page or not re.search(
            r"<body[^>]*>", page):
        raise SiteError(f"{repl}: unexpected JupyterLite REPL page (no loader script); the "
                        "lesson pages cannot be built")
    # (the root last: replaced first, it was made one folder too deep by the relative paths)
    deeper = (page.replace('"../', '"../../').replace("'../", "'../../")
              .replace('data-jupyter-lite-root=".."', 'data-jupyter-lite-root="../.."')
)
    cfg = json.loads((out / "repl" / "jupyter-lite.json").read_text("utf-8"))
    data_cfg = cfg.setdefault("jupyter-config-data", {})
    # the REPL app's settings path is relative to the page: one folder deeper here
    if str(data_cfg.get("settingsUrl", "")).startswith("../"):
        data_cfg["settingsUrl"] = "../" + data_cfg["settingsUrl"]
    # the lesson pages carry their files: no service worker, no drive in the kernel
    data_cfg["disabledExtensions"] = [*data_cfg.get("disabledExtensions", []),
                                      SERVICE_WORKER_PLUGIN]
    kinds = [("repl", cells), *((("les", student),) if student is not None else ())]
    # the cells first: the REPL app reads its cells (``code``) and options from the address, so
    # the page replaces its whole address (query and ``#…``) with the cells it carries itself
    # (code in a link to the page is dropped before the app starts); then the loading message,
    # over the page until the first widget is drawn, which keeps the page at the lesson's top
    # while the cells run (the REPL scrolls to every new output) until the student scrolls
    carry, loader = (templates().get_template(name)
                     for name in ("lesson-cells.html.j2", "loading.html.j2"))
    for base, by_folder in kinds:
        for folder, lesson_cells in by_folder.items():
            title = (titles or {}).get(folder, "Kijk Verder")
            loading = loader.render(total=len(lesson_cells), title=title)
            built = re.sub(r"<body[^>]*>", lambda m, loading=loading: m.group(0) + "\n" + loading,
                           deeper.replace(marker, carry.render(cells=lesson_cells) + marker, 1),
                           count=1)
            dest = _mk(out / base / folder)
            (dest / "index.html").write_text(built, "utf-8")
            (dest / "jupyter-lite.json").write_text(json.dumps(cfg, indent=1), "utf-8")
            shutil.copy2(out / "repl" / "jupyter-lite.ipynb", dest / "jupyter-lite.ipynb")
    repl.write_text(REPL_INDEX_HTML, "utf-8")
    if student is not None:
        # JupyterLite reads the configuration of every folder between the page and the root
        (out / "les" / "index.html").write_text(REPL_INDEX_HTML, "utf-8")
        (out / "les" / "jupyter-lite.json").write_text(json.dumps(
            {"jupyter-lite-schema-version": 0, "jupyter-config-data": {}}), "utf-8")
        # and its ``jupyter-lite.ipynb`` (no configuration, as ``repl/``'s): a missing one is a
        # 404 the browser does not cache, a round trip before the app starts on every visit
        shutil.copy2(out / "repl" / "jupyter-lite.ipynb", out / "les" / "jupyter-lite.ipynb")
