"""Kijk Verder Eenvoudig (issue 29): the easy-read series is a level of the lesson, found by
discovery, built with ``--reeks``, shown under its own heading on the site, held to the A2
profile by ``kijkverder check``, with line icons that carry a text alternative on screen and
in the PDF."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest

from kijkverder import easyread
from kijkverder.lessons import LessonNotFound, LessonSource, all_lessons, resolve_lessons
from tests.conftest import LESSONS, ROOT

EASY = sorted(LESSONS.glob("e[0-9]-*/e[0-9]-*.ipynb"))
MAIN = [nb for nb in all_lessons(LESSONS) if nb not in EASY]
E1 = LESSONS / "e1-echte-vriend" / "e1-echte-vriend.ipynb"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kijkverder.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


# ------------------------------------------------------------------------ the level
def test_easy_series_is_discovered_after_the_main_series() -> None:
    names = [nb.parent.name for nb in all_lessons(LESSONS)]
    easy = [nb.parent.name for nb in EASY]
    assert len(easy) >= 4
    assert names[-len(easy):] == easy  # e1-… sorts after 08-…
    assert resolve_lessons([], LESSONS, level="eenvoudig") == EASY
    assert not set(resolve_lessons([], LESSONS, level="b1")) & set(EASY)
    assert resolve_lessons(["E2"], LESSONS)[0].parent.name.startswith("e2-")


def test_every_lesson_declares_the_level_of_its_series() -> None:
    assert {LessonSource.open(nb).level for nb in EASY} == {"eenvoudig"}
    assert {LessonSource.open(nb).level for nb in MAIN} == {"b1"}


@pytest.mark.parametrize("specs, level", [([], "a2"), (["01"], "eenvoudig")])
def test_a_series_without_lessons_is_refused(specs: list[str], level: str) -> None:
    with pytest.raises(LessonNotFound):
        resolve_lessons(specs, LESSONS, level=level)


def test_release_reeks_eenvoudig_holds_only_the_easy_series(tmp_path: Path) -> None:
    res = run("release", "--reeks", "eenvoudig", "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    released = sorted(p.parent.name for p in (tmp_path / "out").rglob("*.ipynb"))
    assert released == [nb.parent.name for nb in EASY]


def test_site_start_page_shows_both_series_under_their_own_heading(tmp_path: Path) -> None:
    from kijkverder.site import write_index

    lessons = [MAIN[1], E1]
    write_index(tmp_path, [LessonSource.open(nb) for nb in lessons], {}, "leerlingen",
                {nb.parent.name: [] for nb in lessons})
    page = (tmp_path / "index.html").read_text("utf-8")
    main_at = page.index(">Kijk Verder</h2>")
    easy_at = page.index(">Kijk Verder Eenvoudig</h2>")
    assert main_at < page.index(MAIN[1].parent.name) < easy_at < page.index(E1.parent.name)
    assert "Les E1: Echt een vriend?" in page


def test_the_easy_worksheet_is_large_print_by_default() -> None:
    from handouts.render import large_css
    from kijkverder.printing import lesson_html

    layer = large_css().strip()[:200]
    assert layer in lesson_html(E1, "student")
    assert layer not in lesson_html(E1, "teacher")
    assert layer not in lesson_html(MAIN[1], "student")


# ------------------------------------------------------------------------ the A2 profile
@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_easy_lesson_meets_the_a2_profile(nb: Path) -> None:
    assert easyread.problems(nb) == []
    p = easyread.profile(nb)
    assert p.sentences > 80 and p.average <= easyread.MAX_AVERAGE
    assert p.longest <= easyread.MAX_SENTENCE


def test_the_a2_check_is_only_for_the_easy_series() -> None:
    """Lesson 01 (B1) has sentences an A2 reader would stumble on; check holds it to B1 only."""
    from kijkverder.check import check_lesson

    assert easyread.problems(MAIN[1]), "the A2 bar should be stricter than B1"
    assert not [p for p in check_lesson(MAIN[1]) if p.message.startswith("A2:")]


@pytest.fixture
def easy_copy(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(E1.parent, root / E1.parent.name)
    for name in ("begrippen.yaml", "woordenlijst.txt"):
        shutil.copy(LESSONS / name, root / name)
    return root / E1.parent.name / E1.name


def _add_text(nb_path: Path, text: str, cell: int = 5) -> None:
    nb = json.loads(nb_path.read_text("utf-8"))
    nb["cells"][cell]["source"] = "".join(nb["cells"][cell]["source"]) + "\n\n" + text
    nb_path.write_text(json.dumps(nb), "utf-8")


@pytest.mark.parametrize("text, words", [
    ("Sara en Mo lopen na school samen naar huis en praten heel lang over de toets.",
     "A2: sentence of 16 words (at most 12)"),
    ("Dat gedrag is grensoverschrijdend.", "A2: long word 'grensoverschrijdend'"),
    ("Niemand zegt niets.", "A2: double negative"),
    ("De foto wordt doorgestuurd door een klasgenoot.", "A2: passive with 'door'"),
])
def test_a2_check_names_file_field_sentence_and_fix(easy_copy: Path, text: str, words: str) -> None:
    _add_text(easy_copy, text)
    res = run("check", str(easy_copy.parent))
    assert res.returncode == 1
    lines = [ln for ln in res.stdout.splitlines() if words in ln]
    assert len(lines) == 1, res.stdout
    assert f"{easy_copy.name}: cells[5]: " in lines[0]
    assert text[:40] in lines[0]
    assert re.search(r"; (split|use|say)", lines[0]), "the line says how to fix it"


def test_a2_check_reads_content_files_and_the_word_list(easy_copy: Path) -> None:
    sort = easy_copy.parent / "kleuren.yaml"
    sort.write_text(sort.read_text("utf-8").replace(
        "Daan krijgt een dure telefoon van", "Daan krijgt een grensoverschrijdend cadeau van"), "utf-8")
    res = run("check", str(easy_copy.parent))
    assert "kleuren.yaml: items[1].text: A2: long word 'grensoverschrijdend'" in res.stdout
    les = easy_copy.parent / "les.yaml"
    les.write_text(les.read_text("utf-8").replace("words:\n", "words:\n  - grensoverschrijdend\n"),
                   "utf-8")
    res = run("check", str(easy_copy.parent))
    assert res.returncode == 0, res.stdout


def test_a2_average_sentence_length(monkeypatch: pytest.MonkeyPatch) -> None:
    ten = "Een twee drie vier vijf zes zeven acht negen tien. "
    monkeypatch.setattr(easyread, "student_units",
                        lambda _nb: [easyread.Unit("x.ipynb", "cells[0]", ten * 3 + "Kort.")])
    monkeypatch.setattr(easyread, "allowed_words", lambda _nb: frozenset())
    assert easyread.problems(Path("x.ipynb")) == []  # 31 words in 4 sentences: 7.8
    monkeypatch.setattr(easyread, "student_units",
                        lambda _nb: [easyread.Unit("x.ipynb", "cells[0]", ten * 3)])
    assert [p.message for p in easyread.problems(Path("x.ipynb"))] == [
        "A2: sentences of 10.0 words on average (at most 8); split the longest sentences"]


def test_a2_check_leaves_teacher_material_alone(easy_copy: Path) -> None:
    long = "Dit is een heel lange zin voor de docent met veel meer dan twaalf woorden erin."
    _add_text(easy_copy, long, cell=2)  # the teacher's content note
    assert not [p for p in easyread.problems(easy_copy) if long[:30] in p.message]


def test_level_and_number_must_agree(easy_copy: Path) -> None:
    les = easy_copy.parent / "les.yaml"
    les.write_text(les.read_text("utf-8").replace("level: eenvoudig", "level: b1"), "utf-8")
    res = run("check", str(easy_copy.parent))
    assert res.returncode == 1
    assert "les.yaml: number: number 'e1' does not fit level 'b1'" in res.stdout


def test_the_short_help_card_has_at_most_four_numbers(easy_copy: Path) -> None:
    nb = json.loads(easy_copy.read_text("utf-8"))
    cell = next(c for c in nb["cells"] if "HelpCard(" in "".join(c["source"]))
    cell["source"] = 'HelpCard(orgs=["kindertelefoon", "helpwanted", "veilig-thuis"])'
    easy_copy.write_text(json.dumps(nb), "utf-8")
    res = run("check", str(easy_copy.parent))
    assert res.returncode == 1
    assert "the short help card has 5 phone numbers" in res.stdout and "at most 4" in res.stdout


def test_the_short_help_card_puts_the_school_first() -> None:
    from widgets import HelpCard

    html = HelpCard.render_print(None, "student", orgs=["kindertelefoon"])
    assert html.index("Op school") < html.index("Alarmnummer 112") < html.index("De Kindertelefoon")
    assert html.count("Bel:") == 3


# ------------------------------------------------------------------------ icons
def test_every_icon_is_an_svg_file_with_a_text_alternative() -> None:
    from widgets.icons import ICONS, icon_html, icon_svg
    from widgets.models.activities import IconName

    assert set(typing.get_args(IconName)) == set(ICONS)
    for name, alt in ICONS.items():
        ET.fromstring(icon_svg(name))  # well-formed
        html = icon_html(name)
        assert "role='img'" in html and f"aria-label='{alt}'" in html
        assert f"<title>{alt}</title>" in html
        assert "<image" not in html and "data:" not in html  # a line drawing, no photo


def test_sort_task_uses_the_same_drawing_on_screen_and_paper() -> None:
    from widgets import SortTask
    from widgets.icons import icon_svg

    sort = SortTask.load(str(E1.parent / "kleuren.yaml"))
    paper = SortTask.render_print(sort.content, "student")
    for name in ("groen", "oranje", "rood"):
        drawing = re.search(r"<path d=\"[^\"]+\"", icon_svg(name)).group(0)
        assert drawing in sort.header.value and drawing in paper


@pytest.fixture(scope="module")
def e1_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kijkverder.build import build

    out = tmp_path_factory.mktemp("easy-pdf")
    build([E1], out, jobs=1, book=False, log=lambda m: None)
    return out / f"{E1.parent.name}-werkblad.pdf"


def test_icons_are_figures_with_alt_text_in_the_pdf(e1_pdf: Path) -> None:
    alts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.S == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(e1_pdf) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    for alt in ("Groen: oké", "Oranje: let op", "Rood: niet oké", "Hulp op school",
                "Alarmnummer", "Bellen"):
        assert alt in alts, alts
    assert "" not in alts


def test_readme_reading_profile_table_is_measured() -> None:
    """The README's table is what ``python -m kijkverder.easyread`` measures now (same code as
    the check); after a lesson text changes, paste its output into the README."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert easyread.table(all_lessons(LESSONS)) in readme


def test_easy_worksheet_passes_the_pdfua_machine_checks(e1_pdf: Path) -> None:
    """The icons (inline SVG figures) and the large-print worksheet keep the PDF/UA checks of
    tests/test_accessibility.py green."""
    from pdfua import Severity, validate

    from tests.test_accessibility import KNOWN_SKIPPED

    report = validate(str(e1_pdf))
    problems = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings
                if f.severity == Severity.ERROR
                or f.severity == Severity.WARNING and f.rule_id != "UA-15-003"]
    assert problems == []
    assert {o.rule_id for o in report.outcomes if o.skipped} <= KNOWN_SKIPPED


def test_lab_opens_an_easy_lesson(tmp_path: Path) -> None:
    """``kijkverder lab e1`` and ``lab --reeks eenvoudig`` (a copy with only the easy series)
    open an easy-read lesson."""
    from kijkverder.lab import opening_notebook

    for name in ("01-a", "e1-b", "e2-c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.ipynb").write_text("{}", "utf-8")
    assert opening_notebook(tmp_path, "E1") == "e1-b/e1-b.ipynb"
    assert opening_notebook(tmp_path, None) == "01-a/01-a.ipynb"
    shutil.rmtree(tmp_path / "01-a")
    assert opening_notebook(tmp_path, None) == "e1-b/e1-b.ipynb"


KEY_SENTENCES = ("Jouw grens is belangrijk.", "Je mag altijd nee zeggen.",
                 "Het is nooit jouw schuld.", "Hulp vragen is sterk.")


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_easy_lesson_follows_the_series_design(nb: Path) -> None:
    """Two blocks of 25 minutes, the key sentences, say-it-back twice, role-play cards, the easy
    agreements and the short help card; no figures and no law articles for students."""
    from kijkverder.textrules import REGISTRY_ONLY

    source = LessonSource.open(nb)
    steps = [(s.activity, s.minutes) for s in source.meta.plan]
    second = next(i for i, (activity, _m) in enumerate(steps) if activity.startswith("Blok 2"))
    assert steps[0][0].startswith("Blok 1")
    assert sum(m for _a, m in steps[:second]) == 25 and sum(m for _a, m in steps[second:]) == 25
    text = " ".join(u.text for u in easyread.student_units(nb))
    assert all(s in text for s in KEY_SENTENCES)
    assert text.count("Zeg het terug") + text.count("zeg het terug") >= 2
    calls = {(u.name, str(sorted(u.kwargs.items()))) for u in source.uses}
    names = {name for name, _kw in calls}
    assert {"PromptCards", "HelpCard", "Agreements", "SelfCheck"} <= names
    assert ("Agreements", "[('audience', 'eenvoudig')]") in calls
    assert all("orgs" in kw for name, kw in calls if name == "HelpCard")
    assert not [what for rx, what in REGISTRY_ONLY if rx.search(text)]  # no figure, no article
    assert not re.search(r"\b(?:19|20)\d{2}\b", text)  # and no year
    assert not re.search(r"\bartikel\b|\bart\.\s*\d|\bwetboek\b", text, re.I)


#: How the lessons name the organisations of the registry in their text (as test_helpcards).
NAMED = {"helpwanted": "Helpwanted", "keerpunt": "Keerpunt", "chat-met-fier": "Chat met Fier",
         "kindertelefoon": "Kindertelefoon", "veilig-thuis": "Veilig Thuis",
         "meld-misdaad-anoniem": "Meld Misdaad Anoniem", "slachtofferhulp": "Slachtofferhulp",
         "centrum-seksueel-geweld": "Centrum Seksueel Geweld", "comensha": "CoMensha"}


@pytest.mark.parametrize("nb", EASY, ids=lambda p: p.parent.name)
def test_every_organisation_an_easy_lesson_names_is_on_its_short_card(nb: Path) -> None:
    from widgets.registry import registry

    source = LessonSource.open(nb)
    text = "\n".join(b.cell.source for b in source.blocks(None) if b.kind == "markdown")
    text += "\n".join(p.read_text("utf-8") for p in nb.parent.glob("*.yaml"))
    card = {o.id for u in source.uses if u.name == "HelpCard"
            for o in registry().short_card(u.kwargs["orgs"] + u.kwargs.get("sites", []))}
    assert [oid for oid, name in NAMED.items() if name in text and oid not in card] == []


def test_role_play_cards_show_stop_zeg_nee_and_vraag_hulp() -> None:
    """The pictures for stop / zeg nee / vraag hulp are on the role-play cards: on screen, on the
    worksheet and on the cut-out cards."""
    from kijkverder.printing import lesson_html
    from widgets import PromptCards
    from widgets.icons import ICONS

    used = set()
    for nb in EASY:
        used |= {p.icon for u in LessonSource.open(nb).uses if u.name == "PromptCards"
                 for p in u.content.prompts}
    assert {"stop", "zeg-nee", "vraag-hulp"} <= used
    cards = PromptCards.load(str(E1.parent / "oefenen.yaml"))
    assert f"aria-label='{ICONS['zeg-nee']}'" in cards.card.value
    for edition in ("cards", "student"):
        html = lesson_html(E1, edition)
        for name in ("stop", "zeg-nee", "vraag-hulp"):
            assert f"aria-label='{ICONS[name]}'" in html, (edition, name)


# ------------------------------------------------------------------------ review round 2
def test_the_easy_agreements_keep_the_two_safety_details_of_the_regular_ones() -> None:
    """Review 2 (praktijk M7): a student who leaves the room goes to the agreed place, not alone,
    and 'the teacher gets help' comes with 'the teacher tells you first what will happen'."""
    from widgets.agreements_text import AGREEMENTS, AGREEMENTS_EASY

    for lang in ("nl", "en"):
        regular, easy = AGREEMENTS[lang], AGREEMENTS_EASY[lang]
        leave = [a for a in easy if re.search(r"klas uit|leave the room", a)]
        assert leave and re.search(r"\bplek\b|\bplace\b", leave[0]), leave
        assert re.search(r"\bmee\b|\bwith you\b", leave[0]), leave
        first = r"eerst wat er gaat gebeuren|first what will happen"
        assert any(re.search(first, a) for a in regular)
        assert any(re.search(first, a) for a in easy), easy


def test_an_easy_lesson_says_what_to_do_with_less_time() -> None:
    """Review 2 (praktijk M3): every easy lesson has a 'Minder tijd?' line under its plan (not
    'Met 40 minuten': the series has blocks of 25 minutes), on the teacher edition only."""
    from kijkverder.printing import lesson_html

    for nb in EASY:
        assert LessonSource.open(nb).meta.short, nb.parent.name
    teacher, student = lesson_html(E1, "teacher"), lesson_html(E1, "student")
    short = LessonSource.open(E1).meta.short
    assert "Minder tijd?" in teacher and short in teacher
    assert "Met 40 minuten" not in teacher
    assert "Minder tijd?" not in student and short not in student


def test_no_easy_answer_sends_a_student_to_a_line_that_is_closed_then() -> None:
    """Review 2 (C1 of praktijk, lvb and isk): the Kindertelefoon is open in the day and the
    evening until nine, not late at night; an answer that names it is not set at night."""
    late = re.compile(r"avond|nacht", re.I)  # also "zondagavond"
    for nb in EASY:
        for use in LessonSource.open(nb).uses:
            if use.name != "SortTask" or use.content is None:
                continue
            for item in use.content.items:
                if "Kindertelefoon" in (item.explanation or ""):
                    assert not late.search(item.text), (nb.parent.name, item.id, item.text)
