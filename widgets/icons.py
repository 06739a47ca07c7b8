"""Line icons for the easy-read series (Kijk Verder Eenvoudig): pictures where words fail.

One SVG file per icon in ``widgets/icons/``; the same drawing is put inline on screen (ipywidgets
HTML) and on paper (WeasyPrint), always with its text alternative (``role="img"``, ``aria-label``
and a ``<title>``; in a tagged PDF it becomes a Figure with /Alt). The traffic-light icons differ
in shape as well as colour (circle with a tick, triangle with "!", octagon with a cross), so
they still say what they mean printed in grey. No photos of people.

    icon_html("groen")            # '<svg role="img" aria-label="Groen: oké" …>'
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .base import esc

#: icon id -> its text alternative (Dutch; what the picture says).
ICONS: dict[str, str] = {
    "groen": "Groen: oké",
    "oranje": "Oranje: let op",
    "rood": "Rood: niet oké",
    "stop": "Stop",
    "zeg-nee": "Zeg nee",
    "vraag-hulp": "Vraag hulp",
    "school": "Hulp op school",
    "thuis": "Hulp thuis of op de groep",
    "bellen": "Bellen",
    "chatten": "Chatten",
    "alarm": "Alarmnummer",
}


@cache
def icon_svg(name: str) -> str:
    """The SVG file of icon ``name`` (a :data:`ICONS` key), as text."""
    if name not in ICONS:
        raise ValueError(f"no icon {name!r}; use one of {', '.join(ICONS)}")
    return resources.files("widgets").joinpath(f"icons/{name}.svg").read_text("utf-8").strip()


def icon_html(name: str, size: str = "2.2em", alt: str | None = None) -> str:
    """Icon ``name`` as an inline ``<svg>`` with its text alternative (``alt`` or the
    :data:`ICONS` text), ``size`` wide and high."""
    label = esc(alt or ICONS[name])
    svg = icon_svg(name)
    return re.sub(r"^<svg ", f"<svg role='img' aria-label='{label}' class='kv-pict kv-pict-{name}' "
                  f"width='{size}' height='{size}' focusable='false' ", svg, count=1).replace(
        ">", f"><title>{label}</title>", 1)


__all__ = ["ICONS", "icon_html", "icon_svg"]
