"""Screen accessibility audit: axe-core (bundled with axe-playwright-python, nothing fetched) on
lessons 01 and 03, in JupyterLab and in the projector view, after the widgets render and again
after operating them. No serious or critical violation may come from the project's own markup
(widgets, rendered lesson text, the projector template)."""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_lessons import operate_all
from tests.browser.widgets_driver import run_all_cells
from tests.conftest import LESSONS

pytestmark = pytest.mark.browser

AUDITED = [LESSONS / "01-wat-is-uitbuiting" / "01-wat-is-uitbuiting.ipynb",
           LESSONS / "03-online-sexting-chantage-webcam"
           / "03-online-sexting-chantage-webcam.ipynb"]
IMPACTS = {"serious", "critical"}

#: What axe looks at in JupyterLab: the notebook (the lesson's text and widgets). JupyterLab's own
#: chrome (menus, side bars, status bar) is not the project's markup and is left out.
LAB_CONTEXT = {"include": [[".jp-NotebookPanel-notebook"]],
               # JupyterLab's cell chrome inside the notebook, each with the reason:
               "exclude": [
                   # the execution-count prompts ("[3]:") and the collapser bars are JupyterLab's
                   [".jp-InputPrompt"], [".jp-OutputPrompt"], [".jp-Collapser"],
                   # the hidden-code placeholder ("…") is JupyterLab's own button
                   [".jp-InputPlaceholder"],
                   # the cell toolbar (move, duplicate, delete) belongs to JupyterLab
                   [".jp-cell-toolbar"],
               ]}


#: Violations of JupyterLab's own elements that contain the lesson (so they cannot be left out
#: by ``exclude`` without leaving out the lesson too): (rule, class of the element, reason).
LAB_CHROME = [
    ("aria-required-children", "jp-WindowedPanel-viewport",
     "JupyterLab 4 marks its notebook viewport role=feed, whose children (the cells) are not "
     "role=article; JupyterLab's markup, not the lesson's"),
]


def serious(page, context: object = None, known: list[tuple[str, str, str]] = ()) -> list[str]:
    """Serious and critical violations on ``page`` (within ``context``), one line per node,
    less the ``known`` ones of the host application's own elements."""
    results = Axe().run(page, context=context)
    return [f"{v['id']} ({v['impact']}): {v['help']}: {n['html'][:200]}"
            for v in results.response["violations"] if v["impact"] in IMPACTS
            for n in v["nodes"]
            if not any(v["id"] == rule and cls in n["html"].split(">")[0]
                       for rule, cls, _why in known)]


@pytest.mark.parametrize("nb", AUDITED, ids=lambda p: p.parent.name)
def test_axe_jupyterlab(page, jupyterlab: str, nb: Path) -> None:
    run_all_cells(page, jupyterlab, f"{nb.parent.name}/{nb.name}")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    found = serious(page, LAB_CONTEXT, LAB_CHROME)
    operate_all(page)
    found += serious(page, LAB_CONTEXT, LAB_CHROME)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("nb", AUDITED, ids=lambda p: p.parent.name)
def test_axe_projector_view(page, projector, nb: Path) -> None:
    page.goto(projector(nb.parent.name[:2]))
    page.wait_for_selector(".kv-helpcard", timeout=120_000)
    found = serious(page)  # the whole page is the project's (projector template)
    operate_all(page)
    found += serious(page)
    assert found == [], "\n".join(found)
