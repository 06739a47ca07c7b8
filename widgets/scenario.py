"""Scenario: a branching story about a fictional character, with back and restart."""
from __future__ import annotations

from collections import deque
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc, teacher_view
from .i18n import t
from .schema import ScenarioContent

LETTERS = "ABCD"


def numbering(content: ScenarioContent) -> dict[str, int]:
    """Section numbers for the paper gamebook: the start is 1, then breadth-first."""
    order: dict[str, int] = {}
    queue = deque([content.start])
    while queue:
        node_id = queue.popleft()
        if node_id in order:
            continue
        order[node_id] = len(order) + 1
        queue.extend(c.next for c in content.node(node_id).choices)
    return order


class Scenario(ContentWidget):
    """``Scenario.load("verhaal.yaml")``; ``teacher=True`` shows the teacher notes per step."""

    kind = "scenario"
    print_template = "scenario.html.j2"
    card_template = "scenario_cards.html.j2"
    content: ScenarioContent

    def _build(self, teacher: bool | None = None, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        self.teacher = teacher = teacher_view() if teacher is None else teacher
        self.history: list[str] = []
        self.current = c.start
        head = f"<h3>{esc(c.title)}</h3>"
        if c.intro:
            head += f"<p class='kv-intro'>{esc(c.intro)}</p>"
        self.header = W.HTML(head)
        self.step = W.HTML("")
        self.text = W.HTML("")
        self.choice_box = W.VBox([])
        self.choice_buttons: list[W.Button] = []
        self.end = W.HTML("")
        self.note = W.HTML("")
        self.back_button = W.Button(description=t("back"), tooltip=t("back"), icon="arrow-left")
        self.restart_button = W.Button(description=t("restart"), tooltip=t("restart"), icon="refresh")
        self.back_button.on_click(lambda _b: self.back())
        self.restart_button.on_click(lambda _b: self.restart())
        self._render()
        rows: list[W.Widget] = [self.header, self.step, self.text, self.choice_box, self.end,
                                W.HBox([self.back_button, self.restart_button])]
        if teacher:
            rows.append(self.note)
        return rows

    @property
    def at_ending(self) -> bool:
        return self.content.node(self.current).ending

    def choose(self, index: int) -> None:
        node = self.content.node(self.current)
        self.history.append(self.current)
        self.current = node.choices[index].next
        self._render()

    def back(self) -> None:
        if self.history:
            self.current = self.history.pop()
            self._render()

    def restart(self) -> None:
        self.history.clear()
        self.current = self.content.start
        self._render()

    def _render(self) -> None:
        node = self.content.node(self.current)
        self.step.value = f"<p class='kv-private'>{esc(t('step', n=len(self.history) + 1))}</p>"
        self.text.value = "".join(f"<p>{esc(par)}</p>" for par in node.text.split("\n\n"))
        self.text.add_class("kv-scenario-text")
        for b in self.choice_buttons:
            b.close()
        self.choice_buttons = []
        for i, ch in enumerate(node.choices):
            label = f"{LETTERS[i]}: {ch.label}"
            b = W.Button(description=label, tooltip=label, layout=W.Layout(width="auto"))
            b.on_click(lambda _b, i=i: self.choose(i))
            self.choice_buttons.append(b)
        self.choice_box.children = self.choice_buttons
        self.end.value = (f"<p class='kv-ending' role='status'>■ {esc(t('the_end'))}</p>"
                          if node.ending else "")
        self.back_button.disabled = not self.history
        self.note.value = (f"<div class='kv-teacher-note'><strong>{esc(t('teacher_only'))}:</strong> "
                           f"{esc(node.teacher_note)}</div>" if node.teacher_note else "")

    @classmethod
    def print_context(cls, content: ScenarioContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        teacher = edition == "teacher"
        nums = numbering(content)
        sections = []
        for node_id, n in sorted(nums.items(), key=lambda kv: kv[1]):
            node = content.node(node_id)
            sec: dict[str, Any] = {
                "number": n, "paragraphs": node.text.split("\n\n"), "ending": node.ending,
                "choices": [{"letter": LETTERS[i], "label": ch.label, "goto": nums[ch.next]}
                            for i, ch in enumerate(node.choices)]}
            if teacher:
                sec["note"] = node.teacher_note
            sections.append(sec)
        ctx: dict[str, Any] = {"title": content.title, "intro": content.intro,
                               "character": content.character.name, "sections": sections}
        if teacher:
            ctx["endings"] = [s["number"] for s in sections if s["ending"]]
        return ctx
