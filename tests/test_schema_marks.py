"""The teacher/student split is declared once, on the schema fields; everything derives from it."""
from __future__ import annotations

from typing import Annotated, Literal

from widgets.marks import ANSWER, TEACHER, field_marks, iter_text, project
from widgets.models.base import Model, Text
from widgets.schema import load_content
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
    from widgets.models.activities import Prompt, ScenarioNode, Statement
    from widgets.models.lesson import LessonContent

    for model, name in ((Statement, "hint"), (Prompt, "hint"), (ScenarioNode, "teacher_note"),
                        (LessonContent, "plan"), (LessonContent, "sources")):
        assert "teacher" in field_marks(model, name), f"{model.__name__}.{name}"


def test_marks_are_inherited_inside_a_marked_field() -> None:
    les = load_content(LESSONS / "01-wat-is-uitbuiting" / "les.yaml")
    notes = [i for i in iter_text(les) if i.field.startswith("plan[")]
    assert notes and all(i.mark == "teacher" for i in notes)
    assert project(les, "student").plan == [] and project(les, "student").sources == []


# ----------------------------------------------------------------------------- answers on paper
SECRET = "Geheim antwoord 4711"


def _samples() -> list[tuple[str, object, str, dict]]:
    """One content file per widget the lessons use: (widget, content, path, call arguments)."""
    from kijkverder.lessons import LessonSource
    from tests.conftest import lesson_notebooks

    seen: dict[str, tuple[str, object, str, dict]] = {}
    for nb in lesson_notebooks():
        source = LessonSource.open(nb)
        for u in source.uses:
            if u.content is not None and u.name not in seen:
                path = str(source.dir / u.path) if u.path else None
                seen[u.name] = (u.name, u.content, path, dict(u.kwargs))
    return list(seen.values())


def _with_new_answer_field(content):
    """``content`` as an instance of a subclass of its model with a new ANSWER-marked field
    holding :data:`SECRET`, and the same in the first item of its first list of models."""
    from pydantic import BaseModel, create_model

    def sub(model: BaseModel, value: str) -> BaseModel:
        cls = create_model(f"New{type(model).__name__}", __base__=type(model),
                           model_answer=(Annotated[Text | None, ANSWER], None))
        data = {name: getattr(model, name) for name in type(model).model_fields}
        return cls.model_construct(**data, model_answer=value)

    for name in type(content).model_fields:
        value = getattr(content, name)
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            content = content.model_copy(update={name: [sub(value[0], SECRET + " (in a list)"),
                                                        *value[1:]]})
            break
    return sub(content, SECRET)


def test_a_new_answer_field_is_absent_from_every_student_print_form(monkeypatch) -> None:
    """Issue 27: a field marked ANSWER that no widget knows never reaches a student's print form,
    at the top of a content file or inside a list, for every widget the lessons use; the teacher
    edition's form gets it. No widget lists the field: the projection does it."""
    import widgets
    from widgets.base import EDITIONS

    samples = _samples()
    assert {"Quiz", "SortTask", "Statements", "PromptCards", "Lesson"} <= {s[0] for s in samples}
    for name, content, path, kwargs in samples:
        cls = widgets.widget_class(name)
        seen: list[str] = []
        original = cls.print_context.__func__

        def spy(klass, content, edition, *a, _original=original, _seen=seen, **kw):
            _seen.append(repr(content) + repr(kw))
            return _original(klass, content, edition, *a, **kw)

        monkeypatch.setattr(cls, "print_context", classmethod(spy))
        marked = _with_new_answer_field(content)
        for edition in EDITIONS:
            seen.clear()
            html = cls.render_print(marked, edition, source_path=path, **kwargs)
            got = " ".join(seen)
            if edition == "teacher":
                assert SECRET in got and SECRET + " (in a list)" in got, name
            else:
                assert SECRET not in got + html, f"{name}: {edition} print form got the answer"
        monkeypatch.undo()


def test_a_printed_field_marked_answer_leaves_the_student_print_forms() -> None:
    """The print forms print what they are given: mark the intro (printed by every form that has
    one) ANSWER in a subclass, and it is on the teacher's paper only, with no widget changed."""
    from pydantic import create_model

    import widgets

    checked = []
    for name, content, path, kwargs in _samples():
        if "intro" not in type(content).model_fields:
            continue
        cls = widgets.widget_class(name)
        plain = content.model_copy(update={"intro": SECRET})
        if SECRET not in cls.render_print(plain, "student", source_path=path, **kwargs):
            continue  # this form does not print an intro
        marked_model = create_model(f"Marked{type(content).__name__}", __base__=type(content),
                                    intro=(Annotated[Text | None, ANSWER], None))
        marked = marked_model.model_construct(
            **{n: getattr(plain, n) for n in type(content).model_fields})
        assert SECRET not in cls.render_print(marked, "student", source_path=path, **kwargs), name
        assert SECRET in cls.render_print(marked, "teacher", source_path=path, **kwargs), name
        checked.append(name)
    assert {"Quiz", "SortTask", "Statements"} <= set(checked), checked


def test_answers_stay_on_a_students_screen_and_leave_a_students_paper() -> None:
    from widgets.marks import Reader, hidden_marks

    c = Fresh(kind="fresh", title="Zelftoets", rationale="Waarom.", answer="Het goede antwoord.")
    on_screen, on_paper = project(c, Reader("student", "screen")), project(c, Reader("student", "print"))
    assert on_screen.answer == "Het goede antwoord." and on_screen.rationale is None
    assert on_paper.answer is None and on_paper.rationale is None
    assert project(c, Reader("teacher", "print")) == c
    assert hidden_marks("student") == {"teacher"}
    assert hidden_marks(Reader("student", "print")) == {"teacher", "answer"}


def test_a_screen_widget_gets_content_projected_for_its_role() -> None:
    """Opened on the source content (as ``lab --teacher`` does), a student's widget holds no
    teacher field, but keeps the answers its feedback needs; the teacher's widget has all."""
    from tests.widgets import viewing

    import widgets

    samples = {name: content for name, content, _path, _kw in _samples()}
    for name in ("Statements", "PromptCards", "Quiz", "SortTask"):
        content = samples[name]
        cls = widgets.widget_class(name)
        with viewing("student"):
            student = cls(content)
        with viewing("teacher"):
            teacher = cls(content)
        try:
            assert student.content == project(content, "student"), name
            assert not any(i.mark == "teacher" for i in iter_text(student.content)), name
            assert [i for i in iter_text(student.content) if i.mark == "answer"] == \
                [i for i in iter_text(content) if i.mark == "answer"], name
            assert teacher.content == content, name
        finally:  # no timer thread outlives the test
            student.close()
            teacher.close()
