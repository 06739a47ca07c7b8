"""Statements: schema, student choice, teacher tally with chart, print forms."""
from __future__ import annotations

from pathlib import Path

import ipywidgets as W
import pytest

import widgets.statements as st_mod
from widgets import Statements, set_language
from widgets.base import ErrorBox
from widgets.contentio import ContentError
from widgets.models.activities import StatementsContent
from widgets.schema import parse_content

from . import viewing

FIXTURES = Path(__file__).parent / "fixtures" / "statements"
GOOD = FIXTURES / "good.yaml"
HINTS = ("Vraag wie bepaalt of iets grappig is.", "Doorsturen zonder toestemming kan strafbaar zijn.")

#: bad fixture -> (field of the problem, words that must be in its message)
BAD: dict[str, tuple[str, tuple[str, ...]]] = {
    "bad-empty-text.yaml": ("statements[1].text", ("must not be empty",)),
    "bad-duplicate-id.yaml": ("statements[2].id", ("duplicate statement id 'grap'",)),
    "bad-no-statements.yaml": ("statements", ("needs more entries",)),
    "bad-answer-field.yaml": ("statements[0].answer", ("unknown field",)),
    "bad-norm-missing.yaml": ("statements[1].norm", ("norm statement needs 'norm'",)),
    "bad-norm-on-opinion.yaml": ("statements[0].norm", ("opinion statement has no 'norm'",)),
}
NORM = FIXTURES / "good-norm.yaml"
NORM_TEXT = "Een naaktfoto van iemand doorsturen zonder toestemming is strafbaar."


def widget_texts(w: W.Widget) -> str:
    """Every string a widget and its descendants send to the browser (values, labels, tooltips)."""
    out = []
    for name in ("value", "description", "tooltip", "placeholder"):
        v = getattr(w, name, None)
        if isinstance(v, str):
            out.append(v)
    for child in getattr(w, "children", ()):
        out.append(widget_texts(child))
    return "\n".join(out)


def load(teacher: bool | None = None, path: Path = GOOD) -> Statements:
    with viewing(None if teacher is None else "teacher" if teacher else "student"):
        w = Statements.load(path)
    assert isinstance(w, Statements), getattr(w, "problems", w)
    return w


# ----------------------------------------------------------------------------- schema
def test_every_bad_fixture_has_an_expectation() -> None:
    assert {p.name for p in FIXTURES.glob("bad-*.yaml")} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_statements_name_the_field(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ContentError) as err:
        parse_content(path.read_text("utf-8"), path=name)
    field, words = BAD[name]
    assert [p.field for p in err.value.problems] == [field]
    problem = err.value.problems[0]
    assert problem.path == name
    for word in words:
        assert word in problem.message
    box = Statements.load(path)
    assert isinstance(box, ErrorBox)
    assert [p.field for p in box.problems] == [field]
    assert f"<code>{field}</code>" in box.message.value and "Traceback" not in box.message.value


@pytest.mark.parametrize("name", ["good.yaml", "good-no-tally.yaml", "good-norm.yaml"])
def test_good_statements_parse(name: str) -> None:
    c = parse_content((FIXTURES / name).read_text("utf-8"))
    assert isinstance(c, StatementsContent) and c.statements


def test_wrong_kind_is_refused_with_an_error_box(tmp_path: Path) -> None:
    f = tmp_path / "quiz.yaml"
    f.write_text((FIXTURES / "good.yaml").read_text("utf-8").replace("kind: statements", "kind: prompts"))
    box = Statements.load(f)
    assert isinstance(box, ErrorBox) and box.problems[0].field == "kind"


# ----------------------------------------------------------------------------- student view
def test_student_chooses_one_at_a_time_with_a_check_mark() -> None:
    s = load(teacher=False)
    assert "Hier is geen goed of fout antwoord." in s.header.value
    assert "Wat vind jij?" in s.header.value and "Lees de stelling" in s.header.value
    assert "Stelling 1 van 3" in s.counter.value and "iemands lichaam" in s.text.value
    assert [b.description for b in s.buttons.values()] == ["Eens", "Oneens", "Weet niet"]
    assert s.prev_button.disabled and not s.next_button.disabled and s.chosen.value == ""

    s.buttons["oneens"].click()
    assert s.choice["grap"] == "oneens"
    assert [b.description for b in s.buttons.values()] == ["Eens", "✓ Oneens", "Weet niet"]
    assert "Jouw keuze: Oneens" in s.chosen.value
    s.buttons["weet-niet"].click()  # changing your mind moves the mark
    assert [b.description for b in s.buttons.values()] == ["Eens", "Oneens", "✓ Weet niet"]
    assert "Jouw keuze: Weet niet" in s.chosen.value

    s.next_button.click()
    assert "Stelling 2 van 3" in s.counter.value and "doorsturen" in s.text.value
    assert s.chosen.value == "" and not any(b.description.startswith("✓") for b in s.buttons.values())
    s.buttons["eens"].click()
    s.next_button.click()
    assert "Stelling 3 van 3" in s.counter.value and s.next_button.disabled
    s.next_button.click()  # stays on the last one
    assert s.index == 2
    s.prev_button.click()
    s.prev_button.click()
    assert s.index == 0 and s.prev_button.disabled
    assert "Jouw keuze: Weet niet" in s.chosen.value  # remembered per statement
    assert s.choice == {"grap": "weet-niet", "delen": "eens", "telefoon": None}
    assert s.tally == {sid: {"eens": 0, "oneens": 0, "weet-niet": 0} for sid in s.choice}


def test_student_state_holds_no_hints_and_no_chart_until_asked() -> None:
    s = load(teacher=False)
    for _ in range(3):
        texts = widget_texts(s) + s.hint.value
        assert not any(h in texts for h in HINTS)
        s.next_button.click()
    assert s.hint not in s.children and s.hint.value == ""
    # the tally is offered (Klas tellen) but closed, and no chart has been drawn
    assert s.tally_toggle in s.children and not s.tally_toggle.value
    assert s.tally_box.layout.display == "none" and s.chart.value == ""


def test_student_toggle_opens_the_tally_but_never_the_hints() -> None:
    s = load(teacher=False)
    s.tally_toggle.value = True
    assert s.tally_toggle.description == "✓ Klas tellen"
    assert s.tally_box.layout.display != "none" and s.chart.value.startswith("<svg")
    s.plus["eens"].click()
    assert s.tally["grap"]["eens"] == 1
    assert not any(h in widget_texts(s) for h in HINTS)
    s.tally_toggle.value = False
    assert s.tally_toggle.description == "Klas tellen" and s.tally_box.layout.display == "none"


def test_choices_are_not_stored_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load(teacher=True)
    s.buttons["eens"].click()
    s.plus["oneens"].click()
    s.next_button.click()
    assert list(tmp_path.iterdir()) == []
    assert "choice" not in s.keys and "tally" not in s.keys  # not synced widget traits


def test_user_text_is_escaped(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("kind: statements\ntitle: '<b>titel</b>'\nstatements:\n"
                 "  - id: a\n    text: '<script>alert(1)</script> & meer'\n"
                 "    hint: '<img src=x onerror=alert(2)>'\n", "utf-8")
    with viewing("teacher"):
        s = Statements.load(f)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in s.text.value
    assert "<script>" not in s.text.value and "<b>titel" not in s.header.value
    assert "&lt;img src=x" in s.hint.value and "<img" not in s.hint.value


def test_english_labels() -> None:
    set_language("en")
    s = load(teacher=True)
    assert [b.description for b in s.buttons.values()] == ["Agree", "Disagree", "Don't know"]
    assert "Statement 1 of 3" in s.counter.value and "no right or wrong" in s.header.value
    assert s.chart_data("grap")[0] == ["Agree", "Disagree", "Don't know"]


# ----------------------------------------------------------------------------- teacher tally
def test_teacher_sees_hints_per_statement() -> None:
    s = load(teacher=True)
    assert s.hint in s.children and HINTS[0] in s.hint.value and "Tip voor het gesprek" in s.hint.value
    s.next_button.click()
    assert HINTS[1] in s.hint.value and HINTS[0] not in s.hint.value
    s.next_button.click()  # the third statement has no hint
    assert s.hint.value == ""


def test_teacher_tally_counts_and_chart_data() -> None:
    s = load(teacher=True)
    assert s.tally_toggle.value and s.tally_toggle.description == "✓ Klas tellen"
    assert s.tally_box.layout.display != "none"
    assert s.chart_data("grap") == (["Eens", "Oneens", "Weet niet"], [0, 0, 0])
    for _ in range(3):
        s.plus["eens"].click()
    s.plus["weet-niet"].click()
    s.minus["oneens"].click()  # never below zero
    s.plus["oneens"].click()
    s.plus["oneens"].click()
    s.minus["oneens"].click()
    assert s.tally["grap"] == {"eens": 3, "oneens": 1, "weet-niet": 1}
    assert s.chart_data("grap") == (["Eens", "Oneens", "Weet niet"], [3, 1, 1])
    assert ">3<" in s.tally_value["eens"].value and ">1<" in s.tally_value["oneens"].value
    assert "Geteld: 5" in s.tally_total.value
    # each statement has its own tally
    s.next_button.click()
    assert s.chart_data("delen") == (["Eens", "Oneens", "Weet niet"], [0, 0, 0])
    assert ">0<" in s.tally_value["eens"].value and "Geteld: 0" in s.tally_total.value
    s.plus["oneens"].click()
    s.prev_button.click()
    assert s.tally == {"grap": {"eens": 3, "oneens": 1, "weet-niet": 1},
                       "delen": {"eens": 0, "oneens": 1, "weet-niet": 0},
                       "telefoon": {"eens": 0, "oneens": 0, "weet-niet": 0}}
    # the teacher's counting is not the student's choice
    assert s.choice == {"grap": None, "delen": None, "telefoon": None}


def test_chart_is_redrawn_from_chart_data_on_every_change(monkeypatch: pytest.MonkeyPatch) -> None:
    s = load(teacher=True)
    drawn: list[tuple[list[str], list[int], str]] = []
    real = st_mod.tally_svg

    def spy(labels: list[str], counts: list[int], title: str) -> str:
        drawn.append((list(labels), list(counts), title))
        return real(labels, counts, title)

    monkeypatch.setattr(st_mod, "tally_svg", spy)
    before = s.chart.value
    s.plus["eens"].click()
    after_one = s.chart.value
    s.plus["eens"].click()
    assert after_one.startswith("<svg") and len({before, after_one, s.chart.value}) == 3
    assert drawn[-1] == (*s.chart_data("grap"), "Zo denkt de klas")
    assert [d[1] for d in drawn] == [[1, 0, 0], [2, 0, 0]]
    s.next_button.click()
    assert drawn[-1][1] == [0, 0, 0]


def test_tally_bars_differ_in_grey_and_pattern_and_show_counts() -> None:
    import re

    svg = st_mod.tally_svg(["Eens", "Oneens", "Weet niet"], [4, 4, 0], "Zo denkt de klas")
    assert svg.startswith('<svg role="img" aria-label="Zo denkt de klas"')
    assert "<desc>Eens: 4; Oneens: 4; Weet niet: 0</desc>" in svg  # the counts as text
    body = svg.split("</defs>")[-1]
    bars = [dict(re.findall(r"([\w-]+)='([^']*)'", m)) for m in re.findall(r"<rect ([^>]*)/>", body)]
    assert len(bars) == 3 and all(b["stroke"] == "#000000" for b in bars)  # outlined, also white
    fills = [b["fill"] for b in bars]
    assert fills[0] == "#222222" and len(set(fills)) == 3
    tiles = [re.search(rf"<pattern id='{f[5:-1]}'.*?</pattern>", svg).group(0) for f in fills[1:]]
    assert "fill='#ffffff'" in tiles[0] and "<path" in tiles[0]  # white, hatched
    assert "fill='#a0a0a0'" in tiles[1] and "<circle" in tiles[1]  # grey, dotted
    assert re.findall(r"font-weight='bold'>([^<]*)</text>", body) == ["Zo denkt de klas", "4", "4", "0"]
    for label in ("Eens", "Oneens", "Weet niet"):
        assert f">{label}</text>" in body


def test_tally_chart_is_deterministic() -> None:
    args = (["Eens", "Oneens", "Weet niet"], [3, 1, 2], "Zo denkt de klas")
    assert st_mod.tally_svg(*args) == st_mod.tally_svg(*args)


def test_no_tally_when_the_content_switches_it_off() -> None:
    s = load(teacher=True, path=FIXTURES / "good-no-tally.yaml")
    assert s.tally_toggle not in s.children and s.tally_box not in s.children
    assert not s.tallying and s.chart.value == ""
    assert "Stelling 1 van 1" in s.counter.value and s.next_button.disabled


def test_teacher_defaults_to_the_projector_teacher_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIJKVERDER_VIEW", "teacher")
    assert load().teacher and HINTS[0] in load().hint.value
    monkeypatch.delenv("KIJKVERDER_VIEW")
    assert not load().teacher


# ----------------------------------------------------------------------------- print forms
def test_student_worksheet_has_no_tick_boxes_and_no_hints() -> None:
    """The class votes on the anonymous voting slip: the worksheet (with a name on it) lists the
    statements without tick boxes and says where to vote (review 2: student15 M1, teacher M4)."""
    c = load(teacher=True).content
    ctx = Statements.print_data(c, "student")
    assert not any(s["hint"] for s in ctx["statements"])
    html = Statements.render_print(c, "student")
    assert "Hier is geen goed of fout antwoord." in html
    for s in c.statements:
        assert s.text in html
    assert html.count("&#x2610;") == 0
    assert "Kruis hier niets aan. Je stemt op je eigen stemstrookje, zonder naam." in html
    assert not any(h in html for h in HINTS) and "Tip voor het gesprek" not in html


def test_teacher_edition_adds_the_hints() -> None:
    c = load(teacher=True).content
    html = Statements.render_print(c, "teacher")
    assert all(h in html for h in HINTS) and html.count("Tip voor het gesprek") == 2
    assert "Hier is geen goed of fout antwoord." in html and html.count("&#x2610;") == 0


def test_cards_one_statement_per_card_with_title_footer() -> None:
    c = load(teacher=True).content
    assert not any(s["hint"] for s in Statements.print_data(c, "cards")["statements"])
    html = Statements.render_print(c, "cards")
    assert _opens_card_set(html)
    assert html.count('<div class="card">') == 3
    cards = html.split('<div class="card">')[1:]
    for n, (card, s) in enumerate(zip(cards, c.statements), 1):
        assert s.text in card and f"Stelling {n} van 3" in card
        assert '<p class="card-footer">Wat vind jij?' in card
        # a card is read out or put up; nobody votes on it in a group (review 2: prevention
        # M2, teacher M8): no answer words on it, the vote is on the anonymous slip
        assert "Eens / Oneens" not in card and "stemstrookje" in card
    assert not any(h in html for h in HINTS)


def test_print_forms_escape_user_text() -> None:
    c = parse_content("kind: statements\ntitle: 'A & B'\nstatements:\n"
                      "  - id: a\n    text: '<i>schuin</i>'\n    hint: '<b>tip</b>'\n")
    for edition in ("student", "teacher", "cards"):
        html = Statements.render_print(c, edition)
        assert "<i>schuin" not in html and "&lt;i&gt;schuin&lt;/i&gt;" in html and "A &amp; B" in html
    assert "&lt;b&gt;tip&lt;/b&gt;" in Statements.render_print(c, "teacher")



# ----------------------------------------------------------------------------- norm statements
def test_statement_kinds_default_to_opinion() -> None:
    c = load().content
    assert [st.type for st in c.statements] == ["opinion"] * 3 and all(st.norm is None for st in c.statements)
    n = load(path=NORM).content
    assert [st.type for st in n.statements] == ["opinion", "norm"] and n.statements[1].norm.endswith(NORM_TEXT)


def test_norm_statement_is_labelled_and_revealed_only_after_a_vote() -> None:
    s = load(teacher=False, path=NORM)
    assert "is er wel een goed antwoord" in s.header.value and "Hier is geen goed" not in s.header.value
    # an opinion: no label, no button
    assert s.norm_part.layout.display == "none" and s.norm_label.value == ""
    s.next_button.click()
    assert s.norm_part.layout.display != "none" and "wel een goed antwoord" in s.norm_label.value
    assert s.norm_button.description == "Wat zegt de wet / hulpverlening?"
    assert s.norm_button.disabled and s.norm_button.tooltip.startswith("Eerst stemmen")
    assert NORM_TEXT not in widget_texts(s)  # not in the widget state before the vote
    s.reveal_norm()  # refused without a vote
    assert s.norm_box.value == ""
    s.buttons["eens"].click()
    assert not s.norm_button.disabled
    s.norm_button.click()
    assert NORM_TEXT in s.norm_box.value and "Zo zit het" in s.norm_box.value
    s.prev_button.click()
    assert s.norm_box.value == "" and s.norm_part.layout.display == "none"
    s.next_button.click()  # stays revealed for this statement
    assert NORM_TEXT in s.norm_box.value


def test_norm_reveal_after_the_class_tally() -> None:
    s = load(teacher=False, path=NORM)
    s.tally_toggle.value = True
    s.next_button.click()
    assert s.norm_button.disabled
    s.plus["oneens"].click()
    assert not s.norm_button.disabled and s.choice["delen"] is None
    s.norm_button.click()
    assert NORM_TEXT in s.norm_box.value


def test_teacher_view_can_reveal_after_a_paper_vote_and_states_the_voting_rule() -> None:
    s = load(teacher=True, path=NORM)
    assert "anoniem stemmen" in widget_texts(s) and "Niemand steekt een hand of kaart op" in widget_texts(s)
    assert "ogen dicht" not in widget_texts(s).replace("niemand doet de ogen dicht", "")
    s.next_button.click()
    assert not s.norm_button.disabled
    s.norm_button.click()
    assert NORM_TEXT in s.norm_box.value


def test_norm_statements_in_print() -> None:
    c = load(path=NORM).content
    student = Statements.render_print(c, "student")
    cards = Statements.render_print(c, "cards")
    teacher = Statements.render_print(c, "teacher")
    label = "Hier is wel een goed antwoord. Je hoort het na het gesprek."
    assert student.count(label) == 1 and cards.count(label) == 1 and teacher.count(label) == 1
    assert NORM_TEXT not in student + cards
    assert not any(st["norm"] for st in Statements.print_data(c, "student")["statements"])
    assert NORM_TEXT in teacher and "Zo zit het" in teacher
    assert "anoniem stemmen" in teacher and "anoniem stemmen" not in student
    # the label belongs to the norm statement, not to the opinion before it
    items = student.split('<li class="question')[1:]
    assert label not in items[0] and label in items[1]


def test_english_norm_labels() -> None:
    set_language("en")
    s = load(teacher=True, path=NORM)
    s.next_button.click()
    assert s.norm_button.description == "What do the law / help workers say?"
    assert "does have a right answer" in s.norm_label.value


def test_norm_text_is_escaped_on_screen_and_in_print() -> None:
    c = parse_content("kind: statements\ntitle: T\nstatements:\n  - id: a\n    type: norm\n"
                      "    text: Stelling.\n    norm: '<img src=x onerror=alert(1)> & wet'\n")
    with viewing("teacher"):
        s = Statements(c)
    s.reveal_norm()
    assert "&lt;img src=x" in s.norm_box.value and "<img" not in s.norm_box.value
    teacher = Statements.render_print(c, "teacher")
    assert "&lt;img src=x" in teacher and "<img" not in teacher


def _opens_card_set(html: str) -> bool:
    """A card set opens with the line that says who gets it (review 3: per kind), then the
    cards."""
    body = html.strip()
    return body.startswith('<p class="cards-kind">') and body.index('<div class="cards">') > 0
