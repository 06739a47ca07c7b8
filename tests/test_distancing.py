"""Distancing rules in the student text (review round 2: language M3, student15 M2, teacher m7,
prevention m7 and m8).

- An exercise never tells students that its sentences are about "iemand die je kent": pairs then
  map signals such as bruises onto a real classmate, against the class agreement "we noemen geen
  namen". The lesson 06 sort says its young people are invented.
- The glossary never tells the reader that exploitation uses "jouw zwakke plek": an affected
  student hears "it happened because I am weak".
"""
from __future__ import annotations

import re

import yaml

from tests.conftest import LESSONS
from tests.test_content_rules import lesson_texts

#: an exercise whose items "are about someone you know"
KNOWN_PERSON_RE = re.compile(r"\bgaan\s+(?:steeds\s+|allemaal\s+)?over\s+iemand\s+die\s+je\s+kent\b",
                             re.IGNORECASE)
#: a definition that gives the reader the weak spot
READER_WEAKNESS_RE = re.compile(r"\b(?:jouw|je)\s+zwakke\s+plek", re.IGNORECASE)


def known_person_tasks(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {m.group(0)!r}" for where, text in texts for m in KNOWN_PERSON_RE.finditer(text)]


def test_known_person_pattern_finds_the_old_wording() -> None:
    old = "Lees de zinnen. Ze gaan steeds over iemand die je kent. Hoe sterk is het signaal?"
    assert len(known_person_tasks([("06", old)])) == 1
    assert known_person_tasks([("04", "Vaak is het iemand die je kent. Soms iemand van je eigen leeftijd.")]) == []


def test_no_exercise_is_about_someone_the_student_knows() -> None:
    assert known_person_tasks(lesson_texts()) == []


def test_lesson06_signals_are_about_invented_young_people() -> None:
    intro = yaml.safe_load((LESSONS / "06-signalen-en-hulp" / "signalen.yaml").read_text("utf-8"))["intro"]
    assert "verzonnen" in intro and "geen namen" in intro, intro


def test_the_glossary_never_gives_the_reader_a_weak_spot() -> None:
    terms = yaml.safe_load((LESSONS / "begrippen.yaml").read_text("utf-8"))["terms"]
    assert [t["term"] for t in terms if READER_WEAKNESS_RE.search(t["definition"])] == []
    assert READER_WEAKNESS_RE.search("misbruik maakt van jouw zwakke plek")
