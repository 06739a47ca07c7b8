"""Review round 6, the law (lawyer M1): pressure alone is not exploitation. A text that calls a
young person who did something punishable under pressure a 'slachtoffer (van uitbuiting)'
must also name the condition: the other one profits from it or takes advantage of them."""
from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import LESSONS
from tests.test_law_review5 import MAIN, _lesson_texts, _sentences, _strings

PRESSURE_RE = re.compile(r"\bdruk\b|gedwongen|\bdwang\b", re.I)
VICTIM_RE = re.compile(r"\bslachtoffer\b", re.I)
#: the young person did something punishable themselves
OFFENCE_RE = re.compile(r"strafbaar|iets fout|niet mag", re.I)
#: the condition that makes pressure exploitation, or a sextortion victim in the image
CONDITION_RE = re.compile(r"verdien|misbruik|profiteer|beeld van zichzelf|op een beeld", re.I)


def pressure_alone_called_exploitation(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        sentences = _sentences(text)
        for i, sentence in enumerate(sentences):
            window = " ".join(sentences[max(0, i - 1):i + 1])
            if (VICTIM_RE.search(sentence) and PRESSURE_RE.search(window)
                    and OFFENCE_RE.search(window) and not CONDITION_RE.search(window)):
                found.append(f"{where}: {window!r}")
    return found


def test_the_pattern_finds_the_old_wording() -> None:
    old = [("feiten", "Deed je iets strafbaars omdat iemand je onder druk zette? Dan ben je "
                      "slachtoffer van uitbuiting.")]
    assert len(pressure_alone_called_exploitation(old)) == 1
    new = [("feiten", "Zette iemand je onder druk om iets strafbaars te doen, en verdient die "
                      "ander eraan? Dan ben je slachtoffer van uitbuiting.")]
    assert pressure_alone_called_exploitation(new) == []


@pytest.mark.parametrize("folder", MAIN, ids=lambda p: p.name[:2])
def test_no_lesson_calls_pressure_alone_exploitation(folder) -> None:
    assert pressure_alone_called_exploitation(_lesson_texts(folder)) == []


def test_no_fact_and_no_sheet_text_calls_pressure_alone_exploitation() -> None:
    raw = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))
    assert pressure_alone_called_exploitation([("feiten.yaml", s) for s in _strings(raw)]) == []


def test_lesson_00_gives_no_forwarded_image_as_an_example_of_blameless_pressure() -> None:
    """Forwarding someone's image stays art. 252 Sr, also under group pressure."""
    texts = _lesson_texts(next(LESSONS.glob("00-*")))
    assert not any(re.search(r"beeld van een ander doorsturen\?\s*Dan ligt de schuld", t)
                   for _, t in texts)


def test_the_age_answer_does_not_suggest_everything_is_allowed_from_16() -> None:
    """Lawyer M2: the law sheet read 'vanaf 16 mag alles behalve betaling'. Only a line that
    follows from facts already in the registry (wil-ontbreekt, betalen-onder-18) is added."""
    raw = yaml.safe_load((LESSONS / "feiten.yaml").read_text("utf-8"))
    (fact,) = [f for f in raw["facts"] if f["id"] == "leeftijdsgrens-16"]
    assert "Ook vanaf 16 mag niet alles" in fact["student"]


def test_forwarding_is_always_punishable_only_for_images_of_minors() -> None:
    """Lawyer m7: for an adult pictured, forwarding 'kan' be punishable (art. 139h Sr).
    Review 7 language m4: 'Bij volwassenen kan het ook strafbaar zijn' read as if sexting
    between adults were punishable; the line now names forwarding without consent."""
    glossary = (LESSONS / "begrippen.yaml").read_text("utf-8")
    statements = (next(LESSONS.glob("03-*")) / "stellingen.yaml").read_text("utf-8")
    assert "Wie de beelden doorstuurt naar anderen, is wel strafbaar." not in glossary
    assert "Wie de foto verspreidt, doet iets strafbaars." not in statements
    assert "Ook beelden van volwassenen doorsturen zonder toestemming kan strafbaar zijn." in glossary
