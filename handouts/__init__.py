"""Kijk Verder handouts: print forms of the lessons (worksheet, teacher edition, cut-out cards,
teacher book).

Each PDF is a print view of the lesson model (:mod:`kijkverder.lessons`): markdown cells are
rendered, and every widget call in a code cell (``Quiz.load("mythes.yaml")``) is replaced by that
widget's print form with content projected for the reader. Nothing is executed, nothing is loaded
from the network, and the student edition never receives answer data.
"""
