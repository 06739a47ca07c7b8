"""PromptCards: schema, one card at a time, teacher hints, think-pair-share timers, print forms."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as W
import pytest

from widgets import PromptCards, Timer, set_language
from widgets.base import ErrorBox
from widgets.prompts import WRITING_LINES
from widgets.contentio import ContentError
from widgets.models.activities import PromptCardsContent
from widgets.schema import parse_content

from . import viewing

FIXTURES = Path(__file__).parent / "fixtures" / "prompts"
GOOD = FIXTURES / "good.yaml"
HINTS = ("Laat leerlingen voorbeelden geven.", "Ook kleine dingen tellen, zoals niet meelachen.")

BAD: dict[str, tuple[str, tuple[str, ...]]] = {
    "bad-empty-text.yaml": ("prompts[0].text", ("must not be empty",)),
    "bad-duplicate-id.yaml": ("prompts[1].id", ("duplicate prompt id 'nee'",)),
    "bad-timing.yaml": ("think_pair_share.think", ("10",)),
    "bad-no-title.yaml": ("title", ("required",)),
}


def widget_texts(w: W.Widget) -> str:
    """Every string a widget and its descendants send to the browser (values, labels, tooltips)."""
    out = []
    for name in ("value", "description", "tooltip", "placeholder"):
        v = getattr(w, name, None)
        if isinstance(v, str):
            out.append(v)
    for child in getattr(w, "children", ()):
        out.append(widget_texts(child))
    return "\n".join(out)


@pytest.fixture
def cards():
    """Widgets made in a test; closed afterwards so no timer thread outlives the test."""
    made: list[PromptCards] = []

    def make(teacher: bool = False, path: Path = GOOD) -> PromptCards:
        with viewing("teacher" if teacher else "student"):
            w = PromptCards.load(path)
        assert isinstance(w, PromptCards), getattr(w, "problems", w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


# ----------------------------------------------------------------------------- schema
def test_every_bad_fixture_has_an_expectation() -> None:
    assert {p.name for p in FIXTURES.glob("bad-*.yaml")} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_prompts_name_the_field(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ContentError) as err:
        parse_content(path.read_text("utf-8"), path=name)
    field, words = BAD[name]
    assert [p.field for p in err.value.problems] == [field]
    for word in words:
        assert word in err.value.problems[0].message
    box = PromptCards.load(path)
    assert isinstance(box, ErrorBox) and [p.field for p in box.problems] == [field]
    assert f"<code>{field}</code>" in box.message.value


@pytest.mark.parametrize("name", ["good.yaml", "good-no-tps.yaml"])
def test_good_prompts_parse(name: str) -> None:
    assert isinstance(parse_content((FIXTURES / name).read_text("utf-8")), PromptCardsContent)


# ----------------------------------------------------------------------------- on screen
def test_one_big_card_at_a_time(cards) -> None:
    p = cards()
    assert "Praat erover" in p.header.value and "Denk eerst zelf na." in p.header.value
    assert "Kaart 1 van 3" in p.counter.value
    assert "kv-big" in p.card.value and "Hoe kun je nee zeggen" in p.card.value
    assert p.prev_button.description == "Vorige" and p.next_button.description == "Volgende"
    assert p.prev_button.disabled and not p.next_button.disabled
    p.next_button.click()
    assert "Kaart 2 van 3" in p.counter.value and "echt wil" in p.card.value
    assert not p.prev_button.disabled
    p.next_button.click()
    assert "Kaart 3 van 3" in p.counter.value and p.next_button.disabled
    p.next_button.click()
    assert p.index == 2
    p.prev_button.click()
    assert "Kaart 2 van 3" in p.counter.value


def test_hints_only_for_the_teacher(cards) -> None:
    student = cards()
    for _ in range(3):
        assert not any(h in widget_texts(student) + student.hint.value for h in HINTS)
        student.next_button.click()
    assert student.hint not in student.children

    teacher = cards(teacher=True)
    assert teacher.hint in teacher.children
    assert HINTS[0] in teacher.hint.value and "Tip voor het gesprek" in teacher.hint.value
    teacher.next_button.click()
    assert teacher.hint.value == ""  # this prompt has no hint
    teacher.next_button.click()
    assert HINTS[1] in teacher.hint.value


def test_think_pair_share_starts_a_timer_per_phase(cards) -> None:
    p = cards()
    assert [b.description for b in p.phase_buttons.values()] == [
        "Denken", "Bespreken in tweetallen", "Delen met de klas"]
    assert p.timer is None and p.timer_area in p.children
    # the one timer is there (hidden) from the start, so the browser has drawn its clock before
    # a phase starts it: a Play only starts counting when its view sees ``playing`` change
    (clock_timer,) = p.timer_area.children
    assert p.timer_area.layout.display == "none" and not clock_timer.running
    p.phase_buttons["think"].click()
    assert p.timer_area.layout.display == "flex"
    think = p.timer
    assert think is clock_timer and isinstance(think, Timer) and think.total == 30 and think.running
    assert "Denken" in think.title.value and "00:30" in think.display.value
    assert p.phase_buttons["think"].description == "▶ Denken"
    think.tick(30)
    assert think.finished and "Tijd is om!" in think.display.value

    p.phase_buttons["pair"].click()
    pair = p.timer
    assert pair is think and p.timer_area.children == (pair,)  # the same clock, reset
    assert pair.total == 90 and pair.running and "01:30" in pair.display.value
    assert pair.clock.max == 90 and pair.clock.value == 0 and "Tijd is om" not in pair.display.value
    assert "Bespreken in tweetallen" in pair.title.value
    assert [b.description for b in p.phase_buttons.values()] == [
        "Denken", "▶ Bespreken in tweetallen", "Delen met de klas"]
    pair.tick(10)
    p.phase_buttons["share"].click()
    share = p.timer
    assert share.total == 120 and share.running and "02:00" in share.display.value  # restarted
    clock = share.clock
    assert clock.playing  # the browser clock of the running phase
    p.close()
    assert not clock.playing and clock.comm is None  # closing the cards stops and closes it


def test_no_phase_buttons_without_think_pair_share(cards) -> None:
    p = cards(path=FIXTURES / "good-no-tps.yaml")
    assert p.phase_buttons == {} and p.timer_area not in p.children
    assert "Kaart 1 van 1" in p.counter.value and p.next_button.disabled
    with pytest.raises(ValueError):
        p.start_phase("think")


def test_english(cards) -> None:
    set_language("en")
    p = cards()
    assert "Card 1 of 3" in p.counter.value and p.next_button.description == "Next"
    assert [b.description for b in p.phase_buttons.values()] == [
        "Think", "Discuss in pairs", "Share with the class"]


# ----------------------------------------------------------------------------- print forms
def _content() -> PromptCardsContent:
    return parse_content(GOOD.read_text("utf-8"))


def test_student_worksheet_has_writing_lines_and_no_hints() -> None:
    c = _content()
    assert not any(p["hint"] for p in PromptCards.print_data(c, "student")["prompts"])
    html = PromptCards.render_print(c, "student")
    for p in c.prompts:
        assert p.text in html
    assert html.count('<div class="line">') == WRITING_LINES * len(c.prompts) == 2 * len(c.prompts)
    assert not any(h in html for h in HINTS) and "Tip voor het gesprek" not in html
    assert ("Denken (30 seconden) &#x2192; Bespreken in tweetallen (1 minuut en 30 seconden) "
            "&#x2192; Delen met de klas (2 minuten)") in html


def test_teacher_edition_adds_hints() -> None:
    html = PromptCards.render_print(_content(), "teacher")
    assert all(h in html for h in HINTS) and html.count("Tip voor het gesprek") == 2
    assert "Hoe check je of de ander iets echt wil?" in html


def test_cards_one_prompt_per_card() -> None:
    c = _content()
    html = PromptCards.render_print(c, "cards")
    assert _opens_card_set(html) and html.count('<div class="card">') == 3
    for n, (card, p) in enumerate(zip(html.split('<div class="card">')[1:], c.prompts), 1):
        assert p.text in card and f"Kaart {n} van 3" in card
        assert '<p class="card-footer">Praat erover</p>' in card
    assert not any(h in html for h in HINTS)


def test_no_phase_line_without_think_pair_share() -> None:
    html = PromptCards.render_print(parse_content((FIXTURES / "good-no-tps.yaml").read_text("utf-8")),
                                    "student")
    assert "Denken" not in html and html.count('<div class="line">') == 2  # one prompt


def _opens_card_set(html: str) -> bool:
    """A card set opens with the line that says who gets it (review 3: per kind), then the
    cards."""
    body = html.strip()
    return body.startswith('<p class="cards-kind">') and body.index('<div class="cards">') > 0
