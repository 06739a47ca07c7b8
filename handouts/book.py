"""The teacher book (``docentenboek.pdf``), assembled from cached per-lesson parts.

Each lesson's teacher view is rendered once as a *part*: its own PDF, numbered as pages of the
book (``Pagina 23``), with the book's running header. A part is cached on what the teacher sees
(the teacher view's fingerprint) plus the page it starts on, so editing one lesson re-renders that
lesson's part only (and the parts after it only if its page count changed). The cover with the
table of contents is rendered last, from the parts' page counts; it is front matter (page labels
i, ii, …) and the lessons are numbered from 1, so the cover never shifts the lessons' numbers.
pypdf joins cover and parts and adds a bookmark per lesson (the parts' own headings nested under
it) and page labels that match the printed numbers.

Tagged PDF: pypdf's ``append`` copies pages, not the parts' structure trees (``/StructTreeRoot``,
``/ParentTree``, ``/StructParents`` numbers), so a merged book is untagged even when its parts are
tagged; see the report in the README's benchmark section for what a tagged book needs.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PARTS_DIR = ".kijkverder-book"


@dataclass(frozen=True)
class Part:
    """One lesson of the book: where it starts and how many pages it has."""

    name: str            # lesson folder name, e.g. "05-grenzen-respect-toestemming"
    number: str
    title: str
    path: Path
    start: int
    pages: int


def part_path(out: Path, name: str) -> Path:
    return out / PARTS_DIR / f"{name}.pdf"


def part_html(source: Any, start: int) -> str:
    """The teacher view of one lesson as a book part whose first page is page ``start``."""
    from kijkverder.targets import TARGETS

    from .render import _env, print_css, view_blocks

    view = source.view(TARGETS["docentenboek"].view)
    return _env().get_template("book-part.html.j2").render(
        meta=view.meta, blocks=view_blocks(view), css=print_css(), lang=source.language,
        start=int(start))


def cover_html(parts: list[Part]) -> str:
    """Cover and table of contents, with the page each lesson starts on."""
    from .render import _env, print_css

    return _env().get_template("book-cover.html.j2").render(parts=parts, css=print_css())


def page_count(pdf: bytes | Path) -> int:
    from pypdf import PdfReader

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return len(PdfReader(io.BytesIO(data)).pages)


def starts(counts: list[int | None]) -> list[int | None]:
    """The first page of each part from the page counts before it (``None`` once unknown)."""
    out: list[int | None] = []
    page: int | None = 1
    for n in counts:
        out.append(page)
        page = None if page is None or n is None else page + n
    return out


def assemble(cover: bytes, parts: list[Part]) -> bytes:
    """Cover + parts as one PDF: a bookmark per lesson (its headings below it), page labels
    (i, ii, … for the cover; the printed page numbers for the lessons). Deterministic bytes
    (pypdf writes no random document ID)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
    front = len(writer.pages)
    writer.add_outline_item(title="Inhoud", page_number=0)
    for part in parts:
        writer.append(PdfReader(part.path), outline_item=f"Les {part.number} · {part.title}")
    writer.set_page_label(0, front - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if len(writer.pages) > front:
        writer.set_page_label(front, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.add_metadata({"/Title": "Kijk Verder · Docentenboek", "/Creator": "Kijk Verder"})
    writer.page_mode = "/UseOutlines"
    buf = io.BytesIO()
    writer.write(buf)
    return _share_bundled_fonts(buf.getvalue())


@lru_cache(maxsize=1)
def _bundled_fonts() -> dict[str, bytes]:
    """The bundled fonts (``handouts/static/fonts``) as TrueType, by PostScript name."""
    from importlib import resources

    from fontTools.ttLib import TTFont

    fonts = {}
    folder = Path(str(resources.files("handouts").joinpath("static/fonts")))
    for f in sorted(folder.glob("*.woff")):
        font = TTFont(f, recalcTimestamp=False)  # same bytes on every build
        font.flavor = None
        buf = io.BytesIO()
        font.save(buf)
        fonts[font["name"].getDebugName(6)] = buf.getvalue()
    return fonts


def _share_bundled_fonts(pdf_bytes: bytes) -> bytes:
    """Every part embeds its own subset of the bundled fonts; the book embeds each bundled font
    once instead (WeasyPrint subsets keep the original glyph ids, so the whole font serves every
    part), and pikepdf writes compressed object streams. Other fonts are left as they are."""
    import pikepdf
    from fontTools.ttLib import TTFont

    bundled = _bundled_fonts()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        shared: dict[str, Any] = {}
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor" \
                    or "/FontFile2" not in obj:
                continue
            try:
                name = TTFont(io.BytesIO(obj.FontFile2.read_bytes()))["name"].getDebugName(6)
            except Exception:  # not a font fontTools reads: leave it
                continue
            if name not in bundled:
                continue
            if name not in shared:
                stream = pikepdf.Stream(pdf, bundled[name])
                stream.Length1 = len(bundled[name])
                shared[name] = pdf.make_indirect(stream)
            obj.FontFile2 = shared[name]
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                 deterministic_id=True)
    return out.getvalue()
