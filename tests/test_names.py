"""Another name for a lesson character (the school profile's ``namen``): a student who shares a
character's name is not teased. Set once, used by every output: print (worksheet, teacher
edition, cards), the screen copies (release, lab, present, site) and the kernel's widgets.
Validated with the house's one-line problems; the characters are declared once
(``widgets/data/personages.yaml``) and checked here against the lessons."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from kijkverder.check import check_paths, check_school
from kijkverder.lab import student_copy
from kijkverder.lessons import LessonSource
from kijkverder.messages import say
from kijkverder.printing import lesson_html
from kijkverder.release import copy_lesson, write_copy
from kijkverder.site.lesson_pages import projector_cells, write_lessons
from tests.conftest import LESSONS
from widgets import Scenario
from widgets.names import characters, possessive, rename_text
from widgets.schema import load_content

EXAMPLE = LESSONS / "school.example.yaml"
LESSON = "02-voorbij-het-stereotype"
#: Jayden is lesson 02's victim, Naomi the perpetrator; both occur in the possessive there
#: ("Jaydens situatie", "Naomi's vraag"). Ravi is a character of E3, so it cannot be a new name.
NAMES = {"Jayden": "Timo", "Naomi": "Els"}
OLD = re.compile(r"\b(?:Jayden|Naomi)")


def _profile(path: Path, names: object = NAMES) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["namen"] = names
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A lessons folder with lesson 02, the shared files and a profile that renames Jayden."""
    root = tmp_path / "lessons"
    root.mkdir()
    shutil.copytree(LESSONS / LESSON, root / LESSON)
    for name in ("begrippen.yaml", "feiten.yaml"):
        shutil.copy(LESSONS / name, root / name)
    _profile(root / "school.yaml")
    return root


def _notebook(root: Path) -> Path:
    return root / LESSON / f"{LESSON}.ipynb"


def _files_text(folder: Path, skip: tuple[str, ...] = ()) -> str:
    return "\n".join(f.read_text("utf-8") for f in sorted(folder.rglob("*"))
                     if f.is_file() and f.name not in skip)


# ------------------------------------------------------------------------------------- print
@pytest.mark.parametrize("edition", ["student", "teacher", "cards"])
def test_print_uses_the_other_name(tree: Path, edition: str) -> None:
    """The worksheet, teacher edition and cards of lesson 02 with ``Jayden: Timo`` in
    ``lessons/school.yaml``: no Jayden, no Naomi, and the new names' own possessives."""
    page = html.unescape(lesson_html(LessonSource.open(_notebook(tree)), edition))
    assert not OLD.search(page), OLD.search(page)
    assert "Het verhaal van Timo" in page and "Els" in page
    if edition == "teacher":  # the teacher's text says "Jaydens situatie", "Naomi's vraag"
        assert "Timo's situatie" in page and "Els' vraag" in page
        assert "Timos" not in page and "Els's" not in page


def test_print_with_the_school_option_uses_its_names(tmp_path: Path) -> None:
    """``handouts --school PATH``: that profile's names, for the lessons in the project."""
    profile = _profile(tmp_path / "noord.yaml")
    source = LessonSource.open(LESSONS / LESSON / f"{LESSON}.ipynb")
    page = html.unescape(lesson_html(source, "teacher", profile))
    assert not OLD.search(page) and "Timo's situatie" in page
    assert OLD.search(html.unescape(lesson_html(source, "teacher")))  # without: unchanged


# ------------------------------------------------------------------------------------ screen
def test_the_kernel_widgets_use_the_other_name(tree: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """The source lessons in place (``lab --teacher``): the widget loads its content with the
    loader every widget uses and shows the profile's names."""
    monkeypatch.chdir(tree / LESSON)
    monkeypatch.setenv("KIJKVERDER_VIEW", "teacher")
    widget = Scenario.load("verhaal.yaml")
    assert isinstance(widget, Scenario)
    text = widget.content.model_dump_json()
    assert not OLD.search(text) and "Timo" in text and widget.content.character.name == "Timo"


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_the_screen_copy_uses_the_other_name(tree: Path, tmp_path: Path, role: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The one writer of screen copies (release, lab, present, site): notebook cells and content
    renamed; a student's copy of the profile does not say which name was changed."""
    out = tmp_path / "copy"
    write_copy([LessonSource.open(_notebook(tree))], out, role)
    assert not OLD.search(_files_text(out, skip=("school.yaml",)))
    profile = (out / "school.yaml").read_text("utf-8")
    assert ("Jayden" in profile) == (role == "teacher")
    monkeypatch.chdir(out / LESSON)
    monkeypatch.setenv("KIJKVERDER_VIEW", role)
    widget = Scenario.load("verhaal.yaml")
    assert widget.content.character.name == "Timo"


def test_lab_copy_with_the_school_option(tmp_path: Path) -> None:
    """``kijkverder lab --school`` serves a student copy made by ``release``."""
    served = student_copy([LESSONS / LESSON / f"{LESSON}.ipynb"], tmp_path / "lab",
                          _profile(tmp_path / "noord.yaml"))
    assert not OLD.search(_files_text(served)) and "Timo" in _files_text(served)


def test_present_copy_with_the_school_option(tmp_path: Path) -> None:
    """``kijkverder present 02 --school``: the teacher's projector copy."""
    notebook = copy_lesson(str(LESSONS / LESSON), "teacher", tmp_path / "present",
                           style="projector", school=_profile(tmp_path / "noord.yaml"))
    assert "Het verhaal van Timo" in notebook.read_text("utf-8")
    assert not OLD.search(_files_text(notebook.parent))


def test_site_projector_page_uses_the_other_name(tree: Path, tmp_path: Path) -> None:
    """The site's lesson pages are drawn from its copy: markdown and the files the page's kernel
    gets carry the new names (the student site's profile copy has no ``namen``)."""
    out = tmp_path / "site"
    write_lessons([LessonSource.open(_notebook(tree))], out, "leerlingen")
    cells = "\n".join(projector_cells(out / LESSON / f"{LESSON}.ipynb"))
    assert not OLD.search(cells) and "Het verhaal van Timo" in cells


# -------------------------------------------------------------------------------- validation
BAD = {
    "unknown character": ({"Kees": "Timo"}, "namen.Kees", "'Kees' is geen personage uit de "
                          "lessen. Kies een van deze namen: Amira, Anouk"),
    "not a plain name": ({"Jayden": "<b>Timo</b>"}, "namen.Jayden", "is geen gewone voornaam"),
    "lower case": ({"Jayden": "timo"}, "namen.Jayden", "is geen gewone voornaam"),
    "too long": ({"Jayden": "A" + "a" * 20}, "namen.Jayden", "hoogstens 20 tekens"),
    "two words": ({"Jayden": "Timo Bos"}, "namen.Jayden", "is geen gewone voornaam"),
    "another character": ({"Jayden": "Ravi"}, "namen.Jayden", "'Ravi' is ook een personage uit "
                          "de lessen. Kies een naam die niet in de lessen staat"),
    "twice the same": ({"Jayden": "Timo", "Noor": "Timo"}, "namen.Noor",
                       "'Timo' staat ook al bij Jayden. Geef elk personage een eigen naam"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_name_gives_a_dutch_problem(case: str, tmp_path: Path) -> None:
    names, field, dutch = BAD[case]
    path = _profile(tmp_path / "school.yaml", names)
    (problem,) = check_school(path)
    assert problem.field == field
    line = next(i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1)
                if t.strip().startswith(field.split(".")[1] + ":"))
    said = say(problem)
    assert said.startswith(f"{path}, regel {line}, veld namen, veld {field.split('.')[1]}: ")
    assert dutch in said, said


def test_the_example_shows_the_field_and_stays_valid() -> None:
    assert "# namen:" in EXAMPLE.read_text("utf-8")
    assert check_school(EXAMPLE) == []
    assert load_content(EXAMPLE, expected_kind="school").names == {}


def test_check_accepts_a_profile_with_names(tree: Path) -> None:
    assert check_paths([tree]) == []


# ----------------------------------------------------------------------------- the words
@pytest.mark.parametrize("text, names, want", [
    ("Jayden en Jaydens zus", {"Jayden": "Ravi"}, "Ravi en Ravi's zus"),
    ("Jaydens zus", {"Jayden": "Daan"}, "Daans zus"),
    ("Jaydens zus", {"Jayden": "Tess"}, "Tess' zus"),
    ("Naomi's vraag", {"Naomi": "Femke"}, "Femkes vraag"),
    ("Tess' fiets", {"Tess": "Mira"}, "Mira's fiets"),
    ("'Wat hielp Jayden?' Jayden-fan", {"Jayden": "Bo"}, "'Wat hielp Bo?' Bo-fan"),
    ("Jaydenx, jayden, SemJayden, Semester", {"Jayden": "Bo", "Sem": "Ko"},
     "Jaydenx, jayden, SemJayden, Semester"),
])
def test_whole_words_and_the_possessive(text: str, names: dict, want: str) -> None:
    assert rename_text(text, tuple(names.items())) == want


def test_possessive() -> None:
    assert [possessive(n) for n in ("Ravi", "Daan", "Tess", "Femke", "Max", "Bo")] == [
        "Ravi's", "Daans", "Tess'", "Femkes", "Max'", "Bo's"]


def _lesson_text() -> str:
    return "\n".join(f.read_text("utf-8") for f in sorted(LESSONS.glob("*/*"))
                     if f.suffix in (".yaml", ".ipynb"))


def test_every_declared_character_is_in_the_lessons() -> None:
    text = _lesson_text()
    missing = [n for n in characters() if not re.search(rf"\b{n}\b", text)]
    assert missing == [], f"widgets/data/personages.yaml: not in any lesson: {missing}"


def test_every_character_of_the_lessons_is_declared() -> None:
    """A story's character, a name in a lesson's "De namen in deze les" and a person introduced
    with an age ("Lucas (15)", "Tess is 20") or as a friend or relative ("vriendin Senna")."""
    text = _lesson_text()
    found = {c.name for f in LESSONS.glob("*/*.yaml") if "kind: scenario" in f.read_text("utf-8")
             for c in [load_content(f, expected_kind="scenario").character]}
    for line in re.findall(r"namen in deze les: ([^.]*)\.", text):
        found |= set(re.findall(r"\b[A-Z][a-z]+\b", line))
    found |= set(re.findall(r"\b([A-Z][a-z]+) (?:\(\d\d\)|is \d\d\b)", text))
    found |= set(re.findall(r"\b(?:vriend|vriendin|zus|broer|klasgenoot) ([A-Z][a-z]+)", text))
    assert len(found) > 30
    assert sorted(found - set(characters()) - {"Ze", "Hij", "Zij"}) == []
