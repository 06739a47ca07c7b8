"""JupyterLab in Debian's chromium: open lesson 01, run it, answer the quiz, read the feedback."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.widgets_driver import run_all_cells

pytestmark = pytest.mark.browser


def test_lesson01_quiz_feedback_in_jupyterlab(page, jupyterlab: str, lessons_copy: Path) -> None:
    run_all_cells(page, jupyterlab, "01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb")
    quiz = page.locator(".kv-quiz").first
    quiz.wait_for(timeout=90_000)
    button = quiz.locator("button", has_text="Niet waar").first
    button.click()
    feedback = quiz.locator(".kv-feedback").first
    feedback.wait_for(timeout=15_000)
    text = feedback.inner_text()
    assert "Goed" in text and "Mensenhandel gebeurt ook in Nederland" in text
    # keyboard: focus the next question's "Waar" button and press Enter
    second = quiz.locator(".kv-question").nth(1)
    second.locator("button", has_text="Waar").first.focus()
    page.keyboard.press("Enter")
    assert "Ook jongens worden uitgebuit" in second.locator(".kv-feedback").inner_text(timeout=15_000)
    assert "Jouw score: 2 van 6" in quiz.locator(".kv-score").inner_text()
    # the code stays hidden for students
    assert page.locator(".jp-Cell-inputCollapser + .jp-InputArea .cm-content:visible").count() == 0
    hosts = {urlparse(u).hostname for u in page.requests if u.startswith("http")}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts
