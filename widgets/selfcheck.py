"""SelfCheck (zelfcheck): 3–4 "Ik weet / kan / durf …" sentences on a 4-point scale, asked at the
start (``moment="voor"``) and at the end (``moment="na"``) of a lesson. Anonymous by design.

Student view: every sentence with four buttons (Klopt niet … Klopt helemaal); the chosen one is
marked with ✓ and the words "Jouw keuze", a status line says what was chosen. At the end ("na")
the student sees their own start and end side by side, in words. The start answers are kept in
this kernel's memory only (:data:`_BEFORE`, keyed by the resolved content file): never in a
file, never in the state of any widget but the self-check widgets the student clicks. A restarted
kernel has forgotten them, and the "na" widget says so calmly.

Class view on the projector (``style: projector``, role student): the class fills in paper slips,
so the screen shows the sentences, the scale and the slip instructions; no buttons, no privacy
note (the whole class reads the screen).

Teacher view (``role: teacher`` in the runtime settings, never lesson code): no answer buttons.
"voor" shows the sentences and how to run it with paper slips; "na" lets the teacher type the
counts from the slips and draws a before/after chart per sentence (:mod:`widgets.draw`), with a
note on how to read it honestly. Print: the worksheet has a cut-off anonymous slip per moment;
the teacher edition has the how-to ("voor") and a blank tally table with the note ("na").
"""
from __future__ import annotations

import hashlib
import weakref
from pathlib import Path
from typing import Any

import ipywidgets as W

from .base import LOCK, ContentWidget, ErrorBox, esc
from .draw import Bar, Group, grouped_bar_chart_svg
from .i18n import t
from .contentio import Problem, display_path
from .models.activities import SELFCHECK_MOMENTS, SELFCHECK_SCALE, SelfCheckContent

#: Data keys of the scale, in order (the words are ``selfcheck_<key>`` in :mod:`widgets.i18n`).
SCALE = SELFCHECK_SCALE
MOMENTS = SELFCHECK_MOMENTS
#: Fill and pattern of the "begin" and "einde" bars: they differ in grey AND in pattern.
BAR_STYLE = {"voor": ("#ffffff", "//"), "na": ("#333333", "")}
#: The how-to (teacher view "voor", teacher edition "voor") and the honest-reading note
#: (teacher view "na", teacher edition "na"), as i18n keys.
HOWTO_KEYS = tuple(f"selfcheck_howto_{n}" for n in range(1, 6))
READING_KEYS = tuple(f"selfcheck_reading_{n}" for n in range(1, 6))
#: Every i18n key of teacher-only text: never on a student's screen or paper (the leak tests
#: read it as :attr:`SelfCheck.teacher_keys`).
TEACHER_KEYS = ("selfcheck_teacher_voor", "selfcheck_howto_title", *HOWTO_KEYS,
                "selfcheck_counts_title", "selfcheck_counts_intro", "selfcheck_reading_title",
                *READING_KEYS, "selfcheck_tally_intro")

#: The "voor" answers of this kernel: resolved content file -> {statement id: scale key}.
#: Memory only; nothing writes it anywhere. A restarted kernel starts empty.
_BEFORE: dict[str, dict[str, str]] = {}
#: The "na" widgets of this kernel per content file, so a changed start answer updates a
#: comparison already on screen (weak: a widget that is gone is not kept alive).
_ENDS: dict[str, "weakref.WeakSet[SelfCheck]"] = {}


def scale_labels(lang: str | None = None, variant: str | None = None) -> dict[str, str]:
    """Scale key -> its words in ``lang`` ("Klopt niet", …), for the lesson's readers
    (``variant``: the easy-read series has no "grotendeels")."""
    return {k: t(f"selfcheck_{k}", lang, variant) for k in SCALE}


def check_moment(moment: object) -> str:
    if moment not in MOMENTS:
        raise ValueError(f"{moment!r} is not a moment; use \"voor\" (start of the lesson) or "
                         f"\"na\" (end of the lesson)")
    return str(moment)


def memory_key(content: SelfCheckContent, source: str | None) -> str:
    """Where a self-check's "voor" answers are kept in :data:`_BEFORE`: the resolved content
    file (the same file at the start and at the end of the lesson)."""
    if source is not None:
        return str(Path(source).resolve())
    ids = ",".join(s.id for s in content.statements)
    return f"<content {content.title!r} {ids}>"


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: every character but letters and digits escaped, so no
    text can close the string or the ``<style>`` element."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'

#: Slips on one A4 sheet of the strookjes (two by two).
SLIPS_PER_SHEET = 4


class SelfCheck(ContentWidget):
    """``SelfCheck.load("zelfcheck.yaml", moment="voor")`` at the start of the lesson and
    ``SelfCheck.load("zelfcheck.yaml", moment="na")`` at the end.

    From code (tests): :meth:`choose` a scale key for a statement, read :attr:`answers`,
    :meth:`comparison`; teacher view: :meth:`set_count`, :meth:`chart_svg`.
    """

    kind = "selfcheck"
    print_template = "selfcheck.html.j2"
    #: The anonymous slips are in the strookjes, not on the worksheet: a worksheet is printed
    #: double-sided, and cutting a slip from it would cut the back page.
    card_template = "selfcheck_cards.html.j2"
    #: A slip for every student: its own PDF (strookjes), apart from the cards per group.
    card_copies = "student"
    content: SelfCheckContent
    #: UI strings (i18n keys) that are teacher material: the leak tests look for them in
    #: everything a student gets (``tests/leaks.py``).
    teacher_keys = TEACHER_KEYS

    @classmethod
    def load(cls, path: Any, **kwargs: Any) -> "ContentWidget | ErrorBox":
        """Like :meth:`ContentWidget.load`; a wrong ``moment`` shows an error box, not a traceback."""
        try:
            check_moment(kwargs.get("moment", "voor"))
        except ValueError as e:
            return ErrorBox([Problem(display_path(path), "moment", str(e))])
        return super().load(path, **kwargs)

    def _build(self, moment: str = "voor", **kwargs: Any) -> list[W.Widget]:
        if kwargs:
            raise TypeError(f"SelfCheck takes moment= only, not {', '.join(kwargs)}=")
        self.moment = check_moment(moment)
        self.key = memory_key(self.content, self.source)
        head = self.title_html() + f"<p class='kv-selfcheck-moment'><strong>" \
                                   f"{esc(self.t('selfcheck_' + self.moment))}</strong></p>"
        self.header = W.HTML(head)
        if self.teacher:
            return [self.header, *self._build_teacher()]
        if self.projector:
            return [self.header, *self._build_class()]
        return [self.header, *self._build_student()]

    # ---------------------------------------------------------------- class (projector)
    def _build_class(self) -> list[W.Widget]:
        """The class view on the projector: the class fills in paper slips, so the screen shows
        the sentences, the scale and how to fill in the slip; no answer buttons, nothing kept."""
        self.answers = {}
        scale = " · ".join(scale_labels(self.lang).values())
        items = "".join(f"<li>{esc(s.text)}</li>" for s in self.content.statements)
        return [W.HTML(f"<p>{esc(self.t('selfcheck_class_intro_' + self.moment))}</p>"
                       f"<ol class='kv-selfcheck-statements'>{items}</ol>"
                       f"<p>{esc(self.t('selfcheck_class_scale', scale=scale))}</p>"
                       f"<p class='kv-selfcheck-slip'><strong>"
                       f"{esc(self.t('selfcheck_slip_instruction'))}</strong></p>")]

    # ---------------------------------------------------------------- student
    def _build_student(self) -> list[W.Widget]:
        labels = scale_labels(self.lang)
        #: The student's own choice per statement (this widget only).
        self.answers: dict[str, str | None] = {s.id: None for s in self.content.statements}
        self.buttons: dict[str, dict[str, W.Button]] = {}
        self.status: dict[str, W.HTML] = {}
        rows: list[W.Widget] = [W.HTML(
            f"<p class='kv-private'>{LOCK} {esc(self.t('selfcheck_private'))}</p>"
            f"<p>{esc(self.t('selfcheck_intro_' + self.moment))}</p>")]
        names: list[str] = []
        for n, s in enumerate(self.content.statements, 1):
            text = W.HTML(f"<p class='kv-selfcheck-text'><strong>{n}.</strong> {esc(s.text)}</p>")
            # the statement is part of every button's accessible name: ipywidgets buttons have
            # no aria-label, so a visually hidden ::before per statement carries it (CSS
            # generated content counts in the accessible name; widgets.css hides it)
            cls = self._name_class("choice", s.id)
            names.append(f".{cls}::before{{content:{_css_string(f'{n}. {s.text} ')}}}")
            self.buttons[s.id] = {}
            for k in SCALE:
                b = W.Button(description=labels[k],
                             tooltip=self.t("selfcheck_button", statement=s.text, choice=labels[k]),
                             layout=W.Layout(width="auto", min_width="9em"))
                b.add_class("kv-sc-choice")
                b.add_class(cls)
                b.on_click(lambda _b, sid=s.id, k=k: self.choose(sid, k))
                self.buttons[s.id][k] = b
            self.status[s.id] = W.HTML("")
            choices = W.Box(list(self.buttons[s.id].values()),
                            layout=W.Layout(flex_flow="row wrap", grid_gap="0.5em"))
            choices.add_class("kv-choices")  # equal columns: a chosen "✓ …" pushes no other
            row = W.VBox([text, choices, self.status[s.id]])
            row.add_class("kv-question")
            rows.append(row)
        rows.insert(0, W.HTML(f"<style>{''.join(names)}</style>",
                              layout=W.Layout(display="none")))
        self.compare = W.HTML("")
        self.compare.add_class("kv-selfcheck-compare")
        if self.moment == "na":
            rows.append(self.compare)
            _ENDS.setdefault(self.key, weakref.WeakSet()).add(self)
        return rows

    def _name_class(self, *parts: str) -> str:
        """A CSS class for the hidden name prefix of one statement's buttons or fields
        (derived from the content, so the output is the same on every run)."""
        return "kv-sc-" + hashlib.sha1("|".join((self.key, *parts)).encode()).hexdigest()[:10]

    def choose(self, statement_id: str, choice: str) -> None:
        """The student's own answer to one statement (kept in this widget; a "voor" answer
        also in this kernel's memory, for the comparison at the end of the lesson)."""
        if self.teacher or self.projector:
            raise RuntimeError("the teacher view and the class view on the projector have no "
                               "answer buttons (the class uses paper slips)")
        if statement_id not in self.answers:
            raise KeyError(f"unknown statement {statement_id!r}; use one of {list(self.answers)}")
        if choice not in SCALE:
            raise ValueError(f"choice must be one of {SCALE}")
        self.answers[statement_id] = choice
        if self.moment == "voor":
            _BEFORE.setdefault(self.key, {})[statement_id] = choice
            for end in list(_ENDS.get(self.key, ())):
                if any(end.answers.values()):  # a comparison is on screen: keep it current
                    end._render_compare()
        labels = scale_labels(self.lang)
        for k, b in self.buttons[statement_id].items():
            b.description = ("✓ " if k == choice else "") + labels[k]
            b.button_style = "info" if k == choice else ""
        self.status[statement_id].value = (
            f"<p role='status'>{esc(self.t('your_choice', choice=labels[choice]))}</p>")
        if self.moment == "na":
            self._render_compare()

    def comparison(self) -> list[tuple[str, str | None, str | None]] | None:
        """(statement text, start answer, end answer) per statement, from this kernel's memory;
        ``None`` when there are no start answers (skipped, or the kernel restarted)."""
        before = _BEFORE.get(self.key)
        if not before:
            return None
        return [(s.text, before.get(s.id), self.answers.get(s.id)) for s in self.content.statements]

    def _render_compare(self) -> None:
        rows = self.comparison()
        head = f"<h4>{esc(self.t('selfcheck_compare_title'))}</h4>"
        if rows is None:
            self.compare.value = (f"<div role='status'>{head}<p>"
                                  f"{esc(self.t('selfcheck_no_before'))}</p></div>")
            return
        words = {**scale_labels(self.lang), None: self.t("selfcheck_not_chosen")}
        items = "".join(f"<li>{esc(text)}<br>"
                        f"{esc(self.t('selfcheck_compare_row', before=words[b], after=words[a]))}</li>"
                        for text, b, a in rows)
        self.compare.value = (f"<div role='status'>{head}<ul>{items}</ul>"
                              f"<p class='kv-private'>{LOCK} {esc(self.t('selfcheck_private'))}</p></div>")

    # ---------------------------------------------------------------- teacher
    def _build_teacher(self) -> list[W.Widget]:
        self.answers = {}
        if self.moment == "voor":
            items = "".join(f"<li>{esc(s.text)}</li>" for s in self.content.statements)
            howto = "".join(f"<li>{esc(self.t(k))}</li>" for k in HOWTO_KEYS)
            return [W.HTML(f"<ol class='kv-big'>{items}</ol>"),
                    W.HTML(f"<div class='kv-teacher-note'><p><strong>"
                           f"{esc(self.t('selfcheck_teacher_voor'))}</strong></p>"
                           f"<p><strong>{esc(self.t('selfcheck_howto_title'))}</strong></p>"
                           f"<ol>{howto}</ol></div>")]
        labels = scale_labels(self.lang)
        moment_word = {"voor": self.t("selfcheck_begin"), "na": self.t("selfcheck_end")}
        names: list[str] = []
        #: The typed counts: {"voor"|"na": {statement id: {scale key: input}}}.
        self.counts: dict[str, dict[str, dict[str, W.BoundedIntText]]] = {m: {} for m in MOMENTS}
        self.charts: dict[str, W.HTML] = {}
        self.totals: dict[str, W.HTML] = {}
        rows: list[W.Widget] = [W.HTML(f"<h4>{esc(self.t('selfcheck_counts_title'))}</h4>"
                                       f"<p>{esc(self.t('selfcheck_counts_intro'))}</p>")]
        for n, s in enumerate(self.content.statements, 1):
            grid: list[W.Widget] = []
            for k in SCALE:
                grid.append(W.HTML(esc(labels[k])))
                # each field's label is "Begin" / "Einde"; the statement and the scale point
                # join its accessible name through a visually hidden ::before (see _build_student)
                cls = self._name_class("count", s.id, k)
                names.append(f".{cls} .widget-label::before{{content:"
                             f"{_css_string(self.t('selfcheck_count_name', n=n, statement=s.text, choice=labels[k]) + ' ')}}}")
                for m in MOMENTS:
                    box = W.BoundedIntText(value=0, min=0, max=999, description=moment_word[m],
                                           style={"description_width": "4em"},
                                           layout=W.Layout(width="auto"))
                    box.add_class("kv-sc-count")
                    box.add_class(cls)
                    box.observe(lambda _ch, sid=s.id: self._render_chart(sid), names="value")
                    self.counts[m].setdefault(s.id, {})[k] = box
                    grid.append(box)
            self.charts[s.id] = W.HTML("")
            self.charts[s.id].add_class("kv-chart-figure")
            self.totals[s.id] = W.HTML("")
            table = W.GridBox(grid, layout=W.Layout(grid_template_columns="minmax(8em, 12em) auto auto",
                                                    grid_gap="0.3em 0.6em", align_items="center"))
            part = W.VBox([W.HTML(f"<p class='kv-selfcheck-text'><strong>{n}.</strong> "
                                  f"{esc(s.text)}</p>"), table, self.totals[s.id], self.charts[s.id]])
            part.add_class("kv-question")
            rows.append(part)
            self._render_chart(s.id)
        rows.insert(0, W.HTML(f"<style>{''.join(names)}</style>", layout=W.Layout(display="none")))
        reading = "".join(f"<li>{esc(self.t(k))}</li>" for k in READING_KEYS)
        rows.append(W.HTML(f"<div class='kv-teacher-note'><p><strong>"
                           f"{esc(self.t('selfcheck_reading_title'))}</strong></p>"
                           f"<ul>{reading}</ul></div>"))
        return rows

    def set_count(self, moment: str, statement_id: str, choice: str, n: int) -> None:
        """Type ``n`` slips with ``choice`` for ``statement_id`` at ``moment`` ("voor"/"na")."""
        self.counts[check_moment(moment)][statement_id][choice].value = n

    def count_data(self, statement_id: str) -> dict[str, dict[str, int]]:
        """{"voor"|"na": {scale key: count}} for one statement, as typed."""
        return {m: {k: int(self.counts[m][statement_id][k].value or 0) for k in SCALE}
                for m in MOMENTS}

    def chart_svg(self, statement_id: str) -> str:
        data = self.count_data(statement_id)
        text = next(s.text for s in self.content.statements if s.id == statement_id)
        return counts_svg(text, data, self.lang)

    def _render_chart(self, statement_id: str) -> None:
        data = self.count_data(statement_id)
        self.totals[statement_id].value = (
            f"<p>{esc(self.t('selfcheck_total', begin=sum(data['voor'].values()), end=sum(data['na'].values())))}</p>")
        self.charts[statement_id].value = self.chart_svg(statement_id)

    # ---------------------------------------------------------------- print
    @classmethod
    def print_context(cls, content: SelfCheckContent, edition: str, lang: str | None = None,
                      moment: str = "voor", variant: str | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        """The slip (student edition) holds only the title, the sentences and the scale; the
        teacher edition adds the how-to ("voor") or the tally table and the note ("na")."""
        moment = check_moment(moment)
        ctx: dict[str, Any] = {"title": content.title, "moment": moment,
                               "statements": [s.text for s in content.statements],
                               "scale": list(scale_labels(lang, variant).values())}
        if edition == "cards":
            ctx["slips"] = SLIPS_PER_SHEET
        if edition == "teacher":
            ctx["howto"] = [t(k, lang) for k in HOWTO_KEYS]
            ctx["reading"] = [t(k, lang) for k in READING_KEYS]
        return ctx

    @classmethod
    def paper_sheets(cls, content: SelfCheckContent, moment: str = "voor",
                     **kwargs: Any) -> list[dict[str, Any]]:
        return [{"pdf": "strookjes", "kind": "selfcheck_" + moment, "title": content.title,
                 "who": "student", "per_sheet": SLIPS_PER_SHEET, "envelope": True}]


def counts_svg(statement: str, data: dict[str, dict[str, int]], lang: str | None = None) -> str:
    """The before/after chart of one statement: per scale point a "begin" and an "einde" bar."""
    labels = scale_labels(lang)
    names = {"voor": t("selfcheck_begin", lang), "na": t("selfcheck_end", lang)}
    groups = [Group(labels[k], tuple(Bar(names[m], data[m][k], str(data[m][k]), *BAR_STYLE[m])
                                     for m in MOMENTS)) for k in SCALE]
    title = t("selfcheck_chart_title", lang, statement=statement)
    return grouped_bar_chart_svg(groups, title=title, heading=statement)


__all__ = ["SelfCheck", "SCALE", "MOMENTS", "SLIPS_PER_SHEET", "TEACHER_KEYS", "counts_svg", "scale_labels"]
