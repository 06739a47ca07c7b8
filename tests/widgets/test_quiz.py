from pathlib import Path

import pytest

from widgets import ErrorBox, Quiz, set_language
from widgets.contentio import ContentError
from widgets.schema import parse_content

QUIZ = """
kind: quiz
title: Proef
questions:
  - id: tf
    type: true_false
    text: Jongens kunnen ook slachtoffer worden.
    options:
      - text: Waar
        correct: true
        feedback: Klopt, ook jongens.
      - text: Niet waar
        feedback: Nee, ook jongens worden slachtoffer.
    explanation: Het is nooit de schuld van het slachtoffer.
  - id: multi
    type: multiple
    text: Wat doe je bij chantage?
    options:
      - text: Stoppen met contact
        correct: true
        feedback: Goed, stop het contact.
      - text: Betalen
        feedback: Niet betalen, dan stopt het meestal niet.
      - text: Bewijs bewaren
        correct: true
        feedback: Goed, maak screenshots.
"""


@pytest.fixture
def quiz(tmp_path: Path) -> Quiz:
    f = tmp_path / "q.yaml"
    f.write_text(QUIZ, "utf-8")
    q = Quiz.load(f)
    assert isinstance(q, Quiz)
    return q


def test_clicking_an_option_shows_its_feedback(quiz: Quiz) -> None:
    q = quiz.questions[0]
    q.option_buttons[1].click()
    assert "Nee, ook jongens worden slachtoffer." in q.feedback.value
    assert "Niet goed" in q.feedback.value and "✗" in q.feedback.value
    assert "nooit de schuld" in q.feedback.value  # explanation shown after answering
    assert q.option_buttons[1].description.startswith("✗")  # not colour only
    assert all(b.disabled for b in q.option_buttons)
    assert "0 van 2" in quiz.score.value


def test_right_option_counts_and_retry_resets(quiz: Quiz) -> None:
    quiz.questions[0].option_buttons[0].click()
    assert "Klopt, ook jongens." in quiz.questions[0].feedback.value
    assert "✓ Goed" in quiz.questions[0].feedback.value
    assert "1 van 2" in quiz.score.value
    quiz.retry_button.click()
    assert quiz.questions[0].feedback.value == ""
    assert quiz.score.value == ""
    assert not any(b.disabled for b in quiz.questions[0].option_buttons)


def test_multiple_choice_partly_and_fully_right(quiz: Quiz) -> None:
    q = quiz.questions[1]
    q.checkboxes[0].value = True
    q.check_button.click()
    assert "Bijna" in q.feedback.value and "Bewijs bewaren" in q.feedback.value
    assert not q.correct
    quiz.retry()
    q.checkboxes[0].value = True
    q.checkboxes[2].value = True
    q.check_button.click()
    assert q.correct and "✓ Goed" in q.feedback.value
    assert "Goed, maak screenshots." in q.feedback.value


def test_english_ui(tmp_path: Path) -> None:
    set_language("en")
    f = tmp_path / "q.yaml"
    f.write_text(QUIZ, "utf-8")
    q = Quiz.load(f)
    q.questions[0].option_buttons[0].click()
    assert "Correct" in q.questions[0].feedback.value
    assert q.retry_button.description == "Try again"


def test_text_is_escaped(tmp_path: Path) -> None:
    f = tmp_path / "q.yaml"
    f.write_text(QUIZ.replace("title: Proef", "title: \"<script>alert(1)</script>\""), "utf-8")
    q = Quiz.load(f)
    assert "<script>" not in q.header.value and "&lt;script&gt;" in q.header.value


def test_bad_file_gives_error_box(tmp_path: Path) -> None:
    f = tmp_path / "q.yaml"
    f.write_text(QUIZ.replace("        correct: true\n        feedback: Klopt", "        feedback: Klopt"), "utf-8")
    box = Quiz.load(f)
    assert isinstance(box, ErrorBox)
    assert "exactly one option" in box.message.value
    assert "Traceback" not in box.message.value


def test_schema_rejects_two_correct_on_single() -> None:
    bad = QUIZ.replace("        feedback: Nee, ook", "        correct: true\n        feedback: Nee, ook")
    with pytest.raises(ContentError) as e:
        parse_content(bad, "q.yaml")
    (p,) = e.value.problems
    assert p.path == "q.yaml" and p.field == "questions[0].options" and "exactly one" in p.message


def test_student_print_form_has_no_answers(quiz: Quiz) -> None:
    student = Quiz.render_print(quiz.content, "student")
    teacher = Quiz.render_print(quiz.content, "teacher")
    for secret in ("Klopt, ook jongens.", "nooit de schuld", "☒", "(Goed)"):
        assert secret not in student.replace("&#x2612;", "☒")
    assert "&#x2612;" in teacher and "nooit de schuld" in teacher and "Klopt, ook jongens." in teacher
    ctx = Quiz.print_data(quiz.content, "student")  # what the student's print form gets
    assert not any(o["correct"] or o["feedback"] for q in ctx["questions"] for o in q["options"])
    assert not any(q["explanation"] for q in ctx["questions"]) and "Klopt" not in str(ctx)
