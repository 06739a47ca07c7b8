"""Issue 25 item 7: ``check`` and ``preview`` speak plain Dutch to a teacher by default (file,
1-based line, item and field in words, what is wrong, what to do), English for contributors with
``--english`` or ``KIJKVERDER_ENGLISH=1``; preview never builds over a problem check reports."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kijkverder.check import check_language, check_paths
from kijkverder.language import Speller
from kijkverder.messages import say, translate, where
from tests.conftest import LESSONS, ROOT
from tests.inprocess import run_cli
from widgets.contentio import ContentError, Problem, parse_yaml
from widgets.schema import parse_content

NAME = "05-grenzen-respect-toestemming"
BAD = ROOT / "tests" / "bad"
#: Words of the contributors' English that a teacher should never have to read.
JARGON = re.compile(r"mapping values|block end|statements\[|\bfield\b|unknown field|"
                    r"problem\(s\)|required", re.I)


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS / NAME, root / NAME)
    for shared in ("begrippen.yaml", "woordenlijst.txt", "feiten.yaml"):
        shutil.copy(LESSONS / shared, root / shared)
    return root


def _edit_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text("utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _kijkverder(cwd: Path, *args: str, english: bool = False) -> subprocess.CompletedProcess[str]:
    """``kijkverder *args`` as a teacher runs it (``KIJKVERDER_ENGLISH`` unset; set with
    ``english``), in this process (:func:`tests.inprocess.run_cli`: a child per command cost
    ~0.9 CPU s of imports; the messages read the variable when they are said)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("KIJKVERDER_ENGLISH", raising=False)
        if english:
            mp.setenv("KIJKVERDER_ENGLISH", "1")
        return run_cli(*args, cwd=cwd)


def _check(cwd: Path, *args: str, english: bool = False) -> subprocess.CompletedProcess[str]:
    return _kijkverder(cwd, "check", *args, english=english)


def test_check_speaks_dutch_with_the_line_of_the_field(lessons: Path) -> None:
    statements = lessons / NAME / "stellingen.yaml"
    assert statements.read_text("utf-8").splitlines()[12].startswith("    text: In een relatie")
    _edit_line(statements, 13, "    txt: In een relatie is het normaal.")  # statements[2]
    res = _check(lessons.parent, f"lessons/{NAME}")
    assert res.returncode == 1
    out = res.stdout
    assert f"lessons/{NAME}/stellingen.yaml, regel 13, stelling 3, veld txt: Dit veld bestaat " \
           "niet." in out, out
    # the missing 'text' is reported at the item it belongs to (its first line, 12)
    assert "regel 12, stelling 3, veld text: Dit veld ontbreekt" in out, out
    assert not JARGON.search(out + res.stderr), out + res.stderr
    assert "2 problemen gevonden" in res.stderr

    en = _check(lessons.parent, f"lessons/{NAME}", "--english")
    assert f"lessons/{NAME}/stellingen.yaml: statements[2].txt: unknown field" in en.stdout
    assert "2 problem(s) found" in en.stderr
    assert _check(lessons.parent, f"lessons/{NAME}", english=True).stdout == en.stdout


@pytest.mark.parametrize("broken, line, words", [
    # a colon inside a text: PyYAML says "mapping values are not allowed here"
    ("kind: quiz\ntitle: Test\nquestions:\n  - id: a\n    text: Hij zegt: kom mee\n", 5,
     "dubbele punt"),
    # one line indented too little, on line 9: PyYAML's context mark is line 4 (or 1)
    ("kind: statements\ntitle: T\nstatements:\n  - id: a\n    text: Iets\n    type: norm\n"
     "  - id: b\n    text: Ander\n   type: norm\n", 9, "springt niet even ver in"),
    # an unclosed quote: where it was opened, not the end of the file
    ("kind: quiz\ntitle: 'Test\nquestions:\n  - id: a\n", 2, "aanhalingsteken"),
    ("kind: quiz\n\ttitle: x\n", 2, "tab"),
])
def test_yaml_syntax_errors_in_dutch_at_the_right_line(broken: str, line: int, words: str) -> None:
    with pytest.raises(ContentError) as e:
        parse_yaml(broken, "les/quiz.yaml")
    (problem,) = e.value.problems
    assert problem.field == f"line {line}", problem
    said = say(problem)
    assert said.startswith(f"les/quiz.yaml, regel {line}: ") and words in said, said
    assert not JARGON.search(said), said


def test_every_message_of_the_bad_corpus_has_a_dutch_form() -> None:
    """The corpus covers every kind of problem check reports (tests/bad/expected.yaml)."""
    problems = check_paths([BAD])
    with Speller() as speller:
        problems += check_language([BAD], speller)
    assert len(problems) >= 60
    missing = sorted({p.message for p in problems if translate(p.message) is None})
    assert not missing, missing
    for p in problems:
        assert not JARGON.search(say(p)[len(p.path):]), say(p)


def test_language_rules_in_dutch() -> None:
    from kijkverder.language import Field, check_fields

    fields = [Field("les/quiz.yaml", "questions[0].text",
                    "Wordt jij ook wel eens boos? We checken het even - daarna verder.",
                    "lessons/woordenlijst.txt")]
    problems = check_fields(fields, None)
    assert len(problems) == 3, problems
    said = [say(p) for p in problems]
    assert all(translate(p.message) for p in problems), said
    assert any("'Word jij'" in s and "geen -t" in s for s in said), said


def test_field_words_and_lines(tmp_path: Path) -> None:
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text("kind: quiz\ntitle: T\nquestions:\n  - id: a\n    text: Vraag\n"
                    "    options:\n      - text: Ja\n        correct: true\n      - text: Nee\n"
                    "        feedback: Uitleg\n", "utf-8")
    assert where(str(quiz), "questions[0].options[1].feedback") == \
        "regel 10, vraag 1, keuze 2, veld feedback"
    assert where(str(quiz), "title") == "regel 2, veld title"
    assert where("les/les.ipynb", "cells[3].metadata.tags") == "cel 4"
    assert where("les/les.ipynb", "(lesson)") == ""
    # a message without a Dutch form yet is shown, never dropped
    new = Problem(str(quiz), "title", "something new is wrong; fix it")
    assert say(new) == f"{quiz}, regel 2, veld title: Something new is wrong; fix it."


def test_preview_does_not_build_over_a_spelling_error(lessons: Path, tmp_path: Path) -> None:
    from kijkverder.preview import rebuild

    statements = lessons / NAME / "stellingen.yaml"
    text = statements.read_text("utf-8")
    statements.write_text(text.replace("Een grap over iemands lichaam",
                                       "Een grapp over iemands lichaam"), "utf-8")
    out = tmp_path / "out"
    logs: list[str] = []
    rnd = rebuild(lessons / NAME / f"{NAME}.ipynb", out, log=logs.append, jobs=1,
                  english=False, speller=Speller())
    assert not rnd.ok and rnd.written == [] and not out.exists() or not any(out.iterdir())
    said = "\n".join(logs)
    assert "regel 7, stelling 1, veld text: Het woord 'grapp'" in said, said
    assert "er is niets opnieuw gemaakt" in said, said
    # fixed: the same round builds
    statements.write_text(text, "utf-8")
    rnd = rebuild(lessons / NAME / f"{NAME}.ipynb", out, log=logs.append, jobs=1,
                  english=False, speller=Speller())
    assert rnd.ok and rnd.written, logs


def test_a_lesson_that_does_not_exist_in_dutch(tmp_path: Path) -> None:
    for args, words in ((["preview", "99"], "er is geen les '99'"),
                        (["preview", "99", "--english"], "no lesson '99'")):
        res = _kijkverder(ROOT, *args)
        assert res.returncode == 1 and words in res.stderr, res.stderr


MISTAKES = {  # what a teacher's editing slip does to one line
    "one space less": lambda ln: ln[1:] if ln.startswith(" ") else ln,
    "one space more": lambda ln: " " + ln,
    "a colon in the text": lambda ln: ln + " let op: dit",
    "an unclosed quote": lambda ln: ln.replace(": ", ": '", 1),
    "a misspelt field": lambda ln: re.sub(r"^(\s*-?\s*)(\w+):", r"\1\2x:", ln),
    "a number for a text": lambda ln: re.sub(r":\s.*$", ": 12", ln),
    "a tab": lambda ln: "\t" + ln.lstrip(),
    "no space after the dash": lambda ln: ln.replace("- ", "-", 1),
    "the line deleted": lambda ln: None,
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_every_editing_slip_in_a_lesson_file_is_said_in_dutch(mistake: str) -> None:
    """Each slip on every ninth line of every content file of the project: every problem has a
    Dutch form and a 1-based line."""
    change = MISTAKES[mistake]
    files = sorted(LESSONS.glob("*/*.yaml")) + [LESSONS / "begrippen.yaml"]
    said = 0
    for f in files:
        lines = f.read_text("utf-8").splitlines()
        for i in range(0, len(lines), 9):
            changed = change(lines[i])
            text = "\n".join(lines[:i] + ([] if changed is None else [changed]) + lines[i + 1:])
            try:
                parse_content(text + "\n", str(f))
            except ContentError as e:
                for p in e.problems:
                    said += 1
                    assert translate(p.message) is not None, (f.name, i + 1, p.message)
    assert said > 0, f"{mistake}: no problem at all"


def test_handouts_reports_in_dutch(tmp_path: Path) -> None:
    """The teacher's first command says what it did in Dutch too (English for contributors)."""

    def handouts(english: bool = False) -> str:
        res = _kijkverder(ROOT, "handouts", "01", "--out", str(tmp_path / "pdf"), "--jobs", "1",
                          english=english)
        assert res.returncode == 0, res.stderr
        return res.stderr

    first = handouts()
    assert re.search(r"\[1/3\] gemaakt: .*01-wat-is-uitbuiting-\w+\.pdf \(\d+ KB\)", first), first
    assert re.search(r"klaar in [\d.]+ s", first) and "done in" not in first, first
    again = handouts()
    assert "3 PDF('s) waren al bijgewerkt" in again, again
    assert "3 handout(s) up to date" in handouts(english=True)
