"""Bar charts as inline SVG, the same on screen (JupyterLab, Voilà, JupyterLite) and in print.

No plotting library: Pyodide has no matplotlib, and a bar chart is a few rectangles. The output
is deterministic (same input, same text: no dates, ids derived from the content), accessible
(``role="img"``, an ``aria-label``, a ``<title>`` and the figures in ``<desc>``), and reads the same
in colour, in grey and on a photocopy: every bar is outlined, neighbours differ in grey AND in
pattern, and each bar carries its value as text. Text is SVG ``<text>`` (it inherits the page's
font and stays selectable); all user text is escaped.
"""
from __future__ import annotations

import hashlib
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

#: Fill and pattern per bar when the caller gives none: dark and mid grey, changing patterns.
DEFAULT_STYLES: tuple[tuple[str, str], ...] = (
    ("#333333", ""), ("#9a9a9a", "//"), ("#333333", ".."), ("#9a9a9a", "xx"),
    ("#333333", "\\\\"), ("#9a9a9a", "--"))

#: Pattern tiles (8 x 8 user units): pattern name -> SVG drawn over the fill.
_PATTERNS = {
    "//": "<path d='M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4' stroke='{ink}' stroke-width='1.5'/>",
    "\\\\": "<path d='M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4' stroke='{ink}' stroke-width='1.5'/>",
    "xx": ("<path d='M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4' "
           "stroke='{ink}' stroke-width='1.2'/>"),
    "..": "<circle cx='2' cy='2' r='1.3' fill='{ink}'/><circle cx='6' cy='6' r='1.3' fill='{ink}'/>",
    "--": "<path d='M0,4 h8' stroke='{ink}' stroke-width='1.5'/>",
}

WIDTH = 640
FONT = 14
LINE = 18
LABEL_WIDTH = 250
LABEL_CHARS = 28
BAR_HEIGHT = 26
ROW_GAP = 14
VALUE_ROOM = 80


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: The value as shown (e.g. ``"3.000"`` in Dutch).
    text: str
    fill: str = ""
    pattern: str = ""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _n(x: float) -> str:
    """A coordinate with at most one decimal, always written the same way."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _ink(fill: str) -> str:
    """Pattern colour that stands out on ``fill``: white on dark greys, black on light ones."""
    rgb = [int(fill[i:i + 2], 16) for i in (1, 3, 5)] if len(fill) == 7 else [255, 255, 255]
    return "#ffffff" if sum(rgb) / 3 < 128 else "#000000"


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    return textwrap.wrap(label, width=width, break_long_words=False) or [label]


def bar_chart_svg(bars: Sequence[Bar], *, title: str, heading: str = "", unit: str = "",
                  summary: str = "", long_title: bool = False) -> str:
    """A horizontal bar chart as an inline ``<svg>`` element.

    ``title`` names the chart for assistive technology (``aria-label`` and ``<title>``);
    ``heading`` is drawn above the bars, ``unit`` under them; ``summary`` (default: every label
    with its value) goes into ``<desc>``. ``long_title`` puts the summary into ``<title>`` as well:
    a tagged PDF's figure gets its alternative text from ``<title>`` only (WeasyPrint), and a
    reader of the printed chart needs the figures, not just its name.
    """
    styled = [b if b.fill else Bar(b.label, b.value, b.text, *DEFAULT_STYLES[i % len(DEFAULT_STYLES)])
              for i, b in enumerate(bars)]
    ident = "kv" + hashlib.sha1(repr((title, heading, unit, styled)).encode("utf-8")).hexdigest()[:10]
    top = max([b.value for b in styled] + [0]) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_ROOM
    y = 8.0
    body: list[str] = []
    if heading:
        y += FONT + 4
        body.append(f"<text x='{_n(LABEL_WIDTH)}' y='{_n(y)}' font-size='{FONT + 1}' "
                    f"font-weight='bold'>{_esc(heading)}</text>")
        y += 10
    axis_top = y
    patterns: dict[tuple[str, str], str] = {}
    for b in styled:
        lines = wrap(b.label)
        row = max(BAR_HEIGHT, LINE * len(lines)) + ROW_GAP
        middle = y + row / 2
        # the label, right-aligned against the axis, one <tspan> per wrapped line
        first = middle - (len(lines) - 1) * LINE / 2 + FONT * 0.35
        if len(lines) == 1:
            label = _esc(lines[0])
        else:
            label = "".join(f"<tspan x='{_n(LABEL_WIDTH - 10)}' y='{_n(first + i * LINE)}'>"
                            f"{_esc(line)}</tspan>" for i, line in enumerate(lines))
        body.append(f"<text x='{_n(LABEL_WIDTH - 10)}' y='{_n(first)}' font-size='{FONT}' "
                    f"text-anchor='end'>{label}</text>")
        length = span * max(b.value, 0) / top
        bar_y = middle - BAR_HEIGHT / 2
        fill = b.fill
        if b.pattern in _PATTERNS:
            key = (b.fill, b.pattern)
            if key not in patterns:
                patterns[key] = f"{ident}-p{len(patterns)}"
            fill = f"url(#{patterns[key]})"
        body.append(f"<rect x='{_n(LABEL_WIDTH)}' y='{_n(bar_y)}' width='{_n(length)}' "
                    f"height='{BAR_HEIGHT}' fill='{fill}' stroke='#000000' stroke-width='1.5'/>")
        body.append(f"<text x='{_n(LABEL_WIDTH + length + 8)}' y='{_n(middle + FONT * 0.35)}' "
                    f"font-size='{FONT}' font-weight='bold'>{_esc(b.text)}</text>")
        y += row
    body.append(f"<path d='M{_n(LABEL_WIDTH)},{_n(axis_top)} V{_n(y)} H{_n(LABEL_WIDTH + span)}' "
                f"fill='none' stroke='#000000' stroke-width='1.5'/>")
    if unit:
        y += FONT + 8
        body.append(f"<text x='{_n(LABEL_WIDTH + span / 2)}' y='{_n(y)}' font-size='{FONT}' "
                    f"text-anchor='middle'>{_esc(unit)}</text>")
    height = y + 10
    defs = "".join(
        f"<pattern id='{pid}' patternUnits='userSpaceOnUse' width='8' height='8'>"
        f"<rect width='8' height='8' fill='{fill}'/>{_PATTERNS[pattern].format(ink=_ink(fill))}"
        f"</pattern>" for (fill, pattern), pid in patterns.items())
    desc = summary or "; ".join(f"{b.label}: {b.text}{' ' + unit if unit else ''}" for b in styled)
    return (f'<svg role="img" aria-label="{_esc(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'class="kv-chart-svg" viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" '
            f'height="{_n(height)}" style="max-width:100%">'
            f"<title>{_esc(f'{title}. {desc}' if long_title else title)}</title>"
            f"<desc>{_esc(desc)}</desc>"
            + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>")


@dataclass(frozen=True)
class Group:
    """A labelled group of bars (e.g. one scale point with a "begin" and an "einde" bar)."""

    label: str
    bars: tuple[Bar, ...]


GROUP_BAR_HEIGHT = 22
GROUP_BAR_GAP = 4
GROUP_GAP = 12


def _pattern_defs(patterns: dict[tuple[str, str], str]) -> str:
    return "".join(
        f"<pattern id='{pid}' patternUnits='userSpaceOnUse' width='8' height='8'>"
        f"<rect width='8' height='8' fill='{fill}'/>{_PATTERNS[pattern].format(ink=_ink(fill))}"
        f"</pattern>" for (fill, pattern), pid in patterns.items())


def grouped_bar_chart_svg(groups: Sequence[Group], *, title: str, heading: str = "",
                          summary: str = "", long_title: bool = False) -> str:
    """A horizontal bar chart with groups of bars as an inline ``<svg>`` element.

    Each group's label is drawn in bold above its bars; each bar carries its own short label
    (e.g. "Begin", "Einde") on the left and its value as text on the right. Bars must bring their
    own fill and pattern (:class:`Bar`), so the series differ in grey AND pattern in every group.
    ``title``, ``summary`` (default: every group with its bars' labels and values) and
    ``long_title`` as in :func:`bar_chart_svg`.
    """
    ident = "kv" + hashlib.sha1(repr(("grouped", title, heading, tuple(groups))).encode("utf-8")
                                ).hexdigest()[:10]
    values = [b.value for g in groups for b in g.bars]
    top = max(values + [0]) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_ROOM
    y = 8.0
    body: list[str] = []
    if heading:
        for line in wrap(heading, 60):
            y += FONT + 4
            body.append(f"<text x='8' y='{_n(y)}' font-size='{FONT + 1}' "
                        f"font-weight='bold'>{_esc(line)}</text>")
        y += 8
    axis_top = y
    patterns: dict[tuple[str, str], str] = {}
    for g in groups:
        y += FONT + 2
        body.append(f"<text x='{_n(LABEL_WIDTH - 10)}' y='{_n(y)}' font-size='{FONT}' "
                    f"font-weight='bold' text-anchor='end'>{_esc(g.label)}</text>")
        y += 4
        for b in g.bars:
            middle = y + GROUP_BAR_HEIGHT / 2
            body.append(f"<text x='{_n(LABEL_WIDTH - 10)}' y='{_n(middle + FONT * 0.35)}' "
                        f"font-size='{FONT}' text-anchor='end'>{_esc(b.label)}</text>")
            length = span * max(b.value, 0) / top
            fill = b.fill or "#333333"
            if b.pattern in _PATTERNS:
                key = (fill, b.pattern)
                if key not in patterns:
                    patterns[key] = f"{ident}-p{len(patterns)}"
                fill = f"url(#{patterns[key]})"
            body.append(f"<rect x='{_n(LABEL_WIDTH)}' y='{_n(y)}' width='{_n(length)}' "
                        f"height='{GROUP_BAR_HEIGHT}' fill='{fill}' stroke='#000000' "
                        f"stroke-width='1.5'/>")
            body.append(f"<text x='{_n(LABEL_WIDTH + length + 8)}' y='{_n(middle + FONT * 0.35)}' "
                        f"font-size='{FONT}' font-weight='bold'>{_esc(b.text)}</text>")
            y += GROUP_BAR_HEIGHT + GROUP_BAR_GAP
        y += GROUP_GAP
    body.append(f"<path d='M{_n(LABEL_WIDTH)},{_n(axis_top)} V{_n(y)} H{_n(LABEL_WIDTH + span)}' "
                f"fill='none' stroke='#000000' stroke-width='1.5'/>")
    height = y + 10
    defs = _pattern_defs(patterns)
    desc = summary or "; ".join(
        f"{g.label}: " + ", ".join(f"{b.label} {b.text}" for b in g.bars) for g in groups)
    return (f'<svg role="img" aria-label="{_esc(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'class="kv-chart-svg" viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" '
            f'height="{_n(height)}" style="max-width:100%">'
            f"<title>{_esc(f'{title}. {desc}' if long_title else title)}</title>"
            f"<desc>{_esc(desc)}</desc>"
            + (f"<defs>{defs}</defs>" if defs else "") + "".join(body) + "</svg>")


__all__ = ["Bar", "Group", "bar_chart_svg", "grouped_bar_chart_svg", "wrap"]
