"""What the paper tells its reader to do: private writing only on the slip, who gets which kind
of card, the choice points of a story that groups never decide, the voting slip's wording, and
the teacher edition's print list. Findings of the third review round (language M1, student15
M1 m1 m10, prevention M1, teacher M1 M3 m1 m4)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from kijkverder.printing import lesson_html
from tests.test_paper_forms import BOX, _nb, _section, _text

#: The line on a story card where groups do not choose (prevention M1).
TEACHER_PICKS = "Hier kiest het groepje niet"


# ------------------------------------------------------------------- private writing
@pytest.mark.parametrize("lesson", ["01", "04", "05", "06", "08"])
def test_private_writing_points_only_to_the_slip(lesson: str) -> None:
    """The worksheet says once that this part is written on the slip without a name, offers no
    writing lines for it and no tearing off (language M1, student15 M1, prevention m5)."""
    html = lesson_html(_nb(lesson), "student")
    (part,) = _section(html, "kv-print-reflection")
    words = _text(part)
    assert "strookje" in words and "naam" in words, words
    assert 'class="line"' not in part
    assert "niet op dit werkblad" in words, words
    sheet = _text(html)
    assert sheet.count("losse strookje") == 1, sheet
    assert "scheur" not in sheet
    assert 'data-no-notes' in html


def test_no_notes_lines_on_the_page_of_private_writing(tmp_path: Path) -> None:
    """The layout fills a thin page with lines for notes, but never the page where the private
    writing is (it goes on the slip): lesson 01's last text page had 'Ruimte voor aantekeningen'
    right under 'Wat neem je mee?' (student15 M1)."""
    pages = _rendered_pages("01", "student", tmp_path)
    (page,) = [p for p in pages if "Wat neem je mee?" in p]
    assert "Ruimte voor aantekeningen" not in page, page


def _rendered_pages(lesson: str, edition: str, tmp_path: Path) -> list[str]:
    """The text of each page of ``lesson``'s PDF in ``edition``, rendered as the build does."""
    from pypdf import PdfReader

    from handouts.render import html_to_pdf

    nb = _nb(lesson)
    pdf = tmp_path / f"{lesson}.pdf"
    pdf.write_bytes(html_to_pdf(lesson_html(nb, edition), str(nb.parent) + "/"))
    pages = [p.extract_text() or "" for p in PdfReader(pdf).pages]
    pdf.unlink()
    return pages


@pytest.mark.parametrize("lesson", ["01", "05", "06"])
def test_worksheet_names_the_slip_it_points_to(lesson: str) -> None:
    """Worksheet and slip match: the worksheet names the slip by the title the slip has
    (teacher m1)."""
    (part,) = _section(lesson_html(_nb(lesson), "student"), "kv-print-reflection")
    (slip,) = _section(lesson_html(_nb(lesson), "slips"), "kv-print-reflection-slip")
    title = re.search(r"<h2>(.*?)</h2>", slip).group(1)
    assert f"'{title}'" in html.unescape(_text(part)), (title, _text(part))


# ------------------------------------------------------------------- story cards for groups
@pytest.mark.parametrize("lesson,card,route,not_route", [
    ("02", "Deel 4", "Jayden gaat één keer mee", "Jayden zegt nee"),
    ("03", "Deel 2", "Noor stuurt één foto", "Noor zegt nee")])
def test_groups_never_choose_whether_the_victim_goes_along(lesson: str, card: str, route: str,
                                                           not_route: str) -> None:
    """On the cut-out story cards a group does not decide whether the victim goes along or
    sends a photo: that card shows only the teacher's route (prevention M1)."""
    cards = re.findall(r'<div class="card card-story">.*?</div>', lesson_html(_nb(lesson), "cards"),
                       flags=re.S)
    (found,) = [c for c in cards if f">{card}<" in c or f">{card} " in c]
    words = _text(found)
    assert TEACHER_PICKS in words and route in words, words
    assert not_route not in words and "Kies A" not in words, words
    # the worksheet's gamebook, read alone, keeps both choices
    assert not_route in _text(lesson_html(_nb(lesson), "student"))


def test_teacher_picks_must_be_one_of_the_choices(tmp_path: Path) -> None:
    """``teacher_picks`` names the route of one of the part's own choices; anything else is a
    content error that names the field."""
    from widgets.contentio import ContentError
    from widgets.schema import load_content

    story = {"kind": "scenario", "title": "T", "character": {"name": "Sam"}, "start": "a",
             "nodes": [{"id": "a", "text": "Begin.", "teacher_picks": "c",
                        "choices": [{"label": "Ja", "next": "b"}, {"label": "Nee", "next": "b"}]},
                       {"id": "b", "text": "Einde.", "ending": True},
                       {"id": "c", "text": "Ander einde.", "ending": True,}]}
    path = tmp_path / "verhaal.yaml"
    path.write_text(yaml.safe_dump(story, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError) as e:
        load_content(path, expected_kind="scenario")
    assert "teacher_picks" in str(e.value.problems), e.value.problems
    story["nodes"][0]["teacher_picks"] = "b"
    path.write_text(yaml.safe_dump(story, allow_unicode=True), "utf-8")
    with pytest.raises(ContentError):  # c is unreachable now: the graph check still runs
        load_content(path, expected_kind="scenario")
    story["nodes"].pop()
    path.write_text(yaml.safe_dump(story, allow_unicode=True), "utf-8")
    assert load_content(path, expected_kind="scenario").nodes[0].teacher_picks == "b"
    path.unlink()


# ------------------------------------------------------------------- who gets which card
def test_cards_say_per_kind_who_gets_them() -> None:
    """The knipkaarten say per kind of card what to do with it: statement cards are the
    teacher's, only to read aloud (never hung up: prevention m5, review 5), never a set per group (teacher M1: lesson 04's cards
    are only statements)."""
    words = _text(lesson_html(_nb("04"), "cards"))
    assert "per groep" not in words, words[:500]
    assert "Niet uitdelen aan groepjes" in words and "Alleen om voor te lezen, niet om op te hangen" in words
    story = _text(lesson_html(_nb("02"), "cards"))
    assert "Eén set per groepje" in story and "Eén kaart per tweetal" in story, story[:800]
    assert "Niet uitdelen" not in story  # 02 has no statement cards


# ------------------------------------------------------------------- voting slips
def test_voting_slip_says_tick_at_every_statement_named() -> None:
    """Students thought they tick one row only (teacher m4, student15 m1)."""
    (sheet,) = _section(lesson_html(_nb("03"), "slips"), "kv-print-votecards")
    words = _text(sheet)
    assert "Zet bij elke stelling die de docent noemt een kruisje" in words, words[:500]
    assert "alleen een kruisje bij het nummer" not in words


def test_story_vote_letters_on_one_line(tmp_path: Path) -> None:
    """Option D stood alone on the next line of lesson 03's story slip (student15 m10). Since
    review 4 a slip offers only the letters of the class vote: lesson 02's three are the most."""
    pages = _rendered_pages("02", "slips", tmp_path)
    (page,) = [p for p in pages if "Stemstrookje · Verhaal" in p]
    assert re.search(rf"A[ \xa0]*{BOX}[ \xa0]*B[ \xa0]*{BOX}[ \xa0]*C", page), page


# ------------------------------------------------------------------- print list
def test_teacher_edition_has_a_print_list_made_from_the_lesson() -> None:
    """Every teacher edition says which PDFs to print, how many, and how many envelopes,
    generated from the lesson's outputs and slips (teacher M3)."""
    from kijkverder.lessons import LessonSource
    from kijkverder.targets import print_targets

    for lesson in ("01", "03", "04", "06"):
        source = LessonSource.open(_nb(lesson))
        html = lesson_html(source, "teacher")
        (part,) = _section(html, "kv-print-printlist")
        words = _text(part)
        for target in print_targets(source):
            assert target.file_name(source) in words, (lesson, target.name, words)
        assert "Mijn vraag" in words and "envelop" in words, words
        assert "printlijst" not in _text(lesson_html(source, "student")).lower()
    words = _text(_section(lesson_html(_nb("03"), "teacher"), "kv-print-printlist")[0])
    # 03: four slips a sheet -> 8 sheets for 30 students; the story slip 8 a sheet -> 4
    assert "Stemstrookje · Wat vind jij?" in words and "Stemstrookje · Verhaal" in words, words
    assert re.search(r"Stemstrookje · Verhaal · [^:]*: 4 vellen \(8 strookjes per vel\)", words), words  # teacher m1, review 5: sheets, not slips
    assert "niet uitdelen aan groepjes" in words  # statement cards: the teacher's, once
    assert "Enveloppen: 5" in words, words  # self-check start and end, statements, story, question
    assert "knipkaarten" not in _text(_section(lesson_html(_nb("01"), "teacher"),
                                               "kv-print-printlist")[0])
