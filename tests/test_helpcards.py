"""Items 7 and 8 of issue 19: 112 and 113 Zelfmoordpreventie on every help card of every lesson,
on screen (every topic filter) and in print (worksheet and teacher edition)."""
from __future__ import annotations

import nbformat
import pytest

import widgets
from kijkverder.cells import parse_calls
from tests.conftest import lesson_notebooks
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
