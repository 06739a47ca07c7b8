"""The teacher book is assembled from cached per-lesson parts: the table of contents matches the
printed page numbers, each lesson has a bookmark, and an edit in one lesson re-renders only that
lesson's part."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.book import PARTS_DIR, starts
from handouts.build import BOOK_NAME, build
from tests.conftest import LESSONS

#: two short lessons that pass check
NAMES = ("04-criminele-uitbuiting", "05-grenzen-respect-toestemming")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def two_lessons(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    root = tmp_path_factory.mktemp("book") / "lessons"
    for name in NAMES:
        shutil.copytree(LESSONS / name, root / name)
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    notebooks = [root / n / f"{n}.ipynb" for n in NAMES]
    out = root.parent / "out"
    result = build(notebooks, out, jobs=2, log=lambda m: None)
    assert not result.refused, result.refused
    return notebooks, out


def test_starts_follow_page_counts() -> None:
    assert starts([3, 5, 2]) == [1, 4, 9]
    assert starts([3, None, 2]) == [1, 4, None]


def test_toc_page_numbers_match_the_printed_pages(two_lessons: tuple[list[Path], Path]) -> None:
    _, out = two_lessons
    book = PdfReader(out / BOOK_NAME)
    toc = _norm(book.pages[0].extract_text())
    front = book.page_labels.index("1")
    assert book.page_labels[:front] == ["i", "ii", "iii"][:front]
    for name in NAMES:
        number = name[:2]
        m = re.search(rf"Les {number} · .*? (\d+)(?: |$)", toc)
        assert m, toc
        start = int(m.group(1))
        page = _norm(book.pages[front + start - 1].extract_text())
        assert f"Pagina {start}" in page and f"Les {number} ·" in page
        assert book.page_labels[front + start - 1] == str(start)
    last = _norm(book.pages[-1].extract_text())
    assert f"Pagina {len(book.pages) - front}" in last


def test_every_lesson_has_a_bookmark(two_lessons: tuple[list[Path], Path]) -> None:
    _, out = two_lessons
    book = PdfReader(out / BOOK_NAME)
    titles = [o.title for o in book.outline if not isinstance(o, list)]
    assert titles[0] == "Kijk Verder"   # the cover
    assert [t[:8] for t in titles[1:]] == [f"Les {name[:2]} ·" for name in NAMES], titles
    labels = book.page_labels
    for item in book.outline[1:]:
        if not isinstance(item, list):   # a lesson's bookmark opens its first page
            page = book.get_destination_page_number(item)
            assert f"Les {item.title[4:6]} ·" in _norm(book.pages[page].extract_text()), labels[page]


def test_one_lesson_edit_rerenders_only_its_part(two_lessons: tuple[list[Path], Path]) -> None:
    notebooks, out = two_lessons
    other = out / PARTS_DIR / f"{NAMES[0]}.pdf"
    before = other.stat().st_mtime_ns, other.read_bytes()
    statements = notebooks[1].parent / "stellingen.yaml"
    text = statements.read_text("utf-8")
    m = re.search(r"kan best, als iedereen erom lacht", text)
    assert m, "lesson 05's statement changed; pick another sentence for this test"
    statements.write_text(text.replace(m.group(0), "kan best, als werkelijk iedereen erom lacht"),
                          "utf-8")
    logs: list[str] = []
    result = build(notebooks, out, jobs=2, log=logs.append)
    parts = [m for m in logs if m.startswith("book part")]
    assert len(parts) == 1 and NAMES[1] in parts[0], logs
    assert out / BOOK_NAME in result.written
    assert (other.stat().st_mtime_ns, other.read_bytes()) == before
    assert "werkelijk iedereen" in _norm(" ".join(p.extract_text()
                                                  for p in PdfReader(out / BOOK_NAME).pages))


def test_book_is_reassembled_identically_and_a_damaged_part_is_rendered_again(
        two_lessons: tuple[list[Path], Path]) -> None:
    notebooks, out = two_lessons
    first = (out / BOOK_NAME).read_bytes()
    (out / BOOK_NAME).unlink()
    logs: list[str] = []
    build(notebooks, out, jobs=1, log=logs.append)
    assert not any(m.startswith("book part") for m in logs), logs
    assert (out / BOOK_NAME).read_bytes() == first
    part = out / PARTS_DIR / f"{NAMES[0]}.pdf"
    part.write_bytes(part.read_bytes()[:-100])
    (out / BOOK_NAME).unlink()
    logs.clear()
    build(notebooks, out, jobs=1, log=logs.append)
    assert [m for m in logs if m.startswith("book part")] == [
        next(m for m in logs if m.startswith(f"book part {NAMES[0]}"))]
    assert (out / BOOK_NAME).read_bytes() == first


def test_a_lesson_that_passed_check_is_checked_again_after_any_change(tmp_path: Path) -> None:
    """The build skips check for a lesson whose files are unchanged since it passed; a change
    (here a mistyped tag) is checked and refused as before (fail closed)."""
    import nbformat

    root = tmp_path / "lessons"
    shutil.copytree(LESSONS / NAMES[0], root / NAMES[0])
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    nb_path = root / NAMES[0] / f"{NAMES[0]}.ipynb"
    out = tmp_path / "out"
    assert not build([nb_path], out, jobs=1, book=False, log=lambda m: None).refused
    assert build([nb_path], out, jobs=1, book=False, log=lambda m: None).written == []
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if "teacher" in c.metadata.get("tags", []))
    cell.metadata["tags"] = ["Teacher"]
    nbformat.write(nb, nb_path)
    result = build([nb_path], out, jobs=1, book=False, log=lambda m: None)
    assert NAMES[0] in result.refused and result.written == []
    assert any("unknown tag 'Teacher'" in str(p) for p in result.refused[NAMES[0]])
