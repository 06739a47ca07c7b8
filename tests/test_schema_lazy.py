"""The content models are built when a file of their kind is first read, not at import: a lesson
page on the static site imports ``widgets`` in its first cell and should pay only for the kinds
it reads (issue 28: the warm start). Reading a file of a known kind with its own model gives
the same problems as the union of every kind did."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from widgets.contentio import ContentError
from widgets.schema import KINDS, MODELS, Content, parse_content, problems_from_validation

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "lessons" / "01-wat-is-uitbuiting"

PROBE = """
import json, sys
import widgets, widgets.schema as s
built = lambda: sorted(k for k, m in s.MODELS.items() if m.__pydantic_complete__)
at_import = built()
s.load_content(sys.argv[1])
print(json.dumps([at_import, built()]))
"""


def test_import_builds_no_content_model_and_a_read_builds_only_its_kind() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE, str(LESSON / "zelfcheck.yaml")],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    at_import, after_read = json.loads(out)
    assert at_import == []
    assert after_read == ["selfcheck"]


def _union_problems(text: str, path: str) -> list:
    """The problems as the discriminated union of every kind reports them (the old way)."""
    union = TypeAdapter(Content)
    try:
        union.validate_python(yaml.safe_load(text))
    except ValidationError as e:
        return problems_from_validation(path, e)
    return []


def _mutations() -> list[tuple[str, str]]:
    """Every content file of lesson 01 and the shared files, each broken in a few ways."""
    out = []
    files = sorted(LESSON.glob("*.yaml")) + [ROOT / "lessons" / n for n in
                                              ("begrippen.yaml", "feiten.yaml")]
    for f in files:
        data = yaml.safe_load(f.read_text("utf-8"))
        keys = [k for k in data if k != "kind"]
        broken = [dict(data, onbekend=1), {k: v for k, v in data.items() if k != keys[0]},
                  dict(data, **{keys[-1]: 12345})]
        for k, v in data.items():
            if isinstance(v, list) and v and isinstance(v[0], dict):
                broken.append(dict(data, **{k: [dict(v[0], onbekend="x"), *v[1:]]}))
                broken.append(dict(data, **{k: [{kk: vv for kk, vv in list(v[0].items())[1:]},
                                                *v[1:]]}))
                break
        out += [(f.name, yaml.safe_dump(b, allow_unicode=True)) for b in broken]
    out += [("x.yaml", "kind: onbekend\n"), ("x.yaml", "titel: zonder kind\n")]
    return out


@pytest.mark.parametrize("name,text", _mutations())
def test_a_known_kind_gives_the_problems_the_union_gave(name: str, text: str) -> None:
    expected = _union_problems(text, name)
    assert expected, "the mutation must break the file"
    with pytest.raises(ContentError) as e:
        parse_content(text, name)
    assert [str(p) for p in e.value.problems] == [str(p) for p in expected]


def test_every_kind_has_its_model() -> None:
    assert sorted(MODELS) == sorted(KINDS)
