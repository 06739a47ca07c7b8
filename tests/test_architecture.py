"""The layering of the house, read from the code with ``ast`` (nothing is imported or run).

``kijkverder`` (the tool: commands, orchestration, policy, the lesson model, the checks) may
import ``handouts`` (the print side: it renders a lesson view it is given) and ``widgets`` (the
kernel side); ``handouts`` may import ``widgets``; ``widgets`` imports neither. Every import
counts, also one inside a function (they are there for start-up time, not to hide an arrow),
except those under ``if TYPE_CHECKING:``, which never run.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kijkverder", "handouts", "widgets")


def _modules() -> dict[str, Path]:
    """Every product module by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text("utf-8"), str(path)) for name, path in MODULES.items()}


TREES = _trees()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: at any depth, but not under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports(module: str, tree: ast.Module | None = None, is_package: bool | None = None) -> set[str]:
    """The product modules ``module`` imports (``from pkg import mod`` names the module)."""
    if is_package is None:
        is_package = MODULES[module].name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in _import_nodes(tree if tree is not None else TREES[module]):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
            continue
        if node.level:
            base = package.split(".")
            base = base[:len(base) - (node.level - 1)]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        for alias in node.names:
            sub = f"{origin}.{alias.name}"
            targets.add(sub if sub in MODULES else origin)
    return {t for t in targets if t.split(".")[0] in PACKAGES}


GRAPH = {module: imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself),
    Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return found


def _arrows(source: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{module} -> {target}" for module, targets in GRAPH.items()
                  if module.split(".")[0] == source
                  for target in targets if target.split(".")[0] in forbidden)


def test_the_import_graph_is_read():
    """The reader finds what it must (a test that always passes would prove nothing)."""
    code = ast.parse(
        "import widgets\n"
        "from typing import TYPE_CHECKING\n"
        "from ..contentio import Problem\n"
        "from . import base\n"
        "if TYPE_CHECKING:\n"
        "    from kijkverder.lessons import LessonView\n"
        "def later():\n"
        "    from handouts.render import html_to_pdf\n")
    assert imports("widgets.models.facts", code, is_package=False) == {
        "widgets", "widgets.contentio", "widgets.models.base", "handouts.render"}
    assert {"kijkverder.cli", "handouts.render", "widgets.schema"} <= set(GRAPH)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"a"}}) == [["a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    """No module imports itself round a circle, not even through a function-level import."""
    assert _cycles(GRAPH) == []


def test_handouts_never_imports_the_tool():
    """The print side renders what it is given (a lesson view, a target row, a markdown
    renderer); commands, the gate, the cache and the output policy live in the tool."""
    assert _arrows("handouts", ("kijkverder",)) == []


def test_widgets_never_import_the_others():
    """The kernel side runs in a lesson's kernel (JupyterLab, JupyterLite, Voilà): it imports
    neither the tool nor the print side."""
    assert _arrows("widgets", ("kijkverder", "handouts")) == []


def _yaml_readers(tree: ast.Module) -> list[int]:
    """Lines that parse YAML: ``yaml.load``/``safe_load``/... or those names imported from yaml."""
    names = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all",
             "full_load_all", "unsafe_load_all"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names \
                and isinstance(node.value, ast.Name) and node.value.id == "yaml":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "yaml" \
                and any(a.name in names for a in node.names):
            lines.append(node.lineno)
    return lines


def test_one_module_reads_yaml():
    """Every YAML file (lesson content, settings, les.yaml, messages, a release's settings) is
    parsed by the one strict loader of :mod:`widgets.contentio` (duplicate keys, anchors and
    file limits handled once)."""
    readers = {module: lines for module, tree in TREES.items()
               if (lines := _yaml_readers(tree))}
    assert list(readers) == ["widgets.contentio"], readers


def test_the_lesson_file_is_named_once():
    """A lesson folder's shape is known to :mod:`kijkverder.lessons`: its ``les.yaml`` is
    ``LESSON_FILE`` everywhere else in the tool (a path made of the literal, ``dir /
    "les.yaml"`` or ``f"{base}/les.yaml"``, is a second definition that can drift). Prose that
    names the file (messages, docstrings) is not a path and may say it."""
    found = []
    for module, tree in TREES.items():
        if module == "kijkverder.lessons" or not module.startswith(("kijkverder", "handouts")):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and (node.value == "les.yaml" or node.value.endswith("/les.yaml")):
                found.append(f"{module}:{node.lineno}")
    assert found == [], found


def test_one_module_opens_lesson_side_files_for_reading():
    """Content files, ``les.yaml``, the school profile and the view file
    (``kijkverder-view.yaml``) are read by the bounded, lstat-first readers of
    :mod:`widgets.contentio` only: no other module opens a file for reading with ``os.open``
    (where the flags that keep a FIFO from blocking and a link from being followed live).
    ``kijkverder.release`` reads back, through a folder descriptor, what it wrote in an output
    folder: not a lesson file."""
    readers = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "os.open":
                flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
                if not any(f in flags for f in ("O_WRONLY", "O_RDWR", "O_DIRECTORY")):
                    readers.append(module)  # a write or a folder says so in its flags
    assert sorted(set(readers)) == ["kijkverder.release", "widgets.contentio"], readers


#: Modules that list or walk folders that are not lesson folders, by (module, function): what
#: they iterate. A lesson folder (or the lessons folder) is listed by :mod:`kijkverder.lessons`
#: only, so where a lesson's files are is decided once.
FOLDER_WALKS = {
    ("kijkverder.build", "code_fingerprint"): "the package's own code, for the cache key",
    ("kijkverder.present", "offline_template"): "the print side's font files",
    ("kijkverder.serve", "remove_stale"): "private scratch folders of earlier runs",
    ("kijkverder.site", "build_site"): "the output folder (is it empty?)",
    ("kijkverder.site.base", "_hash_tree"): "the package's own code, for the site's key",
    ("kijkverder.site.downloads", "fetch_wheels"): "the wheel download cache",
    ("kijkverder.site.downloads", "project_wheel"): "the project wheel's cache",
    ("kijkverder.site.dutch", "dutch_app_pages"): "the built JupyterLite app",
    ("kijkverder.site.lite", "check_offline"): "the built site, every shipped file",
    ("kijkverder.site.pyodide", "kernel_wheels"): "the wheels of the build tools' Python",
    ("handouts.book", "_bundled_fonts"): "the print side's font files",
    # the gate's private byte copy of a lesson folder (links, FIFOs and folders copied as such,
    # so check reports them in the copy as in the original): what is checked is what is built
    ("kijkverder.snapshot", "_copy_lesson"): "a lesson folder, for the gate's private copy",
}
#: ``Path`` methods, and ``os`` functions (``ast.walk`` is no listing), that list a folder.
OS_LISTINGS = {"walk", "listdir", "scandir"}
LISTINGS = {"iterdir", "glob", "rglob"} | OS_LISTINGS


def _calls_in_functions(tree: ast.Module, names: set[str]) -> list[tuple[str, str, int]]:
    """(innermost function, called name, line) of every call of a method or ``os`` function
    named in ``names`` (``p.iterdir()``, ``os.walk(p)``, ``nbformat.reads(s)``)."""
    found = []

    def visit(node: ast.AST, func: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                else func
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) \
                    and child.func.attr in names and (child.func.attr not in OS_LISTINGS or ast.unparse(
                        child.func.value) == "os"):
                found.append((inner, child.func.attr, child.lineno))
            visit(child, inner)
    visit(tree, "(module)")
    return found


def _folder_walks(module: str, tree: ast.Module) -> list[str]:
    return [f"{module}:{line} {func}() {name}" for func, name, line
            in _calls_in_functions(tree, LISTINGS)
            if (module, func) not in FOLDER_WALKS]


def _notebook_readers(module: str, tree: ast.Module) -> list[str]:
    """Lines that read a notebook: nbformat's readers (however imported), or the notebook's size
    bound (``MAX_NOTEBOOK_BYTES``: whoever reads a notebook's text needs it)."""
    found = []
    nbformat_names = {"nbformat"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            nbformat_names |= {a.asname for a in node.names if a.name == "nbformat" and a.asname}
        elif isinstance(node, ast.ImportFrom) and node.module == "nbformat" \
                and any(a.name in ("read", "reads") for a in node.names):
            found.append(f"{module}:{node.lineno} from nbformat import read")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("read", "reads") and isinstance(node.func.value, ast.Name) \
                and node.func.value.id in nbformat_names:
            found.append(f"{module}:{node.lineno} nbformat.{node.func.attr}")
        elif isinstance(node, (ast.Name, ast.alias)) \
                and getattr(node, "id", getattr(node, "name", None)) == "MAX_NOTEBOOK_BYTES":
            found.append(f"{module}:{getattr(node, 'lineno', '?')} MAX_NOTEBOOK_BYTES")
    return found


def test_the_lesson_reader_checks_are_read():
    """The readers below find what they must (a test that always passes would prove nothing):
    the shapes the tool used before it had one reader of a lesson."""
    code = ast.parse(
        "import nbformat as nbf\n"
        "from widgets.contentio import MAX_NOTEBOOK_BYTES\n"
        "def _input_key(nb):\n"
        "    for f in sorted(nb.parent.iterdir()):\n"
        "        pass\n"
        "    return list(nb.parent.parent.glob('*.yaml'))\n"
        "def check_notebook(path):\n"
        "    def inner():\n"
        "        return os.walk(path)\n"
        "    return nbf.reads(path.read_text(), as_version=4), nbformat.read(path, 4)\n")
    assert _folder_walks("kijkverder.site", code) == [
        "kijkverder.site:4 _input_key() iterdir", "kijkverder.site:6 _input_key() glob",
        "kijkverder.site:9 inner() walk"]
    assert _notebook_readers("kijkverder.check", code) == [
        "kijkverder.check:2 MAX_NOTEBOOK_BYTES", "kijkverder.check:10 nbformat.reads",
        "kijkverder.check:10 nbformat.read"]
    assert _folder_walks("kijkverder.snapshot", ast.parse(
        "def _copy_lesson(src):\n    return os.walk(src)\n")) == []


def test_one_module_reads_a_lesson_notebook():
    """A lesson's notebook is read (bounded, size limits, nbformat) by
    :func:`kijkverder.lessons.parse_notebook` only: check, the language check, the lesson model,
    preview and the site's pages ask it, so a command can parse a notebook once. The snapshot
    reads a notebook's bytes, with the notebook's bound, for the gate's private copy; the
    bound itself is defined in :mod:`widgets.contentio`."""
    readers = {module: lines for module, tree in TREES.items()
               if module not in ("kijkverder.lessons", "widgets.contentio", "kijkverder.snapshot")
               and (lines := _notebook_readers(module, tree))}
    assert readers == {}, readers
    assert _notebook_readers("kijkverder.lessons", TREES["kijkverder.lessons"])


def test_one_module_lists_a_lesson_folder():
    """A lesson folder and the lessons folder are listed and walked by :mod:`kijkverder.lessons`
    only (``files_under`` for check, ``folder_files`` for preview and the site, ``all_lessons``);
    every other listing in the house is of a folder that is not a lesson's
    (:data:`FOLDER_WALKS`, each with what it lists)."""
    walks = [w for module, tree in TREES.items() if module != "kijkverder.lessons"
             for w in _folder_walks(module, tree)]
    assert walks == [], walks
    listed = {(m, f) for m, tree in TREES.items() for f, _n, _l in _calls_in_functions(tree, LISTINGS)}
    assert set(FOLDER_WALKS) <= listed, set(FOLDER_WALKS) - listed  # no stale exception


def _lazy_import_problems(source: str) -> list[str]:
    """Imports of project modules at the top of the file: a function-level one says why on its
    line (``# lazy: <reason>``, e.g. ``# lazy: pulls in weasyprint``), and a ``# lazy:`` comment
    sits on no module-level import (it would explain nothing)."""
    lines = source.splitlines()
    found = []

    def marked(node: ast.stmt) -> bool:
        return any("# lazy:" in line for line in lines[node.lineno - 1:node.end_lineno])

    def project(node: ast.Import | ast.ImportFrom) -> bool:
        if isinstance(node, ast.ImportFrom):
            return bool(node.level) or (node.module or "").split(".")[0] in PACKAGES
        return any(a.name.split(".")[0] in PACKAGES for a in node.names)

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                if in_function and project(child) and not marked(child):
                    found.append(f"{child.lineno}: function-level import without '# lazy: <reason>'")
                elif not in_function and marked(child):
                    found.append(f"{child.lineno}: '# lazy:' on a module-level import")
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                            ast.Lambda)))
    visit(ast.parse(source), False)
    return found


def test_the_lazy_import_rule_is_read():
    """The reader finds what it must (a rule that always passes would prove nothing)."""
    code = ("import os\n"
            "from .base import x  # lazy: not needed here\n"
            "def f():\n"
            "    import json\n"
            "    from widgets.schema import load_content\n"
            "    from handouts.render import (  # lazy: pulls in weasyprint\n"
            "        html_to_pdf)\n"
            "    class C:\n"
            "        def g(self):\n"
            "            from . import check\n")
    assert _lazy_import_problems(code) == [
        "2: '# lazy:' on a module-level import",
        "5: function-level import without '# lazy: <reason>'",
        "10: function-level import without '# lazy: <reason>'"]


def test_project_imports_are_at_the_top():
    """Issue 27: a module imports the project's modules at its top, so its dependencies read
    from the top of the file; a function-level import is kept only where the module it imports
    pulls in a heavy third-party library that a fast path must not pay for (``kijkverder
    --help``: ipywidgets and pydantic through ``widgets``; nbconvert listing its exporters), and
    it says so on its line."""
    problems = {module: found for module, path in MODULES.items()
                if (found := _lazy_import_problems(path.read_text("utf-8")))}
    assert problems == {}, problems
