"""One reader of a lesson: a command reads a lesson's notebook once, through
:mod:`kijkverder.lessons`, and the tolerant open gives ``check`` what the strict open refuses.

The counters wrap the one reader's two steps where every caller goes through them: the bounded
file read (:func:`widgets.contentio.read_text_file`) of a ``.ipynb`` and the parse
(``nbformat.reads``), in the command's own process (a build's PDFs are rendered in worker
processes, which read their own copy)."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest

import widgets.contentio
from kijkverder.cli import main
from kijkverder.lessons import LessonError, LessonSource, parse_notebook, read_notebook
from tests.conftest import LESSONS


@pytest.fixture
def scratch(tmp_path: Path, lesson01: Path) -> Path:
    """A copy of lesson 01 with the files beside the lessons that check needs."""
    lessons = tmp_path / "lessons"
    shutil.copytree(lesson01.parent, lessons / lesson01.parent.name)
    for shared in ("begrippen.yaml", "feiten.yaml", "woordenlijst.txt"):
        shutil.copy(lesson01.parent.parent / shared, lessons / shared)
    return lessons / lesson01.parent.name / lesson01.name


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts, by notebook file name: ``read <name>`` (the bounded read of its text) and
    ``parse`` (``nbformat.reads``, whatever notebook)."""
    counts: Counter = Counter()
    real_read, real_reads = widgets.contentio.read_text_file, nbformat.reads

    def read_text_file(path, *args, **kwargs):
        if str(path).endswith(".ipynb"):
            counts[f"read {Path(path).name}"] += 1
        return real_read(path, *args, **kwargs)

    def parse(s, *args, **kwargs):
        counts["parse"] += 1
        return real_reads(s, *args, **kwargs)

    monkeypatch.setattr(widgets.contentio, "read_text_file", read_text_file)
    monkeypatch.setattr(nbformat, "reads", parse)
    return counts


def test_kijkverder_check_reads_a_lesson_once(scratch: Path, reads: Counter,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """``kijkverder check <lesson>``: the safety checks, the lesson model, the reading level
    and the language check (spelling, d/t, style) use one read and one parse of the notebook
    (the language check read it a second time, as plain JSON)."""
    assert main(["check", str(scratch.parent)]) == 0, capsys.readouterr()
    assert reads == {f"read {scratch.name}": 1, "parse": 1}, reads


def test_kijkverder_handouts_reads_a_changed_lesson_once(scratch: Path, tmp_path: Path,
                                                         reads: Counter) -> None:
    """``kijkverder handouts <lesson>``: the build's process reads the changed lesson's notebook
    (its private copy) once for the speculative plan, check, the reading level and the gate."""
    assert main(["handouts", str(scratch), "--out", str(tmp_path / "out"), "--no-book",
                 "--jobs", "2"]) == 0
    assert any((tmp_path / "out").glob("*.pdf"))
    assert reads == {f"read {scratch.name}": 1, "parse": 1}, reads


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_renders_from_the_lesson_it_read(scratch: Path, tmp_path: Path, reads: Counter,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 jobs: str) -> None:
    """The render jobs (in the build's process with ``--jobs 1``, in worker processes
    otherwise) get the lesson the build read and checked, not the path to read it again: a
    render job that opens the notebook is an error here (it was 4 parses for lesson 01's four
    PDFs with ``--jobs 1``)."""
    import kijkverder.build

    def no_second_open(*args, **kwargs):
        raise AssertionError("a render job read the lesson again")

    monkeypatch.setattr(kijkverder.build, "_open_for_render", no_second_open)
    assert main(["handouts", str(scratch), "--out", str(tmp_path / "out"), "--no-book",
                 "--jobs", jobs]) == 0
    assert len(list((tmp_path / "out").glob("*.pdf"))) >= 3
    assert reads == {f"read {scratch.name}": 1, "parse": 1}, reads


def test_a_preview_round_reads_the_lesson_once(scratch: Path, tmp_path: Path,
                                               reads: Counter) -> None:
    """One round of ``kijkverder preview``: the watch list, the language check and the next
    round's watch list share one read of the lesson; the build reads its private copy once
    (the round read the lesson twice, 3 reads and 2 parses with the copy, and the watch loop
    read it a third time)."""
    from kijkverder.preview import rebuild

    rnd = rebuild(scratch, tmp_path / "out", log=lambda m: None, jobs=2, english=True)
    assert rnd.ok and rnd.written, rnd.problems
    assert scratch.resolve() in rnd.files
    assert reads == {f"read {scratch.name}": 2, "parse": 2}, reads


def test_the_tolerant_open_collects_what_the_strict_open_refuses(scratch: Path) -> None:
    """``LessonSource.read`` (for check) returns the lesson as far as it could be read with the
    problems; ``open`` raises exactly those problems."""
    quiz = next(p for p in scratch.parent.glob("*.yaml") if "kind: quiz" in p.read_text("utf-8"))
    quiz.write_text(quiz.read_text("utf-8").replace("kind: quiz", "kind: quiz\nonbekend: 1", 1),
                    "utf-8")
    source, problems = LessonSource.read(scratch)
    assert source is not None and source.meta is not None and problems
    assert any(quiz.name in p.path and "onbekend" in p.field for p in problems), problems
    assert [u for u in source.uses if u.path == quiz.name and u.content is None]
    with pytest.raises(LessonError) as e:
        LessonSource.open(scratch)
    assert e.value.problems == problems
    # a lesson that passes: the same lesson either way, nothing to say
    fine, none = LessonSource.read(LESSONS / scratch.parent.name / scratch.name)
    assert none == [] and fine is not None and fine.meta.title


def test_an_unreadable_notebook_is_said_as_check_says_it(scratch: Path) -> None:
    """The strict reader (the gate, the model) says the line ``check`` says; the tolerant one
    returns no lesson and that line; a notebook already read is not read again."""
    from kijkverder.check import check_notebook

    scratch.write_text('{"cells": [', "utf-8")
    (line,) = check_notebook(scratch)
    assert "broken notebook JSON" in line.message
    assert LessonSource.read(scratch) == (None, [line])
    with pytest.raises(LessonError) as e:
        read_notebook(scratch)
    assert e.value.problems == [line]
    good = LESSONS / scratch.parent.name / scratch.name
    parsed: dict[Path, object] = {}
    nb, _none = parse_notebook(good, parsed)
    assert parsed == {good: nb} and parse_notebook(good, parsed) == (nb, [])
