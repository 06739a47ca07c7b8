"""LawSheet on screen: the teacher sees "Wat zegt de wet?" from the facts registry; a student
sees nothing, also when the registry is the full one."""
from __future__ import annotations

import os

from tests.conftest import LESSONS
from tests.widgets import viewing
from widgets.lawsheet import LawSheet
from widgets.schema import load_content


def _text(w: LawSheet) -> str:
    return " ".join(getattr(c, "value", "") for c in w.children)


def test_teacher_sees_every_question_with_article_and_date() -> None:
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    with viewing("teacher"):
        w = LawSheet(facts)
    try:
        text = _text(w)
        for q in facts.sheet.questions:
            assert q.question.replace("'", "&#x27;") in text
        assert "art. 252 Sr" in text and "gecontroleerd op 2026-12-07" in text
    finally:
        w.close()


def test_student_sees_nothing() -> None:
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    with viewing("student"):
        w = LawSheet(facts)
    try:
        assert facts.sheet.title not in _text(w) and "art." not in _text(w)
    finally:
        w.close()


def test_found_next_to_the_lessons_in_a_lesson_kernel() -> None:
    old = os.getcwd()
    os.chdir(next(LESSONS.glob("00-*")))
    try:
        with viewing("teacher"):
            w = LawSheet()
        assert "art. 252 Sr" in _text(w)
        w.close()
    finally:
        os.chdir(old)
