"""The JupyterLab browser test runs a covering set of lessons (tests/browser/test_lessons.py):
checked here without a browser."""
from __future__ import annotations

from tests.browser.test_lessons import LAB_LESSONS, LESSONS, lesson_traits


def test_lab_lessons_cover_every_widget_series_and_audience() -> None:
    """The cover is complete and smaller than the whole set (else it would not be a cover)."""
    wanted = set().union(*map(lesson_traits, LESSONS))
    assert set().union(*map(lesson_traits, LAB_LESSONS)) == wanted
    assert {"Quiz", "HelpCard", "level:eenvoudig", "level:b1"} <= wanted, wanted
    assert len(LAB_LESSONS) < len(LESSONS)
