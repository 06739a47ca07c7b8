"""``kijkverder site``: every lesson as a static, fully offline website (JupyterLite + Pyodide).

The site is a folder of static files. A school puts it on any HTTPS web server (or serves it from
a USB stick with a small local server); a student opens it with nothing but a browser:

- ``index.html``: the start page (Dutch) with, per lesson, "Open de les" (``les/<lesson>/``: the
  lesson runs on open, student style, no code), "Digibord" (``repl/<lesson>/``: the same in the
  projector style), "Als notebook openen" (the notebook in JupyterLite) and the lesson's PDFs;
  both lesson pages are built pages of JupyterLite's REPL app that carry their own cells;
- ``lab/``, ``notebooks/``, ``repl/``: JupyterLite 0.8.6 with the Pyodide kernel, in Dutch;
- ``static/pyodide/``: Pyodide 314.0.6 (the npm package's core) and every wheel the lessons need,
  with bytecode compiled at build time, and a regenerated ``pyodide-lock.json`` that lists
  exactly the shipped wheels.

Versions are pinned in ``site_pins.toml``. Downloads (``npm pack``, ``pip download``) are cached
in :func:`cache_dir`; a build whose inputs did not change returns at once (a stamp file in the
output holds the hash of every input).

The build fails loudly (:class:`SiteError`) if any configuration would load Pyodide, wheels or
assets from another host: the written ``jupyter-lite.json`` must point at the local Pyodide with
``disablePyPIFallback``, and no shipped file may name a CDN host outside a known, overridden
name (:data:`KNOWN_REMOTE_NAMES`).
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote


ROOT = Path(__file__).resolve().parent.parent
PINS_FILE = Path(__file__).resolve().parent / "site_pins.toml"
STAMP = ".kijkverder-site.json"
AUDIENCES = ("leerlingen", "docenten")
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                "pyodide.js")
#: Hosts that must never be contacted by the site.
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "pypi.org", "files.pythonhosted.org",
             "raw.githubusercontent.com", "cdnjs.cloudflare.com", "fonts.googleapis.com",
             "fonts.gstatic.com", "esm.sh")
#: (file name regex, host, reason): places where a CDN host is named but never contacted by the
#: site. Any other occurrence fails the build (:func:`check_offline`); the browser test records
#: Chromium's own net log to prove that nothing is requested off the serving host.
KNOWN_REMOTE_NAMES = [
    (r"^extensions/@jupyterlite/pyodide-kernel-extension/static/.*\.(js|json)$", "cdn.jsdelivr.net",
     "the kernel's default pyodideUrl, overridden by litePluginSettings in jupyter-lite.json"),
    (r"^extensions/@jupyterlite/pyodide-kernel-extension/static/.*\.(js|json)$", "pypi.org",
     "piplite's PyPI fallback, switched off by disablePyPIFallback"),
    (r"^static/pyodide/pyodide\.m?js$", "cdn.jsdelivr.net",
     "Pyodide's cdnUrl default; every package is listed in the shipped lock and loaded from it"),
    (r"^build/[^/]+\.js$", "raw.githubusercontent.com",
     "an ajv JSON-schema $id and a link in a schema description: identifiers, not fetched"),
]

Log = Callable[[str], None]


class SiteError(RuntimeError):
    """A site that cannot be built, or that would load something from another host."""


# ------------------------------------------------------------------------------ pins and cache
def pins() -> dict:
    return tomllib.loads(PINS_FILE.read_text("utf-8"))


def cache_dir() -> Path:
    """Where downloads are kept between builds: ``$KIJKVERDER_SITE_CACHE``, else
    ``$XDG_CACHE_HOME/kijkverder/site``, else ``~/.cache/kijkverder/site``."""
    if os.environ.get("KIJKVERDER_SITE_CACHE"):
        return Path(os.environ["KIJKVERDER_SITE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kijkverder" / "site"


def _run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SiteError(f"{' '.join(cmd[:4])}: failed with code {proc.returncode} (see below)\n{tail}")
    return proc.stdout


def _pip() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def fetch_pyodide(cache: Path, log: Log) -> Path:
    """The npm package ``pyodide`` (core only), unpacked in the cache; returns its folder."""
    spec = pins()["pyodide"]["npm"]
    target = cache / "npm" / spec.replace("@", "-")
    if (target / "package" / "pyodide-lock.json").exists():
        return target / "package"
    npm = shutil.which("npm")
    if not npm:
        raise SiteError("npm: not found (install Node.js and npm: apt-get install npm)")
    tmp = Path(tempfile.mkdtemp(prefix="npm-", dir=_mk(cache / "npm")))
    try:
        log(f"npm pack {spec}")
        name = _run([npm, "pack", spec, "--silent"], cwd=tmp).strip().splitlines()[-1]
        with tarfile.open(tmp / name) as tar:
            tar.extractall(tmp / "x", filter="data")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp / "x", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target / "package"


def _mk(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel_name(path: Path) -> str:
    return _norm(path.name.split("-")[0])


def fetch_wheels(cache: Path, npm_lock: dict, log: Log) -> dict[str, Path]:
    """Every wheel of :data:`site_pins.toml` in the cache (downloaded or built once)."""
    p = pins()
    lock = {_norm(k): v for k, v in npm_lock["packages"].items()}
    wheels_dir = _mk(cache / "wheels")
    have = {(_wheel_name(w), w.name.split("-")[1]): w for w in wheels_dir.glob("*.whl")}
    wanted: dict[str, str] = {}
    for name, version in p["wheels"].items():
        if version == "lock":
            if _norm(name) not in lock:
                raise SiteError(f"{PINS_FILE}: wheels: {name} is not in the npm pyodide lock "
                                "(pin a version)")
            version = lock[_norm(name)]["version"]
        wanted[_norm(name)] = version
    result: dict[str, Path] = {}
    pure = [f"{n}=={v}" for n, v in wanted.items() if (n, v) not in have]
    if pure:
        log(f"pip download {len(pure)} pure wheel(s)")
        _run([*_pip(), "download", "--quiet", "--no-deps", "--only-binary=:all:",
              "--python-version", p["pyodide"]["python"], "-d", str(wheels_dir), *pure])
    wasm = [f"{n}=={v}" for n, v in p["wasm"].items() if (_norm(n), v) not in have]
    if wasm:
        log(f"pip download {len(wasm)} wasm wheel(s)")
        _run([*_pip(), "download", "--quiet", "--no-deps", "--only-binary=:all:",
              "--platform", p["pyodide"]["platform"], "--python-version", p["pyodide"]["python"],
              "--abi", p["pyodide"]["abi"], "-d", str(wheels_dir), *wasm])
    sdist = [f"{n}=={v}" for n, v in p["sdist"].items() if (_norm(n), v) not in have]
    if sdist:
        log(f"build {len(sdist)} pure wheel(s) from sdists")
        # PyYAML: no libyaml extension; MarkupSafe falls back to pure Python when the C
        # compiler fails (its setup.py retries without speedups).
        # Only these packages are built from source: ``--no-binary=:all:`` would also build
        # their build dependencies from source (Cython needs a C compiler; CC is false here).
        env = {**os.environ, "PYYAML_FORCE_LIBYAML": "0", "CC": "false"}
        names = ",".join(_norm(n) for n in p["sdist"])
        _run([*_pip(), "wheel", "--quiet", "--no-deps", f"--no-binary={names}", "-w",
              str(wheels_dir), *sdist], env=env)
    have = {(_wheel_name(w), w.name.split("-")[1]): w for w in wheels_dir.glob("*.whl")}
    for n, v in [*wanted.items(), *((_norm(k), v) for k, v in p["wasm"].items()),
                 *((_norm(k), v) for k, v in p["sdist"].items())]:
        w = have.get((n, v))
        if w is None:
            raise SiteError(f"{PINS_FILE}: {n}=={v}: no wheel after download (check the pin)")
        if n in p["sdist"] and not w.name.endswith("-py3-none-any.whl"):
            raise SiteError(f"{w}: not a pure-Python wheel (its C extension was built)")
        result[n] = w
    return result


def teacher_ui_keys() -> set[str]:
    """The i18n keys of teacher-only widget text (each widget's ``teacher_keys``)."""
    import widgets

    return {k for name in widgets.WIDGETS
            for k in getattr(widgets.widget_class(name), "teacher_keys", ())}


def strip_teacher_strings(i18n_py: Path, keys: set[str]) -> None:
    """Rewrite the copied ``widgets/i18n.py`` without the ``STRINGS`` entries in ``keys``: the
    students' wheel is readable in the browser, so teacher-only UI text is not in it."""
    import ast

    from widgets.i18n import STRINGS

    text = i18n_py.read_text("utf-8")
    node = next(n for n in ast.parse(text).body if isinstance(n, ast.AnnAssign)
                and getattr(n.target, "id", None) == "STRINGS")
    lines = text.splitlines(keepends=True)
    kept = {lang: {k: v for k, v in table.items() if k not in keys}
            for lang, table in STRINGS.items()}
    value = "STRINGS: dict[str, dict[str, str]] = " + repr(kept) + "\n"
    i18n_py.write_text("".join(lines[:node.lineno - 1]) + value + "".join(lines[node.end_lineno:]),
                       "utf-8")


#: The packages of the project's wheel (pyproject.toml, [tool.setuptools] packages).
PROJECT_PACKAGES = ("widgets", "handouts", "kijkverder")


def project_wheel(cache: Path, log: Log, audience: str = "docenten") -> Path:
    """The project's own wheel (the ``widgets`` package the lessons import), built from a copy
    of the sources so the working tree stays clean; for ``leerlingen`` without the teacher-only
    UI strings (:func:`strip_teacher_strings`)."""
    # every package the wheel holds (an older key left out handouts: a stale wheel was shipped)
    key = _hash_tree([ROOT / "pyproject.toml", *(ROOT / pkg for pkg in PROJECT_PACKAGES)])[:16]
    out = _mk(cache / "project" / f"{key}-{audience}")
    found = list(out.glob("kijkverder-*.whl"))
    if found:
        return found[0]
    log("build the project wheel")
    with tempfile.TemporaryDirectory(prefix="kv-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        for pkg in PROJECT_PACKAGES:
            shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
        if audience != "docenten":
            strip_teacher_strings(src / "widgets" / "i18n.py", teacher_ui_keys())
        _run([*_pip(), "wheel", "--quiet", "--no-deps", "-w", str(out),
              str(src)])
    return next(out.glob("kijkverder-*.whl"))


def _hash_tree(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()
                                                        and "__pycache__" not in p.parts)
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------- pyodide folder
#: Runs inside Pyodide (under Node, at build time): adds bytecode to wheels and to the stdlib zip,
#: compiled by the very Python the browser runs, so no module is compiled from source on a
#: student's machine. Hash-based pycs that are never checked against the source (the unpacked
#: files' times differ from the build's); the sources stay for tracebacks.
PRECOMPILE_PY = r"""
import importlib.util, json, sys, warnings, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
warnings.simplefilter("ignore")
TAG = sys.implementation.cache_tag
PREFIX = {"wheel": "/lib/python%d.%d/site-packages/" % sys.version_info[:2],
          "stdlib": "/lib/python%d%d.zip/" % sys.version_info[:2]}
for src, dst, kind in json.loads(open("/host" + JOBS).read()):
    added = []
    record = None
    with zipfile.ZipFile("/host" + src) as zin, \
            zipfile.ZipFile("/host" + dst, "w", zipfile.ZIP_DEFLATED) as out:
        names = set(zin.namelist())
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if kind == "wheel" and name.endswith(".dist-info/RECORD"):
                record = (info, data)
                continue
            out.writestr(info, data)
            if not name.endswith(".py") or name.split("/")[0].endswith(".data"):
                continue
            try:
                code = compile(data, PREFIX[kind] + name, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                continue
            if kind == "stdlib":
                cname = name + "c"
            else:
                folder, _, base = name.rpartition("/")
                cname = (folder + "/" if folder else "") + "__pycache__/" + base[:-3] + "." + TAG + ".pyc"
            if cname in names:
                continue
            out.writestr(cname, bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), False)))
            added.append(cname)
        if record:
            text = record[1].decode("utf-8").rstrip("\n") + "\n"
            out.writestr(record[0], text + "".join(c + ",,\n" for c in added))
    print(kind, dst.rsplit("/", 1)[-1], len(added))
"""

PRECOMPILE_MJS = """import {{ loadPyodide }} from {mjs};
const py = await loadPyodide({{ indexURL: {index} }});
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, {{ root: "/" }}, "/host");
py.globals.set("JOBS", {jobs});
py.runPython({script});
"""


def precompile(core: Path, jobs: list[tuple[Path, Path, str]], log: Log) -> None:
    """Write each ``(source zip, destination zip, "wheel" | "stdlib")`` of ``jobs`` with bytecode
    added (:data:`PRECOMPILE_PY`), compiled by the Pyodide runtime of ``core`` under Node."""
    if not jobs:
        return
    node = shutil.which("node")
    if not node:
        raise SiteError("node: not found (install Node.js: apt-get install nodejs npm)")
    log(f"compile {len(jobs)} package(s) to bytecode with Pyodide under Node")
    with tempfile.TemporaryDirectory(prefix="kv-pyc-") as tmp:
        jobs_file = Path(tmp) / "jobs.json"
        partial = [(s, d.with_name(d.name + ".part"), k) for s, d, k in jobs]
        jobs_file.write_text(json.dumps([[str(Path(s).resolve()), str(d.resolve()), k]
                                         for s, d, k in partial]), "utf-8")
        script = Path(tmp) / "compile.mjs"
        script.write_text(PRECOMPILE_MJS.format(
            mjs=json.dumps((core / "pyodide.mjs").resolve().as_uri()),
            index=json.dumps(str(core.resolve()) + "/"), jobs=json.dumps(str(jobs_file)),
            script=json.dumps(PRECOMPILE_PY)), "utf-8")
        try:
            _run([node, str(script)], cwd=Path(tmp))
            for (_s, d, _k), (_s2, part, _k2) in zip(jobs, partial):
                os.replace(part, d)
        finally:
            for _s, part, _k in partial:
                part.unlink(missing_ok=True)


def compiled(cache: Path, core: Path, wheels: dict[str, Path], log: Log) -> tuple[dict[str, Path], Path]:
    """The wheels with bytecode and the stdlib zip with bytecode (:func:`precompile`), kept in
    the cache by the sha256 of their source, the Pyodide version and the compile script."""
    spec = pins()["pyodide"]["npm"].replace("@", "-")
    script = hashlib.sha256((PRECOMPILE_PY + PRECOMPILE_MJS).encode()).hexdigest()[:8]
    folder = _mk(cache / "compiled" / f"{spec}-{script}")
    jobs, result = [], {}
    for key, wheel in wheels.items():
        dest = _mk(folder / _sha256(wheel)[:16]) / wheel.name
        if not dest.exists():
            jobs.append((wheel, dest, "wheel"))
        result[key] = dest
    stdlib = core / "python_stdlib.zip"
    stdlib_dest = _mk(folder / ("stdlib-" + _sha256(stdlib)[:16])) / stdlib.name
    if not stdlib_dest.exists():
        jobs.append((stdlib, stdlib_dest, "stdlib"))
    precompile(core, jobs, log)
    return result, stdlib_dest


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _top_imports(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        top = next((n for n in names if n.endswith(".dist-info/top_level.txt")), None)
        if top:
            return [ln for ln in z.read(top).decode().split() if ln and not ln.startswith("_")]
    tops = {n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith(
        (".dist-info", ".data"))}
    tops |= {n[:-3] for n in names if "/" not in n and n.endswith(".py")}
    return sorted(t for t in tops if not t.startswith("_"))


#: The kernel's own wheels (shipped by its front-end extension, installed by the kernel at every
#: start with micropip, one after another): preloaded with the lesson packages instead.
KERNEL_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
#: Every package the Pyodide kernel would install at start unless it is preloaded.
KERNEL_PRELOAD = ("micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython",
                  "widgetsnbextension")


def kernel_wheels(python: Path | None) -> dict[str, Path]:
    """The wheels of :data:`KERNEL_WHEELS` from the build tools' kernel extension (the newest
    ``widgetsnbextension`` shim, the one ipywidgets 8 asks for)."""
    if python is None:
        return {}
    pypi = (python.parent.parent / "share" / "jupyter" / "labextensions" / "@jupyterlite" /
            "pyodide-kernel-extension" / "static" / "pypi")
    found: dict[str, Path] = {}
    for w in sorted(pypi.glob("*.whl")):
        if _wheel_name(w) in KERNEL_WHEELS:
            found[_wheel_name(w)] = w  # sorted: the last one is the newest
    missing = [n for n in KERNEL_WHEELS if n not in found]
    if missing:
        raise SiteError(f"{pypi}: the kernel's wheels {missing} are missing (remove the folder "
                        "tools-* in the site cache to reinstall the build tools)")
    return found


def assemble_pyodide(dest: Path, core: Path, wheels: dict[str, Path], own: Path,
                     cache: Path | None = None, log: Log = print,
                     tools: Path | None = None) -> dict:
    """Copy the Pyodide core and the wheels to ``dest`` and write a ``pyodide-lock.json`` that
    lists exactly these files (sha256 of the shipped files; ``depends`` use the lock's keys).
    With a ``cache``, the wheels and the standard library are shipped with bytecode
    (:func:`compiled`): the browser then imports instead of compiling every module. ``tools``:
    the build tools' Python, whose kernel wheels (:func:`kernel_wheels`) are shipped too."""
    wheels = {**wheels, **kernel_wheels(tools)}
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_CORE:
        shutil.copy2(core / name, dest / name)
    if cache is not None:
        both, stdlib = compiled(cache, core, {**wheels, "kijkverder": own}, log)
        own = both.pop("kijkverder")
        wheels = both
        shutil.copy2(stdlib, dest / "python_stdlib.zip")
    npm_lock = json.loads((core / "pyodide-lock.json").read_text("utf-8"))
    old = {_norm(k): v for k, v in npm_lock["packages"].items()}
    extra_depends = pins()["depends"]
    packages: dict[str, dict] = {}
    for key, wheel in sorted({**wheels, "kijkverder": own}.items()):
        shutil.copy2(wheel, dest / wheel.name)
        base = old.get(key, {})
        depends = extra_depends.get(key, [_norm(d) for d in base.get("depends", [])])
        packages[key] = {
            "name": base.get("name", key), "version": wheel.name.split("-")[1],
            "file_name": wheel.name, "install_dir": "site", "sha256": _sha256(wheel),
            "package_type": "package",
            "imports": base.get("imports") or _top_imports(wheel),
            "depends": depends, "unvendored_tests": False, "shared_library": False,
        }
    # The kernel always loads "sqlite3" (an unvendored stdlib module the npm core lacks): an
    # empty stub, so IPython runs without history (it handles a missing sqlite3).
    stub = dest / "sqlite3-stub.zip"
    with zipfile.ZipFile(stub, "w") as z:
        z.writestr("sqlite3_stub_readme.txt", "sqlite3 is not shipped with this site\n")
    packages["sqlite3"] = {"name": "sqlite3", "version": "1.0.0", "file_name": stub.name,
                           "install_dir": "stdlib", "sha256": _sha256(stub),
                           "package_type": "cpython_module", "imports": [], "depends": [],
                           "unvendored_tests": False, "shared_library": False}
    for key, p in packages.items():
        missing = [d for d in p["depends"] if d not in packages]
        if missing:
            raise SiteError(f"{PINS_FILE}: depends: {key} needs {missing}, which are not shipped "
                            "(add them to [wheels])")
    lock = {"info": npm_lock["info"], "packages": packages}
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True), "utf-8")
    return lock


# ---------------------------------------------------------------------------------- content
def write_lessons(sources: list, dest: Path, audience: str, school: Path | None = None) -> None:
    """The lesson tree of the site (``dest/NN-slug/NN-slug.ipynb`` + YAML, ``begrippen.yaml``,
    ``school.yaml``, ``kijkverder-view.yaml``), written by the one copy writer for the site's role;
    ``school``: another school profile than ``school.yaml`` next to the lessons."""
    from .release import write_copy

    write_copy(sources, dest, view_settings(audience)["role"], force=True, school=school)


def view_settings(audience: str, style: str = "normal", language: str = "nl") -> dict:
    return {"role": "teacher" if audience == "docenten" else "student", "style": style,
            "language": language}


def projector_cells(nb_path: Path, style: str = "projector") -> list[str]:
    """The code cells of a lesson page (JupyterLite's REPL app runs one ``code=`` per cell):
    first a cell that changes into the lesson folder and sets the widgets' style (``projector``
    for the Digibord, ``normal`` for the student's "Open de les"), then the lesson's cells in order
    (markdown shown as HTML drawn by :mod:`kijkverder.markdown`, since the REPL shows outputs
    only), and a last cell that scrolls back to the top. The role (student or teacher) comes from
    the site's ``kijkverder-view.yaml``."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    folder = nb_path.parent.name
    from .markdown import to_html

    css = PROJECTOR_REPL_CSS if style == "projector" else STUDENT_REPL_CSS
    first = [
        "import os",
        "from IPython.display import HTML, display",
        f"display(HTML({css!r}))",
        f"os.chdir({('/drive/' + folder)!r})",
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


_REPL_HIDE = (
    ".jp-CodeConsole .jp-InputPrompt, .jp-CodeConsole .jp-OutputPrompt,"
    " .jp-CodeConsole .jp-CodeConsole-promptCell, .jp-CodeConsole .jp-Collapser,"
    " .jp-CodeConsole .jp-CodeConsole-input"
    " { display: none !important; }"
    " .jp-CodeConsole .jp-Cell { padding: 0 !important; }")

#: Shown by the projector view's first cell (trusted output, so the style applies to the page):
#: hides the REPL's ``[n]:`` prompts and its empty prompt cell, and gives the page a calm column.
PROJECTOR_REPL_CSS = (
    "<style>" + _REPL_HIDE +
    " .jp-CodeConsole-content { padding: 1rem 3vw 30vh 3vw !important; background: #fff; }"
    " .jp-CodeConsole .jp-RenderedMarkdown { font-size: 28px; line-height: 1.5; max-width: 40em; }"
    " .jp-CodeConsole .jp-RenderedMarkdown h1 { font-size: 56px; }"
    " .jp-CodeConsole .jp-RenderedMarkdown h2 { font-size: 42px; border-top: 4px solid #333;"
    " padding-top: 0.7em; margin-top: 2em; }</style>")

#: The same for the student's lesson page ("Open de les"): a readable column at screen size.
STUDENT_REPL_CSS = (
    "<style>" + _REPL_HIDE +
    " .jp-CodeConsole-content { padding: 1rem max(1rem, calc((100% - 56rem) / 2)) 30vh"
    " !important; background: #fff; }"
    " .jp-CodeConsole .jp-RenderedMarkdown { font-size: 18px; line-height: 1.55; }"
    " .jp-CodeConsole .jp-RenderedMarkdown h1 { font-size: 32px; }"
    " .jp-CodeConsole .jp-RenderedMarkdown h2 { font-size: 26px; border-top: 2px solid #888;"
    " padding-top: 0.6em; margin-top: 1.6em; }</style>")


#: The last cell of a lesson page: back to the lesson's start once the REPL has finished
#: scrolling to the newest output (it does so after every cell).
SCROLL_TO_TOP = ("<script>[300, 1200, 2500].forEach(ms => setTimeout(() => document"
                 ".querySelectorAll('.jp-CodeConsole-content').forEach(e => e.scrollTop = 0), ms))"
                 "</script>")


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
#: and ``#…``) with the cells of the lesson it was built for, which it carries itself. Code in a
#: link to the page is dropped before the app starts.
PROJECTOR_LOADER = """<script type="application/json" id="kijkverder-lesson-cells">{cells}</script>
<script>
(function () {{
  var cells = JSON.parse(document.getElementById("kijkverder-lesson-cells").textContent);
  var q = new URLSearchParams({{kernel: "python", showBanner: "0", hideCodeInput: "1", toolbar: "0"}});
  cells.forEach(function (c) {{ q.append("code", c); }});
  history.replaceState(null, "", location.pathname + "?" + q.toString());
}})();
</script>
"""

#: The Dutch loading message of a lesson page, over the page until the first widget is drawn
#: (or an error is shown), with its progress: the page, Python, then the lesson's cells. While the
#: cells run, the page is kept at the lesson's top (the REPL scrolls to every new output) until
#: the student scrolls, taps or types.
LOADING_HTML = """<div id="kv-loading" role="status" aria-live="polite"><div class="kv-loading-box">
<p class="kv-loading-title">De les wordt geladen…</p>
<progress max="100" value="3" aria-label="Voortgang"></progress>
<p class="kv-loading-step">De pagina wordt geopend.</p>
<p class="kv-loading-slow" hidden>Dit duurt lang. Wacht nog even, of laad de pagina opnieuw.</p>
</div></div>
<style>
#kv-loading {{ position: fixed; inset: 0; z-index: 100000; background: #fff; display: flex;
  align-items: center; justify-content: center; font-family: system-ui, sans-serif; color: #111; }}
#kv-loading .kv-loading-box {{ width: min(34rem, 90vw); text-align: center; font-size: 1.3rem; }}
#kv-loading .kv-loading-title {{ font-size: 2rem; font-weight: 700; margin: 0 0 1rem 0; }}
#kv-loading progress {{ width: 100%; height: 1.4rem; accent-color: #0b3d91; }}
/* only the lesson: no toolbar, kernel badge or (hidden) input area around it */
.jp-ConsolePanel > .jp-Toolbar, .jp-CodeConsole-split > .lm-SplitPanel-handle,
.jp-CodeConsole-split > .jp-CodeConsole-input {{ display: none !important; }}
.jp-ConsolePanel > .lm-Panel, .jp-ConsolePanel .jp-CodeConsole,
.jp-CodeConsole-split > .jp-CodeConsole-content {{ top: 0 !important; height: 100% !important; }}
body, body.jp-ThemedContainer {{ background: #fff !important; }}
</style>
<script>
(function () {{
  var total = {total}, start = Date.now(), touched = false, done = false;
  var box = document.getElementById("kv-loading");
  var bar = box.querySelector("progress"), step = box.querySelector(".kv-loading-step");
  document.title = {title};
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (e) {{
    window.addEventListener(e, function () {{ if (!box.isConnected) touched = true; }}, true);
  }});
  function ran() {{
    var n = 0;
    document.querySelectorAll(".jp-CodeConsole-content .jp-CodeCell .jp-InputPrompt")
      .forEach(function (p) {{ if (/[0-9]/.test(p.textContent)) n++; }});
    return n;
  }}
  var timer = setInterval(function () {{
    var n = ran(), secs = (Date.now() - start) / 1000;
    if (document.title !== {title}) document.title = {title};
    var content = document.querySelector(".jp-CodeConsole-content");
    if (box.isConnected) {{
      if (!content) {{
        bar.value = Math.min(10, 3 + secs * 2);
      }} else if (n === 0) {{
        step.textContent = "Python wordt gestart.";
        bar.value = Math.min(60, Math.max(bar.value, 10 + secs * 6));
      }} else {{
        step.textContent = "De les wordt opgebouwd.";
        bar.value = Math.max(bar.value, 60 + 40 * n / total);
      }}
      if (secs > 40) box.querySelector(".kv-loading-slow").hidden = false;
      if (content && content.querySelector(".jupyter-widgets, .kv-error, .jp-OutputArea-error")) {{
        box.remove();
      }}
    }}
    if (content && !touched) content.scrollTop = 0;
    if (n >= total && !done) {{
      done = true;
      if (box.isConnected) box.remove();
      setTimeout(function () {{ clearInterval(timer); }}, 3000);
    }}
  }}, 100);
}})();
</script>
"""

#: ``repl/index.html`` of the site: JupyterLite's REPL app would run any ``code=`` of a link to
#: it, so the bare app is not on the site; its config element stays for the lesson pages below.
REPL_INDEX_HTML = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Kijk Verder</title>
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root="..">{}</script>
</head>
<body>
<p>Kies een les op de <a href="../index.html">startpagina</a>.</p>
</body>
</html>
"""


def write_projector_pages(out: Path, cells: dict[str, list[str]],
                          student: dict[str, list[str]] | None = None,
                          titles: dict[str, str] | None = None) -> None:
    """The built pages of every lesson: the Digibord, ``repl/<folder>/index.html`` (``cells``),
    and the student's lesson page, ``les/<folder>/index.html`` (``student``): JupyterLite's REPL
    page one folder deeper, carrying the lesson's cells (:data:`PROJECTOR_LOADER`) and a Dutch
    loading message (:data:`LOADING_HTML`); then the bare REPL page, which would take code from
    its address, is replaced by :data:`REPL_INDEX_HTML`."""
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
    kinds = [("repl", cells), *((("les", student),) if student is not None else ())]
    for base, by_folder in kinds:
        for folder, lesson_cells in by_folder.items():
            data = json.dumps(lesson_cells).replace("</", "<\\/")
            title = (titles or {}).get(folder, "Kijk Verder")
            loading = LOADING_HTML.format(total=len(lesson_cells),
                                          title=json.dumps(title).replace("</", "<\\/"))
            built = re.sub(r"<body[^>]*>", lambda m, loading=loading: m.group(0) + "\n" + loading,
                           deeper.replace(marker, PROJECTOR_LOADER.format(cells=data) + marker, 1),
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


#: JupyterLite's own loading screen and page language, in Dutch (each app's ``index.html``).
APP_PAGE_DUTCH = [("<html>", '<html lang="nl">'),
                  ("Loading JupyterLite...", "Even geduld, de pagina wordt geladen…"),
                  ("JupyterLite requires JavaScript to be enabled in your browser.",
                   "Zet JavaScript aan in je browser om deze pagina te gebruiken.")]


#: Strings a student meets in the notebook that the Dutch language pack (4.5.post3) leaves in
#: English or half-translated: set in its ``jupyterlab`` and ``notebook`` domains at build time.
NL_SUPPLEMENT: dict[str, str | list[str]] = {
    # plural forms (one cell, more cells): a list of two
    "Run Selected Cell": ["Geselecteerde cel uitvoeren", "Geselecteerde cellen uitvoeren"],
    "Run Selected Cell and Insert Below": ["Geselecteerde cel uitvoeren en een cel eronder maken",
                                           "Geselecteerde cellen uitvoeren en een cel eronder maken"],
    "Run Selected Cell and Do not Advance": ["Geselecteerde cel uitvoeren en blijven staan",
                                             "Geselecteerde cellen uitvoeren en blijven staan"],
    "Restart Kernel and Run All": "Kernel herstarten en alles uitvoeren",
    "menu\x04Cell Type": "Celtype",
    "Run Selected Text or Current Line in Console":
        "Geselecteerde tekst of huidige regel in de console uitvoeren",
    "Run All Above Selected Cell": "Alle cellen boven de geselecteerde cel uitvoeren",
    "Run Selected Cell and All Below": "Geselecteerde cel en alle cellen eronder uitvoeren",
    "Render All Markdown Cells": "Alle markdown-cellen weergeven",
    "Run All Cells": "Alle cellen uitvoeren",
    "Restart Kernel and Run All Cells…": "Kernel herstarten en alle cellen uitvoeren…",
    "Cell Type": "Celtype",
    "Trusted": "Vertrouwd",
    "Not Trusted": "Niet vertrouwd",
    "Connecting": "Verbinden",
    "Connected": "Verbonden",
    "Initializing": "Opstarten",
    "Starting": "Starten",
    "Busy": "Bezig",
    "Idle": "Klaar",
    "Unknown": "Onbekend",
}


def dutch_translations(out: Path) -> None:
    """Add :data:`NL_SUPPLEMENT` to the site's Dutch translations (``api/translations``)."""
    path = out / "api" / "translations" / "nl_NL.json"
    if not path.is_file():
        raise SiteError(f"{path}: missing: the Dutch language pack was not built into the site "
                        "(check the build tools: jupyterlab_server and the language pack)")
    data = json.loads(path.read_text("utf-8"))
    for domain in ("jupyterlab", "notebook"):
        table = data["data"].setdefault(domain, {})
        table.setdefault("", {"domain": domain, "language": "nl-NL",
                              "plural_forms": "nplurals=2; plural=(n != 1);", "version": domain})
        for en, nl in NL_SUPPLEMENT.items():
            table[en] = nl if isinstance(nl, list) else [nl]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


#: JupyterLite keeps its service worker's version in localStorage (``…service-worker.js…-version``):
#: removed when the page is left, so a closed tab leaves nothing in the browser's storage.
FORGET_SW_VERSION = """<script>
addEventListener("pagehide", function () {
  for (var i = localStorage.length - 1; i >= 0; i--) {
    var k = localStorage.key(i);
    if (/service-worker\\.js.*-version$/.test(k)) localStorage.removeItem(k);
  }
});
</script>
"""


def dutch_app_pages(out: Path) -> None:
    """The English text of JupyterLite's app pages (before its interface, which the language
    pack translates, has loaded) in Dutch, and :data:`FORGET_SW_VERSION` in each."""
    for page in [*out.glob("*/index.html"), *out.glob("*/*/index.html")]:
        text = page.read_text("utf-8")
        if "jupyterlite-loading-indicator" not in text:
            continue
        for en, nl in APP_PAGE_DUTCH:
            text = text.replace(en, nl)
        if FORGET_SW_VERSION not in text:
            text = text.replace("</head>", FORGET_SW_VERSION + "</head>", 1)
        page.write_text(text, "utf-8")


# ------------------------------------------------------------------------------ JupyterLite
def lite_config(audience: str) -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Kijk Verder" + (" (docenten)" if audience == "docenten" else ""),
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            # volatile storage: a shared computer keeps nothing after the tab is closed
            "enableMemoryStorage": True,
            "contentsStorageDrivers": ["memoryStorageDriver"],
            "settingsStorageDrivers": ["memoryStorageDriver"],
            # the workspace (which lessons were opened, JupyterLab's "recents") too: without this
            # it goes to IndexedDB and the next user of the computer finds it
            "workspacesStorageDrivers": ["memoryStorageDriver"],
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "disablePyPIFallback": True,
                    # everything in one parallel load: the kernel then installs nothing
                    "loadPyodideOptions": {"packages": ["kijkverder", *KERNEL_PRELOAD]},
                },
            },
        },
    }


#: JupyterLab settings: hide the REPL's prompt counters as far as settings allow.
OVERRIDES = {
    "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light"},
    "@jupyterlab/notebook-extension:tracker": {"autoRenderMarkdownCells": True},
    # the interface in Dutch (the language pack is one of the build tools)
    "@jupyterlab/translation-extension:plugin": {"locale": "nl_NL"},
}


def build_tools(cache: Path, log: Log) -> Path:
    """The Python of a private virtual environment in the cache that holds exactly the pinned
    build tools (``[build]`` in site_pins.toml: jupyterlite-core, the Pyodide kernel, the widget
    front end). Not the project's own environment: the Pyodide kernel's front-end extension
    belongs in JupyterLite, and installed next to JupyterLab and Voilà it breaks their pages."""
    build = pins()["build"]
    key = hashlib.sha256(json.dumps([build, sys.version], sort_keys=True).encode()).hexdigest()[:12]
    venv = cache / f"tools-{key}"
    python = venv / "bin" / "python"
    done = venv / ".kijkverder-complete"
    if not done.exists():
        shutil.rmtree(venv, ignore_errors=True)
        log("installing the site build tools (once, into the download cache)")
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
              *(f"{name}=={version}" for name, version in build.items())])
        done.write_text(json.dumps(build), "utf-8")
    check_build_tools(python)
    return python


def _extensions(python: Path) -> list[Path]:
    """The front-end extensions the site needs, from the build tools' environment: the Pyodide
    kernel and the widget manager."""
    share = python.parent.parent / "share" / "jupyter" / "labextensions"
    found = []
    for name in ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"):
        if not (share / name / "package.json").exists():
            raise SiteError(f"{share / name}: front-end extension missing from the build tools "
                            "(remove the folder tools-* in the site cache to reinstall them)")
        found.append(share / name)
    return found


def check_build_tools(python: Path) -> None:
    """The build tools must be the pinned ones (the kernel, its front end and Pyodide must match,
    or the kernel silently fails to start)."""
    code = ("import json, importlib.metadata as m, sys\n"
            "out = {}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: out[n] = None\n"
            "print(json.dumps(out))")
    build = pins()["build"]
    have = json.loads(_run([str(python), "-c", code, *build]))
    for name, pinned in build.items():
        if have.get(name) != pinned:
            raise SiteError(f"{PINS_FILE}: build: {name} {have.get(name) or 'not installed'} in "
                            f"{python.parent.parent}, pinned {pinned} (remove that folder to "
                            "reinstall the build tools)")


#: The JupyterLite build add-ons that must not look into the build environment's prefix: all
#: but ``translation`` (the Dutch language pack lives there).
SYS_PREFIX_IGNORED = ("federated_extensions", "icons", "archive", "contents", "lite", "mimetypes",
                      "report", "serve", "settings", "static", "workspaces",
                      "jupyterlite-pyodide-kernel-lock", "jupyterlite-pyodide-kernel-piplite",
                      "jupyterlite-pyodide-kernel-pyodide")


def lite_build(contents: Path, out: Path, audience: str, pyodide_dir: Path, log: Log,
               python: Path) -> None:
    """Run ``jupyter lite build`` (with the build tools' ``python``) clean in a scratch lite dir,
    then put Pyodide in place."""
    with tempfile.TemporaryDirectory(prefix="kv-lite-") as tmp:
        lite = Path(tmp)
        (lite / "jupyter-lite.json").write_text(json.dumps(lite_config(audience), indent=1), "utf-8")
        (lite / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1), "utf-8")
        # nothing from the build environment's prefix but the language packs: the translation
        # add-on reads them from there (the front-end extensions are passed by path below)
        (lite / "jupyter_lite_config.json").write_text(json.dumps(
            {"LiteBuildConfig": {"ignore_sys_prefix": list(SYS_PREFIX_IGNORED)}}), "utf-8")
        cmd = [str(python), "-m", "jupyterlite_core", "build", "--lite-dir", str(lite),
               "--contents", str(contents), "--output-dir", str(out), "--no-sourcemaps",
               "--no-unused-shared-packages",
               "--apps", "lab", "--apps", "notebooks", "--apps", "repl",
               *(f"--LiteBuildConfig.federated_extensions={p}" for p in _extensions(python))]
        log("jupyter lite build")
        env = {**os.environ, "JUPYTERLITE_NO_LIBARCHIVE": "1"}
        _run(cmd, cwd=lite, env=env)
    shutil.copytree(pyodide_dir, out / "static" / "pyodide", dirs_exist_ok=True)


#: JupyterLite's three browser stores (contents, settings, workspace): memory only, so a shared
#: computer keeps nothing, not even which lessons were opened.
STORAGE_KEYS = ("contentsStorageDrivers", "settingsStorageDrivers", "workspacesStorageDrivers")


def check_offline(out: Path) -> None:
    """Fail unless the built site loads Pyodide, wheels and assets only from itself."""
    cfg_path = out / "jupyter-lite.json"
    try:
        cfg = json.loads(cfg_path.read_text("utf-8"))["jupyter-config-data"]
        kernel = cfg["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    except (OSError, KeyError, ValueError) as e:
        raise SiteError(f"{cfg_path}: litePluginSettings: no Pyodide kernel settings ({e})")
    url = kernel.get("pyodideUrl", "")
    if "://" in url or not url.startswith("./") or not (out / url).is_file():
        raise SiteError(f"{cfg_path}: pyodideUrl: {url!r} is not a file of the site "
                        "(set it to ./static/pyodide/pyodide.mjs)")
    if kernel.get("disablePyPIFallback") is not True:
        raise SiteError(f"{cfg_path}: disablePyPIFallback: must be true (no PyPI fallback)")
    for storage in STORAGE_KEYS:
        if cfg.get(storage) != ["memoryStorageDriver"]:
            raise SiteError(f"{cfg_path}: {storage}: must be memoryStorageDriver only (the "
                            "browser keeps nothing after the tab is closed)")
    if cfg.get("enableMemoryStorage") is not True:
        raise SiteError(f"{cfg_path}: enableMemoryStorage: must be true")
    lock_path = out / "static" / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text("utf-8"))
    for key, p in lock["packages"].items():
        f = lock_path.parent / p["file_name"]
        if "://" in p["file_name"] or not f.is_file() or _sha256(f) != p["sha256"]:
            raise SiteError(f"{lock_path}: packages.{key}: {p['file_name']} is not shipped "
                            "as listed (rebuild the site)")
    listed = {p["file_name"] for p in lock["packages"].values()}
    unlisted = sorted(f.name for f in lock_path.parent.glob("*.whl") if f.name not in listed)
    if unlisted:
        raise SiteError(f"{lock_path}: packages: {unlisted} shipped but not in the lock "
                        "(rebuild the site)")
    problems = []
    for f in sorted(out.rglob("*")):
        if not f.is_file() or f.suffix not in (".js", ".mjs", ".json", ".html", ".css", ".ipynb"):
            continue
        rel = str(f.relative_to(out))
        text = f.read_text("utf-8", errors="replace")
        for host in CDN_HOSTS:
            if host in text and not any(re.match(pat, rel) and host == h
                                        for pat, h, _why in KNOWN_REMOTE_NAMES):
                problems.append(f"{out / rel}: {host}: names a remote host (remove it or load "
                                "the file from the site)")
    if problems:
        raise SiteError("\n".join(problems))


# ---------------------------------------------------------------------------- PDFs and index
def pdf_editions(audience: str) -> tuple[str, ...]:
    """The PDFs a site offers per lesson, by target name (see :mod:`kijkverder.targets`)."""
    return ("werkblad", "knipkaarten", "strookjes", "grote-letters", "grote-letters-knipkaarten") + (
        ("docentenversie",) if audience == "docenten" else ())


def _edition_of(pdf: Path) -> str:
    """The target name at the end of ``NN-slug-<target>.pdf`` (longest name first:
    ``grote-letters-knipkaarten`` also ends in ``knipkaarten``)."""
    return next(name for name in sorted(PDF_LABELS, key=len, reverse=True)
                if pdf.stem.endswith("-" + name))


def build_pdfs(notebooks: list[Path], out: Path, cache: Path, audience: str, log: Log,
               school: Path | None = None) -> dict:
    """The lessons' PDFs in ``out/pdf``, large print included (built into the cache with the
    handouts cache); ``school``: another school profile than ``school.yaml`` next to the lessons."""
    from .build import BOOK_NAME, build

    built_dir = cache / "pdf" / audience
    paths = build(notebooks, built_dir, jobs=None, book=audience == "docenten", log=log,
                  school=school).paths
    paths += build(notebooks, built_dir, jobs=None, book=False, large=True, log=log,
                   school=school).paths
    dest = _mk(out / "pdf")
    per_lesson: dict[str, list[Path]] = {}
    for p in paths:
        if p.name == BOOK_NAME:
            if audience == "docenten":
                shutil.copy2(p, dest / p.name)
            continue
        edition = _edition_of(p)
        if edition not in pdf_editions(audience):
            continue
        shutil.copy2(p, dest / p.name)
        per_lesson.setdefault(p.stem[:-len(edition) - 1], []).append(dest / p.name)
    return per_lesson


PDF_LABELS = {"werkblad": "Werkblad", "knipkaarten": "Knipkaarten (één set per groep)",
              "strookjes": "Strookjes (één per leerling)",
              "grote-letters": "Werkblad in grote letters",
              "grote-letters-knipkaarten": "Knipkaarten in grote letters",
              "docentenversie": "Docentenversie"}


def write_index(out: Path, sources: list, pdfs: dict, audience: str, cells: dict) -> None:
    """The start page: the lessons under the heading of their series (Kijk Verder, then Kijk
    Verder Eenvoudig), each with its links and PDFs; number, title, subtitle and level come from
    the lessons the gate read (:class:`~kijkverder.lessons.LessonSource`), never from the files
    again."""
    from .lessons import LEVELS, SERIES_TITLES

    series: dict[str, list[str]] = {level: [] for level in LEVELS}
    for source in sources:
        nb, meta = source.notebook, source.meta
        folder = nb.parent.name
        links = [f'<a class="open" href="{html.escape(lesson_url(folder))}">Open de les</a>',
                 f'<a class="projector" href="{html.escape(projector_url(folder))}">'
                 "Digibord</a>",
                 f'<a class="notebook" href="notebooks/index.html?path={quote(folder)}/'
                 f'{quote(nb.name)}">Als notebook openen</a>']
        pdf_links = "".join(
            f'<li><a class="pdf" href="pdf/{quote(p.name)}" download>'
            f'{PDF_LABELS[_edition_of(p)]} (pdf)</a></li>'
            for p in sorted(pdfs.get(folder, []), key=lambda p: list(PDF_LABELS).index(
                _edition_of(p))))
        series[meta.level].append(
            f'<li class="lesson" id="les-{html.escape(meta.number)}">'
            f'<h3>Les {html.escape(meta.number.upper())}: {html.escape(str(meta.title))}</h3>'
            f'<p>{html.escape(str(meta.subtitle or ""))}</p>'
            f'<p class="lesson-links">{" ".join(links)}</p><ul class="pdfs">{pdf_links}</ul></li>')
    sections = []
    for level, rows in series.items():
        if rows:
            sections.append(f'<section class="series" id="reeks-{level}" aria-labelledby="kop-{level}">'
                            f'<h2 id="kop-{level}">{html.escape(SERIES_TITLES[level])}</h2>'
                            f'<p>{html.escape(SERIES_INTROS[level])}</p>'
                            f'<ul class="lessons">{"".join(rows)}</ul></section>')
    book = ('<p><a class="pdf" href="pdf/docentenboek.pdf" download>Docentenboek (pdf)</a></p>'
            if (out / "pdf" / "docentenboek.pdf").exists() else "")
    page = INDEX_HTML.replace("{{title}}", "Kijk Verder" + (" – docenten" if audience == "docenten"
                                                            else ""))
    page = page.replace("{{lessons}}", "\n".join(sections)).replace("{{book}}", book)
    (out / "index.html").write_text(page, "utf-8")


#: One line under each series' heading on the start page.
SERIES_INTROS = {
    "b1": "De lessen voor klas 3 en hoger en het mbo.",
    "eenvoudig": "Dezelfde onderwerpen in makkelijke taal. Korte zinnen. Veel oefenen.",
}


INDEX_HTML = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<!-- JupyterLite's apps read their configuration chain from this root page: keep this element
     (the apps' own config-utils.js is not loaded here, so the page does not redirect) -->
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{}</script>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 0 auto; padding: 1.5rem;
  font-size: 1.15rem; line-height: 1.5; color: #111; background: #fff; }
h1 { font-size: 2rem; margin-bottom: .2rem; }
ul.lessons { list-style: none; padding: 0; }
section.series > h2 { font-size: 1.7rem; margin: 2rem 0 .3rem 0; }
li.lesson { border-top: 2px solid #ccc; padding: 1rem 0; }
li.lesson h3 { font-size: 1.4rem; margin: 0 0 .3rem 0; }
.lesson-links a { display: inline-block; padding: .5rem 1rem; margin: .2rem .5rem .2rem 0;
  border: 2px solid #0b3d91; border-radius: .4rem; color: #0b3d91; text-decoration: none;
  font-weight: 700; }
.lesson-links a.open { background: #0b3d91; color: #fff; }
.lesson-links a.notebook { border: none; font-weight: 400; text-decoration: underline;
  padding: .5rem .3rem; }
ul.pdfs { padding-left: 1.2rem; }
#waarschuwing { display: none; border: 3px solid #a40000; background: #fff3f3; padding: 1rem;
  margin: 1rem 0; }
body.no-lessons #waarschuwing { display: block; }
body.no-lessons .lesson-links { display: none; }
</style>
</head>
<body>
<h1>{{title}}</h1>
<p>Lessen over uitbuiting en mensenhandel. Klik op <b>Open de les</b> om de les in je browser te
doen. Je hoeft niets te installeren. Wat je invult, blijft alleen op dit apparaat. Als je het
tabblad sluit, is het weg.</p>
<div id="waarschuwing" role="alert">
<h2>De lessen werken hier niet</h2>
<p id="reden"></p>
<p>Wat kun je doen?</p>
<ul>
<li>Open deze map via een webserver met <b>https://</b>, bijvoorbeeld de website van school.</li>
<li>Of start een kleine webserver op deze computer, in deze map:
<code>python3 -m http.server 8000</code>, en open dan <b>http://localhost:8000</b>.</li>
</ul>
<p>De pdf's hieronder kun je wel gewoon downloaden.</p>
</div>
{{lessons}}
{{book}}
<script>
(function () {
  var p = location.protocol, h = location.hostname, why = "";
  var local = h === "localhost" || h === "127.0.0.1" || h === "[::1]" || h === "::1";
  if (p === "file:") {
    why = "Je hebt deze pagina geopend als bestand (file://). Dan mag de browser de lessen niet starten.";
  } else if (p === "http:" && !local) {
    why = "Deze website gebruikt http:// zonder s. Dan kan de browser de bestanden van de les niet lezen.";
  }
  if (why) {
    document.body.classList.add("no-lessons");
    document.getElementById("reden").textContent = why;
  }
})();
</script>
</body>
</html>
"""


# ------------------------------------------------------------------------------------- build
def default_out(audience: str) -> str:
    """The default output folder of the site for ``audience``: one folder per audience."""
    return "site" if audience == "leerlingen" else f"site-{audience}"


def _stamp_audience(out: Path) -> str | None:
    """The audience of the site in ``out`` (from its stamp), ``"?"`` for an unreadable stamp,
    ``None`` when there is no site."""
    stamp = out / STAMP
    if not stamp.exists() and not stamp.is_symlink():
        return None
    try:
        if stamp.is_symlink() or stamp.stat().st_size > 65536:
            return "?"
        held = json.loads(stamp.read_text("utf-8")).get("audience")
    except (OSError, ValueError, AttributeError):
        return "?"
    return held if isinstance(held, str) else "?"


def _input_key(notebooks: list[Path], audience: str, school: Path | None = None) -> str:
    h = hashlib.sha256()
    h.update(PINS_FILE.read_bytes())
    h.update(audience.encode())
    if school is not None:
        h.update(b"school\n")
        _hash_file(h, Path(school))
    h.update(_hash_tree([ROOT / "widgets", ROOT / "kijkverder", ROOT / "handouts"]).encode())
    for nb in notebooks:
        h.update(nb.parent.name.encode())
        for f in sorted(nb.parent.iterdir()):
            _hash_file(h, f)
    for f in sorted(notebooks[0].parent.parent.glob("*.yaml")) if notebooks else []:
        _hash_file(h, f)
    return h.hexdigest()


def _hash_file(h: Any, f: Path) -> None:
    """Add a lesson file to a key: a link by its text (never followed), a regular file the build
    can use by its bytes (read with its size bound), a larger one by its size; nothing else."""
    from widgets.contentio import read_bounded

    from .snapshot import limit_for

    if f.is_symlink():
        h.update(b"link\0" + f.name.encode() + b"\0" + os.readlink(f).encode())
        return
    limit = limit_for(f.name)
    got = read_bounded(f, limit) if limit is not None else None
    if got is not None:
        h.update(b"file\0" + f.name.encode() + b"\0" + str(got[1]).encode() + b"\0" + got[0])


def build_site(notebooks: list[Path], out: Path, audience: str = "leerlingen",
               cache: Path | None = None, force: bool = False, log: Log = print,
               school: Path | None = None) -> Path:
    """Build the static site of ``notebooks`` for ``audience`` into ``out``; return ``out``.
    ``school``: another school profile than ``school.yaml`` next to the lessons (``--school``),
    for every lesson's help card, the projector view and the PDFs; a broken one refuses the
    build before anything is written."""
    if audience not in AUDIENCES:
        raise SiteError(f"--audience: {audience!r} is not one of {', '.join(AUDIENCES)}")
    from .targets import OutputRefused, check_output_folder

    from .check import gate
    from .release import school_refusal

    refusal = school_refusal(school, "site")
    if refusal:
        raise SiteError(refusal)

    # absolute: the build tools run in a scratch folder of their own (a relative --out, as
    # `make site` passes it, pointed them at folders that do not exist there)
    cache = Path(os.path.abspath(cache if cache else cache_dir()))
    out = Path(os.path.abspath(out))
    try:
        check_output_folder(out, [Path(nb).parent.parent for nb in notebooks])
    except OutputRefused as e:
        raise SiteError(str(e)) from None
    if out.exists() and (out.is_symlink() or not out.is_dir()
                         or (any(out.iterdir()) and not (out / STAMP).is_file())):
        raise SiteError(f"{out}: --out: not an empty folder or an earlier site; choose a new "
                        "folder (the site replaces the whole folder)")
    held = _stamp_audience(out)
    if held is not None and held != audience:
        # audiences never share a folder: a teacher site never replaces the student site
        raise SiteError(f"{out}: --out: holds the site for {held}; the site for {audience} goes "
                        f"into its own folder (default: {default_out(audience)}); nothing was "
                        "built (also not with --force)")
    # fail closed: a lesson that fails `kijkverder check` is not put on the site
    sources, refused = gate(notebooks)
    for name, problems in refused.items():
        for problem in problems:
            log(str(problem))
        log(f"kijkverder site: {name} refused: it fails kijkverder check; left out of the site")
    if audience == "leerlingen":
        sources = [s for s in sources if s.audience == "leerlingen"]
    lessons = [s.notebook for s in sources]
    if not lessons:
        raise SiteError(f"{out}: lessons: none for audience {audience} (check les.yaml audience)")
    key = _input_key(lessons, audience, school)
    stamp = out / STAMP
    if not force and stamp.exists():
        try:
            if json.loads(stamp.read_text("utf-8")).get("key") == key:
                log(f"{out}: up to date")
                return out
        except ValueError:
            pass
    core = fetch_pyodide(_mk(cache), log)
    wheels = fetch_wheels(cache, json.loads((core / "pyodide-lock.json").read_text("utf-8")), log)
    own = project_wheel(cache, log, audience)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kv-site-", dir=out.parent) as tmp:
        work = Path(tmp)
        contents = _mk(work / "contents")
        write_lessons(sources, contents, audience, school)
        tools = build_tools(cache, log)
        assemble_pyodide(work / "pyodide", core, wheels, own, cache, log, tools)
        staged = work / "site"
        lite_build(contents, staged, audience, work / "pyodide", log, tools)
        cells = {nb.parent.name: projector_cells(contents / nb.parent.name / nb.name)
                 for nb in lessons}
        student = {nb.parent.name: projector_cells(contents / nb.parent.name / nb.name, "normal")
                   for nb in lessons}
        titles = {s.notebook.parent.name: f"Les {s.meta.number}: {s.meta.title}" for s in sources}
        write_projector_pages(staged, cells, student, titles)
        dutch_app_pages(staged)
        dutch_translations(staged)
        pdfs = build_pdfs(lessons, staged, cache, audience, log, school)
        write_index(staged, sources, pdfs, audience, cells)
        check_offline(staged)
        (staged / STAMP).write_text(json.dumps({"key": key, "audience": audience}), "utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staged, out)
    log(f"{out}: site for {audience} ({len(lessons)} lessons)")
    if refused:
        raise SiteError(f"{out}: built without {', '.join(refused)}: refused, they fail "
                        "kijkverder check (see above)")
    return out
