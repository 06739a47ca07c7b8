"""Statements (stellingen): eens / oneens / weet niet, with a teacher tally mode.

Two kinds: opinions (no right or wrong answer) and norm statements, where the class votes first
and a button then shows what the law or help workers say (``Statement.norm``).

A student's choice only marks the button (✓ and the words "Jouw keuze"); it is kept in the
widget and nowhere else. In the tally mode the teacher counts anonymous votes with +1/−1 buttons and a
grayscale-safe bar chart shows how the class is divided.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import PagedWidget, esc
from .draw import Bar, bar_chart_svg
from .i18n import count_word, t
from .models.activities import Statement, StatementsContent

#: Voting slips on one A4 sheet of the strookjes (two by two, with cutting lines).
VOTE_SLIPS = 4
#: Choice keys, in the order of the buttons, the tally rows and the bars.
CHOICES = ("eens", "oneens", "weet-niet")
#: Fill and pattern per choice: the bars differ in grey AND pattern, and carry their count.
BAR_STYLE = {"eens": ("#222222", ""), "oneens": ("#ffffff", "//"), "weet-niet": ("#a0a0a0", "..")}


def _labels(lang: str | None = None) -> dict[str, str]:
    return {"eens": t("agree", lang), "oneens": t("disagree", lang), "weet-niet": t("dont_know", lang)}


def tally_svg(labels: list[str], counts: list[int], title: str) -> str:
    """A bar chart of one statement's tally (inline SVG): outlined bars in three greys and three
    patterns, the count on each bar."""
    bars = [Bar(label, n, str(n), *BAR_STYLE[key]) for key, label, n in zip(CHOICES, labels, counts)]
    return bar_chart_svg(bars, title=title, heading=title)


def kinds_line(statements: list[Statement], lang: str | None = None,
               variant: str | None = None) -> str:
    """The line above the statements that says what is true for this set: only opinions, only
    norm statements, or how many of each (never "most" when most are norms), counted in words
    ("drie"), as the lessons' intros write them."""
    norms = sum(s.type == "norm" for s in statements)
    opinions = len(statements) - norms
    if not norms:
        return t("no_right_answer", lang, variant)
    if not opinions:
        return t("all_norms", lang, variant)

    def count(n: int) -> str:
        return (t("n_statements_one", lang, variant) if n == 1
                else t("n_statements", lang, variant, n=count_word(n, lang)))
    return t("mixed_kinds", lang, variant, opinions=count(opinions), norms=count(norms))


class Statements(PagedWidget):
    """``Statements.load("stellingen.yaml")``; in the teacher's view (``role: teacher`` in the
    runtime settings, :mod:`widgets.settings`) it adds hints and opens the class tally.

    In the student view the "Klas tellen" toggle still offers the tally, but never the hints.
    """

    kind = "statements"
    #: teacher-only UI text (screen and teacher edition): the leak tests look for it in everything
    #: a student gets, and the students' site wheel leaves it out
    teacher_keys = ("vote_anonymous",)
    print_template = "statements.html.j2"
    card_template = "statements_cards.html.j2"
    #: a voting slip (a row per statement, Eens / Oneens / Weet niet) for every student (strookjes PDF)
    student_card_template = "statements_votecards.html.j2"
    content: StatementsContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        teacher = self.teacher
        self.index = 0
        #: The student's own choice per statement (in this widget only, never stored).
        self.choice: dict[str, str | None] = {s.id: None for s in c.statements}
        #: The teacher's count of hands per statement: {statement_id: {choice: count}}.
        self.tally: dict[str, dict[str, int]] = {s.id: {k: 0 for k in CHOICES} for s in c.statements}
        labels = _labels(self.lang)

        self.header = W.HTML(self.title_html() + "<p class='kv-no-right-answer'><strong>"
                             f"{esc(kinds_line(c.statements, self.lang))}"
                             "</strong></p>")
        self.counter = W.HTML("")
        self.text = W.HTML("")
        self.text.add_class("kv-statement-text")
        self.buttons = {k: W.Button(description=labels[k], tooltip=labels[k],
                                    layout=W.Layout(width="auto", min_width="8em"))
                        for k in CHOICES}
        for k, b in self.buttons.items():
            b.on_click(lambda _b, k=k: self.choose(k))
        self.chosen = W.HTML("")
        nav = self._nav()
        # teacher-only: a student's content has no hint (projected), so this stays empty for them
        self.hint = W.HTML("")
        choices = W.Box(list(self.buttons.values()),
                        layout=W.Layout(flex_flow="row wrap", grid_gap="0.5em"))
        choices.add_class("kv-choices")  # equal columns: a chosen "✓ …" button pushes no other
        rows: list[W.Widget] = [self.header, self.counter, self.text, choices, self.chosen, nav]
        if teacher:
            rows.append(self.hint)
            rows.append(W.HTML(f"<div class='kv-teacher-note'>{esc(self.t('vote_anonymous'))}</div>"))
        rows.insert(rows.index(nav), self._build_norm())

        # tally: a toggle, +1/−1 per choice, a total and the chart of the class's spread
        self.tally_toggle = W.ToggleButton(value=bool(teacher and c.tally), description=self.t("tally"),
                                           tooltip=self.t("tally_intro"), icon="users",
                                           layout=W.Layout(width="auto", align_self="flex-start"))
        self.tally_value: dict[str, W.HTML] = {}
        self.plus: dict[str, W.Button] = {}
        self.minus: dict[str, W.Button] = {}
        tally_rows = []
        for k in CHOICES:
            self.minus[k] = W.Button(description="−1", tooltip=f"{labels[k]} −1",
                                     layout=W.Layout(width="4em"))
            self.plus[k] = W.Button(description="+1", tooltip=f"{labels[k]} +1",
                                    layout=W.Layout(width="4em"))
            self.minus[k].on_click(lambda _b, k=k: self.count(k, -1))
            self.plus[k].on_click(lambda _b, k=k: self.count(k, 1))
            self.tally_value[k] = W.HTML("")
            tally_rows.append(W.HBox([W.HTML(f"<span style='display:inline-block;min-width:7em'>"
                                             f"{esc(labels[k])}</span>"),
                                      self.minus[k], self.tally_value[k], self.plus[k]],
                                     layout=W.Layout(align_items="center")))
        self.tally_total = W.HTML("")
        self.chart = W.HTML("")
        self.chart.add_class("kv-chart-figure")
        self.tally_box = W.VBox([W.HTML(f"<p>{esc(self.t('tally_intro'))}</p>"), *tally_rows,
                                 self.tally_total, self.chart],
                                layout=W.Layout(display="none"))
        self.tally_box.add_class("kv-tally")
        if c.tally:
            self.tally_toggle.observe(lambda _ch: self._show_tally(), names="value")
            rows += [self.tally_toggle, self.tally_box]
        self._show_tally(draw=False)  # in teacher mode the tally is open from the start
        self._render()
        return rows

    # ---------------------------------------------------------------- navigation and choice
    @property
    def current(self) -> Statement:
        return self.content.statements[self.index]

    @property
    def tallying(self) -> bool:
        """True while the tally (counters and chart) is shown."""
        return bool(self.content.tally and self.tally_toggle.value)

    def _page_count(self) -> int:
        return len(self.content.statements)

    def choose(self, choice: str) -> None:
        """The student's own opinion on the current statement (kept in this widget only)."""
        if choice not in CHOICES:
            raise ValueError(f"choice must be one of {CHOICES}")
        self.choice[self.current.id] = choice
        self._render_choice()

    # ---------------------------------------------------------------- tally
    def count(self, choice: str, delta: int) -> None:
        """Add ``delta`` hands for ``choice`` on the current statement (never below zero)."""
        counts = self.tally[self.current.id]
        counts[choice] = max(0, counts[choice] + delta)
        self._render_tally()
        self._render_norm()

    def chart_data(self, statement_id: str) -> tuple[list[str], list[int]]:
        """The labels and counts the tally chart of ``statement_id`` shows."""
        labels = _labels(self.lang)
        counts = self.tally[statement_id]
        return [labels[k] for k in CHOICES], [counts[k] for k in CHOICES]

    def _show_tally(self, draw: bool = True) -> None:
        on = self.tallying
        self.tally_toggle.description = ("✓ " if on else "") + self.t("tally")
        self.tally_box.layout.display = "flex" if on else "none"
        if draw:
            self._render_tally()

    # ---------------------------------------------------------------- rendering
    def _render(self) -> None:
        s, n = self.current, len(self.content.statements)
        self.text.value = f"<p class='kv-big'>{esc(s.text)}</p>"
        self._update_nav()
        # a student's content has no hints (projected in ContentWidget.__init__)
        self.hint.value = (f"<div class='kv-teacher-note'><strong>{esc(self.t('hint'))}:</strong> "
                           f"{esc(s.hint)}</div>" if s.hint else "")
        self._render_choice()
        self._render_tally()
        # the counter last: once "Stelling 2 van 4" shows, the rest of the page (the norm part
        # shown or hidden) has been sent before it, so nothing on screen is left from statement 1
        self.counter.value = (f"<p class='kv-private'>"
                              f"{esc(self.t('statement_n', n=self.index + 1, total=n))}</p>")

    def _render_choice(self) -> None:
        labels = _labels(self.lang)
        mine = self.choice[self.current.id]
        for k, b in self.buttons.items():
            b.description = ("✓ " if k == mine else "") + labels[k]
            b.button_style = "info" if k == mine else ""
        self.chosen.value = (f"<p role='status'>{esc(self.t('your_choice', choice=labels[mine]))}</p>"
                             if mine else "")
        self._render_norm()

    # ---------------------------------------------------------------- norm statements
    def _build_norm(self) -> W.VBox:
        """Label, reveal button and answer box of a norm statement (hidden for opinions)."""
        #: Ids of the norm statements whose answer was revealed.
        self.revealed: set[str] = set()
        self.norm_label = W.HTML("")
        self.norm_button = W.Button(description=self.t("norm_button"), icon="info-circle",
                                    layout=W.Layout(width="auto", align_self="flex-start"))
        self.norm_button.on_click(lambda _b: self.reveal_norm())
        # filled only after the reveal, so the answer is not in the widget state before the vote
        self.norm_box = W.HTML("")
        self.norm_part = W.VBox([self.norm_label, self.norm_button, self.norm_box])
        self.norm_part.add_class("kv-norm")
        return self.norm_part

    @property
    def voted(self) -> bool:
        """True once there is a vote on the current statement: the student's own or the tally's.
        In the teacher view the teacher decides when the class has voted."""
        sid = self.current.id
        return self.teacher or self.choice[sid] is not None or sum(self.tally[sid].values()) > 0

    def reveal_norm(self) -> None:
        """Show what the law or help workers say about the current norm statement (after the vote)."""
        if self.current.type != "norm" or not self.voted:
            return
        self.revealed.add(self.current.id)
        self._render_norm()

    def _render_norm(self) -> None:
        s = self.current
        norm = s.type == "norm"
        self.norm_part.layout.display = "flex" if norm else "none"
        self.norm_label.value = (f"<p class='kv-norm-label'><strong>{esc(self.t('norm_label'))}</strong></p>"
                                 if norm else "")
        self.norm_button.disabled = not (norm and self.voted)
        self.norm_button.tooltip = self.t("norm_button") if self.voted else self.t("norm_wait")
        self.norm_box.value = (f"<div class='kv-norm-answer' role='status'><strong>"
                               f"{esc(self.t('norm_answer'))}:</strong> {esc(s.norm)}</div>"
                               if norm and s.id in self.revealed else "")

    def _render_tally(self) -> None:
        if not self.tallying:
            return  # the chart is only drawn while it is shown
        sid = self.current.id
        for k in CHOICES:
            self.tally_value[k].value = (f"<span style='display:inline-block;min-width:2.5em;"
                                         f"text-align:center;font-weight:bold'>"
                                         f"{self.tally[sid][k]}</span>")
        self.tally_total.value = f"<p>{esc(self.t('tally_total', n=sum(self.tally[sid].values())))}</p>"
        labels, counts = self.chart_data(sid)
        self.chart.value = tally_svg(labels, counts, self.t("tally_chart_title"))

    # ---------------------------------------------------------------- print
    @classmethod
    def print_context(cls, content: StatementsContent, edition: str, lang: str | None = None,
                      variant: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """The worksheet lists the statements without tick boxes: the class votes on the
        anonymous voting slip (the strookjes, :data:`VOTE_SLIPS` to a sheet), never on a paper
        with a name on it."""
        return {"title": content.title, "intro": content.intro,
                "kinds_line": kinds_line(content.statements, lang, variant),
                "slips": VOTE_SLIPS,
                "statements": [{"text": s.text, "type": s.type, "hint": s.hint, "norm": s.norm}
                               for s in content.statements],
                "labels": list(_labels(lang).values())}

    @classmethod
    def paper_sheets(cls, content: StatementsContent, **kwargs: Any) -> list[dict[str, Any]]:
        return [{"pdf": "knipkaarten", "kind": "statements", "title": content.title,
                 "who": "teacher", "per_sheet": 0, "envelope": False},
                {"pdf": "strookjes", "kind": "vote", "title": content.title, "who": "student",
                 "per_sheet": VOTE_SLIPS, "envelope": True}]
