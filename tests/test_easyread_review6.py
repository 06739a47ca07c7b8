"""Review round 6 on Kijk Verder Eenvoudig (E1-E4): what a literal reader or a teacher who follows
the numbered steps to the letter must find. A disclosure in class gets a short, calm answer and a
private talk after the lesson (never "En toen?" in front of the group); E4 names everyone at school
who may not keep a secret; nothing sends a student to school at night; role cards say who plays
whom; the first-person help card is played by all pairs at once; E1's plan adds up."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import LESSONS

EASY = sorted(LESSONS.glob("e[0-9]-*/e[0-9]-*.ipynb"))
GUIDE = LESSONS / "00-docentenhandleiding" / "00-docentenhandleiding.ipynb"


def cells(nb: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(nb.read_text("utf-8"))["cells"]]


def lesson_text(nb: Path) -> str:
    """Every cell of ``nb`` and every YAML file next to it."""
    return "\n".join(cells(nb)) + "\n" + "\n".join(
        p.read_text("utf-8") for p in sorted(nb.parent.glob("*.yaml")))


def easy_section_of_the_guide() -> str:
    """The cells of lesson 00 about the easy series (they name Kijk Verder Eenvoudig or LVB)."""
    return "\n".join(c for c in cells(GUIDE) if "Eenvoudig" in c or "LVB" in c or "weinig woorden" in c)


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_an_easy_disclosure_in_class_gets_a_short_answer_and_a_private_talk(nb: Path) -> None:
    text = lesson_text(nb)
    assert "We praten er straks samen over." in text
    assert "direct na de les" in text.lower()
    assert "En toen?" not in text and "Wat is er gebeurd?" not in text


def test_the_guide_easy_section_asks_no_details_in_class() -> None:
    text = easy_section_of_the_guide()
    assert "We praten er straks samen over." in text
    assert "En toen?" not in text and "Wat is er gebeurd?" not in text


def test_e4_says_the_mentor_and_the_vertrouwenspersoon_keep_no_such_secret() -> None:
    text = lesson_text(LESSONS / "e4-hulp-vragen" / "e4-hulp-vragen.ipynb")
    assert "Dan mogen de mentor en de vertrouwenspersoon dat niet geheim houden." in text
    assert "Ook andere volwassenen op school niet." in text
    assert "Dan mag de mentor dat niet geheim houden." not in text


def test_e4_makes_no_promise_about_punishment() -> None:
    text = lesson_text(LESSONS / "e4-hulp-vragen" / "e4-hulp-vragen.ipynb")
    assert "niet straffen" not in text


def test_e2_sends_nobody_to_school_at_night() -> None:
    text = lesson_text(LESSONS / "e2-online-fotos" / "e2-online-fotos.ipynb")
    assert "Of ga op school meteen naar je mentor" not in text
    assert "De volgende schooldag ga je meteen naar je mentor." in text


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_role_cards_say_who_the_classmate_plays(nb: Path) -> None:
    cards = (nb.parent / "oefenen.yaml").read_text("utf-8")
    assert "De ander is" not in cards
    assert "Oefen met de Kindertelefoon" not in cards


def test_e4_card_pretends_to_call_the_help_line() -> None:
    cards = (LESSONS / "e4-hulp-vragen" / "oefenen.yaml").read_text("utf-8")
    assert "Doe alsof je de Kindertelefoon belt." in cards


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_nobody_is_made_to_play_the_pressure_role(nb: Path) -> None:
    assert "wissel ook van rol" not in lesson_text(nb).lower()


@pytest.mark.parametrize("folder", ["e1-echte-vriend", "e2-online-fotos", "e3-snel-geld"])
def test_the_first_person_help_card_is_played_by_all_pairs_at_once(folder: str) -> None:
    nb = LESSONS / folder / f"{folder}.ipynb"
    plan = yaml.safe_load((nb.parent / "les.yaml").read_text("utf-8"))["plan"]
    role_play = next(p["note"] for p in plan if p["activity"].startswith("Rollenspel"))
    teacher = next(c for c in cells(nb) if c.startswith("**Docent – rollenspel"))
    for text in (role_play, teacher):
        assert "alle tweetallen spelen hem tegelijk" in text.lower()
        assert "Niemand speelt hem voor de klas." in text


def test_e1_gives_the_colours_ten_minutes_and_adds_up_to_fifty() -> None:
    les = yaml.safe_load((LESSONS / "e1-echte-vriend" / "les.yaml").read_text("utf-8"))
    colours = next(p for p in les["plan"] if p["activity"] == "Groen, oranje, rood")
    assert colours["minutes"] >= 10
    assert sum(p["minutes"] for p in les["plan"]) == les["duration"] == 50
