"""Large print (``kijkverder handouts --groot``): a worksheet and the cards at 16 pt or more, one
column, A4, named so a teacher finds them, with nothing a student may not see."""
from __future__ import annotations

import re

import math
import subprocess
from pathlib import Path

import pytest
from pdfua import Severity, validate
from pypdf import PdfReader

from kijkverder.cli import main
from kijkverder.lessons import LessonSource
from tests.conftest import LESSONS
from tests.leaks import all_secrets, fragment, normalize

NOTEBOOKS = [LESSONS / "03-online-sexting-chantage-webcam"
             / "03-online-sexting-chantage-webcam.ipynb",
             LESSONS / "06-signalen-en-hulp" / "06-signalen-en-hulp.ipynb"]
A4 = (595.3, 841.9)
MIN_PT = 16.0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("groot")
    assert main(["handouts", "03", "06", "--groot", "--jobs", "2", "--out", str(out)]) == 0
    return out


def text_of(path: Path) -> str:
    res = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True)
    return normalize(res.stdout)


def font_sizes(path: Path) -> list[tuple[float, str]]:
    """(size in pt, text) of every text run, from the text matrix pypdf reports."""
    runs: list[tuple[float, str]] = []
    for page in PdfReader(path).pages:
        def visit(text: str, cm: list, tm: list, _font: object, size: float) -> None:
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                runs.append((round(size * scale, 1), text.strip()))
        page.extract_text(visitor_text=visit)
    return runs


def chart_words(nb: Path) -> set[str]:
    """Labels, values and units drawn inside a chart's SVG (small there; printed again as large
    text in a list under the chart)."""
    source = LessonSource.open(nb)
    words: set[str] = set()
    for use in source.uses:
        if use.name == "Chart" and use.content is not None:
            for b in use.content.bars:
                words |= {b.label, *str(b.value).replace(".", ",").split(","), str(int(b.value))}
            words.add(use.content.unit)
    return {w for w in words if w}


def test_file_names_and_nothing_else(built: Path) -> None:
    names = sorted(p.name for p in built.glob("*.pdf"))
    assert names == sorted(f"{nb.parent.name}-{kind}.pdf" for nb in NOTEBOOKS
                           for kind in ("grote-letters", "grote-letters-knipkaarten"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_body_text_at_least_16pt_on_a4(built: Path, nb: Path) -> None:
    allowed = chart_words(nb)
    for kind in ("grote-letters", "grote-letters-knipkaarten"):
        path = built / f"{nb.parent.name}-{kind}.pdf"
        reader = PdfReader(path)
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        runs = font_sizes(path)
        small = [(s, t) for s, t in runs if s < MIN_PT and t not in allowed]
        assert small == [], f"{path.name}: text under {MIN_PT} pt: {small[:5]}"
        body = sum(len(t) for s, t in runs if s == MIN_PT)
        assert body > 0.8 * sum(len(t) for _s, t in runs), "body text is 16 pt"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_no_teacher_material(built: Path, nb: Path) -> None:
    secrets = all_secrets(nb)
    assert secrets, "the lesson has teacher material to look for"
    for kind in ("grote-letters", "grote-letters-knipkaarten"):
        text = text_of(built / f"{nb.parent.name}-{kind}.pdf")
        leaks = [s for s in secrets if fragment(s) in text]
        assert leaks == [], f"{kind}: teacher material: {leaks[:5]}"
        assert "Docentenversie" not in text and "Alleen voor de docent" not in text


def test_tick_boxes_lines_and_story_choices_stay(built: Path) -> None:
    path = built / f"{NOTEBOOKS[0].parent.name}-grote-letters.pdf"
    text = text_of(path)
    assert text.count("☐") >= 10                       # statements and the sort task
    assert "Klas:" in text and "Kies A:" in text and "ga naar deel" in text


def test_a_chart_prints_its_figures_as_large_text(tmp_path: Path) -> None:
    """Lesson 01's chart (the victim estimates, from the facts registry) in large print: its
    figures are printed as text too, not only drawn."""
    assert main(["handouts", "01", "--groot", "--jobs", "1", "--no-book", "--out",
                 str(tmp_path)]) == 0
    text = text_of(next(tmp_path.glob("01-*-grote-letters.pdf")))
    assert re.search(r"Schatting \(ongeveer\): [\d.]+", text), text


def test_one_large_self_check_slip_per_moment(built: Path) -> None:
    """Large print holds one slip per moment (for the student who needs it; the class copies the
    normal sheet of four), its sentences and boxes at 16 pt or more."""
    from widgets.schema import load_content

    path = built / f"{NOTEBOOKS[0].parent.name}-grote-letters-knipkaarten.pdf"
    text = text_of(path)
    content = load_content(NOTEBOOKS[0].parent / "zelfcheck.yaml", expected_kind="selfcheck")
    assert text.count("Schrijf je naam niet op") == 2 and "Strookjes in grote letters" in text
    # one large slip in the envelope shows who wrote it: the sheet says to print them for the
    # whole class (review 2, praktijk M4)
    assert "voor de hele klas" in text and "even groot" in text
    assert "Vier strookjes per blad" not in text
    for s in content.statements:
        assert text.count(normalize(s.text)) == 2, s.text
    sizes = font_sizes(path)
    slip = [size for size, run in sizes if run in ("☐", "Klopt niet", "Klopt helemaal")]
    assert len(slip) >= 3 * 2 * len(content.statements) and min(slip) >= MIN_PT


def test_large_print_is_accessible_pdf(built: Path) -> None:
    for path in built.glob("*.pdf"):
        report = validate(str(path))
        # as in test_accessibility: no error, no warning but UA-15-003 (WeasyPrint associates
        # header cells by /Headers and /ID, which pdfua 0.1.3 does not look at)
        problems = [f.rule_id for f in report.findings if f.severity == Severity.ERROR
                    or f.severity == Severity.WARNING and f.rule_id != "UA-15-003"]
        assert problems == [], f"{path.name}: {problems}"


def test_an_easy_lesson_gets_no_second_copy_of_its_worksheet() -> None:
    """The easy series' worksheet is printed at large print already (16 pt, one column): a
    'Werkblad in grote letters' beside it was the same pages under another name, which the
    teacher prints twice or wonders about (review 7, teacher). Its large-print cards stay: those
    differ (one card per row, 16 pt slips). A B1 lesson keeps its large-print worksheet."""
    from kijkverder.targets import print_targets

    seen = set()
    for nb in sorted(LESSONS.glob("*/*.ipynb")):
        source = LessonSource.open(nb)
        large = [t.name for t in print_targets(source, large=True)]
        if source.level == "eenvoudig":
            assert "grote-letters" not in large, nb.parent.name
            assert "grote-letters-knipkaarten" in large, nb.parent.name
        elif source.audience == "leerlingen":
            assert "grote-letters" in large, nb.parent.name
        seen.add(source.level)
    assert {"eenvoudig", "b1"} <= seen, seen
