"""Items 7 and 8 of issue 19: 112 and 113 Zelfmoordpreventie on every help card of every lesson,
on screen (every topic filter) and in print (worksheet and teacher edition)."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import widgets
from kijkverder.cells import parse_calls
from tests.conftest import LESSONS, lesson_notebooks
from widgets import HelpCard
from widgets.registry import registry

NOTEBOOKS = lesson_notebooks()
#: The contact details that must be on every card: the alarm number and 113's line.
MUST = {"alarmnummer": "112", "zelfmoordpreventie": "0800-0113"}


def _helpcard_calls() -> list[tuple[str, dict]]:
    calls = []
    for nb_path in NOTEBOOKS:
        nb = nbformat.read(nb_path, as_version=4)
        found = [c.kwargs for cell in nb.cells if cell.cell_type == "code"
                 for c in parse_calls(cell.source, widgets.WIDGETS) if c.name == "HelpCard"]
        assert found, f"{nb_path.name} has no help card"
        calls += [(nb_path.parent.name, kw) for kw in found]
    return calls


CALLS = _helpcard_calls()


def test_the_registry_marks_112_and_113_for_every_card() -> None:
    reg = registry()
    assert {o.id for o in reg.organisations if o.always} == set(MUST)
    for org_id, phone in MUST.items():
        assert reg.get(org_id).phone == phone
    assert reg.get("zelfmoordpreventie").web == "113.nl" and reg.get("zelfmoordpreventie").anonymous


@pytest.mark.parametrize("lesson,kwargs", CALLS, ids=[c[0] for c in CALLS])
def test_112_and_113_on_screen_under_every_filter(lesson: str, kwargs: dict) -> None:
    card = HelpCard(**kwargs)
    assert [o.id for o in card.organisations][:2] == list(MUST)  # first on the card
    # the short card of the easy-read series (orgs=) has no filter: one list, always whole
    values = [v for _label, v in card.filter.options] if not card.orgs else [None]
    for value in values:
        if value is not None:
            card.filter.value = value
        for phone in MUST.values():
            assert f"<strong>{phone}</strong>" in card.list.value, (lesson, value, phone)


@pytest.mark.parametrize("lesson,kwargs", CALLS, ids=[c[0] for c in CALLS])
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_112_and_113_in_print(lesson: str, kwargs: dict, edition: str) -> None:
    html = HelpCard.render_print(None, edition, **kwargs)
    for phone in MUST.values():
        assert f"<strong>{phone}</strong>" in html, (lesson, edition, phone)
    assert "113.nl" in html


def test_a_topic_without_112_still_gets_both() -> None:
    """The bug of lessons 02–04: a topic filter that left out 'acuut' dropped 112."""
    ids = [o.id for o in registry().for_topics(["criminele-uitbuiting"])]
    assert ids[:2] == list(MUST) and "keerpunt" in ids


#: How the lessons name the organisations of the registry in their text.
NAMED = {"helpwanted": "Helpwanted", "keerpunt": "Keerpunt", "chat-met-fier": "Chat met Fier",
         "kindertelefoon": "Kindertelefoon", "veilig-thuis": "Veilig Thuis",
         "meld-misdaad-anoniem": "Meld Misdaad Anoniem", "slachtofferhulp": "Slachtofferhulp",
         "centrum-seksueel-geweld": "Centrum Seksueel Geweld", "comensha": "CoMensha"}


def _card_ids(nb_path: Path) -> set[str]:
    import re
    nb = nbformat.read(nb_path, as_version=4)
    code = next(c.source for c in nb.cells if c.cell_type == "code" and "HelpCard(" in c.source)
    m = re.search(r"topics=\[(.*?)\]", code)
    topics = re.findall(r"[\"']([^\"']+)[\"']", m.group(1)) if m else None
    return {o.id for o in registry().for_topics(topics)}


@pytest.mark.parametrize("nb_path", sorted(LESSONS.glob("0[1-8]-*/*.ipynb")), ids=lambda p: p.parent.name)
def test_every_organisation_a_lesson_names_is_on_its_help_card(nb_path: Path) -> None:
    """'Noem Helpwanted bij naam; de gegevens staan op de hulpkaart': a name in the lesson text
    (student or teacher) without the organisation on the card sends a reader nowhere."""
    nb = nbformat.read(nb_path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text += "\n".join(p.read_text("utf-8") for p in nb_path.parent.glob("*.yaml"))
    on_card = _card_ids(nb_path)
    assert [oid for oid, name in NAMED.items() if name in text and oid not in on_card] == []


def test_the_parents_help_card_is_for_parents() -> None:
    """Issue 26 (minor): the parents' evening card listed the Kindertelefoon ('voor jongeren
    van 8 tot 18') and other lines written to young people."""
    ids = _card_ids(LESSONS / "07-ouderavond" / "07-ouderavond.ipynb")
    assert "kindertelefoon" not in ids and "chat-met-fier" not in ids
    assert {"veilig-thuis", "helpwanted", "keerpunt", "alarmnummer", "zelfmoordpreventie"} <= ids
