"""Review round 10, lessons 00-08 and the law sheet (lawyer M1-M3, teacher M1 and small minors)."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import LESSONS
from widgets.lawsheet import sheet_items
from widgets.schema import load_content


def _facts():
    return load_content(LESSONS / "feiten.yaml", expected_kind="facts")


def _sheet_refs(question_start: str) -> str:
    """The source line the teacher reads under one answer of the law sheet on screen."""
    from tests.widgets import viewing
    from widgets.lawsheet import LawSheet

    assert any(it["question"].startswith(question_start) for it in sheet_items(_facts()))
    with viewing("teacher"):
        w = LawSheet(_facts())
    try:
        html = " ".join(getattr(c, "value", "") for c in w.children)
    finally:
        w.close()
    part = html.split(question_start, 1)[1].split("<h4>", 1)[0]
    return part.split("<small>", 1)[1]


def _cells(number: str) -> list[str]:
    folder = next(LESSONS.glob(f"{number}-*"))
    nb = next(folder.glob("*.ipynb"))
    return ["".join(c["source"]) for c in json.loads(nb.read_text("utf-8"))["cells"]]


# ------------------------------------------------------------------ lawyer M1
# Round 11 (lawyer M1-M3) replaced round 10's "niet gecontroleerd … zoek het op vóór gebruik":
# a rule whose article was not seen names no article, and its source names what was read.
def test_the_sexting_source_names_the_policy_of_the_law_not_an_article() -> None:
    """Lawyer M1 (round 10): 'Nederland Digitaal, gecontroleerd' read as if the article had been
    checked; verified-facts says only the policy of the law was verified, not the paragraph of
    art. 252."""
    fact = _facts().get("sexting-gelijkwaardig")
    assert fact.source.publisher != "Nederland Digitaal"
    assert fact.article is None and "252" not in fact.wording(teacher=True)
    assert "bedoeling van de Wet seksuele misdrijven" in _sheet_refs("Is sexting strafbaar")
    assert "niet gecontroleerd" not in _sheet_refs("Is sexting strafbaar")
    # the student line claims the policy of the law, not a rule the article was seen to state
    assert "volgens de wet in de regel niet strafbaar" not in fact.student
    assert "bedoeling van de wet" in fact.student.lower()


@pytest.mark.parametrize("fact_id", ["leeftijdsgrens-16", "betalen-onder-18"])
def test_age_and_paying_lines_name_no_unseen_article(fact_id: str) -> None:
    """Lawyer M1 (round 10): 'Staatsblad en Wetboek van Strafrecht … gecontroleerd' for the peer
    exception and the successor of art. 248b, whose articles were not seen."""
    fact = _facts().get(fact_id)
    assert fact.source.publisher != "Staatsblad en Wetboek van Strafrecht"
    assert fact.article is None
    assert "248b" not in fact.teacher
    assert "niet gecontroleerd" not in _sheet_refs("Vanaf welke leeftijd")


# ------------------------------------------------------------------ lawyer M2
@pytest.mark.parametrize("fact_id", ["mensenhandel", "straf-bij-uitbuiting"])
def test_the_trafficking_lines_hold_whether_or_not_36547_is_in_force(fact_id: str) -> None:
    """Lawyer M2 (round 10): bill 36 547 rewrites art. 273f Sr and its status after November
    2025 is not verified; the lines must not depend on it (round 11, lawyer M3)."""
    fact = _facts().get(fact_id)
    assert "vóór gebruik" not in fact.wording(teacher=True)
    assert fact.article == "art. 273f Sr"  # art. 273f stays under the bill


def test_the_krijg_ik_straf_answer_on_the_sheet_names_36547() -> None:
    assert "36 547" in _sheet_refs("Ik deed iets strafbaars")


# ------------------------------------------------------------------ lawyer M3
def test_the_age_answer_protects_16_and_17_against_adults_with_authority() -> None:
    """Lawyer M3: 'Ook vanaf 16 mag niet alles' named only the other's will; a 16-year-old could
    read a relationship with a willing coach or teacher as fine. A norm line, not a legal claim
    (the article was not seen)."""
    student = _facts().get("leeftijdsgrens-16").student
    assert re.search(r"volwassene die voor je zorgt[^.]*docent, coach, begeleider of baas[^.]*"
                     r"geen seks met je", student), student
    assert "Ook niet als jij het wilt." in student


@pytest.mark.parametrize("fact_id", ["leeftijdsgrens-16", "seksueel-benaderen-onder-16"])
def test_art_245_is_not_left_unexplained(fact_id: str) -> None:
    teacher = _facts().get(fact_id).teacher
    assert "in de omstandigheden van art. 245" not in teacher
    # round 11 (lawyer M1): no look-up for the teacher; the circumstances are not explained
    assert "lees ze na" not in teacher and "245" not in teacher
    assert "in de klas niet uit" in teacher


# ------------------------------------------------------------------ teacher M1
DISCLOSURE_STEPS = (
    "Kun je vandaag veilig naar huis?",
    "Laat de leerling niet alleen vertrekken",
    "Bij direct gevaar bel je 112",
    "Spreek de vermoedelijke dader niet aan",
    "Bel niet zelf eerst de ouders",
    "Ga nog dezelfde dag naar de aandachtsfunctionaris",
)


def _disclosure_block(number: str) -> str:
    teacher = _cells(number)[2]
    m = re.search(r"\*\*Als een leerling je iets vertelt\*\*\n(.*?)(?:\n\n|\Z)", teacher, re.S)
    assert m, number
    return m.group(1)


@pytest.mark.parametrize("number", ["01", "02", "03", "04", "05", "06", "08"])
def test_every_lesson_has_the_full_disclosure_block(number: str) -> None:
    """Teacher M1: the in-hand block of 01-08 left out the safety check for today, 112, not
    confronting the suspect and not calling the parents first."""
    block = _disclosure_block(number)
    for step in DISCLOSURE_STEPS:
        assert step in block, (number, step)


def test_the_disclosure_block_is_the_same_text_in_every_lesson() -> None:
    """Teacher M1: one block for all lessons; a lesson may add its own lines after it."""
    blocks = {n: _disclosure_block(n) for n in ("01", "02", "03", "04", "05", "06", "08")}
    first = blocks["01"]
    for n, b in blocks.items():
        assert b.startswith(first), n


def test_the_disclosure_block_is_in_the_printed_teacher_edition() -> None:
    from kijkverder.printing import lesson_html

    folder = next(LESSONS.glob("04-*"))
    html = lesson_html(next(folder.glob("*.ipynb")), "teacher")
    for step in DISCLOSURE_STEPS:
        assert step in html, step


# ------------------------------------------------------------------ minors
def test_lesson_06_does_not_say_every_chat_is_open_day_and_night() -> None:
    """Prevention m3, language m4: '(dag en nacht)' after a list of five chats."""
    text = "\n".join(_cells("06"))
    assert "Veilig Thuis (dag en nacht) zijn er voor jongeren" not in text
    assert "(tijden: zie de hulpkaart)" in text
