"""Review round 5 on Kijk Verder Eenvoudig (E1-E4): what a literal A2 reader must find on paper.
Room for the vertrouwenspersoon on every help card, one safe way to keep the help plan, a
confidentiality line that says what "not good" means, "klusjes" that are not allowed named as
such, the E3 colour rule the answer key uses, and no promised slip the teacher skips."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import LESSONS

EASY = sorted(LESSONS.glob("e[0-9]-*/e[0-9]-*.ipynb"))
E3 = LESSONS / "e3-snel-geld" / "e3-snel-geld.ipynb"
E4 = LESSONS / "e4-hulp-vragen" / "e4-hulp-vragen.ipynb"


def printed(nb: Path, edition: str) -> str:
    """The text of a printed edition, tags removed and spaces collapsed."""
    from kijkverder.printing import lesson_html

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lesson_html(nb, edition)))


def test_the_easy_card_has_room_for_the_vertrouwenspersoon_and_where_and_when() -> None:
    """lvb M2: the second step of the help route gets its own lines: a name, and where and when,
    like the mentor; the label does not eat the line a student writes on."""
    from widgets import HelpCard

    html = HelpCard.render_print(None, "student", orgs=["kindertelefoon"])
    fill = html[html.index("kv-school-fill"):html.index("</div>", html.index("kv-school-fill"))]
    lines = re.findall(r"<p( class=\"[^\"]*\")?>([^<]*)</p>", fill)
    texts = [text for _, text in lines]
    assert texts.count("Waar en wanneer:") == 2
    second = next(i for i, t in enumerate(texts) if "vertrouwenspersoon" in t)
    assert "kv-fill-label" in lines[second][0]  # a label, no line to write on
    assert texts[second + 1:] == ["Die heet:", "Waar en wanneer:"]


@pytest.mark.parametrize("edition", ["student", "slips", "teacher"])
def test_the_help_plan_says_one_safe_way_to_keep_it(edition: str) -> None:
    """lvb M3, prevention m4, language m2: worksheet, slip and teacher edition give the same
    advice, the safe one of lesson 06: where nobody else looks, or in your head."""
    text = printed(E4, edition)
    for wrong in ("gooi het weg", "Onthoud het.", "veilige plek", "niet in je tas"):
        assert wrong not in text, (edition, wrong)
    assert "Bewaar het op een plek waar niemand anders kijkt. Of leer het uit je hoofd." in text


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("edition", ["student", "slips"])
def test_the_easy_confidentiality_line_says_what_is_not_good(nb: Path, edition: str) -> None:
    """language M3: "iets wat niet goed is" is too vague at A2: say hurt, scare or force."""
    text = printed(nb, edition)
    assert not re.search(r"iets wat niet goed is|dat iets niet goed is", text)
    assert re.search(r"jou pijn doet, bang maakt of dwingt", text)


def test_e3_names_the_jobs_that_are_not_allowed() -> None:
    """language M1: a "klusje" is also walking the dog (green); where E3 asks a student to tell,
    it is a job that is not allowed."""
    text = printed(E3, "student") + printed(E3, "teacher")
    assert not re.search(r"al klusjes(?! die niet mogen)", text)


def test_e3_teaches_the_rule_its_answer_key_uses() -> None:
    """lvb M4: Tim (500 euro for a job nobody explains) is red, Luuk (nobody says where) orange:
    the student text states why a lot of money for a vague job is red, and the teacher accepts
    orange when a pair explains it."""
    student, teacher = printed(E3, "student"), printed(E3, "teacher")
    assert "Veel geld voor een klein klusje? Of een klusje dat niet mag? Dan is het rood." in student
    assert "Kiest een tweetal oranje bij Tim of Lina" in teacher


@pytest.mark.parametrize("nb", [n for n in EASY if n.parent.name[:2] in ("e2", "e3")],
                         ids=lambda p: p.parent.name)
def test_a_worksheet_promises_no_slip_the_teacher_skips(nb: Path) -> None:
    """lvb m2, language m3: E2 and E3 tell the teacher to skip the self-check."""
    text = printed(nb, "student")
    assert "Hiervoor krijg je een los strookje" not in text
    assert "Je docent zegt of je een strookje krijgt." in text


def test_the_easy_self_check_answers_fit_side_by_side_on_a_slip() -> None:
    """teacher M7, lvb m4: on the normal slip (four per sheet, two answers per line) "Klopt
    bijna helemaal" broke over two lines, and the stray "helemaal" read like a fifth answer.
    The easy answers are short words that fit half a slip's width."""
    from widgets.i18n import t
    from widgets.selfcheck import SCALE

    labels = [t(f"selfcheck_{key}", "nl", "eenvoudig") for key in SCALE]
    assert len(set(labels)) == 4 and max(len(label) for label in labels) <= 12, labels
    text = printed(EASY[0], "slips")
    assert all(label in text for label in labels)
