"""Review round 10 on Kijk Verder Eenvoudig (E1-E4): Helpwanted's number where the sextortion
route is taught (lvb M1), 'wis niets, blokkeer pas na het bewijs' in the chantage steps (lvb M2)
and the first of the three questions (language M1)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import LESSONS

EASY = {p.name[:2]: p / f"{p.name}.ipynb" for p in sorted(LESSONS.glob("e[1-4]-*"))}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _student(lesson: str) -> str:
    from kijkverder.printing import lesson_html

    html = lesson_html(EASY[lesson], "student")
    return _text(html[:html.rindex("kv-print-help")])  # the lesson, not its help card


def _helpwanted_phone() -> str:
    from widgets.registry import registry

    return registry().get("helpwanted").phone


# --------------------------------------------- lvb M1: a route that works alone and at 18+
@pytest.mark.parametrize("lesson", ["e2", "e4"])
def test_the_sextortion_route_gives_helpwanted_number_in_the_lesson(lesson: str) -> None:
    """lvb M1: Helpwanted was 'see the website' only (the short card keeps four numbers). The
    lesson text where the sextortion route is taught now gives its number from the registry."""
    text = _student(lesson)
    assert f"Helpwanted: {_helpwanted_phone()}" in text


def test_e2_says_the_kindertelefoon_is_for_under_18_and_what_18_plus_does() -> None:
    """lvb M1: E2 sent 'kun je het thuis niet vertellen' to the Kindertelefoon without its age
    limit; an 18+ student now gets a route of their own (Helpwanted, Veilig Thuis)."""
    text = _student("e2")
    block = text[text.index("Is het avond of weekend?"):text.index("De volgende schooldag")]
    assert "jonger dan 18" in block and "18 of ouder" in block
    # review 11 (lvb M1, prevention M1): Helpwanted's hours are unverified, so it is the next
    # school day's step with the mentor, right after the evening list
    assert f"Helpwanted: {_helpwanted_phone()}" in text[text.index("De volgende schooldag"):]


def test_the_contact_reference_names_a_known_contact(tmp_path: Path) -> None:
    """A ``{{ contact:ID }}`` reference with an unknown id is refused with its fix, by the
    function and by ``kijkverder check`` (naming the cell)."""
    import json
    import shutil

    from kijkverder.lessons import LessonSource
    from widgets.registry import resolve_contacts

    assert resolve_contacts("Bel {{ contact:helpwanted }}.") == f"Bel {_helpwanted_phone()}."
    with pytest.raises(ValueError, match="unknown contact 'helpwantd'"):
        resolve_contacts("Bel {{ contact:helpwantd }}.")
    root = tmp_path / "lessons"
    shutil.copytree(EASY["e2"].parent, root / EASY["e2"].parent.name)
    for name in ("begrippen.yaml", "woordenlijst.txt", "feiten.yaml"):
        shutil.copy(LESSONS / name, root / name)
    nb_path = root / EASY["e2"].parent.name / EASY["e2"].name
    nb = json.loads(nb_path.read_text("utf-8"))
    cell = next(i for i, c in enumerate(nb["cells"]) if "contact:helpwanted" in "".join(c["source"])
                and "Blok 2" in "".join(c["source"]))
    nb["cells"][cell]["source"] = "".join(nb["cells"][cell]["source"]).replace(
        "contact:helpwanted", "contact:helpwantd")
    nb_path.write_text(json.dumps(nb), "utf-8")
    with pytest.raises(Exception) as err:
        LessonSource.open(nb_path)
    assert f"cells[{cell}]" in str(err.value) and "unknown contact 'helpwantd'" in str(err.value)


# --------------------------------------------- lvb M2: keep the evidence before blocking
def test_e2_chantage_steps_say_delete_nothing_and_block_only_after_the_evidence() -> None:
    """lvb M2: the three steps never said 'wis niets'; students practise blocking, and a
    student alone who blocks or deletes the chat loses what Helpwanted needs."""
    text = _student("e2")
    steps = text[text.index("Dan doe je drie dingen"):text.index("Is het avond of weekend?")]
    assert "Wis niets" in steps
    assert re.search(r"Blokkeer .{0,40}pas (daarna|na )", steps)


# --------------------------------------------- language M1: the first of the three questions
@pytest.mark.parametrize("lesson", ["e1", "e2", "e3"])
def test_the_first_question_is_about_the_other_asking_for_a_secret(lesson: str) -> None:
    """language M1: 'Mag ik erover vertellen aan wie ik wil?' reads as 'am I allowed (at
    home)'; the question is whether the other person is fine with you telling."""
    text = _student(lesson)
    assert "Mag ik erover vertellen" not in text
    assert "Vindt de ander het goed dat ik erover vertel?" in text


# --------------------------------------------- prevention m1: the fear 'then my parents hear'
@pytest.mark.parametrize("lesson", ["e1", "e4"])
def test_easy_lessons_say_the_school_does_not_call_parents_first_when_home_is_unsafe(
        lesson: str) -> None:
    """prevention m1: the regular series says so, the easy series did not, although its own
    teacher text says 'Bel niet zelf eerst de ouders: het gevaar kan ook van thuis komen'."""
    text = _student(lesson)
    # review 11 (language m1): 'niet eerst' read as 'later they will'; the reviewer's wording
    assert ("Is het thuis niet veilig? Zeg dat dan. Is praten met je ouders gevaarlijk voor jou? "
            "Dan doet de school dat niet.") in text


# --------------------------------------------- teacher m8: large-print slips in the print list
def test_easy_print_list_names_the_large_print_cards_and_main_series_does_not() -> None:
    """teacher m8: the large-print slips were only in a teacher note; a teacher who prints from
    the list never saw them, nor that they go to the whole class (anonymity)."""
    from kijkverder.printing import lesson_html

    def plan(nb: Path) -> str:
        html = lesson_html(nb, "teacher")
        return _text(html[html.index("kv-print-printlist"):])[:3000]

    easy = plan(EASY["e1"])
    assert "e1-echte-vriend-grote-letters-knipkaarten.pdf" in easy
    assert "voor de hele klas: 30 vellen per soort strookje" in easy
    main = plan(next(LESSONS.glob("01-*/*.ipynb")))
    assert "grote-letters" not in main
