"""SelfCheck (zelfcheck): schema, student start/end, teacher counts and chart, print forms, the
check rules, leaks and privacy (answers in no file, never in the teacher's widgets)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as W
import nbformat
import pytest

import widgets.selfcheck as sc
from widgets import SelfCheck
from widgets.base import ErrorBox
from widgets.i18n import t
from widgets.contentio import ContentError
from widgets.models.activities import SelfCheckContent
from widgets.schema import load_content

from . import viewing

STATEMENTS = [("uitleggen", "Ik kan uitleggen wat uitbuiting is."),
              ("bij-wie", "Ik weet bij wie ik terecht kan als ik me zorgen maak."),
              ("signalen", "Ik herken signalen van uitbuiting."),
              ("durven", "Ik durf hulp te vragen voor iemand anders.")]


def selfcheck_yaml(statements: list[tuple[str, str]] = STATEMENTS, extra: str = "") -> str:
    items = "".join(f"  - id: {i}\n    text: {text}\n{extra}" for i, text in statements)
    return f"kind: selfcheck\ntitle: Zelfcheck\nstatements:\n{items}"


@pytest.fixture(autouse=True)
def _fresh_memory():
    """Every test starts with a kernel that remembers no start answers."""
    sc._BEFORE.clear()
    sc._ENDS.clear()
    yield
    sc._BEFORE.clear()
    sc._ENDS.clear()


@pytest.fixture
def content_file(tmp_path: Path) -> Path:
    path = tmp_path / "zelfcheck.yaml"
    path.write_text(selfcheck_yaml(), "utf-8")
    return path


def load(path: Path, moment: str = "voor", role: str = "student") -> SelfCheck:
    with viewing(role):
        w = SelfCheck.load(path, moment=moment)
    assert isinstance(w, SelfCheck), getattr(w, "problems", w)
    return w


def descendants(w: W.Widget) -> list[W.Widget]:
    out = [w]
    for child in getattr(w, "children", ()):
        out += descendants(child)
    return out


def state_text(w: W.Widget) -> str:
    """Everything the widget and its descendants would send to the browser (their state)."""
    return "\n".join(str(d.get_state()) for d in descendants(w))


TEACHER_TEXT = [t(k) for k in sc.TEACHER_KEYS]


# ----------------------------------------------------------------------------- schema
def test_good_content_loads(content_file: Path) -> None:
    c = load_content(content_file, expected_kind="selfcheck")
    assert isinstance(c, SelfCheckContent)
    assert [s.id for s in c.statements] == [i for i, _ in STATEMENTS]


BAD = {
    "two statements": (selfcheck_yaml(STATEMENTS[:2]), "statements", "needs more entries"),
    "five statements": (selfcheck_yaml(STATEMENTS + [("vijf", "Ik weet nog iets.")]),
                        "statements", "too many entries"),
    "duplicate id": (selfcheck_yaml(STATEMENTS[:2] + [("uitleggen", "Ik weet het.")]),
                     "statements[2].id", "duplicate statement id 'uitleggen'"),
    "unknown field": (selfcheck_yaml(STATEMENTS[:3], extra="    answer: helemaal\n"),
                      "statements[0].answer", "unknown field; remove it"),
    "question": (selfcheck_yaml([("vraag", "Wat is uitbuiting?")] + STATEMENTS[1:]),
                 "statements[0].text", "is not an 'Ik …' sentence"),
    "disclosing": (selfcheck_yaml([("ervaring", "Ik ben ooit onder druk gezet.")] + STATEMENTS[1:]),
                   "statements[0].text", "asks about the student's own experiences ('ooit')"),
    "long sentence": (selfcheck_yaml([("lang", "Ik weet heel goed wat ik moet doen als ik me "
                                               "ooit zorgen maak om iemand")] + STATEMENTS[1:]),
                      "statements[0].text", "has 16 words (at most 12)"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_content_names_path_field_and_fix(tmp_path: Path, name: str) -> None:
    text, field, words = BAD[name]
    path = tmp_path / "zelfcheck.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ContentError) as err:
        load_content(path, expected_kind="selfcheck")
    lines = [str(p) for p in err.value.problems]
    assert any(line.startswith(f"{path}: {field}: ") and words in line for line in lines), lines
    box = SelfCheck.load(path)
    assert isinstance(box, ErrorBox)  # a student sees calm words, never a traceback


def test_wrong_moment_is_an_error_box(content_file: Path) -> None:
    box = SelfCheck.load(content_file, moment="later")
    assert isinstance(box, ErrorBox)
    assert [p.field for p in box.problems] == ["moment"]
    assert "use \"voor\"" in box.problems[0].message


# ----------------------------------------------------------------------------- student
def test_student_sees_every_statement_with_four_named_buttons(content_file: Path) -> None:
    w = load(content_file)
    text = state_text(w)
    assert t("selfcheck_private") in text
    assert all(html.escape(s) in text for _i, s in STATEMENTS)  # all on one screen
    assert set(w.buttons) == {i for i, _ in STATEMENTS}
    names = next(d.value for d in descendants(w) if isinstance(d, W.HTML) and "content:" in d.value)
    for sid, statement in STATEMENTS:
        buttons = w.buttons[sid]
        assert [b.description for b in buttons.values()] == [
            "Klopt niet", "Klopt een beetje", "Klopt grotendeels", "Klopt helemaal"]
        # the accessible name is "N. statement + scale point": the statement comes from a
        # visually hidden ::before per statement (CSS-escaped), the scale point from the text
        [cls] = {c for b in buttons.values() for c in b._dom_classes if c.startswith("kv-sc-")} - {"kv-sc-choice"}
        rule = re.search(re.escape(f".{cls}::before") + r'\{content:"([^"]*)"\}', names).group(1)
        decoded = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), rule)
        assert statement in decoded
        assert "<" not in rule and "}" not in rule  # no text can leave the CSS string
        assert all(statement in b.tooltip for b in buttons.values())
    assert not any(t("selfcheck_teacher_voor") in text for _ in [0])
    assert [s for s in TEACHER_TEXT if s in text] == []


def test_choice_is_marked_with_a_sign_and_words(content_file: Path) -> None:
    w = load(content_file)
    w.buttons["bij-wie"]["beetje"].click()
    assert w.answers["bij-wie"] == "beetje"
    assert w.buttons["bij-wie"]["beetje"].description == "✓ Klopt een beetje"
    assert [b.description for k, b in w.buttons["bij-wie"].items() if k != "beetje"] == [
        "Klopt niet", "Klopt grotendeels", "Klopt helemaal"]
    assert "role='status'" in w.status["bij-wie"].value
    assert "Jouw keuze: Klopt een beetje" in w.status["bij-wie"].value
    assert w.status["uitleggen"].value == ""


def test_start_then_end_shows_the_students_own_comparison(content_file: Path) -> None:
    voor = load(content_file, "voor")
    na = load(content_file, "na")  # created before the start is answered (Run All)
    assert na.compare.value == ""
    voor.choose("uitleggen", "beetje")
    voor.choose("bij-wie", "niet")
    na.choose("uitleggen", "helemaal")
    shown = html.unescape(na.compare.value)
    assert "Jouw begin en einde" in shown
    assert "Begin: Klopt een beetje → Einde: Klopt helemaal" in shown
    assert "Begin: Klopt niet → Einde: niet gekozen" in shown
    assert "Begin: niet gekozen → Einde: niet gekozen" in shown  # the other two
    assert na.comparison()[0] == (STATEMENTS[0][1], "beetje", "helemaal")
    voor.choose("signalen", "grotendeels")  # a start answer given later shows at once
    assert "Begin: Klopt grotendeels → Einde: niet gekozen" in html.unescape(na.compare.value)


def test_end_without_start_says_so_calmly(content_file: Path) -> None:
    na = load(content_file, "na")
    na.choose("signalen", "grotendeels")
    shown = html.unescape(na.compare.value)
    assert "zijn er niet meer" in shown and "Dat geeft niet" in shown
    assert "Begin:" not in shown
    assert na.comparison() is None


def test_memory_is_per_content_file(tmp_path: Path, content_file: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "andere" / "zelfcheck.yaml"
    other.parent.mkdir()
    other.write_text(selfcheck_yaml(), "utf-8")
    load(other, "voor").choose("uitleggen", "niet")
    monkeypatch.chdir(tmp_path)
    na = load(Path("zelfcheck.yaml"), "na")  # relative name, resolved: the same file
    load(content_file, "voor").choose("uitleggen", "grotendeels")
    na.choose("uitleggen", "helemaal")
    assert "Begin: Klopt grotendeels → Einde: Klopt helemaal" in html.unescape(na.compare.value)


def test_a_reloaded_start_widget_holds_no_answers(content_file: Path) -> None:
    w = load(content_file, "voor")
    w.choose("uitleggen", "beetje")
    again = load(content_file, "voor")  # the cell is run again
    assert all(v is None for v in again.answers.values())
    text = state_text(again)
    assert "Jouw keuze" not in text and "✓" not in text


# ----------------------------------------------------------------------------- teacher
def test_teacher_start_view_has_no_answer_buttons_but_the_how_to(content_file: Path) -> None:
    w = load(content_file, "voor", role="teacher")
    assert [d for d in descendants(w) if isinstance(d, (W.Button, W.ToggleButton, W.ToggleButtons))] == []
    text = html.unescape(state_text(w))
    assert "Deel de strookjes uit" in text and "2 minuten" in text and "Geen namen" in text
    assert all(s in text for _i, s in STATEMENTS)
    with pytest.raises(RuntimeError):
        w.choose("uitleggen", "niet")


def test_teacher_end_view_charts_the_typed_counts(content_file: Path) -> None:
    w = load(content_file, "na", role="teacher")
    assert [d for d in descendants(w) if isinstance(d, W.Button)] == []
    boxes = [d for d in descendants(w) if isinstance(d, W.BoundedIntText)]
    assert len(boxes) == len(STATEMENTS) * 4 * 2 and all(b.min == 0 for b in boxes)
    assert {b.description for b in boxes} == {"Begin", "Einde"}
    names = next(d.value for d in descendants(w) if isinstance(d, W.HTML) and "content:" in d.value)
    assert names.count(".widget-label::before{content:") == len(STATEMENTS) * 4  # named fields
    w.set_count("voor", "bij-wie", "niet", 7)
    w.set_count("voor", "bij-wie", "beetje", 5)
    w.counts["na"]["bij-wie"]["helemaal"].value = 9  # as the teacher types it
    w.counts["na"]["bij-wie"]["niet"].value = -3     # refused: never below zero
    assert w.count_data("bij-wie")["na"]["niet"] == 0
    svg = w.charts["bij-wie"].value
    desc = html.unescape(re.search(r"<desc>(.*?)</desc>", svg).group(1))
    assert desc == ("Klopt niet: Begin 7, Einde 0; Klopt een beetje: Begin 5, Einde 0; "
                    "Klopt grotendeels: Begin 0, Einde 0; Klopt helemaal: Begin 0, Einde 9")
    assert 'role="img"' in svg and html.escape(STATEMENTS[1][1]) in svg  # title names the sentence
    values = re.findall(r"font-weight='bold'>(\d+)</text>", svg)
    assert values == ["7", "0", "5", "0", "0", "0", "0", "9"]  # every count as text
    # begin and einde differ in grey AND pattern: a hatched white bar and a solid dark one
    assert "fill='#ffffff'/><path" in svg and "fill='#333333'" in svg
    assert "Strookjes geteld: begin 12, einde 9" in w.totals["bij-wie"].value
    other = w.charts["uitleggen"].value
    assert "Begin 7" not in other  # a statement's chart shows its own counts only
    text = html.unescape(state_text(w))
    assert "Een verschil van één of twee strookjes zegt niets" in text
    assert "de les heeft dit veroorzaakt" in text and "sociaal wenselijk" in text


def test_teacher_widgets_never_hold_student_answers(content_file: Path) -> None:
    voor = load(content_file, "voor")
    for sid, _s in STATEMENTS:
        voor.choose(sid, "grotendeels")
    teacher = load(content_file, "na", role="teacher")  # same kernel: nothing is read from memory
    text = state_text(teacher)
    assert "Jouw keuze" not in text and "Begin: " not in text and "✓" not in text
    assert all(v == {k: 0 for k in sc.SCALE} for m in sc.MOMENTS
               for v in (teacher.count_data(sid)[m] for sid, _s in STATEMENTS))


# ----------------------------------------------------------------------------- print
def test_worksheet_points_to_the_slip_and_keeps_no_slip(content_file: Path) -> None:
    """The worksheet is printed double-sided: a slip cut from it would cut the back page. It
    says the teacher hands out a separate slip (from the knipkaarten), only when they use it
    (review 9: the slip is not handed out in every lesson), and has no tick boxes of its own."""
    c = load_content(content_file, expected_kind="selfcheck")
    for moment, head in (("voor", "Begin van de les"), ("na", "Einde van de les")):
        out = html.unescape(SelfCheck.render_print(c, "student", moment=moment))
        assert head in out and "Schrijf je naam er niet op" in out
        assert "Je docent zegt of je een strookje krijgt" in out
        assert "☐" not in out and "✂" not in out and "selfcheck-slip" not in out
        assert [s for s in TEACHER_TEXT if s in out] == []


def test_slip_sheet_in_the_cards(content_file: Path) -> None:
    """The knipkaarten hold one sheet of four identical anonymous slips per moment, each with
    every sentence and the four tick boxes; nothing for the teacher."""
    c = load_content(content_file, expected_kind="selfcheck")
    for moment, head in (("voor", "Begin van de les"), ("na", "Einde van de les")):
        out = html.unescape(SelfCheck.render_print(c, "cards", moment=moment))
        assert out.count('class="selfcheck-slip-card"') == sc.SLIPS_PER_SHEET == 4
        assert out.count(head) == 4 + 1  # every slip, and the sheet's heading
        assert out.count("Schrijf je naam niet op. Kruis aan, vouw dubbel en lever in.") == 4
        assert out.count("☐") == 4 * 4 * len(STATEMENTS)
        for word in ("Klopt niet", "Klopt een beetje", "Klopt grotendeels", "Klopt helemaal"):
            assert out.count(word) == 4 * len(STATEMENTS)
        for _sid, text in STATEMENTS:
            assert out.count(text) == 4
        assert "print dit blad zo vaak als nodig" in out
        assert [s for s in TEACHER_TEXT if s in out] == []


def test_teacher_edition_how_to_and_tally_table(content_file: Path) -> None:
    c = load_content(content_file, expected_kind="selfcheck")
    start = html.unescape(SelfCheck.render_print(c, "teacher", moment="voor"))
    assert "2 + 2 minuten" in start and t("selfcheck_howto_2") in start
    end = html.unescape(SelfCheck.render_print(c, "teacher", moment="na"))
    table = re.search(r"<table class=\"selfcheck-tally\">.*?</table>", end, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)
    assert [r[0] for r in rows] == [f"{n}. {s}" for n, (_i, s) in enumerate(STATEMENTS, 1)]
    assert all(r[1].count("<td class=\"tick\"></td>") == 8 for r in rows)  # blank: 4 x begin/einde
    assert all(t(k) in end for k in sc.READING_KEYS)
    english = html.unescape(SelfCheck.render_print(c, "cards", lang="en", moment="na"))
    assert "End of the lesson" in english and "Completely true" in english


# ----------------------------------------------------------------------------- a lesson with it
def make_lesson(root: Path, cells: list[str]) -> Path:
    folder = root / "99-proef"
    folder.mkdir(parents=True)
    (folder / "les.yaml").write_text(
        "kind: lesson\nnumber: '99'\ntitle: Proefles\nduration: 50\ngoals:\n  - Je weet iets.\n"
        "  - Je kunt iets.\nplan:\n  - minutes: 50\n    activity: Alles\n", "utf-8")
    (folder / "zelfcheck.yaml").write_text(selfcheck_yaml(), "utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Les 99 · Proefles\n\nWe beginnen.")]
    for source in cells:
        if source.startswith("#teacher "):
            cell = nbformat.v4.new_markdown_cell(source.removeprefix("#teacher "))
            cell.metadata["tags"] = ["teacher"]
        else:
            cell = nbformat.v4.new_code_cell(source)
            cell.metadata["jupyter"] = {"source_hidden": True}
        nb.cells.append(cell)
    path = folder / "99-proef.ipynb"
    nbformat.write(nb, path)
    return path


LESSON_CELLS = ['from widgets import Lesson, Agreements, HelpCard, SelfCheck\nLesson.load("les.yaml")',
                "Agreements()",
                'SelfCheck.load("zelfcheck.yaml", moment="voor")',
                "#teacher Let op: vraag niemand naar eigen ervaringen in deze proefles.",
                'SelfCheck.load("zelfcheck.yaml", moment="na")',
                "HelpCard()"]


def test_check_wants_both_moments_in_order(tmp_path: Path) -> None:
    from kijkverder.check import check_notebook

    def problems(cells: list[str], name: str) -> list[str]:
        return [str(p) for p in check_notebook(make_lesson(tmp_path / name, cells))
                if "SelfCheck" in p.message]

    assert problems(LESSON_CELLS, "both") == []
    only_voor = [c for c in LESSON_CELLS if 'moment="na"' not in c]
    [line] = problems(only_voor, "voor")
    assert ": cells[3]: SelfCheck 'zelfcheck.yaml' has no moment=\"na\" cell; add " in line
    assert "at the end of the lesson, or remove this one" in line
    only_na = [c for c in LESSON_CELLS if 'moment="voor"' not in c]
    assert 'has no moment="voor" cell' in problems(only_na, "na")[0]
    swapped = [c.replace('"voor"', '"X"').replace('"na"', '"voor"').replace('"X"', '"na"')
               for c in LESSON_CELLS]
    assert "comes before" in " ".join(problems(swapped, "swapped"))
    wrong = [c.replace('moment="na"', 'moment="later"') for c in LESSON_CELLS]
    assert any("moment='later' is not a moment; use moment=\"voor\"" in p
               for p in problems(wrong, "wrong"))
    twice = LESSON_CELLS + ['SelfCheck.load("zelfcheck.yaml", moment="na")']
    assert any('asked twice with moment="na"' in p for p in problems(twice, "twice"))


def test_leak_check_covers_the_widgets_teacher_text(tmp_path: Path) -> None:
    from kijkverder.printing import lesson_html
    from tests.leaks import all_secrets, fragment, normalize, widget_secrets

    nb = make_lesson(tmp_path, LESSON_CELLS)
    secrets = widget_secrets(nb)
    assert t("selfcheck_howto_1") in secrets and t("selfcheck_reading_3") in secrets
    assert set(secrets) <= set(all_secrets(nb))

    def text(edition: str) -> str:
        return normalize(html.unescape(re.sub(r"<[^>]+>", " ", lesson_html(nb, edition))))

    teacher = text("teacher")
    # screen-only teacher text, and the help card's note for a broken school profile (this
    # lesson has none, so the card says the profile is missing instead)
    not_printed = {t(k) for k in ("selfcheck_counts_intro", "selfcheck_counts_title",
                                  "selfcheck_teacher_voor", "school_broken")}
    assert t("school_missing_teacher").split(":")[0] in teacher
    assert all(fragment(s) in teacher for s in secrets if s not in not_printed)
    for edition in ("student", "large", "slips", "large-cards"):
        shown = text(edition)
        assert "Schrijf je naam " in shown  # the note (worksheets) or the slips
        assert [s for s in all_secrets(nb) if fragment(s) in shown] == [], edition


# ----------------------------------------------------------------------------- privacy
ANSWER_CELL = """\
import gc, widgets.selfcheck as sc
ws = [o for o in gc.get_objects() if isinstance(o, sc.SelfCheck)]
voor = [w for w in ws if w.moment == "voor"][0]; na = [w for w in ws if w.moment == "na"][0]
for sid in voor.buttons: voor.buttons[sid]["beetje"].click(); na.buttons[sid]["helemaal"].click()
print(len(ws), sum(v is not None for v in na.answers.values()), "Begin:" in na.compare.value)
"""


def test_answers_are_in_no_file_and_the_source_stays_as_it_was(tmp_path: Path) -> None:
    from nbclient import NotebookClient

    from kijkverder.lessons import LessonSource
    from kijkverder.release import write_copy

    source_nb = make_lesson(tmp_path / "lessons", LESSON_CELLS)
    before = {p: p.read_bytes() for p in (tmp_path / "lessons").rglob("*") if p.is_file()}
    out = tmp_path / "leerlingen"
    write_copy([LessonSource.open(source_nb)], out, role="student")
    copy = out / "99-proef" / "99-proef.ipynb"
    nb = nbformat.read(copy, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(ANSWER_CELL))
    client = NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(copy.parent)}})
    client.execute()
    assert nb.cells[-1].outputs[0]["text"].split() == ["2", str(len(STATEMENTS)), "True"]
    nbformat.write(nb, copy)  # the student saves their notebook
    assert "widgets" not in nb.metadata  # no widget state saved (store_widget_state=False)
    shown = [t("your_choice", choice="Klopt"), "Begin: Klopt", "Einde: Klopt",
             t("selfcheck_compare_title")]
    found = [(str(f.relative_to(tmp_path)), s) for f in tmp_path.rglob("*") if f.is_file()
             for s in shown if s.encode() in f.read_bytes()]
    assert found == []
    after = {p: p.read_bytes() for p in (tmp_path / "lessons").rglob("*") if p.is_file()}
    assert after == before  # the teacher's lesson folder, notebook included, byte for byte


def test_the_gallery_shows_both_moments() -> None:
    from kijkverder.cells import parse_calls
    from tests.conftest import LESSONS
    import widgets

    nb = nbformat.read(LESSONS / "widgets-gallery.ipynb", as_version=4)
    calls = [c for cell in nb.cells if cell.cell_type == "code"
             for c in parse_calls(cell.source, widgets.WIDGETS) if c.name == "SelfCheck"]
    assert sorted(c.kwargs.get("moment") for c in calls) == ["na", "voor"]


def test_text_is_escaped_everywhere(tmp_path: Path) -> None:
    evil = '<img src=x onerror=alert(1)> "}</style><script>x</script>'
    path = tmp_path / "zelfcheck.yaml"
    path.write_text(selfcheck_yaml([("kwaad", f"'Ik {evil}'")] + STATEMENTS[1:3]), "utf-8")
    student = load(path, "voor")
    teacher = load(path, "na", role="teacher")
    teacher.set_count("voor", "kwaad", "niet", 2)
    c = load_content(path, expected_kind="selfcheck")
    def markup(w: W.Widget) -> str:  # what the browser parses as HTML (tooltips are plain text)
        return "\n".join(d.value for d in descendants(w) if isinstance(d, W.HTML))

    shown = [markup(student), markup(teacher),
             SelfCheck.render_print(c, "cards", moment="voor"),
             SelfCheck.render_print(c, "teacher", moment="na")]
    for text in shown:
        assert "<img" not in text and "<script" not in text and "</style><" not in text
    assert "&lt;img src=x" in shown[0] and "&lt;img src=x" in teacher.charts["kwaad"].value


def test_english_student_view(content_file: Path) -> None:
    from widgets import set_language

    set_language("en")
    voor, na = load(content_file, "voor"), load(content_file, "na")
    assert [b.description for b in voor.buttons["durven"].values()] == [
        "Not true", "A little true", "Mostly true", "Completely true"]
    voor.choose("durven", "niet")
    na.choose("durven", "grotendeels")
    assert "Your choice: Not true" in voor.status["durven"].value
    assert "Start: Not true → End: Mostly true" in html.unescape(na.compare.value)
    assert "Only you can see your answers" in state_text(voor)
