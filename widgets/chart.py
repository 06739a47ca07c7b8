"""Chart: a bar chart of figures, always with source and year (inline SVG, grayscale-safe).

Dark bars with a pattern on every other bar and the value printed on each bar, so the chart
reads the same in colour, in grey and on a photocopy. The line "Bron: …, jaar" is always shown
under the chart, on screen and in print. The SVG comes from :mod:`widgets.draw`, the same on
screen and on paper, and needs no plotting library (it runs in Pyodide too).
"""
from __future__ import annotations

from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .draw import Bar, bar_chart_svg
from .i18n import get_language, t
from .models.activities import ChartContent


def format_number(value: float, lang: str | None = None) -> str:
    """``3000`` -> ``"3.000"``, ``12.5`` -> ``"12,5"`` in Dutch (``"3,000"``, ``"12.5"`` in English)."""
    v = float(value)
    text = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    if (lang or get_language()) == "nl":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


class Chart(ContentWidget):
    """``Chart.load("cijfers.yaml")``: bars with unit, values on the bars, source and year below."""

    kind = "chart"
    print_template = "chart.html.j2"
    content: ChartContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        self.header = W.HTML(self.title_html())
        self.figure = W.HTML(self.svg(c, self.lang))
        self.figure.add_class("kv-chart-figure")
        # the figures as text too, for screen readers and for reading them aloud
        rows = "".join(f"<li>{esc(b.label)}: {esc(format_number(b.value, self.lang))} "
                       f"{esc(c.unit)}</li>" for b in c.bars)
        self.caption = W.HTML(f"<p class='kv-source'>{esc(self.source_line(c, self.lang))}</p>" +
                              (f"<p class='kv-note'>{esc(c.note)}</p>" if c.note else "") +
                              f"<details><summary>{esc(self.t('chart_as_text'))}</summary>"
                              f"<ul>{rows}</ul></details>")
        return [self.header, self.figure, self.caption]

    @staticmethod
    def source_line(c: ChartContent, lang: str | None = None) -> str:
        """``Bron: {source}, {year}`` in ``lang`` (default: the current language)."""
        return t("source_line", lang, source=c.source, year=c.year)

    @classmethod
    def svg(cls, content: ChartContent, lang: str | None = None, long_title: bool = False) -> str:
        """The chart as inline SVG (text kept as text), for the screen and the print form (where
        ``long_title`` makes the figures part of the PDF's alternative text)."""
        lang = lang or get_language()
        bars = [Bar(b.label, b.value, format_number(b.value, lang)) for b in content.bars]
        return bar_chart_svg(bars, title=content.title, unit=content.unit, long_title=long_title)

    @classmethod
    def print_context(cls, content: ChartContent, edition: str, lang: str | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        # the same chart in every edition: a chart holds no answers
        lang = lang or get_language()
        return {"title": content.title, "intro": content.intro, "note": content.note,
                "bars": [(b.label, format_number(b.value, lang)) for b in content.bars],
                "unit": content.unit,
                "svg": cls.svg(content, lang, long_title=True),
                "source": cls.source_line(content, lang)}
