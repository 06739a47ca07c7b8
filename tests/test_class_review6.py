"""Review round 6, safety in class (prevention M1, teacher M4, student15 M1/M2, teacher M3/M5)."""
from __future__ import annotations

import json

import pytest
import yaml

from tests.conftest import LESSONS


def _folder(number: str):
    return next(LESSONS.glob(f"{number}-*"))


def _statements(number: str) -> dict[str, dict]:
    data = yaml.safe_load((_folder(number) / "stellingen.yaml").read_text("utf-8"))
    return {s["id"]: s for s in data["statements"]}


def _notebook_text(number: str) -> str:
    nb = next(_folder(number).glob("*.ipynb"))
    return "\n".join("".join(c["source"]) for c in json.loads(nb.read_text("utf-8"))["cells"])


def test_lesson_04_asks_no_vote_on_whether_a_victim_does_wrong() -> None:
    """Prevention M1: 'Als Bas dat doet, doet hij niets fout' let the class judge a victim."""
    for statement in _statements("04").values():
        assert not ("Bas" in statement["text"] and "fout" in statement["text"]), statement["text"]


@pytest.mark.parametrize("sid", ["zelf-schuldig", "verraden", "klasgenoot-meenemen"])
def test_lesson_04_names_no_counts_for_blame_and_snitching(sid: str) -> None:
    """Teacher M4: a majority 'eens' with 'verraden' on the board tells a victim not to tell."""
    assert "geen aantallen" in _statements("04")[sid].get("hint", ""), sid


def test_lesson_04_writes_no_count_of_verraden_on_the_board() -> None:
    assert "aantallen van 'verraden' op het bord" not in _notebook_text("04")


@pytest.mark.parametrize("number", ["04", "06"])
def test_fear_of_revenge_gets_an_honest_line(number: str) -> None:
    """Student15 M1: the people who help do not tell the exploiters who told; 112 in danger."""
    text = _notebook_text(number)
    assert ("wie het vertelde" in text or "wie het zei" in text) and "112" in text, number


def test_lesson_06_says_what_to_do_when_the_first_adult_does_not_help() -> None:
    """Student15 M2: on lesson 06's worksheet, through the help card (a bullet of its own in
    'Wie helpt waarmee?' pushed the worksheet over 6 pages and repeated the card)."""
    import html
    import re

    from kijkverder.printing import lesson_html
    from tests.test_paper_forms import _nb

    text = html.unescape(re.sub(r"<[^>]+>", " ", lesson_html(_nb("06"), "student")))
    assert "Dat ligt niet aan jou. Probeer het bij iemand anders." in " ".join(text.split())


def test_the_help_card_says_what_to_do_when_the_first_adult_does_not_help() -> None:
    """Student15 M2: on every help card, not only in lesson 06."""
    from widgets.i18n import STRINGS

    assert "Dat ligt niet aan jou. Probeer het bij iemand anders." in STRINGS["nl"]["help_intro"]


@pytest.mark.parametrize("number", ["01", "04", "05", "06"])
def test_each_lesson_points_to_the_script_for_a_laughing_class(number: str) -> None:
    """Teacher M3: a teacher holds only the lesson's own edition in class."""
    assert "Als de klas lacht of iemand de schuld geeft" in _notebook_text(number)


def test_a_laptop_class_still_gets_the_help_card_on_paper() -> None:
    """Teacher M5: in a Chromebook class nobody got a worksheet, so nobody took a help card
    home. The print list names the help card for students with a laptop."""
    from kijkverder.printing import lesson_html
    from tests.test_paper_forms import _nb, _section, _text

    (part,) = _section(lesson_html(_nb("06"), "teacher"), "kv-print-printlist")
    words = _text(part)
    assert "één per leerling zonder laptop" in words
    assert "met een laptop" in words and "hulpkaart" in words


@pytest.mark.parametrize("number", ["01", "02", "03", "04", "05", "06", "08"])
def test_the_closing_says_what_to_drop_when_time_runs_out(number: str) -> None:
    """Teacher M1: 5 minutes cannot hold two slips and the help card; say what goes first."""
    plan = yaml.safe_load((_folder(number) / "les.yaml").read_text("utf-8"))["plan"]
    (note,) = [s["note"] for s in plan if "Mijn vraag" in s["note"] and "hulp" in s["activity"]]
    assert "één" in note and "tegelijk" in note and "nooit over" in note, note
