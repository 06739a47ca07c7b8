"""Render a lesson notebook to print HTML and PDF (WeasyPrint), offline."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import mistune

import widgets
from kijkverder.lessons import LessonSource, LessonView
from kijkverder.targets import EDITIONS, LARGE_EDITIONS, edition_view


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


def _same_title(a: str, b: str) -> bool:
    """Whether a widget's title repeats the section heading above it (quotes and case aside)."""
    def norm(s: str) -> str:
        return re.sub(r"[\s'\"‘’“”]+", " ", s).strip().casefold()
    return norm(a) == norm(b)


def school_for(view: LessonView, school: str | Path | None = None) -> Any:
    """The school profile for ``view``'s reader: ``school`` (``kijkverder handouts --school``)
    or ``school.yaml`` next to the lessons; ``None`` when there is none (the help card then says
    what to fill in). A broken profile raises :class:`~widgets.schema.ContentError`."""
    from widgets.registry import load_school

    return load_school(school if school is not None else view.source.school_path, view.view.role)


def view_blocks(view: LessonView, school: str | Path | None = None) -> list[Block]:
    """The printable blocks of a lesson as ``view`` (a print view) shows it; ``school``: the
    school profile for the help cards (default: ``school.yaml`` next to the lessons)."""
    blocks: list[Block] = []
    profile: Any = ...
    last_heading = ""
    cards = view.view.form == "cards"
    for b in view.blocks:
        if b.kind == "markdown":
            if cards:
                continue
            blocks.append(Block("markdown", markdown_to_html(b.cell.source), b.teacher))
            headings = re.findall(r"^#{1,3}\s+(.+)$", b.cell.source, re.M)
            last_heading = headings[-1].strip() if headings else last_heading
            continue
        for use in b.uses:
            cls = widgets.widget_class(use.name)
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
                                    form=view.view.form, **extra, **use.kwargs)
            last_heading = ""
            if html.strip():
                blocks.append(Block("widget", html, b.teacher))
    return blocks


def _edition(view: LessonView) -> str:
    """The widgets' print-form name for a print view (their templates know three)."""
    if view.view.form == "cards":
        return "cards"
    return "teacher" if view.view.role == "teacher" else "student"


def lesson_html(source: LessonSource | str | Path, edition: str,
                school: str | Path | None = None) -> str:
    """A complete HTML document for one lesson (a :class:`LessonSource` or its notebook path)
    and edition ("student", "teacher", "cards", "large", "large-cards"); ``school``: another
    school profile than ``school.yaml`` next to the lessons."""
    if not isinstance(source, LessonSource):
        source = LessonSource.open(source)
    view = source.view(edition_view(edition))
    large = edition in LARGE_EDITIONS or view.large_by_default
    return _env().get_template("lesson.html.j2").render(
        meta=view.meta, edition=_edition(view), large=large,
        edition_name=EDITIONS[edition][0], blocks=view_blocks(view, school),
        css=print_css() + (large_css() if large else ""), lang=source.language,
        t=translator(source.language))


def translator(lang: str) -> Any:
    """``t(key, **kw)`` in ``lang``: the words of the page around the widgets (name line, banner,
    running header, page numbers) follow the lesson's language, like the widgets' print forms."""
    from widgets.i18n import t

    return lambda key, **kw: t(key, lang, **kw)


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


#: Build date written into fonts (fontTools stamps subset fonts with "now"): a fixed epoch, so the
#: same lesson gives byte-identical PDFs and a school can check its copy against a release.
#: ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) overrides it.
FIXED_EPOCH = "1704067200"  # 2024-01-01


#: Every PDF is tagged PDF/UA-1 (WeasyPrint's own support: structure tree, document language and
#: title from ``<html lang>`` and ``<title>``, an outline from the headings), so read-aloud software
#: (voorleessoftware) reads it in order and in the right language.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    if base_url and "://" not in base_url and not base_url.startswith("file:"):
        base_url = Path(base_url).resolve().as_uri() + ("/" if base_url.endswith("/") else "")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or FIXED_EPOCH
    try:
        return HTML(string=html, base_url=base_url, url_fetcher=lesson_fetcher(base_url)).write_pdf(
            pdf_variant=PDF_VARIANT)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
