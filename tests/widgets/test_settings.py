"""Runtime settings (kijkverder-view.yaml): the one channel from the tool into kernels."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import widgets
from widgets import Scenario, Statements
from widgets.base import teacher_view
from widgets.settings import (MAX_BYTES, SETTINGS_FILE, Settings, SettingsError, current_settings,
                              read_settings, write_settings)

FIXTURES = Path(__file__).parent / "fixtures"
STATEMENTS = FIXTURES / "statements" / "good.yaml"
SCENARIO = FIXTURES / "scenario" / "good.yaml"


@pytest.fixture
def lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A lesson folder inside a lessons folder, as the kernel's working directory; no overrides."""
    for var in ("KIJKVERDER_VIEW", "KIJKVERDER_STYLE"):
        monkeypatch.delenv(var, raising=False)
    folder = tmp_path / "lessons" / "01-les"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    widgets.set_language(None)
    widgets.set_style(None)
    return folder


def test_defaults_without_a_file(lesson: Path) -> None:
    assert current_settings() == Settings("student", "normal", "nl", None)
    assert not teacher_view() and widgets.get_style() == "normal" and widgets.get_language() == "nl"


@pytest.mark.parametrize("where", ["cwd", "parent"])
def test_file_is_found_in_the_lesson_folder_or_its_parent(lesson: Path, where: str) -> None:
    folder = lesson if where == "cwd" else lesson.parent
    (folder / SETTINGS_FILE).write_text("role: teacher\nstyle: projector\nlanguage: en\n", "utf-8")
    s = current_settings()
    assert (s.role, s.style, s.language, s.path) == ("teacher", "projector", "en",
                                                     folder / SETTINGS_FILE)
    assert teacher_view() and widgets.get_style() == "projector" and widgets.get_language() == "en"


def test_the_lesson_folder_wins_over_the_parent(lesson: Path) -> None:
    (lesson.parent / SETTINGS_FILE).write_text("role: teacher\n", "utf-8")
    (lesson / SETTINGS_FILE).write_text("role: student\n", "utf-8")
    assert current_settings().role == "student"


def test_the_teacher_view_comes_from_the_file(lesson: Path) -> None:
    student = Statements.load(STATEMENTS)
    assert not student.teacher and student.hint not in student.children
    (lesson.parent / SETTINGS_FILE).write_text("role: teacher\n", "utf-8")
    teacher = Statements.load(STATEMENTS)
    assert teacher.teacher and teacher.hint in teacher.children and teacher.tallying
    assert "Vraag wie bepaalt" in teacher.hint.value
    sc = Scenario.load(SCENARIO)
    assert sc.teacher and sc.note in sc.children


@pytest.mark.parametrize("cls", [Statements, Scenario])
def test_lesson_code_cannot_choose_the_audience(lesson: Path, cls) -> None:
    path = STATEMENTS if cls is Statements else SCENARIO
    for value in (True, False):
        with pytest.raises(TypeError, match=r"teacher=: lesson code may not choose the audience"):
            cls.load(path, teacher=value)


def test_style_and_language_of_the_file_apply_to_widgets(lesson: Path) -> None:
    (lesson / SETTINGS_FILE).write_text("style: projector\nlanguage: en\n", "utf-8")
    w = Statements.load(STATEMENTS)
    assert "kv-projector" in w._dom_classes and w.lang == "en"
    assert w.buttons["eens"].description == "Agree"
    widgets.set_language("nl")  # the notebook's own choice wins for widgets created afterwards
    widgets.set_style("normal")
    w2 = Statements.load(STATEMENTS)
    assert "kv-projector" not in w2._dom_classes and w2.lang == "nl"


def test_environment_overrides_the_file(lesson: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (lesson / SETTINGS_FILE).write_text("role: teacher\nstyle: projector\n", "utf-8")
    monkeypatch.setenv("KIJKVERDER_VIEW", "student")
    monkeypatch.setenv("KIJKVERDER_STYLE", "normal")
    assert (current_settings().role, current_settings().style) == ("student", "normal")
    monkeypatch.setenv("KIJKVERDER_VIEW", "admin")
    with pytest.raises(SettingsError, match=r"^\$KIJKVERDER_VIEW: role: must be one of "
                                            r"student, teacher"):
        current_settings()


#: file text -> (field in the message, words in the message)
BAD = {
    "role: admin\n": ("role", "must be one of student, teacher"),
    "style: groot\n": ("style", "must be one of normal, projector"),
    "language: de\n": ("language", "must be one of nl, en"),
    "role: [teacher]\n": ("role", "must be one of student, teacher"),
    "rol: teacher\n": ("rol", "unknown key (use one of role, style, language)"),
    "- role\n": ("(file)", "must be a mapping"),
    "role: teacher\nrole: student\n": ("line 2", "role: key appears twice"),
    "a: &x student\nrole: *x\n": ("line 1", "anchors and aliases"),
    "role: [teacher\n": ("line 2", ""),
}


@pytest.mark.parametrize("text", list(BAD))
def test_bad_file_gives_one_line_naming_file_and_field(lesson: Path, text: str) -> None:
    (lesson / SETTINGS_FILE).write_text(text, "utf-8")
    field, words = BAD[text]
    with pytest.raises(SettingsError) as e:
        Statements.load(STATEMENTS)
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith(f"{lesson / SETTINGS_FILE}: {field}"), msg
    assert words in msg and msg.endswith(")")


def test_billion_laughs_is_refused_quickly(lesson: Path) -> None:
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        bomb.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{','.join(['*' + prev] * 9)}]")
    (lesson / SETTINGS_FILE).write_text("\n".join(bomb) + "\n", "utf-8")
    with pytest.raises(SettingsError, match="anchors and aliases"):
        read_settings(lesson / SETTINGS_FILE)


def test_only_small_regular_files_are_read(lesson: Path, tmp_path: Path) -> None:
    f = lesson / SETTINGS_FILE
    f.write_text("# " + "x" * MAX_BYTES + "\n", "utf-8")
    with pytest.raises(SettingsError, match=r": \(file\): is too large"):
        current_settings()
    f.unlink()
    target = tmp_path / "elsewhere.yaml"
    target.write_text("role: teacher\n", "utf-8")
    f.symlink_to(target)
    with pytest.raises(SettingsError, match=r": \(file\): is a symbolic link"):
        current_settings()
    f.unlink()
    os.mkfifo(f)  # a FIFO would block a plain open() forever
    with pytest.raises(SettingsError, match=r": \(file\): is not a regular file"):
        current_settings()
    f.unlink()
    f.mkdir()
    with pytest.raises(SettingsError, match=r"is not a regular file|cannot be read"):
        current_settings()


def test_empty_file_means_defaults(lesson: Path) -> None:
    (lesson / SETTINGS_FILE).write_text("# written by kijkverder\n", "utf-8")
    assert current_settings().role == "student" and current_settings().path == lesson / SETTINGS_FILE


def test_the_tool_writes_what_widgets_read(lesson: Path) -> None:
    path = write_settings(lesson.parent, role="teacher", style="projector", language="en")
    assert path == lesson.parent / SETTINGS_FILE and sorted(p.name for p in lesson.parent.iterdir()) == [
        "01-les", SETTINGS_FILE]  # no temporary file left behind
    assert current_settings() == Settings("teacher", "projector", "en", path)
    with pytest.raises(SettingsError, match=r"^kijkverder-view.yaml: role: must be one of"):
        write_settings(lesson, role="admin")
    assert not (lesson / SETTINGS_FILE).exists()
