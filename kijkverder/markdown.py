"""The project's one markdown parser: ``check`` reads lesson text with it, and every renderer we
control draws with it (the print pages, the projector view in Voilà, the site's Digibord view).

One mistune setup (:data:`PLUGINS`), raw HTML escaped (``escape=True``: anything that looks like
HTML is shown as text) and images only from the lesson folder. So what ``check`` sees in a cell is
what these renderers show. The renderers we do not control (JupyterLab's and JupyterLite's
notebook, which parse markdown with marked and their own math handling) get nothing they could
read as HTML either: :func:`kijkverder.textrules.markdown_problems` refuses a ``<`` before a tag name
anywhere in a cell, code and math included (see there).
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any, Iterator
from urllib.parse import unquote

#: mistune plugins of every parse and render (check, print, projector, site).
PLUGINS = ("strikethrough", "table")


def safe_image_src(url: str) -> bool:
    """A markdown image may only name a file relative to the lesson folder (no scheme, no
    '//host', no absolute path, no '..'); ``kijkverder check`` reports the others."""
    ref = unquote(url)
    return bool(ref) and not re.match(r"^\s*([a-z][a-z0-9+.-]*:|[/\\])", ref, re.I) \
        and ".." not in re.split(r"[/\\]", ref)


@lru_cache(maxsize=1)
def _renderer() -> Any:
    import mistune

    md = mistune.create_markdown(escape=True, plugins=list(PLUGINS))
    image = md.renderer.image

    def safe_image(text: str, url: str, title: str | None = None) -> str:
        # an image from another host or outside the lesson folder is shown as its alt text
        return image(text, url, title) if safe_image_src(url) else escape(text)

    md.renderer.image = safe_image
    return md


@lru_cache(maxsize=1)
def _parser() -> Any:
    import mistune

    return mistune.create_markdown(renderer=None, plugins=list(PLUGINS))


def to_html(source: str) -> str:
    """HTML of a markdown text (a cell's source): the same parse as :func:`tokens`."""
    return _renderer()(source or "")


def to_html_parts(source: str) -> list[str]:
    """HTML of each top-level element of ``source`` (a paragraph, a list, a table), drawn by the
    same renderer as :func:`to_html`: the print layout marks them as places for notes."""
    md = _renderer()
    _html, state = md.parse(source or "")
    return [md.renderer([tok], state) for tok in state.tokens if tok["type"] != "blank_line"]


def tokens(source: str) -> Iterator[dict[str, Any]]:
    """Every token of the parse of ``source``, depth first (what ``check`` inspects)."""
    def walk(toks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for tok in toks:
            yield tok
            yield from walk(tok.get("children") or [])

    yield from walk(_parser()(source or ""))


#: Images the projector view puts into its page, by suffix, and the largest it inlines.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024
IMG_SRC_RE = re.compile(r'(<img src=")([^"]*)(")')


def _inline_image(match: "re.Match[str]", folder: Any) -> str:
    """An ``<img src>`` of a file in ``folder`` as a data URI (Voilà serves no lesson files);
    anything else keeps its name and shows nothing."""
    import base64
    import html
    from pathlib import Path

    ref = unquote(html.unescape(match.group(2)))
    root = Path(folder).resolve()
    path = (root / ref).resolve()
    kind = IMAGE_TYPES.get(path.suffix.lower())
    try:
        path.relative_to(root)
        if not (kind and safe_image_src(ref) and path.is_file()
                and path.stat().st_size <= MAX_INLINE_IMAGE_BYTES):
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
    except (ValueError, OSError):
        return match.group(0)
    return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"


def voila_markdown2html(source: str) -> str:
    """nbconvert's ``markdown2html`` filter for the projector view (Voilà): configured by
    :func:`kijkverder.present.voila_command` instead of nbconvert's own mistune setup, which
    passes raw HTML through and reads ``$…$`` as math. Voilà runs in the lesson folder (its
    working directory) and serves no files from it: images of the lesson folder are inlined."""
    import os

    folder = os.getcwd()
    return IMG_SRC_RE.sub(lambda m: _inline_image(m, folder), to_html(source))
