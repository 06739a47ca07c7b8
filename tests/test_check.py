"""``kijkverder check``: clean lessons pass; broken files give one clear line each, exit 1."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LESSONS
from tests.inprocess import run_cli


def run_check(*paths: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``kijkverder check`` in this process (:func:`tests.inprocess.run_cli`: a child per case
    cost ~0.9 CPU s of imports); the clean run of every lesson below keeps a real child."""
    return run_cli("check", *paths, cwd=cwd)


def test_all_lessons_are_clean() -> None:
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", str(LESSONS)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout == ""


@pytest.fixture
def lesson_copy(tmp_path: Path, lesson01: Path) -> Path:
    dest = tmp_path / "lessons" / lesson01.parent.name
    shutil.copytree(lesson01.parent, dest)
    shutil.copy(LESSONS / "begrippen.yaml", tmp_path / "lessons" / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", tmp_path / "lessons" / "feiten.yaml")
    return dest / lesson01.name


def _edit_nb(nb_path: Path, fn) -> None:
    nb = json.loads(nb_path.read_text("utf-8"))
    fn(nb)
    nb_path.write_text(json.dumps(nb), "utf-8")


@pytest.mark.parametrize("breakage, field, words", [
    (lambda nb: nb["cells"][1]["metadata"].setdefault("tags", []).append("docent"),
     "cells[1].metadata.tags", "unknown tag 'docent'"),
    (lambda nb: nb["cells"][1]["metadata"].pop("jupyter"),
     "cells[1].metadata.jupyter.source_hidden", "must be hidden"),
    (lambda nb: nb["cells"][3].update(source="import os\nos.listdir('.')"),
     "cells[3]", "may only import widgets"),
    (lambda nb: nb["cells"][3].update(source="a = 1\nb = 2\nc = 3\nd = 4"),
     "cells[3]", "at most 3"),
    (lambda nb: nb["cells"][5].update(source="Bel gerust 0800-1234 of kijk op www.example.nl"),
     "cells[5]", "phone number"),
    (lambda nb: nb["cells"][5].update(source="Een loverboy doet dit."),
     "cells[5]", "loverboy"),
    (lambda nb: nb["cells"].__setitem__(slice(None), [c for c in nb["cells"] if "HelpCard()" not in "".join(c["source"])]),
     "(lesson)", "no HelpCard"),
    (lambda nb: nb["cells"][3].update(source='Quiz.load("bestaat-niet.yaml")'),
     "cells[3]", "not found"),
])
def test_broken_notebook_reports_file_field_and_fix(lesson_copy: Path, breakage, field: str,
                                                      words: str) -> None:
    _edit_nb(lesson_copy, breakage)
    res = run_check(lesson_copy)
    assert res.returncode == 1
    assert "Traceback" not in res.stdout + res.stderr
    lines = res.stdout.splitlines()
    match = [ln for ln in lines if ln.startswith(f"{lesson_copy}: {field}: ") and words in ln]
    assert match, res.stdout


def test_broken_content_file(lesson_copy: Path) -> None:
    quiz = lesson_copy.parent / "starter.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("    type: true_false\n    text: Jongens",
                                                    "    type: true_false\n    text: ''\n    tekst: Jongens"),
                    "utf-8")
    res = run_check(quiz)
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert any(": questions[1].text: " in ln and "empty" in ln for ln in lines), res.stdout
    assert any(": questions[1].tekst: unknown field" in ln for ln in lines), res.stdout
    assert all(ln.startswith(f"{quiz}: ") for ln in lines)


def test_a_lesson_without_a_40_minute_line_is_reported(lesson_copy: Path) -> None:
    """Issue 26, item 12: a real period is often shorter; every plan says what to leave out
    with 40 minutes (``short`` in les.yaml)."""
    import yaml
    meta = lesson_copy.parent / "les.yaml"
    data = yaml.safe_load(meta.read_text("utf-8"))
    assert data.get("short"), "lesson 01 has no 'short' line"
    data.pop("short")
    meta.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    res = run_check(lesson_copy)
    assert res.returncode == 1
    assert any(": short: " in ln and "40 minuten" in ln for ln in res.stdout.splitlines()), res.stdout


def test_broken_json_is_one_line(tmp_path: Path) -> None:
    nb = tmp_path / "kapot.ipynb"
    nb.write_text('{"cells": [', "utf-8")
    res = run_check(nb)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    (line,) = res.stdout.splitlines()
    assert line.startswith(f"{nb}: line 1: broken notebook JSON")


def test_figure_outside_the_registry_and_hard_text_are_reported(lesson_copy: Path) -> None:
    def breakage(nb):
        nb["cells"][5]["source"] = "Er zijn elk jaar 3.000 slachtoffers."
        nb["cells"].insert(6, {"cell_type": "markdown", "id": "moeilijk", "metadata": {},
                               "source": ("Gedurende de voorafgaande decennia hebben "
                                          "wetenschappelijke onderzoeksinstellingen "
                                          "uitgebreide vergelijkende beleidsevaluaties "
                                          "gepubliceerd betreffende internationale "
                                          "mensenhandelproblematiek en daarmee samenhangende "
                                          "maatschappelijke ontwikkelingen. ") * 12})
    _edit_nb(lesson_copy, breakage)
    res = run_check(lesson_copy)
    assert res.returncode == 1
    assert f"{lesson_copy}: cells[5] (line 1): figure '3.000' written out" in res.stdout
    assert f"{lesson_copy}: (lesson): reading level too hard" in res.stdout


def test_readability_of_every_lesson_meets_its_threshold() -> None:
    from kijkverder.lessons import all_lessons
    from kijkverder.readability import MIN_SCORE, lesson_score
    from widgets.schema import load_content

    scores = {}
    for nb in all_lessons(LESSONS):
        audience = load_content(nb.parent / "les.yaml").audience
        scores[nb.parent.name] = (round(lesson_score(nb), 1), MIN_SCORE[audience])
    assert scores and all(s >= m for s, m in scores.values()), scores


def test_reading_ease_does_not_import_nltk_and_scores_the_same() -> None:
    """textstat imports nltk (0.25-0.45 s) for English syllables only; check keeps it out of the
    process, with the same Dutch score as textstat imported the plain way, and English still works."""
    import subprocess
    import sys

    text = "Dit is een korte zin. Nog een zin met wat meer woorden erin, om te tellen."
    ours = subprocess.run([sys.executable, "-c", (
        "import sys; from kijkverder.readability import reading_ease as r; "
        f"print(r({text!r}), 'nltk' in sys.modules)")], capture_output=True, text=True, check=True)
    plain = subprocess.run([sys.executable, "-c", (
        "import textstat; textstat.set_lang('nl'); "
        f"print(float(textstat.flesch_reading_ease({text!r})))")],
        capture_output=True, text=True, check=True)
    score, nltk_loaded = ours.stdout.split()
    assert score == plain.stdout.strip() and nltk_loaded == "False"
    english = subprocess.run([sys.executable, "-c", (
        "from kijkverder.readability import _import_textstat; import textstat.backend.utils."
        "_get_cmudict as g; _import_textstat(); print(callable(g.nltk.data.find))")],
        capture_output=True, text=True, check=True)
    assert english.stdout.strip() == "True"


def test_check_parses_a_lesson_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``check`` of a lesson of the easy-read series reads its notebook once: the format check,
    the reading level and the A2 profile share that parse (it was parsed three times)."""
    import nbformat

    from kijkverder.check import check_lesson

    parsed: list[int] = []
    real_reads = nbformat.reads

    def reads(s, *args, **kwargs):
        parsed.append(1)
        return real_reads(s, *args, **kwargs)

    monkeypatch.setattr(nbformat, "reads", reads)
    easy = LESSONS / "e1-echte-vriend" / "e1-echte-vriend.ipynb"
    assert check_lesson(easy) == []
    assert len(parsed) == 1
