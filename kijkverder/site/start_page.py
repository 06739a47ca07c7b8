"""The start page of a site (``index.html``) and the PDFs it offers per lesson."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from .base import Log, _mk, templates
from .lesson_pages import lesson_url, projector_url


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
    from ..build import BOOK_NAME, build

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


PDF_LABELS = {"werkblad": "Werkblad", "knipkaarten": "Knipkaarten (per soort kaart staat erop voor wie)",
              "strookjes": "Strookjes (één per leerling)",
              "grote-letters": "Werkblad in grote letters",
              "grote-letters-knipkaarten": "Knipkaarten in grote letters",
              "docentenversie": "Docentenversie"}


#: One line under each series' heading on the start page.
SERIES_INTROS = {
    "b1": "De lessen voor klas 3 en hoger en het mbo.",
    "eenvoudig": "Dezelfde onderwerpen in makkelijke taal. Korte zinnen. Veel oefenen.",
}


def write_index(out: Path, sources: list, pdfs: dict, audience: str, cells: dict) -> None:
    """The start page (``templates/index.html.j2``): the lessons under the heading of their
    series (Kijk Verder, then Kijk Verder Eenvoudig), each with its links and PDFs; number,
    title, subtitle and level come from the lessons the gate read
    (:class:`~kijkverder.lessons.LessonSource`), never from the files again."""
    from ..lessons import LEVELS, SERIES_TITLES

    series: dict[str, list[dict]] = {level: [] for level in LEVELS}
    for source in sources:
        nb, meta = source.notebook, source.meta
        folder = nb.parent.name
        series[meta.level].append({
            "number": meta.number, "title": str(meta.title), "subtitle": str(meta.subtitle or ""),
            "lesson_url": lesson_url(folder), "projector_url": projector_url(folder),
            "notebook_url": f"notebooks/index.html?path={quote(folder)}/{quote(nb.name)}",
            "pdfs": [{"href": f"pdf/{quote(p.name)}", "label": PDF_LABELS[_edition_of(p)]}
                     for p in sorted(pdfs.get(folder, []),
                                     key=lambda p: list(PDF_LABELS).index(_edition_of(p)))]})
    page = templates().get_template("index.html.j2").render(
        title="Kijk Verder" + (" – docenten" if audience == "docenten" else ""),
        series=[{"level": level, "title": SERIES_TITLES[level], "intro": SERIES_INTROS[level],
                 "lessons": rows} for level, rows in series.items() if rows],
        book=(out / "pdf" / "docentenboek.pdf").exists())
    (out / "index.html").write_text(page, "utf-8")
