"""PromptCards: discussion prompts one at a time, big, with optional think-pair-share timing."""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import PagedWidget, esc
from .i18n import t
from .icons import icon_html
from .models.activities import Prompt, PromptCardsContent
from .timer import Timer, duration_text

#: Think-pair-share phases, in order.
PHASES = ("think", "pair", "share")
#: Writing lines under each prompt on the student worksheet: room for a few words to take into
#: the talk (think-pair-share); the reflection at the end has its own line counts.
WRITING_LINES = 2


class PromptCards(PagedWidget):
    """``PromptCards.load("gesprek.yaml")``; the teacher's view (runtime settings) shows hints.

    With ``think_pair_share`` in the content, buttons Denken / Bespreken in tweetallen /
    Delen met de klas each start a :class:`~widgets.timer.Timer` for that phase.
    """

    kind = "prompts"
    print_template = "prompts.html.j2"
    card_template = "prompts_cards.html.j2"
    content: PromptCardsContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        teacher = self.teacher
        self.index = 0
        self.phase: str | None = None
        self.header = W.HTML(self.title_html())
        self.counter = W.HTML("")
        self.card = W.HTML("")
        self.card.add_class("kv-prompt-card")
        # teacher-only: a student's content has no hint (projected), so this stays empty for them
        self.hint = W.HTML("")
        nav = self._nav()
        rows: list[W.Widget] = [self.header, self.counter, self.card,
                                nav]
        if teacher:
            rows.append(self.hint)
        self.timer_area = W.VBox([], layout=W.Layout(display="none"))
        self.phase_buttons: dict[str, W.Button] = {}
        if c.think_pair_share:
            # one timer for every phase, on screen (hidden) from the start: its browser clock
            # is then rendered before the first phase starts it (see Timer.start)
            self.timer_area.children = [Timer(seconds=c.think_pair_share.think,
                                              label=self.t("think"), lang=self.lang)]
            for phase in PHASES:
                b = W.Button(description=self.t(phase), tooltip=self.t(phase), icon="clock-o",
                             layout=W.Layout(width="auto"))
                b.on_click(lambda _b, p=phase: self.start_phase(p))
                self.phase_buttons[phase] = b
            rows += [W.Box(list(self.phase_buttons.values()),
                           layout=W.Layout(flex_flow="row wrap", grid_gap="0.5em")),
                     self.timer_area]
        self._render()
        return rows

    @property
    def current(self) -> Prompt:
        return self.content.prompts[self.index]

    @property
    def timer(self) -> Any:
        """The :class:`~widgets.timer.Timer` of the current phase (``None`` before the first)."""
        return self.timer_area.children[0] if self.phase and self.timer_area.children else None

    def _page_count(self) -> int:
        return len(self.content.prompts)

    def start_phase(self, phase: str) -> None:
        """Start the countdown of a think-pair-share phase (replacing any running one)."""
        tps = self.content.think_pair_share
        if tps is None or phase not in PHASES:
            raise ValueError(f"no think-pair-share phase {phase!r} here")
        self.phase = phase
        self.timer_area.layout.display = "flex"
        for p, b in self.phase_buttons.items():  # the active phase: a sign and bold, not colour only
            b.description = ("▶ " if p == phase else "") + self.t(p)
            b.button_style = "info" if p == phase else ""
        self.timer.restart(getattr(tps, phase), label=self.t(phase))

    def _close_timer(self) -> None:
        for w in self.timer_area.children:
            w.close()
        self.timer_area.children = []

    def close(self) -> None:
        if hasattr(self, "timer_area"):
            self._close_timer()
        super().close()

    def _render(self) -> None:
        p, n = self.current, len(self.content.prompts)
        self.counter.value = f"<p class='kv-private'>{esc(self.t('card_n', n=self.index + 1, total=n))}</p>"
        pict = f"<div class='kv-card-pict'>{icon_html(p.icon, '3em')}</div>" if p.icon else ""
        self.card.value = f"{pict}<p class='kv-big'>{esc(p.text)}</p>"
        self._update_nav()
        # a student's content has no hints (projected in ContentWidget.__init__)
        self.hint.value = (f"<div class='kv-teacher-note'><strong>{esc(self.t('hint'))}:</strong> "
                           f"{esc(p.hint)}</div>" if p.hint else "")

    # ---------------------------------------------------------------- print
    @classmethod
    def print_context(cls, content: PromptCardsContent, edition: str, lang: str | None = None,
                      variant: str | None = None, **kwargs: Any) -> dict[str, Any]:
        tps = content.think_pair_share
        phases = ([{"label": t(p, lang, variant), "duration": duration_text(getattr(tps, p), lang)} for p in PHASES]
                  if tps else [])
        return {"title": content.title, "intro": content.intro, "phases": phases,
                "lines": WRITING_LINES,
                "prompts": [{"text": p.text, "hint": p.hint,
                             "icon": icon_html(p.icon, "1.8em") if p.icon else ""}
                            for p in content.prompts]}

    @classmethod
    def paper_sheets(cls, content: PromptCardsContent, **kwargs: Any) -> list[dict[str, Any]]:
        ids = [p.id for p in content.prompts]
        return [{"pdf": "knipkaarten", "kind": "prompts", "title": content.title, "who": "pair",
                 "per_sheet": 0, "envelope": False, "cards": len(content.prompts),
                 # card numbers (1-based) the pairs get, when the plan hands out only some
                 "pair_cards": ([ids.index(c) + 1 for c in content.pair_cards]
                                if content.pair_cards else None)}]
