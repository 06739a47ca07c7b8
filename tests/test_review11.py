"""Review round 11, lessons 00-08 and the law sheet (lawyer M1-M3, teacher M1 and M3,
student15 M1)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import LESSONS
from widgets.lawsheet import sheet_items
from widgets.schema import load_content

BURDEN = re.compile(r"niet gecontroleerd|zoek het op|vóór gebruik|lees ze na|kijk het na",
                    re.IGNORECASE)


def _facts():
    return load_content(LESSONS / "feiten.yaml", expected_kind="facts")


def _sheet_text() -> str:
    parts = []
    for it in sheet_items(_facts()):
        parts += it["answers"] + it["notes"]
        parts += [f"{r['article']} {r['source']}" for r in it["refs"]]
    return "\n".join(parts)


# ------------------------------------------------------------------ lawyer M1
def test_no_legal_line_asks_the_teacher_to_look_up_the_law() -> None:
    """Lawyer M1: 'niet gecontroleerd … zoek het op vóór gebruik' and 'lees ze na in de geldende
    wettekst' put statute research on a mentor. A legal line states what was verified, or is
    left out."""
    facts = _facts()
    for f in facts.facts:
        text = f"{f.teacher} {f.source.publisher} {f.source.title} {f.wording(teacher=True)}"
        assert not BURDEN.search(text), (f.id, BURDEN.search(text).group(0))
    assert not BURDEN.search(_sheet_text())


@pytest.mark.parametrize("fact_id", ["sexting-gelijkwaardig", "betalen-onder-18"])
def test_a_rule_whose_article_was_not_seen_names_no_article(fact_id: str) -> None:
    """verified-facts: the paragraph of the sexting exception and the new article on paying a
    16- or 17-year-old were not seen, so no article number is named for them."""
    f = _facts().get(fact_id)
    assert f.article is None
    for text in (f.student, f.teacher, f.source.publisher, f.source.title):
        assert not re.search(r"\bart(ikel|\.)\s*\d|\b2[45]\d[a-z]?\b", text), (fact_id, text)


def test_the_sexting_source_is_the_policy_of_the_law_and_names_what_was_read() -> None:
    src = _facts().get("sexting-gelijkwaardig").source
    label = f"{src.publisher} {src.title}"
    assert "bedoeling van de Wet seksuele misdrijven" in label and "Stb. 2024, 59" in label
    # nieuws.nl is named in words: a web address in lesson text must come from the registry
    assert "Nederland Digitaal" in label and "nieuwsbericht van mei 2020" in label


def test_the_sexual_acts_rule_names_no_article_and_no_look_up() -> None:
    teacher = _facts().get("leeftijdsgrens-16").teacher
    assert "245" not in teacher  # the circumstances of art. 245 were not read
    assert "noem geen artikel" in teacher


# ------------------------------------------------------------------ lawyer M2
@pytest.mark.parametrize("fact_id", ["beelden-minderjarigen", "porno-minderjarigen",
                                     "doorsturen-minderjarig"])
def test_art_252_lines_say_the_content_is_that_of_old_240b(fact_id: str) -> None:
    """Lawyer M2: 'art. 252 Sr · Staatsblad, gecontroleerd' claimed the text of art. 252 was read;
    only the renumbering 240b → 252 in Stb. 2024, 59 was."""
    src = _facts().get(fact_id).source
    assert src.publisher != "Staatsblad"
    assert "240b" in src.publisher and "inhoud volgens oud art. 240b" in src.publisher


def test_the_porn_answer_names_the_source_for_fake_images() -> None:
    src = _facts().get("porno-minderjarigen").source.publisher
    assert "BY9719" in src


# ------------------------------------------------------------------ lawyer M3 and m2
def test_the_no_punishment_line_is_true_whether_or_not_36547_is_in_force() -> None:
    teacher = _facts().get("straf-bij-uitbuiting").teacher
    assert "beschermd tegen vervolging" not in teacher  # lawyer m2
    assert "Dat is beleid" not in teacher  # false once 36 547 is in force
    assert "kan afzien van vervolging" in teacher
    assert "wetsvoorstel" in teacher.lower() and "geen garantie" in teacher


# ------------------------------------------------------------------ lawyer m5, m6
def test_sextortion_is_called_punishable_in_lesson_03() -> None:
    from tests.test_review10 import _cells
    text = "\n".join(_cells("03"))
    assert "Wie chanteert, doet iets wat niet mag" not in text
    assert "Wie chanteert, is strafbaar." in text


def test_parents_hear_the_sexting_exception_as_the_policy_of_the_law() -> None:
    from tests.test_review10 import _cells
    text = "\n".join(_cells("07"))
    assert "Volgens de wet geldt: sturen twee" not in text
    assert "Volgens de bedoeling van de wet geldt" in text


# ------------------------------------------------------------------ teacher M1
SLIP_LESSONS = ["01", "02", "03", "04", "05", "06", "07", "08"]


def _plan_text(number: str) -> str:
    folder = next(LESSONS.glob(f"{number}-*"))
    return (folder / "les.yaml").read_text("utf-8")


@pytest.mark.parametrize("number", SLIP_LESSONS)
def test_every_plan_says_to_read_the_question_slips_the_same_day(number: str) -> None:
    """Teacher M1: the 'Mijn vraag' slip asks for a name if a student wants to talk, but the
    plans framed the envelope as questions for 'de volgende les', often a week later."""
    plan = _plan_text(number)
    assert "'Mijn vraag' uit" in plan  # the plan collects the slips
    assert "Lees de strookjes 'Mijn vraag' nog dezelfde dag" in plan
    assert "wie de strookjes die dag leest" in plan  # also after the last lesson of a series


def test_the_guide_says_to_read_the_slips_the_same_day_and_act_on_a_name() -> None:
    from tests.test_review10 import _cells
    box = next(c for c in _cells("00") if c.startswith("## De vragenbus"))
    assert "Lees de vragen na de les" not in box
    assert "Lees de strookjes nog dezelfde dag" in box
    assert re.search(r"naam[^.]*\?[^.]*nog dezelfde dag apart", box), box
    assert "wie de strookjes die dag leest" in box


def test_lesson_08_sends_a_personal_question_to_a_talk_not_the_question_box() -> None:
    """Teacher m5: vragenbus questions are answered for the whole group."""
    from tests.test_review10 import _cells
    assert "Stop hem in de vragenbus" not in "\n".join(_cells("08"))
    assert "Stop hem in de vragenbus" not in _facts().get("porno-minderjarigen").teacher


# ------------------------------------------------------------------ teacher M3
NAMES_LESSONS = ["01", "02", "03", "04", "05", "06", "08"]
NAMES_LINE = re.compile(r"De namen in deze les: ([^.]*)\.")


def _lesson_text(number: str) -> str:
    folder = next(LESSONS.glob(f"{number}-*"))
    return "\n".join(f.read_text("utf-8") for f in sorted(folder.iterdir())
                     if f.suffix in (".ipynb", ".yaml"))


@pytest.mark.parametrize("number", NAMES_LESSONS)
def test_the_teacher_edition_lists_the_characters_of_the_lesson(number: str) -> None:
    """Teacher M3: 'Heeft een leerling dezelfde naam als een personage?' without the names made
    the teacher comb the worksheet. The list is checked against widgets/data/personages.yaml and
    the lesson's own text."""
    from tests.test_review10 import _cells
    from widgets.names import characters

    cells = [c for c in _cells(number) if NAMES_LINE.search(c)]
    assert len(cells) == 1, number
    listed_text = NAMES_LINE.search(cells[0]).group(1)
    listed = re.split(r", | en ", listed_text)
    rest = NAMES_LINE.sub("", _lesson_text(number))
    used = {n for n in characters() if re.search(rf"\b{n}\b", rest)}
    assert set(listed) == used, (number, sorted(used))
    assert listed == sorted(listed)  # alphabetical, to compare with a class list


@pytest.mark.parametrize("number", NAMES_LESSONS)
def test_the_teacher_edition_gives_a_fallback_without_a_rebuild(number: str) -> None:
    from tests.test_review10 import _cells
    cell = next(c for c in _cells(number) if NAMES_LINE.search(c))
    assert "met een pen" in cell and "vóór je kopieert" in cell


# ------------------------------------------------------------------ student15 M1
def _statements(number: str) -> list[dict]:
    import yaml
    folder = next(LESSONS.glob(f"{number}-*"))
    return yaml.safe_load((folder / "stellingen.yaml").read_text("utf-8"))["statements"]


def _statements_row(number: str) -> str:
    import yaml
    folder = next(LESSONS.glob(f"{number}-*"))
    plan = yaml.safe_load((folder / "les.yaml").read_text("utf-8"))
    rows = [r["note"] for r in plan["plan"] if r["activity"].startswith("Stellingen")]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("number", ["03", "04"])
def test_the_worksheet_says_the_teacher_reads_a_few_statements(number: str) -> None:
    """Student15 M1: a printed statement promises 'Je hoort het na het gesprek', but the paper plan
    skips it; lessons 05 and 08 already say the teacher reads a few."""
    from tests.test_review10 import _cells
    text = "\n".join(_cells(number))
    assert "Je docent leest er een paar voor en noemt bij elke stelling het nummer." in text


@pytest.mark.parametrize("number", ["03", "04"])
def test_the_plan_gives_the_answer_of_every_skipped_statement_with_a_right_answer(
        number: str) -> None:
    row = _statements_row(number)
    on_paper = {int(n) for n in re.findall(r"stelling (\d)", row.split("Sla je")[0])}
    assert len(on_paper) == 2, row
    for i, st in enumerate(_statements(number), start=1):
        if st.get("type") == "norm" and i not in on_paper:
            assert re.search(rf"[Bb]ij stelling {i} \('[^']+'\): \"[^\"]+\"", row), (number, i, row)
    assert "in één zin" in row


# ------------------------------------------------------------------ small minors
def test_small_minors_of_round_11() -> None:
    import yaml

    def load(number: str, name: str):
        folder = next(LESSONS.glob(f"{number}-*"))
        return yaml.safe_load((folder / name).read_text("utf-8"))

    # language m2: the strongest signal names who has to hand over her ID
    assert load("06", "signalen.yaml")["items"][0]["text"].startswith("Een meisje moet haar ID-kaart")
    # student15 m6: a positive quiz line, answer 'Waar'
    item = next(q for q in load("08", "quiz.yaml")["questions"] if q["id"] == "minderjarig")
    assert "meestal niet strafbaar" in item["text"]
    assert [o["text"] for o in item["options"] if o.get("correct")] == ["Waar"]
    # student15 m1: the signals are about invented young people, not the class
    assert "niet over iemand uit de klas" in load("04", "signalen.yaml")["intro"]
    # student15 m2: no girl 'uit zijn klas' on a card pairs joke about
    assert "uit zijn klas" not in (LESSONS / "02-voorbij-het-stereotype" / "gesprek.yaml").read_text("utf-8")
    # prevention m1: blame is answered at once, not left standing
    for number, sid in (("03", "eigen-schuld"), ("04", "zelf-schuldig")):
        hint = next(s for s in load(number, "stellingen.yaml")["statements"] if s["id"] == sid)["hint"]
        assert "zonder te corrigeren" not in hint and "Reageer meteen" in hint


def test_the_guide_points_to_the_law_sheet_where_a_teacher_can_find_it() -> None:
    """Lawyer m7: the worksheet version of lesson 00 pointed 'hieronder'/'hierboven' to the law
    section that only the teacher edition has."""
    from tests.test_review10 import _cells
    text = "\n".join(_cells("00"))
    assert "staat hieronder bij 'De wet: de feiten voor de docent'" not in text
    assert "'Wat zegt de wet?' hierboven" not in text
    assert text.count("`wat-zegt-de-wet.pdf`") >= 3


def test_the_guide_does_not_say_the_easy_series_never_teaches_calling_helpwanted() -> None:
    """Teacher m3: E2 and E4 give Helpwanted's number; the guide said they do not."""
    from tests.test_review10 import _cells
    text = "\n".join(_cells("00"))
    assert "de lessen leren daarom niet 'Helpwanted bellen'" not in text
    assert "bel Helpwanted samen met een volwassene" in text


@pytest.mark.parametrize("number", ["01", "02", "03", "04", "05", "06", "08"])
def test_private_slips_left_behind_are_torn_up_unread(number: str) -> None:
    """Student15 m4: 'Alleen voor jou' slips stay on the tables for the next class."""
    assert "scheur achtergelaten strookjes ongelezen door" in _plan_text(number)
