"""The teacher book (``docentenboek.pdf``), assembled from the lessons' teacher editions.

The book's part for a lesson *is* that lesson's teacher edition (``NN-slug-docentenversie.pdf``,
built in the same run): nothing is rendered twice, and an edit in one lesson costs the book no
rendering at all, only a new assembly. Each lesson keeps its own page numbers (``Pagina 3 van
14`` under the running header ``Les 05 · …``, as in the teacher edition a teacher may print on
its own); the PDF's page labels say the same (``05-3``), so a viewer's page box and the printed
page agree. The cover with the table of contents (the lessons and the book page each starts on) is rendered
on its own and cached on what it shows; it is front matter (page labels i, ii, …).
pikepdf joins cover and parts: the parts' bookmarks after the cover's, the page labels, the
bundled fonts embedded once, and one structure tree for the tagged parts (pypdf's ``append`` and
pikepdf's ``pages.extend`` copy pages, not ``/StructTreeRoot``: :func:`assemble` merges the trees
itself).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .render import _env, print_css, translator

#: Folder (in the output folder) for the cached cover.
PARTS_DIR = ".kijkverder-book"


@dataclass(frozen=True)
class Part:
    """One lesson of the book: its teacher edition and how many pages it has."""

    name: str            # lesson folder name, e.g. "05-grenzen-respect-toestemming"
    number: str
    title: str
    path: Path           # the lesson's teacher edition
    pages: int


def cover_path(out: Path) -> Path:
    return out / PARTS_DIR / "cover.pdf"


def cover_html(parts: list[Part], lang: str = "nl", front: int = 1) -> str:
    """Cover and table of contents: every lesson with the book page it starts on (``front``:
    the pages of the cover itself), in ``lang``."""
    starts, page = [], front + 1
    for p in parts:
        starts.append(page)
        page += p.pages
    return _env().get_template("book-cover.html.j2").render(
        parts=list(zip(parts, starts)), css=print_css(), lang=lang, t=translator(lang))


def page_count(pdf: bytes | Path) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        return len(doc.pages)


def assemble(cover: bytes, parts: list[Part]) -> bytes:
    """Cover + parts as one PDF (pikepdf): the parts' bookmarks (a lesson's title on top, its
    headings below it) after the cover's, page labels (i, ii, … for the cover; ``05-1``, ``05-2``,
    … for lesson 05, as its pages are printed), and, when the parts are tagged, one structure
    tree: each part's document element becomes a ``Part`` of the cover's ``Document`` (with its
    language), its marked-content keys renumbered into one parent tree. Deterministic bytes."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    book = pikepdf.open(io.BytesIO(cover))
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
    labels: list[Any] = [0, Dictionary(S=Name.r)]
    for part in parts:
        src = pikepdf.open(part.path)
        first = len(book.pages)
        labels += [first, Dictionary(S=Name.D, P=pikepdf.String(f"{part.number}-"), St=1)]
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
