"""``kijkverder present LESSON``: the lesson in a projector view (Voilà), on 127.0.0.1 only.

The view runs a temporary copy of the lesson: ``teacher`` cells are left out unless ``--teacher``
is given, ``print-only`` cells always; code is stripped; widgets use the projector style
(``KIJKVERDER_STYLE=projector``).

The page uses a Voilà template "kijkverder" that is Voilà's own ``lab`` template without its CDN
stylesheet links (Font Awesome from cdn.jsdelivr.net; Voilà's own bundle already carries the
icon font) plus a projector stylesheet (``static/projector.css``: large type, high contrast, the
bundled Atkinson Hyperlegible Next font). Voilà serves a template's ``static/`` folder itself,
so nothing is loaded from outside the machine (Voilà's lab template already drops nbconvert's
require.js and MathJax CDN scripts; the browser tests record every request).

Voilà answers only requests that carry the run's secret token (``?token=…`` in the URL that
``present`` prints and opens; Voilà then sets a login cookie). A token rather than a Host-header
allow-list, because Voilà 0.5 hard-codes ``allow_remote_access=True`` and a token also stops the
other attack: a page in another tab (its Host header is a correct ``127.0.0.1``) can no longer
start kernels by requesting the lesson. The token travels in the environment (``JUPYTER_TOKEN``),
not on the command line, which other local users can read. Kernels whose page never connected or
has gone are culled after :data:`CULL_IDLE_SECONDS`.

The functions are separate so tests and benchmarks can start a server on a free port::

    nb = prepare("01", teacher=False, dest=tmp)
    share = offline_template(tmp)
    token = new_token()
    subprocess.Popen(voila_command(nb, port), env=voila_env(False, share, token))
    url = f"http://127.0.0.1:{port}/?token={token}"
"""
from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

from handouts import fonts_folder
from widgets.contentio import ContentError
from widgets.reflection import PRIVATE_FIELDS_JS
from widgets.schema import load_content

from .lessons import LESSON_FILE, LessonNotFound, resolve_lessons
from .release import copy_lesson, school_refusal
from .serve import UnsafeFolder, make_private_dir, remove_stale, run_server  # noqa: F401  (for cli)
from .targets import TARGETS, Target, role_of

TEMPLATE = "kijkverder"
#: Voilà front-end extensions that do not belong in a projector view: they fail to load there
#: (nbdime; JupyterLite's in-browser Pyodide kernel, installed for the static site, logs errors).
DENIED_EXTENSIONS = ["nbdime-jupyterlab", "@jupyterlite/pyodide-kernel-extension"]
#: Prefix of the private temp folder that holds a projector copy (stale ones are removed).
COPY_PREFIX = "kijkverder-present-"
#: A kernel whose page never connected, or whose page has gone, is stopped after this many idle
#: seconds (a connected page is never culled; a kernel that is still executing is not idle).
CULL_IDLE_SECONDS = 20
CULL_INTERVAL_SECONDS = 5

#: The page style of the projector view (large type, high contrast, the bundled font).
PROJECTOR_CSS_FILE = Path(__file__).resolve().parent / "static" / "projector.css"


class PresentError(ValueError):
    """A lesson that cannot be presented; the message is one line for the user."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def projector_view(teacher: bool = False) -> Target:
    """The output ``present`` makes (a row of :data:`~kijkverder.targets.TARGETS`): the
    teacher's projector view with ``--teacher``, else the class's."""
    role = "teacher" if teacher else "student"
    return next(t for t in TARGETS.values() if t.module == __name__ and t.view.role == role)


def find_lesson(lesson: str, teacher: bool = False) -> Path:
    """The notebook of ``lesson``; refuse an empty or unknown lesson, and a lesson whose readers
    are teachers (:func:`~kijkverder.targets.role_of` its audience: the teacher guide) unless
    ``teacher``, with a one-line :class:`PresentError`. The parents' evening (``ouders``) is
    shown to parents like a lesson to a class, without the teacher's notes."""
    if not lesson.strip():
        raise PresentError("kijkverder present: lesson: empty (give a lesson number like 01)")
    try:
        nb = resolve_lessons([lesson])[0]
    except LessonNotFound as e:
        raise PresentError(str(e)) from None
    les = nb.parent / LESSON_FILE
    try:  # the lesson model's reader: no odd files, no YAML tricks, a validated audience
        audience = load_content(les, expected_kind="lesson").audience
    except ContentError as e:
        raise PresentError("\n".join(str(p) for p in e.problems)) from None
    if role_of(audience) == "teacher" and not teacher:
        raise PresentError(f"{les}: audience: {audience} is not for the class projector (add "
                           "--teacher to show it)")
    return nb


def prepare(lesson: str, teacher: bool = False, dest: Path | None = None,
            school: Path | None = None) -> Path:
    """Write the projector copy of ``lesson`` (the one writer, :func:`release.copy_lesson`, for the
    student or the teacher, projector style) into a private folder and return its notebook path.
    ``school``: another school profile than ``school.yaml`` next to the lessons (``--school``).
    Raises :class:`PresentError` for an empty, unknown or not-for-the-class lesson or a broken
    ``school``, and :class:`~kijkverder.lessons.LessonError` for a lesson that fails
    ``kijkverder check``."""
    nb_path = find_lesson(lesson, teacher)
    refusal = school_refusal(school, "present")
    if refusal:
        raise PresentError(refusal)
    root = Path(dest) if dest else make_private_dir(COPY_PREFIX)
    return copy_lesson(str(nb_path), projector_view(teacher).view.role, root, style="projector",
                       school=school)


#: Voilà's loading messages, in Dutch: (base template file, Voilà's text, ours). The macros are
#: copied into our template folder (found before Voilà's ``base``) with these texts replaced.
LOADING_TEXT = {
    "spinner.macro.html.j2": [("Running {{nb_title}}...", "De les wordt klaargezet …")],
    "voila_setup.macro.html.j2": [
        ("`Executing ${cell_index} of ${cell_count}`",
         "`De les wordt klaargezet: deel ${cell_index} van ${cell_count}`"),
        ("`Reading ${cell_index} of ${cell_count}`",
         "`De les wordt klaargezet: deel ${cell_index} van ${cell_count}`")],
}


def _voila_template(name: str, relative: str) -> Path:
    from jupyter_core.paths import jupyter_path

    for p in jupyter_path("voila", "templates"):
        if (Path(p) / name / relative).exists():
            return Path(p) / name / relative
    raise RuntimeError(f"Voilà template {name}/{relative} not found (is Voilà installed?)")


def offline_template(root: Path) -> Path:
    """Write the Voilà template "kijkverder" under ``root`` and return the ``share/jupyter``
    folder to put on ``JUPYTER_PATH`` (see :func:`voila_env`).

    It is Voilà's own lab template without its CDN stylesheet links, plus ``static/projector.css``
    and the bundled fonts, which Voilà serves from ``/voila/templates/kijkverder/static/``
    (``resources.include_css`` makes the link), and Voilà's loading macros with Dutch text
    (:data:`LOADING_TEXT`: "De les wordt klaargezet: deel 3 van 18" instead of "Executing 3 of
    18").
    """
    source = _voila_template("lab", "index.html.j2")
    share = Path(root) / "share" / "jupyter"
    target = share / "voila" / "templates" / TEMPLATE
    (target / "static" / "fonts").mkdir(parents=True, exist_ok=True)
    lines = source.read_text("utf-8").splitlines(keepends=True)
    offline = [ln for ln in lines if not ("<link" in ln and "://" in ln)]
    html = "".join(offline)
    marker = "{%- endblock notebook_css -%}"
    if marker not in html:  # a Voilà that changed its template: fail loudly, not silently
        raise RuntimeError(f"unexpected Voilà lab template {source}: no notebook_css block")

    css_link = '  {{ resources.include_css("static/projector.css") }}\n'
    # form fields get autocomplete="off" from the start (widgets/static/private-fields.js), so
    # what a student types is stored nowhere but the open page
    private = "<script>\n" + PRIVATE_FIELDS_JS + "</script>\n"
    html = html.replace(marker, css_link + private + marker, 1)
    (target / "index.html.j2").write_text(html, "utf-8")
    (target / "conf.json").write_text('{"base_template": "lab"}', "utf-8")
    for name, replacements in LOADING_TEXT.items():
        macro = _voila_template("base", name)
        text = macro.read_text("utf-8")
        for english, dutch in replacements:
            if english not in text:  # a Voilà that changed its messages: fail loudly
                raise RuntimeError(f"unexpected Voilà template {macro}: no {english!r}")
            text = text.replace(english, dutch)
        (target / name).write_text(text, "utf-8")
    shutil.copy2(PROJECTOR_CSS_FILE, target / "static" / "projector.css")
    for font in fonts_folder().glob("*.woff"):
        shutil.copy2(font, target / "static" / "fonts" / font.name)
    return share


def voila_env(teacher: bool = False, share: Path | None = None, token: str | None = None) -> dict[str, str]:
    """Environment for the Voilà process: the template on JUPYTER_PATH and the access token
    (without one Voilà makes up its own, and only its log knows it). Role and style reach the
    kernel through the copy's ``kijkverder-view.yaml`` (written by :func:`prepare`), so inherited
    overrides are removed; ``teacher`` is accepted so callers pass one set of options."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("KIJKVERDER_VIEW", "KIJKVERDER_STYLE", "JUPYTER_TOKEN")}
    if token:
        env["JUPYTER_TOKEN"] = token
    if share is not None:
        env["JUPYTER_PATH"] = os.pathsep.join([str(share), *filter(None, [os.environ.get("JUPYTER_PATH")])])
    return env


def voila_command(nb: Path, port: int, teacher: bool = False, open_browser: bool = False) -> list[str]:
    """The Voilà command line for the projector view of notebook ``nb`` on 127.0.0.1:``port``.

    ``teacher`` only changes the environment (:func:`voila_env`) and the notebook
    (:func:`prepare`), not the command; it is accepted here so callers pass one set of options.
    Requests need the token (``--token``: from ``JUPYTER_TOKEN``, see :func:`voila_env`); idle
    kernels are culled.
    """
    cmd = [sys.executable, "-m", "voila", str(nb), "--Voila.ip=127.0.0.1", f"--port={port}",
           "--Voila.port_retries=0", "--token",
           # kernel connection files (with their keys) in the private copy folder, not in /tmp
           f"--Voila.connection_dir_root={Path(nb).resolve().parent.parent}",
           f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
           f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
           "--MappingKernelManager.cull_connected=False",
           "--strip_sources=True", "--theme=light",
           # markdown cells and Markdown outputs drawn by the project's one parser (the one
           # `check` reads with, raw HTML escaped), not nbconvert's, which passes HTML through
           "--VoilaExporter.filters=markdown2html=kijkverder.markdown.voila_markdown2html",
           "--VoilaConfiguration.show_tracebacks=False",
           f"--template={TEMPLATE}",
           *(f"--VoilaConfiguration.extension_denylist={e}" for e in DENIED_EXTENSIONS)]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def _announce_when_ready(url: str, probe: str, open_browser: bool, timeout: float = 120) -> None:
    """Once ``probe`` answers (in a background thread): print ``url`` and, with
    ``open_browser``, open it in the default browser. A URL printed before the server answers
    gives a teacher who clicks it at once an error page."""
    import threading
    import time
    import urllib.request
    import webbrowser

    def wait_and_announce() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(probe, timeout=2):
                    pass
            except OSError:
                time.sleep(0.2)
                continue
            print(f"Open in de browser: {url}\nStoppen: Ctrl-C", flush=True)
            if open_browser:
                webbrowser.open(url)
            return

    threading.Thread(target=wait_and_announce, daemon=True).start()


def present(lesson: str, teacher: bool = False, port: int = 8866, open_browser: bool = True,
            school: Path | None = None) -> int:
    """Run the projector view until Ctrl-C, SIGTERM or SIGHUP; then stop Voilà and remove the copy.
    ``school``: another school profile than ``school.yaml`` next to the lessons (``--school``).

    Raises :class:`PresentError` (before anything starts) for an empty or unknown lesson, a
    teachers' lesson without ``teacher``, or a ``school`` profile that fails
    ``kijkverder check``. Copies left by a killed run are removed first.
    """
    find_lesson(lesson, teacher)
    refusal = school_refusal(school, "present")
    if refusal:
        raise PresentError(refusal)
    remove_stale(COPY_PREFIX)
    root = make_private_dir(COPY_PREFIX)
    try:
        nb = prepare(lesson, teacher=teacher, dest=root, school=school)
        share = offline_template(root)
        token = new_token()
        url = f"http://127.0.0.1:{port}/?token={token}"
        print(f"Kijk Verder · {nb.stem} · {projector_view(teacher).label}\n"
              "Even geduld: de les wordt klaargezet …",
              flush=True)

        def failed(code: int) -> None:
            if code:
                print(f"kijkverder present: Voilà stopte met code {code}. Is poort {port} al in "
                      f"gebruik? Probeer dan --port {port + 1}.", file=sys.stderr)

        # the URL when the server answers; Voilà's own opener leaves out the token (and a temp file)
        _announce_when_ready(url, f"http://127.0.0.1:{port}/voila/templates/{TEMPLATE}/static/projector.css",
                             open_browser)
        return run_server(voila_command(nb, port, teacher, open_browser=False),
                          voila_env(teacher, share, token), cwd=nb.parent, on_exit=failed)
    finally:
        shutil.rmtree(root, ignore_errors=True)
