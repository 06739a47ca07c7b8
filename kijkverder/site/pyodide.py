"""The ``static/pyodide`` folder of a site: the Pyodide core, every wheel with bytecode compiled
at build time (by Pyodide itself, under Node), and a ``pyodide-lock.json`` that lists exactly the
shipped files."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .base import PINS_FILE, Log, SiteError, _mk, _norm, _run, _sha256, _wheel_name, pins, static_text

PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                "pyodide.js")

#: Runs inside Pyodide (under Node, at build time): replaces each module of the wheels and of the
#: stdlib zip by its bytecode, compiled by the very Python the browser runs, so no module is
#: compiled from source on a student's machine. Sourceless pycs next to where the source was
#: (``name.pyc``, which Python imports when there is no ``name.py``), hash-based and never
#: checked: the browser downloads and unpacks about half the bytes. A module that does not
#: compile keeps its source. (Tracebacks then name the line but do not show it.)
PRECOMPILE_PY = r"""
import importlib.util, json, sys, warnings, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
warnings.simplefilter("ignore")
PREFIX = {"wheel": "/lib/python%d.%d/site-packages/" % sys.version_info[:2],
          "stdlib": "/lib/python%d%d.zip/" % sys.version_info[:2]}
for src, dst, kind in json.loads(open("/host" + JOBS).read()):
    added = []
    record = None
    with zipfile.ZipFile("/host" + src) as zin, \
            zipfile.ZipFile("/host" + dst, "w", zipfile.ZIP_DEFLATED) as out:
        names = set(zin.namelist())
        removed = set()
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if kind == "wheel" and name.endswith(".dist-info/RECORD"):
                record = (info, data)
                continue
            if "/__pycache__/" in "/" + name:
                continue
            if not name.endswith(".py") or name.split("/")[0].endswith(".data") \
                    or name + "c" in names:
                out.writestr(info, data)
                continue
            try:
                code = compile(data, PREFIX[kind] + name, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                out.writestr(info, data)
                continue
            cinfo = zipfile.ZipInfo(name + "c", info.date_time)
            cinfo.compress_type = zipfile.ZIP_DEFLATED
            cinfo.external_attr = info.external_attr
            out.writestr(cinfo, bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), False)))
            added.append(name + "c")
            removed.add(name)
        if record:
            lines = [ln for ln in record[1].decode("utf-8").splitlines()
                     if ln and ln.split(",")[0] not in removed and "/__pycache__/" not in "/" + ln]
            out.writestr(record[0], "\n".join(lines) + "\n" + "".join(c + ",,\n" for c in added))
    print(kind, dst.rsplit("/", 1)[-1], len(added))
"""

#: The Node script that runs :data:`PRECOMPILE_PY` in Pyodide (``str.format`` fields: ``mjs``,
#: ``index``, ``jobs``, ``script``).
PRECOMPILE_MJS = static_text("precompile.mjs")


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


#: ``import IPython`` imports ``IPython.terminal.embed`` for ``IPython.embed`` (a terminal
#: shell, useless in a browser), and with it prompt_toolkit: 0.34 of the 0.47 s the kernel
#: spends importing IPython under Node. The shipped IPython imports it when ``embed`` is first
#: asked for (a module ``__getattr__``), which fails there: prompt_toolkit is an empty stub
#: (:data:`KERNEL_STUBS`). The build fails if the line is not found.
IPYTHON_EAGER = "from .terminal.embed import embed\n"
IPYTHON_LAZY = """

def __getattr__(name):
    # Kijk Verder's site: the terminal shell (prompt_toolkit) only when asked for
    if name == "embed":
        from .terminal.embed import embed
        return embed
    raise AttributeError(f"module 'IPython' has no attribute {name!r}")
"""


def lazy_ipython(wheel: Path, folder: Path) -> Path:
    """A copy of the IPython ``wheel`` in ``folder`` whose ``import IPython`` leaves out the
    terminal shell (:data:`IPYTHON_EAGER`), with its RECORD updated."""
    dest = folder / wheel.name
    if dest.exists():
        return dest
    init = "IPython/__init__.py"
    with zipfile.ZipFile(wheel) as zin:
        text = zin.read(init).decode("utf-8")
        if text.count(IPYTHON_EAGER) != 1 or "def __getattr__" in text:
            raise SiteError(f"{wheel.name}: {init}: the line {IPYTHON_EAGER.strip()!r} is not "
                            "there once (a new IPython? check that `import IPython` still "
                            "imports prompt_toolkit only for embed, then update IPYTHON_EAGER)")
        data = (text.replace(IPYTHON_EAGER, "") + IPYTHON_LAZY).encode("utf-8")
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        part = dest.with_name(dest.name + ".part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zin.infolist():
                body = zin.read(info)
                if info.filename == init:
                    body = data
                elif info.filename.endswith(".dist-info/RECORD"):
                    body = "".join(
                        f"{init},sha256={digest},{len(data)}\n" if ln.split(",")[0] == init
                        else ln + "\n" for ln in body.decode("utf-8").splitlines()).encode()
                out.writestr(info, body)
    os.replace(part, dest)
    return dest


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
KERNEL_WHEELS = ("pyodide-kernel", "ipykernel", "widgetsnbextension")
#: Every package the Pyodide kernel would install at start unless it is preloaded.
KERNEL_PRELOAD = ("micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython",
                  "widgetsnbextension")


#: Packages the kernel loads by name at every start that a lesson never uses: shipped as empty
#: stubs (name: install_dir, package_type), so the browser neither downloads nor unpacks them
#: and the kernel does not try to install them. ``sqlite3`` (an unvendored stdlib module the npm
#: core lacks): IPython runs without history. ``jedi`` (with parso, 2.4 MB of wheels): IPython's
#: completer runs without it (it imports jedi only if installed). ``prompt-toolkit`` and
#: ``wcwidth`` (IPython's terminal shell, 0.9 MB of wheels, ~70 ms of unpacking at every start):
#: only ``IPython.embed`` imports them (:data:`IPYTHON_LAZY`); a browser has no terminal.
KERNEL_STUBS = {"sqlite3": ("stdlib", "cpython_module"), "jedi": ("site", "package"),
                "micropip": ("site", "package"), "prompt-toolkit": ("site", "package"),
                "wcwidth": ("site", "package")}

#: The Pyodide kernel's worker imports ``piplite.piplite`` at every start (before the kernel) and
#: sets its two flags; the real piplite imports micropip (0.1 s under Node, more in a browser)
#: only to install packages, which an offline site never does. This piplite installs nothing:
#: ``%pip`` and ``piplite.install`` say so (in Dutch) instead. With it, ``micropip`` is an empty
#: stub (:data:`KERNEL_STUBS`).
PIPLITE_SHIM = {
    "piplite/__init__.py": '"""piplite as the Kijk Verder site ships it: installs nothing."""\n'
                           "from .piplite import PiplitePyPIDisabled, install\n"
                           '__all__ = ["PiplitePyPIDisabled", "install"]\n',
    "piplite/piplite.py": (
        '"""The flags the Pyodide kernel sets at start; installing is switched off."""\n'
        "_PIPLITE_URLS = []\n_PIPLITE_DISABLE_PYPI = True\n\n\n"
        "class PiplitePyPIDisabled(ValueError):\n"
        '    """Installing packages is switched off on this site."""\n\n\n'
        "MESSAGE = ('Pakketten installeren kan niet op deze site: de les werkt offline, met alleen '\n"
        "           'de pakketten die de site meebrengt.')\n\n\n"
        "async def install(*args, **kwargs):\n"
        "    raise PiplitePyPIDisabled(MESSAGE)\n"),
    "piplite/cli.py": (
        '"""``%pip`` in a cell: installing is switched off."""\n'
        "from .piplite import MESSAGE, PiplitePyPIDisabled\n\n\n"
        "async def get_transformed_code(argv):\n"
        "    raise PiplitePyPIDisabled(MESSAGE)\n"),
}


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
    if "ipython" in wheels:
        patched = dest / ".patched" if cache is None else cache / "patched" / (
            _sha256(wheels["ipython"])[:16] + "-" +
            hashlib.sha256(IPYTHON_LAZY.encode()).hexdigest()[:8])
        wheels["ipython"] = lazy_ipython(wheels["ipython"], _mk(patched))
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
    shim = dest / "piplite-shim.zip"
    with zipfile.ZipFile(shim, "w") as z:
        for name, text in sorted(PIPLITE_SHIM.items()):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text)
    packages["piplite"] = {"name": "piplite", "version": "0.0.0", "file_name": shim.name,
                           "install_dir": "site", "sha256": _sha256(shim),
                           "package_type": "package", "imports": ["piplite"], "depends": [],
                           "unvendored_tests": False, "shared_library": False}
    for name, (install_dir, package_type) in KERNEL_STUBS.items():
        if name in packages:
            raise SiteError(f"{PINS_FILE}: wheels: {name} is shipped as an empty stub (the "
                            "kernel does not use it); remove it from [wheels]")
        stub = dest / f"{name}-stub.zip"
        with zipfile.ZipFile(stub, "w") as z:
            z.writestr(f"{name}_stub_readme.txt", f"{name} is not shipped with this site\n")
        packages[name] = {"name": name, "version": "0.0.0", "file_name": stub.name,
                          "install_dir": install_dir, "sha256": _sha256(stub),
                          "package_type": package_type, "imports": [], "depends": [],
                          "unvendored_tests": False, "shared_library": False}
    for key, p in packages.items():
        missing = [d for d in p["depends"] if d not in packages]
        if missing:
            raise SiteError(f"{PINS_FILE}: depends: {key} needs {missing}, which are not shipped "
                            "(add them to [wheels])")
    shutil.rmtree(dest / ".patched", ignore_errors=True)
    lock = {"info": npm_lock["info"], "packages": packages}
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True), "utf-8")
    return lock
