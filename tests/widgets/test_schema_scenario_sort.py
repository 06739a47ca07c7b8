"""Schema checks for the scenario and sort kinds: one bad fixture per rule, plus the good ones."""
from __future__ import annotations

from pathlib import Path

import pytest

from widgets import Scenario, SortTask
from widgets.base import ErrorBox
from widgets.contentio import ContentError
from widgets.models.activities import ScenarioContent, SortTaskContent
from widgets.schema import load_content

FIXTURES = Path(__file__).parent / "fixtures"

#: fixture -> (field, words that must be in the message)
BAD: dict[str, tuple[str, tuple[str, ...]]] = {
    "scenario/bad-unknown-next.yaml": ("nodes[0].choices[1].next", ("unknown node", "'nergens'")),
    "scenario/bad-unreachable.yaml": ("nodes[2]", ("'los'", "cannot be reached from the start")),
    "scenario/bad-no-ending.yaml": ("nodes", ("no ending", "ending: true")),
    "scenario/bad-dead-end.yaml": ("nodes[2].choices", ("dead end",)),
    "scenario/bad-cycle-no-exit.yaml": ("nodes[2]", ("'twijfel'", "'nadenken'", "never lead to an ending",
                                                     "loop without exit")),
    "scenario/bad-start.yaml": ("start", ("'begin'", "does not exist")),
    "scenario/bad-ending-with-choices.yaml": ("nodes[1].choices", ("an ending has no choices",)),
    "scenario/bad-duplicate-id.yaml": ("nodes[2].id", ("duplicate node id 'einde'",)),
    "scenario/bad-no-character.yaml": ("character", ("required",)),
    "sort/bad-unknown-category.yaml": ("items[1].category", ("unknown category 'misschien'", "'ja'", "'nee'")),
    "sort/bad-one-category.yaml": ("categories", ("needs more entries",)),
    "sort/bad-duplicate-item.yaml": ("items[1].id", ("duplicate item id 'een'",)),
    "sort/bad-duplicate-category.yaml": ("categories[1].id", ("duplicate category id 'ja'",)),
    "sort/bad-no-explanation.yaml": ("items[0].explanation", ("required",)),
}


def test_every_bad_fixture_has_an_expectation() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for d in ("scenario", "sort")
               for p in (FIXTURES / d).glob("bad-*.yaml")}
    assert on_disk == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixture_names_field_and_fix(name: str) -> None:
    field, words = BAD[name]
    with pytest.raises(ContentError) as info:
        load_content(FIXTURES / name)
    problems = info.value.problems
    assert len(problems) == 1, problems
    (p,) = problems
    assert p.field == field
    for w in words:
        assert w in p.message, (w, p.message)
    assert p.path.endswith(Path(name).name)
    assert "Traceback" not in str(info.value)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixture_gives_calm_error_box(name: str) -> None:
    cls = Scenario if name.startswith("scenario/") else SortTask
    box = cls.load(FIXTURES / name)
    assert isinstance(box, ErrorBox)
    field, _ = BAD[name]
    assert f"<code>{field}</code>" in box.message.value
    assert "Deze opdracht kan niet worden geladen" in box.message.value


def test_good_scenario_fixture() -> None:
    c = load_content(FIXTURES / "scenario" / "good.yaml")
    assert isinstance(c, ScenarioContent)
    assert c.start == "bericht" and c.character.name == "Noor" and c.character.age == 15
    assert {n.id for n in c.nodes if n.ending} == {"mentor", "zus", "nee"}
    # a loop back to the start is fine as long as it has an exit
    assert c.node("vraag").choices[1].next == "bericht"


def test_good_sort_fixture() -> None:
    c = load_content(FIXTURES / "sort" / "good.yaml")
    assert isinstance(c, SortTaskContent)
    assert [x.id for x in c.categories] == ["sterk", "misschien", "geen"]
    assert len(c.items) == 6


def test_widget_refuses_the_other_kind() -> None:
    box = Scenario.load(FIXTURES / "sort" / "good.yaml")
    assert isinstance(box, ErrorBox)
    assert box.problems[0].field == "kind" and "expected kind 'scenario'" in box.problems[0].message
    assert isinstance(SortTask.load(FIXTURES / "scenario" / "good.yaml"), ErrorBox)
