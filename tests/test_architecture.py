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
