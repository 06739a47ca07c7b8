"""Screen accessibility audit with axe-core (bundled with axe-playwright-python, nothing fetched).

``tests/browser/test_lessons.py`` runs it on every lesson, in JupyterLab and in the projector view,
after the widgets render and again after operating them: no serious or critical violation may come
from the project's own markup (widgets, rendered lesson text, the projector template).
"""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

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
