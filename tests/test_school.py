"""Issue 14 item 2: the school's own help route (``lessons/school.yaml``).

Validation (one-line errors), "Op school" first on every help card on screen and in print, with
and without a profile, the check's exemption for exactly the profile, the one writer copying it,
``--school`` and the PDF cache key, and the teacher-only meldcode contact never in student copies.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kijkverder.check import check_paths, check_school
from kijkverder.lessons import LessonSource
from kijkverder.release import write_copy
from tests.conftest import LESSONS, ROOT
from widgets import HelpCard
from widgets.contentio import ContentError
from widgets.marks import project
from widgets.schema import load_content, parse_content

EXAMPLE = LESSONS / "school.example.yaml"
LESSON = "01-wat-is-uitbuiting"
#: The example's teacher-only meldcode contact: never in anything a student gets.
MELDCODE_NAME = "Mevrouw R. Bakker"
MELDCODE_MAIL = "meldcode@voorbeeldcollege.example"
STUDENT_NAME = "Mevrouw S. de Vries"


def _profile(**changes: object) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data.update(changes)
    return data


def _text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A lessons folder with lesson 01 and the glossary, no school profile."""
    root = tmp_path / "lessons"
    root.mkdir()
    shutil.copytree(LESSONS / LESSON, root / LESSON)
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", root / "feiten.yaml")
    return root


def _notebook(root: Path) -> Path:
    return root / LESSON / f"{LESSON}.ipynb"


# ------------------------------------------------------------------------------ validation
def test_the_example_is_valid_and_not_active() -> None:
    school = load_content(EXAMPLE, expected_kind="school")
    assert school.name and school.contacts and school.meldcode is not None
    assert not (LESSONS / "school.yaml").exists()  # the example is not the active profile
    assert check_paths([EXAMPLE]) == []


def _person(**changes: object) -> dict:
    person = {"role": "Mentor", "name": "Meneer B.", "where": "Kamer 2", "when": "Maandag",
              "email": "b@voorbeeldcollege.example"}
    person.update(changes)
    return person


BAD = {
    "private-number": ({"contacts": [_person(phone="06-12345678")]}, "contacts[0].phone",
                       "no phone numbers"),
    "private-mail": ({"web": None, "contacts": [_person(email="juf.b@gmail.com")]},
                     "contacts[0].email", "private address"),
    "other-domain": ({"contacts": [_person(email="b@elders.nl")]}, "contacts[0].email",
                     "@voorbeeldcollege.example"),
    "not-a-mail": ({"contacts": [_person(email="b at school")]}, "contacts[0].email",
                   "not an e-mail address"),
    "meldcode-mail": ({"meldcode": _person(email="x@hotmail.com")}, "meldcode.email",
                      "private address"),
    "web-url": ({"web": "https://voorbeeldcollege.nl"}, "web", "bare domain"),
    "mobile": ({"phone": "061-2345678"}, "phone", "no mobile numbers"),
    "bad-phone": ({"phone": "030 1234567"}, "phone", "not a Dutch phone number"),
    "local-phone": ({"local_help": [{"name": "X", "for": "Iets", "phone": "0612345678"}]},
                    "local_help[0].phone", "not a Dutch phone number"),
    "local-web": ({"local_help": [{"name": "X", "for": "Iets", "web": "www.x.nl/pad"}]},
                  "local_help[0].web", "bare domain"),
    "no-contacts": ({"contacts": []}, "contacts", "needs more entries"),
    "no-name": ({"name": None}, "name", "required"),
    "unknown-field": ({"adres": "Straat 1"}, "adres", "unknown field"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_profile_gives_one_line_per_problem(case: str, tmp_path: Path) -> None:
    changes, field, words = BAD[case]
    data = {k: v for k, v in _profile(**changes).items() if v is not None}
    path = tmp_path / "school.yaml"
    path.write_text(_text(data), "utf-8")
    with pytest.raises(ContentError) as e:
        load_content(path, expected_kind="school")
    lines = [str(p) for p in e.value.problems]
    assert any(p.field == field and words in p.message for p in e.value.problems), lines
    assert all("\n" not in line and line.startswith(str(path)) for line in lines)
    # check and the --school option report the same lines
    assert [str(p) for p in check_school(path)] == lines
    assert [str(p) for p in check_paths([path])] == lines


def test_school_of_another_kind_is_refused_by_the_option(tmp_path: Path) -> None:
    path = tmp_path / "mijnschool.yaml"
    path.write_text("kind: glossary\ntitle: X\nterms: [{term: a, definition: b}]\n", "utf-8")
    (problem,) = check_school(path)
    assert problem.field == "kind" and "expected kind 'school'" in problem.message


# ------------------------------------------------------------------------------ check exemption
def test_check_exempts_exactly_the_school_profile(tree: Path) -> None:
    text = EXAMPLE.read_text("utf-8")
    (tree / "school.yaml").write_text(text, "utf-8")
    assert check_paths([tree / "school.yaml"]) == []
    # the same content under another name, or inside a lesson folder, is not the profile
    (tree / "contacten.yaml").write_text(text, "utf-8")
    (tree / LESSON / "school.yaml").write_text(text, "utf-8")
    for other in (tree / "contacten.yaml", tree / LESSON / "school.yaml"):
        problems = check_paths([other])
        assert any(p.field == "kind" and "must be the file school.yaml" in p.message
                   for p in problems), problems
        assert any("e-mail address" in p.message for p in problems), problems
    # the whole folder: only the two misplaced copies are reported
    flagged = {p.path for p in check_paths([tree])}
    assert all("contacten.yaml" in f or f"{LESSON}/school.yaml" in f for f in flagged), flagged
    assert flagged


def test_check_still_refuses_contact_details_in_lesson_content(tree: Path) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    reflection = tree / LESSON / "extra.yaml"
    reflection.write_text("kind: reflection\ntitle: Vragen\nprompts:\n  - id: a\n    text: Mail "
                          "naar vertrouwenspersoon@voorbeeldcollege.example of bel 030-1234567\n",
                          "utf-8")
    messages = [p.message for p in check_paths([reflection])]
    assert any("e-mail address" in m for m in messages) and any("phone number" in m for m in messages)


def test_a_broken_profile_refuses_the_lessons(tree: Path) -> None:
    from kijkverder.check import gate

    (tree / "school.yaml").write_text(_text(_profile(phone="06-12345678")), "utf-8")
    ok, refused = gate([_notebook(tree)])
    assert ok == [] and any(p.field == "phone" for p in refused[LESSON])


# ------------------------------------------------------------------------------ on screen
def _screen_card(folder: Path, monkeypatch: pytest.MonkeyPatch, role: str = "student") -> HelpCard:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("KIJKVERDER_VIEW", role)
    return HelpCard()


def test_screen_card_starts_with_the_school(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch)
    html = card.school_box.value
    assert "Op school" in html and "Het Voorbeeld College" in html and STUDENT_NAME in html
    assert "Kamer 1.12" in html and "vertrouwenspersoon@voorbeeldcollege.example" in html
    assert "Jongerenwerk Voorbeeldstad" in html
    assert MELDCODE_NAME not in html and MELDCODE_MAIL not in html  # staff only
    parts = card.school_box.value + card.national.value + card.list.value
    assert parts.index("Op school") < parts.index(STUDENT_NAME) < parts.index("Alarmnummer 112")


def test_screen_card_for_the_teacher_shows_the_meldcode_contact(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch, role="teacher")
    assert MELDCODE_NAME in card.school_box.value and "Meldcode" in card.school_box.value


#: A file path or a file name of the project: never in anything a student sees (issue 25).
FILE_PATH_RE = re.compile(r"[\w.-]+\.(?:ya?ml|ipynb|py)\b|lessons/|school\.yaml")


def _all_html(widget: object) -> str:
    """The markup of every HTML widget in a widget tree (what the screen shows), without the
    shared stylesheet."""
    import ipywidgets as W

    out, todo = [], [widget]
    while todo:
        w = todo.pop()
        if isinstance(w, (W.HTML, W.HTMLMath, W.Label)):
            out.append(w.value)
        todo.extend(getattr(w, "children", ()) or ())
    return re.sub(r"<style>.*?</style>", "", "\n".join(out), flags=re.S)


@pytest.mark.parametrize("style", ["normal", "projector"])
def test_screen_card_without_a_profile_shows_a_student_a_neutral_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, style: str) -> None:
    (tmp_path / "les").mkdir()
    monkeypatch.setenv("KIJKVERDER_STYLE", style)
    card = _screen_card(tmp_path / "les", monkeypatch)
    html = card.school_box.value
    assert "Op school" in html and "mentor" in html
    assert not FILE_PATH_RE.search(_all_html(card)), _all_html(card)
    assert "Nog niet ingevuld" not in html and "Voor de docent" not in html


def test_screen_card_without_a_profile_tells_the_teacher_what_to_fill_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "les").mkdir()
    card = _screen_card(tmp_path / "les", monkeypatch, role="teacher")
    html = card.school_box.value
    assert "Voor de docent" in html and "lessons/school.yaml" in html
    assert "school.example.yaml" in html


def test_screen_card_with_a_broken_profile_names_the_problem_to_the_teacher_only(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "school.yaml").write_text(_text(_profile(phone="06-12345678")), "utf-8")
    card = _screen_card(tree / LESSON, monkeypatch, role="teacher")
    assert "Op school" in card.school_box.value and "phone" in card.school_box.value
    student = _screen_card(tree / LESSON, monkeypatch)
    assert "Op school" in student.school_box.value and "mentor" in student.school_box.value
    assert not FILE_PATH_RE.search(_all_html(student)), _all_html(student)
    assert "phone" not in student.school_box.value


# ------------------------------------------------------------------------------ in print
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_print_card_with_and_without_a_profile(tree: Path, edition: str) -> None:
    from kijkverder.printing import lesson_html

    nb = _notebook(tree)
    without = lesson_html(nb, edition)
    assert "<h4>Op school</h4>" in without
    # a clean block to fill in by hand, on every edition
    fill = without[without.index("kv-school-fill"):]
    assert fill.index("Op school kun je terecht bij:") < fill.index("Waar:") < fill.index("Wanneer:")
    # ... that says where the names come from (review 4, student15 m5)
    before = without[:without.index('class="kv-school-fill"')]
    assert "Je docent schrijft dit op het bord. Schrijf het hier over." in before[-400:]
    # the instruction to fill in the profile is for the teacher's edition only
    assert ("lessons/school.yaml" in without) == (edition == "teacher")
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    html = lesson_html(nb, edition)
    assert 'class="kv-school-fill"' not in html and "lessons/school.yaml" not in html
    assert html.index("<h4>Op school</h4>") < html.index(STUDENT_NAME) < html.index("Alarmnummer 112")
    assert (MELDCODE_NAME in html) == (edition == "teacher")


def test_student_print_never_shows_the_meldcode_even_unprojected() -> None:
    school = load_content(EXAMPLE, expected_kind="school")
    for edition in ("student",):
        html = HelpCard.render_print(None, edition, school=school)
        assert STUDENT_NAME in html and MELDCODE_NAME not in html


def test_student_pdf_starts_the_help_card_with_the_school(tree: Path, tmp_path: Path) -> None:
    from kijkverder.build import build

    out = tmp_path / "pdf"
    result = build([_notebook(tree)], out, jobs=1, book=False, log=lambda _m: None,
                   school=EXAMPLE)
    assert not result.refused
    pdf = next(p for p in result.written if p.name.endswith("-werkblad.pdf"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.split())  # two columns: a name may wrap, so look for its start
    heading = text.index("Weet je niet waar je begint? Begin op school bij je mentor")  # the intro
    assert heading < text.index("Op school Op Het Voorbeeld College") < \
        text.index("Vertrouwenspersoon: Mevrouw S.") < text.index("Alarmnummer 112")
    assert MELDCODE_NAME not in text and "Op school kun je terecht bij" not in text


def test_without_a_profile_no_student_pdf_names_a_file(tree: Path, tmp_path: Path) -> None:
    """Issue 25: paper shows a clean fill-in block; the instruction is in the teacher edition."""
    from kijkverder.build import build

    result = build([_notebook(tree)], tmp_path / "pdf", jobs=1, book=False, log=lambda _m: None)
    assert not result.refused
    texts = {p.name.rsplit("-", 1)[-1]: " ".join(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True, text=True,
        check=True).stdout.split()) for p in result.written}
    assert {"werkblad.pdf", "strookjes.pdf", "docentenversie.pdf"} <= set(texts)
    for name, text in texts.items():
        if name != "docentenversie.pdf":
            assert not FILE_PATH_RE.search(text), (name, FILE_PATH_RE.search(text))
    assert "Op school kun je terecht bij:" in texts["werkblad.pdf"]
    # (a line may break after the slash: pdftotext then gives "lessons/ school.yaml")
    assert "lessons/school.yaml" in texts["docentenversie.pdf"].replace("/ ", "/")


def test_without_a_profile_no_student_copy_names_a_file(tree: Path, tmp_path: Path) -> None:
    """Released notebooks (lab, present and the site use the same writer) hold no placeholder:
    the card is made when the lesson runs, from the widget code tested above."""
    out = tmp_path / "copy"
    write_copy([LessonSource.open(_notebook(tree))], out, role="student")
    for f in out.rglob("*.ipynb"):
        assert "school.yaml" not in f.read_text("utf-8"), f


def test_the_pdf_cache_key_includes_the_profile(tree: Path, tmp_path: Path) -> None:
    from kijkverder.build import plan

    source = LessonSource.open(_notebook(tree))
    # the PDFs with a help card (not the slips, not the law sheet: the profile is not on them)
    keys = lambda **kw: [j.key for j in plan([source], tmp_path, book=True, **kw)  # noqa: E731
                         if j.edition in ("student", "teacher", "cards", "book")]
    none = keys()
    other = tmp_path / "andere-school.yaml"
    other.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    with_option = keys(school=other)
    assert all(a != b for a, b in zip(none, with_option))
    other.write_text(_text(_profile(name="Een Andere School")), "utf-8")
    assert all(a != b for a, b in zip(with_option, keys(school=other)))
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    source = LessonSource.open(_notebook(tree))
    assert all(a != b for a, b in zip(none, keys()))  # lessons/school.yaml: in the fingerprint


def test_handouts_refuse_a_broken_profile(tree: Path, tmp_path: Path) -> None:
    bad = tmp_path / "school.yaml"
    bad.write_text(_text(_profile(phone="06-12345678")), "utf-8")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "handouts", str(_notebook(tree)),
                          "--out", str(tmp_path / "pdf"), "--school", str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1
    assert f"{bad}: phone:" in res.stderr
    assert not list((tmp_path / "pdf").glob("*.pdf"))


# ------------------------------------------------------------------------------ copies
def test_the_one_writer_copies_the_profile_for_the_role(tree: Path, tmp_path: Path) -> None:
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    source = LessonSource.open(_notebook(tree))
    student, teacher = tmp_path / "student", tmp_path / "teacher"
    write_copy([source], student, "student")
    write_copy([source], teacher, "teacher")
    copied = (student / "school.yaml").read_text("utf-8")
    assert STUDENT_NAME in copied and MELDCODE_NAME not in copied and "meldcode" not in copied
    assert MELDCODE_NAME in (teacher / "school.yaml").read_text("utf-8")
    # the copy is a valid profile that check accepts
    assert check_paths([student / "school.yaml"]) == []
    # no student file anywhere in the copy holds the meldcode contact
    for f in student.rglob("*"):
        if f.is_file():
            assert MELDCODE_MAIL not in f.read_text("utf-8", errors="replace"), f


def test_release_with_school_option(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "release", str(_notebook(tree)),
                          "--out", str(out), "--school", str(EXAMPLE)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    school = parse_content((out / "school.yaml").read_text("utf-8"), "school.yaml", "school")
    assert school.name == "Het Voorbeeld College" and school.meldcode is None
    assert school == project(load_content(EXAMPLE), "student")


def test_without_a_profile_the_copy_has_none(tree: Path, tmp_path: Path) -> None:
    write_copy([LessonSource.open(_notebook(tree))], tmp_path / "c", "student")
    assert not (tmp_path / "c" / "school.yaml").exists()


# ------------------------------------------------------------------ --school on every command
#: A second school, named in a file that is not called school.yaml: ``--school`` takes any path.
NOORD_NAME = "Het Testcollege Noord"
NOORD_MAIL = "zorg@testcollege-noord.example"


def _noord(folder: Path) -> Path:
    """A valid profile of another school, in ``folder/noord.yaml``."""
    data = _profile(name=NOORD_NAME, web="testcollege-noord.example")
    data["contacts"] = [{**c, "email": NOORD_MAIL} for c in data["contacts"]]
    data["meldcode"] = {**data["meldcode"], "email": "meldcode@testcollege-noord.example"}
    path = folder / "noord.yaml"
    path.write_text(_text(data), "utf-8")
    assert check_school(path) == []
    return path


def _broken(folder: Path) -> Path:
    path = folder / "kapot.yaml"
    path.write_text(_text(_profile(phone="06-12345678")), "utf-8")
    return path


def _card_in(lesson_folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The help card's school box as a kernel in ``lesson_folder`` of a copy shows it (the role
    comes from the copy's own ``kijkverder-view.yaml``)."""
    with monkeypatch.context() as m:  # back out before the copy is removed
        m.chdir(lesson_folder)
        m.delenv("KIJKVERDER_VIEW", raising=False)
        return HelpCard().school_box.value


def _cli(*args: str, tmp: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "kijkverder.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout, env={**os.environ, "TMPDIR": str(tmp)})


@pytest.mark.parametrize("command", [["present", "01", "--no-browser", "--port=9"],
                                     ["lab", "--no-browser", "--port=9"],
                                     ["site", "01"]], ids=["present", "lab", "site"])
def test_a_broken_profile_refuses_to_start_or_build(command: list[str], tmp_path: Path) -> None:
    """Fail closed: the profile's one-line problems, then one line that names the refusal; no
    server, no copy, no site, no traceback."""
    bad = _broken(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    extra = ["--out", str(tmp_path / "site")] if command[0] == "site" else []
    res = _cli(*command, *extra, "--school", str(bad), tmp=tmp)
    assert res.returncode == 1, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0].startswith(f"{bad}: phone: '06-12345678' is not a Dutch phone number")
    assert lines[-1].startswith(f"{bad}: --school: the school profile fails kijkverder check "
                                "(1 problem(s) above)")
    assert len(lines) == 2 and "Traceback" not in res.stderr and res.stdout == ""
    assert list(tmp.iterdir()) == [] and not (tmp_path / "site").exists()


def test_a_missing_profile_refuses_present(tmp_path: Path) -> None:
    res = _cli("present", "01", "--no-browser", "--school", str(tmp_path / "nergens.yaml"),
               tmp=tmp_path)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith(f"{tmp_path / 'nergens.yaml'}: (file): file not found")


def test_lab_teacher_refuses_the_school_option(tree: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``--teacher`` opens the source lessons in place, which use their own school.yaml: another
    profile cannot reach them without writing into the lessons, so the option is refused (one
    line, before anything starts) instead of silently ignored."""
    import tempfile

    import kijkverder.lab as labmod

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(labmod, "run_server", lambda *a, **k: pytest.fail("lab started"))
    with pytest.raises(ValueError) as e:
        labmod.lab(str(tree), teacher=True, school=_noord(tmp_path), open_browser=False)
    message = str(e.value)
    assert "\n" not in message and message.startswith(f"{tmp_path / 'noord.yaml'}: --school: not "
                                                      "with --teacher")
    assert f"{tree / 'school.yaml'}" in message
    assert list((tmp_path / "tmp").iterdir()) == []
    res = _cli("lab", "--teacher", "--no-browser", "--port=9", "--school",
               str(tmp_path / "noord.yaml"), tmp=tmp_path / "tmp")
    assert res.returncode == 1 and res.stderr.strip() == message.replace(str(tree), "lessons")


def test_lab_serves_a_student_copy_with_the_school_option(tree: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy ``kijkverder lab --school`` serves: every help card there starts with that
    school's contact (not the example next to the lessons), without the meldcode contact."""
    import tempfile

    import kijkverder.lab as labmod

    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")  # the default
    noord = _noord(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    cards: list[str] = []

    def fake_server(cmd, env, cwd=None, on_exit=None) -> int:
        served = Path(next(a.split("=", 1)[1] for a in cmd if a.startswith("--notebook-dir=")))
        assert served.is_relative_to(tmp_path / "tmp") and Path(cwd) == served
        cards.append(_card_in(served / LESSON, monkeypatch))
        assert MELDCODE_NAME not in (served / "school.yaml").read_text("utf-8")
        return 0

    monkeypatch.setattr(labmod, "run_server", fake_server)
    assert labmod.lab(str(tree), school=noord, open_browser=False) == 0
    assert labmod.lab(str(tree), open_browser=False) == 0  # without the option: the default
    with_option, default = cards
    assert "Op school" in with_option and NOORD_NAME in with_option and NOORD_MAIL in with_option
    assert "Voorbeeld College" not in with_option and MELDCODE_NAME not in with_option
    assert "Het Voorbeeld College" in default and NOORD_NAME not in default
    assert list((tmp_path / "tmp").iterdir()) == []  # the private folder is gone afterwards


def _kernel_card(connection_file: Path) -> str:
    """The school box of the help card that the served page's kernel holds (what the page shows:
    the widget's state lives in the kernel), read by a second client of that kernel."""
    from jupyter_client import BlockingKernelClient

    code = ("import gc\nfrom widgets import HelpCard\n"
            "print(''.join(o.school_box.value for o in gc.get_objects() "
            "if isinstance(o, HelpCard)))")
    kc = BlockingKernelClient(connection_file=str(connection_file))
    kc.load_connection_file()
    kc.start_channels()
    out: list[str] = []
    try:
        kc.wait_for_ready(timeout=30)
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(
            m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
    return "".join(out)


def test_present_with_the_school_option_serves_that_school(tmp_path: Path) -> None:
    """``kijkverder present 01 --school noord.yaml``: the served page's help card starts with that
    school's contact; the copy it runs holds that profile, for the student."""
    import os
    import signal

    from tests.browser.conftest import free_port, wait_http
    from tests.test_servers import present_url, raw_get

    noord = _noord(tmp_path)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    log_path = tmp_path / "present.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "kijkverder.cli", "present", "01",
                                 "--no-browser", f"--port={port}", "--school", str(noord)],
                                cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp)}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_http(f"http://127.0.0.1:{port}/voila/templates/kijkverder/static/projector.css",
                      proc, timeout=120)
            url = present_url(tmp)  # printed once the server answers (tmp.parent holds the log)
            status, body = raw_get(url)  # renders the page: runs the lesson in a kernel
            assert status == 200 and b"HelpCard" in body
            (copy,) = tmp.glob("kijkverder-present-*")
            profile = (copy / "school.yaml").read_text("utf-8")
            assert NOORD_NAME in profile and MELDCODE_NAME not in profile
            (connection,) = copy.glob("voila_*/kernel-*.json")
            card = _kernel_card(connection)
            assert card.startswith("<") and "Op school" in card, card
            assert NOORD_NAME in card and NOORD_MAIL in card and MELDCODE_NAME not in card
            assert "Op school kun je terecht bij" not in card and "mentor vertelt" not in card
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)
    assert list(tmp.iterdir()) == []  # copy and connection files removed on exit


def _pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.split())


def test_site_with_the_school_option(tree: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """``kijkverder site --school``: the lesson copies (notebook and projector view run in them)
    carry that profile, every PDF on the download list prints it, and another profile is another
    build. The downloads and ``jupyter lite build`` are left out here (the lite build copies the
    contents to ``files/``); tests/browser/test_site.py builds and opens the whole site."""
    import json

    import kijkverder.site as site
    from kijkverder.targets import site_targets

    pages: dict = {}

    class NoLite(site.JupyterLite):
        """The JupyterLite half left out: the lite build copies the contents to ``files/``."""

        def download(self, cache, audience, log):
            pass

        def build(self, contents, work, staged, audience, cache, log):
            shutil.copytree(contents, staged / "files")

        def lesson_pages(self, staged, cells, student, titles):
            pages.update(cells)

        def check(self, staged):
            pass

    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")  # the default
    noord = _noord(tmp_path)
    out, cache = tmp_path / "site", tmp_path / "cache"
    site.build_site([_notebook(tree)], out, cache=cache, log=lambda _m: None, school=noord,
                    lite=NoLite())

    profile = (out / "files" / "school.yaml").read_text("utf-8")
    assert NOORD_NAME in profile and MELDCODE_NAME not in profile
    # the notebook and the projector view both run in files/<lesson>: their help card
    card = _card_in(out / "files" / LESSON, monkeypatch)
    assert NOORD_NAME in card and NOORD_MAIL in card and "Voorbeeld College" not in card
    index = (out / "index.html").read_text("utf-8")
    # the projector view (a built page per lesson) carries that folder's files, this profile
    # with them, and changes into its copy of the folder (not the drive's: no round trip a file)
    first = pages[LESSON][0]
    assert f"repl/{LESSON}/index.html" in index and "/drive/" not in first
    assert NOORD_NAME in first and MELDCODE_NAME not in first and "Voorbeeld College" not in first
    assert f"os.chdir('/home/pyodide/kijkverder/{LESSON}')" in first
    pdfs = sorted((out / "pdf").glob("*.pdf"))
    editions = {p.stem.removeprefix(LESSON + "-") for p in pdfs}
    assert {"werkblad", "grote-letters"} <= editions <= {t.name for t in site_targets("leerlingen")}
    for pdf in pdfs:
        text = _pdf_text(pdf)
        if not pdf.stem.endswith(("knipkaarten", "strookjes")):  # cards and slips: no help card
            assert "Op school" in text and NOORD_NAME in text, pdf.name
        assert "Voorbeeld College" not in text and MELDCODE_NAME not in text, pdf.name
    # another profile is another site: the stamp's key includes the profile
    key = json.loads((out / site.STAMP).read_text("utf-8"))["key"]
    assert key != site._input_key([_notebook(tree)], "leerlingen")
    noord.write_text(_text(_profile(name="Het Testcollege Zuid")), "utf-8")
    assert key != site._input_key([_notebook(tree)], "leerlingen", noord)


def test_lab_refuses_to_start_when_every_lesson_is_refused(tree: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail closed: a broken default profile refuses every lesson; lab then does not start on an
    empty copy (students would see an empty folder and no reason) but says why, before starting."""
    import tempfile

    import kijkverder.lab as labmod

    (tree / "school.yaml").write_text(_text(_profile(phone="06-12345678")), "utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(labmod, "run_server", lambda *a, **k: pytest.fail("lab started"))
    with pytest.raises(ValueError) as e:
        labmod.lab(str(tree), open_browser=False)
    assert "\n" not in str(e.value) and "no lesson passes kijkverder check" in str(e.value)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_without_a_profile_the_command_tells_the_teacher(tree: Path) -> None:
    """Issue 25: the instruction to fill in the profile is command output for the teacher (after
    the work), not text on a student's card; with a profile, nothing is said."""
    shutil.copy(LESSONS / "woordenlijst.txt", tree / "woordenlijst.txt")

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", f"lessons/{LESSON}"],
                              cwd=tree.parent, capture_output=True, text=True, timeout=120,
                              env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})

    res = check()
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("Let op: er is nog geen schoolprofiel "
                                                          "(lessons/school.yaml)"), res.stderr
    (tree / "school.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    res = check()
    assert res.returncode == 0 and "schoolprofiel" not in res.stderr, res.stderr
