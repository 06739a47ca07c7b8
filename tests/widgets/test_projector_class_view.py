"""The class view on the projector (``style: projector``, role student) speaks to a class: no
line promises one student privacy ("Alleen jij ziet je antwoorden" would be read by everyone),
and the self-check shows the sentences and the slip instructions, not answer buttons (the class
fills in paper slips). The same widgets in the normal style keep their privacy notes."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as W
import pytest

from widgets import Quiz, Reflection, SelfCheck, SortTask, set_style
from widgets.i18n import STRINGS

from . import viewing
from .test_quiz import QUIZ
from .test_selfcheck import selfcheck_yaml
from .test_sorttask import GOOD

#: Every line that addresses one student's privacy.
PRIVACY_KEYS = ("selfcheck_private", "score_private", "reflection_private")


def all_text(w: W.Widget) -> str:
    """Everything a widget shows: HTML values, descriptions and placeholders, recursively."""
    parts = [str(getattr(w, name, "") or "") for name in ("value", "description", "placeholder")
             if isinstance(getattr(w, name, None), str)]
    for child in getattr(w, "children", ()):
        parts.append(all_text(child))
    return "\n".join(parts)


def buttons(w: W.Widget) -> list[W.Button]:
    found = [w] if isinstance(w, W.Button) else []
    for child in getattr(w, "children", ()):
        found += buttons(child)
    return found


@pytest.fixture(params=["normal", "projector"])
def style(request) -> Iterator[str]:
    set_style(request.param)
    try:
        yield request.param
    finally:
        set_style(None)


def used_widgets(tmp_path: Path) -> list[W.Widget]:
    """A quiz and a sort task after answering (their score lines), a reflection, both self-checks."""
    (tmp_path / "q.yaml").write_text(QUIZ, "utf-8")
    (tmp_path / "r.yaml").write_text("kind: reflection\ntitle: Afsluiting\nprompts:\n"
                                     "  - id: a\n    text: Wat neem je mee?\n", "utf-8")
    (tmp_path / "z.yaml").write_text(selfcheck_yaml(), "utf-8")
    with viewing("student"):
        quiz, sort = Quiz.load(tmp_path / "q.yaml"), SortTask.load(GOOD)
        reflection = Reflection.load(tmp_path / "r.yaml")
        checks = [SelfCheck.load(tmp_path / "z.yaml", moment=m) for m in ("voor", "na")]
    quiz.questions[0].option_buttons[0].click()
    sort.choose(next(iter(sort.choices)), sort.content.categories[0].id)
    sort.check()
    return [quiz, sort, reflection, *checks]


def test_privacy_lines_only_outside_the_projector(style: str, tmp_path: Path) -> None:
    text = "\n".join(all_text(w) for w in used_widgets(tmp_path))
    lines = [STRINGS["nl"][k] for k in PRIVACY_KEYS]
    if style == "projector":
        assert [line for line in lines if line in text] == []
        assert "Goed beantwoord: 1 van 2" in text and "Jouw score" not in text
        assert STRINGS["nl"]["reflection_class"] in text
    else:  # a student at a laptop still reads that only they see it
        assert [line for line in lines if line not in text] == []


def test_selfcheck_on_the_projector_shows_sentences_and_slip_instructions(style: str,
                                                                            tmp_path: Path) -> None:
    *_, voor, na = used_widgets(tmp_path)
    for w in (voor, na):
        text = all_text(w)
        statements = [s.text for s in w.content.statements]
        assert all(s in text for s in statements)
        if style == "projector":
            assert buttons(w) == []  # the class uses paper slips
            assert STRINGS["nl"]["selfcheck_slip_instruction"] in text
            assert "Klopt niet · Klopt een beetje · Klopt grotendeels · Klopt helemaal" in text
            with pytest.raises(RuntimeError, match="slips"):
                w.choose(w.content.statements[0].id, "niet")
        else:
            assert len(buttons(w)) == 4 * len(statements)
