"""Statements, Scenario, PromptCards and Timer: behaviour and print forms."""
from __future__ import annotations

from pathlib import Path

import pytest

from widgets import PromptCards, Scenario, Statements, Timer
from widgets.scenario import numbering

from . import viewing

STATEMENTS = """
kind: statements
title: Wat vind jij?
statements:
  - id: grap
    text: Een grap over iemands lichaam is gewoon een grap.
    hint: Vraag wie bepaalt of iets grappig is.
  - id: delen
    text: Een foto die je kreeg, mag je doorsturen.
"""

SCENARIO = """
kind: scenario
title: Het verhaal van Sam
character:
  name: Sam
start: begin
nodes:
  - id: begin
    text: Sam krijgt een bericht van een onbekende.
    teacher_note: Vraag wat Sam voelt.
    choices:
      - label: Sam antwoordt
        next: antwoord
      - label: Sam blokkeert
        next: blok
  - id: antwoord
    text: De ander vraagt om een foto.
    choices:
      - label: Sam vraagt hulp
        next: hulp
      - label: Sam twijfelt
        next: twijfel
  - id: twijfel
    text: Sam denkt na.
    choices:
      - label: Toch hulp vragen
        next: hulp
  - id: blok
    text: Sam blokkeert en vertelt het aan een mentor.
    ending: true
  - id: hulp
    text: Sam praat met een volwassene. Het is nooit Sams schuld.
    ending: true
"""

PROMPTS = """
kind: prompts
title: Praat erover
think_pair_share: {think: 30, pair: 60, share: 90}
prompts:
  - id: nee
    text: Hoe zeg je nee?
    hint: Laat leerlingen voorbeelden geven.
  - id: check
    text: Hoe check je of de ander het echt wil?
"""


def _load(cls, tmp_path: Path, text: str, **kw):
    f = tmp_path / "x.yaml"
    f.write_text(text, "utf-8")
    with viewing("teacher" if kw.pop("teacher", False) else "student"):
        w = cls.load(f, **kw)
    assert isinstance(w, cls), getattr(w, "problems", w)
    return w


def test_statements_choice_navigation_and_no_right_answer(tmp_path: Path) -> None:
    s = _load(Statements, tmp_path, STATEMENTS)
    assert "geen goed of fout" in s.header.value
    assert "Stelling 1 van 2" in s.counter.value
    s.buttons["oneens"].click()
    assert s.choice["grap"] == "oneens" and s.buttons["oneens"].description.startswith("✓")
    assert "Jouw keuze: Oneens" in s.chosen.value
    assert s.prev_button.disabled
    s.next_button.click()
    assert "doorsturen" in s.text.value and s.next_button.disabled
    assert s.chosen.value == ""
    assert s.hint not in s.children  # no teacher hints for students


def test_statements_tally_counts_and_chart(tmp_path: Path) -> None:
    s = _load(Statements, tmp_path, STATEMENTS, teacher=True)
    assert "Vraag wie bepaalt" in s.hint.value
    for _ in range(3):
        s.plus["eens"].click()
    s.plus["weet-niet"].click()
    s.minus["oneens"].click()  # never below zero
    assert s.tally["grap"] == {"eens": 3, "oneens": 0, "weet-niet": 1}
    assert s.chart_data("grap") == (["Eens", "Oneens", "Weet niet"], [3, 0, 1])
    first_chart = s.chart.value
    assert first_chart.startswith("<svg role=\"img\"")
    s.plus["oneens"].click()
    assert s.chart.value != first_chart
    s.next_button.click()
    assert s.tally["delen"] == {"eens": 0, "oneens": 0, "weet-niet": 0}


def test_statements_print_forms(tmp_path: Path) -> None:
    s = _load(Statements, tmp_path, STATEMENTS, teacher=True)  # the whole content, as in print
    student = Statements.render_print(s.content, "student")
    cards = Statements.render_print(s.content, "cards")
    teacher = Statements.render_print(s.content, "teacher")
    assert "Vraag wie bepaalt" not in student + cards and "Vraag wie bepaalt" in teacher
    # no tick boxes on the named worksheet: the class votes on the anonymous slip
    assert student.count("&#x2610;") == 0 and cards.count('class="card"') == 2
    assert "Kruis hier niets aan" in student


def test_scenario_walks_to_every_ending(tmp_path: Path) -> None:
    sc = _load(Scenario, tmp_path, SCENARIO)
    assert sc.back_button.disabled and len(sc.choice_buttons) == 2
    assert sc.choice_buttons[0].description == "A: Sam antwoordt"
    sc.choice_buttons[1].click()
    assert sc.current == "blok" and sc.at_ending and "Einde van dit verhaal" in sc.end.value
    sc.back_button.click()
    assert sc.current == "begin" and sc.end.value == ""
    sc.choose(0)
    sc.choose(1)
    sc.choose(0)
    assert sc.current == "hulp" and sc.history == ["begin", "antwoord", "twijfel"]
    assert "Stap 4" in sc.step.value
    sc.restart_button.click()
    assert sc.current == "begin" and sc.history == []
    endings = set()
    for path in ([0, 0], [0, 1, 0], [1]):
        sc.restart()
        for i in path:
            sc.choose(i)
        endings.add(sc.current)
    assert endings == {"hulp", "blok"}


def test_scenario_gamebook(tmp_path: Path) -> None:
    sc = _load(Scenario, tmp_path, SCENARIO, teacher=True)  # the whole content, as in print
    assert numbering(sc.content) == {"begin": 1, "antwoord": 2, "blok": 3, "hulp": 4, "twijfel": 5}
    student = Scenario.render_print(sc.content, "student")
    teacher = Scenario.render_print(sc.content, "teacher")
    assert "Kies A:</strong> Sam antwoordt &#x2192; ga naar deel 2" in student
    assert "Kies B:</strong> Sam blokkeert &#x2192; ga naar deel 3" in student
    assert "Vraag wat Sam voelt" not in student and "Vraag wat Sam voelt" in teacher
    assert "Eindes:</strong> deel 3, 4" in teacher
    cards = Scenario.render_print(sc.content, "cards")
    assert cards.count('class="card card-story"') == 5 and "Vraag wat Sam voelt" not in cards


def test_prompt_cards_navigation_hint_and_think_pair_share(tmp_path: Path) -> None:
    p = _load(PromptCards, tmp_path, PROMPTS)
    assert "Kaart 1 van 2" in p.counter.value and "Hoe zeg je nee?" in p.card.value
    p.next_button.click()
    assert "echt wil" in p.card.value and p.next_button.disabled
    p.phase_buttons["pair"].click()
    (timer,) = p.timer_area.children
    assert isinstance(timer, Timer) and timer.total == 60 and timer.running
    timer.pause()
    assert p.hint not in p.children
    teacher = _load(PromptCards, tmp_path, PROMPTS, teacher=True)
    assert "Laat leerlingen" in teacher.hint.value
    student_print = PromptCards.render_print(p.content, "student")
    assert "Laat leerlingen" not in student_print and 'class="line"' in student_print
    assert PromptCards.render_print(p.content, "cards").count('class="card"') == 2


def test_timer_ticks_to_visible_end() -> None:
    tm = Timer(seconds=3, label="Tweetallen")
    assert "00:03" in tm.display.value and not tm.start_button.disabled
    tm.tick()
    assert "00:02" in tm.display.value
    tm.tick(5)
    assert tm.finished and "Tijd is om!" in tm.display.value and tm.start_button.disabled
    tm.reset_button.click()
    assert tm.remaining == 3 and "00:03" in tm.display.value
    tm.start_button.click()
    assert tm.running and tm.pause_button.disabled is False
    tm.pause_button.click()
    assert not tm.running
    with pytest.raises(ValueError):
        Timer()
    assert "5 minuten" in Timer.render_print(None, "student", minutes=5, label="Groepswerk")


def _statements_yaml(kinds: list[str]) -> str:
    rows = []
    for i, kind in enumerate(kinds):
        rows.append(f"  - id: s{i}\n    text: Stelling nummer {i}.\n")
        if kind == "norm":
            rows.append("    type: norm\n    norm: Dit zegt de wet.\n")
    return "kind: statements\ntitle: Wat vind jij?\nstatements:\n" + "".join(rows)


@pytest.mark.parametrize("kinds, says, never", [
    (["opinion", "opinion"], ["geen goed of fout"], ["wel een goed antwoord"]),
    (["norm", "norm", "norm", "opinion"], ["Bij één stelling gaat het om een mening",
                                           "Bij drie stellingen is er wel een goed antwoord"],
     ["meeste", "een paar"]),
    (["opinion", "opinion", "opinion", "norm"], ["Bij drie stellingen gaat het om een mening",
                                                 "Bij één stelling is er wel een goed antwoord"],
     ["meeste", "een paar"]),
    (["norm", "norm"], ["Bij elke stelling is er een goed antwoord"], ["geen goed of fout"]),
])
def test_statements_header_says_what_is_true_for_the_round(tmp_path: Path, kinds, says, never) -> None:
    """Issue 26, item 9: not "bij de meeste stellingen is er geen goed antwoord" when most are
    norm statements; the same line on screen and in every print form."""
    s = _load(Statements, tmp_path, _statements_yaml(kinds))
    for edition in ("student", "cards", "teacher"):
        printed = Statements.render_print(s.content, edition) if edition != "cards" else ""
        for text in (s.header.value, printed) if printed else (s.header.value,):
            for phrase in says:
                assert phrase in text, (edition, text)
            for phrase in never:
                assert phrase not in text, (edition, text)
