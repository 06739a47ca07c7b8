"""Where a class votes on a story, and what a worksheet says about who reads it. Findings of
the fourth review round: a class never votes on a victim's choice (prevention M2: lesson 03 let
the class vote whether Noor sends another photo or pays), the story-vote slip offers only the
letters of that vote (prevention m10, teacher m9: A/B/C for an A/B vote in lesson 06), and a
worksheet that is never collected asks for no name (student15 M2, teacher m8, prevention m7)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kijkverder.printing import lesson_html
from tests.test_paper_forms import BOX, _nb, _section, _text
from widgets.contentio import ContentError
from widgets.schema import load_content

LESSONS = Path(__file__).resolve().parents[1] / "lessons"

#: A choice where the victim gives in to the pressure: sends (another) photo, pays, goes along,
#: does the job. Only the teacher takes such a route; a class or a group never chooses it.
GIVES_IN = re.compile(r"\b(stuurt (nog )?(een|één|\d+) foto|betaalt|gaat [^.]*\bmee\b|doet het)\b",
                      re.I)

#: The stories of the main series (the easy-read series E1-E4 has its own reviewers' findings).
STORIES = sorted(p for p in LESSONS.glob("0*/verhaal.yaml"))


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.parent.name[:2])
def test_a_class_never_votes_on_a_victims_choice(path: Path) -> None:
    """Every story marks the one part where the class votes on paper. Its choices never ask
    whether the victim gives in (sends, pays, goes along), and every part that does offer that
    choice is the teacher's (``teacher_picks``), so groups with the cut-out cards skip it too."""
    story = load_content(path, expected_kind="scenario")
    votes = [n for n in story.nodes if n.class_vote]
    assert len(votes) == 1, f"{path.parent.name}: mark the one class vote with 'class_vote: true'"
    labels = [c.label for c in votes[0].choices]
    assert not [x for x in labels if GIVES_IN.search(x)], labels
    for node in story.nodes:
        if any(GIVES_IN.search(c.label) for c in node.choices):
            assert node.teacher_picks, f"{path.parent.name}, part {node.id!r}: " + \
                str([c.label for c in node.choices])


def test_lesson_03_plan_votes_on_help_not_on_the_threat() -> None:
    """The teacher's plan for Noor's story says the teacher reads the route after the threat
    and the class votes, if at all, only on who helps (prevention M2; since review 7 the plan
    does not vote by default: "Stem niet: ... Wil je stemmen? Stem dan één keer, bij ...")."""
    plan = yaml.safe_load((_nb("03").parent / "les.yaml").read_text(encoding="utf-8"))["plan"]
    (note,) = [s["note"] for s in plan if "Noor" in s["activity"]]
    teacher, vote = note.split("Wil je stemmen?")
    assert "kies zelf" in teacher and "na de dreiging van Sam" in teacher, note
    assert "dreiging" not in vote and "wie of wat Noor nu helpt" in vote, note
    assert "nooit kiezen of Noor een foto stuurt of betaalt" in note, note


@pytest.mark.parametrize("lesson,letters", [("02", "ABC"), ("03", "AB"), ("06", "AB")])
def test_story_vote_slip_offers_the_letters_of_the_vote(lesson: str, letters: str) -> None:
    (slips,) = _section(lesson_html(_nb(lesson), "slips"), "kv-print-storyvote")
    (line,) = set(re.findall(r'<p class="storyvote-choices">(.*?)</p>', slips))
    offered = "".join(re.findall(rf"{BOX} ([A-D])", _text(line)))
    assert offered == letters, offered


def test_lesson_03_cards_leave_the_threat_to_the_teacher() -> None:
    """After Sam's threat the group card shows only the teacher's route, with the reason."""
    cards = re.findall(r'<div class="card card-story">.*?</div>',
                       lesson_html(_nb("03"), "cards"), flags=re.S)
    (threat,) = [_text(c) for c in cards if "Anders zet ik je foto online" in c]
    assert "Noor betaalt 50 euro" in threat and "Kies" not in threat, threat
    assert "Noor stuurt nog een foto" not in threat and "groepje" in threat, threat


def _story(tmp_path: Path, **first: object) -> Path:
    story = {"kind": "scenario", "title": "T", "character": {"name": "X"}, "start": "a",
             "nodes": [{"id": "a", "text": "Begin.",
                        "choices": [{"label": "Een", "next": "b"}, {"label": "Twee", "next": "c"}],
                        **first},
                       {"id": "b", "text": "B.", "ending": True, "class_vote": False},
                       {"id": "c", "text": "C.", "ending": True}]}
    path = tmp_path / "verhaal.yaml"
    path.write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")
    return path


def test_class_vote_is_never_where_the_teacher_picks(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as e:
        load_content(_story(tmp_path, class_vote=True, teacher_picks="b"), expected_kind="scenario")
    assert "class_vote" in str(e.value.problems), e.value.problems
    assert load_content(_story(tmp_path, class_vote=True), expected_kind="scenario").nodes[0].class_vote


def test_a_story_has_one_class_vote(tmp_path: Path) -> None:
    path = _story(tmp_path, class_vote=True)
    story = yaml.safe_load(path.read_text(encoding="utf-8"))
    story["nodes"].append({"id": "d", "text": "D.", "class_vote": True,
                           "choices": [{"label": "Een", "next": "b"}, {"label": "Twee", "next": "c"}]})
    story["nodes"][1] = {"id": "b", "text": "B.", "choices": [{"label": "Door", "next": "d"}]}
    path.write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_content(path, expected_kind="scenario")
    assert "one part only" in str(e.value.problems), e.value.problems


# ------------------------------------------------------------------- the worksheet is yours
@pytest.mark.parametrize("lesson", ["01", "03", "06", "08"])
def test_worksheet_is_not_collected_and_asks_no_name(lesson: str) -> None:
    """The worksheet goes home with the student: it says so at the top and has no name line,
    like the slips ("Schrijf geen naam")."""
    html = lesson_html(_nb(lesson), "student")
    (header,) = re.findall(r'<div class="name-line">.*?</div>', html, flags=re.S)
    words = _text(header)
    assert "Dit werkblad is van jou. Je levert het niet in." in words, words
    assert "Naam" not in words, words


# ------------------------------------------------------------------- small print facts
def test_parents_evening_print_list_counts_parents() -> None:
    """Lesson 07's print list is for parents, not a class of 30 students (teacher m1)."""
    (part,) = _section(lesson_html(_nb("07"), "teacher"), "kv-print-printlist")
    words = _text(part)
    assert "ouders" in words and "per ouder" in words, words
    assert "leerling" not in words and "klas van" not in words, words


def test_paid_numbers_say_a_call_costs_credit() -> None:
    """Every 0900 number on a help card says what a call costs ('beltegoed', or the rate): the
    police line did not, next to Slachtofferhulp's that did (student15 m10)."""
    from widgets.registry import registry

    paid = [o for o in registry().organisations if o.phone and o.phone.startswith("0900")]
    assert paid
    for o in paid:
        assert "beltegoed" in o.for_ or "tarief" in o.for_, (o.id, o.for_)
