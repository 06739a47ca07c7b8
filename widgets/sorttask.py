"""SortTask: place items in categories, then check with an explanation per item.

On screen every item gets a row of toggle buttons (one per category, with a visible label) and
"Controleer" shows per item ✓/✗ with the word Goed/Niet goed and the explanation, plus a total.
On paper it is a table with a tick box per category; the teacher edition adds the key.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .icons import icon_html
from .quiz import score_html
from .models.activities import SortTaskContent


def legend_html(content: SortTaskContent) -> str:
    """The categories with their pictures, one per line (screen and paper)."""
    rows = "".join(f"<li>{icon_html(cat.icon) if cat.icon else ''} <span>{esc(cat.label)}</span></li>"
                   for cat in content.categories)
    return f"<ul class='kv-legend'>{rows}</ul>"


class SortTask(ContentWidget):
    """``SortTask.load("sorteer.yaml")``: one row per item with a choice of category.

    From code: :meth:`choose` an item's category, :meth:`check`, read :attr:`results`
    (item id -> ``True`` right, ``False`` wrong, ``None`` no choice made), :meth:`reset`.
    """

    kind = "sort"
    print_template = "sorttask.html.j2"
    content: SortTaskContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        head = self.title_html()
        if any(cat.icon for cat in c.categories):  # the easy-read traffic light: a legend
            head += legend_html(c)
        self.header = W.HTML(head)
        options = [(cat.label, cat.id) for cat in c.categories]
        self.choices: dict[str, W.ToggleButtons] = {}
        self.feedback: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for n, item in enumerate(c.items, 1):
            text = W.HTML(f"<p><strong>{n}.</strong> {esc(item.text)}</p>")
            # A visible label that names the item number; ipywidgets uses it as the accessible name.
            choice = W.ToggleButtons(options=options, value=None,
                                     description=self.t("sort_choice", n=n),
                                     tooltips=[lab for lab, _ in options],
                                     style={"button_width": "auto", "description_width": "initial"})
            fb = W.HTML("")
            fb.add_class("kv-feedback-area")
            self.choices[item.id], self.feedback[item.id] = choice, fb
            row = W.VBox([text, choice, fb])
            row.add_class("kv-question")
            rows.append(row)
        self.check_button = W.Button(description=self.t("check"), tooltip=self.t("check"), icon="check")
        self.check_button.on_click(lambda _b: self.check())
        self.retry_button = W.Button(description=self.t("retry"), tooltip=self.t("retry"), icon="refresh")
        self.retry_button.on_click(lambda _b: self.reset())
        self.score = W.HTML("")
        self.results: dict[str, bool | None] = {}
        self.checked = False
        return [self.header, *rows, W.HBox([self.check_button, self.retry_button]), self.score]

    # ---------------------------------------------------------------- answering
    def choose(self, item_id: str, category_id: str | None) -> None:
        """Put item ``item_id`` in category ``category_id`` (``None`` clears the choice)."""
        if item_id not in self.choices:
            raise KeyError(f"unknown item {item_id!r}; use one of {list(self.choices)}")
        if category_id is not None and category_id not in {c.id for c in self.content.categories}:
            raise ValueError(f"unknown category {category_id!r}; use one of "
                             f"{[c.id for c in self.content.categories]}")
        if self.checked:
            raise RuntimeError("the answers are checked; call reset() (Opnieuw) before choosing again")
        self.choices[item_id].value = category_id

    @property
    def points(self) -> int:
        return sum(1 for ok in self.results.values() if ok)

    def check(self) -> dict[str, bool | None]:
        """Show per item ✓/✗, Goed/Niet goed and the explanation, and the total.

        Returns item id -> ``True`` (right), ``False`` (wrong) or ``None`` (nothing chosen).
        The choices are locked until :meth:`reset`.
        """
        labels = {cat.id: cat.label for cat in self.content.categories}
        self.results = {}
        for item in self.content.items:
            chosen = self.choices[item.id].value
            ok = None if chosen is None else chosen == item.category
            self.results[item.id] = ok
            if ok:
                state, sign, word, extra = "ok", "✓", self.t("correct"), ""
            else:
                state, sign = "no", "✗"
                word = self.t("incorrect") if chosen is not None else self.t("not_chosen")
                extra = (f"<p>{esc(self.t('your_choice', choice=labels[chosen]))}</p>" if chosen is not None
                         else "")
                extra += f"<p><strong>{esc(self.t('answer'))}:</strong> {esc(labels[item.category])}</p>"
            self.feedback[item.id].value = (
                f"<div class='kv-feedback kv-fb-{state}' role='status'><span class='kv-{state}'>"
                f"{sign} {esc(word)}</span>{extra}"
                f"<p><strong>{esc(self.t('explanation'))}:</strong> {esc(item.explanation)}</p></div>")
            self.choices[item.id].disabled = True
        self.checked = True
        self.check_button.disabled = True
        total = len(self.content.items)
        self.score.value = score_html(self, self.points, total, "sort_score")
        return self.results

    def reset(self) -> None:
        """Clear all choices and feedback ("Opnieuw")."""
        for item in self.content.items:
            self.choices[item.id].disabled = False
            self.choices[item.id].value = None
            self.feedback[item.id].value = ""
        self.check_button.disabled = False
        self.checked = False
        self.score.value = ""
        self.results = {}

    # ---------------------------------------------------------------- print form
    @classmethod
    def print_context(cls, content: SortTaskContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        """Table rows; the right category and the explanation are answers: on a student's paper
        they are ``None`` (projected), so the key is printed in the teacher edition only."""
        labels = {c.id: c.label for c in content.categories}
        items = [{"text": it.text, "category": it.category, "category_label": labels.get(it.category),
                  "explanation": it.explanation} for it in content.items]
        return {"title": content.title, "intro": content.intro,
                "categories": [{"id": c.id, "label": c.label,
                                "icon": icon_html(c.icon, "1.6em") if c.icon else ""}
                               for c in content.categories],
                "items": items}
