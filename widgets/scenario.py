"""Scenario: a branching story about a fictional character, with back and restart.

On screen the student reads one part at a time and picks a choice (``A: …``, ``B: …``). On paper
the same story is a gamebook: every part gets a number (the start is 1, then breadth-first), and
each choice says which part to go to. The cards edition prints every part on its own card, so a
class without computers can play the story with cut-out cards.
"""
from __future__ import annotations

from collections import deque
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .models.activities import Character, ScenarioContent

#: Choice letters; the schema allows at most four choices per node.
LETTERS = "ABCD"


def numbering(content: ScenarioContent) -> dict[str, int]:
    """Section numbers for the paper gamebook: the start is 1, then breadth-first in choice order.

    The schema guarantees every node is reachable, so every node gets a number.
    """
    order: dict[str, int] = {}
    queue = deque([content.start])
    while queue:
        node_id = queue.popleft()
        if node_id in order:
            continue
        order[node_id] = len(order) + 1
        queue.extend(c.next for c in content.node(node_id).choices)
    return order


def vote_letters(content: ScenarioContent) -> int:
    """How many letters the story-vote slip offers: the choices of the part marked
    ``class_vote``; without one, as many as the widest choice (at least two)."""
    for node in content.nodes:
        if node.class_vote:
            return len(node.choices)
    return max((len(n.choices) for n in content.nodes), default=2) or 2


def character_line(ch: Character) -> str:
    """``Noor (15) — description`` as plain text (escape it where it goes into HTML)."""
    text = ch.name + (f" ({ch.age})" if ch.age is not None else "")
    return text + (f" — {ch.description}" if ch.description else "")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


class Scenario(ContentWidget):
    """``Scenario.load("verhaal.yaml")``; the teacher's view (runtime settings) shows the
    teacher notes per step.

    Walk it from code with :meth:`choose`, :meth:`back` and :meth:`restart`; ``current`` is the
    id of the node on screen and ``history`` the ids of the nodes before it.
    """

    kind = "scenario"
    print_template = "scenario.html.j2"
    card_template = "scenario_cards.html.j2"
    #: the class votes on a choice with a folded slip in the envelope, never with hands: a sheet
    #: of A/B(/C/D) slips for every student (strookjes)
    student_card_template = "scenario_vote.html.j2"
    #: Story-vote slips on one A4 sheet (two by four).
    VOTE_SLIPS = 8
    content: ScenarioContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        teacher = self.teacher
        self.history: list[str] = []
        #: the choice index picked at each node in ``history`` (for the breadcrumb letters)
        self.picks: list[int] = []
        self.current = c.start
        head = self.title_html()
        head += (f"<p class='kv-character'><strong>{esc(self.t('main_character'))}:</strong> "
                 f"{esc(character_line(c.character))}</p>")
        self.header = W.HTML(head)
        self.step = W.HTML("")
        self.text = W.HTML("")
        self.text.add_class("kv-scenario-text")
        self.choice_box = W.VBox([])
        self.choice_buttons: list[W.Button] = []
        self.end = W.HTML("")
        self.note = W.HTML("")
        self.back_button = W.Button(description=self.t("back"), tooltip=self.t("back"), icon="arrow-left")
        self.restart_button = W.Button(description=self.t("restart"), tooltip=self.t("restart"), icon="refresh")
        self.back_button.on_click(lambda _b: self.back())
        self.restart_button.on_click(lambda _b: self.restart())
        self._render()
        rows: list[W.Widget] = [self.header, self.step, self.text, self.choice_box, self.end,
                                W.HBox([self.back_button, self.restart_button])]
        if teacher:
            rows.append(self.note)
        return rows

    # ---------------------------------------------------------------- walking the story
    @property
    def at_ending(self) -> bool:
        return self.content.node(self.current).ending

    def choose(self, index: int) -> None:
        """Take choice ``index`` (0 = A) of the current node."""
        node = self.content.node(self.current)
        if not 0 <= index < len(node.choices):
            raise IndexError(f"node {node.id!r} has {len(node.choices)} choices; "
                             f"there is no choice {index}")
        self.history.append(self.current)
        self.picks.append(index)
        self.current = node.choices[index].next
        self._render()

    def back(self) -> None:
        """One step back (nothing happens at the start)."""
        if self.history:
            self.current = self.history.pop()
            self.picks.pop()
            self._render()

    def restart(self) -> None:
        self.history.clear()
        self.picks.clear()
        self.current = self.content.start
        self._render()

    def _render(self) -> None:
        node = self.content.node(self.current)
        crumb = self.t("step", n=len(self.history) + 1)
        if self.picks:
            crumb += " · " + " → ".join(LETTERS[i] for i in self.picks)
        self.step.value = f"<p class='kv-private kv-breadcrumb'>{esc(crumb)}</p>"
        self.text.value = "".join(f"<p>{esc(par)}</p>" for par in paragraphs(node.text))
        for b in self.choice_buttons:
            b.close()
        self.choice_buttons = []
        for i, ch in enumerate(node.choices):
            label = f"{LETTERS[i]}: {ch.label}"
            b = W.Button(description=label, tooltip=label, layout=W.Layout(width="auto"))
            b.on_click(lambda _b, i=i: self.choose(i))
            self.choice_buttons.append(b)
        self.choice_box.children = self.choice_buttons
        self.end.value = (f"<div role='status'><p class='kv-ending'>■ {esc(self.t('the_end'))}</p>"
                          f"<p>{esc(self.t('restart_hint'))}</p></div>" if node.ending else "")
        self.restart_button.button_style = "primary" if node.ending else ""
        self.back_button.disabled = not self.history
        # teacher notes never reach a student's widget state, not even in a hidden widget: a
        # student's content has none (projected in ContentWidget.__init__)
        self.note.value = (f"<div class='kv-teacher-note'><strong>{esc(self.t('teacher_only'))}:</strong> "
                           f"{esc(node.teacher_note)}</div>"
                           if node.teacher_note else "")

    # ---------------------------------------------------------------- print forms
    @classmethod
    def print_context(cls, content: ScenarioContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        """Gamebook sections in number order. Teacher notes are ``None`` for a student (projected);
        the list of endings is the teacher edition's layout."""
        teacher = edition == "teacher"
        nums = numbering(content)
        sections = []
        for node_id, n in sorted(nums.items(), key=lambda kv: kv[1]):
            node = content.node(node_id)
            sec: dict[str, Any] = {
                "number": n, "paragraphs": paragraphs(node.text), "ending": node.ending,
                "choices": [{"letter": LETTERS[i], "label": ch.label, "goto": nums[ch.next]}
                            for i, ch in enumerate(node.choices)],
                # groups never make this choice: their cards show only the teacher's route
                "teacher_picks": [{"label": ch.label, "goto": nums[ch.next]}
                                  for ch in node.choices if ch.next == node.teacher_picks],
                "note": node.teacher_note}
            sections.append(sec)
        ctx: dict[str, Any] = {"title": content.title, "intro": content.intro,
                               "character": content.character.name,
                               "character_line": character_line(content.character),
                               "sections": sections, "slips": cls.VOTE_SLIPS,
                               # no vote slip when the teacher picks every choice
                               "votes": cls.votes(content),
                               # the story-vote slip offers the letters of the class-vote part
                               # (else as many as the widest choice has)
                               "letters": LETTERS[:vote_letters(content)]}
        if teacher:
            ctx["endings"] = [s["number"] for s in sections if s["ending"]]
        return ctx

    @classmethod
    def votes(cls, content: ScenarioContent) -> bool:
        """Whether the class votes anywhere in the story: a part with a choice the teacher
        does not pick. A story whose every choice the teacher picks prints no vote slip."""
        return any(len(n.choices) > 1 and n.teacher_picks is None for n in content.nodes)

    @classmethod
    def paper_sheets(cls, content: ScenarioContent, **kwargs: Any) -> list[dict[str, Any]]:
        sheets = [{"pdf": "knipkaarten", "kind": "story", "title": content.title, "who": "group",
                   "per_sheet": 0, "envelope": False}]
        if cls.votes(content):
            sheets.append({"pdf": "strookjes", "kind": "storyvote", "title": content.title,
                           "who": "student", "per_sheet": cls.VOTE_SLIPS, "envelope": True})
        return sheets
