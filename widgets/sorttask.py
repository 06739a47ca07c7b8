"""SortTask: place items in categories, then check with an explanation per item."""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t
from .schema import SortTaskContent


class SortTask(ContentWidget):
    """``SortTask.load("sorteer.yaml")``: one row per item with a choice of category."""

    kind = "sort"
    print_template = "sorttask.html.j2"
    content: SortTaskContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        head = f"<h3>{esc(c.title)}</h3>"
        if c.intro:
            head += f"<p class='kv-intro'>{esc(c.intro)}</p>"
        self.header = W.HTML(head)
        options = [(cat.label, cat.id) for cat in c.categories]
        self.choices: dict[str, W.ToggleButtons] = {}
        self.feedback: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for n, item in enumerate(c.items, 1):
            text = W.HTML(f"<p><strong>{n}.</strong> {esc(item.text)}</p>")
            choice = W.ToggleButtons(options=options, value=None, description="",
                                     tooltips=[f"{item.text[:60]}: {lab}" for lab, _ in options],
                                     style={"button_width": "auto"})
            fb = W.HTML("")
            fb.add_class("kv-feedback-area")
            self.choices[item.id], self.feedback[item.id] = choice, fb
            row = W.VBox([text, choice, fb])
            row.add_class("kv-question")
            rows.append(row)
        self.check_button = W.Button(description=t("check"), tooltip=t("check"), icon="check")
        self.check_button.on_click(lambda _b: self.check())
        self.retry_button = W.Button(description=t("retry"), tooltip=t("retry"), icon="refresh")
        self.retry_button.on_click(lambda _b: self.reset())
        self.score = W.HTML("")
        self.results: dict[str, bool] = {}
        return [self.header, *rows, W.HBox([self.check_button, self.retry_button]), self.score]

    def choose(self, item_id: str, category_id: str) -> None:
        self.choices[item_id].value = category_id

    def check(self) -> dict[str, bool]:
        """Show per item ✓/✗, Goed/Niet goed and the explanation; return item id -> right."""
        labels = {cat.id: cat.label for cat in self.content.categories}
        self.results = {}
        for item in self.content.items:
            chosen = self.choices[item.id].value
            if chosen is None:
                self.feedback[item.id].value = ""
                continue
            ok = chosen == item.category
            self.results[item.id] = ok
            word = t("correct") if ok else t("incorrect")
            state = "ok" if ok else "no"
            answer = "" if ok else f"<p>{esc(t('answer'))}: {esc(labels[item.category])}</p>"
            self.feedback[item.id].value = (
                f"<div class='kv-feedback kv-fb-{state}' role='status'><span class='kv-{state}'>"
                f"{'✓' if ok else '✗'} {esc(word)}</span>{answer}<p>{esc(item.explanation)}</p></div>")
        right = sum(self.results.values())
        self.score.value = (f"<p class='kv-score'>{esc(t('score', score=right, total=len(self.content.items)))}"
                            f"<br><span class='kv-private'>{esc(t('score_private'))}</span></p>")
        return self.results

    def reset(self) -> None:
        for item in self.content.items:
            self.choices[item.id].value = None
            self.feedback[item.id].value = ""
        self.score.value = ""
        self.results = {}

    @classmethod
    def print_context(cls, content: SortTaskContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        teacher = edition == "teacher"
        items = []
        for it in content.items:
            d: dict[str, Any] = {"text": it.text}
            if teacher:
                d["category"] = it.category
                d["explanation"] = it.explanation
            items.append(d)
        return {"title": content.title, "intro": content.intro,
                "categories": [{"id": c.id, "label": c.label} for c in content.categories],
                "items": items}

    @classmethod
    def render_print(cls, content: Any, edition: str, **kwargs: Any) -> str:
        return "" if edition == "cards" else super().render_print(content, edition, **kwargs)
