"""The teacher book is assembled from the lessons' teacher editions: the table of contents lists
every lesson with the book page it starts on, the page labels match the printed page numbers, each lesson has a
bookmark, and an edit in one lesson renders only that lesson's PDFs (the book renders nothing of
its own)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.book import PARTS_DIR
from kijkverder.build import BOOK_NAME, build
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
    shutil.copy(LESSONS / "feiten.yaml", root / "feiten.yaml")
    notebooks = [root / n / f"{n}.ipynb" for n in NAMES]
    out = root.parent / "out"
    result = build(notebooks, out, jobs=2, log=lambda m: None)
    assert not result.refused, result.refused
    return notebooks, out


def test_toc_and_page_labels_match_the_printed_pages(two_lessons: tuple[list[Path], Path]) -> None:
    _, out = two_lessons
    book = PdfReader(out / BOOK_NAME)
    toc = _norm(book.pages[0].extract_text())
    labels = book.page_labels
    front = next(i for i, label in enumerate(labels) if "-" in label)
    assert labels[:front] == ["i", "ii", "iii"][:front]
    page = front
    for name in NAMES:
        number = name[:2]
        m = re.search(rf"Les {number} · .*? bladzijde (\d+)", toc)
        assert m, toc
        assert int(m.group(1)) == page + 1  # the book page the lesson starts on
        count = len(PdfReader(out / f"{name}-docentenversie.pdf").pages)
        for n in (1, count):
            text = _norm(book.pages[page + n - 1].extract_text())
            assert f"Pagina {n} van {count}" in text and f"Les {number} ·" in text, text
            assert labels[page + n - 1] == f"{number}-{n}"
        page += count
    assert page == len(book.pages)


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


def test_one_lesson_edit_renders_only_that_lessons_pdfs(two_lessons: tuple[list[Path], Path]
                                                         ) -> None:
    notebooks, out = two_lessons
    other = out / f"{NAMES[0]}-docentenversie.pdf"
    cover = out / PARTS_DIR / "cover.pdf"
    before = [(p.stat().st_mtime_ns, p.read_bytes()) for p in (other, cover)]
    statements = notebooks[1].parent / "stellingen.yaml"
    text = statements.read_text("utf-8")
    m = re.search(r"kan best, als iedereen erom lacht", text)
    assert m, "lesson 05's statement changed; pick another sentence for this test"
    statements.write_text(text.replace(m.group(0), "kan best, als werkelijk iedereen erom lacht"),
                          "utf-8")
    result = build(notebooks, out, jobs=2, log=lambda m: None)
    assert sorted(p.name for p in result.written) == sorted(
        [BOOK_NAME, *(f"{NAMES[1]}-{kind}.pdf" for kind in ("werkblad", "docentenversie",
                                                            "knipkaarten", "strookjes"))])
    assert [(p.stat().st_mtime_ns, p.read_bytes()) for p in (other, cover)] == before
    assert "werkelijk iedereen" in _norm(" ".join(p.extract_text()
                                                  for p in PdfReader(out / BOOK_NAME).pages))


def test_book_is_reassembled_identically_and_a_damaged_teacher_edition_is_rendered_again(
        two_lessons: tuple[list[Path], Path]) -> None:
    notebooks, out = two_lessons
    first = (out / BOOK_NAME).read_bytes()
    (out / BOOK_NAME).unlink()
    result = build(notebooks, out, jobs=1, log=lambda m: None)
    assert result.written == [out / BOOK_NAME]
    assert (out / BOOK_NAME).read_bytes() == first
    part = out / f"{NAMES[0]}-docentenversie.pdf"
    part.write_bytes(part.read_bytes()[:-100])
    (out / BOOK_NAME).unlink()
    result = build(notebooks, out, jobs=1, log=lambda m: None)
    assert result.written == [part, out / BOOK_NAME]
    assert (out / BOOK_NAME).read_bytes() == first


def test_parts_of_an_earlier_version_are_removed(two_lessons: tuple[list[Path], Path]) -> None:
    """Earlier versions rendered each lesson a second time into ``.kijkverder-book``; the files
    they left there (and only those the build wrote) go when the book is assembled."""
    import hashlib
    import json

    from kijkverder.build import CACHE_FILE

    notebooks, out = two_lessons
    old, foreign = out / PARTS_DIR / f"{NAMES[0]}.pdf", out / PARTS_DIR / "notes.pdf"
    old.write_bytes(b"%PDF-1.7 an old part")
    foreign.write_bytes(b"%PDF-1.7 not ours")
    cache = json.loads((out / CACHE_FILE).read_text("utf-8"))
    cache[f"{PARTS_DIR}/{old.name}"] = {"key": "old", "size": old.stat().st_size,
                                        "sha256": hashlib.sha256(old.read_bytes()).hexdigest()}
    (out / CACHE_FILE).write_text(json.dumps(cache), "utf-8")
    (out / BOOK_NAME).unlink()
    build(notebooks, out, jobs=1, log=lambda m: None)
    assert not old.exists() and foreign.exists()
    assert f"{PARTS_DIR}/{old.name}" not in json.loads((out / CACHE_FILE).read_text("utf-8"))
    foreign.unlink()


def test_a_lesson_that_passed_check_is_checked_again_after_any_change(tmp_path: Path) -> None:
    """The build skips check for a lesson whose files are unchanged since it passed; a change
    (here a mistyped tag) is checked and refused as before (fail closed)."""
    import nbformat

    root = tmp_path / "lessons"
    shutil.copytree(LESSONS / NAMES[0], root / NAMES[0])
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", root / "feiten.yaml")
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
