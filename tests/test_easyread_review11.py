"""Review round 11 on Kijk Verder Eenvoudig (E1-E4): the evening/weekend routes name only lines
that are verified open then; E3's opening block keeps to one kind of exploitation; every pair
gets the role-play card it needs; the 'Mijn vraag' slips are read the same day."""
from __future__ import annotations

import re
from math import ceil
from pathlib import Path

import pytest
import yaml

from tests.conftest import LESSONS

EASY = {p.name[:2]: p / f"{p.name}.ipynb" for p in sorted(LESSONS.glob("e[1-4]-*"))}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _html(nb: Path, edition: str) -> str:
    from kijkverder.printing import lesson_html

    return lesson_html(nb, edition)


def _yaml(lesson: str, name: str) -> dict:
    return yaml.safe_load((EASY[lesson].parent / name).read_text("utf-8"))


# ------------------------------------ lvb M1, prevention M1, teacher m3: Helpwanted's hours
def test_e2_evening_list_names_only_lines_verified_open_then() -> None:
    """Helpwanted's opening hours are not verified: the 'avond of weekend' list names only the
    lines that are (Kindertelefoon 11-21 under 18, Veilig Thuis and 113 day and night, 112);
    Helpwanted is the next school day's step, with the mentor, with its number."""
    from widgets.registry import registry

    for edition in ("student", "teacher"):
        text = _text(_html(EASY["e2"], edition))
        block = text[text.index("Is het avond of weekend?"):text.index("De volgende schooldag")]
        assert "Helpwanted" not in block, block
        for line in ("Kindertelefoon", "Veilig Thuis", "113", "112"):
            assert line in block
        after = text[text.index("De volgende schooldag"):]
        assert f"Helpwanted: {registry().get('helpwanted').phone}" in after[:300]


@pytest.mark.parametrize("lesson", ["e2", "e4"])
def test_no_easy_text_offers_helpwanted_as_an_evening_or_18_plus_line(lesson: str) -> None:
    """The 18+ alternative to the Kindertelefoon is Veilig Thuis (day and night), not a line
    whose hours nobody checked; 'Tot slot' and the teacher's closing say the same."""
    for edition in ("student", "teacher"):
        text = _text(_html(EASY[lesson], edition))
        assert not re.search(r"18 of ouder\?[^?]*(?:Helpwanted en|Helpwanted ook|Bel dan Helpwanted)",
                             text)
        assert "Dreigt iemand met een foto? Bel Helpwanted" not in text


def test_e4_saturday_story_does_not_send_daan_to_helpwanted_today() -> None:
    daan = next(i for i in _yaml("e4", "wie-eerst.yaml")["items"] if i["id"] == "foto")
    assert "vandaag nog hulp aan Helpwanted" not in daan["explanation"]
    assert "Dan vraagt hij hulp aan Helpwanted" not in daan["explanation"]
    assert "Veilig Thuis" in daan["explanation"] and "Maandag" in daan["explanation"]


# ----------------------------------------------------- lvb M2: E3's opening block, one idea
def test_e3_opening_block_has_one_kind_of_exploitation() -> None:
    """Blok 1 (5 minutes) taught criminal exploitation and also work to repay a journey; the
    second kind now sits in the teacher notes (the sort item keeps its own explanation)."""
    text = _text(_html(EASY["e3"], "student"))
    blok1 = text[text.index("Blok 1 · Snel geld?"):text.index("Doe je al klusjes die niet mogen?")]
    assert "reis" not in blok1 and "zonder loon" not in blok1
    teacher = _text(_html(EASY["e3"], "teacher"))
    assert "reis naar Nederland" in teacher[:teacher.index("Blok 1 · Snel geld?")]


# -------------------------------------------------- teacher M2: a card for every pair
def _kept_apart(lesson: str, n_cards: int) -> set[int]:
    """The card numbers the lesson plan keeps away from the pairs: the last card ('niet de
    laatste') and cards the teacher reads to the whole class ('Kaart 1 en 2 met de hele klas')."""
    note = next(p["note"] for p in _yaml(lesson, "les.yaml")["plan"]
                if p["activity"].startswith("Rollenspel"))
    kept = {n_cards} if "niet de laatste" in note else set()
    whole = re.search(r"Kaart ((?:\d+(?:, | en )?)+) met de hele klas", note)
    if whole:
        kept |= {int(d) for d in re.findall(r"\d+", whole.group(1))}
    return kept


@pytest.mark.parametrize("lesson", ["e1", "e2", "e3"])
def test_every_pair_gets_a_role_play_card(lesson: str) -> None:
    """The print list printed (15 pairs / all cards) sets, but the plan gives the pairs only some
    of the cards: 3-11 pairs sat without one. The count now comes from the cards the pairs get."""
    from handouts.printlist import CLASS_SIZE

    data = _yaml(lesson, "oefenen.yaml")
    n = len(data["prompts"])
    pair_cards = [i for i in range(1, n + 1) if i not in _kept_apart(lesson, n)]
    pairs = ceil(CLASS_SIZE / 2)
    sets = ceil(pairs / len(pair_cards))
    text = _text(_html(EASY[lesson], "teacher"))
    line = text[text.index("Kaarten voor tweetallen"):][:400]
    m = re.search(r"(\d+) keer \((\d+) kaarten voor (\d+) tweetallen: ([^)]*)\)", line)
    assert m, line
    assert int(m.group(1)) == sets and int(m.group(2)) == sets * len(pair_cards) >= pairs
    assert int(m.group(3)) == pairs
    names = ", ".join(str(i) for i in pair_cards[:-1])
    which = f"kaart {names} en {pair_cards[-1]}" if names else f"kaart {pair_cards[0]}"
    assert m.group(4) == which, line


def test_pair_cards_names_cards_of_the_set(tmp_path: Path) -> None:
    """An unknown id in ``pair_cards`` is refused, naming the field and the fix."""
    from pydantic import ValidationError

    from widgets.models.activities import PromptCardsContent

    data = _yaml("e1", "oefenen.yaml") | {"pair_cards": ["jas", "fiets"]}
    with pytest.raises(ValidationError, match=r"pair_cards\[1\].*no card with id 'fiets'"):
        PromptCardsContent.model_validate(data)


# -------------------------------------------- teacher M1: the 'Mijn vraag' slips, same day
@pytest.mark.parametrize("lesson", ["e1", "e2", "e3", "e4"])
def test_question_slips_are_read_the_same_day(lesson: str) -> None:
    """The slip has a name box ('Wil je praten?'); a name there is acted on the same day, and
    the last lesson says who answers the questions and when."""
    plan = _yaml(lesson, "les.yaml")["plan"]
    closing = next(p["note"] for p in plan if "hulpkaart" in p["activity"].lower()
                   and ("afsluiting" in p["activity"].lower() or "Mijn vraag" in p["note"]))
    assert "vandaag nog" in closing and "Wil je praten?" in closing
    if lesson == "e4":
        assert "wie" in closing and "wanneer" in closing
