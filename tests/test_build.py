"""The handout build on scratch copies of a lesson: fail closed, per-view cache, files it must
leave alone, and folders it must not write into."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from kijkverder.build import BOOK_NAME, build
from tests.conftest import ROOT
from tests.inprocess import run_cli


def run(*args: str) -> subprocess.CompletedProcess:
    """``kijkverder *args`` in this process, in the project folder (:func:`tests.inprocess.run_cli`:
    a child per command cost ~0.9 CPU s of imports, and ~1 s more for WeasyPrint)."""
    return run_cli(*args, cwd=ROOT)


@pytest.fixture
def scratch(tmp_path: Path, lesson01: Path) -> Path:
    """A copy of lesson 01 (and the glossary) in a lessons folder of its own."""
    lessons = tmp_path / "lessons"
    shutil.copytree(lesson01.parent, lessons / lesson01.parent.name)
    shutil.copy(lesson01.parent.parent / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(lesson01.parent.parent / "feiten.yaml", lessons / "feiten.yaml")
    return lessons / lesson01.parent.name / lesson01.name


def written(logs: list[str]) -> int:
    return sum("KB)" in m for m in logs)


def test_mistyped_teacher_tag_refuses_the_worksheet(scratch: Path, tmp_path: Path) -> None:
    nb = nbformat.read(scratch, as_version=4)
    cell = next(c for c in nb.cells if "teacher" in c.metadata.get("tags", []))
    cell.metadata["tags"] = ["Teacher"]
    nbformat.write(nb, scratch)
    out = tmp_path / "out"
    res = run("handouts", str(scratch), "--out", str(out))
    assert res.returncode == 1
    assert "unknown tag 'Teacher'" in res.stderr
    assert f"{scratch.parent.name} refused" in res.stderr and "Traceback" not in res.stderr
    assert list(out.glob("*.pdf")) == []


def test_broken_content_file_gives_one_line_not_a_traceback(scratch: Path, tmp_path: Path) -> None:
    quiz = scratch.parent / "starter.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("kind: quiz", "kind: quizz"), "utf-8")
    res = run("handouts", str(scratch), "--out", str(tmp_path / "out"))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "starter.yaml: kind:" in res.stderr


def test_unparseable_code_cell_is_an_error_not_a_missing_activity(scratch: Path, tmp_path: Path) -> None:
    nb = nbformat.read(scratch, as_version=4)
    cell = next(c for c in nb.cells if "Quiz.load" in c.source)
    cell.source = 'from widgets import Quiz\nQuiz.load("starter.yaml"'
    nbformat.write(nb, scratch)
    res = run("handouts", str(scratch), "--out", str(tmp_path / "out"))
    assert res.returncode == 1 and "syntax error" in res.stderr


def test_teacher_note_edit_rebuilds_only_teacher_pdfs(scratch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    logs: list[str] = []
    build([scratch], out, jobs=1, book=False, log=logs.append)
    assert written(logs) == 3  # werkblad, docentenversie, strookjes (self-check slips)
    les = scratch.parent / "les.yaml"
    les.write_text(les.read_text("utf-8").replace("Wijs op de hulpkaart.", "Wijs nog eens op de hulpkaart."),
                   "utf-8")
    logs.clear()
    result = build([scratch], out, jobs=1, book=False, log=logs.append)
    assert [p.name for p in result.written] == [f"{scratch.parent.name}-docentenversie.pdf"]
    # an unrelated file in the lessons folder changes nothing
    (scratch.parent.parent / "notities.yaml").write_text("kind: glossary\n", "utf-8")
    logs.clear()
    assert build([scratch], out, jobs=1, book=False, log=logs.append).written == []


def test_damaged_pdf_is_rebuilt_not_reported_up_to_date(scratch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([scratch], out, jobs=1, book=False, log=lambda m: None)
    pdf = out / f"{scratch.parent.name}-werkblad.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[: len(good) // 2])
    result = build([scratch], out, jobs=1, book=False, log=lambda m: None)
    assert result.written == [pdf] and pdf.read_bytes() == good


def test_subset_build_never_shrinks_the_book(tmp_path: Path) -> None:
    out = tmp_path / "out"
    book = out / BOOK_NAME
    out.mkdir()
    book.write_bytes(b"%PDF-1.7 the full book of every lesson")
    res = run("handouts", "01", "--out", str(out), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert book.read_bytes() == b"%PDF-1.7 the full book of every lesson"
    # files the build did not write are left alone too
    assert (out / "01-wat-is-uitbuiting-werkblad.pdf").exists()


def test_output_folder_inside_the_sources_is_refused(tmp_path: Path) -> None:
    for inside in ("lessons", "lessons/01-wat-is-uitbuiting/pdf", "widgets/out"):
        res = run("handouts", "01", "--out", inside)
        assert res.returncode == 1 and "output folder is inside" in res.stderr, inside
        assert "Traceback" not in res.stderr
    assert not (ROOT / "lessons" / ".kijkverder-cache.json").exists()
    assert not (ROOT / "widgets" / "out").exists()


def test_pdfs_rendered_while_a_changed_lesson_is_checked_are_dropped_when_it_fails(
        scratch: Path, tmp_path: Path) -> None:
    """The build renders a changed lesson's PDFs while it checks the lesson; a lesson that then
    fails check gets none of them: the last good PDFs stay as they were (fail closed)."""
    out = tmp_path / "out"
    assert not build([scratch], out, jobs=2, book=False, log=lambda m: None).refused
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    nb = nbformat.read(scratch, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\n\nEen nieuwe zin die alleen op papier verandert."
    teacher = next(c for c in nb.cells if "teacher" in c.metadata.get("tags", []))
    teacher.metadata["tags"] = ["Teacher"]   # the change check refuses
    nbformat.write(nb, scratch)
    result = build([scratch], out, jobs=2, book=False, log=lambda m: None)
    assert scratch.parent.name in result.refused and result.written == []
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before


def test_a_pdf_rendered_from_other_files_than_those_checked_is_rendered_again(
        scratch: Path, tmp_path: Path) -> None:
    """A PDF rendered early is used only if it shows what the build planned (same key): a save
    between the early render and the check makes the build render it again."""
    from concurrent.futures import Future

    from kijkverder.build import Job, _accept

    job = Job((scratch,), "student", tmp_path / "werkblad.pdf", "planned")
    early: Future = Future()
    early.set_result(("other", b"%PDF-1.7 older files", 1))
    assert _accept(job, early) is None and not job.output.exists()
    early = Future()
    early.set_exception(RuntimeError("a render that failed"))
    assert _accept(job, early) is None
    early = Future()
    early.set_result(("planned", b"%PDF-1.7 the checked files", 1))
    assert _accept(job, early)[0] == str(job.output)
    assert job.output.read_bytes() == b"%PDF-1.7 the checked files"


def test_an_unchanged_lesson_is_not_read_again(scratch: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """What the plan needs of a lesson that passed check is cached with the key of its files:
    a rebuild reads no unchanged lesson, and plans the same jobs as from the lesson itself; a
    change in any of its files reads it again."""
    from kijkverder.build import Facts, plan
    from kijkverder.lessons import LessonSource

    out = tmp_path / "out"
    assert not build([scratch], out, jobs=1, log=lambda m: None).refused
    source = LessonSource.open(scratch)
    assert plan([Facts.of(source)], out) == plan([source], out)
    opened: list[Path] = []
    real_open = LessonSource.open.__func__

    def spy(cls, notebook, *args, **kwargs):
        opened.append(Path(notebook))
        return real_open(cls, notebook, *args, **kwargs)

    monkeypatch.setattr(LessonSource, "open", classmethod(spy))
    result = build([scratch], out, jobs=1, log=lambda m: None)
    assert opened == [] and result.written == [] and len(result.up_to_date) == len(plan([source], out))
    # a file the build never uses (notes, a video) is not even read (issue 24.10)
    (scratch.parent / "notities.txt").write_text("een los bestand in de lesmap", "utf-8")
    assert build([scratch], out, jobs=1, log=lambda m: None).written == []
    assert opened == []
    (scratch.parent / "notities.yaml").write_text("kind: glossary\n", "utf-8")
    assert build([scratch], out, jobs=1, log=lambda m: None).written == []
    assert opened


def test_law_sheet_is_built_with_the_book_and_rebuilt_when_the_registry_changes(
        scratch: Path, tmp_path: Path) -> None:
    from handouts.book import page_count
    from kijkverder.build import LAW_SHEET_NAME

    out = tmp_path / "out"
    result = build([scratch], out, jobs=1, log=lambda m: None)
    sheet = out / LAW_SHEET_NAME
    assert sheet in result.written and page_count(sheet.read_bytes()) <= 2  # one sheet, both sides
    assert sheet in build([scratch], out, jobs=1, log=lambda m: None).up_to_date
    registry = scratch.parent.parent / "feiten.yaml"
    registry.write_text(registry.read_text("utf-8").replace("Wat zegt de wet?", "Wat zegt de wet nu?"),
                        "utf-8")
    assert sheet in build([scratch], out, jobs=1, log=lambda m: None).written
    # never with the large-print set, never without the book
    assert LAW_SHEET_NAME not in [p.name for p in build([scratch], tmp_path / "groot", jobs=1,
                                                       large=True, log=lambda m: None).paths]


def test_a_changed_lesson_is_parsed_once_in_the_build(scratch: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's own process parses a changed lesson's notebook once: the speculative plan,
    the check, the readability score and the gate's ``LessonSource`` share that parse (the PDFs
    are rendered in the pool's workers, which read their own copy). It was parsed 4 times."""
    import nbformat as nbf

    parsed: list[str] = []
    real_reads, real_read = nbf.reads, nbf.read

    def reads(s, *args, **kwargs):
        parsed.append("reads")
        return real_reads(s, *args, **kwargs)

    def read(fp, *args, **kwargs):
        parsed.append(f"read {fp}")
        return real_read(fp, *args, **kwargs)

    monkeypatch.setattr(nbf, "reads", reads)
    monkeypatch.setattr(nbf, "read", read)
    result = build([scratch], tmp_path / "out", jobs=2, book=False, log=lambda m: None)
    assert not result.refused and result.written
    assert len(parsed) == 1, parsed
