"""The start page of a site (``index.html``) and the PDFs it offers per lesson: which PDFs, their
file names, labels and order come from the table of outputs (:mod:`kijkverder.targets`)."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from .. import build as builder  # builder.build looked up per call: tests replace it
from ..series import LEVELS, SERIES_TITLES
from ..targets import Target, site_targets
from .base import Log, _mk, templates
from .lesson_pages import lesson_url, projector_url


def build_pdfs(notebooks: list[Path], out: Path, cache: Path, audience: str, log: Log,
               school: Path | None = None) -> dict[str, list[tuple[Target, Path]]]:
    """The PDFs the site for ``audience`` offers (:func:`~kijkverder.targets.site_targets`) in
    ``out/pdf``, large print included (built into the cache with the handouts cache);
    ``school``: another school profile than ``school.yaml`` next to the lessons. Returns, per
    lesson folder, its PDFs (target and path) in the order of the start page; the outputs of
    every lesson (the teacher book) under ``""``."""
    offered = site_targets(audience)
    built_dir = cache / "pdf" / audience
    book = any(not t.per_lesson for t in offered)
    only = {t.name for t in offered if t.per_lesson}  # nothing the site does not offer
    built = {p.name: p for p in [
        *builder.build(notebooks, built_dir, jobs=None, book=book, log=log, school=school,
               only=only).paths,
        *builder.build(notebooks, built_dir, jobs=None, book=False, large=True, log=log,
               school=school, only=only).paths]}
    dest = _mk(out / "pdf")
    pdfs: dict[str, list[tuple[Target, Path]]] = {}
    for folder in ["", *(nb.parent.name for nb in notebooks)]:
        for target in offered:
            if target.per_lesson == (folder == ""):
                continue
            name = target.file_name(folder)
            if name in built:
                shutil.copy2(built[name], dest / name)
                pdfs.setdefault(folder, []).append((target, dest / name))
    return pdfs


#: One line under each series' heading on the start page.
SERIES_INTROS = {
    "b1": "De lessen voor klas 3 en hoger en het mbo.",
    "eenvoudig": "Dezelfde onderwerpen in makkelijke taal. Korte zinnen. Veel oefenen.",
}


def _links(pdfs: list[tuple[Target, Path]]) -> list[dict[str, str]]:
    return [{"href": f"pdf/{quote(p.name)}", "label": target.label} for target, p in pdfs]


def write_index(out: Path, sources: list, pdfs: dict, audience: str, cells: dict) -> None:
    """The start page (``templates/index.html.j2``): the lessons under the heading of their
    series (Kijk Verder, then Kijk Verder Eenvoudig), each with its links and PDFs
    (:func:`build_pdfs`); number, title, subtitle and level come from the lessons the gate read
    (:class:`~kijkverder.lessons.LessonSource`), never from the files again."""
    series: dict[str, list[dict]] = {level: [] for level in LEVELS}
    for source in sources:
        nb, meta = source.notebook, source.meta
        folder = nb.parent.name
        series[meta.level].append({
            "number": meta.number, "title": str(meta.title), "subtitle": str(meta.subtitle or ""),
            "lesson_url": lesson_url(folder), "projector_url": projector_url(folder),
            "notebook_url": f"notebooks/index.html?path={quote(folder)}/{quote(nb.name)}",
            "pdfs": _links(pdfs.get(folder, []))})
    page = templates().get_template("index.html.j2").render(
        title="Kijk Verder" + (" – docenten" if audience == "docenten" else ""),
        series=[{"level": level, "title": SERIES_TITLES[level], "intro": SERIES_INTROS[level],
                 "lessons": rows} for level, rows in series.items() if rows],
        books=_links(pdfs.get("", [])))
    (out / "index.html").write_text(page, "utf-8")
