"""Kijk Verder handouts: print forms of the lessons (worksheet, teacher edition, cut-out cards,
teacher book).

Each PDF is a print view of the lesson model, handed in by the tool (:mod:`kijkverder.printing`
with the view, its target row and the markdown parser; :mod:`kijkverder.build` plans, caches and
gates): markdown cells are rendered, and every widget call in a code cell
(``Quiz.load("mythes.yaml")``) is replaced by that widget's print form with content projected for
the reader. Nothing is executed, nothing is loaded from the network, and the student edition
never receives answer data. This package never imports the tool.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def fonts_folder() -> Path:
    """The bundled fonts (``static/fonts``, ``*.woff``): the print side's declared asset, which
    the projector view (:mod:`kijkverder.present`) serves too."""
    return Path(str(resources.files("handouts").joinpath("static/fonts")))
