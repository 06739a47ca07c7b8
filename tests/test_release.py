"""``kijkverder release`` and the one copy writer: no teacher material, only the lessons for the
audience, only the content files the kept cells load, never overwriting student work."""
from __future__ import annotations

import re

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from kijkverder.lessons import LessonSource
from tests.conftest import ROOT, lesson_notebooks, lessons_not_for
from tests.inprocess import run_cli
from tests.leaks import (fragment, normalize, public_text, screen_text, teacher_cell_sentences,
                         teacher_secrets)

LESSONS = lesson_notebooks()
STUDENT_LESSONS = [nb for nb in LESSONS if LessonSource.open(nb).audience == "leerlingen"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``kijkverder *args`` in this process (:func:`tests.inprocess.run_cli`: a child per
    command cost ~0.9 CPU s of imports; this module runs twenty). The module's release below
    keeps a real child: the command as a teacher runs it."""
    return run_cli(*args, cwd=cwd)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "release", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return out


def test_student_release_holds_only_student_lessons(released: Path) -> None:
    names = sorted(p.name for p in released.iterdir() if p.is_dir())
    assert names == sorted(nb.parent.name for nb in STUDENT_LESSONS)
    others = [nb.parent.name for nb in lessons_not_for("leerlingen")]
    assert others and not set(others) & set(names)
    assert yaml.safe_load((released / "kijkverder-view.yaml").read_text("utf-8"))["role"] == "student"


@pytest.mark.parametrize("nb", STUDENT_LESSONS, ids=lambda p: p.parent.name)
def test_released_notebook_has_no_teacher_material(released: Path, nb: Path) -> None:
    rel = released / nb.parent.name / nb.name
    student = nbformat.read(rel, as_version=4)
    assert all("teacher" not in c.metadata.get("tags", []) for c in student.cells)
    assert all("print-only" not in c.metadata.get("tags", []) for c in student.cells)
    text = normalize(" ".join(c.source for c in student.cells))
    cell_sentences = teacher_cell_sentences(nb)  # once: it reads the whole lesson
    # a teacher cell may repeat what a student cell says ("Bel Veilig Thuis, dag en nacht."):
    # that sentence is the student's own, no leak
    public = normalize(public_text(nb))
    leaks = [s for s in cell_sentences if fragment(s) in text and fragment(s) not in public]
    assert leaks == []
    for c in student.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None
            assert c.metadata["jupyter"]["source_hidden"] is True
    # teacher-marked fields (by the schema) are stripped from the content files handed out
    shipped = normalize(" ".join(f.read_text("utf-8") for f in (released / nb.parent.name).glob("*.yaml")))
    # a source named in an answer (a statement's norm names its research) is no secret there
    answers = screen_text(nb)
    secrets = [s for s in teacher_secrets(nb) if s not in cell_sentences
               and fragment(s) not in answers]
    assert secrets, "the leak check needs teacher material to look for"
    assert [s for s in secrets if fragment(s) in shipped] == []
    original = nbformat.read(nb, as_version=4)
    kept = [c.source for c in original.cells
            if not {"teacher", "print-only"} & set(c.metadata.get("tags", []))]
    # a fact reference is written out in the copy, in the student wording of the registry
    facts = {f["id"]: " ".join(f["student"].split()) for f in yaml.safe_load(
        (ROOT / "lessons" / "feiten.yaml").read_text("utf-8"))["facts"]}
    kept = [re.sub(r"\{\{ fact:([a-z0-9-]+) \}\}", lambda m: facts[m[1]], k) for k in kept]
    # and a contact reference as the organisation's phone number from the registry
    phones = {o["id"]: o.get("phone") for o in yaml.safe_load(
        (ROOT / "widgets" / "data" / "resources.yaml").read_text("utf-8"))["organisations"]}
    kept = [re.sub(r"\{\{ contact:([a-z0-9-]+) \}\}", lambda m: phones[m[1]], k) for k in kept]
    assert [" ".join(c.source.split()) for c in student.cells] == [" ".join(k.split()) for k in kept]
    assert not [c for c in student.cells if "{{ fact:" in c.source or "{{ contact:" in c.source]


def test_released_lesson_still_loads(released: Path) -> None:
    from widgets import Lesson

    for nb in STUDENT_LESSONS:
        w = Lesson.load(released / nb.parent.name / "les.yaml")
        assert type(w).__name__ == "Lesson"


def test_teacher_guide_released_only_for_teachers(tmp_path: Path) -> None:
    res = run("release", "--audience", "docenten", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["00-docentenhandleiding"]
    assert yaml.safe_load((tmp_path / "kijkverder-view.yaml").read_text("utf-8"))["role"] == "teacher"


def _scratch_lesson(tmp_path: Path, lesson: Path) -> Path:
    lessons = tmp_path / "lessons"
    shutil.copytree(lesson.parent, lessons / lesson.parent.name)
    shutil.copy(lesson.parent.parent / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(lesson.parent.parent / "feiten.yaml", lessons / "feiten.yaml")
    return lessons / lesson.parent.name / lesson.name


def test_release_never_overwrites_student_work(tmp_path: Path, lesson01: Path) -> None:
    out = tmp_path / "out"
    assert run("release", "01", "--out", str(out)).returncode == 0
    nb_file = out / lesson01.parent.name / lesson01.name
    work = nbformat.read(nb_file, as_version=4)
    work.cells[0].source += "\n\nMijn eigen aantekening."
    nbformat.write(work, nb_file)
    res = run("release", "01", "--out", str(out))
    assert res.returncode == 1
    assert "changed since the last release" in res.stderr and str(nb_file) in res.stderr
    assert "Mijn eigen aantekening." in nb_file.read_text("utf-8")
    # an unchanged copy is simply refreshed, and --force overwrites when asked
    res = run("release", "01", "--out", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert "Mijn eigen aantekening." not in nb_file.read_text("utf-8")
    assert run("release", "01", "--out", str(out)).returncode == 0


def test_release_ships_only_files_of_kept_cells(tmp_path: Path, lesson01: Path) -> None:
    """A content file loaded only by a teacher cell stays out of the student copy."""
    nb_path = _scratch_lesson(tmp_path, lesson01)
    secret = "Geheime docentvraag over de les van vandaag?"
    (nb_path.parent / "docent-quiz.yaml").write_text(yaml.safe_dump({
        "kind": "quiz", "title": "Docentquiz", "questions": [{
            "id": "q1", "type": "true_false", "text": secret, "options": [
                {"text": "Waar", "correct": True, "feedback": "Ja."},
                {"text": "Niet waar", "feedback": "Nee."}]}]}, allow_unicode=True), "utf-8")
    nb = nbformat.read(nb_path, as_version=4)
    cell = nbformat.v4.new_code_cell('from widgets import Quiz\nQuiz.load("docent-quiz.yaml")')
    cell.metadata = {"tags": ["teacher"], "jupyter": {"source_hidden": True}}
    nb.cells.insert(2, cell)
    nbformat.write(nb, nb_path)
    out = tmp_path / "out"
    res = run("release", str(nb_path), "--out", str(out))
    assert res.returncode == 0, res.stderr
    lesson_out = out / nb_path.parent.name
    assert not (lesson_out / "docent-quiz.yaml").exists()
    assert all(secret not in f.read_text("utf-8") for f in lesson_out.rglob("*") if f.is_file())
    # the files it does ship are exactly the ones the kept cells load, plus les.yaml
    shipped = sorted(f.name for f in lesson_out.glob("*.yaml"))
    assert shipped == sorted({"les.yaml", "starter.yaml", "cijfers.yaml", "sorteer.yaml",
                              "afsluiting.yaml", "zelfcheck.yaml"})


def test_release_refuses_a_lesson_that_fails_check(tmp_path: Path, lesson01: Path) -> None:
    nb_path = _scratch_lesson(tmp_path, lesson01)
    nb = nbformat.read(nb_path, as_version=4)
    teacher = next(c for c in nb.cells if "teacher" in c.metadata.get("tags", []))
    teacher.metadata["tags"] = ["Teacher"]
    nbformat.write(nb, nb_path)
    out = tmp_path / "out"
    res = run("release", str(nb_path), "--out", str(out))
    assert res.returncode == 1
    assert "unknown tag 'Teacher'" in res.stderr and "refused" in res.stderr
    assert not (out / nb_path.parent.name).exists()


# --------------------------------------------------------------------------- issue 24.8, 24.6, 24.9
@pytest.mark.parametrize("where", ["lessons", "lessons/01-wat-is-uitbuiting", "lessons/nieuw"])
@pytest.mark.parametrize("force", [False, True])
def test_release_into_the_sources_is_refused(tmp_path: Path, lesson01: Path, where: str,
                                             force: bool) -> None:
    nb_path = _scratch_lesson(tmp_path, lesson01)
    before = {p: p.read_bytes() for p in (tmp_path / "lessons").rglob("*") if p.is_file()}
    res = run("release", str(nb_path), "--out", str(tmp_path / where), *(["--force"] * force),
              cwd=tmp_path)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert "output folder is inside" in res.stderr and res.stderr.count("\n") == 1, res.stderr
    after = {p: p.read_bytes() for p in (tmp_path / "lessons").rglob("*") if p.is_file()}
    assert after == before


def test_a_teacher_release_never_lands_in_the_student_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("release", "--out", str(out)).returncode == 0
    view = (out / "kijkverder-view.yaml").read_bytes()
    res = run("release", "--audience", "docenten", "--out", str(out), "--force")
    assert res.returncode == 1 and "holds a copy for role 'student'" in res.stderr, res.stderr
    teachers = [nb for nb in lesson_notebooks() if LessonSource.open(nb).audience == "docenten"]
    assert teachers and not any((out / nb.parent.name).exists() for nb in teachers)
    assert (out / "kijkverder-view.yaml").read_bytes() == view


def test_the_parents_release_never_lands_in_the_student_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("release", "01", "--out", str(out)).returncode == 0
    res = run("release", "--audience", "ouders", "--out", str(out), "--force")
    assert res.returncode == 1 and "holds the release for leerlingen" in res.stderr, res.stderr
    parents = [nb for nb in lesson_notebooks() if LessonSource.open(nb).audience == "ouders"]
    assert parents and not any((out / nb.parent.name).exists() for nb in parents)
    assert run("release", "02", "--out", str(out)).returncode == 0  # the same audience: fine


def test_each_audience_has_its_own_default_folder() -> None:
    from kijkverder.cli import build_parser
    from kijkverder.release import release_out
    from kijkverder.site import default_out

    assert build_parser().parse_args(["site", "--audience", "docenten"]).out is None
    assert {default_out(a) for a in ("leerlingen", "docenten")} == {"site", "site-docenten"}
    assert len({release_out(a) for a in ("leerlingen", "docenten", "ouders")}) == 3
    assert "--out site " not in (ROOT / "Makefile").read_text("utf-8")


@pytest.mark.parametrize("force", [False, True])
def test_a_teacher_site_never_replaces_the_student_site(tmp_path: Path, force: bool) -> None:
    """Refused before anything is fetched or built (the cache is an empty folder)."""
    import json

    from kijkverder.lessons import all_lessons
    from kijkverder.site import STAMP, SiteError, build_site

    out = tmp_path / "site"
    out.mkdir()
    (out / STAMP).write_text(json.dumps({"key": "x", "audience": "leerlingen"}), "utf-8")
    (out / "index.html").write_text("leerlingen", "utf-8")
    with pytest.raises(SiteError, match="holds the site for leerlingen"):
        build_site(all_lessons(ROOT / "lessons"), out, "docenten", cache=tmp_path / "cache",
                   force=force, log=lambda _m: None)
    assert (out / "index.html").read_text("utf-8") == "leerlingen"
    assert not (tmp_path / "cache").exists()


def test_release_follows_no_link_planted_in_its_folder(tmp_path: Path, lesson01: Path) -> None:
    """Issue 24.9: whoever can write to the release folder plants links; the teacher's next
    release (also with --force) writes through none of them."""
    import os

    out = tmp_path / "out"
    assert run("release", "01", "--out", str(out)).returncode == 0
    name = lesson01.parent.name
    victims = {n: tmp_path / n for n in ("bashrc", "Makefile", "profile")}
    for v in victims.values():
        v.write_text("# mine\n", "utf-8")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    lesson_out = out / name
    (lesson_out / "les.yaml").unlink()
    os.symlink(victims["bashrc"], lesson_out / "les.yaml")              # a file
    os.symlink(victims["Makefile"], lesson_out / f"{lesson01.name}.tmp")  # the old temp name
    os.symlink(victims["profile"], out / ".kijkverder-release.json.tmp")
    (out / "kijkverder-view.yaml").unlink()
    os.symlink(victims["profile"], out / "kijkverder-view.yaml")
    res = run("release", "01", "--out", str(out), "--force")
    assert {n: v.read_text("utf-8") for n, v in victims.items()} == \
        {n: "# mine\n" for n in victims}
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert f"{lesson_out / 'les.yaml'}: not a regular file" in res.stderr
    # a linked lesson folder: nothing is written into the folder behind it
    shutil.rmtree(lesson_out)
    os.symlink(elsewhere, lesson_out)
    res = run("release", "01", "--out", str(out), "--force")
    assert list(elsewhere.iterdir()) == []
    assert res.returncode == 1 and "a symbolic link or not a folder" in res.stderr, res.stderr
    # and the output folder itself may not be a link
    os.symlink(elsewhere, tmp_path / "link")
    res = run("release", "01", "--out", str(tmp_path / "link"))
    assert res.returncode == 1 and list(elsewhere.iterdir()) == [], res.stderr


def test_a_save_during_the_gate_never_reaches_the_copy(tmp_path: Path, lesson01: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24.4 for the copy writer: the notebook is saved with a mistyped ``Teacher`` tag
    right after check passed it; the student copy holds what was checked."""
    import kijkverder.check
    from kijkverder.release import release

    nb_path = _scratch_lesson(tmp_path, lesson01)
    secret = "Alleen de docent leest deze zin over de klas van vandaag."
    nb = nbformat.read(nb_path, as_version=4)
    teacher = next(c for c in nb.cells if "teacher" in c.metadata.get("tags", []))
    teacher.source += f"\n\n{secret}"
    nbformat.write(nb, nb_path)
    teacher.metadata["tags"] = ["Teacher"]
    real = kijkverder.check.check_paths

    def check_then_save(paths, *args):
        problems = real(paths, *args)
        nbformat.write(nb, nb_path)  # saved between the check and the copy
        return problems

    monkeypatch.setattr(kijkverder.check, "check_paths", check_then_save)
    out = tmp_path / "out"
    result = release([nb_path], out, log=lambda _m: None)
    assert not result.refused and result.notebooks
    copied = (out / nb_path.parent.name / nb_path.name).read_text("utf-8")
    assert "Alleen de docent leest" not in copied and "Teacher" not in copied
