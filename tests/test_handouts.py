"""Handouts: build every lesson's PDFs once, then check what each edition must and must not hold."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from kijkverder.build import build, has_cards
from kijkverder.lessons import LessonSource
from tests.conftest import lesson_notebooks
from tests.leaks import ANSWER_MARKS, all_secrets, fragment, normalize, teacher_cell_sentences

LESSONS = lesson_notebooks()
A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def built(all_handouts: Path) -> Path:
    """Every lesson's PDFs and the book (shared with test_paper)."""
    return all_handouts


def pdf_text(path: Path) -> str:
    res = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True)
    return normalize(res.stdout)


#: The running footer (last lines) and, from page 2 on, header (first lines) of a page.
FOOTER = re.compile(r"^(Kijk Verder|Pagina \d+ van \d+)$")
HEADER = re.compile(r"^(Les (\d\d|E\d) · .*|Kijk Verder · .*)$")


def pdf_body_text(path: Path) -> str:
    """The text of a PDF without running headers and footers: a sentence that runs on to the
    next page reads as one."""
    res = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True)
    pages = []
    for n, page in enumerate(res.stdout.split("\f")):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        while lines and FOOTER.match(lines[-1]):
            lines.pop()
        while n and lines[:1] and HEADER.match(lines[0]):
            lines.pop(0)
        pages.append(" ".join(lines))
    return normalize(" ".join(pages))


def pdf_for(out: Path, nb: Path, name: str) -> Path:
    return out / f"{nb.parent.name}-{name}.pdf"


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_student_worksheet_has_no_teacher_material(built: Path, nb: Path) -> None:
    text = pdf_text(pdf_for(built, nb, "werkblad"))
    assert "Pagina 1 van" in text
    secrets = all_secrets(nb)
    assert len(secrets) >= 5, "the leak check needs teacher material to look for"
    leaks = [s for s in secrets if fragment(s) in text]
    assert leaks == [], f"teacher material in the worksheet: {leaks[:5]}"
    for mark in ANSWER_MARKS:
        assert mark not in text
    assert "Alleen voor de docent" not in text
    # a class and date line for students, and no name (the sheet is not collected: review 4,
    # student15 M2); lesson 00 (for teachers) and 07 (for parents) have none
    assert ("Klas:" in text) == (LessonSource.open(nb).meta.audience == "leerlingen")
    assert "Naam:" not in text


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_teacher_edition_has_answers_and_notes(built: Path, nb: Path) -> None:
    text = pdf_body_text(pdf_for(built, nb, "docentenversie"))
    missing = [s for s in teacher_cell_sentences(nb) if fragment(s) not in text]
    assert missing == [], f"teacher cells missing from the teacher edition: {missing[:5]}"
    assert "Docentenversie" in text and "Lesplan" in text


@pytest.mark.parametrize("nb", [n for n in LESSONS if has_cards(LessonSource.open(n))],
                         ids=lambda p: p.parent.name)
def test_cards_have_no_teacher_material(built: Path, nb: Path) -> None:
    text = pdf_text(pdf_for(built, nb, "knipkaarten"))
    leaks = [s for s in all_secrets(nb) if fragment(s) in text]
    assert leaks == []
    assert "Knip langs de stippellijnen" in text


def pdf_name_applies(source: LessonSource, name: str) -> bool:
    from kijkverder.targets import TARGETS

    return TARGETS[name].applies(source)


@pytest.mark.parametrize("nb", [n for n in LESSONS
                                if pdf_name_applies(LessonSource.open(n), "strookjes")],
                         ids=lambda p: p.parent.name)
def test_slips_have_no_teacher_material(built: Path, nb: Path) -> None:
    text = pdf_text(pdf_for(built, nb, "strookjes"))
    leaks = [s for s in all_secrets(nb) if fragment(s) in text]
    assert leaks == []
    # every slip sheet is anonymous (the self-check slips, the question box, the voting cards)
    # (the question slip: the name is optional, for a student who wants to be spoken to;
    # review 2, prevention M7)
    assert re.search(r"[Ss]chrijf (je naam niet op|geen naam|er geen naam op)|naam hoeft er niet op",
                     text), text[:300]
    assert "stevig" not in text



def test_every_pdf_is_a4_small_and_offline(built: Path) -> None:
    pdfs = sorted(built.glob("*.pdf"))
    assert len(pdfs) >= 2 * len(LESSONS) + 1
    for pdf in pdfs:
        # the teacher book holds every lesson's teacher edition (at most 95 KB a lesson: PDF/UA
        # tags, fonts subset per edition, the self-check's how-to and tally table included)
        limit = (95 * len(LESSONS) if pdf.name == "docentenboek.pdf" else 400) * 1024
        assert pdf.stat().st_size <= limit, f"{pdf.name} is {pdf.stat().st_size // 1024} KB"
        # pikepdf (qpdf) reads the ~530 pages' boxes in a tenth of pypdf's CPU time
        with pikepdf.open(pdf) as doc:
            for page in doc.pages:
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                w, h = x1 - x0, y1 - y0
                assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2, f"{pdf.name} is not A4"


def test_fonts_are_embedded(built: Path) -> None:
    pdf = next(built.glob("*-werkblad.pdf"))
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), out
    assert "Atkinson-Hyperlegible" in out


def test_running_header_on_later_pages(built: Path, lesson01: Path) -> None:
    pdf = pdf_for(built, lesson01, "werkblad")
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 2
    page2 = normalize(reader.pages[1].extract_text())
    assert "Les 01 · Wat is uitbuiting?" in page2 and "Pagina 2 van" in page2


def test_teacher_book_has_every_lesson(built: Path) -> None:
    text = pdf_text(built / "docentenboek.pdf")
    for nb in LESSONS:
        number = nb.parent.name[:2].upper()  # 01 … 08, E1 … E4
        assert f"Les {number} ·" in text


def test_cache_skips_unchanged_and_rebuilds_changed(tmp_path: Path, lesson01: Path) -> None:
    import shutil

    lessons = tmp_path / "lessons"
    shutil.copytree(lesson01.parent, lessons / lesson01.parent.name)
    shutil.copy(lesson01.parent.parent / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(lesson01.parent.parent / "feiten.yaml", lessons / "feiten.yaml")
    nb = lessons / lesson01.parent.name / lesson01.name
    out = tmp_path / "out"
    logs: list[str] = []
    build([nb], out, jobs=1, book=False, log=logs.append)
    assert sum("KB)" in m for m in logs) == 3  # werkblad, docentenversie, strookjes (self-check slips)
    first = {p: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    logs.clear()
    build([nb], out, jobs=1, book=False, log=logs.append)
    assert not any("KB)" in m for m in logs) and "3 handout(s) up to date" in logs
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == first
    (nb.parent / "starter.yaml").write_text(
        (nb.parent / "starter.yaml").read_text("utf-8").replace("Waar of niet waar?", "Waar of niet?"),
        "utf-8")
    logs.clear()
    build([nb], out, jobs=1, book=False, log=logs.append)
    assert sum("KB)" in m for m in logs) == 3  # the cards view holds the quiz content too
    assert "Waar of niet?" in pdf_text(out / f"{nb.parent.name}-werkblad.pdf")


def test_nbconvert_entry_point(tmp_path: Path, lesson01: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "handout-teacher", "--output-dir",
                          str(tmp_path), str(lesson01)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    pdf = tmp_path / (lesson01.stem + ".pdf")
    text = pdf_text(pdf)
    assert "Docentenversie" in text and "Alleen voor de docent" in text


def test_nbconvert_on_a_refused_lesson_prints_the_problems_and_exits_1(tmp_path: Path,
                                                                      lesson01: Path) -> None:
    """A teacher who converts a lesson the gate refuses sees its one-line problems and exit
    code 1, no Python traceback (nbconvert logs exceptions with their stack)."""
    import shutil

    import nbformat

    lesson = tmp_path / "lessons" / lesson01.parent.name
    shutil.copytree(lesson01.parent, lesson)
    shutil.copy2(lesson01.parent.parent / "begrippen.yaml", lesson.parent / "begrippen.yaml")
    shutil.copy2(lesson01.parent.parent / "feiten.yaml", lesson.parent / "feiten.yaml")
    nb_path = lesson / lesson01.name
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].metadata["tags"] = ["Teacher"]
    nbformat.write(nb, nb_path)
    res = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "handout",
                          "--output-dir", str(tmp_path / "out"), lesson01.name],
                         cwd=lesson, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "Error while converting" not in res.stderr, res.stderr
    # nbconvert's own info lines ("Making directory", "Converting notebook") may stay
    lines = [ln for ln in res.stderr.splitlines() if not ln.startswith("[NbConvertApp] ")]
    assert lines and all(ln.split(": cells[1]")[0].endswith(lesson01.name) for ln in lines), \
        res.stderr
    assert "unknown tag 'Teacher'" in res.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _page_texts(pdf: Path) -> list[str]:
    """The layout text of each page: one pdftotext for the whole PDF, split at its form feeds
    (pdftotext ends every page with one; the same text as one run per page, without starting
    poppler once per page)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    assert pages[-1] == "", "pdftotext ends every page with a form feed"
    return pages[:-1]


@pytest.mark.parametrize("nb", LESSONS, ids=lambda p: p.parent.name)
def test_teacher_label_never_alone_at_the_foot_of_a_page(built: Path, nb: Path) -> None:
    for n, page in enumerate(_page_texts(pdf_for(built, nb, "docentenversie")), 1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        # the last line is the running footer; the one above it must not be the bare label (a
        # line that goes on after it, "Alleen voor de docent: gegevens gecontroleerd op …", is
        # the help card's note, label and text in one line)
        assert lines[-2].rstrip(":") != "Alleen voor de docent", f"page {n}: label without its text"


def test_section_heading_and_widget_title_not_printed_twice(built: Path) -> None:
    nb = next(n for n in LESSONS if n.parent.name.startswith("03-"))
    text = pdf_text(pdf_for(built, nb, "werkblad"))
    assert text.count("Chat met 'Sam'") == 1


def test_same_lesson_gives_byte_identical_pdfs(built: Path, tmp_path: Path, lesson01: Path) -> None:
    """A second build in another process (the fixture used worker processes) gives the same bytes."""
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "handouts", "01", "--out",
                          str(tmp_path), "--jobs", "1"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for name in ("werkblad", "docentenversie"):
        assert pdf_for(tmp_path, lesson01, name).read_bytes() == pdf_for(built, lesson01, name).read_bytes()


def test_parents_worksheet_does_not_speak_of_their_teacher() -> None:
    """Lesson 07 is a parents' evening: its handouts address parents, so no 'je docent' (a
    statement label once said 'je docent vertelt het na het gesprek' on the parents' sheet)."""
    from kijkverder.printing import lesson_html

    nb = next(nb for nb in lesson_notebooks() if nb.parent.name.startswith("07-"))
    for edition in ("student", "cards"):
        text = re.sub(r"<[^>]+>", " ", lesson_html(nb, edition))
        assert "Stelling" in text or "stelling" in text  # the statements are printed at all
        assert not re.search(r"\bje docent\b", text, re.I), edition
