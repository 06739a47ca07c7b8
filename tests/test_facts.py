"""The facts registry (``lessons/feiten.yaml``): every figure and legal rule once, used by id.

Check refuses a figure or an article number written anywhere else (file, line, field, fix) and
warns about a fact checked more than a year ago; a reference shows the student wording in a
student place and the teacher wording (with article and date) in a teacher place, the same in
every output; the law sheet "Wat zegt de wet?" is teacher material only."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import LESSONS
from tests.inprocess import run_cli

#: A fact with an article (art. 252 Sr), used in a student and a teacher place.
FACT = "beelden-minderjarigen"


def run_check(*paths: str | Path) -> subprocess.CompletedProcess[str]:
    """``kijkverder check`` in this process (:func:`tests.inprocess.run_cli`: a child per case
    cost ~0.9 CPU s of imports)."""
    return run_cli("check", *paths)


@pytest.fixture
def lessons(tmp_path: Path, lesson01: Path) -> Path:
    """A lessons folder with a copy of lesson 01, the glossary and the facts registry."""
    root = tmp_path / "lessons"
    shutil.copytree(lesson01.parent, root / lesson01.parent.name)
    for name in ("begrippen.yaml", "feiten.yaml", "woordenlijst.txt"):
        shutil.copy(LESSONS / name, root / name)
    return root


def _nb(lessons: Path) -> Path:
    return next(lessons.glob("01-*/01-*.ipynb"))


def _edit_cell(nb_path: Path, index: int, source: str) -> None:
    nb = json.loads(nb_path.read_text("utf-8"))
    nb["cells"][index]["source"] = source
    nb_path.write_text(json.dumps(nb), "utf-8")


def _registry():
    from widgets.schema import load_content

    return load_content(LESSONS / "feiten.yaml", expected_kind="facts")


def _student_cell(nb_path: Path) -> int:
    nb = json.loads(nb_path.read_text("utf-8"))
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown" and i > 0
                and not c["metadata"].get("tags"))


def _teacher_cell(nb_path: Path) -> int:
    nb = json.loads(nb_path.read_text("utf-8"))
    return next(i for i, c in enumerate(nb["cells"])
                if "teacher" in c["metadata"].get("tags", []) and c["cell_type"] == "markdown")


# ------------------------------------------------------------------ check
def test_the_registry_is_valid_and_dated() -> None:
    facts = _registry()
    assert len(facts.facts) >= 10
    for f in facts.facts:
        assert f.teacher and f.source and f.source.url.startswith("https://"), f.id
    assert any(f.article == "art. 252 Sr" for f in facts.facts)
    assert facts.sheet is not None and len(facts.sheet.questions) >= 5


@pytest.mark.parametrize("text, what, snippet", [
    ("Er zijn elk jaar ongeveer 6.250 slachtoffers.", "figure", "6.250"),
    ("Het gaat om 12 procent van de jongeren.", "percentage", "12 procent"),
    ("Dit staat in artikel 252 van het Wetboek van Strafrecht.", "article number", "artikel 252"),
    ("Zie art. 273f.", "article number", "art. 273f"),
])
def test_a_figure_or_article_in_a_lesson_is_refused_with_line_and_fix(lessons: Path, text: str,
                                                                        what: str, snippet: str) -> None:
    nb = _nb(lessons)
    cell = _student_cell(nb)
    _edit_cell(nb, cell, f"## Kop\n\nEen gewone zin.\n{text}")
    res = run_check(nb)
    assert res.returncode == 1
    lines = [ln for ln in res.stdout.splitlines()
             if f"{what} '{snippet}'" in ln and f"cells[{cell}]" in ln]
    assert lines, res.stdout
    assert lines[0].startswith(f"{nb}: cells[{cell}] (line 4): ")
    assert "{{ fact:ID }}" in lines[0] and "feiten.yaml" in lines[0]


def test_a_figure_in_a_content_file_is_refused_with_its_line(lessons: Path) -> None:
    quiz = lessons / "01-wat-is-uitbuiting" / "starter.yaml"
    text = quiz.read_text("utf-8")
    lines = text.splitlines()
    n = next(i for i, ln in enumerate(lines) if ln.strip().startswith("feedback:"))
    lines[n] = lines[n].split("feedback:")[0] + "feedback: Dat gebeurt 3.000 keer per jaar."
    quiz.write_text("\n".join(lines) + "\n", "utf-8")
    res = run_check(quiz)
    assert res.returncode == 1
    found = [ln for ln in res.stdout.splitlines() if "'3.000" in ln]
    assert found and f"(line {n + 1}): figure" in found[0], res.stdout
    assert found[0].startswith(f"{quiz}: questions[")


def test_an_unknown_fact_is_refused_with_a_suggestion(lessons: Path) -> None:
    nb = _nb(lessons)
    _edit_cell(nb, _student_cell(nb), "## Kop\n\n{{ fact:sexting-gelijkwaardg }}")
    res = run_check(nb)
    assert res.returncode == 1
    assert "unknown fact 'sexting-gelijkwaardg'; did you mean 'sexting-gelijkwaardig'?" in res.stdout


def test_a_broken_reference_is_refused(lessons: Path) -> None:
    nb = _nb(lessons)
    _edit_cell(nb, _student_cell(nb), "## Kop\n\n{{ feit:sexting-gelijkwaardig }}")
    res = run_check(nb)
    assert res.returncode == 1 and "is not a fact reference" in res.stdout


def test_a_reference_in_a_lesson_passes_check(lessons: Path) -> None:
    nb = _nb(lessons)
    _edit_cell(nb, _student_cell(nb), "## Wat zegt de wet?\n\n{{ fact:%s }}" % FACT)
    res = run_check(nb)
    assert "unknown fact" not in res.stdout and "not a fact reference" not in res.stdout
    assert f"cells[{_student_cell(nb)}]" not in res.stdout, res.stdout


def test_a_fact_checked_more_than_a_year_ago_gives_a_warning(lessons: Path) -> None:
    reg = lessons / "feiten.yaml"
    reg.write_text(reg.read_text("utf-8").replace('checked: "2026-12-07"', 'checked: "2020-01-31"', 1),
                   "utf-8")
    res = run_check(reg)
    assert res.returncode == 0, res.stdout  # a warning, not a refusal
    first = _registry().facts[0].id
    assert f"warning: fact '{first}' was last checked on 2020-01-31" in res.stderr
    assert f"{reg}: facts[0].checked: " in res.stderr


def test_a_fresh_registry_gives_no_warning() -> None:
    import datetime

    from kijkverder.check import fact_warnings

    assert fact_warnings([LESSONS / "feiten.yaml"], datetime.date(2026, 12, 7)) == []
    late = fact_warnings([LESSONS / "feiten.yaml"], datetime.date(2028, 1, 1))
    assert late and all("more than a year ago" in p.message for p in late)


def test_a_fact_without_source_is_refused(lessons: Path) -> None:
    reg = lessons / "feiten.yaml"
    text = reg.read_text("utf-8")
    start = text.index("    source:\n")
    end = text.index("    checked:", start)
    reg.write_text(text[:start] + text[end:], "utf-8")
    res = run_check(reg)
    assert res.returncode == 1 and "facts[0].source: " in res.stdout and "has no source" in res.stdout


def test_law_sheet_outside_a_teacher_cell_is_refused(lessons: Path) -> None:
    nb = _nb(lessons)
    data = json.loads(nb.read_text("utf-8"))
    data["cells"].append({"cell_type": "code", "execution_count": None, "id": "wet", "outputs": [],
                          "metadata": {"jupyter": {"source_hidden": True}},
                          "source": "from widgets import LawSheet\nLawSheet()"})
    nb.write_text(json.dumps(data), "utf-8")
    res = run_check(nb)
    assert res.returncode == 1 and "LawSheet is teacher material" in res.stdout


# ------------------------------------------------------------------ resolution
def _with_references(lessons: Path) -> Path:
    nb = _nb(lessons)
    _edit_cell(nb, _student_cell(nb), "## Wat zegt de wet?\n\n{{ fact:%s }}" % FACT)
    _edit_cell(nb, _teacher_cell(nb), "## Voor de docent\n\n{{ fact:%s }}" % FACT)
    les = nb.parent / "les.yaml"
    les.write_text(les.read_text("utf-8").replace("Wijs op de hulpkaart.",
                                                  "Wijs op de hulpkaart. {{ fact:%s }}" % FACT), "utf-8")
    return nb


def test_a_reference_shows_the_wording_for_its_place(lessons: Path) -> None:
    from kijkverder.lessons import LessonSource, View
    from widgets.marks import iter_text

    fact = _registry().get(FACT)
    source = LessonSource.open(_with_references(lessons))
    student = source.view(View("student", "print"))
    shown = "\n".join(b.cell.source for b in student.blocks if b.kind == "markdown")
    assert fact.student in shown and fact.teacher not in shown and "{{" not in shown
    teacher = source.view(View("teacher", "print"))
    cells = [b.cell.source for b in teacher.blocks if b.kind == "markdown" and b.teacher]
    assert any(fact.teacher in c and "art. 252 Sr" in c and fact.checked in c for c in cells)
    # a teacher field of a content file gets the teacher wording, and students never see it
    notes = [i.text for i in iter_text(source.meta) if i.mark == "teacher"]
    assert any(fact.teacher in n for n in notes)
    assert not any(fact.teacher in i.text for i in iter_text(student.meta))


def test_every_output_shows_the_same_fact_text(lessons: Path, tmp_path: Path) -> None:
    from kijkverder.printing import lesson_html
    from kijkverder.lessons import LessonSource
    from kijkverder.release import write_copy

    fact = _registry().get(FACT)
    source = LessonSource.open(_with_references(lessons))
    out = tmp_path / "copy"
    write_copy([source], out, role="student")
    copy = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.suffix in (".ipynb", ".yaml"))
    assert "{{ fact" not in copy and fact.student.split(":")[0] in copy
    assert fact.teacher not in copy and "art. 252" not in copy
    html = lesson_html(source, "student")
    assert fact.student.split(":")[0] in html and "art. 252" not in html


def test_a_chart_bar_takes_its_value_from_the_registry(lessons: Path) -> None:
    from widgets import Chart

    chart = lessons / "01-wat-is-uitbuiting" / "cijfers.yaml"
    fact = next(f for f in _registry().facts if f.value is not None)
    chart.write_text(
        "kind: chart\ntitle: Schatting\nunit: slachtoffers per jaar\nbars:\n"
        f"  - label: Alle vormen\n    fact: {fact.id}\nsource: Nationaal Rapporteur\nyear: 2021\n",
        "utf-8")
    content = Chart.load_content(chart)
    assert content.bars[0].value == fact.value and content.bars[0].fact is None


# ------------------------------------------------------------------ law sheet
def test_law_sheet_is_in_the_teacher_edition_of_lesson_00_only() -> None:
    from kijkverder.printing import lesson_html
    from kijkverder.lessons import LessonSource

    sheet = _registry().sheet
    source = LessonSource.open(next(LESSONS.glob("00-*/00-*.ipynb")))
    teacher = lesson_html(source, "teacher")
    assert all(q.question.replace("'", "&#39;") in teacher for q in sheet.questions)
    for edition in ("student", "cards", "large", "large-cards"):
        html = lesson_html(source, edition)
        assert not any(q.question.replace("'", "&#39;") in html for q in sheet.questions), edition


def test_law_sheet_renders_nothing_from_a_students_registry() -> None:
    from widgets.lawsheet import LawSheet
    from widgets.marks import project

    facts = _registry()
    assert LawSheet.render_print(facts, "teacher").strip()
    assert LawSheet.render_print(facts, "student").strip() == ""
    assert LawSheet.render_print(project(facts, "student"), "teacher").strip() == ""


def test_law_sheet_pdf_is_one_sheet_with_every_question(tmp_path: Path) -> None:
    """One sheet, printed on both sides: with the teacher guidance under the answers about
    images and punishment (lawyer review 4, M1 and m5) one side no longer holds it."""
    import pikepdf

    from handouts.book import page_count
    from handouts.render import html_to_pdf, law_sheet_html

    pdf = html_to_pdf(law_sheet_html(LESSONS / "feiten.yaml"), base_url=str(LESSONS) + "/")
    assert page_count(pdf) <= 2
    path = tmp_path / "wet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    with pikepdf.open(path):
        pass
    for q in _registry().sheet.questions:
        assert q.question.split()[0] in text
    assert "art. 252 Sr" in text


# ------------------------------------------------------------------ paper voting and questions
def _cards(number: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(next(LESSONS.glob(f"{number}-*/{number}-*.ipynb")), "cards")


def _slips(number: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(next(LESSONS.glob(f"{number}-*/{number}-*.ipynb")), "slips")


def test_every_lesson_with_statements_has_voting_cards_in_its_slips() -> None:
    """One sheet per student: the voting cards are in the strookjes (what every student gets),
    never among the group cards (knipkaarten)."""
    from kijkverder.lessons import LessonSource, all_lessons

    with_statements = [nb for nb in all_lessons(LESSONS)
                       if any(u.name == "Statements" for u in LessonSource.open(nb).uses)]
    assert with_statements
    for nb in with_statements:
        html = _slips(nb.parent.name[:2])
        assert "kv-print-votecards" in html, nb.name
        assert "kv-print kv-print-votecards" not in _cards(nb.parent.name[:2]), nb.name
        for word in ("Eens", "Oneens", "Weet niet"):
            assert f'<th scope="col" class="vote-word">{word}</th>' in html, nb.name
        # a folded slip in an envelope, never eyes closed and a card held up (review M1)
        assert "ogen dicht" not in html and "envelop" in html, nb.name


def test_every_lessons_slips_hold_the_question_box() -> None:
    """The "Mijn vraag" slips are for every student: in the strookjes, not the group cards."""
    from kijkverder.lessons import LessonSource, all_lessons
    from kijkverder.targets import _has_slips

    for nb in all_lessons(LESSONS):
        if _has_slips(LessonSource.open(nb)):
            assert 'class="question-slip"' not in _cards(nb.parent.name[:2]), nb.name
            html = _slips(nb.parent.name[:2])
            assert "kv-print-questionbox" in html and "Mijn vraag" in html, nb.name
            assert html.count('class="question-slip"') == 4


def test_source_urls_are_teacher_only_and_never_in_a_student_copy(tmp_path: Path) -> None:
    """The registry's source URLs (citations, exempt from the no-links rule in the lessons
    folder) never reach a student: projected out of the copy of the registry and the lessons."""
    from kijkverder.lessons import LessonSource, all_lessons
    from kijkverder.release import write_copy
    from widgets.marks import field_marks
    from widgets.models.facts import Fact

    assert "teacher" in field_marks(Fact, "source")
    sources = [LessonSource.open(nb) for nb in all_lessons(LESSONS)
               if LessonSource.open(nb).audience != "docenten"]
    write_copy(sources, tmp_path / "copy", role="student")
    shipped = " ".join(p.read_text("utf-8") for p in (tmp_path / "copy").rglob("*")
                       if p.suffix in (".ipynb", ".yaml"))
    assert (tmp_path / "copy" / "feiten.yaml").is_file()
    for f in _registry().facts:
        assert f.source.url not in shipped
        assert f.article is None or f.article not in shipped
