"""PromptCards: discussion prompts one at a time, big, with optional think-pair-share timing."""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc, teacher_view
from .i18n import t
from .schema import PromptCardsContent


class PromptCards(ContentWidget):
    """``PromptCards.load("gesprek.yaml")``; ``teacher=True`` shows the teacher's hints."""

    kind = "prompts"
    print_template = "prompts.html.j2"
    card_template = "prompts_cards.html.j2"
    content: PromptCardsContent

    def _build(self, teacher: bool | None = None, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        self.teacher = teacher = teacher_view() if teacher is None else teacher
        self.index = 0
        head = self.title_html()
        self.header = W.HTML(head)
        self.counter = W.HTML("")
        self.card = W.HTML("")
        self.card.add_class("kv-prompt-card")
        self.hint = W.HTML("")
        self.prev_button = W.Button(description=t("previous"), tooltip=t("previous"), icon="arrow-left")
        self.next_button = W.Button(description=t("next"), tooltip=t("next"), icon="arrow-right")
        self.prev_button.on_click(lambda _b: self.go(-1))
        self.next_button.on_click(lambda _b: self.go(1))
        rows: list[W.Widget] = [self.header, self.counter, self.card,
                                W.HBox([self.prev_button, self.next_button])]
        self.timer_area = W.VBox([])
        self.phase_buttons: dict[str, W.Button] = {}
        if c.think_pair_share:
            for phase in ("think", "pair", "share"):
                b = W.Button(description=t(phase), tooltip=t(phase))
                b.on_click(lambda _b, p=phase: self.start_phase(p))
                self.phase_buttons[phase] = b
            rows += [W.HBox(list(self.phase_buttons.values())), self.timer_area]
        if teacher:
            rows.append(self.hint)
        self._render()
        return rows

    def go(self, step: int) -> None:
        self.index = max(0, min(len(self.content.prompts) - 1, self.index + step))
        self._render()

    def start_phase(self, phase: str) -> None:
        from .timer import Timer

        tps = self.content.think_pair_share
        assert tps is not None
        for w in self.timer_area.children:
            w.close()
        timer = Timer(seconds=getattr(tps, phase), label=t(phase))
        self.timer_area.children = [timer]
        timer.start()

    def _render(self) -> None:
        p, n = self.content.prompts[self.index], len(self.content.prompts)
        self.counter.value = f"<p class='kv-private'>{esc(t('card_n', n=self.index + 1, total=n))}</p>"
        self.card.value = f"<p class='kv-big'>{esc(p.text)}</p>"
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index == n - 1
        self.hint.value = (f"<div class='kv-teacher-note'><strong>{esc(t('hint'))}:</strong> "
                           f"{esc(p.hint)}</div>" if p.hint else "")

    @classmethod
    def print_context(cls, content: PromptCardsContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        teacher = edition == "teacher"
        return {"title": content.title, "intro": content.intro,
                "prompts": [{"text": p.text, **({"hint": p.hint} if teacher else {})}
                            for p in content.prompts]}
