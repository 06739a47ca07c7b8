"""The teacher book (``docentenboek.pdf``), assembled from cached per-lesson parts.

Each lesson's teacher view is rendered once as a *part*: its own PDF, numbered as pages of the
book (``Pagina 23``), with the book's running header. A part is cached on what the teacher sees
(the teacher view's fingerprint) plus the page it starts on, so editing one lesson re-renders that
lesson's part only (and the parts after it only if its page count changed). The cover with the
table of contents is rendered last, from the parts' page counts; it is front matter (page labels
i, ii, …) and the lessons are numbered from 1, so the cover never shifts the lessons' numbers.
pikepdf joins cover and parts: the parts' bookmarks after the cover's, page labels that match the
printed numbers, the bundled fonts embedded once, and one structure tree for tagged parts (pypdf's
``append`` and pikepdf's ``pages.extend`` copy pages, not ``/StructTreeRoot``: :func:`assemble`
merges the trees itself).
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


def part_html(source: Any, start: int, school: Any = None) -> str:
    """The teacher view of one lesson as a book part whose first page is page ``start``;
    ``school``: another school profile than ``school.yaml`` next to the lessons."""
    from kijkverder.targets import TARGETS

    from .render import _env, print_css, view_blocks

    view = source.view(TARGETS["docentenboek"].view)
    return _env().get_template("book-part.html.j2").render(
        meta=view.meta, blocks=view_blocks(view, school), css=print_css(), lang=source.language,
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
    """Cover + parts as one PDF (pikepdf): the parts' bookmarks (a lesson's title on top, its
    headings below it) after the cover's, page
    labels (i, ii, … for the cover; the printed page numbers for the lessons), and, when the
    parts are tagged, one structure tree: each part's document element becomes a ``Part`` of
    the cover's ``Document`` (with its language), its marked-content keys renumbered into one
    parent tree. Deterministic bytes."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    book = pikepdf.open(io.BytesIO(cover))
    front = len(book.pages)
    tree = book.Root.get("/StructTreeRoot")
    nums: list[Any] = []
    document = None
    if tree is not None:
        nums = list(pikepdf.NumberTree(tree.ParentTree).items())
        kids = tree.K if isinstance(tree.K, Array) else Array([tree.K])
        document = kids[0]
        if not isinstance(document.get("/K"), Array):
            document.K = Array([document.K] if "/K" in document else [])
    next_key = max((k for k, _ in nums), default=-1) + 1
    outline_items: list[Any] = []
    for part in parts:
        src = pikepdf.open(part.path)
        first = len(book.pages)
        book.pages.extend(src.pages)
        outline_items += _outline(src, first)
        stree = src.Root.get("/StructTreeRoot")
        if document is None or stree is None:
            continue
        copied = book.copy_foreign(stree)  # same copier as the pages: /Pg point into the book
        for page in book.pages[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + next_key
        keys = list(pikepdf.NumberTree(copied.ParentTree).items())
        nums += [(k + next_key, v) for k, v in keys]
        next_key += max((k for k, _ in keys), default=-1) + 1
        for element in (copied.K if isinstance(copied.K, Array) else [copied.K]):
            element.S = Name.Part
            element.P = document
            if "/Lang" in src.Root:
                element.Lang = src.Root.Lang
            document.K.append(element)
        for key in ("/RoleMap", "/ClassMap"):
            if key in copied:
                merged = tree.get(key, Dictionary())
                for k, v in copied[key].items():
                    merged[k] = v
                tree[key] = merged
    if tree is not None:
        parent_tree = pikepdf.NumberTree.new(book)
        for k, v in sorted(nums, key=lambda kv: kv[0]):
            parent_tree[k] = v
        tree.ParentTree = parent_tree.obj
        tree.ParentTreeNextKey = next_key
    with book.open_outline() as outline:  # the cover's bookmark, then every part's
        outline.root.extend(outline_items)
    book.Root.PageMode = Name.UseOutlines
    labels = [0, Dictionary(S=Name.r)]
    if len(book.pages) > front:
        labels += [front, Dictionary(S=Name.D)]
    book.Root.PageLabels = Dictionary(Nums=Array(labels))
    _share_bundled_fonts(book)
    out = io.BytesIO()
    book.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
              deterministic_id=True)
    return out.getvalue()


def _outline(src: Any, first: int) -> list[Any]:
    """A part's bookmarks (its headings: the lesson's title on top, its sections below), moved
    to the pages where the part starts in the book."""
    from pikepdf import OutlineItem

    index = {page.obj.objgen: i for i, page in enumerate(src.pages)}

    def copy(item: Any) -> Any:
        dest = item.destination
        page = 0
        if dest is not None and len(dest) and hasattr(dest[0], "objgen"):
            page = index.get(dest[0].objgen, 0)
        new = OutlineItem(str(item.title), first + page)
        new.children.extend(copy(c) for c in item.children)
        return new

    with src.open_outline() as outline:
        return [copy(item) for item in outline.root]


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


def _share_bundled_fonts(pdf: Any) -> None:
    """Every part embeds its own subset of the bundled fonts; the book embeds each bundled font
    once instead (WeasyPrint subsets keep the original glyph ids, so the whole font serves every
    part). Other fonts are left as they are."""
    import pikepdf
    from fontTools.ttLib import TTFont

    bundled = _bundled_fonts()
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
