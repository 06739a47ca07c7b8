"""Render a lesson notebook to print HTML and PDF (WeasyPrint), offline."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import widgets
from widgets.base import print_env
from widgets.i18n import t, variant_for
from widgets.lawsheet import LawSheet
from widgets.registry import load_school
from widgets.schema import load_content

if TYPE_CHECKING:
    from kijkverder.lessons import LessonView


def markdown_parts_html(text: str, markdown: Callable[[str], list[str]]) -> str:
    """A markdown cell's print HTML with ``data-part="k"`` on each top-level element (a
    paragraph, a list, a table): where the print layout may put writing lines for notes
    (:func:`_fill_thin_pages`) when a page ends inside a text. ``markdown``: the project's one
    parser, drawing each top-level element (:func:`kijkverder.markdown.to_html_parts`)."""
    return "".join(re.sub(r"^<(\w+)", rf'<\1 data-part="{k}"', part, count=1)
                   for k, part in enumerate(markdown(text), 1))


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined  # not needed by `check`

    env = Environment(loader=PackageLoader("handouts", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


@lru_cache(maxsize=1)
def print_css() -> str:
    css = resources.files("handouts").joinpath("static/print.css").read_text("utf-8")
    fonts = resources.files("handouts").joinpath("static/fonts")
    # Absolute file:// URLs for bundled fonts (no network; WeasyPrint embeds them).
    return css.replace("url(fonts/", f"url({Path(str(fonts)).as_uri()}/")


@lru_cache(maxsize=1)
def large_css() -> str:
    """The large-print layer on top of :func:`print_css` (16 pt and more, one column)."""
    return resources.files("handouts").joinpath("static/large.css").read_text("utf-8")


@dataclass
class Block:
    kind: str          # "markdown" | "widget"
    html: str
    teacher: bool = False
    #: A text whose last paragraph stays on the page of what follows: the widget after it, or a
    #: short instruction without a heading (a print-only cell) and then the widget.
    before_widget: bool = False


def _same_title(a: str, b: str) -> bool:
    """Whether a widget's title repeats the section heading above it (quotes and case aside)."""
    def norm(s: str) -> str:
        return re.sub(r"[\s'\"‘’“”]+", " ", s).strip().casefold()
    return norm(a) == norm(b)


def school_for(view: LessonView, school: str | Path | None = None) -> Any:
    """The school profile for ``view``'s reader: ``school`` (``kijkverder handouts --school``)
    or ``school.yaml`` next to the lessons; ``None`` when there is none (the help card then says
    what to fill in). A broken profile raises :class:`~widgets.schema.ContentError`."""
    return load_school(school if school is not None else view.source.school_path, view.view.role)


def view_blocks(view: LessonView, school: str | Path | None = None,
                copies: str | None = None, *,
                markdown: Callable[[str], list[str]]) -> list[Block]:
    """The printable blocks of a lesson as ``view`` (a print view) shows it; ``school``: the
    school profile for the help cards (default: ``school.yaml`` next to the lessons);
    ``copies``: in the cards form, only the widgets whose cards go to a "group" (knipkaarten)
    or to every "student" (strookjes); ``markdown``: see :func:`markdown_parts_html`."""
    blocks: list[Block] = []
    profile: Any = ...
    last_heading = ""
    cards = view.view.form == "cards"
    for b in view.blocks:
        if b.kind == "markdown":
            if cards:
                continue
            blocks.append(Block("markdown", markdown_parts_html(b.cell.source, markdown),
                                 b.teacher))
            headings = re.findall(r"^#{1,3}\s+(.+)$", b.cell.source, re.M)
            last_heading = headings[-1].strip() if headings else last_heading
            continue
        for use in b.uses:
            cls = widgets.widget_class(use.name)
            if cards and not cls.card_templates(copies):
                continue
            source_path = str(view.source.dir / use.path) if use.path is not None else None
            title = getattr(use.content, "title", None)
            # the section heading already says it: don't print the same title twice
            show_title = not (title and last_heading and _same_title(title, last_heading))
            extra: dict[str, Any] = {}
            if getattr(cls, "uses_school", False):
                if profile is ...:
                    profile = school_for(view, school)
                extra["school"] = profile
            html = cls.render_print(use.content, _edition(view), source_path=source_path,
                                    show_title=show_title, lang=view.source.language,
                                    variant=variant_for(view.meta),
                                    form=view.view.form, copies=copies, **extra, **use.kwargs)
            last_heading = ""
            if html.strip():
                blocks.append(Block("widget", html, b.teacher))
    for i in range(len(blocks) - 2, -1, -1):
        after = blocks[i + 1]
        blocks[i].before_widget = blocks[i].kind == "markdown" and (
            after.kind == "widget" or after.before_widget and "<h" not in after.html)
    if cards and blocks and copies in (None, "student"):
        # the anonymous question box: a sheet of "Mijn vraag" slips for every student, with the
        # lesson's other slips (strookjes)
        blocks.append(Block("widget", question_box_html(view.source.language,
                                                        variant_for(view.meta))))
    return blocks


def question_box_html(lang: str, variant: str | None = None) -> str:
    """The "Mijn vraag" slips (anonymous question box) of the cut-out cards, in the words for
    the lesson's readers (``variant``, :func:`widgets.i18n.variant_for`)."""
    return print_env().get_template("question_box.html.j2").render(t=translator(lang, variant))


def _edition(view: LessonView) -> str:
    """The widgets' print-form name for a print view (their templates know three)."""
    if view.view.form == "cards":
        return "cards"
    return "teacher" if view.view.role == "teacher" else "student"


def lesson_html(view: LessonView, target: Any, markdown: Callable[[str], list[str]],
                school: str | Path | None = None, print_list: str | None = None) -> str:
    """A complete HTML document for one lesson as ``view`` (the print view of ``target``, a row
    of :data:`kijkverder.targets.TARGETS`: its name, print form, size and copies) shows it;
    ``markdown``: see :func:`markdown_parts_html`; ``school``: another school profile than
    ``school.yaml`` next to the lessons; ``print_list``: the teacher's print list (HTML, made
    by the tool), set after the lesson plan."""
    source = view.source
    large = target.large or view.large_by_default
    blocks = view_blocks(view, school, target.copies, markdown=markdown)
    if print_list:  # the teacher's print list (a printed teacher edition), after the plan
        at = next((i + 1 for i, b in enumerate(blocks) if "kv-print-lesson" in b.html), 0)
        blocks.insert(at, Block("widget", print_list, teacher=True))
    return _env().get_template("lesson.html.j2").render(
        meta=view.meta, edition=_edition(view), large=large,
        edition_name=target.name, copies=target.copies, large_target=target.large,
        blocks=blocks,
        css=print_css() + (large_css() if large else ""), lang=source.language,
        t=translator(source.language, variant_for(view.meta)))


def law_sheet_html(registry: str | Path, lang: str = "nl") -> str:
    """The teacher's law sheet as a complete HTML document, made of the facts
    registry at ``registry`` (its ``sheet:`` part) by the LawSheet widget's print form."""
    facts = load_content(registry, expected_kind="facts")
    body = LawSheet.render_print(facts, "teacher", lang=lang, show_title=False)
    return _env().get_template("law-sheet.html.j2").render(
        title=facts.sheet.title if facts.sheet else "", body=body, css=print_css(), lang=lang,
        t=translator(lang))


def translator(lang: str, variant: str | None = None) -> Any:
    """``t(key, **kw)`` in ``lang``: the words of the page around the widgets (name line, banner,
    running header, page numbers) follow the lesson's language and readers (``variant``), like
    the widgets' print forms."""
    return lambda key, **kw: t(key, lang, variant, **kw)


def _static_root() -> Path:
    return Path(str(resources.files("handouts").joinpath("static"))).resolve()


class LessonFetcher:
    """WeasyPrint URL fetcher that never touches the network and serves only ``data:`` URLs and
    regular files under the lesson folder (``base_url``) or the package's own static files
    (print CSS, fonts). Anything else raises ``ValueError("refused …")``: WeasyPrint then leaves
    the image out with a warning instead of embedding a local file or fetching another host."""

    def __init__(self, base_url: str | None = None):
        from weasyprint.urls import URLFetcher

        self._inner = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)
        self._fail_on_errors = False  # read by weasyprint.urls.fetch
        self.roots = [_static_root()]
        if base_url:
            base = _file_path(base_url)
            if base is not None:
                self.roots.append((base if base_url.endswith("/") else base.parent).resolve())

    def _allowed(self, url: str) -> bool:
        if url.startswith("data:"):
            return True
        path = _file_path(url)
        if path is None:
            return False
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        if not target.is_file():
            return False
        return any(target.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self._allowed(url):
            raise ValueError(f"refused {url[:200]!r}: only files in the lesson folder and the "
                             "bundled fonts are used in a handout")
        return self._inner.fetch(url, headers)

    __call__ = fetch


def _file_path(url: str) -> Path | None:
    """The local path of a ``file:`` URL without a host (or with ``localhost``), else None.
    A plain path (no scheme) is taken as a file path."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme == "" and not url.startswith("//"):
        return Path(unquote(url))
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(unquote(parts.path))


def lesson_fetcher(base_url: str | None = None) -> LessonFetcher:
    """The URL fetcher for one lesson's PDF (see :class:`LessonFetcher`)."""
    return LessonFetcher(base_url)


#: Build date written into fonts (fontTools stamps subset fonts with "now"): a fixed epoch, so the
#: same lesson gives byte-identical PDFs and a school can check its copy against a release.
#: ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) overrides it.
FIXED_EPOCH = "1704067200"  # 2024-01-01


#: Every PDF is tagged PDF/UA-1 (WeasyPrint's own support: structure tree, document language and
#: title from ``<html lang>`` and ``<title>``, an outline from the headings), so read-aloud software
#: (voorleessoftware) reads it in order and in the right language.
PDF_VARIANT = "pdf/ua-1"


#: A page that is not the last is at least half full (as tests/test_paper.py measures it: from the
#: running header to the footer); a thinner one (the end of a lesson before a help card that never
#: splits) gets writing lines for notes down to its bottom. Measured here on the page's content
#: area, which is smaller than the room between header and footer, hence more than a half.
MIN_FILL = 0.65
#: Height of one writing line of the notes (as ``.kv-print .line`` in print.css), in CSS px.
_LINE_PX = 7.5 * 96 / 25.4


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The PDF of ``html``. A page before the last that is less than half full (measured on
    WeasyPrint's layout) is filled with writing lines for notes when the HTML offers a place
    for them (``data-block`` on its blocks, the worksheets): one more layout in this process,
    only for those PDFs. Table header cells get their scope (:func:`_scope_headers`)."""
    from weasyprint import HTML

    if base_url and "://" not in base_url and not base_url.startswith("file:"):
        base_url = Path(base_url).resolve().as_uri() + ("/" if base_url.endswith("/") else "")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or FIXED_EPOCH
    try:
        fetcher = lesson_fetcher(base_url)
        doc = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
        if 'data-fill="notes"' in html:
            filled = _fill_thin_pages(html, doc)
            if filled != html:
                doc = HTML(string=filled, base_url=base_url, url_fetcher=fetcher).render()
        return _scope_headers(doc.write_pdf(pdf_variant=PDF_VARIANT))
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _fill_thin_pages(html: str, doc: Any) -> str:
    """``html`` with writing lines for notes before the first block of every page that follows
    a page under :data:`MIN_FILL` (unless that page holds private writing that goes on a slip,
    ``data-no-notes``): such a page ends where the next block did not fit (a help
    card or a table that is kept together), so the lines take the room that was left empty and
    move nothing."""
    title = re.search(r'data-notes-title="([^"]*)"', html)
    # a page with writing that belongs on a slip (``data-no-notes``) gets no lines: a student
    # would write the private text on the named worksheet after all
    quiet = set(re.findall(r'data-block="([^"]+)" data-no-notes', html))
    inserts: dict[str, int] = {}  # block that starts the next page -> writing lines before it
    pages = [_blocks_on(page) for page in doc.pages]
    for (blocks, top, height), (following, _t, _h) in zip(pages, pages[1:]):
        if not blocks or not following or quiet & set(blocks):
            continue
        new = [b for b in following if b not in blocks]
        bottom = max(end for _start, end in blocks.values())
        if not new or (bottom - top) / height >= MIN_FILL:
            continue  # the next page goes on with a block of this page, or this page is full
        first = min(new, key=lambda b: (following[b][0], b.count(".")))  # outermost first
        lines = int((top + height - bottom - 48) // _LINE_PX)
        if lines >= 2:
            inserts[first] = lines
    for block, lines in inserts.items():
        notes = ('<section class="kv-print kv-print-notes">'
                 f'<p class="hint">{title.group(1) if title else ""}</p><div class="lines">'
                 + '<div class="line"></div>' * lines + "</div></section>")
        html = re.sub(rf'(<\w+ [^>]*data-(?:block|part)="{re.escape(block)}")',
                      lambda m, notes=notes: notes + m.group(1), html, count=1)
    return html


def _blocks_on(page: Any) -> tuple[dict[str, tuple[float, float]], float, float]:
    """The blocks (``data-block``) on a laid-out page with their top and bottom, and the page's
    content area (top, height), in CSS px."""
    box = page._page_box
    found: dict[str, tuple[float, float]] = {}
    for b in box.descendants():
        element = getattr(b, "element", None)
        if element is None:
            continue
        name = element.get("data-block") or element.get("data-part")
        if name and name not in found:  # the outermost box of the block
            found[name] = (b.position_y, b.position_y + b.margin_height())
    return found, box.content_box_y(), box.height


def _scope_headers(pdf: bytes) -> bytes:
    """Every table header cell (``/TH``) of the tagged PDF gets its ``/Scope`` (PDF/UA: the
    association of header and data cells). WeasyPrint links data cells to their headers
    (``/Headers``) but gives a header no scope: a header that a data cell in its own row names
    is a row header (``<th scope="row">``), every other one a column header."""
    import io

    import pikepdf
    from pikepdf import Array, Dictionary, Name

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        rows: list[pikepdf.Dictionary] = []
        stack = [root.get("/K")]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/TR":
                    rows.append(node)
                if "/K" in node:
                    stack.append(node.K)
        if not rows:
            return pdf
        for row in rows:
            kids = row.K if isinstance(row.K, pikepdf.Array) else [row.K]
            cells = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            named = {str(h) for c in cells if c.S == "/TD"
                     for h in c.get("/A", Dictionary()).get("/Headers", Array())}
            for cell in (c for c in cells if c.S == "/TH"):
                scope = Name.Row if "/ID" in cell and str(cell.ID) in named else Name.Column
                attrs = cell.get("/A")
                if not isinstance(attrs, pikepdf.Dictionary):
                    attrs = Dictionary(O=Name.Table)
                    cell.A = attrs
                attrs.O = Name.Table
                attrs.Scope = scope
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()
