"""The table of outputs (``kijkverder/targets.py``): every output is a row, and the site, the
preview, the build and the print list read it; audience -> role is decided there only."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import kijkverder.build
from kijkverder.lessons import LessonSource, all_lessons
from tests.conftest import LESSONS

LESSON = LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb"


class _Built:
    """What :func:`kijkverder.build.build` returns: the paths of the PDFs it made or found."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths


def _fake_build(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    """The PDF build left out: every call "builds" ``names`` (small files) in its folder. The
    site's choice of what it offers is what these tests look at, not the PDFs."""
    def build(notebooks: list[Path], out: Path, *, large: bool = False, **_kw: Any) -> _Built:
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in names:
            if ("grote-letters" in name) == large:
                (out / name).write_bytes(b"%PDF-1.7 " + name.encode())
                paths.append(out / name)
        return _Built(paths)

    monkeypatch.setattr(kijkverder.build, "build", build)


def test_the_teacher_site_offers_the_book_next_to_the_law_sheet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build of the book also makes the law sheet (``wat-zegt-de-wet.pdf``); the teacher
    site's PDF list used to read every file name back as ``NN-slug-<target>.pdf`` and stopped
    on it (StopIteration)."""
    from kijkverder.site import build_pdfs

    name = LESSON.parent.name
    _fake_build(monkeypatch, [f"{name}-werkblad.pdf", f"{name}-docentenversie.pdf",
                              "docentenboek.pdf", "wat-zegt-de-wet.pdf"])
    build_pdfs([LESSON], tmp_path / "site", tmp_path / "cache", "docenten", lambda _m: None)
    assert sorted(p.name for p in (tmp_path / "site" / "pdf").iterdir()) == [
        f"{name}-docentenversie.pdf", f"{name}-werkblad.pdf", "docentenboek.pdf"]
