"""Operate every Kijk Verder widget kind on a page (JupyterLab or Voilà), as a user would."""
from __future__ import annotations

import re
from typing import Any

TIMEOUT = 20_000


def exercise(page: Any) -> list[str]:
    """Click through each widget kind present; assert its visible result; return kinds done."""
    done = []
    if page.locator(".kv-quiz").count():
        quiz = page.locator(".kv-quiz").first
        quiz.locator(".kv-question").first.locator("button").first.click()
        quiz.locator(".kv-feedback").first.wait_for(timeout=TIMEOUT)
        assert "goed" in quiz.locator(".kv-feedback").first.inner_text().lower()
        questions = quiz.locator(".kv-question")
        if questions.count() > 1 and questions.nth(1).locator("button").count():
            questions.nth(1).locator("button").first.focus()
            page.keyboard.press("Enter")
            questions.nth(1).locator(".kv-feedback").wait_for(timeout=TIMEOUT)
        score = quiz.locator(".kv-score").inner_text(timeout=TIMEOUT)
        # for a student "Jouw score", on the projector (a class) "Goed beantwoord"
        assert "Jouw score" in score or "Goed beantwoord" in score, score
        done.append("quiz")
    if page.locator(".kv-sorttask").count():
        sort = page.locator(".kv-sorttask").first
        groups = sort.locator(".widget-toggle-buttons")
        for i in range(groups.count()):
            if i == 0:  # keyboard: focus the first toggle and press Space
                groups.nth(i).locator("button").first.focus()
                page.keyboard.press("Space")
            else:
                groups.nth(i).locator("button").first.click()
        sort.locator("button", has_text="Controleer").click()
        assert "van" in sort.locator(".kv-score").inner_text(timeout=TIMEOUT)
        assert sort.locator(".kv-feedback").count() == groups.count()
        done.append("sort")
    if page.locator(".kv-statements").count():
        st = page.locator(".kv-statements").first
        st.locator("button", has_text="Eens").first.click()
        st.get_by_text("Jouw keuze: Eens").wait_for(timeout=TIMEOUT)
        st.locator("button", has_text="Volgende").focus()
        page.keyboard.press("Space")
        st.get_by_text("Stelling 2 van").wait_for(timeout=TIMEOUT)
        norm = st.locator("button", has_text="Wat zegt de wet")
        if norm.is_visible():  # a norm statement: vote first, then reveal what the law says
            st.scroll_into_view_if_needed()
            st.locator("button", has_text="Oneens").first.click()
            st.get_by_text("Jouw keuze: Oneens").wait_for(timeout=TIMEOUT)  # the vote counted
            norm.scroll_into_view_if_needed()
            norm.click()
            st.get_by_text("Zo zit het").wait_for(timeout=TIMEOUT)
            done.append("norm")
        done.append("statements")
    if page.locator(".kv-scenario").count():
        sc = page.locator(".kv-scenario").first
        sc.locator("button", has_text="A:").first.focus()
        page.keyboard.press("Enter")
        sc.get_by_text("Stap 2").wait_for(timeout=TIMEOUT)
        sc.locator("button", has_text="Terug").click()
        sc.get_by_text("Stap 1").wait_for(timeout=TIMEOUT)
        done.append("scenario")
    if page.locator(".kv-promptcards").count():
        pc = page.locator(".kv-promptcards").first
        pc.locator("button", has_text="Volgende").focus()
        page.keyboard.press("Enter")
        pc.get_by_text("Kaart 2 van").wait_for(timeout=TIMEOUT)
        done.append("prompts")
        think = pc.locator("button", has_text="Denken")
        if think.count():  # think-pair-share: a timer starts, operated with the keyboard
            think.first.focus()
            page.keyboard.press("Enter")
            timer = pc.locator(".kv-timer").first
            timer.wait_for(timeout=TIMEOUT)
            start = timer.locator(".kv-timer-display").inner_text()
            page.wait_for_function(  # the browser clock (a Play widget) really ticks
                "([s]) => document.querySelector('.kv-promptcards .kv-timer .kv-timer-display')"
                ".textContent.trim() != s", arg=[start], timeout=TIMEOUT)
            timer.locator("button", has_text="Pauze").focus()
            page.keyboard.press("Enter")
            shown = timer.locator(".kv-timer-display").inner_text()
            assert ":" in shown
            timer.locator("button", has_text="Opnieuw").focus()
            page.keyboard.press("Space")
            page.wait_for_function(
                "() => document.querySelector('.kv-timer .kv-timer-display').textContent.includes('01:00')",
                timeout=TIMEOUT)
            done.append("timer")
    if page.locator(".kv-chart").count():
        svg = page.locator(".kv-chart svg[role=img]").first  # inline SVG, no image file
        svg.wait_for(timeout=TIMEOUT)
        assert svg.locator("rect").count() >= 1
        assert "Bron:" in page.locator(".kv-chart").first.inner_text()
        done.append("chart")
    if page.locator(".kv-reflection").count():
        area = page.locator(".kv-reflection textarea").first
        area.click()
        page.keyboard.type("Iets wat ik leerde")
        page.locator(".kv-reflection").first.get_by_text("18 tekens").wait_for(timeout=TIMEOUT)
        done.append("reflection")
    if page.locator(".kv-selfcheck").count():
        checks = page.locator(".kv-selfcheck")
        first = checks.first
        first.scroll_into_view_if_needed()
        if first.locator("button").count():  # the student's view
            # text_content: JupyterLab may not render a cell outside the viewport (inner_text "")
            statement = " ".join(first.locator(".kv-selfcheck-text").first.text_content().split())
            # every answer button's accessible name is the statement plus the scale point
            first.get_by_role("button", name=f"{statement} Klopt een beetje").click()
            first.get_by_text("Jouw keuze: Klopt een beetje").wait_for(timeout=TIMEOUT)
            if checks.count() > 1:  # the end of the lesson: the same sentence, then the comparison
                last = checks.last
                last.scroll_into_view_if_needed()
                last.get_by_role("button", name=f"{statement} Klopt helemaal").focus()
                page.keyboard.press("Enter")
                last.get_by_text("Begin: Klopt een beetje → Einde: Klopt helemaal").wait_for(
                    timeout=TIMEOUT)
        elif first.locator(".kv-selfcheck-slip").count():  # the class view on the projector
            assert "Kruis aan" in first.locator(".kv-selfcheck-slip").text_content()
        else:  # the teacher's view: no answer buttons; a typed count shows in the chart
            counts = checks.last.locator("input[type=number]")
            if counts.count():
                counts.first.fill("4")
                counts.first.press("Tab")
                checks.last.locator("svg[role=img] text", has_text="4").first.wait_for(timeout=TIMEOUT)
        done.append("selfcheck")
    if page.locator(".kv-helpcard").count():
        hc = page.locator(".kv-helpcard").first
        before = hc.locator("li").count()
        buttons = hc.locator(".widget-toggle-buttons button")
        if buttons.count() > 2:
            buttons.nth(1).focus()
            page.keyboard.press("Space")
            page.wait_for_function("([n]) => document.querySelectorAll('.kv-helpcard li').length != n",
                                   arg=[before], timeout=TIMEOUT)
        done.append("helpcard")
    return done


def accept_dialog(page: Any, wait_ms: int = 1500) -> None:
    """Accept a JupyterLab dialog if one shows up (e.g. "Select Kernel" when a kernel session
    for the notebook is still being set up): it would block every click behind it."""
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog.first.wait_for(state="visible", timeout=wait_ms)
    except Exception:
        return
    dialog.first.click()


def run_all_cells(page: Any, base: str, nb_rel: str, ready: str = ".kv-helpcard") -> None:
    """Open a notebook in a fresh JupyterLab workspace and run all cells until widgets appear.

    JupyterLab can report an idle kernel before the kernel connection is ready; a Run All issued
    then is dropped. So: wait for idle, Run All, and if no cell has executed yet, Run All again.
    """
    import uuid

    page.goto(f"{base}/lab/workspaces/{uuid.uuid4().hex}/tree/{nb_rel}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    for attempt in range(4):
        accept_dialog(page)
        # "Uitvoeren" in kijkverder lab, which is in Dutch
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^(Run|Uitvoeren)$")).first.click()
        page.locator(".lm-Menu-itemLabel",
                     has_text=re.compile(r"^(Run All Cells|Alle cellen uitvoeren)$")).first.click()
        try:
            # every lesson ends with a help card: when it exists, the whole run went through
            page.wait_for_selector(ready, state="attached", timeout=45_000)
            break
        except Exception:
            if attempt == 3:
                raise
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=60_000)
