"""Lesson-text rules from the third review round (lawyer, prevention, teacher).

- A legal line states only what verified-facts.md backs: the sexting exception is not cited to an
  article whose wording was never seen, the status of bill 36 547 is not given as current, and the
  consent note does not narrow the 'ernstige reden' to the other person's signals.
- The peer exception keeps 'in de regel' wherever a lesson says sexting is not punishable.
- A nude deepfake of an adult is never implied to be allowed.
- Only the teacher counts anonymous votes; a student never sees classmates' slips.
- Lessons 01-04 say that worksheets are not collected and that everyone hands in 'Mijn vraag'.
- One start instruction: 'Start de les' (no ▶▶ button), and the website's address comes from
  whoever set it up.
"""
from __future__ import annotations

import re

import yaml

from tests.conftest import LESSONS
from tests.test_content_rules import lesson_texts

# ------------------------------------------------------------------ the facts registry
ARTICLE_EXCEPTION_RE = re.compile(r"Uitzondering: sexting", re.IGNORECASE)
BILL_STATUS_RE = re.compile(r"Tweede Kamer|Eerste Kamer|nam het aan|lag het bij", re.IGNORECASE)
NARROW_CONSENT_RE = re.compile(r"duidelijke signalen zijn geweest|nauwer dan", re.IGNORECASE)
ASKED_RE = re.compile(r"Wie erom vroeg, ")
PEER_EXCEPTION_RE = re.compile(r"sexting tussen gelijkwaardige leeftijdsgenoten", re.IGNORECASE)


def fact_problems(facts: list[dict]) -> list[str]:
    """Registry wordings that state more law than verified-facts.md backs."""
    problems = []
    for fact in facts:
        if fact.get("article") and ARTICLE_EXCEPTION_RE.search(fact.get("teacher", "")):
            problems.append(f"{fact['id']}: the sexting exception is cited to {fact['article']}")
        if BILL_STATUS_RE.search(fact.get("teacher", "")):
            problems.append(f"{fact['id']}: states a parliamentary status as current")
        if NARROW_CONSENT_RE.search(fact.get("teacher", "")):
            problems.append(f"{fact['id']}: narrows the 'ernstige reden' to signals")
        if ASKED_RE.search(fact.get("student", "")):
            problems.append(f"{fact['id']}: 'wie erom vroeg' also covers a peer who asked")
    by_id = {f["id"]: f for f in facts}
    if "porno-minderjarigen" in by_id and not PEER_EXCEPTION_RE.search(by_id["porno-minderjarigen"]["student"]):
        problems.append("porno-minderjarigen: forbids keeping without the sexting exception")
    return problems


def test_fact_rules_find_the_old_wording() -> None:
    old = [
        {"id": "beelden", "article": "art. 252 Sr", "student": "",
         "teacher": "Strafbaar. Uitzondering: sexting tussen gelijkwaardige leeftijdgenoten."},
        {"id": "mensenhandel", "student": "",
         "teacher": "De Tweede Kamer nam het aan op 10 juni 2025; in november 2025 lag het bij de Eerste Kamer."},
        {"id": "wil", "student": "", "teacher": "Dat is nauwer: er moeten duidelijke signalen zijn geweest."},
        {"id": "sexting", "student": "Wie erom vroeg, het doorstuurt of ermee dreigt, doet iets strafbaars.",
         "teacher": ""},
        {"id": "porno-minderjarigen", "student": "Porno met iemand onder de 18 is verboden.", "teacher": ""},
    ]
    assert len(fact_problems(old)) == 5


def test_the_registry_states_no_more_law_than_was_verified() -> None:
    data = yaml.safe_load((LESSONS / "feiten.yaml").read_text(encoding="utf-8"))
    assert fact_problems(data["facts"]) == []


# ------------------------------------------------------------------ lesson text
NOT_PUNISHABLE_RE = re.compile(r"(?<!in de regel )niet strafbaar")
SEXTING_CONTEXT_RE = re.compile(r"leeftijdsgenoten|sexting", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+")
ADULT_DEEPFAKE_RE = re.compile(r"nepfoto van iemand verspreiden is strafbaar\. Gaat het om iemand onder de 18\?")
STUDENTS_COUNT_RE = re.compile(r"(laat|laten) (je )?(twee )?leerlingen[^.]{0,40}\btellen\b", re.IGNORECASE)
RUN_ALL_RE = re.compile(r"▶▶")


def text_problems(texts: list[tuple[str, str]]) -> list[str]:
    problems = []
    for where, text in texts:
        for sentence in SENTENCE_END_RE.split(text):
            if NOT_PUNISHABLE_RE.search(sentence) and SEXTING_CONTEXT_RE.search(text) \
                    and re.search(r"houden ze het voor zichzelf|voor zichzelf houden, is niet", text):
                problems.append(f"{where}: the peer exception without 'in de regel'")
                break
        if ADULT_DEEPFAKE_RE.search(text):
            problems.append(f"{where}: implies that making a nude deepfake of an adult is allowed")
        if STUDENTS_COUNT_RE.search(text):
            problems.append(f"{where}: students count their classmates' votes")
        if RUN_ALL_RE.search(text):
            problems.append(f"{where}: the ▶▶ button instead of 'Start de les'")
    return problems


def test_text_rules_find_the_old_wording() -> None:
    old = [
        ("07", "Sexting is iets anders. Sturen twee gelijkwaardige leeftijdsgenoten elkaar vrijwillig zo'n "
               "beeld, en houden ze het voor zichzelf? Dan is dat niet strafbaar."),
        ("03", "Zo'n nepfoto van iemand verspreiden is strafbaar. Gaat het om iemand onder de 18? Dan is ook "
               "maken strafbaar."),
        ("00", "Zonder computer tel je alleen de stellingen die je bespreekt, of laat je twee leerlingen bij "
               "je bureau tellen."),
        ("01", "Dan openen ze de les en klikken ze op ▶▶ (alles starten)."),
    ]
    assert len(text_problems(old)) == 4
    assert text_problems([("07", "Dan is dat in de regel niet strafbaar; sexting tussen leeftijdsgenoten "
                                 "die het voor zichzelf houden.")]) == []


def test_lessons_keep_the_law_lines_and_the_votes_safe() -> None:
    texts = [(where, text) for where, text in lesson_texts() if where[:2].isdigit()]
    assert text_problems(texts) == []


def test_lessons_01_to_04_say_what_is_collected() -> None:
    missing = []
    for lesson_dir in sorted(LESSONS.glob("0[1-4]-*")):
        plan = yaml.safe_load((lesson_dir / "les.yaml").read_text(encoding="utf-8"))["plan"]
        last = plan[-1]["note"]
        for needed in ("Haal de werkbladen niet op", "Mijn vraag"):
            if needed not in last:
                missing.append(f"{lesson_dir.name}: {needed!r}")
    assert missing == []


def test_every_lesson_plan_gives_one_start_instruction() -> None:
    wrong = []
    for lesson_dir in sorted(LESSONS.glob("0[1-8]-*")):
        if lesson_dir.name.startswith("07"):
            continue  # the parents' evening: parents use the paper or the teacher's screen
        first = yaml.safe_load((lesson_dir / "les.yaml").read_text(encoding="utf-8"))["plan"][0]["note"]
        if "'Start de les'" not in first or "adres" not in first:
            wrong.append(lesson_dir.name)
    assert wrong == []
