"""Text that looks like HTML, JavaScript or Markdown stays inert in every export."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat

from handouts.render import html_to_pdf
from kijkverder.printing import lesson_html
from tests.conftest import LESSONS

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_payloads_in_content_and_markdown_are_escaped(tmp_path: Path, lesson01: Path) -> None:
    lessons = tmp_path / "lessons"
    dest = lessons / lesson01.parent.name
    shutil.copytree(lesson01.parent, dest)
    shutil.copy(LESSONS / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", lessons / "feiten.yaml")
    quiz = dest / "starter.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("title: Waar of niet waar?",
                                                    f"title: '{PAYLOAD}'"), "utf-8")
    nb_path = dest / lesson01.name
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[5].source = f"Markdown met {PAYLOAD} erin."
    nbformat.write(nb, nb_path)
    for edition in ("student", "teacher"):
        html = lesson_html(nb_path, edition)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html
    pdf = tmp_path / "w.pdf"
    pdf.write_bytes(html_to_pdf(lesson_html(nb_path, "student")))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert '<script>alert("x")</script>' in text.replace("\n", "")
