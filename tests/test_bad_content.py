"""A corpus of broken content files and notebooks (tests/bad): one clear line each, never a
traceback, and a friendly error box instead of a widget in the notebook."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import widgets
from widgets import ErrorBox
from widgets.contentio import MAX_FILE_BYTES, ContentError
from widgets.schema import load_content, parse_content

BAD = Path(__file__).resolve().parent / "bad"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
WIDGET_FOR_PREFIX = {"quiz": "Quiz", "scenario": "Scenario", "statements": "Statements",
                     "sort": "SortTask", "chart": "Chart", "lesson": "Lesson",
                     "prompts": "PromptCards", "reflection": "Reflection"}


def test_corpus_is_big_enough() -> None:
    assert len(EXPECTED) >= 30
    assert sorted(EXPECTED) == sorted(p.name for p in BAD.iterdir() if p.name != "expected.yaml")


@pytest.fixture(scope="module")
def check_output() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", "tests/bad"],
                          capture_output=True, text=True, cwd=BAD.parent.parent)


def test_check_exits_1_without_traceback(check_output) -> None:
    assert check_output.returncode == 1
    assert "Traceback" not in check_output.stdout + check_output.stderr
    for line in check_output.stdout.splitlines():
        path, field, message = line.split(": ", 2)
        assert path.startswith("tests/bad/") and field and message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_names_file_field_and_problem(check_output, name: str) -> None:
    exp = EXPECTED[name]
    prefix = f"tests/bad/{name}: {exp['field']}: "
    lines = [ln for ln in check_output.stdout.splitlines() if ln.startswith(f"tests/bad/{name}: ")]
    assert lines, f"no problem reported for {name}"
    assert any(ln.startswith(prefix) and exp["words"] in ln for ln in lines), lines


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".yaml")
                                        and not any(w in EXPECTED[n]["words"] for w in
                                                    ("web address", "phone number", "loverboy",
                                                     "hidden character"))))
def test_loading_bad_file_in_a_notebook_shows_error_box(name: str) -> None:
    cls = widgets.widget_class(WIDGET_FOR_PREFIX.get(name.split("-")[0], "Quiz"))
    box = cls.load(BAD / name)
    assert isinstance(box, ErrorBox)
    html = box.message.value
    assert "Deze opdracht kan niet worden geladen" in html and "Traceback" not in html
    assert "<script" not in html


def test_oversized_file(tmp_path: Path) -> None:
    big = tmp_path / "groot.yaml"
    big.write_text("kind: quiz\ntitle: x\n# " + "x" * (MAX_FILE_BYTES + 10) + "\n", "utf-8")
    with pytest.raises(ContentError) as e:
        load_content(big)
    assert "too large" in e.value.problems[0].message


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as e:
        load_content(tmp_path / "weg.yaml")
    assert "not found" in e.value.problems[0].message


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_content_error_or_content(text: str) -> None:
    try:
        parse_content(text, "x.yaml")
    except ContentError as e:
        assert e.problems and all(p.path == "x.yaml" and p.field and p.message for p in e.problems)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["quiz", "statements", "scenario", "sort", "prompts", "reflection", "chart",
                        "lesson", "glossary", "x"]),
       st.dictionaries(st.sampled_from(["title", "questions", "statements", "nodes", "start",
                                        "items", "categories", "prompts", "bars", "source", "year",
                                        "unit", "goals", "plan", "duration", "number", "terms",
                                        "character", "intro"]), yaml_values, max_size=8))
def test_any_structure_gives_content_error_or_content(kind: str, data: dict) -> None:
    text = yaml.safe_dump({"kind": kind, **data}, allow_unicode=True)
    try:
        parse_content(text, "x.yaml")
    except ContentError as e:
        assert e.problems and all(p.field and p.message for p in e.problems)
