"""Lesson plans of the main series after the fifth review round (teacher M1-M5 and M8, student15
M1-M2, prevention m1 and m5).

- On paper the teacher counts a statement without blame, never the blame statement (teacher M1).
- A lesson split over two periods ends the first part with a closing and the help card (M2).
- Les 00 has a short script for a class that laughs or blames; 03 and 08 point to it (M3).
- A story vote on slips gets its minutes, and a way out, also with only a digibord (M4).
- Every 40-minute version adds up to 40 minutes (M5).
- Slips are printed for every class, also with a digibord or laptops (M8).
- The agreements say honestly what happens after leaving the room or telling (student15 M1-M2).
- Statement cards are read out, never put up on a wall (prevention m5).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.test_content_rules import lesson_texts

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
MAIN = sorted(p for p in LESSONS.glob("0*") if p.is_dir())


def _meta(number: str) -> dict:
    (path,) = LESSONS.glob(f"{number}-*/les.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _notebook_text(number: str) -> str:
    (path,) = LESSONS.glob(f"{number}-*/{number}-*.ipynb")
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _step(number: str, word: str) -> str:
    (note,) = [s["note"] for s in _meta(number)["plan"] if word in s["activity"]]
    return note


def _main_texts() -> list[tuple[str, str]]:
    return [(w, t) for w, t in lesson_texts() if w[:2].isdigit()]


# ------------------------------------------------------------------ M1: what to count on paper
def test_no_plan_counts_the_statement_you_discuss_first() -> None:
    """'Tel alleen de stelling die je als eerste bespreekt' made a teacher count the blame
    statement that lesson 04 told him to begin with."""
    found = [w for w, t in _main_texts() if "als eerste bespreekt" in t]
    assert found == []


@pytest.mark.parametrize("number,count,blame", [
    ("03", "doorsturen", "eigen schuld"), ("04", None, "zelf schuld"), ("05", "doorgestuurd", "cadeaus"),
    ("07", "zonen en dochters", "de foto"), ("08", "porno", "onder de 18")])
def test_on_paper_the_plan_names_the_statement_to_count(number: str, count: str | None,
                                                        blame: str) -> None:
    """Review 7 teacher M2: lesson 04 takes only 'verraden' and 'zelf schuld' on paper, and
    neither is counted in class, so on paper it counts nothing."""
    for text in (_step(number, "Stellingen"), _notebook_text(number)):
        if count is None:
            assert "op papier tel je in de klas niets" in text, number
        else:
            assert re.search(rf"Op papier tel je (zelf |in de klas )?alleen '[^']*{count}", text), number
        assert re.search(rf"'[^']*{blame}[^']*' tel je niet in de klas", text, re.I), number
    assert "Begin met 'Wie onder druk" not in _notebook_text(number)


# ------------------------------------------------------------------ M2: two periods
def test_a_split_lesson_ends_the_first_part_with_the_help_card() -> None:
    text = _notebook_text("00")
    assert re.search(r"over twee lesuren[^\n]*sluit[^\n]*hulpkaart", text, re.I), \
        "les 00: say how the first period ends"


# ------------------------------------------------------------------ M3: a class that laughs
def test_lesson_00_has_a_script_for_a_laughing_or_blaming_class() -> None:
    assert "Als de klas lacht of iemand de schuld geeft" in _notebook_text("00")


@pytest.mark.parametrize("number", ["03", "08"])
def test_lessons_03_and_08_point_to_the_script(number: str) -> None:
    assert "Als de klas lacht of iemand de schuld geeft" in _notebook_text(number)


# ------------------------------------------------------------------ M4: a story vote on slips
def test_a_story_vote_on_slips_has_its_minutes_and_a_way_out() -> None:
    note = _step("02", "Jayden")
    assert "alleen een digibord" in note and "3 minuten" in note and "stem dan niet" in note, note


def test_lesson_03_does_not_vote_unless_the_teacher_makes_time() -> None:
    """Review 7 teacher M1: in lesson 03 not voting is the default; a vote takes 3 minutes
    from 'Webcam en betaalde sites'."""
    note = _step("03", "Noor")
    assert note.startswith("Stem niet") and "3 minuten" in note and "Webcam" in note, note


# ------------------------------------------------------------------ M5: 40 minutes
def forty_minutes(short: str) -> list[int]:
    """The minutes in the 'Zo kom je op 40 minuten: …' sentence, one per activity."""
    match = re.search(r"Zo kom je op 40 minuten: ", short)
    assert match, short
    items, depth, item = [], 0, ""
    for char in short[match.end():]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char in ",.":
            items.append(item)
            item = ""
            if char == ".":
                break
        else:
            item += char
    plain = [re.sub(r"\([^)]*\)|'[^']*'", "", i) for i in items]
    return [int(re.findall(r"\d+", p)[-1]) for p in plain]


def test_forty_minutes_finds_a_wrong_sum() -> None:
    assert sum(forty_minutes("Zo kom je op 40 minuten: opstarten 3, 'onder de 18' 5 (a, b 9), rest 30. X")) == 38


@pytest.mark.parametrize("lesson", [p for p in MAIN if p.name[:2] != "00"], ids=lambda p: p.name[:2])
def test_every_forty_minute_version_adds_up_to_forty(lesson: Path) -> None:
    short = yaml.safe_load((lesson / "les.yaml").read_text(encoding="utf-8"))["short"]
    assert sum(forty_minutes(short)) == 40, short


# ------------------------------------------------------------------ M8: slips for every class
@pytest.mark.parametrize("lesson", [p for p in MAIN if p.name[:2] not in ("00", "07")],
                         ids=lambda p: p.name[:2])
def test_slips_are_printed_also_for_a_digibord_or_laptop_class(lesson: Path) -> None:
    note = yaml.safe_load((lesson / "les.yaml").read_text(encoding="utf-8"))["plan"][0]["note"]
    assert "ook met het digibord of laptops" in note, note


# ------------------------------------------------------------------ student15 M1-M2
def test_agreements_say_what_happens_after_leaving_or_telling() -> None:
    from widgets.agreements_text import AGREEMENTS

    text = " ".join(AGREEMENTS["nl"])
    assert "komt even kijken" in text, "leaving the room: say that someone checks on you"
    assert "ouders" in text and "thuis niet veilig" in text, "telling: say honestly about parents"


# ------------------------------------------------------------------ prevention m5
def test_statement_cards_are_never_put_up() -> None:
    from widgets.i18n import STRINGS

    assert not re.search(r"ophangen", STRINGS["nl"]["statement_card_use"])
    found = [w for w, t in _main_texts() if re.search(r"(voorlezen|voor te lezen) of (ophangen|op te hangen)", t)]
    assert found == []


# ------------------------------------------------------------------ the print lists
def test_team_meeting_print_list_counts_participants() -> None:
    """Les 00 is read in a team meeting: its print list speaks of participants (teacher m8)."""
    from kijkverder.printing import lesson_html
    from tests.test_paper_forms import _nb, _section, _text

    (part,) = _section(lesson_html(_nb("00"), "teacher"), "kv-print-printlist")
    words = _text(part)
    assert "per deelnemer" in words and "leerling" not in words, words


def test_class_print_list_says_slips_are_always_printed() -> None:
    """A laptop class votes on paper too (teacher M8)."""
    from kijkverder.printing import lesson_html
    from tests.test_paper_forms import _nb, _section, _text

    (part,) = _section(lesson_html(_nb("04"), "teacher"), "kv-print-printlist")
    words = _text(part)
    assert "Print de strookjes altijd, ook met het digibord of laptops" in words
    assert "één per leerling zonder laptop" in words


# ------------------------------------------------------------------ student15 minors
def test_slips_keep_a_vote_and_a_private_note_private() -> None:
    """A vote slip is folded again after each cross (student15 m3); a private slip is not
    thrown whole into the class bin (m9); 'Offlimits' is explained (m1)."""
    from widgets.i18n import STRINGS

    assert "weer dubbel" in STRINGS["nl"]["vote_slip_instruction"]
    assert "niet in de klas" in STRINGS["nl"]["reflection_slip_instruction"]
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "widgets" / "data" /
                           "resources.yaml").read_text(encoding="utf-8"))
    (helpwanted,) = [o for o in data["organisations"] if o["id"] == "helpwanted"]
    assert helpwanted["name"] == "Helpwanted (onderdeel van Offlimits)"
