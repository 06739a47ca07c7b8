"""Review round 4 on Kijk Verder Eenvoudig (E1-E4): the safety rules of the series that a test can
state. No group and no class chooses for the victim of a story (lesson 00: the teacher picks
that route), a story nobody votes on prints no vote slip, the closing help card names the help
line its own sorting task sends a student to, and rules an LVB student takes literally never
declare someone a real friend on one sign."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kijkverder.lessons import LessonSource
from tests.conftest import LESSONS

EASY = sorted(LESSONS.glob("e[0-9]-*/e[0-9]-*.ipynb"))
E4 = LESSONS / "e4-hulp-vragen" / "e4-hulp-vragen.ipynb"
STORIES = [nb for nb in EASY if any(u.name == "Scenario" for u in LessonSource.open(nb).uses)]


def student_text(nb: Path) -> str:
    """What a student of ``nb`` reads: the markdown outside the teacher cells and the YAML."""
    source = LessonSource.open(nb)
    text = "\n".join(b.cell.source for b in source.blocks(None)
                     if b.kind == "markdown" and "teacher" not in b.cell.metadata.get("tags", []))
    return text + "\n" + "\n".join(p.read_text("utf-8") for p in nb.parent.glob("*.yaml")
                                   if p.name != "les.yaml")


def test_the_easy_series_has_stories() -> None:
    assert len(STORIES) >= 2


@pytest.mark.parametrize("nb", STORIES, ids=lambda p: p.parent.name)
def test_no_group_chooses_what_the_victim_of_an_easy_story_does(nb: Path) -> None:
    """Every choice in an easy-read story is the victim's (send the photo, take the job, pay):
    the teacher picks the route, so the story cards never offer it to a pair or a group."""
    for use in LessonSource.open(nb).uses:
        if use.name == "Scenario":
            open_choices = [n.id for n in use.content.nodes
                            if len(n.choices) > 1 and n.teacher_picks is None]
            assert open_choices == [], f"{nb.parent.name}: a group chooses at {open_choices}"


@pytest.mark.parametrize("nb", STORIES, ids=lambda p: p.parent.name)
def test_a_story_nobody_votes_on_prints_no_vote_slip(nb: Path) -> None:
    from kijkverder.printing import lesson_html

    assert "Stemstrookje · Verhaal" not in lesson_html(nb, "teacher")  # the print list
    assert "Stemstrookje" not in lesson_html(nb, "slips")
    plan = (nb.parent / "les.yaml").read_text("utf-8")
    assert not re.search(r"[Tt]weetallen kiezen|[Ll]aat tweetallen kiezen", plan)


def test_a_story_with_a_class_vote_still_prints_its_vote_slip() -> None:
    from kijkverder.printing import lesson_html

    assert "Stemstrookje · Verhaal" in lesson_html(
        LESSONS / "02-voorbij-het-stereotype" / "02-voorbij-het-stereotype.ipynb", "slips")


def test_the_closing_help_card_gives_the_routes_of_the_photo_story() -> None:
    """E4's sorting task: Daan (someone threatens with a photo, on a Saturday) tells an adult or
    calls the Kindertelefoon, and on Monday asks Helpwanted for help with his mentor (review 7,
    lvb M3: Helpwanted's opening hours are not verified, so he no longer phones it alone). The E4
    help card, the one students keep, has the Kindertelefoon's number and Helpwanted by name and
    website; with Veilig Thuis for 18 and older (lvb M5) it stays at four numbers: 112, 113 and
    two more (review 5 asked for Helpwanted's number while the story sent Daan to phone it)."""
    from kijkverder.printing import lesson_html
    from widgets.helpcard import MAX_SHORT_NUMBERS
    from widgets.registry import registry

    assert "Helpwanted" in (E4.parent / "wie-eerst.yaml").read_text("utf-8")
    assert "uit les E2" not in student_text(E4)
    html = lesson_html(E4, "student")
    card = html[html.rindex("kv-print-help"):]
    hw = registry().get("helpwanted")
    assert hw.name in card and hw.web in card
    assert registry().get("kindertelefoon").phone in card
    phones = {o.phone for o in registry().organisations if o.phone}
    assert len([p for p in phones if p in card]) <= MAX_SHORT_NUMBERS == 4
    assert "hulpkaart van les E2" not in lesson_html(E4, "teacher")


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_no_easy_rule_declares_someone_a_real_friend_on_one_sign(nb: Path) -> None:
    """LVB students apply a rule one to one: "a real friend gives you a present" or "he stays
    nice after a no, so he is a real friend" is a test a groomer passes on purpose."""
    text = student_text(nb)
    assert not re.search(r"echte vriend geeft|[Dd]an is (?:het|hij|zij) een echte vriend", text)


def test_e4_says_the_mentor_passes_on_what_is_not_good_not_only_danger() -> None:
    """The teacher says "Ik mag dit niet geheim houden" to every student who tells; the student
    text must not tie passing it on to "gevaar", the word E4 uses for a 112 emergency."""
    text = student_text(E4)
    assert "niet geheim houden" in text
    assert not re.search(r"in gevaar\? Dan vertelt de mentor", text)


def test_e4_self_check_counts_the_ways_the_lesson_teaches() -> None:
    text = (E4.parent / "zelfcheck.yaml").read_text("utf-8")
    assert "vier manieren" in text and "drie plekken" not in text


def test_a_website_line_adds_no_number_to_the_short_card() -> None:
    """``sites=`` adds an organisation by name, easy words and website, without its number;
    ``kijkverder check`` refuses it without ``orgs=`` and for an organisation without a site."""
    from kijkverder.check import _short_card_problems
    from widgets import HelpCard

    html = HelpCard.render_print(None, "student", orgs=["kindertelefoon"], sites=["helpwanted"])
    assert html.count("Bel:") == 3 and "020-2615275" not in html and "helpwanted.nl" in html
    assert _short_card_problems("x", "cell 1", {"orgs": ["kindertelefoon"],
                                                "sites": ["helpwanted"]}) == []
    assert "orgs=" in str(_short_card_problems("x", "cell 1", {"sites": ["helpwanted"]}))
    assert "no website" in str(_short_card_problems("x", "cell 1", {"orgs": ["kindertelefoon"],
                                                                    "sites": ["alarmnummer"]}))


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_every_easy_lesson_names_the_same_person_at_school(nb: Path) -> None:
    """LVB students remember one face and one room: in E1-E4 and on the card it is always the
    mentor first, then the vertrouwenspersoon."""
    from widgets import HelpCard

    assert re.search(r"eerst (?:naar )?je mentor", student_text(nb)), nb.parent.name
    fill = HelpCard.render_print(None, "student", orgs=["kindertelefoon"])
    fill = fill[fill.index("kv-school-fill"):]
    assert fill.index("1. Mijn mentor:") < fill.index("2. Lukt dat niet?") < \
        fill.index("vertrouwenspersoon")


@pytest.mark.parametrize("nb", STORIES, ids=lambda p: p.parent.name)
def test_the_worksheet_of_a_story_the_teacher_picks_says_the_teacher_chooses(nb: Path) -> None:
    from kijkverder.printing import lesson_html

    html = lesson_html(nb, "student")
    assert "Je docent leest voor en kiest wat" in html
    assert "kies wat" not in html.replace("kiest wat", "")
