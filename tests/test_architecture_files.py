"""The shape of the house (issue 27, architecture review 2): no product module grows into a room
that does too many things, the site package has no import circle, and every file a package needs
at run time is declared as package data (the wheel carries exactly what pyproject.toml lists)."""
from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

from tests.conftest import ROOT

PRODUCT = ("kijkverder", "widgets", "handouts")
MAX_LINES = 600

#: Product files still over MAX_LINES, each being split by its own change. This list only
#: shrinks: a file leaves it when it is split (the test fails while a file listed here is short
#: enough), and no file is added to it; split a file that grows over the limit instead.
TOO_LONG_FOR_NOW: set[str] = set()


def _product_files() -> list[Path]:
    return sorted(p for pkg in PRODUCT for p in (ROOT / pkg).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _lines(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines())


def test_no_product_file_is_over_600_lines() -> None:
    too_long = {str(p.relative_to(ROOT)): _lines(p) for p in _product_files()
                if _lines(p) > MAX_LINES}
    grown = {name: n for name, n in too_long.items() if name not in TOO_LONG_FOR_NOW}
    assert grown == {}, (f"over {MAX_LINES} lines: {grown}; split the file along its seams "
                         "(see kijkverder/site/ for an example)")
    split = sorted(TOO_LONG_FOR_NOW - set(too_long))
    assert split == [], (f"{split}: no longer over {MAX_LINES} lines (or gone): remove them from "
                         "TOO_LONG_FOR_NOW in tests/test_architecture.py")


def _relative_imports(path: Path) -> set[str]:
    """The sibling modules ``path`` imports (``from .x import``, at any depth in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "kijkverder.site" or node.module.startswith("kijkverder.site.")):
            found.add(node.module.removeprefix("kijkverder.site").lstrip(".") or "__init__")
    return found


def test_the_site_package_has_no_import_circle() -> None:
    """The parts of ``kijkverder/site/`` import each other in one direction only, and never the
    package itself (``__init__`` imports them all): a circle would make the import order matter."""
    folder = ROOT / "kijkverder" / "site"
    graph = {p.stem: _relative_imports(p) for p in folder.glob("*.py")}
    assert {"base", "downloads", "pyodide", "lite", "lesson_pages", "start_page"} <= set(graph)
    for name, deps in graph.items():
        assert deps <= set(graph), f"kijkverder/site/{name}.py imports {deps - set(graph)}"
        if name != "__init__":
            assert "__init__" not in deps, f"kijkverder/site/{name}.py imports the package itself"
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import circle in kijkverder/site: {' -> '.join(path + (name,))}"
        if name in done:
            return
        for dep in graph[name]:
            visit(dep, path + (name,))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_every_package_file_is_declared_package_data() -> None:
    """Every package folder is in ``[tool.setuptools] packages`` and every other file in it
    (templates, static files, data) matches its package's ``package-data`` globs, so a plain
    ``pip install .`` carries it (tests/test_fresh_machine.py builds the wheel itself)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = set(config["packages"])
    data = config.get("package-data", {})
    folders = {str(p.parent.relative_to(ROOT)).replace("/", ".") for pkg in PRODUCT
               for p in (ROOT / pkg).rglob("__init__.py") if "__pycache__" not in p.parts}
    assert folders == packages, f"packages in pyproject.toml: {sorted(packages)}, on disk: {sorted(folders)}"
    missing = []
    for pkg in PRODUCT:
        for f in sorted((ROOT / pkg).rglob("*")):
            if not f.is_file() or f.suffix in (".py", ".pyc") or "__pycache__" in f.parts:
                continue
            owner = next(p for p in sorted(packages, key=len, reverse=True)
                         if f.is_relative_to(ROOT / p.replace(".", "/")))
            rel = str(f.relative_to(ROOT / owner.replace(".", "/")))
            if not any(fnmatch.fnmatch(rel, pat) and rel.count("/") == pat.count("/")
                       for pat in data.get(owner, [])):
                missing.append(f"{f.relative_to(ROOT)} (package {owner})")
    assert missing == [], f"not declared in [tool.setuptools.package-data]: {missing}"


def test_the_scheduling_hint_names_test_files_that_exist() -> None:
    """``LONGEST_FIRST`` (tests/conftest.py) sends the slow files to the workers first; a renamed
    file would silently fall back to the end of the run, where it makes one worker wait."""
    from tests.conftest import LONGEST_FIRST

    missing = [name for name in LONGEST_FIRST if not (ROOT / name).is_file()]
    assert missing == [] and len(set(LONGEST_FIRST)) == len(LONGEST_FIRST), missing
