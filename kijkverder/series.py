"""The series of Kijk Verder: a lesson's reading level (``level:`` in les.yaml).

Kept apart from :mod:`kijkverder.lessons` (which imports the widgets package, and with it
ipywidgets and pydantic) so that ``kijkverder --help`` can offer ``--reeks`` without them.
"""
from __future__ import annotations

#: Reading levels of a lesson (``level:`` in les.yaml), i.e. the series it belongs to: the main
#: series at B1 and the easy-read series Kijk Verder Eenvoudig at A2. ``--reeks`` picks one.
LEVELS = ("b1", "eenvoudig")
DEFAULT_LEVEL = "b1"
#: The series' names for people (site headings, README).
SERIES_TITLES = {"b1": "Kijk Verder", "eenvoudig": "Kijk Verder Eenvoudig"}
