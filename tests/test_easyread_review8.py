"""Review round 8 on Kijk Verder Eenvoudig (E1-E4): the rule for 'rood', an evening route in
E2, a help card that says 'bellen' without a number, the sentence at the teacher's choice on
the story cards, closing blok 1 on its own day, and a student with a character's name."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import LESSONS

EASY = {p.name[:2]: p / f"{p.name}.ipynb" for p in sorted(LESSONS.glob("e[1-4]-*"))}


def _yaml(nb: Path, name: str) -> dict:
    return yaml.safe_load((nb.parent / name).read_text("utf-8"))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _html(nb: Path, edition: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(nb, edition)


def _card(lesson: str) -> str:
    html = _html(EASY[lesson], "student")
    return _text(html[html.rindex("kv-print-help"):])


# ------------------------------------------------------- lvb M1: 'rood' is about the other
def test_e1_red_hangs_on_what_the_other_does_not_on_feeling() -> None:
    """lvb M1: 'Rood ... Iemand doet iets wat jij niet wilt' missed grooming a student enjoys
    (Lisa, Aylin). The teacher note says the colours hang on what the other does; so does the
    rule now, with the signals of the sorting task and 'ook als het fijn voelt'."""
    text = _text(_html(EASY["e1"], "student"))
    red = text[text.index("Rood is niet oké."):text.index("Let op: iets kan fijn voelen")]
    assert "wat jij niet wilt" not in red
    assert "Ook als het fijn voelt" in red
    for signal in ("druk", "dreigt", "terugdoen", "geheim"):
        assert signal in red, signal


# ----------------------------------------- lvb M2: E2, evening and weekend, not at home
def test_e2_gives_a_route_when_telling_at_home_is_not_possible() -> None:
    """lvb M2: a student blackmailed on a Saturday evening who cannot tell anyone at home had
    only 113 (despair), 112 or the next school day. Now the sheet and the card name the
    Kindertelefoon, as E4 does; the card keeps at most four numbers and Veilig Thuis."""
    from widgets.helpcard import MAX_SHORT_NUMBERS
    from widgets.registry import registry

    text = _text(_html(EASY["e2"], "student"))
    # review 10, lvb M1: the Kindertelefoon with its age limit, and a route for 18 and older
    assert re.search(r"Ben je jonger dan 18\? Dan kun je ook bellen of chatten met de "
                     r"Kindertelefoon", text)
    card = _card("e2")
    kt, vt = registry().get("kindertelefoon"), registry().get("veilig-thuis")
    assert kt.name in card and kt.phone in card
    assert vt.name in card and vt.phone in card
    phones = {o.phone for o in registry().organisations if o.phone}
    assert len([p for p in phones if p in card]) <= MAX_SHORT_NUMBERS


# ------------------------------- lvb M3, prevention m6, language m2: 'bellen' needs a number
@pytest.mark.parametrize("lesson", sorted(EASY))
def test_a_card_that_says_calling_shows_the_number(lesson: str) -> None:
    """lvb M3: the E4 card said 'Bellen kost beltegoed' for Helpwanted without its number; a
    literal reader looks for the number and gives up. A line that speaks of calling shows the
    number; a website-only line speaks of the website."""
    from widgets.registry import registry

    card = _card(lesson)
    for o in registry().organisations:
        if o.name in card and o.phone and o.phone not in card:
            line = card[card.index(o.name):][:300]
            assert not re.search(r"\b[Bb]el(len)?\b|beltegoed", line.split("Website")[0]), line


# ------------------------- prevention M1, language M1, lvb m4: no norm for the risky step
@pytest.mark.parametrize("lesson", ["e2", "e3"])
def test_the_teachers_choice_does_not_say_many_young_people_do_it(lesson: str) -> None:
    """'Veel jongeren zeggen hier ja' (cards) and 'Veel jongeren doen dit' (teacher script) made
    sending a photo or carrying a parcel sound common to the most suggestible readers. The
    cards now say what the B1 cards say, in A2; the script says the same."""
    cards = _text(_html(EASY[lesson], "cards"))
    assert "Veel jongeren zeggen hier ja" not in cards
    # review 10 (language m2, lvb m4): the character's name, not 'jouw', and no teacher's words
    name = {"e2": "Bilal", "e3": "Ravi"}[lesson]
    assert f"Dit kan iedereen gebeuren. Het is nooit de schuld van {name}." in cards
    assert "Het is nooit jouw schuld. Lees verder" not in cards
    teacher = _text(_html(EASY[lesson], "teacher"))
    plan = " ".join(s["note"] for s in _yaml(EASY[lesson], "les.yaml")["plan"])
    for text in (teacher, plan):
        assert "Veel jongeren doen dit" not in text
        assert "Dit kan iedereen gebeuren" in text


# ------------------------------------------- teacher M1: blok 1 on its own day is closed
@pytest.mark.parametrize("lesson", sorted(EASY))
def test_blok_1_on_its_own_day_ends_with_the_help_card(lesson: str) -> None:
    """Teacher M1: the plan said how to open blok 2 on another day, not how to close blok 1; a
    group left after the hardest story without the help card."""
    plan = _yaml(EASY[lesson], "les.yaml")["plan"]
    note = next(s["note"] for s in plan if s["activity"] == "Zeg het terug (1)")
    assert "Geef je blok 2 op een andere dag? Sluit blok 1 dan af (2 min.)" in note
    assert "hulpkaart" in note and "Blijf na de les even in het lokaal" in note


# ----------------------------------- teacher M2: a student with the name of a character
@pytest.mark.parametrize("lesson", sorted(EASY))
def test_teacher_is_warned_about_a_student_with_a_characters_name(lesson: str) -> None:
    """Teacher M2: E1-E4 had no note at all; the names are listed so the teacher can check
    before printing; the route, screen or paper, is another name in the school profile
    (tests/test_names.py), no longer pages left out or names crossed out by hand."""
    teacher = _text(_html(EASY[lesson], "teacher"))
    assert "Heet een leerling net als iemand in deze les?" in teacher
    assert "vóór het printen een andere naam bij 'namen' in het schoolprofiel" in teacher
    story = EASY[lesson].parent / "verhaal.yaml"
    if story.exists():
        name = yaml.safe_load(story.read_text("utf-8"))["character"]["name"]
        note = teacher[teacher.index("Heet een leerling net als iemand"):][:900]
        assert name in note


# --------------------------------------------------------------------------- minors
def test_small_easy_read_findings_of_round_8() -> None:
    """lvb m2 / language m1 (one tick), prevention m3 (an honest promise), prevention m4
    (Helpwanted the same day, not only Monday), language m3 ('Lees verder: Verder'), lvb m1 (a
    classmate walks along only to an adult and asks nothing)."""
    from widgets.agreements_text import AGREEMENTS_EASY

    sort = _yaml(EASY["e4"], "wie-eerst.yaml")
    assert "Kies er dan één." in sort["intro"]
    daan = next(i for i in sort["items"] if i["id"] == "foto")["explanation"]
    # review 11 (lvb M1): Helpwanted's Saturday hours are unverified: the website with an adult
    # today, the call with the mentor on Monday (number from Blok 1)
    assert "vandaag nog thuis" in daan and "Helpwanted" in daan and "Wordt het te veel" not in daan
    assert any(a.endswith("eerst wat er gaat gebeuren, als dat kan.")
               for a in AGREEMENTS_EASY["nl"])
    assert "Lees verder: Verder" not in _text(_html(EASY["e2"], "student"))
    for nb in EASY.values():
        teacher = _text(_html(nb, "teacher"))
        assert "(een collega of een klasgenoot)" not in teacher
        assert "en vraagt niets" in teacher


@pytest.mark.parametrize("lesson", ["e2", "e3", "e4"])
def test_the_question_box_is_answered_with_minutes(lesson: str) -> None:
    """Teacher M3 (easy series): les 00 promises answers to the slips 'de volgende les', but no
    plan had time for it; the slips go nowhere if the answers are skipped."""
    plan = _yaml(EASY[lesson], "les.yaml")["plan"]
    note = next(s["note"] for s in plan if s["activity"].startswith("Blok 1"))
    assert "vragen uit de vragenbus van de vorige les" in note and "Neem die minuten" in note
