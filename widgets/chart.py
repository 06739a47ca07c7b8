"""Chart: a bar chart of figures, always with source and year (matplotlib, grayscale-safe).

Dark bars with a pattern on every other bar and the value printed on each bar, so the chart
reads the same in colour, in grey and on a photocopy. The line "Bron: …, jaar" is always shown
under the chart, on screen and in print.
"""
from __future__ import annotations

import io
import textwrap
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import get_language, t
from .schema import ChartContent

#: Style for every chart: one known font, and user text never parsed as math ($…$).
_RC = {"font.family": "DejaVu Sans", "text.parse_math": False, "svg.fonttype": "none",
       "svg.hashsalt": "kijkverder"}
_HATCHES = ["", "//", "..", "xx", "\\\\", "--"]


def format_number(value: float, lang: str | None = None) -> str:
    """``3000`` -> ``"3.000"``, ``12.5`` -> ``"12,5"`` in Dutch (``"3,000"``, ``"12.5"`` in English)."""
    v = float(value)
    text = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    if (lang or get_language()) == "nl":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def _wrap(label: str, width: int = 28) -> str:
    return textwrap.fill(label, width=width, break_long_words=False) or label


def _figure(content: ChartContent, width: float = 7.0, dpi: int = 100) -> Any:
    """The chart as a :class:`matplotlib.figure.Figure` (object API: no pyplot state)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    labels = [_wrap(b.label) for b in content.bars]
    values = [b.value for b in content.bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 1.0 + 0.42 * lines + 0.3 * len(labels)
    fig = Figure(figsize=(width, height), dpi=dpi)
    ax = fig.add_subplot()
    bars = ax.barh(range(len(labels)), values, color="#333333", edgecolor="black", linewidth=1.2)
    for i, bar in enumerate(bars):
        bar.set_hatch(_HATCHES[i % len(_HATCHES)])
        if i % 2:
            bar.set_facecolor("#9a9a9a")
    ax.set_yticks(range(len(labels)), labels=labels, fontsize=11)
    ax.invert_yaxis()
    ax.set_xlabel(content.unit, fontsize=11)
    top = max(values) or 1.0
    ax.set_xlim(0, top * 1.22)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x)))
    for bar, v in zip(bars, values):
        ax.text(bar.get_width() + top * 0.015, bar.get_y() + bar.get_height() / 2, format_number(v),
                va="center", fontsize=11, fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


class Chart(ContentWidget):
    """``Chart.load("cijfers.yaml")``: bars with unit, values on the bars, source and year below."""

    kind = "chart"
    print_template = "chart.html.j2"
    content: ChartContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        self.header = W.HTML(self.title_html())
        self.image = W.Image(value=self.png(c), format="png", layout=W.Layout(max_width="100%"))
        # the figures as text too, for screen readers and for reading them aloud
        rows = "".join(f"<li>{esc(b.label)}: {esc(format_number(b.value))} {esc(c.unit)}</li>"
                       for b in c.bars)
        self.caption = W.HTML(f"<p class='kv-source'>{esc(self.source_line(c))}</p>" +
                              (f"<p class='kv-note'>{esc(c.note)}</p>" if c.note else "") +
                              f"<details><summary>{esc(t('chart_as_text'))}</summary>"
                              f"<ul>{rows}</ul></details>")
        return [self.header, self.image, self.caption]

    @staticmethod
    def source_line(c: ChartContent) -> str:
        """``Bron: {source}, {year}`` in the current language."""
        return t("source_line", source=c.source, year=c.year)

    @classmethod
    def png(cls, content: ChartContent) -> bytes:
        import matplotlib

        with matplotlib.rc_context(_RC):
            fig = _figure(content, dpi=150)  # sharp on a projector
            try:
                buf = io.BytesIO()
                fig.savefig(buf, format="png")
            finally:
                fig.clear()
        return buf.getvalue()

    @classmethod
    def svg(cls, content: ChartContent) -> str:
        """The chart as inline SVG text (text kept as text), for the print form."""
        import matplotlib

        with matplotlib.rc_context(_RC):
            fig = _figure(content, width=6.3)
            try:
                buf = io.StringIO()
                fig.savefig(buf, format="svg", metadata={"Date": None})
            finally:
                fig.clear()
        svg = buf.getvalue()
        svg = svg[svg.index("<svg"):]
        # a name for assistive technology; the title is escaped like all text
        return f'<svg role="img" aria-label="{esc(content.title)}" ' + svg.removeprefix("<svg ")

    @classmethod
    def print_context(cls, content: ChartContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        # the same chart in every edition: a chart holds no answers
        return {"title": content.title, "intro": content.intro, "note": content.note,
                "svg": cls.svg(content), "source": cls.source_line(content)}
