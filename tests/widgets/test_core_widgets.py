from pathlib import Path

from widgets import Agreements, HelpCard, Lesson, Reflection, set_style
from widgets.registry import registry

LESSON_DIR = Path(__file__).resolve().parents[2] / "lessons" / "01-wat-is-uitbuiting"


def test_helpcard_lists_registry_entries_and_filters() -> None:
    card = HelpCard()
    html = card.list.value
    assert "Helpwanted" in html and registry().get("helpwanted").web in html
    card.filter.value = "criminele-uitbuiting"
    shown = {o.id for o in card.visible()}
    assert "keerpunt" in shown and "helpwanted" not in shown
    assert "Helpwanted" not in card.list.value


def test_helpcard_topics_limit_organisations() -> None:
    card = HelpCard(topics=["online"])
    ids = {o.id for o in card.organisations}
    assert "helpwanted" in ids and "keerpunt" not in ids


def test_lesson_header_shows_goals_and_terms() -> None:
    w = Lesson.load(LESSON_DIR / "les.yaml")
    assert isinstance(w, Lesson)
    assert "Leerdoelen" in w.header.value and "50 minuten" in w.header.value
    assert "arbeidsuitbuiting" in w.header.value  # a glossary term with its definition
    # the timed plan is teacher material: never on screen
    assert "Lees de afspraken hardop voor" not in w.header.value


def test_agreements_and_projector_style() -> None:
    set_style("projector")
    a = Agreements()
    assert "kv-projector" in a._dom_classes
    assert "Niemand hoeft iets over zichzelf te vertellen." in a.text.value


def test_reflection_text_stays_in_widget(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("kind: reflection\ntitle: Afsluiting\nprompts:\n  - id: a\n    text: Wat neem je mee?\n", "utf-8")
    before = set(tmp_path.iterdir())
    r = Reflection.load(f)
    payload = "<img src=x onerror=alert(1)>"
    r.areas[0].value = payload
    assert r.texts == [payload]
    assert f"{len(payload)} tekens" in r.echoes[0].value and "<img" not in r.echoes[0].value
    assert set(tmp_path.iterdir()) == before
    # on paper the writing is a slip of its own without a name (the strookjes), not on the named
    # worksheet (review 2: student15 M3); a parents' evening keeps it on its sheet
    student = Reflection.render_print(r.content, "student")
    assert student.count('class="line"') == 0 and "losse strookje" in student
    slip = Reflection.render_print(r.content, "cards", copies="student")
    assert slip.count('class="line"') == 2 * 4 and "Naam" not in slip
    parents = Reflection.render_print(r.content, "student", variant="ouders")
    assert parents.count('class="line"') == 4 and "strookje" not in parents
    assert Reflection.render_print(r.content, "cards", copies="student", variant="ouders").strip() == ""


def test_agreements_for_parents_address_parents_on_screen_and_in_print() -> None:
    students, parents = Agreements(), Agreements(audience="ouders")
    assert "Niemand hoeft iets over zichzelf te vertellen." in students.text.value
    assert "U hoeft niets over uw eigen gezin te vertellen." in parents.text.value
    assert "klasgenoten" not in parents.text.value and "docent" not in parents.text.value
    printed = Agreements.render_print(None, "student", audience="ouders")
    assert "U hoeft niets over uw eigen gezin te vertellen." in printed
    # one voice per list: the agreements never switch from 'we' to 'je' inside one rule
    for rule in Agreements.agreements() + Agreements.agreements("ouders"):
        assert not (rule.startswith("We ") and " je " in rule), rule
    import pytest
    with pytest.raises(ValueError):
        Agreements(audience="docenten")


def test_widget_markup_uses_no_emoji() -> None:
    """Emoji need a colour emoji font, which school computers and the Debian chromium used for the
    projector often lack: they render as an empty box ('tofu') and read aloud as 'lock'. The
    widgets' own markup (code, templates, CSS) uses text or inline SVG instead."""
    import re
    from pathlib import Path

    import widgets

    root = Path(widgets.__file__).parent
    astral = re.compile("[\U0001F000-\U0001FFFF\u2600-\u26FF\u2700-\u27BF]")
    allowed = {"\u2702", "\u2713", "\u2714", "\u2717", "\u2610"}  # ✂ ✓ ✔ ✗ ☐: text symbols
    found = [f"{p.relative_to(root)}: {m.group(0)!r}"
             for p in sorted(root.rglob("*")) if p.suffix in (".py", ".j2", ".css")
             for m in astral.finditer(p.read_text("utf-8")) if m.group(0) not in allowed]
    assert not found, found


def test_agreements_promise_no_secrecy_and_steer_personal_stories_out_of_the_class() -> None:
    """Issue 26, item 10: 'Wat hier gezegd wordt, blijft hier.' is a promise the teacher cannot
    keep for classmates. The agreements ask the group not to pass on who said what, and send
    personal stories to a trusted person after the lesson instead."""
    from widgets.agreements_text import AGREEMENTS, AGREEMENTS_EASY, AGREEMENTS_PARENTS
    for table in (AGREEMENTS, AGREEMENTS_PARENTS, AGREEMENTS_EASY):
        for lang, rules in table.items():
            text = " ".join(rules).lower()
            assert "blijft hier" not in text and "stays here" not in text, (lang, rules)
    students = " ".join(Agreements.agreements())
    assert "niet wie wat zei" in students and "vertrouwt" in students and "na de les" in students
    easy = " ".join(Agreements.agreements("eenvoudig"))
    assert "niet wie wat zei" in easy and "vertrouwt" in easy and "na de les" in easy
    parents = " ".join(Agreements.agreements("ouders"))
    assert "niet wie wat zei" in parents and "na afloop" in parents


def test_lesson_plan_prints_the_40_minute_line_for_the_teacher_only(tmp_path: Path) -> None:
    f = tmp_path / "les.yaml"
    f.write_text("kind: lesson\nnumber: '09'\ntitle: Proef\nduration: 50\ngoals: [Doel een., Doel twee.]\n"
                 "plan:\n  - {minutes: 3, activity: Opstarten}\n  - {minutes: 47, activity: De rest}\n"
                 "short: Sla de zelfcheck over.\n", "utf-8")
    content = Lesson.load_content(f)  # the whole file, as the print path gets it
    teacher = Lesson.render_print(content, "teacher", source_path=str(f))
    student = Lesson.render_print(content, "student", source_path=str(f))
    assert "Met 40 minuten" in teacher and "Sla de zelfcheck over." in teacher
    assert "Met 40 minuten" not in student and "Sla de zelfcheck over." not in student
