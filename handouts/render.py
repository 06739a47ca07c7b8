"""Render a lesson notebook to print HTML and PDF (WeasyPrint), offline."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import mistune
import nbformat
from jinja2 import Environment, PackageLoader, StrictUndefined

import widgets
from widgets.schema import LessonContent, load_content

from . import EDITION_NAMES
from kijkverder.cells import CellCodeError, cell_in_edition, cell_tags, parse_calls

EDITIONS = tuple(EDITION_NAMES)


def _safe_image_src(url: str) -> bool:
    """A markdown image may only name a file relative to the lesson folder (no scheme, no
    '//host', no absolute path, no '..'); `kijkverder check` reports the others."""
    from urllib.parse import unquote

    ref = unquote(url)
    return bool(ref) and not re.match(r"^\s*([a-z][a-z0-9+.-]*:|[/\\])", ref, re.I) \
        and ".." not in re.split(r"[/\\]", ref)


@lru_cache(maxsize=1)
def _markdown() -> Any:
    # escape=True: lessons contain no raw HTML; anything that looks like HTML is shown as text.
    md = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])
    image = md.renderer.image

    def safe_image(text: str, url: str, title: str | None = None) -> str:
        # an image from another host or outside the lesson folder is printed as its alt text
        return image(text, url, title) if _safe_image_src(url) else escape(text)

    md.renderer.image = safe_image
    return md


def markdown_to_html(text: str) -> str:
    return _markdown()(text)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("handouts", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


@lru_cache(maxsize=1)
def print_css() -> str:
    css = resources.files("handouts").joinpath("static/print.css").read_text("utf-8")
    fonts = resources.files("handouts").joinpath("static/fonts")
    # Absolute file:// URLs for bundled fonts (no network; WeasyPrint embeds them).
    return css.replace("url(fonts/", f"url({Path(str(fonts)).as_uri()}/")


@dataclass
class Block:
    kind: str          # "markdown" | "widget"
    html: str
    teacher: bool = False


def find_lesson_file(lesson_dir: Path) -> Path:
    return lesson_dir / "les.yaml"


def lesson_meta(lesson_dir: Path) -> LessonContent:
    return load_content(find_lesson_file(lesson_dir), expected_kind="lesson")


def notebook_blocks(nb: Any, lesson_dir: Path, edition: str) -> list[Block]:
    """The printable blocks of ``nb`` for ``edition`` ("student", "teacher" or "cards")."""
    blocks: list[Block] = []
    last_heading = ""
    for cell in nb.cells:
        print_edition = "teacher" if edition == "teacher" else "student"
        if not cell_in_edition(cell, print_edition):
            continue
        teacher = "teacher" in cell_tags(cell)
        if cell.cell_type == "markdown":
            if edition == "cards":
                continue
            blocks.append(Block("markdown", markdown_to_html(cell.source), teacher))
            headings = re.findall(r"^#{1,3}\s+(.+)$", cell.source, re.M)
            last_heading = headings[-1].strip() if headings else last_heading
        elif cell.cell_type == "code":
            try:
                calls = parse_calls(cell.source, widgets.WIDGETS)
            except CellCodeError:
                continue  # `kijkverder check` reports these; the handout just leaves them out
            for call in calls:
                cls = widgets.widget_class(call.name)
                content, source_path = None, None
                if call.path is not None:
                    source_path = str(lesson_dir / call.path)
                    content = cls.load_content(source_path)
                html = cls.render_print(content, edition, source_path=source_path, **call.kwargs)
                if last_heading:
                    # the section heading already says it: don't print the same title twice
                    html = re.sub(r"<h3>\s*" + re.escape(escape(last_heading)) + r"\s*</h3>", "",
                                  html, count=1)
                    last_heading = ""
                if html.strip():
                    blocks.append(Block("widget", html, teacher))
    return blocks


def lesson_html(nb_path: str | Path, edition: str, nb: Any | None = None) -> str:
    """A complete HTML document for one lesson and edition."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}")
    nb_path = Path(nb_path)
    lesson_dir = nb_path.parent
    if nb is None:
        nb = nbformat.read(nb_path, as_version=4)
    meta = lesson_meta(lesson_dir)
    blocks = notebook_blocks(nb, lesson_dir, edition)
    return _env().get_template("lesson.html.j2").render(
        meta=meta, edition=edition, edition_name=EDITION_NAMES[edition], blocks=blocks,
        css=print_css())


def book_html(lessons: list[tuple[Path, Any]]) -> str:
    """All teacher editions in one book with a table of contents."""
    parts = []
    for nb_path, nb in lessons:
        lesson_dir = Path(nb_path).parent
        parts.append({"meta": lesson_meta(lesson_dir), "id": f"les-{lesson_meta(lesson_dir).number}",
                      "blocks": notebook_blocks(nb, lesson_dir, "teacher")})
    return _env().get_template("book.html.j2").render(parts=parts, css=print_css())


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


def offline_fetcher() -> LessonFetcher:
    """A fetcher that serves only the package's static files and ``data:`` URLs."""
    return LessonFetcher(None)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    from weasyprint import HTML
    if base_url and "://" not in base_url and not base_url.startswith("file:"):
        base_url = Path(base_url).resolve().as_uri() + ("/" if base_url.endswith("/") else "")
    return HTML(string=html, base_url=base_url, url_fetcher=lesson_fetcher(base_url)).write_pdf()
