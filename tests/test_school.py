"""Issue 14 item 2: the school's own help route (``lessons/school.yaml``).

Validation (one-line errors), "Op school" first on every help card on screen and in print, with
and without a profile, the check's exemption for exactly the profile, the one writer copying it,
``--school`` and the PDF cache key, and the teacher-only meldcode contact never in student copies.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kijkverder.check import check_paths, check_school
from kijkverder.lessons import LessonSource
from kijkverder.release import write_copy
from tests.conftest import LESSONS, ROOT
from widgets import HelpCard
from widgets.schema import ContentError, load_content, parse_content, project

EXAMPLE = LESSONS / "school.example.yaml"
LESSON = "01-wat-is-uitbuiting"
#: The example's teacher-only meldcode contact: never in anything a student gets.
MELDCODE_NAME = "Mevrouw R. Bakker"
MELDCODE_MAIL = "meldcode@voorbeeldcollege.example"
STUDENT_NAME = "Mevrouw S. de Vries"


def _profile(**changes: object) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data.update(changes)
    return data


def _text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A lessons folder with lesson 01 and the glossary, no school profile."""
    root = tmp_path / "lessons"
    root.mkdir()
    shutil.copytree(LESSONS / LESSON, root / LESSON)
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    return root


def _notebook(root: Path) -> Path:
    return root / LESSON / f"{LESSON}.ipynb"


# ------------------------------------------------------------------------------ validation
def test_the_example_is_valid_and_not_active() -> None:
    school = load_content(EXAMPLE, expected_kind="school")
    assert school.name and school.contacts and school.meldcode is not None
    assert not (LESSONS / "school.yaml").exists()  # the example is not the active profile
    assert check_paths([EXAMPLE]) == []


def _person(**changes: object) -> dict:
    person = {"role": "Mentor", "name": "Meneer B.", "where": "Kamer 2", "when": "Maandag",
              "email": "b@voorbeeldcollege.example"}
    person.update(changes)
    return person


BAD = {
    "private-number": ({"contacts": [_person(phone="06-12345678")]}, "contacts[0].phone",
                       "no phone numbers"),
    "private-mail": ({"web": None, "contacts": [_person(email="juf.b@gmail.com")]},
                     "contacts[0].email", "private address"),
    "other-domain": ({"contacts": [_person(email="b@elders.nl")]}, "contacts[0].email",
                     "@voorbeeldcollege.example"),
    "not-a-mail": ({"contacts": [_person(email="b at school")]}, "contacts[0].email",
                   "not an e-mail address"),
    "meldcode-mail": ({"meldcode": _person(email="x@hotmail.com")}, "meldcode.email",
                      "private address"),
    "web-url": ({"web": "https://voorbeeldcollege.nl"}, "web", "bare domain"),
    "mobile": ({"phone": "061-2345678"}, "phone", "no mobile numbers"),
    "bad-phone": ({"phone": "030 1234567"}, "phone", "not a Dutch phone number"),
    "local-phone": ({"local_help": [{"name": "X", "for": "Iets", "phone": "0612345678"}]},
                    "local_help[0].phone", "not a Dutch phone number"),
    "local-web": ({"local_help": [{"name": "X", "for": "Iets", "web": "www.x.nl/pad"}]},
                  "local_help[0].web", "bare domain"),
    "no-contacts": ({"contacts": []}, "contacts", "needs more entries"),
    "no-name": ({"name": None}, "name", "required"),
    "unknown-field": ({"adres": "Straat 1"}, "adres", "unknown field"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_profile_gives_one_line_per_problem(case: str, tmp_path: Path) -> None:
    changes, field, words = BAD[case]
    data = {k: v for k, v in _profile(**changes).items() if v is not None}
    path = tmp_path / "school.yaml"
    path.write_text(_text(data), "utf-8")
    with pytest.raises(ContentError) as e:
        load_content(path, expected_kind="school")
    lines = [str(p) for p in e.value.problems]
    assert any(p.field == field and words in p.message for p in e.value.problems), lines
    assert all("\n" not in line and line.startswith(str(path)) for line in lines)
    # check and the --school option report the same lines
    assert [str(p) for p in check_school(path)] == lines
    assert [str(p) for p in check_paths([path])] == lines


def test_school_of_another_kind_is_refused_by_the_option(tmp_path: Path) -> None:
    path = tmp_path / "mijnschool.yaml"
    path.write_text("kind: glossary\ntitle: X\nterms: [{term: a, definition: b}]\n", "utf-8")
    (problem,) = check_school(path)
    assert problem.field == "kind" and "expected kind 'school'" in problem.message


# ------------------------------------------------------------------------------ check exemption
def test_check_exempts_exactly_the_school_profile(tree: Path) -> None:
    text = EXAMPLE.read_text("utf-8")
    (tree / "school.yaml").write_text(text, "utf-8")
    assert check_paths([tree / "school.yaml"]) == []
    # the same content under another name, or inside a lesson folder, is not the profile
    (tree / "contacten.yaml").write_text(text, "utf-8")
    (tree / LESSON / "school.yaml").write_text(text, "utf-8")
    for other in (tree / "contacten.yaml", tree / LESSON / "school.yaml"):
        problems = check_paths([other])
        assert any(p.field == "kind" and "must be the file school.yaml" in p.message
                   for p in problems), problems
        assert any("e-mail address" in p.message for p in problems), problems
    # the whole folder: only the two misplaced copies are reported
    flagged = {p.path for p in check_paths([tree])}
    assert all("contacten.yaml" in f or f"{LESSON}/school.yaml" in f for f in flagged), flagged
    assert flagged


def test_check_still_refuses_contact_details_in_lesson_content(tree: Path) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    reflection = tree / LESSON / "extra.yaml"
    reflection.write_text("kind: reflection\ntitle: Vragen\nprompts:\n  - id: a\n    text: Mail "
                          "naar vertrouwenspersoon@voorbeeldcollege.example of bel 030-1234567\n",
                          "utf-8")
    messages = [p.message for p in check_paths([reflection])]
    assert any("e-mail address" in m for m in messages) and any("phone number" in m for m in messages)


def test_a_broken_profile_refuses_the_lessons(tree: Path) -> None:
    from kijkverder.check import gate

    (tree / "school.yaml").write_text(_text(_profile(phone="06-12345678")), "utf-8")
    ok, refused = gate([_notebook(tree)])
    assert ok == [] and any(p.field == "phone" for p in refused[LESSON])


# ------------------------------------------------------------------------------ on screen
def _screen_card(folder: Path, monkeypatch: pytest.MonkeyPatch, role: str = "student") -> HelpCard:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("KIJKVERDER_VIEW", role)
    return HelpCard()


def test_screen_card_starts_with_the_school(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch)
    html = card.school_box.value
    assert "Op school" in html and "Het Voorbeeld College" in html and STUDENT_NAME in html
    assert "Kamer 1.12" in html and "vertrouwenspersoon@voorbeeldcollege.example" in html
    assert "Jongerenwerk Voorbeeldstad" in html
    assert MELDCODE_NAME not in html and MELDCODE_MAIL not in html  # staff only
    parts = card.school_box.value + card.national.value + card.list.value
    assert parts.index("Op school") < parts.index(STUDENT_NAME) < parts.index("Alarmnummer 112")


def test_screen_card_for_the_teacher_shows_the_meldcode_contact(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch, role="teacher")
    assert MELDCODE_NAME in card.school_box.value and "Meldcode" in card.school_box.value


def test_screen_card_without_a_profile_says_what_to_fill_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "les").mkdir()
    card = _screen_card(tmp_path / "les", monkeypatch)
    html = card.school_box.value
    assert "Op school" in html and "Nog niet ingevuld" in html and "school.yaml" in html


def test_screen_card_with_a_broken_profile_names_the_problem(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(_text(_profile(phone="06-12345678")), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch)
    assert "Op school" in card.school_box.value and "phone" in card.school_box.value


# ------------------------------------------------------------------------------ in print
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_print_card_with_and_without_a_profile(tree: Path, edition: str) -> None:
    from handouts.render import lesson_html

    nb = _notebook(tree)
    without = lesson_html(nb, edition)
    assert "<h4>Op school</h4>" in without and "Nog niet ingevuld" in without
    assert "lessons/school.yaml" in without
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    html = lesson_html(nb, edition)
    assert "Nog niet ingevuld" not in html
    assert html.index("<h4>Op school</h4>") < html.index(STUDENT_NAME) < html.index("Alarmnummer 112")
    assert (MELDCODE_NAME in html) == (edition == "teacher")


def test_student_print_never_shows_the_meldcode_even_unprojected() -> None:
    school = load_content(EXAMPLE, expected_kind="school")
    for edition in ("student",):
        html = HelpCard.render_print(None, edition, school=school)
        assert STUDENT_NAME in html and MELDCODE_NAME not in html


def test_student_pdf_starts_the_help_card_with_the_school(tree: Path, tmp_path: Path) -> None:
    from handouts.build import build

    out = tmp_path / "pdf"
    result = build([_notebook(tree)], out, jobs=1, book=False, log=lambda _m: None,
                   school=EXAMPLE)
    assert not result.refused
    pdf = next(p for p in result.written if p.name.endswith("-werkblad.pdf"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.split())  # two columns: a name may wrap, so look for its start
    heading = text.index("iets fout hebt gedaan. Op school kun je naar je mentor")  # the intro
    assert heading < text.index("Op school Op Het Voorbeeld College") < \
        text.index("Vertrouwenspersoon: Mevrouw S.") < text.index("Alarmnummer 112")
    assert MELDCODE_NAME not in text and "Nog niet ingevuld" not in text


def test_the_pdf_cache_key_includes_the_profile(tree: Path, tmp_path: Path) -> None:
    from handouts.build import plan

    source = LessonSource.open(_notebook(tree))
    keys = lambda **kw: [j.key for j in plan([source], tmp_path, book=True, **kw)]  # noqa: E731
    none = keys()
    other = tmp_path / "andere-school.yaml"
    other.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    with_option = keys(school=other)
    assert all(a != b for a, b in zip(none, with_option))
    other.write_text(_text(_profile(name="Een Andere School")), "utf-8")
    assert all(a != b for a, b in zip(with_option, keys(school=other)))
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    source = LessonSource.open(_notebook(tree))
    assert all(a != b for a, b in zip(none, keys()))  # lessons/school.yaml: in the fingerprint


def test_handouts_refuse_a_broken_profile(tree: Path, tmp_path: Path) -> None:
    bad = tmp_path / "school.yaml"
    bad.write_text(_text(_profile(phone="06-12345678")), "utf-8")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "handouts", str(_notebook(tree)),
                          "--out", str(tmp_path / "pdf"), "--school", str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1
    assert f"{bad}: phone:" in res.stderr
    assert not list((tmp_path / "pdf").glob("*.pdf"))


# ------------------------------------------------------------------------------ copies
def test_the_one_writer_copies_the_profile_for_the_role(tree: Path, tmp_path: Path) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    source = LessonSource.open(_notebook(tree))
    student, teacher = tmp_path / "student", tmp_path / "teacher"
    write_copy([source], student, "student")
    write_copy([source], teacher, "teacher")
    copied = (student / "school.yaml").read_text("utf-8")
    assert STUDENT_NAME in copied and MELDCODE_NAME not in copied and "meldcode" not in copied
    assert MELDCODE_NAME in (teacher / "school.yaml").read_text("utf-8")
    # the copy is a valid profile that check accepts
    assert check_paths([student / "school.yaml"]) == []
    # no student file anywhere in the copy holds the meldcode contact
    for f in student.rglob("*"):
        if f.is_file():
            assert MELDCODE_MAIL not in f.read_text("utf-8", errors="replace"), f


def test_release_with_school_option(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "release", str(_notebook(tree)),
                          "--out", str(out), "--school", str(EXAMPLE)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    school = parse_content((out / "school.yaml").read_text("utf-8"), "school.yaml", "school")
    assert school.name == "Het Voorbeeld College" and school.meldcode is None
    assert school == project(load_content(EXAMPLE), "student")


def test_without_a_profile_the_copy_has_none(tree: Path, tmp_path: Path) -> None:
    write_copy([LessonSource.open(_notebook(tree))], tmp_path / "c", "student")
    assert not (tmp_path / "c" / "school.yaml").exists()
