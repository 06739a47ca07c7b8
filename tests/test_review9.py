"""Review round 9, lessons 00-08, the standard help card and the slips (teacher M1-M3,
student15 M2-M3, lawyer m6 and small minors)."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import LESSONS

VRAGENBUS = ("Bij de vragenbus zeg ik altijd hetzelfde: heb je iets meegemaakt, dan is het nooit "
             "jouw schuld. Je kunt met mij of met de vertrouwenspersoon praten. Op de hulpkaart "
             "staat waar je anoniem hulp krijgt.")


def _folder(number: str):
    return next(LESSONS.glob(f"{number}-*"))


def _plan(number: str) -> dict:
    return yaml.safe_load((_folder(number) / "les.yaml").read_text("utf-8"))


def _cells(number: str) -> list[str]:
    nb = next(_folder(number).glob("*.ipynb"))
    return ["".join(c["source"]) for c in json.loads(nb.read_text("utf-8"))["cells"]]


# ------------------------------------------------------------------ teacher M1
def test_lesson_08_in_forty_minutes_votes_on_one_statement_only() -> None:
    """Teacher M1: 5 minutes for voting on two statements on paper left 1 minute to discuss
    them, so the correction of the norm statement 'onder de 18' was skipped."""
    short = _plan("08")["short"]
    forty = short[short.index("Zo kom je op 40 minuten"):]
    assert "de stellingen 'porno laat zien hoe seks gaat' en 'onder de 18' 5" not in forty
    assert re.search(r"de stelling 'onder de 18' 5 \([^)]*alleen deze[^)]*bespreken[^)]*wet", forty), forty


# ------------------------------------------------------------------ teacher M2
@pytest.mark.parametrize("number", ["02", "03", "04", "05", "06", "08"])
def test_the_vragenbus_row_prints_the_whole_fixed_sentence(number: str) -> None:
    """Teacher M2: the row printed '...' where the teacher must say the fixed sentence, and the
    step for a slip that names someone was only in lesson 00."""
    (row,) = [r for r in _plan(number)["plan"] if "'Mijn vraag' van de vorige les" in r.get("note", "")]
    assert "hetzelfde: ...'" not in row["note"]
    assert VRAGENBUS in row["note"], row["note"]
    assert re.search(r"Staat er een naam op[^.]*\?[^.]*niet voor[^.]*apart[^.]*les 00", row["note"]), row["note"]


# ------------------------------------------------------------------ teacher M3
def test_lesson_00_says_what_to_read_before_the_first_lesson() -> None:
    """Teacher M3: '50 minuten' for a 17-page guide; say what must be read first and what can
    wait, without cutting content."""
    intro = _cells("00")[0]
    assert "ongeveer 50 minuten mee bezig" not in intro
    first = re.search(r"Lees dit eerst \(15 minuten\)(.*?)\n\n", intro, re.S)
    assert first, intro
    for part in ("Een veilige les", "Als een leerling je iets vertelt", "De meldcode in vijf stappen",
                 "Als er een naaktbeeld van een leerling rondgaat", "De vragenbus"):
        assert part in first.group(1), part
    assert re.search(r"Kan later", intro), intro
    headings = {re.match(r"## (.*)", c).group(1) for c in _cells("00") if c.startswith("## ")}
    for named in re.findall(r"'([^']+)'", first.group(1)):
        assert named in headings, named


def test_the_team_meeting_does_not_print_the_whole_guide_per_colleague() -> None:
    """Teacher M3: 17 pages per colleague for a 50-minute meeting."""
    from handouts.printlist import WORDS

    text = json.dumps(WORDS, ensure_ascii=False)
    assert "één per deelnemer aan het teamoverleg" not in text
    assert "vooraf digitaal" in text


# ------------------------------------------------------------------ student15 M2
def test_the_private_slips_do_not_send_a_student_home_to_throw_them_away() -> None:
    """Student15 M2: 'gooi het thuis weg' is unsafe when home is the problem; the worksheet
    itself says to throw it away at school."""
    from widgets.i18n import STRINGS

    text = STRINGS["nl"]["reflection_slip_instruction"]
    assert "thuis weg" not in text
    assert "Niet veilig om te bewaren? Scheur het op school klein en gooi het daar weg" in text


# ------------------------------------------------------------------ student15 M3
def test_the_help_card_says_veilig_thuis_is_for_young_people_too() -> None:
    """Student15 M3: 'Ben je 18 of ouder? Bel dan Veilig Thuis' made it look adult-only."""
    data = yaml.safe_load((LESSONS.parent / "widgets" / "data" / "resources.yaml").read_text("utf-8"))
    (vt,) = [r for r in data["organisations"] if r["id"] == "veilig-thuis"]
    assert re.search(r"Voor iedereen[^.]*ook[^.]*onder de 18", vt["for"]), vt["for"]
    assert "dag en nacht" in vt["for"].lower()
    (kt,) = [r for r in data["organisations"] if r["id"] == "kindertelefoon"]
    assert "Bel dan Veilig Thuis" not in kt["after"]
    young = next(c for c in _cells("06") if "zijn er voor jongeren" in c)
    line = next(ln for ln in young.splitlines() if "zijn er voor jongeren" in ln)
    assert "Veilig Thuis" in line, line


# ------------------------------------------------------------------ small minors
def test_small_round_9_minors() -> None:
    """Lawyer m6: 'Bewaar het niet langer dan nodig' read as leave to keep the image.
    Teacher m7: the 'slet/player' passage is read by the teacher, not by students in turn.
    Student15 m3: 'niemand' weet wie iets vroeg is not true for handwriting."""
    from widgets.i18n import STRINGS

    guide = "\n".join(_cells("00"))
    assert "Bewaar het niet langer dan nodig" not in guide
    assert re.search(r"verwijder het (dan )?meteen", guide, re.I)
    row = next(r for r in _plan("05")["plan"] if "slet" in r.get("note", ""))
    assert "Lees dit stuk zelf voor" in row["note"], row["note"]
    assert "Zo weet niemand wie iets vroeg" not in STRINGS["nl"]["question_box_hint"]
    assert "blokletters" in STRINGS["nl"]["question_box_hint"]


# ------------------------------------------------------------------ lawyer M1, m4
def test_the_teacher_law_list_has_no_unsourced_line_and_says_what_to_recheck() -> None:
    """Lawyer m4: 'Bij volwassenen gaat het mis …' was the one bullet without a source.
    Lawyer M1: the suspect and art. 273f lines have sources in the fact list but no row in the
    project's verified list yet; the guide says to check them before use."""
    law = next(c for c in _cells("00") if c.startswith("## De wet: de feiten voor de docent"))
    assert "Bij volwassenen gaat het mis" not in law
    bullets = [ln for ln in law.splitlines() if ln.startswith("- ")]
    assert bullets and all(ln.startswith("- {{ fact:") for ln in bullets), bullets
    assert re.search(r"regels over verdachten en over mensenhandel[^.]*actuele tekst van de wet", law), law


def test_a_main_series_worksheet_promises_no_slip_the_teacher_skips() -> None:
    """Teacher m5, student15 m1: lessons 02-06 and 08 said 'Hiervoor krijg je een los strookje'
    while the self-check is only done in the first and last lesson."""
    from widgets.i18n import STRINGS

    assert STRINGS["nl"]["selfcheck_worksheet_note"].startswith("Je docent zegt of je een strookje krijgt.")
