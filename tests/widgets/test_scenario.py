"""Scenario: walking the story on screen, and the gamebook / cards print forms."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from widgets import Scenario, set_language
from widgets.scenario import numbering
from widgets.models.activities import ScenarioContent
from widgets.schema import parse_content

from . import viewing

GOOD = Path(__file__).parent / "fixtures" / "scenario" / "good.yaml"
NOTES = ("Vraag wat er opvalt aan dit aanbod.", "Bespreek welke signalen je hier ziet.",
         "Benadruk dat hulp vragen altijd kan, ook later.")
#: breadth-first from the start, in choice order (the YAML lists the nodes in another order)
EXPECTED_NUMBERS = {"bericht": 1, "vraag": 2, "ja": 3, "zus": 4, "nee": 5, "mentor": 6, "stil": 7}


def load(**kw) -> Scenario:
    with viewing("teacher" if kw.pop("teacher", False) else None):
        sc = Scenario.load(GOOD, **kw)
    assert isinstance(sc, Scenario), getattr(sc, "problems", sc)
    return sc


def all_text(widget) -> str:
    """Every HTML value and button label in the widget tree (what the browser could receive)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        out.append(str(getattr(w, "value", "") or ""))
        out.append(str(getattr(w, "description", "") or ""))
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


def endings(c: ScenarioContent) -> set[str]:
    return {n.id for n in c.nodes if n.ending}


# ------------------------------------------------------------------------------------ screen
def test_start_screen() -> None:
    sc = load()
    assert sc.current == "bericht" and sc.history == [] and not sc.at_ending
    assert "Het aanbod van Dex" in sc.header.value
    assert "Hoofdpersoon:</strong> Noor (15) — Noor zit in 4 havo" in sc.header.value
    assert "Stap 1" in sc.step.value
    assert "<p>Noor krijgt een bericht van Dex." in sc.text.value
    assert sc.text.value.count("<p>") == 2  # blank line = new paragraph
    assert [b.description for b in sc.choice_buttons] == [
        "A: Noor vraagt wat er in de pakketjes zit", "B: Noor zegt ja",
        "C: Noor vertelt het aan haar zus"]
    assert sc.back_button.disabled and sc.back_button.description == "Terug"
    assert sc.restart_button.description == "Opnieuw beginnen"
    assert sc.end.value == ""


def test_walk_to_each_ending_with_buttons() -> None:
    sc = load()
    paths = {"zus": "C", "nee": "AA", "mentor": "BA"}
    for ending, letters in paths.items():
        sc.restart_button.click()
        for letter in letters:
            sc.choice_buttons["ABCD".index(letter)].click()
        assert sc.current == ending and sc.at_ending
        assert "■ Einde van dit verhaal" in sc.end.value and "role='status'" in sc.end.value
        assert "Opnieuw beginnen" in sc.end.value  # the end offers a restart in words
        assert sc.choice_buttons == [] and sc.choice_box.children == ()
        assert not sc.back_button.disabled
        assert sc.restart_button.button_style == "primary"
        assert len(sc.history) == len(letters)
        assert f"Stap {len(letters) + 1} · " + " → ".join(letters) in sc.step.value


def test_every_ending_is_reachable_through_the_api() -> None:
    """Depth-first over the widget itself (choose/back only): every ending is reached."""
    sc = load()
    reached: set[str] = set()

    def walk() -> None:
        node = sc.content.node(sc.current)
        if sc.at_ending:
            reached.add(sc.current)
            return
        for i in range(len(node.choices)):
            before = (sc.current, list(sc.history))
            sc.choose(i)
            if sc.current not in sc.history:  # do not go round a loop twice
                walk()
            sc.back()
            assert (sc.current, sc.history) == before

    walk()
    assert reached == endings(sc.content) == {"zus", "nee", "mentor"}
    assert sc.current == "bericht" and sc.back_button.disabled


def test_back_and_restart() -> None:
    sc = load()
    sc.back()  # at the start: nothing happens
    assert sc.current == "bericht" and sc.history == []
    sc.choose(1)
    sc.choose(1)
    assert sc.current == "stil" and sc.history == ["bericht", "ja"]
    assert "Stap 3 · B → B" in sc.step.value
    sc.back_button.click()
    assert sc.current == "ja" and sc.history == ["bericht"] and "Stap 2 · B" in sc.step.value
    sc.back_button.click()
    assert sc.current == "bericht" and sc.back_button.disabled and "Stap 1" in sc.step.value
    assert "→" not in sc.step.value
    sc.choose(0)
    sc.choose(0)
    assert sc.at_ending
    sc.restart_button.click()
    assert sc.current == "bericht" and sc.history == [] and sc.picks == []
    assert sc.end.value == "" and sc.restart_button.button_style == ""
    assert len(sc.choice_buttons) == 3


def test_loop_with_exit() -> None:
    sc = load()
    sc.choose(0)  # vraag
    sc.choose(1)  # denkt er nog eens over na -> terug naar het begin
    assert sc.current == "bericht" and sc.history == ["bericht", "vraag"]
    assert "Stap 3 · A → B" in sc.step.value and not sc.back_button.disabled
    sc.back()
    assert sc.current == "vraag"


def test_choose_outside_the_choices_is_refused() -> None:
    sc = load()
    with pytest.raises(IndexError):
        sc.choose(3)
    sc.choose(2)
    with pytest.raises(IndexError):
        sc.choose(0)  # an ending has no choices
    assert sc.current == "zus" and sc.history == ["bericht"]


def test_teacher_notes_only_for_the_teacher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIJKVERDER_VIEW", raising=False)
    student = load()
    assert student.note not in student.children
    for path in ([], [1, 1], [1, 1, 0]):
        student.restart()
        for i in path:
            student.choose(i)
        text = all_text(student)
        assert not any(n in text for n in NOTES)
        assert student.note.value == ""  # not even in the hidden widget's state
        assert "Alleen voor de docent" not in text
    teacher = load(teacher=True)
    assert teacher.note in teacher.children
    assert NOTES[0] in teacher.note.value and "Alleen voor de docent" in teacher.note.value
    teacher.choose(1)  # "ja" has no note
    assert teacher.note.value == ""
    teacher.choose(1)
    assert NOTES[1] in teacher.note.value
    # the teacher's projector view switches notes on without an argument
    monkeypatch.setenv("KIJKVERDER_VIEW", "teacher")
    projector = load()
    assert projector.teacher and projector.note in projector.children
    assert NOTES[0] in projector.note.value
    # lesson code cannot choose the audience: the keyword is refused, not obeyed
    with pytest.raises(TypeError, match="teacher=: lesson code may not choose the audience"):
        Scenario.load(GOOD, teacher=False)


def test_text_is_escaped(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD.read_text("utf-8"))
    data["title"] = "Noor <script>alert(1)</script>"
    data["nodes"][0]["text"] = "Dex schrijft: <b>kom</b> & verdien"
    data["nodes"][0]["choices"][0]["label"] = "Vragen <i>wat</i>"
    f = tmp_path / "verhaal.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    sc = Scenario.load(f)
    assert isinstance(sc, Scenario)
    assert "<script>" not in sc.header.value and "&lt;script&gt;" in sc.header.value
    assert "&lt;b&gt;kom&lt;/b&gt; &amp; verdien" in sc.text.value
    assert sc.choice_buttons[0].description == "A: Vragen <i>wat</i>"  # a button label is plain text
    for edition in ("student", "teacher", "cards"):
        out = Scenario.render_print(sc.content, edition)
        assert "<script>" not in out and "<b>kom" not in out and "<i>wat" not in out
        assert "&lt;b&gt;kom&lt;/b&gt;" in out


def test_english_ui() -> None:
    set_language("en")
    try:
        sc = load()
        assert sc.back_button.description == "Back" and sc.restart_button.description == "Start again"
        assert "Step 1" in sc.step.value and "Main character" in sc.header.value
        sc.choose(2)
        assert "End of this story" in sc.end.value
        assert "Start at part 1" in Scenario.render_print(sc.content, "student")
    finally:
        set_language("nl")


# ------------------------------------------------------------------------------------ print
def test_gamebook_numbering_is_breadth_first_and_independent_of_yaml_order() -> None:
    c = load().content
    assert numbering(c) == EXPECTED_NUMBERS
    data = yaml.safe_load(GOOD.read_text("utf-8"))
    data["nodes"].reverse()
    assert numbering(parse_content(yaml.safe_dump(data, allow_unicode=True))) == EXPECTED_NUMBERS


def sections(html: str) -> dict[int, str]:
    """Section number -> its HTML (student / teacher gamebook)."""
    parts = re.split(r'<p class="section-number">Deel (\d+)', html)
    return {int(n): body for n, body in zip(parts[1::2], parts[2::2])}


def test_gamebook_student_edition() -> None:
    c = load().content
    html = Scenario.render_print(c, "student")
    secs = sections(html)
    assert list(secs) == [1, 2, 3, 4, 5, 6, 7]
    assert "Begin hier" in secs[1] and "Begin hier" not in "".join(secs[n] for n in range(2, 8))
    assert "Begin bij deel 1. Lees wat er gebeurt. Ga dan naar het deel achter de keuze." in html  # language m8, review 5
    nums = numbering(c)
    for node in c.nodes:
        body = secs[nums[node.id]]
        assert str(escape(node.text.split("\n\n")[0])) in body
        for letter, ch in zip("ABCD", node.choices):
            # review 7 student15 m1: one way on reads "Lees verder", not a lone "Kies A"
            lead = f"Kies {letter}" if len(node.choices) > 1 else "Lees verder"
            assert (f"{lead}:</strong> {escape(ch.label)} &#x2192; ga naar deel "
                    f"{nums[ch.next]}</p>") in body
        assert ("Einde van dit verhaal" in body) == node.ending
        assert body.count("Kies ") == (len(node.choices) if len(node.choices) > 1 else 0)
    assert "Kies B:</strong> Noor denkt er nog eens over na &#x2192; ga naar deel 1" in secs[2]
    for note in NOTES:
        assert note not in html
    assert "Alleen voor de docent" not in html and "Eindes" not in html and 'class="key"' not in html


def test_gamebook_teacher_edition() -> None:
    c = load(teacher=True).content
    html = Scenario.render_print(c, "teacher")
    assert "Eindes:</strong> deel 4, 5, 6</div>" in html
    assert html.index("Eindes:") < html.index('class="section-number"')
    secs = sections(html)
    assert NOTES[0] in secs[1]  # bericht
    assert NOTES[1] in secs[7]  # stil
    assert NOTES[2] in secs[6]  # mentor
    assert secs[1].count("Alleen voor de docent") == 1
    assert "Alleen voor de docent" not in secs[2] + secs[3]  # no note, no empty box
    assert html.count("Alleen voor de docent") == 3
    # the story itself is the same as in the student edition
    student = sections(Scenario.render_print(c, "student"))
    for n in student:
        assert re.sub(r'<div class="key">.*?</div>', "", secs[n], flags=re.S).split() == student[n].split()


def test_cards_edition() -> None:
    c = load().content
    html = Scenario.render_print(c, "cards")
    assert _opens_card_set(html)
    cards = re.findall(r'<div class="card card-story">(.*?)</div>', html, flags=re.S)
    assert len(cards) == 7
    nums = numbering(c)
    for node in c.nodes:
        card = cards[nums[node.id] - 1]
        assert card.startswith(f'<p class="card-number">Deel {nums[node.id]}')
        assert ("Einde van dit verhaal" in card) == node.ending
        for letter, ch in zip("ABCD", node.choices):
            lead = f"Kies {letter}" if len(node.choices) > 1 else "Lees verder"
            assert f"{lead}:</strong> {escape(ch.label)} &#x2192; ga naar deel {nums[ch.next]}" in card
        assert "Het aanbod van Dex · Noor" in card
    assert "Begin hier" in cards[0]
    for note in NOTES:
        assert note not in html
    assert "Alleen voor de docent" not in html and "Eindes" not in html


def test_print_context_has_no_teacher_data_for_students() -> None:
    c = load(teacher=True).content
    for edition in ("student", "cards"):
        ctx = Scenario.print_data(c, edition)
        assert "endings" not in ctx
        assert not any(s["note"] for s in ctx["sections"])
        assert not any(n in repr(ctx) for n in NOTES)
    ctx = Scenario.print_data(c, "teacher")
    assert ctx["endings"] == [4, 5, 6]
    assert [s["note"] for s in ctx["sections"]][:1] == [NOTES[0]]


def test_print_is_deterministic() -> None:
    c = load().content
    for edition in ("student", "teacher", "cards"):
        assert Scenario.render_print(c, edition) == Scenario.render_print(c, edition)


def _opens_card_set(html: str) -> bool:
    """A card set opens with the line that says who gets it (review 3: per kind), then the
    cards."""
    body = html.strip()
    return body.startswith('<p class="cards-kind">') and body.index('<div class="cards">') > 0
