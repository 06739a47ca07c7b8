"""Review round 7, lessons 00-08, the law sheet, the facts registry and the glossary
(lawyer M1/M2, prevention M1/M2, teacher M1/M2, language M1, student15 M1/M2)."""
from __future__ import annotations

import html
import json
import re

import pytest
import yaml

from tests.conftest import LESSONS


def _folder(number: str):
    return next(LESSONS.glob(f"{number}-*"))


def _facts() -> dict[str, dict]:
    raw = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))
    return {f["id"]: f for f in raw["facts"]}


def _terms() -> dict[str, str]:
    raw = yaml.safe_load((LESSONS / "begrippen.yaml").read_text("utf-8"))
    return {t["term"]: t["definition"] for t in raw["terms"]}


def _cells(number: str) -> list[dict]:
    nb = next(_folder(number).glob("*.ipynb"))
    return json.loads(nb.read_text("utf-8"))["cells"]


def _student_text(number: str) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(number)
                     if "teacher" not in c.get("metadata", {}).get("tags", []))


def _teacher_text(number: str) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(number)
                     if "teacher" in c.get("metadata", {}).get("tags", []))


def _plan_note(number: str, activity: str) -> str:
    plan = yaml.safe_load((_folder(number) / "les.yaml").read_text("utf-8"))["plan"]
    return next(p["note"] for p in plan if activity in p["activity"])


def _printed(number: str, edition: str) -> str:
    from kijkverder.printing import lesson_html
    from tests.test_paper_forms import _nb

    text = html.unescape(re.sub(r"<[^>]+>", " ", lesson_html(_nb(number), edition)))
    return " ".join(text.split())


# ------------------------------------------------------------------ lawyer


def test_the_age_answer_names_the_missing_will_not_only_coercion() -> None:
    """Lawyer M1: 'Ook vanaf 16 mag niet alles: dwang en betaling blijven strafbaar' told a
    16-year-old that without coercion it was allowed. Since 1 July 2024 the will counts."""
    student = _facts()["leeftijdsgrens-16"]["student"]
    assert "dwang en betaling blijven strafbaar" not in student
    assert "Ook vanaf 16 mag niet alles" in student
    # review 8 (lawyer M1): the will sentence moved to the fact wil-ontbreekt, which the law
    # sheet's age answer now also gives (with its own source); the answer is both facts
    raw = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))
    (age,) = [q for q in raw["sheet"]["questions"] if q["question"].startswith("Vanaf welke")]
    answer = " ".join(_facts()[fid]["student"] for fid in age["facts"])
    assert re.search(r"weet dat de ander het niet wil, is strafbaar, ook zonder dwang", answer)


def test_a_young_person_who_agreed_can_still_be_a_victim_of_criminal_exploitation() -> None:
    """Lawyer M2: criminal exploitation was defined only as 'onder druk', and the teacher line
    contrasted it with sexual exploitation ('Anders is het bij criminele uitbuiting')."""
    term = _terms()["criminele uitbuiting"]
    assert "zelf ja" in term and "slachtoffer" in term
    teacher = _facts()["mensenhandel"]["teacher"]
    assert "Anders is het bij criminele uitbuiting" not in teacher
    assert "ja zei" in teacher


# ------------------------------------------------------------------ prevention, student15


@pytest.mark.parametrize("number", ["04", "06"])
def test_fear_of_revenge_gets_no_promise_that_nobody_can_keep(number: str) -> None:
    """Prevention M1, student15 M2: 'Wie je helpt, vertelt de daders niet wie het vertelde'
    promised what a file or a small network can undo."""
    text = _student_text(number)
    assert "vertelt de daders niet" not in text
    assert "vertelt hun dat niet" not in text
    assert "Niemand kan beloven dat de daders" in text
    assert "plan voor je veiligheid" in text


def test_payment_is_not_only_money() -> None:
    """Prevention M2: a young person 'paid' with a bed, drugs or phone credit read 'nobody
    paid me'. Said as what exploiters do, without a legal claim (payment in kind is not in
    the verified facts)."""
    terms = _terms()
    assert "geld of iets anders" in terms["uitbuiting"]
    assert "slaapplek" in terms["seksuele uitbuiting"]
    assert "slaapplek" in _student_text("01")


# ------------------------------------------------------------------ teacher


def test_lesson_03_story_has_no_vote_in_the_fifty_minute_plan_by_default() -> None:
    """Teacher M1: a paper vote (3 min.) and the talk about blame (3 min.) left one minute to
    read Noor's story."""
    note = _plan_note("03", "Chatverhaal")
    assert "Stem maar één keer" not in note
    assert note.startswith("Stem niet")
    assert "Wil je stemmen?" in note
    webcam = _plan_note("03", "Webcam")
    assert "stem" in webcam
    cell = next(t for t in _teacher_text("03").split("\n") if "Docent – chatverhaal" in t)
    assert "Stem niet" in cell and "Wil je stemmen?" in cell
    assert "Alleen als de klas over het verhaal stemt" in _printed("03", "teacher")


def test_lessons_04_and_05_take_two_statements_on_paper() -> None:
    """Teacher M2: three statements on paper in 7-8 minutes left no time to close 'verraden'
    and 'zelf schuld'."""
    note04 = _plan_note("04", "Stellingen")
    assert "Op papier neem je alle drie" not in note04
    # round 11 (teacher m1, student15 M1): the plan names the numbers the slip shows
    assert "Op papier neem je er twee: stelling 5 ('verraden') en stelling 1 ('zelf schuld')" in note04
    assert "Op papier neem je er twee" in _teacher_text("04")
    note05 = _plan_note("05", "Stellingen")
    assert "Op papier neem je alleen 'doorgestuurd' en 'cadeaus'" in note05
    assert "Op papier neem je alleen 'doorgestuurd' en 'cadeaus'" in _teacher_text("05")


# ------------------------------------------------------------------ language


def test_lesson_04_says_who_is_a_victim_once() -> None:
    """Language M1 (prevention m6, student15 m7): the worksheet repeated the condition and
    'Hulp vragen kan altijd, ook anoniem' within one paragraph."""
    text = _printed("04", "student")
    assert text.count("Dan ben je slachtoffer van uitbuiting") == 1
    assert text.count("Hulp vragen kan altijd, ook anoniem") == 1


# ------------------------------------------------------------------ student15


def test_no_class_level_for_a_character_in_a_sexual_story() -> None:
    """Student15 M1: 'Noor zit in 3 vmbo' pointed at a girl in the class with that name."""
    for number in ("03", "06"):
        story = yaml.safe_load((_folder(number) / "verhaal.yaml").read_text("utf-8"))
        assert not re.search(r"\bvmbo|\bhavo|\bvwo|\bklas \d", story["character"]["description"])


@pytest.mark.parametrize("number", ["01", "02", "03", "04", "05", "06", "08"])
def test_the_teacher_edition_says_what_to_do_when_a_student_has_a_characters_name(
        number: str) -> None:
    """Student15 M1: the tip stood only in lesson 00, and it said only to change the name when
    reading aloud, while the printed worksheet keeps it. Now the school profile's ``namen``
    renames the character on paper too (tests/test_names.py)."""
    teacher = _teacher_text(number)
    assert "dezelfde naam als een personage" in teacher, number
    assert "vóór het printen een andere naam bij 'namen' in het schoolprofiel" in teacher, number


# ------------------------------------------------------------------ minors


def test_a_part_with_one_way_on_reads_lees_verder_not_kies_a() -> None:
    """Student15 m1: 'Kies A' without a B made a student look for a missing choice."""
    text = _printed("02", "student")
    assert "Lees verder: Jayden zegt eerst tegen niemand iets." in text
    assert "Kies A: Jayden zegt eerst tegen niemand iets." not in text
    assert "Kies A: Jayden vertelt Daan" in text


def test_a_plan_row_does_not_break_over_a_page() -> None:
    """Teacher m4: '4 min.' at the foot of a page and its activity on the next."""
    from pathlib import Path

    css = (Path(__file__).parents[1] / "handouts" / "static" / "print.css").read_text("utf-8")
    assert re.search(r"\.plan tr \{[^}]*break-inside: avoid", css)


def test_small_wording_fixes_of_review_7() -> None:
    """Lawyer m1, m2, m6; teacher m2; language m3, m5, m6; prevention m3; student15 m8."""
    facts, terms = _facts(), _terms()
    assert "16 of 17" in facts["seksueel-benaderen-onder-16"]["student"]
    assert "de jongere kiest" not in facts["verdachte-minderjarig"]["teacher"]
    assert "Vertel het dan juist" in terms["strafblad"]
    assert "Ik ga met je mee naar de aandachtsfunctionaris" in facts["straf-bij-uitbuiting"]["teacher"]
    assert "zwakke plek" not in _student_text("01")
    assert "klopt vaak niet" not in _student_text("02")
    starter = (_folder("01") / "starter.yaml").read_text("utf-8")
    assert "toch uitbuiting" not in starter
    quiz = yaml.safe_load((_folder("08") / "quiz.yaml").read_text("utf-8"))
    item = next(q for q in quiz["questions"] if q["id"] == "minderjarig")
    assert not item["explanation"].startswith("Dat zegt de wet")
    assert all(not o["feedback"].startswith("Klopt.") for o in item["options"])
    talk = (_folder("02") / "gesprek.yaml").read_text("utf-8")
    assert "moeilijk om jezelf als slachtoffer" not in talk


def test_the_forced_path_line_on_group_cards_does_not_say_many_do_it() -> None:
    """Student15 m2, language m10: 'Veel jongeren doen dit onder druk' read as 'so it is
    normal' right after the statement on nudes, and named pressure where there was none yet."""
    from widgets.i18n import STRINGS

    line = STRINGS["nl"]["teacher_picks"]
    assert "Veel jongeren" not in line and "onder druk" not in line
    assert "nooit de schuld" in line and line.endswith("Lees verder:")


def test_the_agreements_promise_nothing_they_cannot_keep() -> None:
    """Student15 m5, m6: 'altijd eerst' is not true in acute danger; 'iemand komt kijken' could
    be a classmate."""
    from widgets.agreements_text import AGREEMENTS

    text = " ".join(AGREEMENTS["nl"])
    assert "De docent vertelt je altijd eerst" not in text
    assert "Een volwassene komt even kijken" in text


@pytest.mark.parametrize("number", ["05", "07", "08"])
def test_the_blog_without_author_is_listed_last_as_inspiration(number: str) -> None:
    """Teacher m10: at the parents' evening the main source was a blog without an author."""
    sources = yaml.safe_load((_folder(number) / "les.yaml").read_text("utf-8"))["sources"]
    assert "huiskamer" in sources[-1]["title"] and "inspiratie" in sources[-1]["publisher"]


def test_the_legal_hedge_in_the_glossary_is_explained() -> None:
    """Language m2: B1 students read 'in de regel' as 'volgens de regel'; the lawyer asked to
    keep the hedge, so it keeps its words and gets a gloss."""
    assert "in de regel (meestal) niet strafbaar" in _terms()["sexting"]
