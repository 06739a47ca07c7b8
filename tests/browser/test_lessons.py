"""Every lesson, as students and the class see it: in JupyterLab (one shared server) and in the
projector view (Voilà), in Debian's chromium. New lessons are picked up automatically.

Each widget kind on the page is operated as a user would (mouse, and keyboard: focus + Enter or
Space) by :func:`tests.browser.widgets_driver.exercise`, which asserts the visible result; this
module checks that no widget kind on the page was left untouched, that nothing is loaded from
outside the machine and that the console stays free of errors. A failing test leaves a
screenshot in ``test-artifacts/``.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.browser.axe_audit import LAB_CHROME, LAB_CONTEXT, serious
from tests.browser.conftest import off_machine, real_console_errors
from tests.browser.widgets_driver import TIMEOUT, exercise, run_all_cells
from kijkverder.lessons import LessonSource
from tests.conftest import lesson_notebooks
from tests.leaks import normalize, teacher_secrets

pytestmark = pytest.mark.browser

LESSONS = lesson_notebooks()
IDS = [nb.parent.name for nb in LESSONS]
#: The class projector shows every lesson but those for teachers (present refuses them without
#: --teacher; tests/test_servers.py checks that).
PROJECTED = [nb for nb in LESSONS if LessonSource.open(nb).audience != "docenten"]

#: Widget kinds (CSS class ``kv-<class name lowercased>``) and the name ``exercise`` reports for
#: them. Lesson and Agreements have nothing to operate: their text is checked instead.
OPERATED = {"quiz": "quiz", "sorttask": "sort", "statements": "statements", "scenario": "scenario",
            "promptcards": "prompts", "chart": "chart", "reflection": "reflection",
            "helpcard": "helpcard", "timer": "timer", "selfcheck": "selfcheck"}
STATIC = {"lesson", "agreements", "lawsheet"}  # the law sheet: text for the teacher


def widget_kinds(page) -> set[str]:
    """The kinds of Kijk Verder widget on the page, from their ``kv-<kind>`` classes."""
    classes = page.evaluate("""() => Array.from(document.querySelectorAll('.kv-widget'))
        .flatMap(el => Array.from(el.classList))""")
    return {c[3:] for c in classes if c.startswith("kv-")} - {"widget", "projector"}


def operate_timer(page) -> None:
    """A Timer of its own (not inside prompt cards): start it with Enter, see it run, pause."""
    timer = page.locator(".kv-timer").first
    before = timer.locator(".kv-timer-display").inner_text()
    timer.locator("button", has_text="Start").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([b]) => document.querySelector('.kv-timer .kv-timer-display').textContent.trim() != b",
        arg=[before.strip()], timeout=TIMEOUT)
    timer.locator("button", has_text="Pauze").click()


def operate_all(page) -> list[str]:
    kinds = widget_kinds(page)
    unknown = kinds - set(OPERATED) - STATIC - {"error"}
    assert not unknown, f"widget kinds without a browser check: {unknown} (add them to exercise)"
    assert "error" not in kinds, page.locator(".kv-error").first.inner_text()
    done = exercise(page)
    if "timer" in kinds and "timer" not in done:
        operate_timer(page)
        done.append("timer")
    missing = {OPERATED[k] for k in kinds if k in OPERATED} - set(done)
    assert not missing, f"not operated: {missing}"
    assert "helpcard" in done  # every lesson ends with the help card
    if "agreements" in kinds:
        # text_content: JupyterLab skips rendering cells outside the viewport (inner_text "")
        agreements = page.locator(".kv-agreements").text_content()
        assert ("Niemand hoeft iets over zichzelf te vertellen" in agreements  # students
                or "Je hoeft niets over jezelf te vertellen" in agreements  # the easy series
                or "U hoeft niets over uw eigen gezin te vertellen" in agreements)  # parents (07)
    return done


def second_statement_is_norm(nb: Path) -> bool:
    """True when the lesson's first statements widget has a norm statement in second place
    (the one :func:`exercise` reaches)."""
    used = nb.read_text("utf-8")
    for f in sorted(nb.parent.glob("*.yaml")):
        data = yaml.safe_load(f.read_text("utf-8"))
        if f.name in used and data.get("kind") == "statements":
            items = data["statements"]
            return len(items) > 1 and items[1].get("type") == "norm"
    return False


# ------------------------------------------------------------------ projector view (Voilà)
@pytest.mark.parametrize("nb", PROJECTED, ids=[nb.parent.name for nb in PROJECTED])
def test_projector_view(page, projector, failed_requests, nb: Path) -> None:
    page.goto(projector(nb.parent.name[:2]))
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    assert page.locator(".kv-widget:not(.kv-projector)").count() == 0  # projector style everywhere
    found = serious(page)  # axe-core: the whole page is the project's (projector template)
    done = operate_all(page)
    found += serious(page)
    assert found == [], "\n".join(found)
    if second_statement_is_norm(nb):  # the driver votes and reveals what the law says
        assert "norm" in done
    text = normalize(page.locator("body").inner_text())
    assert "from widgets import" not in text and ".load(" not in text
    # whole sentences: a teacher sentence may start like a quiz explanation shown after a click
    assert [s for s in teacher_secrets(nb) if normalize(s) in text] == []
    assert off_machine(page.requests) == set()
    assert failed_requests == []
    assert real_console_errors(page) == []


# ------------------------------------------------------------------ JupyterLab
#: Widget arguments that switch a widget's behaviour (not just its content).
MODES = ("moment", "audience")


def lesson_traits(nb: Path) -> set[str]:
    """What a lesson brings to JupyterLab that another lesson may not: the widgets its cells
    call, with the arguments that change how they behave (``SelfCheck`` before and after, the
    audience of ``Agreements``; a ``HelpCard``'s topics are content, the same code), its series and
    its audience."""
    from kijkverder.lessons import LessonSource

    source = LessonSource.open(nb)
    traits = {f"level:{source.level}", f"audience:{source.audience}"}
    for use in source.uses:
        traits.add(use.name)
        for key, value in use.call.kwargs.items():  # a mode is a trait; a topic list is content
            traits.add(f"{use.name}:{key}={value}" if key in MODES else f"{use.name}:{key}")
    return traits


def covering_lessons(lessons: list[Path]) -> list[Path]:
    """The fewest lessons (greedy) that together have every trait of every lesson: every widget
    class, series and audience runs in JupyterLab at least once, without running all lessons
    there (the projector test, the site test and the regression notebooks run every lesson)."""
    traits = {nb: lesson_traits(nb) for nb in lessons}
    left, chosen = set().union(*traits.values()), []
    while left:
        best = max(lessons, key=lambda nb: (len(traits[nb] & left), -lessons.index(nb)))
        chosen.append(best)
        left -= traits[best]
    return sorted(chosen)


LAB_LESSONS = covering_lessons(LESSONS)


@pytest.mark.parametrize("nb", LAB_LESSONS, ids=[nb.parent.name for nb in LAB_LESSONS])
def test_jupyterlab_lesson(page, jupyterlab: str, nb: Path) -> None:
    run_all_cells(page, jupyterlab, f"{nb.parent.name}/{nb.name}")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    found = serious(page, LAB_CONTEXT, LAB_CHROME)  # axe-core on the notebook, before and after
    operate_all(page)
    found += serious(page, LAB_CONTEXT, LAB_CHROME)
    assert found == [], "\n".join(found)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert page.locator(".jp-CodeCell .jp-InputArea:visible").count() == 0  # code stays hidden
    assert off_machine(page.requests) == set()
    assert real_console_errors(page) == []


def test_jupyterlab_widget_gallery(page, jupyterlab: str) -> None:
    """The widget gallery (every widget kind, the self-check at both moments) in JupyterLab:
    operated like a lesson, axe-core before and after."""
    run_all_cells(page, jupyterlab, "widgets-gallery.ipynb")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    # the gallery shows authors its code: JupyterLab's own code editors are not the project's
    context = {**LAB_CONTEXT, "exclude": [*LAB_CONTEXT["exclude"], [".jp-InputArea-editor"]]}
    found = serious(page, context, LAB_CHROME)
    done = operate_all(page)
    found += serious(page, context, LAB_CHROME)
    assert found == [], "\n".join(found)
    assert "selfcheck" in done
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert off_machine(page.requests) == set()
    assert real_console_errors(page) == []


def test_selfcheck_teacher_view_in_jupyterlab(page, jupyterlab: str, lessons_copy: Path) -> None:
    """The self-check as the teacher sees it (``role: teacher`` in the folder's settings file):
    no answer buttons; typed counts from the slips (named fields) show in the chart."""
    import shutil

    import nbformat

    from widgets.settings import write_settings

    folder = lessons_copy / "zelfcheck-docent"  # not a lesson folder: its own settings file
    folder.mkdir()
    try:
        write_settings(folder, role="teacher")
        shutil.copy(lessons_copy / "widgets-gallery-zelfcheck.yaml", folder / "zelfcheck.yaml")
        statement = yaml.safe_load((folder / "zelfcheck.yaml").read_text("utf-8"))["statements"][0]["text"]
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(f'from widgets import SelfCheck\n'
                                              f'SelfCheck.load("zelfcheck.yaml", moment="{m}")')
                    for m in ("voor", "na")]
        for cell in nb.cells:
            cell.metadata["jupyter"] = {"source_hidden": True}
        nbformat.write(nb, folder / "docent.ipynb")
        run_all_cells(page, jupyterlab, "zelfcheck-docent/docent.ipynb",
                      ready=".kv-selfcheck .kv-chart-figure svg")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        found = serious(page, LAB_CONTEXT, LAB_CHROME)
        start, end = page.locator(".kv-selfcheck").first, page.locator(".kv-selfcheck").last
        assert start.locator("button").count() == 0 and end.locator("button").count() == 0
        start.get_by_text("Deel de strookjes uit").wait_for(timeout=TIMEOUT)
        # each field's accessible name: sentence, scale point and moment
        box = end.get_by_role("spinbutton", name=f"1. {statement} Klopt niet: Begin")
        box.fill("6")
        box.press("Tab")
        end.locator("svg[role=img] desc", has_text="Klopt niet: Begin 6, Einde 0").first.wait_for(
            state="attached", timeout=TIMEOUT)
        end.get_by_text("Strookjes geteld: begin 6, einde 0").wait_for(timeout=TIMEOUT)
        end.get_by_text("Een verschil van één of twee strookjes zegt niets").wait_for(timeout=TIMEOUT)
        found += serious(page, LAB_CONTEXT, LAB_CHROME)
        assert found == [], "\n".join(found)
        assert real_console_errors(page) == []
    finally:
        shutil.rmtree(folder)


def _idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def _answer_first_question(page) -> None:
    """Leave a mark a re-run must wipe: feedback under the first quiz question."""
    quiz = page.locator(".kv-quiz").first
    quiz.locator(".kv-question").first.locator("button").first.click()
    quiz.locator(".kv-feedback").first.wait_for(timeout=TIMEOUT)


def _wait_for_fresh_run(page) -> None:
    """The quiz was re-created (no feedback any more) and the whole lesson ran again."""
    page.wait_for_function("() => document.querySelectorAll('.kv-quiz .kv-feedback').length == 0",
                           timeout=60_000)
    page.wait_for_selector(".kv-helpcard", timeout=60_000)
    _idle(page)


def test_rerun_and_restart_do_not_duplicate_widgets(page, jupyterlab: str) -> None:
    nb = next(n for n in LESSONS if "Quiz.load" in n.read_text("utf-8"))
    run_all_cells(page, jupyterlab, f"{nb.parent.name}/{nb.name}")
    _idle(page)
    quizzes, widgets = page.locator(".kv-quiz").count(), page.locator(".kv-widget").count()
    assert quizzes >= 1

    _answer_first_question(page)
    _menu(page, "Run", "Run All Cells")  # run all a second time
    _wait_for_fresh_run(page)
    assert (page.locator(".kv-quiz").count(), page.locator(".kv-widget").count()) == (quizzes, widgets)

    _answer_first_question(page)
    _menu(page, "Kernel", "Restart Kernel and Run All Cells")
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    dialog.first.wait_for(timeout=TIMEOUT)
    dialog.first.click()
    _wait_for_fresh_run(page)
    assert (page.locator(".kv-quiz").count(), page.locator(".kv-widget").count()) == (quizzes, widgets)

    # run the quiz cell twice (select it by clicking its title, command mode, Ctrl+Enter twice):
    # one output, one quiz
    _answer_first_question(page)
    cell = page.locator(".jp-CodeCell", has=page.locator(".kv-quiz")).first
    cell.locator(".kv-quiz h3").first.click()
    page.keyboard.press("Escape")
    assert page.locator(".jp-CodeCell.jp-mod-active .kv-quiz").count() == 1
    page.keyboard.press("Control+Enter")
    _idle(page)
    page.keyboard.press("Control+Enter")
    _idle(page)
    _wait_for_fresh_run(page)
    cell = page.locator(".jp-CodeCell", has=page.locator(".kv-quiz")).first
    assert cell.locator(".jp-OutputArea-output").count() == 1
    assert (page.locator(".kv-quiz").count(), page.locator(".kv-widget").count()) == (quizzes, widgets)
    _answer_first_question(page)  # and the fresh quiz works
    assert real_console_errors(page) == []


def test_user_text_is_inert(page, jupyterlab: str) -> None:
    """A script payload typed into a reflection never runs and never becomes markup."""
    nb = next(n for n in LESSONS if "Reflection.load" in n.read_text("utf-8"))
    run_all_cells(page, jupyterlab, f"{nb.parent.name}/{nb.name}")
    area = page.locator(".kv-reflection textarea").first
    area.click()
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>**vet**'
    page.keyboard.type(payload)
    page.locator(".kv-reflection").first.get_by_text(f"{len(payload)} tekens").wait_for(timeout=TIMEOUT)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".kv-reflection img").count() == 0
    assert area.input_value() == payload
