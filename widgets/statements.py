"""Statements (stellingen): opinions, eens / oneens / weet niet, with a teacher tally mode."""
from __future__ import annotations

import io
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc, teacher_view
from .i18n import t
from .schema import StatementsContent

CHOICES = ("eens", "oneens", "weet-niet")


def _labels() -> dict[str, str]:
    return {"eens": t("agree"), "oneens": t("disagree"), "weet-niet": t("dont_know")}


def tally_png(counts: dict[str, int], title: str) -> bytes:
    """A grayscale-safe bar chart of one statement's tally (hatched bars, counts on the bars)."""
    from matplotlib.figure import Figure

    labels = _labels()
    fig = Figure(figsize=(6, 2.6), dpi=100)
    ax = fig.add_subplot()
    values = [counts[c] for c in CHOICES]
    bars = ax.bar([labels[c] for c in CHOICES], values, color=["#222222", "#ffffff", "#9a9a9a"],
                  edgecolor="black", linewidth=1.5)
    for bar, hatch in zip(bars, ["", "//", ".."]):
        bar.set_hatch(hatch)
    top = max(values + [1])
    ax.set_ylim(0, top * 1.3)
    for bar, v in zip(bars, values):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.04, str(v),
                ha="center", fontsize=13, fontweight="bold")
    ax.set_title(title, fontsize=12)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=12)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class Statements(ContentWidget):
    """``Statements.load("stellingen.yaml")``; ``teacher=True`` adds hints and the class tally."""

    kind = "statements"
    print_template = "statements.html.j2"
    card_template = "statements_cards.html.j2"
    content: StatementsContent

    def _build(self, teacher: bool | None = None, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        self.teacher = teacher = teacher_view() if teacher is None else teacher
        self.index = 0
        self.choice: dict[str, str | None] = {s.id: None for s in c.statements}
        self.tally: dict[str, dict[str, int]] = {s.id: {k: 0 for k in CHOICES} for s in c.statements}
        head = self.title_html()
        head += f"<p class='kv-private'><strong>{esc(t('no_right_answer'))}</strong></p>"
        self.header = W.HTML(head)
        self.counter = W.HTML("")
        self.text = W.HTML("")
        self.text.add_class("kv-statement-text")
        labels = _labels()
        self.buttons = {k: W.Button(description=labels[k], tooltip=labels[k]) for k in CHOICES}
        for k, b in self.buttons.items():
            b.on_click(lambda _b, k=k: self.choose(k))
        self.chosen = W.HTML("")
        self.prev_button = W.Button(description=t("previous"), tooltip=t("previous"), icon="arrow-left")
        self.next_button = W.Button(description=t("next"), tooltip=t("next"), icon="arrow-right")
        self.prev_button.on_click(lambda _b: self.go(-1))
        self.next_button.on_click(lambda _b: self.go(1))
        self.hint = W.HTML("")
        rows: list[W.Widget] = [self.header, self.counter, self.text,
                                W.HBox(list(self.buttons.values())), self.chosen,
                                W.HBox([self.prev_button, self.next_button])]
        # teacher tally: +/- per choice, chart of the class's spread
        self.tally_value: dict[str, W.HTML] = {}
        self.plus: dict[str, W.Button] = {}
        self.minus: dict[str, W.Button] = {}
        self.chart = W.Image(format="png", layout=W.Layout(max_width="640px"))
        tally_rows = []
        for k in CHOICES:
            self.minus[k] = W.Button(description="−", tooltip=f"{labels[k]} −1",
                                     layout=W.Layout(width="3em"))
            self.plus[k] = W.Button(description="+", tooltip=f"{labels[k]} +1",
                                    layout=W.Layout(width="3em"))
            self.minus[k].on_click(lambda _b, k=k: self.count(k, -1))
            self.plus[k].on_click(lambda _b, k=k: self.count(k, 1))
            self.tally_value[k] = W.HTML("")
            tally_rows.append(W.HBox([W.HTML(f"<span style='display:inline-block;width:7em'>"
                                             f"{esc(labels[k])}</span>"),
                                      self.minus[k], self.tally_value[k], self.plus[k]]))
        self.tally_box = W.VBox([W.HTML(f"<p><strong>{esc(t('tally'))}</strong> · "
                                        f"{esc(t('tally_intro'))}</p>"), *tally_rows, self.chart])
        self.tally_box.add_class("kv-teacher-note")
        if teacher:
            rows += [self.hint]
            if c.tally:
                rows.append(self.tally_box)
        self._render()
        return rows

    @property
    def current(self):
        return self.content.statements[self.index]

    def go(self, step: int) -> None:
        self.index = max(0, min(len(self.content.statements) - 1, self.index + step))
        self._render()

    def choose(self, choice: str) -> None:
        """The student's own opinion for the current statement (kept in this widget only)."""
        self.choice[self.current.id] = choice
        self._render()

    def count(self, choice: str, delta: int) -> None:
        counts = self.tally[self.current.id]
        counts[choice] = max(0, counts[choice] + delta)
        self._render()

    def chart_data(self, statement_id: str) -> tuple[list[str], list[int]]:
        labels = _labels()
        counts = self.tally[statement_id]
        return [labels[k] for k in CHOICES], [counts[k] for k in CHOICES]

    def _render(self) -> None:
        s, n = self.current, len(self.content.statements)
        labels = _labels()
        self.counter.value = f"<p class='kv-private'>{esc(t('statement_n', n=self.index + 1, total=n))}</p>"
        self.text.value = f"<p class='kv-big'>{esc(s.text)}</p>"
        mine = self.choice[s.id]
        for k, b in self.buttons.items():
            b.description = ("✓ " if k == mine else "") + labels[k]
            b.button_style = "info" if k == mine else ""
        self.chosen.value = (f"<p>{esc(t('your_choice', choice=labels[mine]))}</p>" if mine else "")
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index == n - 1
        self.hint.value = (f"<div class='kv-teacher-note'><strong>{esc(t('hint'))}:</strong> "
                           f"{esc(s.hint)}</div>" if s.hint else "")
        if self.teacher and self.content.tally:
            for k in CHOICES:
                self.tally_value[k].value = (f"<span style='display:inline-block;min-width:2.5em;"
                                             f"text-align:center;font-weight:bold'>{self.tally[s.id][k]}</span>")
            self.chart.value = tally_png(self.tally[s.id], t("tally_chart_title"))

    @classmethod
    def print_context(cls, content: StatementsContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        teacher = edition == "teacher"
        return {"title": content.title, "intro": content.intro,
                "statements": [{"text": s.text, **({"hint": s.hint} if teacher else {})}
                               for s in content.statements],
                "labels": list(_labels().values())}
