"""nbconvert exporters: ``jupyter nbconvert --to handout`` (student worksheet PDF),
``--to handout-teacher`` (teacher edition) and ``--to handout-cards`` (cut-out cards)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Enum, default

from .targets import EDITIONS


class HandoutExporter(Exporter):
    """Print handout of a Kijk Verder lesson as an A4 PDF (WeasyPrint, no network)."""

    export_from_notebook = "Kijk Verder handout"
    output_mimetype = "application/pdf"
    edition = Enum(list(EDITIONS), default_value="student",
                   help="student = werkblad, teacher = docentenversie, cards = knipkaarten, slips = strookjes").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[bytes, dict[str, Any]]:
        # nbconvert imports every exporter to list them (JupyterLab's export menu): the print
        # side is imported when a handout is made
        from handouts.render import html_to_pdf  # lazy: pulls in ipywidgets, pydantic

        from .check import gate  # lazy: pulls in ipywidgets, pydantic
        from .lessons import LessonError  # lazy: pulls in ipywidgets, pydantic
        from .printing import lesson_html  # lazy: pulls in ipywidgets, pydantic

        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        path = (resources.get("metadata") or {}).get("path") or "."
        name = (resources.get("metadata") or {}).get("name") or "lesson"
        # fail closed: the same check as `kijkverder check`, refused with its one-line problems
        sources, refused = gate([Path(path) / f"{name}.ipynb"])
        if refused:
            problems = [p for probs in refused.values() for p in probs]
            _refuse_in_app(problems)
            raise LessonError(problems)
        html = lesson_html(sources[0], self.edition)
        pdf = html_to_pdf(html, base_url=str(Path(path).resolve()) + "/")
        resources["output_extension"] = ".pdf"
        return pdf, resources


def _refuse_in_app(problems: list[Any]) -> None:
    """Under ``jupyter nbconvert``: print the gate's one-line problems and exit with code 1.
    nbconvert logs an exporter's exception with its stack trace, which a teacher should not
    have to read. Called from Python (no running app), the caller gets the LessonError."""
    import sys

    from nbconvert.nbconvertapp import NbConvertApp

    if NbConvertApp.initialized():
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1)


class TeacherHandoutExporter(HandoutExporter):
    export_from_notebook = "Kijk Verder teacher edition"

    @default("edition")
    def _edition_default(self) -> str:
        return "teacher"


class CardsHandoutExporter(HandoutExporter):
    export_from_notebook = "Kijk Verder cut-out cards"

    @default("edition")
    def _edition_default(self) -> str:
        return "cards"
