"""Review round 4, the law (lawyer C1, M1, m2-m6; student15 M1): no teacher text calls a young
person "nooit strafbaar" where criminal exploitation is taught, the law sheet prints the teacher
guidance and answers "Krijg ik straf?", and the student text of lessons 04 and 06 answers
"Word ik opgepakt als ik het vertel?" honestly, without a promise of impunity."""
from __future__ import annotations

import functools
import html
import re

import pytest
import yaml

from tests.conftest import LESSONS
from widgets.schema import load_content

MAIN = sorted(p for p in LESSONS.glob("0[0-8]-*") if p.is_dir())
#: "nooit strafbaar" is right only for the young person in paid sex (who commits no offence);
#: a young person exploited into crime can be a suspect (lawyer C1).
NEVER_PUNISHABLE_RE = re.compile(r"\bnooit strafbaar\b", re.I)
PAID_SEX_RE = re.compile(r"betaal|betaling", re.I)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def _paragraphs(page: str) -> list[str]:
    """The text of every paragraph and list item of an HTML page, without tags."""
    parts = re.split(r"</p>|</li>|<br\s*/?>|</h\d>|</td>", page)
    return [html.unescape(re.sub(r"<[^>]+>", " ", p)).strip() for p in parts]


def never_punishable_problems(texts: list[tuple[str, str]]) -> list[str]:
    """Sentences that call someone 'nooit strafbaar' outside paid sex."""
    return [f"{where}: {s!r}" for where, text in texts for s in _sentences(text)
            if NEVER_PUNISHABLE_RE.search(s) and not PAID_SEX_RE.search(s)]


def test_never_punishable_pattern_finds_the_old_wording() -> None:
    old = ("Wet. Criminele uitbuiting valt onder mensenhandel. Mensenhandel staat in art. 273f Sr. "
           "De jongere is nooit strafbaar. Wie gedwongen werd om iets strafbaars te doen, is "
           "slachtoffer en kan hulp krijgen.")
    assert len(never_punishable_problems([("04", old)])) == 1
    assert never_punishable_problems([("x", "Wie betaald wordt voor seks, is nooit strafbaar.")]) == []


def test_no_fact_calls_a_young_person_never_punishable() -> None:
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    texts = [(f"{f.id}.{field}", getattr(f, field) or "") for f in facts.facts
             for field in ("student", "teacher")]
    assert never_punishable_problems(texts) == []


@functools.cache
def _edition(number: str, edition: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(next(LESSONS.glob(f"{number}-*/{number}-*.ipynb")), edition)


@pytest.mark.parametrize("number", ["00", "01", "02", "04", "08"])
def test_no_teacher_edition_about_exploitation_says_nooit_strafbaar(number: str) -> None:
    """Lawyer C1: the lessons that use the fact on mensenhandel (00, 01, 02, 04, 08)."""
    page = _edition(number, "teacher")
    assert "mensenhandel" in page.lower()
    assert never_punishable_problems([(number, p) for p in _paragraphs(page)]) == []


def test_lesson_04_gives_the_teacher_an_answer_to_krijg_ik_straf() -> None:
    """Lawyer C1: the question lesson 04 will certainly get, with the e3/01 script."""
    text = " ".join(_paragraphs(_edition("04", "teacher")))
    assert "Krijg ik straf?" in text
    assert "Dat weet ik niet precies" in text
    assert re.search(r"[Bb]eloof (dus )?geen straffeloosheid", text)
    assert re.search(r"verdachte", text)


# ------------------------------------------------------------------ the law sheet (M1, m5)
@functools.lru_cache(maxsize=1)
def _sheet() -> str:
    from handouts.render import law_sheet_html

    return " ".join(_paragraphs(law_sheet_html(LESSONS / "feiten.yaml")))


def test_the_law_sheet_prints_the_teacher_guidance_for_images() -> None:
    """Lawyer M1: the teacher text of 'foto-ontvangen' and 'zelf-doorgestuurd' reached no
    page; a teacher then sends a suspect of 15 to the police alone 'to explain'."""
    text = _sheet()
    assert "Voor de docent" in text
    assert "verzamel het beeld nooit als bewijs" in text
    assert "gewoon even te gaan praten" in text
    assert re.search(r"recht op (een )?advocaat", text)


def test_the_law_sheet_answers_krijg_ik_straf() -> None:
    """Lawyer m5: the question students ask most in 01, 04 and e3 was not on the sheet."""
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    assert any("straf" in q.question.lower() for q in facts.sheet.questions)
    assert "niet je school" in _sheet() or "niet de school" in _sheet()


# ------------------------------------------------------------------ student text (student15 M1)
@pytest.mark.parametrize("number", ["04", "06"])
def test_the_student_text_answers_word_ik_opgepakt_honestly(number: str) -> None:
    """Student15 M1: what happens when you tell, who decides about punishment, no promise."""
    text = " ".join(_paragraphs(_edition(number, "student")))
    assert re.search(r"eerst wat er gaat gebeuren|eerst wat (ze|die) gaan doen", text), number
    assert re.search(r"niet (je|jouw|de) school", text), number
    assert not re.search(r"\bkrijg je (dan )?geen straf\b", text), number
    assert "Zij weten wat er moet gebeuren" not in text


# ------------------------------------------------------------------ minors (m2, m3, m4, m6)
def _norm(lesson: str, sid: str) -> str:
    data = yaml.safe_load(next(LESSONS.glob(f"{lesson}-*/stellingen.yaml")).read_text("utf-8"))
    return next(s["norm"] for s in data["statements"] if s["id"] == sid)


def test_the_sexting_exception_is_always_hedged_in_lesson_08() -> None:
    """Lawyer m2."""
    assert "in de regel" in _norm("08", "kijken")


def test_the_parents_answer_does_not_make_the_child_in_the_photo_punishable() -> None:
    """Lawyer m3: 'altijd strafbaar, ook als het kind het goed vond' read as the child's crime."""
    norm = _norm("07", "foto")
    assert "ook als het kind het goed vond" not in norm
    assert re.search(r"geen schuld", norm)


def test_paid_sex_answer_covers_every_young_person_under_18() -> None:
    """Lawyer m4: 'Ben je 16 of 17?' left under-16s implicit after the peer exception."""
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    assert "jonger dan 18" in facts.get("betalen-onder-18").student


def test_a_student_notes_where_an_image_came_from_before_deleting_it() -> None:
    """Lawyer m6: deleting first loses what the school needs to stop the spreading."""
    text = load_content(LESSONS / "feiten.yaml", expected_kind="facts").get("foto-ontvangen").student
    assert re.search(r"[Ss]chrijf op", text)
    assert text.index("chrijf op") < text.index("erwijder")


def test_lesson_04_says_plainly_what_lending_a_bank_pass_can_cost() -> None:
    """Lawyer m9: 'in de problemen komen' was too vague; the plain words come from a checked
    fact (politie, NRC), next to the line that pressure makes you a victim. The quiz explanation
    is on the screen and in the teacher edition (the worksheet leaves the answers to the teacher)."""
    facts = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
    assert facts.get("geldezel").source is not None
    text = " ".join(_paragraphs(_edition("04", "teacher")))
    assert re.search(r"bankpas of rekening uitlenen[^.]*is strafbaar", text)
    assert "zwarte lijst" in text
    assert re.search(r"onder druk[^.]*\? Dan ben je slachtoffer", text)
