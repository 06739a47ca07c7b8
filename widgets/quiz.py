"""Quiz: single choice, multiple choice and waar/niet waar, with feedback per option."""
from __future__ import annotations

from typing import Any, Callable

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t
from .models.activities import QuizContent, QuizQuestion


class QuestionView(W.VBox):
    """One question: option buttons (or checkboxes) and a feedback area."""

    def __init__(self, q: QuizQuestion, number: int, on_answer: Callable[[], None], lang: str):
        super().__init__()
        self.lang = lang
        self.q = q
        self.number = number
        self._on_answer = on_answer
        self.add_class("kv-question")
        self.answered = False
        self.correct = False
        kind_hint = self.t("pick_many") if q.type == "multiple" else self.t("pick_one")
        self.prompt = W.HTML(f"<p><strong>{esc(self.t('question', n=number))}.</strong> {esc(q.text)}"
                             f"<br><span class='kv-private'>{esc(kind_hint)}</span></p>")
        self.feedback = W.HTML("")
        self.feedback.add_class("kv-feedback-area")
        self.option_buttons: list[W.Button] = []
        self.checkboxes: list[W.Checkbox] = []
        self.check_button: W.Button | None = None
        if q.type == "multiple":
            self.checkboxes = [W.Checkbox(value=False, description=o.text, indent=False,
                                          layout=W.Layout(width="auto"))
                               for o in q.options]
            self.check_button = W.Button(description=self.t("check"), tooltip=self.t("check"))
            self.check_button.on_click(lambda _b: self.check_multiple())
            controls: list[W.Widget] = [*self.checkboxes, self.check_button]
        else:
            for i, o in enumerate(q.options):
                b = W.Button(description=o.text, tooltip=o.text, layout=W.Layout(width="auto"))
                b.on_click(lambda _b, i=i: self.choose(i))
                self.option_buttons.append(b)
            box = W.Box(self.option_buttons, layout=W.Layout(flex_flow="row wrap", grid_gap="0.5em"))
            box.add_class("kv-choices")  # equal columns: a chosen "✓ …" button pushes no other
            controls = [box]
        self.children = [self.prompt, *controls, self.feedback]

    def t(self, key: str, **kw: object) -> str:
        return t(key, self.lang, **kw)

    # ---------------------------------------------------------------- answering
    def choose(self, index: int) -> None:
        """Pick option ``index`` of a single-choice or waar/niet waar question."""
        if self.answered:
            return
        opt = self.q.options[index]
        self.answered, self.correct = True, opt.correct
        for i, b in enumerate(self.option_buttons):
            b.disabled = True
            if i == index:
                b.description = ("✓ " if opt.correct else "✗ ") + self.q.options[i].text
                b.button_style = "success" if opt.correct else "danger"
        self._show(opt.correct, "ok" if opt.correct else "no", [opt.feedback])
        self._on_answer()

    def check_multiple(self) -> None:
        """Check the ticked boxes of a multiple-choice question."""
        if self.answered:
            return
        chosen = {i for i, c in enumerate(self.checkboxes) if c.value}
        right = {i for i, o in enumerate(self.q.options) if o.correct}
        self.answered, self.correct = True, chosen == right
        for c in self.checkboxes:
            c.disabled = True
        if self.check_button is not None:
            self.check_button.disabled = True
        state = "ok" if self.correct else ("partly" if chosen & right else "no")
        msgs = [self.q.options[i].feedback for i in sorted(chosen)]
        missed = right - chosen
        if missed:
            msgs.append(self.t("answer") + ": " + "; ".join(self.q.options[i].text for i in sorted(missed)))
        self._show(self.correct, state, msgs)
        self._on_answer()

    def _show(self, ok: bool, state: str, messages: list[str]) -> None:
        word = {"ok": self.t("correct"), "no": self.t("incorrect"), "partly": self.t("partly")}[state]
        sign = {"ok": "✓", "no": "✗", "partly": "~"}[state]
        parts = "".join(f"<p>{esc(m)}</p>" for m in messages)
        if self.q.explanation:
            parts += f"<p><strong>{esc(self.t('explanation'))}:</strong> {esc(self.q.explanation)}</p>"
        self.feedback.value = (f"<div class='kv-feedback kv-fb-{state}' role='status'>"
                               f"<span class='kv-{'ok' if ok else 'no'}'>{sign} {esc(word)}</span>"
                               f"{parts}</div>")

    def reset(self) -> None:
        self.answered = self.correct = False
        for b, o in zip(self.option_buttons, self.q.options):
            b.disabled, b.description, b.button_style = False, o.text, ""
        for c in self.checkboxes:
            c.disabled, c.value = False, False
        if self.check_button is not None:
            self.check_button.disabled = False
        self.feedback.value = ""


def score_html(widget: ContentWidget, points: int, total: int, key: str) -> str:
    """The score line: for a student with the note that only they see it; on the projector (a
    class answers together) in class words, without that note."""
    if widget.projector:
        return f"<p class='kv-score' role='status'>{esc(widget.t('score_class', score=points, total=total))}</p>"
    return (f"<p class='kv-score' role='status'>{esc(widget.t(key, score=points, total=total))}"
            f"<br><span class='kv-private'>{esc(widget.t('score_private'))}</span></p>")


class Quiz(ContentWidget):
    """A quiz from a ``kind: quiz`` file: ``Quiz.load("mythes.yaml")``.

    The score is shown to the student only; it is kept in this widget and nowhere else.
    """

    kind = "quiz"
    print_template = "quiz.html.j2"
    content: QuizContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        head = self.title_html()
        self.header = W.HTML(head)
        self.questions = [QuestionView(q, n, self._update, self.lang) for n, q in enumerate(c.questions, 1)]
        self.score = W.HTML("")
        self.retry_button = W.Button(description=self.t("retry"), tooltip=self.t("retry"), icon="refresh")
        self.retry_button.on_click(lambda _b: self.retry())
        return [self.header, *self.questions, self.score, self.retry_button]

    @property
    def points(self) -> int:
        return sum(q.correct for q in self.questions)

    def _update(self) -> None:
        if any(q.answered for q in self.questions):
            self.score.value = score_html(self, self.points, len(self.questions), "score")

    def retry(self) -> None:
        for q in self.questions:
            q.reset()
        self.score.value = ""

    @classmethod
    def print_context(cls, content: QuizContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        # a student's paper: ``correct`` is False, ``feedback`` and ``explanation`` None (projected)
        questions = [{"text": q.text, "type": q.type, "explanation": q.explanation,
                      "options": [{"text": o.text, "correct": o.correct, "feedback": o.feedback}
                                  for o in q.options]}
                     for q in content.questions]
        return {"title": content.title, "intro": content.intro, "questions": questions}
