"""The table of outputs (``kijkverder/targets.py``): every output is a row, and the site, the
preview, the build and the print list read it; audience -> role is decided there only."""
from __future__ import annotations

import ast
import re
import typing
from pathlib import Path
from typing import Any

import pytest

import kijkverder.build
from kijkverder.lessons import LessonSource, View, all_lessons
from kijkverder.targets import (AUDIENCE_ROLE, TARGETS, Target, audiences_of, role_of, sees,
                                site_targets)
from tests.conftest import LESSONS, ROOT

LESSON = LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb"


class _Built:
    """What :func:`kijkverder.build.build` returns: the paths of the PDFs it made or found."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths


def _fake_build(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    """The PDF build left out: every call "builds" ``names`` (small files) in its folder. The
    site's choice of what it offers is what these tests look at, not the PDFs."""
    def build(notebooks: list[Path], out: Path, *, large: bool = False, **_kw: Any) -> _Built:
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in names:
            if ("grote-letters" in name) == large:
                (out / name).write_bytes(b"%PDF-1.7 " + name.encode())
                paths.append(out / name)
        return _Built(paths)

    monkeypatch.setattr(kijkverder.build, "build", build)


def test_the_teacher_site_offers_the_book_next_to_the_law_sheet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build of the book also makes the law sheet (``wat-zegt-de-wet.pdf``); the teacher
    site's PDF list used to read every file name back as ``NN-slug-<target>.pdf`` and stopped
    on it (StopIteration)."""
    from kijkverder.site import build_pdfs

    name = LESSON.parent.name
    _fake_build(monkeypatch, [f"{name}-werkblad.pdf", f"{name}-docentenversie.pdf",
                              "docentenboek.pdf", "wat-zegt-de-wet.pdf"])
    build_pdfs([LESSON], tmp_path / "site", tmp_path / "cache", "docenten", lambda _m: None)
    assert sorted(p.name for p in (tmp_path / "site" / "pdf").iterdir()) == [
        f"{name}-docentenversie.pdf", f"{name}-werkblad.pdf", "docentenboek.pdf"]


# --------------------------------------------------------------------- a new row is one row
def _extra_rows(monkeypatch: pytest.MonkeyPatch) -> tuple[Target, Target]:
    """Two rows added to the table in this test only: a student PDF and a teacher PDF, both
    offered on the site (made by the worksheet's and the teacher edition's print forms)."""
    student = Target("braille-werkblad", View("student", "print"), "handouts.render",
                     "a new student PDF (test)", "Werkblad in braille (test)", edition="student",
                     on_site=True, print_advice="worksheet_copies")
    teacher = Target("lesplan-kort", View("teacher", "print"), "handouts.render",
                     "a new teacher PDF (test)", "Kort lesplan (test)", edition="teacher",
                     on_site=True)
    for row in (student, teacher):
        monkeypatch.setitem(TARGETS, row.name, row)
    return student, teacher


@pytest.mark.parametrize("audience", ["leerlingen", "docenten"])
def test_a_new_row_is_on_the_site_start_page_of_its_readers(
        audience: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row added to the table (nothing else changed) is built, copied and listed with its
    label on the start page, after the rows before it; a teacher's row never on the student
    site (fail closed: the role of the audience decides, not a list in the site)."""
    from kijkverder.site import build_pdfs, write_index

    student, teacher = _extra_rows(monkeypatch)
    source = LessonSource.open(LESSON)
    built = [t.file_name(source) for t in TARGETS.values() if t.per_lesson and t.edition]
    _fake_build(monkeypatch, built)
    out = tmp_path / "site"
    pdfs = build_pdfs([LESSON], out, tmp_path / "cache", audience, lambda _m: None)
    write_index(out, [source], pdfs, audience, {})
    page = (out / "index.html").read_text("utf-8")
    labels = re.findall(r'<a class="pdf" href="pdf/[^"]+" download>([^<]+) \(pdf\)</a>', page)

    assert student.file_name(source) in {p.name for p in (out / "pdf").iterdir()}
    assert f'href="pdf/{student.file_name(source)}"' in page
    assert labels.index(student.label) > labels.index(TARGETS["werkblad"].label)
    assert (teacher.label in labels) == (audience == "docenten")
    assert (teacher.file_name(source) in {p.name for p in (out / "pdf").iterdir()}) == (
        audience == "docenten")


def test_a_new_row_is_watched_by_preview_and_on_the_print_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Preview keeps the last good PDFs of every row, and the teacher's print list names a new
    row's PDF with the advice the row names, without a change in either module."""
    from kijkverder.preview import _pdfs
    from kijkverder.printing import print_list

    student, _teacher = _extra_rows(monkeypatch)
    source = LessonSource.open(LESSON)
    assert Path("out") / student.file_name(source) in _pdfs(LESSON, Path("out"))
    listed = print_list(source)
    assert student.file_name(source) in listed
    assert listed.count("Haal de werkbladen niet op") == 2  # the worksheet and the new row


# ------------------------------------------------------------------ audience -> role, once
def test_every_audience_of_a_lesson_is_in_the_one_vocabulary() -> None:
    """The lessons' audiences, the lesson model's choices, the readability floors and the
    command line's choices are the audiences of :data:`AUDIENCE_ROLE`, each read as a role."""
    from kijkverder.cli import build_parser
    from kijkverder.readability import MIN_SCORE
    from kijkverder.site import AUDIENCES
    from widgets.models.lesson import LessonContent

    audiences = {LessonSource.open(nb).audience for nb in all_lessons(LESSONS)}
    assert audiences and audiences <= set(AUDIENCE_ROLE)
    field = LessonContent.model_fields["audience"].annotation
    assert set(typing.get_args(field)) == set(AUDIENCE_ROLE) == set(MIN_SCORE)
    assert set(AUDIENCES) <= set(AUDIENCE_ROLE)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    choices = {name: next(a.choices for a in commands[name]._actions if a.dest == "audience")
               for name in ("release", "site")}
    assert set(choices["release"]) == set(AUDIENCE_ROLE)
    assert tuple(choices["site"]) == AUDIENCES
    assert {role_of(a) for a in AUDIENCE_ROLE} == {"student", "teacher"}


def test_each_release_and_site_is_a_row_read_as_its_audiences_role() -> None:
    """A release and a site per audience are rows of the table (their default folders); the
    view of each is the role of its audience, so the table and :func:`role_of` never differ."""
    from kijkverder.release import release_out
    from kijkverder.site import AUDIENCES, default_out

    rows = [t for t in TARGETS.values() if t.audience is not None]
    assert rows and all(t.view.role == role_of(t.audience) for t in rows)
    assert set(audiences_of("kijkverder.release")) == set(AUDIENCE_ROLE)
    assert AUDIENCES == audiences_of("kijkverder.site")
    folders = [release_out(a) for a in AUDIENCE_ROLE] + [default_out(a) for a in AUDIENCES]
    assert len(set(folders)) == len(folders) and all(f in TARGETS for f in folders)
    with pytest.raises(ValueError, match="audience must be one of"):
        default_out("ouders")


def test_an_unknown_audience_or_role_gets_nothing() -> None:
    with pytest.raises(ValueError, match="audience must be one of"):
        role_of("iedereen")
    teacher_rows = [t for t in TARGETS.values() if t.view.role == "teacher"]
    assert teacher_rows and not any(sees("student", t) for t in teacher_rows)
    assert not any(sees("", t) or sees("Teacher", t) for t in TARGETS.values())
    assert all(t.view.role == "student" for t in site_targets("leerlingen"))


def test_present_refuses_a_lesson_whose_readers_are_teachers() -> None:
    """Without ``--teacher``, the projector shows no lesson for teachers (the teacher guide);
    the parents' evening is shown like a class lesson. The audience is read, not assumed."""
    from kijkverder.present import PresentError, find_lesson, projector_view

    by_role: dict[str, list[Path]] = {}
    for nb in all_lessons(LESSONS):
        by_role.setdefault(role_of(LessonSource.open(nb).audience), []).append(nb)
    for nb in by_role["teacher"]:
        with pytest.raises(PresentError, match="not for the class projector"):
            find_lesson(str(nb))
        assert find_lesson(str(nb), teacher=True) == nb
    for nb in by_role["student"]:
        assert find_lesson(str(nb)) == nb
    assert projector_view(True).view.role == "teacher"
    assert projector_view(False).view.role == "student"


# ------------------------------------------------------------- no file name outside the table
PRINT_NAMES = sorted((t.name for t in TARGETS.values() if t.view.medium == "print"),
                     key=len, reverse=True)
#: A string that is a target's name or file name (``werkblad``, ``-werkblad.pdf``,
#: ``pdf/docentenboek.pdf``).
_ANY = "|".join(map(re.escape, PRINT_NAMES))
NAMES_A_TARGET = re.compile(rf"^(?:\S*[-/])?(?:{_ANY})(?:\.pdf)?$")
#: The same, quoted, in a template.
QUOTED_TARGET = re.compile(rf"""['"/-](?:{_ANY})(?:\.pdf)?['"]""")


def _product_files(suffix: str) -> list[Path]:
    return sorted(p for pkg in ("kijkverder", "handouts") for p in (ROOT / pkg).rglob("*" + suffix)
                  if "__pycache__" not in p.parts)


def test_only_the_table_names_an_output_file() -> None:
    """No module but ``kijkverder/targets.py`` (and no template) writes a print target's name
    or file name as a literal: they ask the table (a row, its label, its copies)."""
    found = []
    for path in _product_files(".py"):
        if path == ROOT / "kijkverder" / "targets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and NAMES_A_TARGET.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    for path in _product_files(".j2"):
        for n, text in enumerate(path.read_text("utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{n}: {m}" for m in QUOTED_TARGET.findall(text)]
    assert PRINT_NAMES and not found, "\n".join(found)


def test_the_check_finds_a_file_name() -> None:
    """The check above can fail: it sees each way a module could name an output."""
    for text in ("werkblad", "-grote-letters-knipkaarten.pdf", "pdf/docentenboek.pdf"):
        assert NAMES_A_TARGET.search(text), text
    for text in ("werkbladen", "print_edition_werkblad", "build the PDFs: werkblad"):
        assert not NAMES_A_TARGET.search(text), text
    assert QUOTED_TARGET.search("""{% if name in ('knipkaarten', 'strookjes') %}""")
    assert QUOTED_TARGET.search('<a href="pdf/docentenboek.pdf">')


def _widget_pdf_keys() -> list[tuple[str, str]]:
    """Every ``"pdf": "<name>"`` a widget's print forms write (``paper_sheets``)."""
    keys = []
    for path in sorted((ROOT / "widgets").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                for k, v in zip(node.keys, node.values):
                    if isinstance(k, ast.Constant) and k.value == "pdf":
                        assert isinstance(v, ast.Constant), f"{path.name}:{v.lineno}"
                        keys.append((f"{path.name}:{v.lineno}", v.value))
    return keys


def test_the_widgets_name_card_pdfs_of_the_table() -> None:
    """``widgets/`` never imports the tool, so its print forms name the PDF a sheet is on by
    the target's name; each such name is a row of the table that prints card copies (else the
    sheet would silently be left off the teacher's print list)."""
    keys = _widget_pdf_keys()
    assert {name for _where, name in keys} >= {"knipkaarten", "strookjes"}
    for where, name in keys:
        assert name in TARGETS, f"widgets/{where}: pdf {name!r} is no row of TARGETS"
        target = TARGETS[name]
        assert target.view.form == "cards" and target.copies and target.per_lesson, where


def test_every_print_target_has_its_words_on_paper() -> None:
    """A lesson PDF says which PDF it is in its running header (``print_edition_<name>``) and,
    for card copies, for whom (``print_copies_<name>``), in every language."""
    from handouts.printlist import WORDS
    from widgets.i18n import STRINGS

    for target in TARGETS.values():
        if target.view.medium != "print":
            continue
        for lang, words in STRINGS.items():
            assert f"print_edition_{target.name}" in words or not target.per_lesson, (lang, target)
            if target.copies:
                assert f"print_copies_{target.name}" in words, (lang, target.name)
        if target.print_advice:
            assert all(target.print_advice in w for w in WORDS.values()), target.name
        assert target.label and target.label[0].isupper() or target.view.medium == "screen"


def test_the_student_site_builds_only_what_it_offers(tmp_path: Path) -> None:
    """The student site's PDFs are built into the download cache: no teacher edition may be
    made there (it never reached the site, but it lay in a folder named for students, and it
    took a quarter of the site's PDF time)."""
    from kijkverder.site.start_page import build_pdfs

    pdfs = build_pdfs([LESSON], tmp_path / "site", tmp_path / "cache", "leerlingen",
                      log=lambda _m: None)
    made = {p.name for p in (tmp_path / "cache").rglob("*.pdf")}
    offered = {t.file_name(LESSON.parent.name) for t in site_targets("leerlingen") if t.per_lesson}
    assert made and made <= offered, made - offered
    assert {p.name for _t, p in pdfs[LESSON.parent.name]} == made
    assert not [n for n in made if "docentenversie" in n]
