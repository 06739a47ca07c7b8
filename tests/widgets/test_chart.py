"""Chart: schema (source and year required), grayscale-safe bars, source line, SVG print form."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import widgets.chart as chart_mod
from widgets import Chart, set_language
from widgets.base import ErrorBox
from widgets.contentio import ContentError
from widgets.models.activities import ChartContent
from widgets.schema import parse_content

FIXTURES = Path(__file__).parent / "fixtures" / "chart"
GOOD = FIXTURES / "good.yaml"

BAD: dict[str, tuple[str, tuple[str, ...]]] = {
    "bad-no-source.yaml": ("source", ("required",)),
    "bad-empty-source.yaml": ("source", ("must not be empty",)),
    "bad-no-year.yaml": ("year", ("required",)),
    "bad-year-text.yaml": ("year", ("whole number",)),
    "bad-negative.yaml": ("bars[1].value", ("greater than or equal to 0",)),
    "bad-empty-label.yaml": ("bars[0].label", ("must not be empty",)),
}


def content(text: str | None = None) -> ChartContent:
    return parse_content(text if text is not None else GOOD.read_text("utf-8"))


def load() -> Chart:
    w = Chart.load(GOOD)
    assert isinstance(w, Chart), getattr(w, "problems", w)
    return w


# ----------------------------------------------------------------------------- schema
def test_every_bad_fixture_has_an_expectation() -> None:
    assert {p.name for p in FIXTURES.glob("bad-*.yaml")} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_charts_name_the_field(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ContentError) as err:
        parse_content(path.read_text("utf-8"), path=name)
    field, words = BAD[name]
    assert [p.field for p in err.value.problems] == [field]
    for word in words:
        assert word in err.value.problems[0].message
    box = Chart.load(path)
    assert isinstance(box, ErrorBox) and [p.field for p in box.problems] == [field]
    assert f"<code>{field}</code>" in box.message.value


# ----------------------------------------------------------------------------- on screen
def test_widget_shows_svg_title_source_and_note() -> None:
    w = load()
    assert "<h3>Meldingen per jaar</h3>" in w.header.value and "verzonnen, ronde getallen" in w.header.value
    assert w.figure.value == Chart.svg(content())  # the same drawing on screen as in print
    assert "Bron: Testbron, 2022" in w.caption.value
    assert "Niet alle gevallen worden gemeld." in w.caption.value
    # the source line comes right under the chart, before the note
    assert w.children.index(w.caption) == w.children.index(w.figure) + 1
    assert w.caption.value.index("Bron:") < w.caption.value.index("Niet alle gevallen")


def test_figures_as_text_for_screen_readers() -> None:
    text = load().caption.value
    assert "<details><summary>Cijfers als tekst</summary>" in text
    assert "<li>Seksuele uitbuiting: 3.000 meldingen</li>" in text
    assert "<li>Criminele uitbuiting: 12,5 meldingen</li>" in text


def _bars(svg: str) -> list[dict[str, str]]:
    """The bars of a chart: attributes of every outlined <rect> outside <defs>."""
    body = svg.split("</defs>")[-1]
    return [dict(re.findall(r"(\w[\w-]*)='([^']*)'", m)) for m in re.findall(r"<rect ([^>]*)/>", body)]


def _fill(svg: str, fill: str) -> tuple[str, str]:
    """(base grey, pattern tile) behind a bar's ``fill`` (a colour or ``url(#id)``)."""
    m = re.fullmatch(r"url\(#([\w-]+)\)", fill)
    if not m:
        return fill, ""
    tile = re.search(rf"<pattern id='{m.group(1)}'[^>]*>(.*?)</pattern>", svg).group(1)
    return re.search(r"<rect [^>]*fill='(#[0-9a-f]{6})'", tile).group(1), tile


def test_bars_are_dark_patterned_and_labelled() -> None:
    svg = Chart.svg(content())
    bars = _bars(svg)
    assert len(bars) == 3
    fills = [_fill(svg, b["fill"]) for b in bars]
    for (grey, _tile), bar in zip(fills, bars):
        assert sum(int(grey[i:i + 2], 16) for i in (1, 3, 5)) / 3 / 255 < 0.7  # dark or mid grey
        assert bar["stroke"] == "#000000"  # outlined
    assert len({tile for _grey, tile in fills}) == 3  # neighbours differ in pattern, not colour
    values = re.findall(r"font-weight='bold'>([^<]*)</text>", svg)
    assert values == ["3.000", "1.300", "12,5"]  # values on the bars
    assert ">Arbeidsuitbuiting buiten de</tspan>" in svg and ">seksindustrie</tspan>" in svg
    widths = [float(b["width"]) for b in bars]
    assert widths[0] > widths[1] > widths[2] > 0 and widths[0] / widths[1] == pytest.approx(3000 / 1300, rel=0.01)
    assert re.search(r"<text[^>]*>meldingen</text>", svg)


def test_number_format_follows_the_language() -> None:
    f = chart_mod.format_number
    assert (f(3000, "nl"), f(12.5, "nl"), f(1234.25, "nl"), f(0, "nl")) == ("3.000", "12,5", "1.234,25", "0")
    assert (f(3000, "en"), f(12.5, "en")) == ("3,000", "12.5")


def test_english_source_line() -> None:
    set_language("en")
    w = load()
    assert "Source: Testbron, 2022" in w.caption.value and "3,000 meldingen" in w.caption.value


def test_no_plotting_library_needed() -> None:
    """Pyodide has no matplotlib: drawing a chart must not import it."""
    import subprocess
    import sys

    code = ("import sys, widgets.chart as c, widgets.statements as s; from widgets.schema import "
            "parse_content; c.Chart.svg(parse_content(open(sys.argv[1]).read())); "
            "s.tally_svg(['a'], [1], 't'); assert 'matplotlib' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code, str(GOOD)], check=True)


# ----------------------------------------------------------------------------- print
def test_svg_keeps_text_and_is_deterministic() -> None:
    svg = Chart.svg(content())
    assert svg.startswith('<svg role="img" aria-label="Meldingen per jaar" ') and svg.rstrip().endswith("</svg>")
    assert "<title>Meldingen per jaar</title>" in svg
    assert "<desc>Seksuele uitbuiting: 3.000 meldingen; " in svg  # the figures as text
    for text in ("Seksuele uitbuiting", "3.000", "1.300", "12,5", "meldingen"):
        assert re.search(r"<text[^>]*>" + re.escape(text) + "<", svg), text
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg  # embeddable inline
    assert Chart.svg(content()) == svg  # no dates or random ids: same input, same output


def test_svg_escapes_user_text_and_does_no_math() -> None:
    c = content(GOOD.read_text("utf-8")
                .replace("label: Seksuele uitbuiting", "label: '<script>alert(1)</script> & $5 en $10'")
                .replace("title: Meldingen per jaar", "title: 'A \"B\" <i>'"))
    svg = Chart.svg(c)
    assert "<script>" not in svg and ">&lt;script&gt;alert(1)&lt;/script&gt; &amp;<" in svg
    assert ">$5 en $10<" in svg  # dollars stay dollars (no mathtext), on the wrapped second line
    assert 'aria-label="A &quot;B&quot; &lt;i&gt;"' in svg
    html = Chart.render_print(c, "student")
    assert "<script>" not in html and "<i>" not in html


def test_print_form_embeds_svg_with_source_below() -> None:
    c = content()
    student = Chart.render_print(c, "student")
    assert student.count("<svg") == 1
    assert '<p class="source">Bron: Testbron, 2022</p>' in student
    assert student.index("</svg>") < student.index("Bron: Testbron, 2022")
    assert "Niet alle gevallen worden gemeld." in student and "<h3>Meldingen per jaar</h3>" in student
    # the same chart for teacher and student: a chart holds no answers
    assert Chart.render_print(c, "teacher") == student
    assert Chart.render_print(c, "cards") == ""


def test_source_line_even_without_note_or_intro() -> None:
    c = content("kind: chart\ntitle: T\nunit: u\nbars:\n  - {label: a, value: 0}\n"
                "source: CBS\nyear: 2020\n")
    html = Chart.render_print(c, "student")
    assert '<p class="source">Bron: CBS, 2020</p>' in html and 'class="note"' not in html
    w = Chart(c)
    assert "Bron: CBS, 2020" in w.caption.value and "width='0'" in w.figure.value  # all-zero bars
