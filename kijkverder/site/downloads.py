"""The downloads of a site, kept in the cache (:func:`~kijkverder.site.base.cache_dir`): the
Pyodide core (``npm pack``), the pinned wheels (``pip download``, or built from sdists) and the
project's own wheel."""
from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

import widgets
from widgets.i18n import STRINGS

from ..targets import role_of
from .base import PINS_FILE, ROOT, Log, SiteError, _hash_tree, _mk, _norm, _pip, _run, _wheel_name, pins


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
    return {k for name in widgets.WIDGETS
            for k in getattr(widgets.widget_class(name), "teacher_keys", ())}


def strip_teacher_strings(i18n_py: Path, keys: set[str]) -> None:
    """Rewrite the copied ``widgets/i18n.py`` without the ``STRINGS`` entries in ``keys``: the
    students' wheel is readable in the browser, so teacher-only UI text is not in it."""
    import ast

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
#: The packages of it the kernel imports (the lessons import ``widgets``, which never imports
#: the tool or the print side): the only ones the site's wheel ships (:func:`kernel_only`).
KERNEL_PACKAGES = ("widgets",)


def kernel_only(wheel: Path) -> None:
    """Rewrite the project's ``wheel`` with only :data:`KERNEL_PACKAGES` and its metadata (its
    ``RECORD`` and ``top_level.txt`` to match): the browser downloads and unpacks less, and the
    tool's and the print side's code are not on the site."""
    import zipfile

    def kept(name: str) -> bool:
        top = name.split("/")[0]
        return top in KERNEL_PACKAGES or top.endswith(".dist-info")

    part = wheel.with_name(wheel.name + ".part")
    with zipfile.ZipFile(wheel) as zin, zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            if not kept(info.filename):
                continue
            data = zin.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = "".join(line for line in data.decode("utf-8").splitlines(keepends=True)
                               if kept(line.split(",")[0])).encode("utf-8")
            elif info.filename.endswith(".dist-info/top_level.txt"):
                data = "".join(f"{pkg}\n" for pkg in KERNEL_PACKAGES).encode("utf-8")
            out.writestr(info, data)
    os.replace(part, wheel)


def project_wheel(cache: Path, log: Log, audience: str = "docenten", root: Path = ROOT) -> Path:
    """The project's own wheel (the ``widgets`` package the lessons import), built from a copy
    of the sources in ``root`` (the project folder) so the working tree stays clean, holding only
    :data:`KERNEL_PACKAGES` (:func:`kernel_only`); for a student's site without the teacher-only
    UI strings (:func:`strip_teacher_strings`)."""
    # every package the wheel holds (an older key left out handouts: a stale wheel was shipped)
    key = _hash_tree([root / "pyproject.toml", *(root / pkg for pkg in PROJECT_PACKAGES)],
                     root)[:16] + "-" + "-".join(KERNEL_PACKAGES)
    out = _mk(cache / "project" / f"{key}-{audience}")
    found = list(out.glob("kijkverder-*.whl"))
    if found:
        return found[0]
    log("build the project wheel")
    with tempfile.TemporaryDirectory(prefix="kv-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, src / name)
        for pkg in PROJECT_PACKAGES:
            shutil.copytree(root / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
        if role_of(audience) != "teacher":
            strip_teacher_strings(src / "widgets" / "i18n.py", teacher_ui_keys())
        _run([*_pip(), "wheel", "--quiet", "--no-deps", "-w", str(tmp), str(src)])
        wheel = next(Path(tmp).glob("kijkverder-*.whl"))
        kernel_only(wheel)
        shutil.move(wheel, out / wheel.name)
    return next(out.glob("kijkverder-*.whl"))
