"""Each widget keeps the language it was created in; print renders in the language it is given."""
from __future__ import annotations

from pathlib import Path

import pytest

import widgets
from widgets import (Agreements, Chart, PromptCards, Quiz, Scenario, SortTask, Statements, Timer,
                     set_language)
from widgets.base import ErrorBox

from . import viewing
from .test_quiz import QUIZ

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_dutch_widget_stays_dutch_after_set_language(tmp_path: Path) -> None:
    f = tmp_path / "q.yaml"
    f.write_text(QUIZ, "utf-8")
    set_language("nl")
    quiz = Quiz.load(f)
    with viewing("teacher"):
        st = Statements.load(FIXTURES / "statements" / "good.yaml")
    sc = Scenario.load(FIXTURES / "scenario" / "good.yaml")
    sort = SortTask.load(FIXTURES / "sort" / "good.yaml")
    timer = Timer(seconds=2)
    cards = PromptCards.load(FIXTURES / "prompts" / "good.yaml")
    set_language("en")  # a later cell switches; the widgets above are already on screen
    quiz.questions[0].option_buttons[0].click()
    assert "Goed" in quiz.questions[0].feedback.value and "Correct" not in quiz.questions[0].feedback.value
    assert "Jouw score: 1 van 2" in quiz.score.value
    st.choose("eens")
    st.next_button.click()
    st.plus["oneens"].click()
    assert "Jouw keuze" not in st.chosen.value  # a new statement, no choice yet
    st.prev_button.click()
    assert "Jouw keuze: Eens" in st.chosen.value and "Stelling 1 van" in st.counter.value
    assert "Zo denkt de klas" in st.chart.value and "Geteld: 0" in st.tally_total.value
    assert st.tally_toggle.description.endswith("Klas tellen")
    sc.choose(0)
    assert "Stap 2" in sc.step.value
    sort.check()
    assert "van" in sort.score.value and "out of" not in sort.score.value
    timer.tick(2)
    assert "Tijd is om!" in timer.display.value
    cards.start_phase("think")
    assert cards.timer.lang == "nl" and cards.phase_buttons["think"].description == "▶ Denken"
    assert cards.timer.start_button.description == "Start" and cards.timer.pause_button.description == "Pauze"
    # and the other way round: an English widget stays English
    en = Quiz.load(f)
    set_language("nl")
    en.questions[0].option_buttons[1].click()
    assert "Not correct" in en.questions[0].feedback.value


def test_error_box_keeps_its_language(tmp_path: Path) -> None:
    set_language("en")
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: quiz\ntitle: x\n", "utf-8")
    box = Quiz.load(bad)
    set_language("nl")
    assert isinstance(box, ErrorBox) and box.lang == "en"
    assert "This activity cannot be loaded" in box.message.value


def test_a_widget_can_be_given_its_language() -> None:
    assert Timer(seconds=5, lang="en").start_button.description == "Start"
    assert Timer(seconds=5, lang="en").pause_button.description == "Pause"
    with pytest.raises(ValueError, match="unknown language 'de'"):
        Timer(seconds=5, lang="de")


def test_print_renders_in_the_language_it_is_given() -> None:
    from widgets.schema import load_content

    set_language("nl")
    chart = load_content(FIXTURES / "chart" / "good.yaml")
    en = Chart.render_print(chart, "student", lang="en")
    assert "Source: Testbron, 2022" in en and ">3,000<" in en and "Bron:" not in en
    assert widgets.get_language() == "nl"  # rendering in English changed nothing global
    nl = Chart.render_print(chart, "student")
    assert "Bron: Testbron, 2022" in nl and ">3.000<" in nl
    set_language("en")
    assert "Bron: Testbron, 2022" in Chart.render_print(chart, "student", lang="nl")
    # templates that call t() themselves, and print contexts that translate
    prompts = load_content(FIXTURES / "prompts" / "good.yaml")
    html = PromptCards.render_print(prompts, "student", lang="nl")
    assert "Denken, bespreken, delen" in html and "Denken (30 seconden)" in html
    html = PromptCards.render_print(prompts, "student", lang="en")
    assert "Think, pair, share" in html and "Think (30 seconds)" in html
    assert "Our agreements" in Agreements.render_print(None, "student", lang="en")
    assert "Onze afspraken" in Agreements.render_print(None, "student", lang="nl")
    assert "Niemand hoeft" in Agreements.render_print(None, "student", lang="nl")
    assert "Tijd: 2 minuten" in Timer.render_print(None, "student", minutes=2, lang="nl")
    sc = load_content(FIXTURES / "scenario" / "good.yaml")
    assert "Start here" in Scenario.render_print(sc, "student", lang="en")
    st = load_content(FIXTURES / "statements" / "good.yaml")
    assert "Do not tick anything here" in Statements.render_print(st, "student", lang="en")
    assert "Agree" in Statements.render_print(st, "cards", copies="student", lang="en")
    with pytest.raises(ValueError, match="unknown language"):
        Chart.render_print(chart, "student", lang="fr")


def test_page_shell_of_a_lesson_speaks_its_language(tmp_path: Path) -> None:
    """The print page around the widgets (name line, edition banner, teacher label, running
    header and page numbers) follows the lesson's language: an English lesson gets no Dutch."""
    import re
    import shutil

    import nbformat

    from kijkverder.printing import lesson_html
    from tests.conftest import lesson_notebooks

    src = next(nb for nb in lesson_notebooks() if nb.parent.name.startswith("04-"))
    lessons = tmp_path / "lessons"
    shutil.copytree(src.parent, lessons / src.parent.name)
    shutil.copy(src.parent.parent / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(src.parent.parent / "feiten.yaml", lessons / "feiten.yaml")
    nb_path = lessons / src.parent.name / src.name
    nb = nbformat.read(nb_path, as_version=4)
    cell = nbformat.v4.new_code_cell('import widgets\nwidgets.set_language("en")')
    cell.metadata["jupyter"] = {"source_hidden": True}
    nb.cells.insert(1, cell)
    nbformat.write(nb, nb_path)

    def shell(html: str) -> str:  # the page itself, without the widgets' print forms
        html = re.sub(r"<section class=\"kv-print.*?</section>", " ", html, flags=re.S)
        return re.sub(r"<[^>]+>", " ", html)

    student = lesson_html(nb_path, "student")
    teacher = lesson_html(nb_path, "teacher")
    cards = lesson_html(nb_path, "cards")
    assert '<html lang="en">' in student
    assert "This worksheet is yours" in shell(student) and "Class:" in shell(student) and "Date:" in shell(student)
    assert "Klas:" not in shell(student) and "van jou" not in shell(student)
    assert "Teacher edition" in shell(teacher) and "Docentenversie" not in shell(teacher)
    assert "Teacher only" in shell(teacher) and "Alleen voor de docent" not in shell(teacher)
    assert "Cut along the dotted lines" in shell(cards) and "Knip langs" not in shell(cards)
    assert '"Page " counter(page) " of " counter(pages)' in student
    assert re.search(r"class=\"running-title\">Lesson 04 ·", student)  # the lesson text stays Dutch
    dutch = lesson_html(src, "student")
    assert "Klas:" in dutch and '"Pagina " counter(page) " van " counter(pages)' in dutch


def test_book_cover_speaks_its_language(tmp_path: Path) -> None:
    from handouts.book import Part, cover_html

    parts = [Part("01-a", "01", "Eerste", tmp_path / "a.pdf", 1),
             Part("02-b", "02", "Tweede", tmp_path / "b.pdf", 7)]
    import html

    nl, en = html.unescape(cover_html(parts)), html.unescape(cover_html(parts, lang="en"))
    # the contents list the page each lesson starts on (after the cover): 2, then 3
    assert "Inhoud" in nl and "bladzijde 2<" in nl and "bladzijde 3<" in nl and "Les 02 · Tweede" in nl
    assert '<html lang="en">' in en and "Contents" in en and "p. 3<" in en and "Lesson 01" in en
    assert "Inhoud" not in en and "bladzijde" not in en
