"""Review round 5, the law (lawyer M1, m1, m2, m4, m5, m7): pressure is no defence in itself,
so no text tells a pressured young person "nooit schuldig / nooit dader"; the answers about
minors say only what a cited source says."""
from __future__ import annotations

import functools
import html
import json
import re

import pytest
import yaml

from tests.conftest import LESSONS
from widgets.schema import load_content

MAIN = sorted(p for p in LESSONS.glob("0[0-8]-*") if p.is_dir())
#: A legal absolute about a person: wrong next to pressure or exploitation, where the young
#: person may still be a suspect and non-prosecution is OM policy, not a rule (lawyer M1).
NEVER_GUILTY_RE = re.compile(r"\bnooit (?:de )?(?:schuldig|dader|strafbaar)\b", re.I)
PRESSURE_RE = re.compile(r"\bdruk\b|uitbuit|gedwongen|\bdwang\b|chanta|gechanteerd", re.I)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n", text) if s.strip()]


def never_guilty_under_pressure(texts: list[tuple[str, str]]) -> list[str]:
    """Sentences that call someone under pressure 'nooit schuldig/dader/strafbaar'."""
    return [f"{where}: {s!r}" for where, text in texts for s in _sentences(text)
            if NEVER_GUILTY_RE.search(s) and PRESSURE_RE.search(s)]


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _lesson_texts(folder) -> list[tuple[str, str]]:
    texts = []
    for nb in folder.glob("*.ipynb"):
        for cell in json.loads(nb.read_text("utf-8"))["cells"]:
            texts.append((nb.name, "".join(cell["source"])))
    for data in folder.glob("*.yaml"):
        texts += [(data.name, s) for s in _strings(yaml.safe_load(data.read_text("utf-8")))]
    return texts


def test_the_pattern_finds_the_old_wording() -> None:
    old = [("sheet", "Zeg er altijd bij: wie op een beeld staat of onder druk is gezet, is nooit "
                     "schuldig, en hulp vragen kan altijd."),
           ("08", "Wie onder druk is gezet, of van wie een beeld rondgaat, is slachtoffer en "
                  "nooit dader.")]
    assert len(never_guilty_under_pressure(old)) == 2
    # blame, not criminal liability, stays allowed; so does paid sex without pressure
    assert never_guilty_under_pressure([("x", "Onder druk meedoen is nooit jouw schuld.")]) == []
    assert never_guilty_under_pressure([("x", "De jongere is nooit schuldig.")]) == []


@pytest.mark.parametrize("folder", MAIN, ids=lambda p: p.name[:2])
def test_no_lesson_calls_a_pressured_person_never_guilty(folder) -> None:
    """Lawyer M1: 00 and 08 told the class 'onder druk gezet ... nooit dader'."""
    assert never_guilty_under_pressure(_lesson_texts(folder)) == []


def test_no_fact_and_no_sheet_text_calls_a_pressured_person_never_guilty() -> None:
    """Lawyer M1: the law sheet's intro, which a teacher must 'always' say."""
    raw = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))
    assert never_guilty_under_pressure([("feiten.yaml", s) for s in _strings(raw)]) == []


@functools.lru_cache(maxsize=1)
def _sheet() -> str:
    from handouts.render import law_sheet_html

    page = law_sheet_html(LESSONS / "feiten.yaml")
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_printed_law_sheet_calls_no_pressured_person_never_guilty() -> None:
    text = _sheet()
    assert "Krijg ik straf?" in text
    assert never_guilty_under_pressure([("wat-zegt-de-wet", text)]) == []


def test_lesson_06_offers_no_protection_in_exchange_for_telling() -> None:
    """Lawyer M1 (brief): 'bescherming kunnen krijgen als ze hun verhaal vertellen' reads as
    a deal."""
    texts = _lesson_texts(next(LESSONS.glob("06-*")))
    assert not any(re.search(r"bescherming[^.]*als ze hun verhaal vertellen", t) for _, t in texts)


# ------------------------------------------------------------------ minors (m1, m2, m4, m5, m7)
def _facts():
    return load_content(LESSONS / "feiten.yaml", expected_kind="facts")


def test_the_porn_answer_keeps_the_sexting_exception() -> None:
    """Lawyer m1: 'altijd verboden ... bewaren' made equal 16-year-olds offenders."""
    teacher = _facts().get("porno-minderjarigen").teacher
    assert "altijd verboden" not in teacher
    assert "uitgezonderd" in teacher


def test_a_young_suspect_learns_the_right_not_to_answer() -> None:
    """Lawyer m2: the most protective fact (art. 29 Sv) was missing; the school arranged the
    interview."""
    fact = _facts().get("verdachte-minderjarig")
    assert re.search(r"hoeft geen antwoord", fact.student)
    assert "art. 29" in fact.source.title
    for fid in ("verdachte-minderjarig", "zelf-doorgestuurd"):
        assert not re.search(r"aandachtsfunctionaris (dat |het )?regelen", _facts().get(fid).teacher)
    assert "school regelt geen" in _sheet()


def test_the_sexting_exception_carries_no_unverified_date() -> None:
    """Lawyer m4: the date rests on a 2020 source about the bill."""
    fact = _facts().get("sexting-gelijkwaardig")
    assert "1 juli 2024" not in fact.student
    quiz = yaml.safe_load(next(LESSONS.glob("08-*/quiz.yaml")).read_text("utf-8"))
    item = next(q for q in quiz["questions"] if q["id"] == "minderjarig")
    assert "1 juli 2024" not in item["explanation"]
    parents = next(LESSONS.glob("07-*/07-*.ipynb")).read_text("utf-8")
    assert "Sinds 1 juli 2024 geldt: sturen" not in parents


def test_a_teacher_who_received_an_image_acts_the_same_day() -> None:
    """Lawyer m5: 'keep it until you have consulted' had no time limit."""
    nb = next(LESSONS.glob("00-*/00-*.ipynb")).read_text("utf-8")
    line = next(s for s in nb.split("\\n") if "Krijg je het beeld zelf toegestuurd" in s)
    assert "dezelfde dag" in line


def test_the_age_answer_on_the_law_sheet_does_not_cite_art_251_alone() -> None:
    """Lawyer m7: art. 251 (approaching a child) read as the age-of-consent article."""
    sheet = _facts().sheet
    age = next(q for q in sheet.questions if "leeftijd" in q.question)
    assert "seksueel-benaderen-onder-16" not in age.facts
    assert any("seksueel-benaderen-onder-16" in q.facts for q in sheet.questions)
