"""The print forms a class without computers uses: what is on the named worksheet, on the slips
(strookjes) and on the cut-out cards (knipkaarten). Findings of the second paper review
(student15, teacher, language, prevention, praktijk)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kijkverder.printing import lesson_html
from tests.conftest import LESSONS

BOX = "\u2610"


def _nb(folder: str) -> Path:
    found = sorted(LESSONS.glob(f"{folder}*/*.ipynb"))
    assert found, folder
    return found[0]


def _text(html: str) -> str:
    """The visible words of an HTML document (tags and the style sheet left out)."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x2610;", BOX)


def _section(html: str, cls: str) -> list[str]:
    return re.findall(rf'<section class="kv-print {cls}[" ].*?</section>', html, flags=re.S)


# ------------------------------------------------------------------- anonymous votes
@pytest.mark.parametrize("lesson", ["03", "04", "05", "08"])
def test_worksheet_statements_have_no_tick_boxes(lesson: str) -> None:
    """Statements are voted on the anonymous voting slip: the named worksheet lists them without
    tick boxes and says where to vote (student15 M1, teacher M4, language M1)."""
    html = lesson_html(_nb(lesson), "student")
    parts = _section(html, "kv-print-statements")
    assert parts, lesson
    for part in parts:
        words = _text(part)
        assert BOX not in words and "&#x2610;" not in part, f"{lesson}: tick boxes on the worksheet"
        assert "Kruis hier niets aan" in words and "stemstrookje" in words, words[:300]


def test_kinds_line_counts_in_words() -> None:
    """One way of writing a count in one block: words, like the lessons' own intros."""
    from widgets.models.activities import Statement
    from widgets.statements import kinds_line

    st = [Statement(id=f"s{i}", text="Tekst.", type="norm" if i < 3 else "opinion",
                    norm="Antwoord." if i < 3 else None) for i in range(5)]
    line = kinds_line(st, "nl")
    assert "drie stellingen" in line and "twee stellingen" in line, line
    assert not re.search(r"\d", line), line


def test_voting_slips_four_per_sheet_with_numbers_the_teacher_names() -> None:
    """The voting slip comes four to a sheet with cutting lines, and says to tick only the numbers
    the teacher reads out (teacher M3, m4; student15 m10)."""
    html = lesson_html(_nb("05"), "slips")
    (sheet,) = _section(html, "kv-print-votecards")
    assert sheet.count('class="vote-slip"') == 4, sheet.count('class="vote-slip"')
    assert sheet.count("vote-slip-card") >= 4
    # every statement the teacher names, not one row (review 3: teacher m4, student15 m1)
    assert "bij elke stelling die de docent noemt" in _text(sheet)


# ------------------------------------------------------------------- private writing
@pytest.mark.parametrize("lesson,words", [("05", "Een grens die ik belangrijk vind, is"),
                                          ("06", "Als ik me ooit zorgen maak"),
                                          ("08", "Bij wie ik terechtkan"),
                                          ("e4", "Bij gevaar bel ik")])
def test_private_writing_is_a_slip_without_a_name(lesson: str, words: str) -> None:
    """Writing that is only for the student is not on the named, stapled worksheet but on a slip
    of its own, without a name, on one page (student15 M3, teacher M4, praktijk M9)."""
    sheet = _text(lesson_html(_nb(lesson), "student"))
    assert words not in sheet, f"{lesson}: private writing on the named worksheet"
    assert re.search(r"\blos(se)? strookje", sheet), f"{lesson}: the worksheet does not point to the slip"
    slips = lesson_html(_nb(lesson), "slips")
    (part,) = _section(slips, "kv-print-reflection-slip")
    assert words in _text(part)
    assert "Naam" not in _text(part)


# ------------------------------------------------------------------- story votes
@pytest.mark.parametrize("lesson", ["02", "03", "06"])
def test_story_vote_slips_in_the_strookjes(lesson: str) -> None:
    """A class votes on a story choice with a printed slip, never with hands (prevention M5,
    teacher M2): a sheet of A/B slips in the lesson's strookjes."""
    html = lesson_html(_nb(lesson), "slips")
    (sheet,) = _section(html, "kv-print-storyvote")
    words = _text(sheet)
    assert sheet.count("storyvote-slip") >= 8
    assert f"{BOX} A" in words and f"{BOX} B" in words, words[:300]
    assert "naam" in words.lower()


# ------------------------------------------------------------------- question box
def test_question_slip_offers_a_name_and_says_what_happens() -> None:
    """A student who wants help can ask for it on the "Mijn vraag" slip, and the slip says what
    the teacher does with a worrying question (prevention M7)."""
    (sheet,) = _section(lesson_html(_nb("01"), "slips"), "kv-print-questionbox")
    words = _text(sheet)
    # review 7 student15 m3: the slip says the talk is apart and when questions are answered
    assert "Wil je dat iemand met je praat, apart" in words and "Schrijf dan hier je eigen naam" in words, words[:600]
    assert "beantwoordt de vragen de volgende les" in words
    assert "hulp" in words and "eerst" in words


# ------------------------------------------------------------------- parents' evening
def test_parents_evening_speaks_to_parents() -> None:
    """Lesson 07 is for parents: the fixed strings say "u" and speak of parents and the group,
    never of students and the class (language M2, teacher m5 m12, prevention m6)."""
    nb = _nb("07")
    for edition in ("student", "slips", "cards"):
        words = _text(lesson_html(nb, edition))
        for wrong in ("Je hoort het na het gesprek", "per leerling", "Delen met de klas",
                      "Hier kun je terecht", "kun je naar je mentor", "Aan het einde van deze les",
                      "die je niet hardop wilt", "de docent voorleest"):
            assert wrong not in words, f"07 {edition}: {wrong!r}"
    sheet = _text(lesson_html(nb, "student"))
    assert "U hoort het na het gesprek" in sheet


# ------------------------------------------------------------------- self-check
def test_easy_selfcheck_scale_has_no_hard_word() -> None:
    """The easy series' self-check scale uses A2 words (praktijk M4, isk m2)."""
    html = lesson_html(_nb("e1"), "slips")
    assert "grotendeels" not in _text(html)
    assert "grotendeels" in _text(lesson_html(_nb("01"), "slips"))  # the main series keeps it


def test_large_print_slips_go_to_the_whole_class() -> None:
    """A single large-print slip in the envelope shows who wrote it: the sheet says to give the
    large-print slips to everyone (praktijk M4, student14 M1)."""
    words = _text(lesson_html(_nb("e1"), "large-cards"))
    assert "hele klas" in words and "even groot" in words, words[:800]


# ------------------------------------------------------------------- cut-out cards
def _card_overlaps(html: str) -> list[str]:
    """Cards of a laid-out knipkaarten document whose text runs into the footer or past the
    card's edge (the cutting line), measured on WeasyPrint's layout of ``html``."""
    from weasyprint import HTML

    doc = HTML(string=html, base_url=str(LESSONS) + "/").render()
    boxes: dict[int, tuple[object, float, float]] = {}
    for page in doc.pages:
        for b in page._page_box.descendants():
            el = getattr(b, "element", None)
            if el is not None and id(el) not in boxes:
                # the border box: a paragraph's bottom margin is room, not text
                boxes[id(el)] = (el, b.border_box_y(), b.border_box_y() + b.border_height())
    found = []
    for el, top, bottom in list(boxes.values()):
        if "card" not in (el.get("class") or "").split():
            continue
        kids = [boxes[id(k)] for k in el if id(k) in boxes]
        footer = [k for k in kids if "card-footer" in (k[0].get("class") or "")]
        text = [k for k in kids if "card-footer" not in (k[0].get("class") or "")]
        name = " ".join("".join(k[0].itertext()) for k in text)[:60]
        lowest = max((k[2] for k in text), default=top)
        # the text's last line ends above the footer; everything stays inside the card
        if footer and lowest > footer[0][1] + 0.5:
            found.append(f"text over the footer: {name!r} ({lowest - footer[0][1]:.1f}px)")
        if max([lowest] + [k[2] for k in footer]) > bottom + 0.5:
            found.append(f"past the cutting line: {name!r}")
    return found


@pytest.mark.parametrize("lesson", ["02", "03", "04", "05", "06", "07", "08", "e1", "e2", "e3"])
def test_card_text_stays_above_the_footer(lesson: str) -> None:
    """No card text runs over the card's footer or its cutting line (student15 M5, language
    m21: 02 kaart 6, 04 stelling 4, 07 stelling 4)."""
    html = lesson_html(_nb(lesson), "cards")
    if '<div class="card' not in html:
        pytest.fail(f"{lesson}: no cards to measure")
    assert not _card_overlaps(html), _card_overlaps(html)


def test_card_measure_sees_an_overlap() -> None:
    """The measure itself fails on a card whose text is too long for its fixed height (the
    print CSS before this fix)."""
    html = lesson_html(_nb("04"), "cards").replace("</style>", ".card { height: 62mm; }</style>", 1)
    long = html.replace('<p class="card-text">', '<p class="card-text">' + "Heel lange tekst. " * 12, 1)
    assert _card_overlaps(long)


def test_easy_selfcheck_slips_in_larger_print(tmp_path: Path) -> None:
    """The easy series' self-check slips are not the smallest text its students get: 12 pt or
    more for the sentences and the scale (praktijk M4), the main series keeps 10 pt or more."""
    from handouts.render import html_to_pdf
    from tests.test_paper import font_sizes

    from widgets.i18n import t

    keys = ("selfcheck_niet", "selfcheck_beetje", "selfcheck_grotendeels", "selfcheck_helemaal")
    for lesson, least, variant in (("e1", 11.95, "eenvoudig"), ("01", 9.95, None)):
        pdf = tmp_path / f"{lesson}.pdf"
        pdf.write_bytes(html_to_pdf(lesson_html(_nb(lesson), "slips"), str(_nb(lesson).parent) + "/"))
        sizes = font_sizes(pdf)
        labels = {t(k, "nl", variant) for k in keys}  # the scale's words of the lesson's series
        scale = [s for text, s in sizes.items() if text in labels]
        assert scale and min(scale) >= least, (lesson, scale)
        pdf.unlink()


@pytest.mark.parametrize("lesson,says", [("02", "Schrijf alleen bij de vragen"),
                                         ("e1", "Zeggen is genoeg")])
def test_writing_lines_under_talk_cards_say_what_to_write(lesson: str, says: str) -> None:
    """Lines under talk and role-play cards say whether to write (teacher m8 on 02 'Praat
    erover'; praktijk m8, student14 M7 on the easy series' role play), once: the worksheet
    does not say it twice, and names questions, not cards (issue 25)."""
    html = lesson_html(_nb(lesson), "student")
    (part,) = _section(html, "kv-print-prompts")
    assert says in _text(part), _text(part)[:400]
    assert _text(html).count(says) == 1, says
    assert "kaart die jullie" not in _text(html)


def test_large_print_cards_say_the_slips_are_for_everyone() -> None:
    """The large-print cards hold the lesson's slips too: the sheet says the cards are one set
    and the slips go to the whole class on plain paper (isk m7, student14 M1)."""
    head = _text(lesson_html(_nb("e1"), "large-cards")).split("Zelfcheck")[0]
    assert "gewoon papier" in head and "hele klas" in head, head
