"""Hostile lesson files (issue 18 items 2, 4, 5, 6, 7; issue 12 item 1): one line each, no
traceback, no hang, no memory blow-up, nothing read from outside the lesson folder."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kijkverder.check import check_notebook, check_paths
from kijkverder.textrules import text_problems
from widgets.contentio import ContentError
from widgets.schema import load_content, parse_content

ROOT = Path(__file__).resolve().parent.parent

#: 400 bytes that expand to 10^9 strings when a walker follows the aliases.
BOMB = textwrap.dedent("""\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    kind: *i
    title: *i
    """)

#: Runs in a child with a hard memory cap, so a failing run cannot take the machine down.
#: The child's program: its imports first, then ``body``, measured in CPU seconds and in how
#: much it raised the peak memory (what a bomb costs is CPU and memory; the wall clock of a
#: loaded CI machine is not, and importing the tool is not what is measured).
MEASURE = textwrap.dedent("""\
    import resource, sys, time
    {imports}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.process_time()
    {body}
    print("SECONDS", time.process_time() - t)
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
    """)


@pytest.fixture(autouse=True)
def no_hang():
    """Every test here ends within a minute: a FIFO that blocks an open() fails the test."""
    import signal

    def hung(*_: object) -> None:
        raise TimeoutError("hung (an odd file was opened?)")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource
    cap = 2 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run_capped(body: str, cwd: Path, timeout: float = 60) -> tuple[str, float, int]:
    """Run ``body`` in a memory-capped child; return its output, the CPU seconds of ``body``
    after its imports and how many KB it raised the child's peak RSS (:data:`MEASURE`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lines = body.splitlines()
    imports = [ln for ln in lines if ln.startswith(("from ", "import "))]
    program = MEASURE.format(imports="\n".join(imports),
                             body="\n".join(ln for ln in lines if ln not in imports))
    res = subprocess.run([sys.executable, "-c", program], capture_output=True,
                         text=True, cwd=cwd, timeout=timeout, preexec_fn=_limit_memory, env=env)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    secs = float(res.stdout.split("SECONDS ")[1].split()[0])
    rss = int(res.stdout.split("MAXRSS_KB ")[1].split()[0])
    return res.stdout, secs, rss


# --------------------------------------------------------------------------- 18.2 YAML bombs
def test_billion_laughs_is_refused_in_check_fast_and_small(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_text(BOMB, "utf-8")
    body = ("from kijkverder.check import check_paths\n"
            "for p in check_paths(['bom.yaml']): print('PROBLEM', p)")
    out, secs, rss = run_capped(body, tmp_path)
    problems = [ln.removeprefix("PROBLEM ") for ln in out.splitlines() if ln.startswith("PROBLEM ")]
    assert problems == ["bom.yaml: line 1: YAML anchors and aliases (&, *) are not allowed; "
                        "write the value out in full"], out
    assert secs < 5 and rss < 300 * 1024, (secs, rss)


def test_billion_laughs_cli_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_text(BOMB, "utf-8")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", "bom.yaml"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         preexec_fn=_limit_memory, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stdout.startswith("bom.yaml: line 1: YAML anchors and aliases")


def test_billion_laughs_in_a_notebook_shows_the_error_box(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_text(BOMB.replace("kind: *i", "kind: quiz"), "utf-8")
    body = ("from widgets import ErrorBox, Quiz\n"
            "box = Quiz.load('bom.yaml')\n"
            "print('BOX', isinstance(box, ErrorBox), 'anchors and aliases' in box.message.value)")
    out, secs, rss = run_capped(body, tmp_path)
    assert "BOX True True" in out
    assert secs < 10 and rss < 300 * 1024, (secs, rss)


def test_a_single_alias_is_refused_too() -> None:
    with pytest.raises(ContentError) as e:
        parse_content("kind: quiz\ntitle: &t Hallo\nintro: *t\n", "q.yaml")
    (p,) = e.value.problems
    assert (p.path, p.field) == ("q.yaml", "line 2") and "anchors and aliases" in p.message


def test_duplicate_keys_are_refused_with_their_line() -> None:
    text = "kind: quiz\ntitle: Eerste\nquestions: []\ntitle: Tweede\n"
    with pytest.raises(ContentError) as e:
        parse_content(text, "q.yaml")
    (p,) = e.value.problems
    assert str(p) == ("q.yaml: line 4: duplicate key 'title' (also on line 2); "
                      "keep one of them")


def test_duplicate_keys_deeper_down() -> None:
    text = "kind: quiz\ntitle: T\nquestions:\n  - id: a\n    text: x\n    id: b\n"
    with pytest.raises(ContentError) as e:
        parse_content(text, "q.yaml")
    assert str(e.value.problems[0]).startswith("q.yaml: line 6: duplicate key 'id'")


def test_help_registry_uses_the_same_loader() -> None:
    from widgets.registry import parse_registry

    with pytest.raises(ContentError) as e:
        parse_registry("checked: '2026-01-01'\nchecked: '2026-01-02'\norganisations: []\n", "r.yaml")
    assert "duplicate key 'checked'" in e.value.problems[0].message


# --------------------------------------------------------------------------- helpers
def _notebook(path: Path, cells: list[dict]) -> Path:
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for i, c in enumerate(cells):
        c.setdefault("id", f"c{i}")
        c.setdefault("metadata", {})
        if c["cell_type"] == "code":
            c["metadata"].setdefault("jupyter", {"source_hidden": True})
            c.setdefault("outputs", [])
            c.setdefault("execution_count", None)
    path.write_text(json.dumps(nb), "utf-8")
    return path


def md(source: str, **meta) -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": meta}


def code(source: str) -> dict:
    return {"cell_type": "code", "source": source}


def lines_for(problems, field: str | None = None) -> list[str]:
    return [str(p) for p in problems if field is None or p.field == field]


# --------------------------------------------------------------------------- 18.4 raw HTML, images
@pytest.mark.parametrize("source, words", [
    ("Hallo <script>alert(1)</script>", "raw HTML tag <script>"),
    ("Kijk <img src=x onerror=alert(1)>", "raw HTML tag <img>"),
    ("<div>\nblok\n</div>", "raw HTML tag <div>"),
    ("![plaatje](//evil.example/x.png)", "image '//evil.example/x.png'"),
    ("![plaatje](https://evil.example/x.png)", "image 'https://evil.example/x.png'"),
    ("![plaatje](file:///etc/passwd)", "image 'file:///etc/passwd'"),
    ("![plaatje](/etc/hostname)", "image '/etc/hostname'"),
    ("![plaatje](../buiten.png)", "image '../buiten.png'"),
])
def test_markdown_with_raw_html_or_foreign_image_is_refused(tmp_path: Path, source: str,
                                                             words: str) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [md(source)])
    found = lines_for(check_notebook(nb), "cells[0]")
    assert len([ln for ln in found if words in ln]) == 1, found


def test_image_inside_the_lesson_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "kaart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    nb = _notebook(tmp_path / "les.ipynb", [md("![kaart](img/kaart.png) en `3 < 5` als code")])
    assert check_notebook(nb) == []


def test_pdf_fetcher_serves_only_the_lesson_folder_and_fonts(tmp_path: Path) -> None:
    from handouts.render import lesson_fetcher

    lesson = tmp_path / "les"
    lesson.mkdir()
    (lesson / "ok.png").write_bytes(b"png")
    (tmp_path / "geheim.png").write_bytes(b"secret")
    fetch = lesson_fetcher(lesson.as_uri() + "/")
    assert fetch((lesson / "ok.png").as_uri()).read() == b"png"
    for url in [(tmp_path / "geheim.png").as_uri(), "file:///etc/hostname", "file://evil/x.png",
                "http://example.org/x.png", (lesson / ".." / "geheim.png").as_uri()]:
        with pytest.raises(ValueError, match="refused"):
            fetch(url)
    from handouts.render import print_css
    font = print_css().split("url(")[1].split(")")[0]
    assert fetch(font).read()[:4]


def test_protocol_relative_image_does_not_crash_the_pdf(tmp_path: Path) -> None:
    from handouts.render import html_to_pdf
    from kijkverder.markdown import to_html as markdown_to_html

    html = markdown_to_html("![x](//evil.invalid/x.png) ![y](/etc/hostname)")
    assert "evil.invalid" not in html and "/etc/hostname" not in html
    raw = "<p><img src='//evil.invalid/x.png'><img src='file:///etc/hostname'></p>"
    pdf = html_to_pdf(raw, base_url=tmp_path.as_uri() + "/")
    assert pdf.startswith(b"%PDF")


# --------------------------------------------------------------------------- 18.5 hidden characters
@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff"])
def test_hidden_characters_are_reported(char: str) -> None:
    probs = text_problems("x.yaml", "title", f"Bel 0800{char}-2000")
    assert any(f"U+{ord(char):04X}" in p.message for p in probs), probs


def test_hidden_characters_in_yaml_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(
        "kind: statements\ntitle: Stel\u200bling\nstatements:\n  - id: a\n    text: Een\n"
        "  - id: b\n    text: Twee \u202eneet\n", "utf-8")
    found = lines_for(check_paths([tmp_path / "q.yaml"]))
    assert [ln.split(": ")[1] for ln in found if "hidden character" in ln] == \
        ["title", "statements[1].text"], found
    nb = _notebook(tmp_path / "les.ipynb", [md("Zoek op\u2066 internet"),
                                            md("Bel 0800&#x200B;-2000")])
    assert any("U+2066" in ln for ln in lines_for(check_notebook(nb), "cells[0]"))
    found = lines_for(check_notebook(nb), "cells[1]")
    assert any("U+200B" in ln for ln in found) and any("phone number" in ln for ln in found), found


# --------------------------------------------------------------------------- 18.6 keywords
@pytest.mark.parametrize("src, words", [
    ('Statements.load("s.yaml", teacher=True)', "Statements does not take teacher="),
    ('Scenario.load("s.yaml", teacher=False)', "Scenario does not take teacher="),
    ('PromptCards.load("s.yaml", teacher=True)', "PromptCards does not take teacher="),
    ('HelpCard(topics=["online"], teacher=True)', "HelpCard does not take teacher="),
    ('Quiz.load("s.yaml", kleur="rood")', "Quiz does not take kleur="),
])
def test_undocumented_keywords_are_refused(tmp_path: Path, src: str, words: str) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [code("from widgets import *\n" + src)])
    found = lines_for(check_notebook(nb), "cells[0]")
    assert any(words in ln for ln in found), found


def test_documented_keywords_pass(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [
        code('from widgets import HelpCard\nHelpCard(topics=["online"])'),
        code('from widgets import Timer\nTimer(minutes=3, seconds=10, label="Groepswerk")')])
    assert check_notebook(nb) == []


# --------------------------------------------------------------------------- 18.7 odd files
def _odd_folder(tmp_path: Path) -> Path:
    d = tmp_path / "les"
    d.mkdir()
    (tmp_path / "buiten.yaml").write_text("kind: quiz\ntitle: Buiten\n", "utf-8")
    os.symlink("lus.yaml", d / "lus.yaml")
    os.mkfifo(d / "pijp.yaml")
    (d / "map.yaml").mkdir()
    os.symlink(tmp_path / "buiten.yaml", d / "weg.yaml")
    os.symlink(d / "nergens.yaml", d / "dood.yaml")
    return d


ODD = {"lus.yaml": "symbolic link loop", "pijp.yaml": "not a regular file",
       "map.yaml": "not a regular file", "weg.yaml": "points outside the lesson folder",
       "dood.yaml": "broken symbolic link"}


def test_odd_files_one_line_each_no_hang(tmp_path: Path) -> None:
    d = _odd_folder(tmp_path)
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", "les", "les/weg2.yaml"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1 and "Traceback" not in res.stdout + res.stderr, res.stderr
    lines = res.stdout.splitlines()
    for name, words in {**ODD, "weg2.yaml": "not found"}.items():
        mine = [ln for ln in lines if ln.startswith(f"les/{name}: ")]
        assert len(mine) == 1 and words in mine[0] and ": (file): " in mine[0], (name, lines)
    assert len(lines) == len(ODD) + 1, lines
    assert d.exists()


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_files_are_not_opened_by_load_content(tmp_path: Path, name: str) -> None:
    d = _odd_folder(tmp_path)
    with pytest.raises(ContentError) as e:
        load_content(d / name)
    (p,) = e.value.problems
    assert p.field == "(file)" and ODD[name] in p.message


def test_notebook_loading_an_odd_file_or_a_path_outside(tmp_path: Path) -> None:
    d = _odd_folder(tmp_path)
    nb = _notebook(d / "les.ipynb", [code('from widgets import Quiz\nQuiz.load("pijp.yaml")'),
                                     code('from widgets import Quiz\nQuiz.load("../buiten.yaml")'),
                                     code('from widgets import Quiz\nQuiz.load("/etc/hostname")')])
    found = lines_for(check_notebook(nb))
    assert any("pijp.yaml" in ln and "not a regular file" in ln for ln in found), found
    assert any(ln.startswith(f"{nb}: cells[1]: ") and "outside the lesson folder" in ln
               for ln in found), found
    assert any(ln.startswith(f"{nb}: cells[2]: ") and "outside the lesson folder" in ln
               for ln in found), found


def test_fifo_notebook_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pijp.ipynb")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", "pijp.ipynb"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1
    assert res.stdout.startswith("pijp.ipynb: (file): not a regular file")


# --------------------------------------------------------------------------- 12.1 tags
@pytest.mark.parametrize("tag, fix", [("Teacher", "teacher"), (" teacher ", "teacher"),
                                      ("Print-only", "print-only"), ("screen_only", "screen-only"),
                                      ("teachr", "teacher")])
def test_mistyped_tag_is_an_error_with_a_suggestion(tmp_path: Path, tag: str, fix: str) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [md("Tekst", tags=[tag])])
    (line,) = lines_for(check_notebook(nb))
    assert f"unknown tag {tag!r}; did you mean {fix!r}?" in line, line


# --------------------------------------------------------------------------- 112
def test_112_is_allowed_but_other_numbers_are_not() -> None:
    assert text_problems("x", "f", "Is het acuut? Bel 112.") == []
    for number in ["0800-2000", "0900-8844", "020-1234567", "06-12345678", "0612345678",
                   "+31 6 12345678", "1 1 2 0800 2000"]:
        assert any("phone number" in p.message for p in text_problems("x", "f", f"Bel {number}")), \
            number


# --------------------------------------------------------------------------- check_lesson
def test_check_lesson_covers_the_content_files(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text("kind: quiz\ntitle: T\ntitle: U\n", "utf-8")
    from kijkverder.check import check_lesson

    nb = _notebook(tmp_path / "les.ipynb", [code('from widgets import Quiz\nQuiz.load("q.yaml")')])
    found = lines_for(check_lesson(nb))
    assert any(ln.startswith("q.yaml: line 3: duplicate key") or "q.yaml: line 3" in ln
               for ln in found), found


def test_check_lesson_covers_the_shared_glossary(tmp_path: Path, lesson01: Path) -> None:
    import shutil

    from kijkverder.check import check_lesson

    dest = tmp_path / "lessons" / lesson01.parent.name
    shutil.copytree(lesson01.parent, dest)
    gloss = lesson01.parent.parent / "begrippen.yaml"
    text = gloss.read_text("utf-8").replace("definition: ", "definition: \u202e", 1)
    (tmp_path / "lessons" / "begrippen.yaml").write_text(text, "utf-8")
    found = lines_for(check_lesson(dest / lesson01.name))
    assert any("begrippen.yaml: terms[" in ln and "U+202E" in ln for ln in found), found


# --------------------------------------------------------------------------- 23.5 one reader
def _les_yaml_copy(tmp_path: Path, lesson01: Path) -> Path:
    """A lessons root with lesson 01 and the shared files; returns the lesson's les.yaml."""
    import shutil

    root = tmp_path / "lessons"
    shutil.copytree(lesson01.parent, root / lesson01.parent.name)
    for shared in ("begrippen.yaml", "feiten.yaml"):
        shutil.copy2(lesson01.parent.parent / shared, root / shared)
    return root / lesson01.parent.name / "les.yaml"


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("spoil", ["fifo", "audience-list"])
def test_present_reads_les_yaml_through_the_safe_reader(tmp_path: Path, lesson01: Path,
                                                        spoil: str) -> None:
    les = _les_yaml_copy(tmp_path, lesson01)
    if spoil == "fifo":
        _fifo(les)
    else:
        les.write_text(les.read_text("utf-8").replace("audience: leerlingen", "")
                       + "audience: [x]\n", "utf-8")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "present", "01", "--no-browser"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert lines and all(ln.startswith("lessons/01-wat-is-uitbuiting/les.yaml: ") for ln in lines), \
        res.stderr
    assert ("not a regular file" if spoil == "fifo" else "audience") in res.stderr


def test_site_index_uses_the_checked_lesson_not_the_file(tmp_path: Path, lesson01: Path) -> None:
    """The start page takes number, title and subtitle from the lesson the gate read: a
    ``les.yaml`` swapped afterwards (a FIFO, or a broken audience) neither hangs nor breaks it."""
    from kijkverder.lessons import LessonSource
    from kijkverder.site import write_index

    les = _les_yaml_copy(tmp_path, lesson01)
    source = LessonSource.open(les.parent / lesson01.name)
    _fifo(les)
    out = tmp_path / "site"
    out.mkdir()
    write_index(out, [source], {}, "leerlingen", {les.parent.name: ["print(1)"]})
    page = (out / "index.html").read_text("utf-8")
    assert f"Les 01: {source.meta.title}" in page


# --------------------------------------------------------------------------- 24.1 climbing out
def _lesson_copy(tmp_path: Path, lesson: Path) -> Path:
    """A scratch copy of a lesson (with the glossary) in ``tmp_path/lessons``; its notebook."""
    import shutil

    root = tmp_path / "lessons"
    shutil.copytree(lesson.parent, root / lesson.parent.name)
    for shared in ("begrippen.yaml", "feiten.yaml"):
        shutil.copy(lesson.parent.parent / shared, root / shared)
    return root / lesson.parent.name / lesson.name


def _add_cell(nb_path: Path, source: str, tags: list[str] | None = None) -> None:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {"jupyter": {"source_hidden": True}, **({"tags": tags} if tags else {})}
    nb.cells.insert(2, cell)
    nbformat.write(nb, nb_path)


CLIMB = "a/../../../.bashrc"
QUIZ = ("kind: quiz\ntitle: 'x; touch pwned'\nquestions:\n- id: q1\n  type: true_false\n"
        "  text: Klopt dit?\n  options:\n  - {text: Waar, correct: true, feedback: Ja.}\n"
        "  - {text: Niet waar, feedback: Nee.}\n")


def _climbing_lesson(tmp_path: Path, lesson01: Path) -> Path:
    """Issue 24.1: ``a`` is a link to a folder three deep inside the lesson, so on the source
    side ``a/../../../.bashrc`` is the lesson's own ``.bashrc`` (a valid quiz); on the output side
    ``a`` is a new real folder, and the three ``..`` climb from the copy into its parent."""
    nb = _lesson_copy(tmp_path, lesson01)
    deep = nb.parent / "s1" / "s2" / "s3"
    deep.mkdir(parents=True)
    os.symlink("s1/s2/s3", nb.parent / "a")
    (nb.parent / ".bashrc").write_text(QUIZ, "utf-8")
    _add_cell(nb, f'from widgets import Quiz\nQuiz.load("{CLIMB}")')
    return nb


def test_a_shared_lesson_cannot_write_outside_the_release(tmp_path: Path, lesson01: Path) -> None:
    nb = _climbing_lesson(tmp_path, lesson01)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# mine\n", "utf-8")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "release", str(nb),
                          "--out", str(home / "leerlingen")], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120,
                         env={**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)})
    assert (home / ".bashrc").read_text("utf-8") == "# mine\n"
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert f"{CLIMB!r}" in res.stderr and "refused" in res.stderr, res.stderr
    assert not (home / "leerlingen" / nb.parent.name).exists()


def test_check_refuses_a_climbing_or_linked_reference(tmp_path: Path, lesson01: Path) -> None:
    nb = _climbing_lesson(tmp_path, lesson01)
    _add_cell(nb, 'from widgets import Quiz\nQuiz.load("s1/../starter.yaml")')
    (nb.parent / "s1" / "q.yaml").write_text(QUIZ, "utf-8")
    os.symlink("s1", nb.parent / "b")
    _add_cell(nb, 'from widgets import Quiz\nQuiz.load("b/q.yaml")')
    found = lines_for(check_notebook(nb))
    for ref, why in [(CLIMB, "no '..'"), ("s1/../starter.yaml", "no '..'"),
                     ("b/q.yaml", "'b' is a symbolic link")]:
        assert any(f"{ref!r}" in ln and why in ln for ln in found), (ref, found)
    # the gate refuses it too, even when check_paths is bypassed
    from kijkverder.lessons import LessonError, LessonSource

    with pytest.raises(LessonError) as e:
        LessonSource.open(nb)
    assert any(CLIMB in str(p) for p in e.value.problems)
    # a plain name in a real subfolder is fine
    assert not any("s1/q.yaml" in ln for ln in lines_for(check_notebook(nb)))


@pytest.mark.parametrize("rel", ["a/../../x.yaml", "/srv/x.yaml", "../x.yaml", "a/./../x",
                                 "", "a\\..\\x"])
def test_the_copy_writer_refuses_names_that_leave_its_folder(tmp_path: Path, rel: str) -> None:
    from kijkverder.targets import OutputRefused
    from kijkverder.release import write_files

    with pytest.raises(OutputRefused):
        write_files({rel: b"kind: quiz\n"}, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["out"])
    assert not (tmp_path / "x.yaml").exists()


# --------------------------------------------------------------------------- 24.4 checked bytes
@pytest.mark.parametrize("how", ["handouts", "preview"])
def test_a_save_during_the_build_never_reaches_paper(tmp_path: Path, lesson01: Path, how: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The teacher saves a notebook with a mistyped ``Teacher`` tag (which the gate refuses)
    right after the gate passed the lesson: the worksheet shows what the gate checked."""
    from concurrent.futures import ProcessPoolExecutor

    import nbformat
    from pypdf import PdfReader

    import kijkverder.check
    from kijkverder.build import build
    from kijkverder.preview import rebuild
    from tests.leaks import fragment, normalize

    nb_path = _lesson_copy(tmp_path, lesson01)
    secret = "Alleen de docent leest deze zin over de klas van vandaag."
    good = nbformat.read(nb_path, as_version=4)
    teacher = next(c for c in good.cells if "teacher" in c.metadata.get("tags", []))
    teacher.source += f"\n\n{secret}"
    nbformat.write(good, nb_path)
    bad = nbformat.read(nb_path, as_version=4)
    for cell in bad.cells:
        if "teacher" in cell.metadata.get("tags", []):
            cell.metadata["tags"] = ["Teacher"]
    real_gate = kijkverder.check.gate

    def gate_then_save(notebooks, **kwargs):
        passed = real_gate(notebooks, **kwargs)
        nbformat.write(bad, nb_path)  # saved while the build runs
        return passed

    monkeypatch.setattr(kijkverder.check, "gate", gate_then_save)
    out = tmp_path / "out"
    if how == "handouts":
        result = build([nb_path], out, jobs=1, book=False, log=lambda _m: None)
        refused = result.refused
    else:
        with ProcessPoolExecutor(2) as pool:
            refused = rebuild(nb_path, out, log=lambda _m: None, executor=pool).problems
    assert not refused
    sheet = out / f"{nb_path.parent.name}-werkblad.pdf"
    text = normalize(" ".join(p.extract_text() for p in PdfReader(sheet).pages))
    assert "Klas" in text and fragment(secret) not in text
    # the next build reads the saved notebook and refuses it
    monkeypatch.setattr(kijkverder.check, "gate", real_gate)
    again = build([nb_path], out, jobs=1, book=False, log=lambda _m: None)
    assert any("unknown tag 'Teacher'" in str(p) for ps in again.refused.values() for p in ps)


# --------------------------------------------------------------------------- 24.10 bounded reads
def test_a_big_file_or_a_link_to_proc_mem_in_the_lesson_folder(tmp_path: Path,
                                                                 lesson01: Path) -> None:
    """A 2 GB video (sparse) and a link to /proc/self/mem next to a lesson: check says all good,
    and the handouts build neither reads the video nor fails on the link (in a child whose
    memory is capped at 2 GB)."""
    nb = _lesson_copy(tmp_path, lesson01)
    with open(nb.parent / "film.mp4", "wb") as f:
        f.truncate(2 * 1024 ** 3)
    os.symlink("/proc/self/mem", nb.parent / "geheugen.yaml")
    os.symlink("/proc/self/mem", nb.parent / "geheugen.png")
    assert check_paths([nb]) == []
    body = (f"from pathlib import Path\nfrom kijkverder.build import build\n"
            f"r = build([Path({str(nb)!r})], Path({str(tmp_path / 'out')!r}), jobs=1, book=False, "
            "log=lambda m: None)\n"
            "print('REFUSED', r.refused)\nprint('WRITTEN', len(r.written))")
    out, _secs, rss = run_capped(body, tmp_path, timeout=120)
    assert "REFUSED {}" in out and "WRITTEN 3" in out, out
    assert rss < 1024 * 1024, rss  # KB: the video was not read


def test_site_input_key_reads_no_big_file_or_link(tmp_path: Path, lesson01: Path) -> None:
    nb = _lesson_copy(tmp_path, lesson01)
    with open(nb.parent / "film.mp4", "wb") as f:
        f.truncate(2 * 1024 ** 3)
    os.symlink("/proc/self/mem", nb.parent / "geheugen.yaml")
    body = (f"from pathlib import Path\nfrom kijkverder.site import _input_key\n"
            f"print('KEY', _input_key([Path({str(nb)!r})], 'leerlingen'))")
    out, _secs, rss = run_capped(body, tmp_path)
    assert "KEY " in out and rss < 1024 * 1024, (out, rss)


# --------------------------------------------------------------------------- 24.18 lesson size
@pytest.mark.parametrize("cells, chars", [(40_000, 16 * 1024 * 1024), (40_000, 0),
                                          (151, 0), (100, 151_000)])
def test_a_lesson_too_large_to_build_is_refused_in_one_line(tmp_path: Path, cells: int,
                                                            chars: int) -> None:
    from kijkverder.check import gate

    per = chars // cells
    (tmp_path / "lessons" / "01-groot").mkdir(parents=True)
    nb = _notebook(tmp_path / "lessons" / "01-groot" / "01-groot.ipynb",
                   [md("x" * per) for _ in range(cells)])
    (nb.parent / "les.yaml").write_text("kind: lesson\n", "utf-8")
    body = ("from kijkverder.check import check_paths\n"
            f"for p in check_paths([{str(nb)!r}]): print('PROBLEM', p)")
    out, secs, _rss = run_capped(body, tmp_path)
    lines = [ln for ln in out.splitlines() if ln.startswith("PROBLEM")]
    assert len(lines) == 1 and ": (file): " in lines[0], out
    assert ("cells (at most" in lines[0] or "characters of cell text" in lines[0]
            or "too large" in lines[0]), lines
    assert secs < 10, secs
    ok, refused = gate([nb])
    (line,) = [str(p) for p in refused["01-groot"]]
    assert ok == [] and line.endswith(lines[0][len("PROBLEM "):]), (line, lines)


def test_choosing_a_series_does_not_open_a_fifo_les_yaml(tmp_path: Path, lesson01: Path) -> None:
    """``--reeks`` reads each lesson's level before the gate: a FIFO named ``les.yaml`` is not
    opened there (it blocked the command); the lesson counts as the default series, so the gate
    sees it and reports the FIFO in one line. In a child: a blocked open() would be interrupted
    by this module's alarm as a ``TimeoutError``, an ``OSError`` the reader swallows."""
    les = _les_yaml_copy(tmp_path, lesson01)
    _fifo(les)
    code = ("import sys; from pathlib import Path; from kijkverder.lessons import resolve_lessons; "
            "print([p.parent.name for p in resolve_lessons([], Path(sys.argv[1]), level='b1')])")
    try:
        res = subprocess.run([sys.executable, "-c", code, str(les.parent.parent)],
                             capture_output=True, text=True, timeout=20,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail("resolve_lessons(level=...) blocked on a FIFO named les.yaml")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == repr([les.parent.name])
