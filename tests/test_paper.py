"""Paper a school can afford, measured from the PDFs a teacher prints: how many pages a student
gets per lesson, how full each page is, the help card on one page, slips (one per student) apart
from cards (one set per group) with slip text of 10 pt or more, and no screen instructions on
paper."""
from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.render import html_to_pdf
from kijkverder.printing import lesson_html
from kijkverder.lessons import LessonSource
from kijkverder.targets import TARGETS
from tests.conftest import LESSONS, lesson_notebooks

#: Most pages one student gets for one lesson (the worksheet; slips come on top, a quarter
#: page each); see the README's "Paper" table. A class of 28 prints every page (issue 25).
MAX_STUDENT_PAGES = 6
#: Lessons that may need more, with the reason (none today: 02, 03 and 06 took 7 until the
#: help card, the story and the talk questions got their compact print forms).
MORE_PAGES: dict[str, int] = {}
#: A page that is not the last of its PDF is at least this full (the writing area between the
#: running header and the footer).
MIN_FILL = 0.5
#: Words that tell a student to do something on a screen.
SCREEN_WORDS = re.compile(r"\b(klik|klikken|controleer|knop|knoppen|scroll)\b", re.I)


def _student_lessons() -> list[Path]:
    """The main series' lessons for students. The easy series (level ``eenvoudig``) prints its
    worksheet in large print by default (16 pt, one column): its own limits are below."""
    return [nb for nb in lesson_notebooks()
            if LessonSource.open(nb).meta.audience == "leerlingen"
            and LessonSource.open(nb).meta.level == "b1"]


def _easy_lessons() -> list[Path]:
    return [nb for nb in lesson_notebooks() if LessonSource.open(nb).meta.level == "eenvoudig"]


#: The easy series' large-print worksheets: at most this many pages (measured 9-10 on
#: 2026-12-07, the help card on one page).
MAX_EASY_PAGES = 10


@pytest.fixture(scope="module")
def built(all_handouts: Path) -> Path:
    """Every lesson's PDFs, as ``kijkverder handouts`` builds them (shared with test_handouts)."""
    return all_handouts


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (pypdf). Kept per file version: the tests of this module read the same
    worksheets and cards again (pypdf's text extraction is most of this module's CPU)."""
    return list(_page_texts(pdf, pdf.stat().st_mtime_ns))


@functools.cache
def _page_texts(pdf: Path, _version: int) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(pdf).pages)


def page_fills(pdf: Path) -> list[float]:
    """How full each page is: the lowest ink of the page's content (text, writing lines, boxes)
    between the running header (the first run of ink rows from the top) and the footer (the last
    run), as a fraction of the room between them. Read from the pages rendered in grey by
    poppler (one process for the whole PDF)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "40", str(pdf), f"{tmp}/p"], check=True)
        fills = []
        for page in sorted(Path(tmp).glob("p*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            width, rows = _pgm_rows(page.read_bytes())
            ink = [any(v < 220 for v in row) for row in rows]
            runs = _runs(ink)
            assert len(runs) >= 2, f"{pdf.name} {page.name}: no running header or footer"
            top, bottom = runs[0][1], runs[-1][0]
            body = [r for r in runs[1:-1]]
            lowest = body[-1][1] if body else top
            fills.append((lowest - top) / (bottom - top))
        return fills


def _pgm_rows(data: bytes) -> tuple[int, list[bytes]]:
    """Rows of a binary PGM (P5, 8 bit) as poppler writes it."""
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert fields and int(fields.group(3)) == 255, data[:20]
    width, height = int(fields.group(1)), int(fields.group(2))
    pixels = data[fields.end():]
    return width, [pixels[y * width:(y + 1) * width] for y in range(height)]


def _runs(ink: list[bool]) -> list[tuple[int, int]]:
    """(first, last) row of every run of rows with ink."""
    runs, start = [], None
    for y, has in enumerate(ink + [False]):
        if has and start is None:
            start = y
        elif not has and start is not None:
            runs.append((start, y - 1))
            start = None
    return runs


def font_sizes(pdf: Path) -> dict[str, float]:
    """The smallest font size (pt, as printed: text matrix times transformation) of every piece
    of text in the PDF, by text."""
    sizes: dict[str, float] = {}
    for page in PdfReader(pdf).pages:
        def visit(text, cm, tm, font, size):
            if not text.strip():
                return
            scale = (abs(tm[3] * cm[3] + tm[1] * cm[2]) or abs(tm[0] * cm[0])) or 1
            sizes[text.strip()] = min(sizes.get(text.strip(), 99.0), size * scale)
        page.extract_text(visitor_text=visit)
    return sizes


def _pdf(out: Path, nb: Path, kind: str) -> Path:
    return out / f"{nb.parent.name}-{kind}.pdf"


# ------------------------------------------------------------------- pages and fill
def test_pages_per_student_per_lesson(built: Path) -> None:
    pages = {nb.parent.name[:2]: len(PdfReader(_pdf(built, nb, "werkblad")).pages)
             for nb in _student_lessons()}
    too_many = {n: p for n, p in pages.items() if p > MORE_PAGES.get(n, MAX_STUDENT_PAGES)}
    assert not too_many, f"worksheet pages per lesson (at most {MAX_STUDENT_PAGES}): {pages}"
    easy = {nb.parent.name[:2]: len(PdfReader(_pdf(built, nb, "werkblad")).pages)
            for nb in _easy_lessons()}
    assert easy and max(easy.values()) <= MAX_EASY_PAGES, easy


def test_no_page_under_half_full_except_the_last(built: Path) -> None:
    thin = []
    for nb in [nb for nb in lesson_notebooks() if nb not in _easy_lessons()]:
        # (not the strookjes: each of their pages is a sheet of its own, printed its own number
        # of times: self-check slips, the voting slip, the question box)
        for kind in ("werkblad", "knipkaarten"):
            pdf = _pdf(built, nb, kind)
            if not pdf.is_file():
                continue
            fills = page_fills(pdf)
            # the page that says private writing goes on its slip gets no lines for notes, so
            # nobody writes it on the named worksheet (review 3: language M1, student15 M1)
            private = [i for i, t in enumerate(page_texts(pdf)) if "losse strookje" in t]
            thin += [f"{pdf.name} p{i + 1}: {f:.0%}" for i, f in enumerate(fills[:-1])
                     if f < MIN_FILL and i not in private]
    assert not thin, thin


def test_fill_measure_sees_a_thin_page(tmp_path: Path) -> None:
    """The fill measure itself: a page with two lines of text before a forced break is thin, a
    page full of text is not."""
    html = ("<!DOCTYPE html><html lang='nl'><head><title>t</title><style>@page { size: A4; "
            "margin: 20mm; @top-right { content: 'kop'; } @bottom-left { content: 'voet'; } }"
            "</style></head><body><p>Twee regels.</p><p style='break-after: page'>Nog een.</p>"
            + "<p>Tekst die de pagina vult.</p>" * 45 + "<p>slot</p></body></html>")
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(html_to_pdf(html))
    fills = page_fills(pdf)
    assert fills[0] < 0.1 and fills[1] > 0.9, fills


# ------------------------------------------------------------------- help card
def _last_organisation(nb: Path) -> str:
    """The name of the last organisation on the lesson's help card (the card ends with it)."""
    from widgets.registry import registry

    source = LessonSource.open(nb)
    uses = [u for u in source.view(TARGETS["werkblad"].view).uses() if u.name == "HelpCard"]
    assert len(uses) == 1, nb.name
    topics, orgs = uses[0].kwargs.get("topics"), uses[0].kwargs.get("orgs")
    if orgs:  # the short card of the easy series: its organisations, then its website lines
        from widgets.helpcard import short_sites

        return [*registry().short_card(list(orgs)), *short_sites(uses[0].kwargs.get("sites"))][-1].name
    return registry().for_topics(list(topics) if topics else None)[-1].name


def _help_card_pages(pdf: Path, last: str, title: str = "Hulpkaart: hier kun je terecht"
                     ) -> list[int]:
    """The pages the help card is printed on: from the page with its title to the page with
    its last organisation."""
    texts = page_texts(pdf)
    first = [i for i, t in enumerate(texts) if title in t]
    assert len(first) == 1, f"{pdf.name}: help card title on pages {first}"
    end = [i for i, t in enumerate(texts) if i >= first[0] and last in t]
    assert end, f"{pdf.name}: {last!r} not on the help card"
    return list(range(first[0], end[0] + 1))


def test_help_card_on_one_page(built: Path) -> None:
    split = {}
    for nb in [*_student_lessons(), *_easy_lessons()]:
        pages = _help_card_pages(_pdf(built, nb, "werkblad"), _last_organisation(nb))
        if len(pages) != 1:
            split[nb.parent.name] = [p + 1 for p in pages]
    assert not split, f"help card split over pages: {split}"


def test_help_card_with_a_school_profile_on_one_page(tmp_path: Path) -> None:
    """The example school profile (people, local help) makes the card longest."""
    nb = LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb"
    html = lesson_html(nb, "student", school=LESSONS / "school.example.yaml")
    pdf = tmp_path / "w.pdf"
    pdf.write_bytes(html_to_pdf(html, base_url=str(nb.parent) + "/"))
    assert len(_help_card_pages(pdf, _last_organisation(nb))) == 1


# ------------------------------------------------------------------- slips and cards
def test_slips_apart_from_cards_and_at_least_10_pt(built: Path) -> None:
    """Slips (one per student) come in their own PDF, cards (per kind) in another; the
    slip text is 10 pt or larger; only the cards say to use sturdy paper; each page says what
    it holds and how many to print."""
    slips = 0
    for nb in _student_lessons():
        cards, strips = _pdf(built, nb, "knipkaarten"), _pdf(built, nb, "strookjes")
        if cards.is_file():
            text = " ".join(page_texts(cards))
            assert "Zelfcheck" not in text, f"{cards.name}: slips among the cards"
            assert "stevig papier" in text
            # every page says it is for sturdy paper; above each kind of card, who gets it
            # (teacher M1 in review 3: not "one set per group" for statements)
            assert all("stevig papier" in t for t in page_texts(cards)), cards.name
        if strips.is_file():
            slips += 1
            texts = page_texts(strips)
            assert "stevig" not in " ".join(texts), strips.name
            assert all("per leerling" in t for t in texts), strips.name
            small = {t: round(s, 1) for t, s in font_sizes(strips).items() if s < 9.95}
            assert not small, f"{strips.name}: text under 10 pt: {small}"
    assert slips >= 5  # lessons with a self-check


# ------------------------------------------------------------------- screen words
def test_no_screen_instructions_on_paper(built: Path) -> None:
    found = []
    for nb in _student_lessons():
        # (not the strookjes: each of their pages is a sheet of its own, printed its own number
        # of times: self-check slips, the voting slip, the question box)
        for kind in ("werkblad", "knipkaarten"):
            pdf = _pdf(built, nb, kind)
            if pdf.is_file():
                for i, text in enumerate(page_texts(pdf)):
                    found += [f"{pdf.name} p{i + 1}: …{text[max(0, m.start() - 40):m.end() + 20]}…"
                              for m in SCREEN_WORDS.finditer(text)]
    assert not found, found


def test_student_paper_has_a_class_line_teacher_guide_has_none(built: Path) -> None:
    for nb in lesson_notebooks():
        first = page_texts(_pdf(built, nb, "werkblad"))[0]
        student = LessonSource.open(nb).meta.audience == "leerlingen"
        assert ("Klas:" in first) == student, f"{nb.parent.name}: class line {'missing' if student else 'on a guide'}"
        assert "Naam:" not in first, f"{nb.parent.name}: a worksheet that is not collected asks no name"
