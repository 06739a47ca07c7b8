"""Review round 2 (lawyer C1, M1, M3, M8; prevention M8; teacher M6): the law lines and the
help card say who is punishable, never suggest that a young person who is paid, pressured or
sent an image is, and carry no notes addressed to the editors."""
from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from tests.conftest import LESSONS
from widgets.i18n import t
from widgets.registry import registry
from widgets.schema import load_content

FACTS = load_content(LESSONS / "feiten.yaml", expected_kind="facts")
#: The lessons 00-08 (the easy-read series has its own reviewers and fixers).
MAIN = sorted(p for p in LESSONS.glob("0[0-8]-*") if p.is_dir())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def _sheet_answers() -> list[tuple[str, str]]:
    return [(q.question, FACTS.get(fid).student) for q in FACTS.sheet.questions for fid in q.facts]


def test_no_law_line_says_strafbaar_without_saying_who() -> None:
    """Lawyer C1: "Ook als je 16 of 17 bent, is het altijd strafbaar als iemand je betaalt"
    reads as "you are punishable". A punishable act is said with its doer ("Wie betaalt, is
    strafbaar"), never as an impersonal "het is strafbaar als ...". """
    impersonal = re.compile(r"\b(is het|het is)\b( \w+)? strafbaar\b", re.I)
    bad = [(f.id, s) for f in FACTS.facts for s in _sentences(f.student or "")
           if impersonal.search(s)]
    assert bad == []


def test_every_answer_about_paid_sex_says_the_young_person_is_not_punishable() -> None:
    """Lawyer C1, prevention M8: whoever pays is punishable; the young person never is."""
    paid = [(q, a) for q, a in _sheet_answers() if re.search(r"\bbetaal|\bbetaalt", a)]
    assert paid, "the law sheet answers the question about being paid for sex"
    for q, a in paid:
        assert re.search(r"\bWie (je |jou )?betaalt\b[^.]*strafbaar", a), (q, a)
    answers = " ".join(a for _, a in paid)
    assert re.search(r"\b(Jij|De jongere)( zelf)? (bent|is) (niet|nooit) strafbaar", answers)


def test_no_law_line_calls_forwarding_as_evidence_or_keeping_an_image_punishable_for_a_student() -> None:
    """Lawyer M3, prevention M8: "ook als bewijs" and "Zo'n beeld bewaren is strafbaar" tell a
    young person who asks for help with an image that they commit a crime."""
    bad = [(f.id, s) for f in FACTS.facts for s in _sentences(f.student or "")
           if "strafbaar" in s and ("bewijs" in s or re.search(r"\bbewaren is strafbaar", s))]
    assert bad == []


def test_the_under_16_answer_does_not_make_consenting_peers_punishable() -> None:
    """Lawyer M1: "ook als die persoon zelf nog geen 18 is ... foto's sturen naar een kind
    onder de 16" also covers two 15-year-olds who sext with consent."""
    text = FACTS.get("seksueel-benaderen-onder-16").student
    assert "ook als die persoon zelf nog geen 18 is" not in text
    # lawyer review 10 m2: "ongevraagd" narrowed the offence; "kan daar onder vallen" with the
    # peer line after it keeps consenting peers out without saying that asking makes it legal
    assert re.search(r"[Oo]ngevraagd|tegen (haar|zijn) wil|veel ouder|kan daar ook onder vallen", text)
    assert "leeftijdsgenoten die het allebei willen, is iets anders" in text


def test_an_article_stands_only_where_it_was_checked() -> None:
    """Lawyer M2, prevention M9: art. 251 Sr (sexual approach of under-16s) was cited for the
    age of consent and for paid sex, which the checked text of art. 251 does not hold."""
    for fid in ("leeftijdsgrens-16", "betalen-onder-18"):
        assert FACTS.get(fid).article is None, fid
    assert FACTS.get("seksueel-benaderen-onder-16").article == "art. 251 Sr"


#: Words of the editing process, addressed to the makers (lawyer M8, teacher M6).
EDITORIAL = re.compile(r"(is|zijn) niet gezien|voor het printen|noem (het )?dus|niet gecontroleerd|"
                       r"gecontroleerde (feiten|lijst)|haal dan|nog controleren", re.I)


def _teacher_texts() -> list[tuple[str, str]]:
    out = [(f"feiten.yaml:{f.id}", f.teacher or "") for f in FACTS.facts]
    for lesson in MAIN:
        for nb_path in lesson.glob("*.ipynb"):
            nb = nbformat.read(nb_path, as_version=4)
            out += [(f"{nb_path.name} cell {i}", c.source) for i, c in enumerate(nb.cells)
                    if c.cell_type == "markdown"]
        for y in lesson.glob("*.yaml"):
            out.append((f"{lesson.name}/{y.name}", y.read_text(encoding="utf-8")))
    return out


def test_no_note_to_the_editors_is_printed_for_a_teacher() -> None:
    bad = [(where, m.group(0)) for where, text in _teacher_texts()
           for m in EDITORIAL.finditer(text)]
    assert bad == []


# ------------------------------------------------------------------ the help card


def _student_orgs():
    return [o for o in registry().organisations
            if set(o.topics) - {"docenten", "ouders"} or o.always]


def test_no_organisation_repeats_its_own_number_or_its_anonymity() -> None:
    """Language M5: "Alarmnummer 112: ... Bel 112. Bel: 112" and "Meld Misdaad Anoniem
    (anoniem): Anoniem iets melden"."""
    from widgets.helpcard import _org_html

    for o in registry().organisations:
        html = _org_html(o, "nl")
        if o.phone:
            assert html.count(o.phone) - o.name.count(o.phone) == 1, (o.id, html)
        assert len(re.findall(r"anoniem|je naam niet", html, re.I)) <= 1 + o.name.lower().count("anoniem"), (o.id, html)
        assert ") (" not in html, (o.id, html)


def test_opening_hours_are_on_every_text_of_a_line() -> None:
    """Praktijk/lvb/isk C1: the easy text of the Kindertelefoon dropped "11.00 tot 21.00"."""
    hours = re.compile(r"\d{1,2}\.\d\d tot \d{1,2}\.\d\d")
    for o in registry().organisations:
        for m in hours.findall(o.for_):
            assert o.easy is None or m in o.easy, (o.id, o.easy)


def test_a_chat_without_known_hours_says_where_to_find_them() -> None:
    """Prevention m4: the hours of Chat met Fier are not verified."""
    for o in _student_orgs():
        if not o.phone and "chat" in (o.for_ + o.name).lower():
            for text in filter(None, (o.for_, o.easy)):
                assert re.search(r"dag en nacht|\d\.\d\d|wanneer de chat open is", text, re.I), (o.id, text)


def test_student_cards_hold_no_teacher_information() -> None:
    """Language M5: "Ook voor docenten (meldcode)" on the student card."""
    for o in _student_orgs():
        assert "meldcode" not in o.for_.lower() and "docent" not in o.for_.lower(), o.id


def test_free_is_said_only_where_the_call_is_free() -> None:
    """Lawyer m5, isk M2: "Gratis" next to an 020 or 0900 number."""
    for o in registry().organisations:
        free_call = o.phone is None or o.phone == "112" or o.phone.startswith("0800")
        for text in filter(None, (o.for_, o.easy)):
            if "gratis" in text.lower() and not free_call:
                assert "beltegoed" in text or "tarief" in text, (o.id, text)


def test_csg_says_what_to_do_within_7_days() -> None:
    """Language M5: "Het liefst binnen 7 dagen, maar ook later" said not what."""
    text = registry().get("centrum-seksueel-geweld").for_
    sentence = next(s for s in _sentences(text) if "binnen 7 dagen" in s)
    assert re.search(r"\b(bel|contact|kom)\b", sentence, re.I), sentence


def test_meld_misdaad_anoniem_is_a_tip_line_not_help_or_aangifte() -> None:
    """Lawyer M6: MMA passes tips on crimes; it gives no help and takes no aangifte."""
    text = registry().get("meld-misdaad-anoniem").for_
    assert "misdaad" in text.lower() and "geen hulplijn" in text.lower()


def test_the_help_card_has_one_name_and_a_place_to_begin() -> None:
    """Language M5 (lessons call it "de hulpkaart"), prevention m5 ("begin hier")."""
    assert "Hulpkaart" in t("help_title", "nl")
    assert re.search(r"[Bb]egin", t("help_intro", "nl"))


@pytest.mark.parametrize("path", sorted(LESSONS.glob("0[0-8]-*/stellingen.yaml")),
                         ids=lambda p: p.parent.name)
def test_no_statement_sends_a_victim_to_meld_misdaad_anoniem(path) -> None:
    """Lawyer M6: in "melden is helpen" MMA is the wrong example."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for s in data.get("statements", []):
        assert "Meld Misdaad Anoniem" not in str(s.get("norm", "")), (path.name, s.get("id"))
