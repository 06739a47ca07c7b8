"""Review round 3 (language M2, prevention m7, language m5, student15 m6, prevention m1): what
parents read at the parents' evening (lesson 07) speaks to them with "u" or neutrally, never with
the "je" of a student's sheet; and what the help card says is clear on every card."""
from __future__ import annotations

import re

import nbformat
import pytest

import widgets
from kijkverder.cells import parse_calls
from tests.conftest import LESSONS, lesson_notebooks
from widgets import HelpCard
from widgets.contentio import ContentError
from widgets.lesson import Lesson, glossary_for
from widgets.models.base import ADDRESSES_READER
from widgets.registry import parse_registry, registry

PARENTS = LESSONS / "07-ouderavond"
#: The help card call of the parents' evening.
PARENTS_TOPICS = ["acuut", "ouders"]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_reader_pattern_finds_je_and_not_words_that_contain_it() -> None:
    assert ADDRESSES_READER.search("Denk je aan zelfmoord?")
    assert ADDRESSES_READER.search("Stuur jouw foto niet door.")
    assert not ADDRESSES_READER.search("Jeugd en jeans: een jeneverfles. Denkt u aan zelfmoord?")


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_the_parents_help_card_in_print_says_u(edition: str) -> None:
    html = HelpCard.render_print(None, edition, topics=PARENTS_TOPICS, variant="ouders", lang="nl")
    national = _text(html.split("<ul class=\"national\">")[1].split("</ul>")[0])
    assert not ADDRESSES_READER.search(national), national
    if edition == "student":
        assert not ADDRESSES_READER.search(_text(html))
    else:  # the teacher note speaks about parents, not about students (prevention m7)
        assert "Leerlingen" not in html and "Ouders zien" in html


def test_the_parents_help_card_on_screen_says_u() -> None:
    card = HelpCard(topics=PARENTS_TOPICS)
    assert not ADDRESSES_READER.search(_text(card.list.value)), card.list.value


def test_the_students_card_keeps_its_words() -> None:
    html = HelpCard.render_print(None, "student", topics=["online"], lang="nl")
    assert "Denk je aan zelfmoord" in html and "Denkt u" not in html


def _registry_yaml(for_text: str, extra: str = "", topics: str = "[ouders]") -> str:
    return ("checked: \"2026-12-07\"\norganisations:\n  - id: x\n    name: X\n    web: x.nl\n"
            f"    for: {for_text}\n{extra}    topics: {topics}\n    anonymous: false\n"
            "    source: test\n")


def test_a_parents_entry_that_says_je_needs_a_parents_text() -> None:
    with pytest.raises(ContentError) as e:
        parse_registry(_registry_yaml("Helpt je verder."))
    assert "parents" in str(e.value.problems[0])
    parse_registry(_registry_yaml("Helpt je verder.", "    parents: Helpt u verder.\n"))
    parse_registry(_registry_yaml("Helpt je verder.", topics="[online]"))  # not on the parents' card
    with pytest.raises(ContentError):  # the parents' text itself must not say je
        parse_registry(_registry_yaml("Helpt je verder.", "    parents: Helpt je verder.\n"))


def test_the_parents_glossary_is_neutral_and_the_students_one_unchanged() -> None:
    meta = Lesson.load_content(PARENTS / "les.yaml")
    parents = glossary_for(PARENTS / "les.yaml", list(meta.terms), parents=True)
    assert [x for x in parents if ADDRESSES_READER.search(x["definition"])] == []
    students = {x["term"]: x["definition"]
                for x in glossary_for(PARENTS / "les.yaml", list(meta.terms))}
    assert "terwijl je weet waar je ja tegen zegt" in students["toestemming"]
    html = Lesson.render_print(meta, "student", source_path=str(PARENTS / "les.yaml"),
                               variant="ouders", lang="nl")
    assert "toestemming" in html and not ADDRESSES_READER.search(_text(html)), _text(html)


def test_a_parents_glossary_term_that_says_je_is_refused(tmp_path) -> None:
    (tmp_path / "begrippen.yaml").write_text(
        "kind: glossary\ntitle: Begrippen\nterms:\n  - term: signaal\n"
        "    definition: Iets wat je opvalt.\n", "utf-8")
    (tmp_path / "07").mkdir()
    with pytest.raises(ContentError) as e:
        glossary_for(tmp_path / "07" / "les.yaml", ["signaal"], parents=True)
    assert "parents" in str(e.value.problems[0])
    assert glossary_for(tmp_path / "07" / "les.yaml", ["signaal"])  # students: fine


def test_the_help_card_explains_sextortion_and_113() -> None:
    """Language m5: an English word and 'Ook 113 werkt.' on every card."""
    html = _text(HelpCard.render_print(None, "student", lang="nl"))
    assert "Ook 113 werkt" not in html and "nummer 113" in html
    assert "sextortion (chantage met naaktbeelden)" in html
    assert "Gratis hulp; bellen" not in html


def test_the_kindertelefoon_number_comes_before_the_pointer_for_18_plus() -> None:
    """Student15 m6: '... of 113. Anoniem. Bel: 0800-0432' read as 113's number."""
    html = _text(HelpCard.render_print(None, "student", lang="nl"))
    entry = html.split("De Kindertelefoon")[1]
    assert entry.index("0800-0432") < entry.index("18 of ouder")
    assert "113" not in entry[:entry.index("0800-0432")]


def _calls() -> list[tuple[str, dict]]:
    out = []
    for nb_path in lesson_notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        out += [(nb_path.parent.name, c.kwargs) for cell in nb.cells if cell.cell_type == "code"
                for c in parse_calls(cell.source, widgets.WIDGETS) if c.name == "HelpCard"]
    return out


@pytest.mark.parametrize("lesson,kwargs", _calls(), ids=[c[0] for c in _calls()])
def test_every_organisation_an_entry_sends_you_to_is_on_the_card(lesson: str, kwargs: dict) -> None:
    """Prevention m1: the Kindertelefoon sends 18+ to the Centrum Seksueel Geweld, which the
    cards of 03 and 04 did not have (and the CKM named Chat met Fier on the parents' card)."""
    card = HelpCard(**kwargs)
    on_card = {o.id for o in card.organisations}
    for o in card.organisations:
        # the short card (orgs=) shows only the easy words, the full card 'for' and 'after'
        said = (o.easy or o.for_) if card.orgs else f"{o.for_} {o.after or ''}"
        named = {r.id for r in registry().organisations if r.id != o.id and r.name in said}
        assert named <= on_card, (lesson, o.id, named - on_card)


def test_the_teacher_note_without_a_profile_says_what_to_do_before_the_lesson() -> None:
    """Teacher m5: the note only gave a file task, nothing a teacher can do for tomorrow."""
    html = HelpCard.render_print(None, "teacher", lang="nl")
    assert "Voor de les: schrijf naam, kamer en tijden" in html and "op het bord" in html
    assert "Voor de les" not in HelpCard.render_print(None, "student", lang="nl")


def test_the_glossary_is_the_lessons_folders_one_only(tmp_path) -> None:
    """As the README says: ``begrippen.yaml`` is a shared file (``SHARED_FILES``), read from the
    lessons folder only; one inside a lesson folder is not read (unlike ``school.yaml`` and
    ``kijkverder-view.yaml``, which a kernel finds in its folder first), so the glossary on
    screen, on paper and in a copy is always the one the build fingerprints and copies."""
    def glossary(where, definition: str) -> None:
        (where / "begrippen.yaml").write_text(
            "kind: glossary\ntitle: Begrippen\nterms:\n  - term: signaal\n"
            f"    definition: {definition}\n", "utf-8")

    (tmp_path / "07").mkdir()
    glossary(tmp_path, "Iets wat opvalt.")
    glossary(tmp_path / "07", "Een andere uitleg in de lesmap.")
    assert glossary_for(tmp_path / "07" / "les.yaml", ["signaal"]) == [
        {"term": "signaal", "definition": "Iets wat opvalt."}]
    (tmp_path / "begrippen.yaml").unlink()
    with pytest.raises(ContentError):
        glossary_for(tmp_path / "07" / "les.yaml", ["signaal"])
