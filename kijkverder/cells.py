"""Static reading of lesson notebooks: tags and widget calls."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

#: The only cell tags a lesson may use.
KNOWN_TAGS = {
    "teacher": "only in the teacher edition and the teacher's projector view",
    "print-only": "only in printed handouts (worksheet, teacher edition)",
    "screen-only": "only on screen (JupyterLab, projector), never printed",
}


@dataclass
class WidgetCall:
    name: str
    path: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)


class CellCodeError(ValueError):
    """A code cell does something other than importing and calling lesson widgets."""


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise CellCodeError("widget arguments must be plain values (text, numbers, lists)") from None


def parse_calls(source: str, known: set[str] | dict[str, str]) -> list[WidgetCall]:
    """The widget calls in a lesson code cell.

    Allowed statements: ``from widgets import A, B``, ``import widgets``, ``A.load("file.yaml", k=v)``,
    ``A(k=v)`` and ``widgets.set_language("en")`` / ``set_style``. Anything else raises
    :class:`CellCodeError`.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        raise CellCodeError(f"Python syntax error on line {e.lineno}: {e.msg}") from None
    calls: list[WidgetCall] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "widgets":
            continue
        if isinstance(stmt, ast.Import) and all(a.name == "widgets" for a in stmt.names):
            continue
        if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
            raise CellCodeError("a lesson code cell may only import widgets and call one widget, "
                                f"found {type(stmt).__name__} on line {stmt.lineno}")
        call = stmt.value
        func = call.func
        kwargs = {k.arg: _literal(k.value) for k in call.keywords if k.arg}
        if isinstance(func, ast.Name) and func.id in known:
            if call.args:
                raise CellCodeError(f"{func.id}(...) takes keyword arguments only")
            calls.append(WidgetCall(func.id, None, kwargs))
        elif (isinstance(func, ast.Attribute) and func.attr == "load"
              and isinstance(func.value, ast.Name) and func.value.id in known):
            if len(call.args) != 1 or not isinstance(call.args[0], ast.Constant) \
                    or not isinstance(call.args[0].value, str):
                raise CellCodeError(f"{func.value.id}.load needs one file name in quotes")
            calls.append(WidgetCall(func.value.id, call.args[0].value, kwargs))
        elif (isinstance(func, ast.Attribute) and func.attr in ("set_language", "set_style")
              and isinstance(func.value, ast.Name) and func.value.id == "widgets"):
            continue
        else:
            name = ast.unparse(func)
            raise CellCodeError(f"unknown call {name}(); use one of the lesson widgets: "
                                f"{', '.join(sorted(known))}")
    return calls


def cell_tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def notebook_language(nb: Any) -> str:
    """The language a notebook sets with ``widgets.set_language("en")`` (default Dutch)."""
    lang = "nl"
    for cell in nb.cells:
        if cell.cell_type != "code" or "set_language" not in cell.source:
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "set_language" \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                lang = node.args[0].value
    return lang
