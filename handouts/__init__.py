"""Kijk Verder handouts: print forms of the lessons (worksheet, teacher edition, cut-out cards).

The notebooks are read statically: markdown cells are rendered, and every widget call in a code
cell (``Quiz.load("mythes.yaml")``) is replaced by that widget's print form. Nothing is executed,
nothing is loaded from the network, and the student edition never receives answer data.
"""
EDITION_NAMES = {"student": "werkblad", "teacher": "docentenversie", "cards": "knipkaarten"}
