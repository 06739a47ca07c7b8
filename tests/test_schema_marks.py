"""The teacher/student split is declared once, on the schema fields; everything derives from it."""
from __future__ import annotations

from typing import Annotated, Literal

from widgets.schema import (ANSWER, TEACHER, Model, Text, field_marks, iter_text, load_content,
                            project)
from tests.conftest import LESSONS


class Fresh(Model):
    """A content model with a teacher field nobody has listed anywhere."""

    kind: Literal["fresh"]
    title: Text
    rationale: Annotated[Text | None, TEACHER] = None
    answer: Annotated[Text | None, ANSWER] = None


def test_a_new_teacher_field_is_stripped_and_found_by_the_walk_without_a_list() -> None:
    c = Fresh(kind="fresh", title="Zelftoets", rationale="Alleen voor de docent: waarom dit zo is.",
              answer="Het goede antwoord.")
    marks = {i.field: i.mark for i in iter_text(c)}
    assert marks == {"kind": None, "title": None, "rationale": "teacher", "answer": "answer"}
    student = project(c, "student")
    assert student.rationale is None and student.answer == "Het goede antwoord."
    assert project(c, "teacher") == c


def test_known_teacher_fields_carry_the_mark() -> None:
    from widgets.schema import LessonContent, Prompt, ScenarioNode, Statement

    for model, name in ((Statement, "hint"), (Prompt, "hint"), (ScenarioNode, "teacher_note"),
                        (LessonContent, "plan"), (LessonContent, "sources")):
        assert "teacher" in field_marks(model, name), f"{model.__name__}.{name}"


def test_marks_are_inherited_inside_a_marked_field() -> None:
    les = load_content(LESSONS / "01-wat-is-uitbuiting" / "les.yaml")
    notes = [i for i in iter_text(les) if i.field.startswith("plan[")]
    assert notes and all(i.mark == "teacher" for i in notes)
    assert project(les, "student").plan == [] and project(les, "student").sources == []
