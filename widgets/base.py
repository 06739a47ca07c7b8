"""Shared machinery of the lesson widgets: loading content, friendly errors, style, print forms."""
from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as W

from .i18n import STRINGS, get_language, t
from .contentio import ContentError, Problem, display_path
from .marks import Reader, project
from .models.facts import resolve_facts
from .names import Names
from .registry import find_school_file, school_names
from .schema import facts_path, load_content, load_facts
from .settings import current_settings

if TYPE_CHECKING:  # jinja2 is imported by the print forms only, not in a lesson's kernel
    from jinja2 import Environment
    from markupsafe import Markup

#: Print editions: student worksheet, teacher edition, cut-out cards.
EDITIONS = ("student", "teacher", "cards")
#: Who reads each print edition: what :func:`~widgets.schema.project` keeps of the content.
EDITION_READERS = {"student": Reader("student", "print"), "teacher": Reader("teacher", "print"),
                   "cards": Reader("student", "print")}

#: A style chosen in the notebook with :func:`set_style`; ``None``: the runtime settings decide.
_style: str | None = None


def set_style(style: str | None) -> None:
    """Choose "normal" or "projector" (large type, high contrast) for widgets created afterwards;
    ``None`` goes back to the style of the runtime settings (:mod:`widgets.settings`)."""
    global _style
    if style not in ("normal", "projector", None):
        raise ValueError("style must be 'normal' or 'projector'")
    _style = style


def get_style() -> str:
    return _style or current_settings().style


def teacher_view() -> bool:
    """True when the runtime settings say the teacher is reading (``role: teacher`` in
    ``kijkverder-view.yaml``, see :mod:`widgets.settings`): widgets then show hints, notes and
    the class tally. Lesson code cannot switch this on."""
    return current_settings().teacher


def _check_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}; use one of {sorted(STRINGS)}")
    return lang


#: A lock drawn inline (an emoji needs a colour emoji font that school computers may lack).
LOCK = ("<svg class='kv-icon' aria-hidden='true' focusable='false' width='0.9em' height='0.9em' viewBox='0 0 16 16'><path fill='currentColor' d='M4 7V5a4 4 0 0 1 8 0v2h1.5v8h-11V7H4zm2 0h4V5a2 2 0 0 0-4 0v2z'/></svg>")


def esc(text: object) -> str:
    """Escape any text for HTML. Every string that reaches an HTML widget goes through here."""
    return html.escape(str(text), quote=True)


@lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("widgets").joinpath("static/widgets.css").read_text("utf-8")


_style_tag: W.HTML | None = None


def style_tag() -> W.HTML:
    """A hidden HTML widget carrying the widgets' CSS (works in JupyterLab and Voilà). One per
    kernel, shared by every lesson widget (a widget may be shown in several places): opening a
    lesson sends the CSS once and creates three widget models instead of three per widget."""
    global _style_tag
    if _style_tag is None or _style_tag.comm is None:   # never made, or closed
        _style_tag = W.HTML(f"<style>{_css()}</style>", layout=W.Layout(display="none"))
    return _style_tag


@lru_cache(maxsize=1)
def print_env() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("widgets", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["t"] = t
    env.filters["two_columns"] = two_columns
    return env


#: The help card's lists: characters on one line of half a card at 11 pt (the bundled font; a
#: line of the whole card holds about twice as many).
_HALF_LINE = 49


def _lines(item: str) -> float:
    """The estimated height of one ``<li>`` of a help card, in lines: its text wrapped word by
    word at :data:`_HALF_LINE` characters, each ``<br>`` a new line, plus its margin."""
    height = 0.3
    for part in re.split(r"<br\s*/?>", item):
        line = -1
        height += 1
        for word in re.sub(r"<[^>]+>", "", part).split():
            if line >= 0 and line + 1 + len(word) > _HALF_LINE:
                height += 1
                line = -1
            line += 1 + len(word)
    return height


def two_columns(html: str) -> Markup:
    """A ``<ul>`` split into two lists side by side (``div.kv-cols``), its items in order: the
    first column as long as or a little longer than the second (estimated per item by
    :func:`_lines`). What CSS ``columns: 2`` shows, without WeasyPrint's multi-column layout,
    which balances the columns by laying them out again and again (a third of a worksheet's
    render time)."""
    from markupsafe import Markup  # jinja2's: imported by the print forms only, not in a kernel

    found = re.fullmatch(r"\s*(<ul[^>]*>)(.*)</ul>\s*", str(html), re.S)
    if not found:
        return Markup(html)
    head, body = found.groups()
    items = re.findall(r"<li\b.*?</li>", body, re.S)
    if len(items) < 2:
        return Markup(html)
    heights = [_lines(i) for i in items]
    total = sum(heights)
    splits, left = [], 0.0  # (height of the taller column, first column shorter?, split)
    for k, h in enumerate(heights[:-1], start=1):
        left += h
        splits.append((max(left, total - left), left < total - left, k))
    best = min(splits)[0]
    # as CSS balances: the first column the taller one, when that costs at most a line (the
    # estimate is no more precise than that)
    _tallest, _short, split = min(c for c in splits if c[0] <= best + 1.0)
    return Markup(f'<div class="kv-cols">{head}{"".join(items[:split])}</ul>'
                  f'{head}{"".join(items[split:])}</ul></div>')


def screen_names() -> Names:
    """The other names for characters of the school profile the help card reads
    (:func:`~widgets.registry.find_school_file`); ``()`` for none or a broken profile (the help
    card shows its problems). A student's copy has none: its lessons are renamed already."""
    try:
        return school_names(find_school_file())
    except ContentError:
        return ()


class ContentWidget(W.VBox):
    """Base of every lesson widget.

    Subclasses set ``kind`` (the content kind they load, or ``None`` for widgets without a
    content file) and ``print_template`` (the Jinja print form in ``widgets/templates``), and
    implement :meth:`_build` and :meth:`print_context`.

    Both forms get content already projected for their reader (:func:`widgets.schema.project`):
    the screen widget for the runtime role on screen (no ``TEACHER`` field for a student;
    answers stay, for feedback after answering), the print form for the edition's reader (a
    student's paper has no ``TEACHER`` and no ``ANSWER`` field). A widget branches on the role
    only for behaviour and layout (tally mode, writing lines), never to hide a field.
    """

    kind: ClassVar[str | None] = None
    print_template: ClassVar[str]
    #: Template for cut-out cards (only widgets that have a card form).
    card_template: ClassVar[str | None] = None
    #: Who gets a copy of the card form: "group" (a set of cards per group, the knipkaarten PDF)
    #: or "student" (a slip for every student, the strookjes PDF).
    card_copies: ClassVar[str] = "group"
    #: Template for a second card form that every student gets (the strookjes PDF), next to a
    #: group card form: the statements' voting cards.
    student_card_template: ClassVar[str | None] = None
    #: True when the student card form is only for a lesson for students (the private writing
    #: slip): a parents' evening or the teachers' guide gets no slips from it.
    slips_for_students_only: ClassVar[bool] = False

    @classmethod
    def card_templates(cls, copies: str | None = None) -> list[str]:
        """The card forms of this widget for ``copies`` ("group", "student", or ``None``: all),
        in print order."""
        forms = [(cls.card_template, cls.card_copies), (cls.student_card_template, "student")]
        return [tpl for tpl, who in forms if tpl is not None and copies in (None, who)]

    @classmethod
    def paper_sheets(cls, content: Any, **kwargs: Any) -> list[dict[str, Any]]:
        """The sheets this widget's card forms print, for the teacher edition's print list, in
        print order: ``pdf`` ("knipkaarten" or "strookjes"), ``kind`` (a key of
        :data:`handouts.printlist.WORDS`), ``title`` (the content's title), ``who`` ("teacher",
        "pair", "group" or "student"), ``per_sheet`` (slips on one sheet) and ``envelope``
        (the slips are collected). ``kwargs``: the notebook's call (a self-check's moment)."""
        return []

    def __init__(self, content: Any = None, *, source: str | None = None,
                 lang: str | None = None, **kwargs: Any):
        if "teacher" in kwargs:
            raise TypeError(f"{type(self).__name__}: teacher=: lesson code may not choose the "
                            f"audience (remove it; the view comes from kijkverder-view.yaml)")
        super().__init__()
        settings = current_settings()
        self.content = project(content, Reader(settings.role, "screen", screen_names()))
        self.source = source
        #: True only when the runtime settings say the teacher is reading (never from lesson code).
        self.teacher = settings.teacher
        #: The language this widget was created in (or ``lang``, e.g. a timer inside prompt
        #: cards takes the cards' language); every string it shows uses it.
        self.lang = _check_lang(lang) or get_language()
        #: The class view on a projector (large type): words for a class, never for one
        #: student's privacy ("Alleen jij ziet…" would be shown to the whole class).
        self.projector = get_style() == "projector"
        self.add_class("kv-widget")
        self.add_class(f"kv-{type(self).__name__.lower()}")
        if self.projector:
            self.add_class("kv-projector")
        self.children = [style_tag(), *self._build(**kwargs)]

    def t(self, key: str, **kw: object) -> str:
        """``key`` in this widget's own language (a later ``set_language`` does not change it)."""
        return t(key, self.lang, **kw)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        raise NotImplementedError

    def title_html(self) -> str:
        """The content's title (and intro, if any), escaped, for the widget's header."""
        head = f"<h3>{esc(self.content.title)}</h3>"
        if getattr(self.content, "intro", None):
            head += f"<p class='kv-intro'>{esc(self.content.intro)}</p>"
        return head

    @classmethod
    def load(cls, path: str | os.PathLike[str], **kwargs: Any) -> "ContentWidget | ErrorBox":
        """Load the widget's content from a YAML file next to the notebook.

        On a bad file this returns an :class:`ErrorBox` that lists the problems in plain words,
        so a student never sees a stack trace.
        """
        try:
            content = cls.load_content(path)
        except ContentError as e:
            return ErrorBox(e.problems)
        return cls(content, source=str(path), **kwargs)

    @classmethod
    def load_content(cls, path: str | os.PathLike[str]) -> Any:
        if cls.kind is None:
            raise TypeError(f"{cls.__name__} has no content file")
        content = load_content(path, expected_kind=cls.kind)
        return resolve_facts(content, load_facts(facts_path(path)), display_path(path))

    # ---------------------------------------------------------------- print forms
    @classmethod
    def print_context(cls, content: Any, edition: str, **kwargs: Any) -> dict[str, Any]:
        """Data for the print template, from ``content`` as the edition's reader may see it
        (:meth:`render_print` projects it first: a student edition's content has no answers)."""
        raise NotImplementedError

    @classmethod
    def print_data(cls, content: Any, edition: str, **kwargs: Any) -> dict[str, Any]:
        """What the print template of ``edition`` gets: :meth:`print_context` of ``content`` and
        of every content model handed along (the help card's school profile), projected for the
        edition's reader first. The one way into a print form (:meth:`render_print` uses it)."""
        reader = EDITION_READERS[edition]
        kwargs = {k: project(v, reader) for k, v in kwargs.items()}
        return cls.print_context(project(content, reader), edition, **kwargs)

    @classmethod
    def render_print(cls, content: Any, edition: str, lang: str | None = None,
                     **kwargs: Any) -> str:
        """The print form for ``edition``, every word in ``lang`` (default: the current
        language; the print path passes the notebook's ``set_language``)."""
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        lang = _check_lang(lang) or get_language()
        copies = kwargs.pop("copies", None)  # cards: only the forms for "group" or "student"
        templates = cls.card_templates(copies) if edition == "cards" else [cls.print_template]
        if not templates or templates == [None]:
            return ""
        show_title = kwargs.pop("show_title", True)
        form = kwargs.pop("form", "page")  # "page", "cards" or "large" (large print)
        # the lesson's readers (widgets.i18n.variant_for): "ouders", "docenten", "eenvoudig"
        variant = kwargs.pop("variant", None)
        ctx = cls.print_data(content, edition, lang=lang, variant=variant, **kwargs)
        ctx.setdefault("show_title", show_title)
        ctx.setdefault("edition", edition)
        ctx.setdefault("form", form)
        ctx.setdefault("teacher", edition == "teacher")
        ctx["lang"] = lang
        ctx["variant"] = variant

        def t_lang(key: str, **kw: object) -> str:
            return t(key, lang, variant, **kw)

        return "".join(print_env().get_template(tpl).render(**ctx, t=t_lang) for tpl in templates)

    def __repr__(self) -> str:
        src = f"{self.source!r}" if self.source else ""
        return f"{type(self).__name__}({src})"


class PagedWidget(ContentWidget):
    """A content widget that shows one item at a time with Vorige / Volgende buttons.

    Subclasses implement :meth:`_page_count` and ``_render`` (which calls :meth:`_update_nav`).
    """

    index: int = 0

    def _page_count(self) -> int:
        raise NotImplementedError

    def _nav(self) -> W.HBox:
        self.prev_button = W.Button(description=self.t("previous"), tooltip=self.t("previous"),
                                    icon="arrow-left", layout=W.Layout(width="auto"))
        self.next_button = W.Button(description=self.t("next"), tooltip=self.t("next"),
                                    icon="arrow-right", layout=W.Layout(width="auto"))
        self.prev_button.on_click(lambda _b: self.go(-1))
        self.next_button.on_click(lambda _b: self.go(1))
        return W.HBox([self.prev_button, self.next_button])

    def go(self, step: int) -> None:
        self.index = max(0, min(self._page_count() - 1, self.index + step))
        self._render()

    def _render(self) -> None:
        raise NotImplementedError

    def _update_nav(self) -> None:
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index == self._page_count() - 1


class ErrorBox(W.VBox):
    """Shown instead of a widget when its content file is broken: calm words, no traceback."""

    def __init__(self, problems: list[Problem]):
        super().__init__()
        self.problems = problems
        self.lang = get_language()
        self.add_class("kv-widget")
        self.add_class("kv-error")
        items = "".join(f"<li><code>{esc(p.field)}</code>: {esc(p.message)} "
                        f"<small>({esc(p.path)})</small></li>" for p in problems)
        self.message = W.HTML(
            f"<div role='alert'><strong>{esc(self.t('error_title'))}</strong>"
            f"<p>{esc(self.t('error_intro'))}</p><ul>{items}</ul></div>")
        self.children = [style_tag(), self.message]

    def t(self, key: str, **kw: object) -> str:
        return t(key, self.lang, **kw)

    def __repr__(self) -> str:
        return f"ErrorBox({len(self.problems)} problems)"


__all__ = ["ContentWidget", "ErrorBox", "EDITIONS", "esc", "set_style", "get_style",
           "print_env", "display_path", "style_tag"]
