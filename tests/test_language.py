"""Dutch language checks (kijkverder/language.py) over the whole project, and in ``kijkverder check``.

- The whole project: every lesson notebook and content file, the shared glossary, the school
  profile example, the help registry's names and descriptions and the Dutch UI strings and class
  agreements in ``widgets/i18n.py`` (project files, not lesson files: this test checks them) go
  through one ``hunspell -d nl`` process, with the reviewed word list ``lessons/woordenlijst.txt``.
- ``kijkverder check`` on a scratch project: the exact one-line report with a suggestion, the d/t
  line, exit 1; ``gate()`` still builds the lesson (a typo is not a safety problem); a word added
  to the project's word list is then accepted.

Needs the Debian packages ``hunspell`` and ``hunspell-nl`` (scripts/system-deps.sh): no skipping.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kijkverder.check import _targets, check_language
from kijkverder.language import (Field, Speller, SpellingUnavailable, check_fields, file_fields,
                                 grammar_problems, punctuation_problems, read_wordlist,
                                 spelling_problems, style_problems, tokens)
from tests.conftest import LESSONS, ROOT, lesson_notebooks

WORDLIST = LESSONS / "woordenlijst.txt"


def rel(path: Path) -> str:
    return str(path.resolve().relative_to(ROOT))


def lesson_fields() -> list[Field]:
    """What ``kijkverder check lessons`` checks: every notebook and content file under lessons/
    (lessons, glossary, school profile example)."""
    return [f for path, root in _targets([LESSONS]) for f in file_fields(path, root)]


def ui_fields() -> list[Field]:
    from widgets.agreements_text import AGREEMENTS
    from widgets.i18n import STRINGS

    path = "widgets/i18n.py"
    out = [Field(path, f"STRINGS['nl'][{key!r}]", re.sub(r"\{\w+\}", " ", text))
           for key, text in STRINGS["nl"].items()]
    out += [Field(path, f"AGREEMENTS['nl'][{i}]", text) for i, text in enumerate(AGREEMENTS["nl"])]
    return out


def registry_fields() -> list[Field]:
    """What a help card shows of each organisation: its name and what it is for."""
    path = ROOT / "widgets" / "data" / "resources.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    return [Field(rel(path), f"organisations[{org['id']}].{key}", org[key])
            for org in data["organisations"] for key in ("name", "for") if org.get(key)]


@lru_cache(maxsize=1)
def all_fields() -> list[Field]:
    return lesson_fields() + registry_fields() + ui_fields()


def unknown_words(words: set[str], accept: list[str]) -> dict[str, str | None]:
    with Speller() as speller:  # fails, never skips, when hunspell is not installed
        return speller.unknown(words, accept)


# ----------------------------------------------------------------------------- the checks
def test_everything_is_read() -> None:
    fields = all_fields()
    assert len(fields) > 500
    paths = {f.path for f in fields}
    for nb in lesson_notebooks():
        assert any(p.endswith(f"{nb.parent.name}/{nb.name}") for p in paths), nb
        assert any(p.endswith(f"{nb.parent.name}/les.yaml") for p in paths), nb
    assert {"lessons/begrippen.yaml", "lessons/school.example.yaml"} <= {p.removeprefix(f"{ROOT}/")
                                                                       for p in paths}
    assert not any(p.endswith("widgets-gallery.ipynb") for p in paths)  # English docs for authors
    # teacher notes and answers are read too (teachers read them)
    assert any(f.field.startswith("plan[") and f.field.endswith(".note") for f in fields)
    assert any(f.field.endswith(".feedback") for f in fields)


def test_spelling_of_all_lessons_and_ui_strings() -> None:
    fields = all_fields()
    unknown = unknown_words({w for f in fields for w in tokens(f.text)}, read_wordlist(WORDLIST))
    problems = spelling_problems(fields, unknown)
    assert not problems, f"{len(problems)} spelling problems:\n" + "\n".join(map(str, problems))


def test_no_spaced_hyphen_for_a_colon() -> None:
    problems = punctuation_problems(all_fields())
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(map(str, problems))


def test_no_t_before_inverted_jij() -> None:
    problems = grammar_problems(all_fields())
    assert not problems, "\n".join(map(str, problems))


def test_no_anglicisms_or_doubled_verbs() -> None:
    problems = style_problems(all_fields())
    assert not problems, "\n".join(map(str, problems))


def test_wordlist_is_reviewed_and_minimal() -> None:
    """Sorted (case-insensitive), no duplicates, a reason for every word, and only words
    hunspell does not know itself."""
    words = read_wordlist(WORDLIST)
    assert words == sorted(words, key=str.casefold), "keep lessons/woordenlijst.txt sorted"
    assert len(words) == len(set(words)), "duplicate words in lessons/woordenlijst.txt"
    for line in WORDLIST.read_text("utf-8").splitlines():
        word, _, reason = line.partition("#")
        assert not word.strip() or reason.strip(), f"lessons/woordenlijst.txt: {line!r}: give " \
            "the reason after '#'"
    known = set(words) - set(unknown_words(set(words), []))
    assert not known, f"the dictionary already knows these, remove them from the list: {sorted(known)}"


def test_hunspell_and_the_dutch_dictionary_are_installed() -> None:
    assert unknown_words({"huis", "grenzen", "grensen", "xqzvw"}, []) == {"grensen": "grenzen",
                                                                          "xqzvw": None}
    assert set(unknown_words({"Xandrijn", "Kijkvoort"}, ["Xandrijn"])) == {"Kijkvoort"}


# ----------------------------------------------------------------------------- the rules can fail
def test_spelling_problems_name_file_field_word_and_suggestion() -> None:
    fields = [Field("les/x.yaml", "statements[1].text", "Iedereen heeft grensen. 'Xandrijn' zegt "
                    "'s avonds nee, `code` telt niet.", "les/woordenlijst.txt")]
    problems = [str(p) for p in spelling_problems(fields, unknown_words(
        {w for f in fields for w in tokens(f.text)}, ["Xandrijn"]))]
    assert problems == ["les/x.yaml: statements[1].text: unknown word 'grensen' (grenzen?; or add "
                        "it to les/woordenlijst.txt if it is right)"]


def test_ui_strings_are_checked() -> None:
    fields = ui_fields()
    assert ("widgets/i18n.py", "STRINGS['nl']['check']", "Controleer",
            "lessons/woordenlijst.txt") in fields
    assert all(not f.field.startswith("STRINGS['en']") for f in fields)


@pytest.mark.parametrize("text, fix", [("Wordt jij ook gechanteerd?", "'Word jij'"),
                                       ("Word jij ook gechanteerd?", None),
                                       ("Heeft jij een vraag?", "'Heb jij'"),
                                       ("Ik denk dat jij gelijk hebt.", None),
                                       ("Waarom gaat jij weg?", "'ga jij'"),
                                       ("Vindt jij dat ook?", "'Vind jij'")])
def test_t_before_jij(text: str, fix: str | None) -> None:
    problems = grammar_problems([Field("x.yaml", "f", text)])
    assert [p.message.split("(write ")[1].split(":")[0] for p in problems] == ([fix] if fix else [])


@pytest.mark.parametrize("text, wrong", [("Hoe check je dat?", True), ("Dat moet je checken.", True),
                                         ("Laat het iets laten zien.", True),
                                         ("Laat zien wat je bedoelt.", False),
                                         ("Je kunt moeten terugbetalen.", True),
                                         ("Misschien moet je terugbetalen.", False),
                                         ("Controleer daarna de antwoorden.", False),
                                         ("Vraag het - de klas?", True),
                                         ("Ik weet bij wie ik terecht kan.", True),
                                         ("Zeg dat je kind altijd bij je terecht kunt.", True),
                                         ("Ik weet bij wie ik terechtkan.", False),
                                         ("Je kunt altijd bij ons terecht.", False),
                                         ("Ik denk dat zij terecht kan zeggen dat het klopt.", False),
                                         # issue 26: faults the review found and the check missed
                                         ("als de ander niet doet wat jij wil.", True),
                                         ("als de ander niet doet wat jij wilt.", False),
                                         ("Wil jij dat ook?", False),
                                         ("Schokkende beelden werken niet en kunnen averechts werken.", True),
                                         ("Schokkende beelden helpen niet. Ze kunnen zelfs averechts werken.", False),
                                         ("Soms lijkt iets snel geld.", True),
                                         ("Soms lijkt het makkelijk om snel geld te verdienen.", False)])
def test_style_rules(text: str, wrong: bool) -> None:
    fields = [Field("x.yaml", "f", text)]
    assert bool(style_problems(fields) + punctuation_problems(fields)) is wrong


def test_check_fields_without_speller_still_applies_the_rules() -> None:
    problems = check_fields([Field("x.yaml", "f", "Wordt jij gechanteerd? Dat kun je checken.")],
                            None)
    assert [p.message[:12] for p in problems] == ["'Wordt jij' ", "'checken' (a"]


# ----------------------------------------------------------------------------- kijkverder check
@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: lesson 04 (it asks about pressure: 'Word jij …') and the glossary,
    without a word list."""
    lessons = tmp_path / "lessons"
    src = next(nb for nb in lesson_notebooks() if nb.parent.name.startswith("04-"))
    shutil.copytree(src.parent, lessons / src.parent.name)
    shutil.copy(LESSONS / "begrippen.yaml", lessons / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", lessons / "feiten.yaml")
    return lessons / src.parent.name / src.name


def _check(*paths: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", *map(str, paths)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def _edit_markdown(nb_path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the first markdown cell that has it; return its index."""
    nb = json.loads(nb_path.read_text("utf-8"))
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and old in source:
            cell["source"] = source.replace(old, new, 1)
            nb_path.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
            return i
    raise AssertionError(f"{old!r} not in {nb_path}")


def test_check_reports_spelling_and_d_t_but_gate_builds(project: Path) -> None:
    from kijkverder.check import check_paths, gate

    folder = project.parent
    (folder.parent / "woordenlijst.txt").write_text(WORDLIST.read_text("utf-8"), "utf-8")
    cwd = folder.parent.parent
    plain = _check(folder, cwd=cwd)
    assert plain.returncode == 0 and plain.stdout == "", plain.stdout + plain.stderr
    i = _edit_markdown(project, "Word jij", "Wordt jij")
    _edit_markdown(project, "Bel 112.", "Bel 112. Iedereen heeft grensen.")
    res = _check(folder, cwd=cwd)
    shown = f"lessons/{folder.name}/{project.name}"
    assert res.returncode == 1
    assert res.stdout.splitlines() == [
        f"{shown}: cells[{i}]: unknown word 'grensen' (grenzen?; or add it to "
        "lessons/woordenlijst.txt if it is right)",
        f"{shown}: cells[{i}]: 'Wordt jij' (write 'Word jij': no -t when 'jij' follows the verb)",
    ], res.stdout
    assert "Traceback" not in res.stderr and "spelling not checked" not in res.stderr
    # a typo is not a safety problem: the build takes the lesson
    assert check_paths([folder]) == []
    ok, refused = gate([project])
    assert refused == {} and len(ok) == 1


def test_a_word_added_to_the_word_list_is_accepted(project: Path) -> None:
    folder = project.parent
    cwd = folder.parent.parent
    wordlist = folder.parent / "woordenlijst.txt"
    wordlist.write_text(WORDLIST.read_text("utf-8"), "utf-8")
    i = _edit_markdown(project, "Bel 112.", "Bel 112. Kijkvoort helpt.")
    res = _check(folder, cwd=cwd)
    lines = res.stdout.splitlines()
    assert res.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"lessons/{folder.name}/{project.name}: cells[{i}]: unknown word "
                               "'Kijkvoort' ("), lines
    assert lines[0].endswith("add it to lessons/woordenlijst.txt if it is right)"), lines
    wordlist.write_text(WORDLIST.read_text("utf-8") + "Kijkvoort  # a name, for this test\n", "utf-8")
    res = _check(folder, cwd=cwd)
    assert res.returncode == 0 and res.stdout == "", res.stdout + res.stderr
    # a word list in the lesson folder itself is found too (find_beside_lessons)
    wordlist.rename(folder / "woordenlijst.txt")
    res = _check(folder, cwd=cwd)
    assert res.returncode == 0 and res.stdout == "", res.stdout + res.stderr


def test_without_the_word_list_its_words_are_unknown(project: Path) -> None:
    """The copy has no woordenlijst.txt: the name of lesson 04's character is reported, with the
    place where the word list belongs."""
    problems = check_language([project.parent / "signalen.yaml"], Speller())
    kian = [p for p in problems if "'Kian'" in p.message]
    where = project.parent.parent.resolve() / "woordenlijst.txt"
    assert kian and all(p.message.endswith(f"or add it to {where} if it is right)") for p in kian), \
        problems


def test_check_language_is_not_part_of_check_paths(project: Path) -> None:
    from kijkverder.check import check_paths

    _edit_markdown(project, "Word jij", "Wordt jij")
    assert check_paths([project]) == []
    assert [p.message[:11] for p in check_language([project], None)] == ["'Wordt jij'"]


def test_without_hunspell_check_says_so_once_and_still_applies_the_rules(project: Path,
                                                                         tmp_path: Path) -> None:
    folder = project.parent
    empty = tmp_path / "bin"
    empty.mkdir()
    (folder.parent / "woordenlijst.txt").write_text(WORDLIST.read_text("utf-8"), "utf-8")
    i = _edit_markdown(project, "Word jij", "Wordt jij")
    res = subprocess.run([sys.executable, "-m", "kijkverder.cli", "check", str(folder)],
                         capture_output=True, text=True, cwd=folder.parent.parent, timeout=120,
                         env={**os.environ, "PATH": str(empty)})
    assert res.returncode == 1
    assert res.stdout.splitlines() == [f"lessons/{folder.name}/{project.name}: cells[{i}]: 'Wordt "
                                       "jij' (write 'Word jij': no -t when 'jij' follows the verb)"]
    assert [ln for ln in res.stderr.splitlines() if "spelling" in ln] == [
        "spelling not checked: hunspell is not installed; install hunspell and hunspell-nl "
        "(scripts/system-deps.sh)"]


def test_a_missing_dictionary_is_reported() -> None:
    with pytest.raises(SpellingUnavailable, match="is hunspell-xx installed"):
        with Speller("xx") as speller:
            speller.unknown({"huis"})


def test_odd_files_give_one_line_never_a_traceback(project: Path) -> None:
    folder = project.parent
    (folder.parent / "woordenlijst.txt").write_bytes(b"Kian  # caf\xe9\n")  # Latin-1, not UTF-8
    (folder / "raar.ipynb").write_text('{"cells": {"not": "a list"}, "metadata": []}', "utf-8")
    res = _check(folder, cwd=folder.parent.parent)
    assert res.returncode == 1 and "Traceback" not in res.stdout + res.stderr
    assert "lessons/woordenlijst.txt: (file): not UTF-8 text (byte 11); save the file as UTF-8" \
        in res.stdout.splitlines(), res.stdout
    assert any(ln.startswith(f"lessons/{folder.name}/raar.ipynb: ") for ln in res.stdout.splitlines())


#: Adjective endings: a glossary term with one of these is an adjective (kwetsbaar, minderjarig).
ADJECTIVE_RE = re.compile(r"(baar|ig|lijk|isch|zaam)$")


def test_glossary_defines_an_adjective_as_an_adjective() -> None:
    """Issue 26: 'kwetsbaar' was defined as a person ('Iemand die ...'). An adjective's
    definition describes a quality, not a person."""
    import yaml
    from tests.conftest import LESSONS
    terms = yaml.safe_load((LESSONS / "begrippen.yaml").read_text("utf-8"))["terms"]
    wrong = [t["term"] for t in terms
             if ADJECTIVE_RE.search(t["term"]) and re.match(r"(iemand|een persoon)\b", t["definition"], re.I)]
    assert wrong == []
