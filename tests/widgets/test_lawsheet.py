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


def test_teacher_sees_the_teacher_notes_under_their_answer() -> None:
    """Lawyer review 4, M1: on screen as on paper, the guidance for the teacher."""
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    noted = [fid for q in facts.sheet.questions for fid in q.teacher_notes]
    assert noted
    with viewing("teacher"):
        w = LawSheet(facts)
    try:
        text = _text(w)
        assert text.count("Voor de docent:") == len(noted)
    finally:
        w.close()


def test_a_teacher_note_must_be_one_of_the_answers_facts() -> None:
    import pytest
    from pydantic import ValidationError

    from widgets.models.facts import LawQuestion

    with pytest.raises(ValidationError, match="not one of this question's facts"):
        LawQuestion(question="Wat nu?", facts=["foto-ontvangen"], teacher_notes=["zelf-doorgestuurd"])
