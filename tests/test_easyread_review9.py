"""Review round 9 on Kijk Verder Eenvoudig (E1-E4): Helpwanted is reached by its website, so
the lessons do not teach 'bellen'; Veilig Thuis is for everyone, not only from 18; and in E2 the
teacher, never a classmate, says the sexual pressure line."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import LESSONS

EASY = {p.name[:2]: p / f"{p.name}.ipynb" for p in sorted(LESSONS.glob("e[1-4]-*"))}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _html(nb: Path, edition: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(nb, edition)


# ------------------------------------------ lvb M1, prevention m1, language m1: Helpwanted
@pytest.mark.parametrize("lesson", ["e2", "e4"])
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_helpwanted_is_not_taught_as_a_phone_call(lesson: str, edition: str) -> None:
    """The E2/E4 help card gives Helpwanted by website only. A student who learns 'Helpwanted
    bellen' finds no number; review 10 (lvb M1): a sentence that says to call Helpwanted
    gives its number from the registry, in that sentence."""
    from widgets.registry import registry

    text = _text(_html(EASY[lesson], edition))
    calls = re.findall(r"[^.]*\b(?:bel|belt|bellen)\b[^.]*Helpwanted[^.]*\.|[^.]*Helpwanted [^.]*\b(?:bel|belt|bellen)\b[^.]*\.",
                       text, flags=re.IGNORECASE)
    phone = registry().get("helpwanted").phone
    assert all(phone in c for c in calls), calls


def test_e2_helpwanted_answer_makes_no_cost_claim_beyond_the_registry() -> None:
    """'De hulp is gratis' without 'bellen kost beltegoed' (the registry's own caveat)."""
    data = yaml.safe_load((EASY["e2"].parent / "wat-doe-je.yaml").read_text("utf-8"))
    item = next(i for i in data["items"] if i["id"] == "helpwanted")
    assert "gratis" not in item["explanation"] and "bellen" not in item["text"].lower()


# ----------------------------------------------------- lvb M2: Veilig Thuis is for everyone
@pytest.mark.parametrize("lesson", ["e2", "e4"])
def test_veilig_thuis_is_not_read_as_for_18_plus_only(lesson: str) -> None:
    text = _text(_html(EASY[lesson], "student"))
    body = text[:text.rindex("Veilig Thuis")]  # the lesson text, before the help card entry
    assert not re.search(r"18 of ouder\?[^?]*Bel dan Veilig Thuis", body)
    assert "Is het thuis niet veilig? Bel Veilig Thuis" in body
    assert "jonger bent dan 18" in body


def test_easy_card_says_veilig_thuis_is_also_under_18() -> None:
    from widgets.registry import registry

    easy = registry().get("veilig-thuis").easy
    # review 10, language m7: "ook als je jonger bent dan 18", with a verb
    assert re.search(r"jonger (bent )?dan 18", easy) and not easy.startswith("Voor iedereen, ook vanaf 18")


# ------------------------------------------ lvb M3: the teacher says the pressure line in E2
def test_e2_students_never_read_a_sexual_request_to_each_other() -> None:
    data = yaml.safe_load((EASY["e2"].parent / "oefenen.yaml").read_text("utf-8"))
    cards = {p["id"]: p["text"] for p in data["prompts"]}
    for card in ("shirt", "iedereen"):
        assert cards[card].startswith("Je docent speelt"), cards[card]
    assert "Eén leest de kaart" not in data["intro"]
    teacher = _text(_html(EASY["e2"], "teacher"))
    assert "als de klas dat nodig heeft" not in teacher
    assert "Leerlingen lezen de zin van kaart 1 en 2 niet aan elkaar voor" in teacher


# ------------------------------------------------------------------------------ minors
def test_e4_sort_instruction_does_not_say_both_after_pick_one() -> None:
    """language m4: 'Kies er één. Allebei is goed.' contradicted itself."""
    data = yaml.safe_load((EASY["e4"].parent / "wie-eerst.yaml").read_text("utf-8"))
    assert "Allebei is goed" not in data["intro"] and "Kies er dan één" in data["intro"]


def test_e3_gives_a_route_when_the_keerpunt_chat_is_closed() -> None:
    """teacher m8: the Keerpunt hours are a blank; without them a student had no next step."""
    text = _text(_html(EASY["e3"], "student"))
    assert "Is de chat dicht? Bel of chat met de Kindertelefoon" in text


@pytest.mark.parametrize("lesson", ["e1", "e3"])
def test_role_play_reader_says_the_line_once(lesson: str) -> None:
    """teacher m6, prevention m3: 'read once, do not push' on the sheet and in the lesplan."""
    data = yaml.safe_load((EASY[lesson].parent / "oefenen.yaml").read_text("utf-8"))
    # review 10 (language m1, lvb m2): 'aandringen' is not A2
    assert "één keer voor. Vraag het niet nog een keer." in data["intro"]
    assert "leest de zin één keer en dringt niet aan" in _text(_html(EASY[lesson], "teacher"))


def test_e3_examples_are_not_statements_about_the_student() -> None:
    """lvb m1, m3: 'Je doet al klusjes die niet mogen' read aloud sounds like an accusation;
    'Dan kom jij in de problemen' keeps a student who lent a bank card quiet."""
    text = _text(_html(EASY["e3"], "student"))
    assert "Dan kom jij in de problemen" not in text
    assert not re.search(r"(?<!Stel: )Je doet al klusjes die niet mogen", text)


def test_e1_says_when_isolating_from_friends_turns_red() -> None:
    """lvb m6: Jayden's girlfriend keeping him from his friends is orange; the key now says
    when it becomes red."""
    assert "Dan is het rood" in _text(_html(EASY["e1"], "teacher"))
