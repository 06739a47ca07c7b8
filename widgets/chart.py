"""Chart: a bar chart of figures, always with source and year (matplotlib, grayscale-safe)."""
from __future__ import annotations

import io
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t
from .schema import ChartContent


def _figure(content: ChartContent, width: float = 7.0) -> Any:
    from matplotlib.figure import Figure

    labels = [b.label for b in content.bars]
    values = [b.value for b in content.bars]
    height = 0.9 + 0.75 * len(labels)
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_subplot()
    hatches = ["", "//", "..", "xx", "\\\\", "--"]
    bars = ax.barh(range(len(labels)), values, color="#333333", edgecolor="black")
    for i, bar in enumerate(bars):
        bar.set_hatch(hatches[i % len(hatches)])
        if i % 2:
            bar.set_facecolor("#9a9a9a")
    ax.set_yticks(range(len(labels)), labels=labels, fontsize=11)
    ax.invert_yaxis()
    ax.set_xlabel(content.unit, fontsize=11)
    top = max(values) if values else 1
    ax.set_xlim(0, top * 1.22)
    for bar, v in zip(bars, values):
        text = f"{v:,.0f}".replace(",", ".") if float(v).is_integer() else f"{v:g}".replace(".", ",")
        ax.text(bar.get_width() + top * 0.015, bar.get_y() + bar.get_height() / 2, text,
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
        buf = io.BytesIO()
        _figure(c).savefig(buf, format="png")
        self.image = W.Image(value=buf.getvalue(), format="png", layout=W.Layout(max_width="100%"))
        self.caption = W.HTML(f"<p class='kv-source'>{esc(self.source_line(c))}</p>" +
                              (f"<p>{esc(c.note)}</p>" if c.note else ""))
        return [self.header, self.image, self.caption]

    @staticmethod
    def source_line(c: ChartContent) -> str:
        return t("source_line", source=c.source, year=c.year)

    @classmethod
    def svg(cls, content: ChartContent) -> str:
        import matplotlib

        buf = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
            _figure(content, width=6.3).savefig(buf, format="svg")
        svg = buf.getvalue()
        return svg[svg.index("<svg"):]

    @classmethod
    def print_context(cls, content: ChartContent, edition: str, **kwargs: Any) -> dict[str, Any]:
        return {"title": content.title, "intro": content.intro, "note": content.note,
                "svg": cls.svg(content), "source": cls.source_line(content)}

    @classmethod
    def render_print(cls, content: Any, edition: str, **kwargs: Any) -> str:
        return "" if edition == "cards" else super().render_print(content, edition, **kwargs)
