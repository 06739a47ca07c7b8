"""Dutch language checks over every lesson and the Dutch UI strings.

- Spelling: all student- and teacher-facing Dutch text (markdown cells of each lesson notebook,
  the prose fields of its YAML content files, the shared glossary, the help registry's names and
  descriptions, the Dutch UI strings and class agreements in ``widgets/i18n.py``) goes through one
  ``hunspell -d nl`` process. Unknown words
  are reported with file and field. Words that are right but not in the dictionary (names,
  organisations, coined compounds, terms used on purpose such as "sextortion") are in the
  reviewed project word list ``tests/data/woordenlijst.txt``.
- Punctuation: " - " where a colon (or a dash) belongs, in lesson YAML and lesson markdown.
- Grammar: the most common d/t error, a verb with -t before an inverted "jij" ("Wordt jij").

Needs the Debian packages ``hunspell`` and ``hunspell-nl`` (scripts/system-deps.sh).
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from handouts.render import markdown_to_html
from tests.conftest import LESSONS, ROOT, lesson_notebooks

WORDLIST = Path(__file__).resolve().parent / "data" / "woordenlijst.txt"

#: YAML keys whose values are identifiers or fixed choices, not prose.
NOT_PROSE = {"id", "kind", "category", "next", "type", "registry", "number", "audience", "start",
             "topics"}

#: A token: letters, digits, apostrophes and hyphens (the hyphen keeps compounds whole).
TOKEN_RE = re.compile(r"[\w'’-]+")
#: Elided words that keep their leading apostrophe ('s avonds, 't, 'n).
ELISIONS = {"'s", "'t", "'n"}

#: Verb forms with -t that are wrong before an inverted "jij" (right: "Word jij", "Heb jij").
T_VERBS = ("wordt", "vindt", "houdt", "heeft", "hebt", "gaat", "doet", "komt", "kunt", "wilt",
           "zult", "bent", "staat", "ziet", "krijgt", "maakt", "neemt", "zegt", "vraagt",
           "voelt", "denkt", "stuurt", "durft")
T_BEFORE_JIJ_RE = re.compile(rf"\b({'|'.join(T_VERBS)})\s+jij\b", re.IGNORECASE)
#: Faults a spelling checker cannot see (the words exist), each with its fix.
STYLE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(ge)?check(en|t|te|ten)?\b", re.IGNORECASE),
     "anglicism: use 'nagaan', 'controleren' or 'vragen'"),
    (re.compile(r"\blaat\b[^.!?]{0,40}\blaten (zien|merken|weten)\b", re.IGNORECASE),
     "doubled verb: 'laat … zien', not 'laat … laten zien'"),
    (re.compile(r"\b(kan|kun|kunt|kunnen)\s+moeten\b", re.IGNORECASE),
     "two modal verbs in a row: 'moet je misschien …' or 'kan het zijn dat je … moet'"),
]
#: " - " between words: a spaced hyphen used for a colon or a dash.
SPACED_HYPHEN_RE = re.compile(r"\S - \S")

Field = tuple[str, str, str]  # (path relative to the project, field, text)


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def markdown_text(source: str) -> str:
    """Visible text of a markdown cell, without code spans (commands, file names)."""
    rendered = markdown_to_html(source)
    rendered = re.sub(r"<code[^>]*>.*?</code>", " ", rendered, flags=re.S)
    rendered = re.sub(r"</(p|li|h\d|dt|dd|tr|pre)>|<br\s*/?>", "\n", rendered)
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def yaml_fields(data, path: str = "") -> list[tuple[str, str]]:
    """(field, text) for every prose string; list items are named by their id when they have one."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PROSE:
                out += yaml_fields(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            name = value["id"] if isinstance(value, dict) and "id" in value else i
            out += yaml_fields(value, f"{path}[{name}]")
    elif isinstance(data, str):
        out.append((path, data))
    return out


def content_files(nb_path: Path) -> list[Path]:
    """les.yaml and every YAML file of the lesson folder that the notebook names."""
    text = nb_path.read_text("utf-8")
    return [f for f in sorted(nb_path.parent.glob("*.yaml"))
            if f.name == "les.yaml" or f.name in text]


def lesson_fields(nb_path: Path) -> list[Field]:
    """All Dutch text of one lesson: every markdown cell (teacher cells too) and the prose of its
    content files (hints, explanations and teacher notes too)."""
    nb = nbformat.read(nb_path, as_version=4)
    out = [(rel(nb_path), f"cell {i + 1}", markdown_text(c.source))
           for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    for f in content_files(nb_path):
        out += [(rel(f), field, text) for field, text in yaml_fields(yaml.safe_load(f.read_text("utf-8")))]
    return out


def ui_fields() -> list[Field]:
    from widgets.i18n import AGREEMENTS, STRINGS

    path = "widgets/i18n.py"
    out = [(path, f"STRINGS['nl'][{key!r}]", re.sub(r"\{\w+\}", " ", text))
           for key, text in STRINGS["nl"].items()]
    out += [(path, f"AGREEMENTS['nl'][{i}]", text) for i, text in enumerate(AGREEMENTS["nl"])]
    return out


def all_fields() -> list[Field]:
    out: list[Field] = []
    for nb in lesson_notebooks():
        out += lesson_fields(nb)
    glossary = LESSONS / "begrippen.yaml"
    out += [(rel(glossary), field, text)
            for field, text in yaml_fields(yaml.safe_load(glossary.read_text("utf-8")))]
    return out + registry_fields() + ui_fields()


def registry_fields() -> list[Field]:
    """What a help card shows of each organisation: its name and what it is for."""
    path = ROOT / "widgets" / "data" / "resources.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    return [(rel(path), f"organisations[{org['id']}].{key}", org[key])
            for org in data["organisations"] for key in ("name", "for") if org.get(key)]


def tokens(text: str) -> list[str]:
    """Words to check: apostrophes and hyphens at the edges are quote marks or dashes, not part
    of the word; tokens with digits (article numbers, 'B1') and single letters are skipped."""
    out = []
    for raw in TOKEN_RE.findall(text.replace("’", "'")):
        if raw.lower() in ELISIONS:
            out.append(raw)
            continue
        word = raw.strip("'-")
        if len(word) > 1 and not any(ch.isdigit() for ch in word) and "_" not in word:
            out.append(word)
    return out


def read_wordlist(path: Path = WORDLIST) -> list[str]:
    """The reviewed project words: one per line; '#' starts a comment."""
    words = []
    for line in path.read_text("utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def hunspell_unknown(words: set[str], tmp: Path, wordlist: list[str]) -> set[str]:
    """The words hunspell's Dutch dictionary plus the project word list do not know: one process."""
    exe = shutil.which("hunspell")
    assert exe, "hunspell is not installed (run scripts/system-deps.sh: hunspell hunspell-nl)"
    personal = tmp / "woordenlijst.dic"
    personal.write_text("\n".join(wordlist) + "\n", "utf-8")
    args = [exe, "-d", "nl", "-i", "utf-8", "-l"] + (["-p", str(personal)] if wordlist else [])
    run = subprocess.run(args, input="\n".join(sorted(words)) + "\n", capture_output=True,
                         text=True, encoding="utf-8", timeout=120, check=False)
    assert run.returncode == 0 and "Can't open" not in run.stderr, \
        f"hunspell failed (is hunspell-nl installed?): {run.stderr.strip()}"
    return set(run.stdout.split())


def spelling_problems(fields: list[Field], tmp: Path, wordlist: list[str]) -> list[str]:
    per_field = [(path, field, tokens(text)) for path, field, text in fields]
    unknown = hunspell_unknown({w for _, _, ws in per_field for w in ws}, tmp, wordlist)
    problems = []
    for path, field, words in per_field:
        for word in dict.fromkeys(w for w in words if w in unknown):
            problems.append(f"{path}: {field}: unknown word {word!r} (fix the spelling, or add "
                            f"the word to tests/data/woordenlijst.txt if it is right)")
    return problems


def punctuation_problems(fields: list[Field]) -> list[str]:
    problems = []
    for path, field, text in fields:
        for line in text.splitlines():
            m = SPACED_HYPHEN_RE.search(line)
            if m:
                around = line[max(0, m.start() - 20):m.end() + 20].strip()
                problems.append(f"{path}: {field}: ' - ' in '…{around}…' (use a colon, or a "
                                "dash '–' for an aside)")
    return problems


def grammar_problems(fields: list[Field]) -> list[str]:
    problems = []
    for path, field, text in fields:
        for m in T_BEFORE_JIJ_RE.finditer(text):
            problems.append(f"{path}: {field}: '{m.group(0)}' (no -t when 'jij' follows the verb: "
                            "'Word jij', 'Heb jij', 'Ga jij')")
    return problems


def style_problems(fields: list[Field]) -> list[str]:
    problems = []
    for path, field, text in fields:
        for rule, fix in STYLE_RULES:
            for m in rule.finditer(text):
                problems.append(f"{path}: {field}: '{m.group(0)}' ({fix})")
    return problems


# ----------------------------------------------------------------------------- the checks
def test_spelling_of_all_lessons_and_ui_strings(tmp_path: Path) -> None:
    fields = all_fields()
    assert len(fields) > 500  # every lesson was read
    problems = spelling_problems(fields, tmp_path, read_wordlist())
    assert not problems, f"{len(problems)} spelling problems:\n" + "\n".join(problems)


def test_no_spaced_hyphen_for_a_colon() -> None:
    problems = punctuation_problems(all_fields())
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_no_t_before_inverted_jij() -> None:
    problems = grammar_problems(all_fields())
    assert not problems, "\n".join(problems)


def test_no_anglicisms_or_doubled_verbs() -> None:
    problems = style_problems(all_fields())
    assert not problems, "\n".join(problems)


def test_wordlist_is_reviewed_and_minimal(tmp_path: Path) -> None:
    """Sorted (case-insensitive), no duplicates, and only words hunspell does not know itself."""
    words = read_wordlist()
    assert words == sorted(words, key=str.casefold), "keep tests/data/woordenlijst.txt sorted"
    assert len(words) == len(set(words)), "duplicate words in tests/data/woordenlijst.txt"
    known = set(words) - hunspell_unknown(set(words), tmp_path, [])
    assert not known, f"the dictionary already knows these, remove them from the list: {sorted(known)}"


# ----------------------------------------------------------------------------- the checks can fail
def _lesson(tmp: Path, markdown: str, statements: str) -> Path:
    folder = tmp / "99-proef"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown),
                nbformat.v4.new_code_cell('Statements.load("stellingen.yaml")')]
    nbformat.write(nb, folder / "99-proef.ipynb")
    (folder / "les.yaml").write_text("kind: lesson\nnumber: '99'\ntitle: Proefles\n", "utf-8")
    (folder / "stellingen.yaml").write_text(statements, "utf-8")
    (folder / "ongebruikt.yaml").write_text("kind: quiz\ntitle: Verkeerdd\n", "utf-8")
    return folder / "99-proef.ipynb"


def test_spelling_check_reports_file_field_and_word(tmp_path: Path) -> None:
    nb = _lesson(tmp_path / "les",
                 "## Grenzen\n\nIedereen heeft grensen. Voer `kijkverder xyzzy` uit. 'Xandrijn' zegt 's avonds nee.",
                 "kind: statements\ntitle: Stellingen\nstatements:\n"
                 "  - id: grapp\n    text: Een grap kan best.\n    hint: Vraag wie het leuk vindt - de klas?\n"
                 "  - id: twee\n    text: Dit is een stelingg.\n")
    fields = lesson_fields(nb)
    problems = spelling_problems(fields, tmp_path, ["Xandrijn"])
    assert problems == [
        f"{rel(nb)}: cell 1: unknown word 'grensen' (fix the spelling, or add the word to "
        "tests/data/woordenlijst.txt if it is right)",
        f"{rel(nb.parent / 'stellingen.yaml')}: statements[twee].text: unknown word 'stelingg' "
        "(fix the spelling, or add the word to tests/data/woordenlijst.txt if it is right)",
    ]
    # without the word list the name is unknown too; ids ("grapp") and code spans are never checked
    assert any("'Xandrijn'" in p for p in spelling_problems(fields, tmp_path, []))
    assert [p for p in punctuation_problems(fields)] == [
        f"{rel(nb.parent / 'stellingen.yaml')}: statements[grapp].hint: ' - ' in "
        "'…ag wie het leuk vindt - de klas?…' (use a colon, or a dash '–' for an aside)"]


def test_ui_strings_are_checked() -> None:
    fields = ui_fields()
    assert ("widgets/i18n.py", "STRINGS['nl']['check']", "Controleer") in fields
    assert all(not f[1].startswith("STRINGS['en']") for f in fields)


@pytest.mark.parametrize("text, wrong", [("Wordt jij ook gechanteerd?", True),
                                         ("Word jij ook gechanteerd?", False),
                                         ("Heeft jij een vraag?", True),
                                         ("Ik denk dat jij gelijk hebt.", False),
                                         ("Vindt jij dat ook?", True)])
def test_t_before_jij(text: str, wrong: bool) -> None:
    assert bool(grammar_problems([("x.yaml", "f", text)])) is wrong


@pytest.mark.parametrize("text, wrong", [("Hoe check je dat?", True), ("Dat moet je checken.", True),
                                         ("Laat het iets laten zien.", True),
                                         ("Laat zien wat je bedoelt.", False),
                                         ("Je kunt moeten terugbetalen.", True),
                                         ("Misschien moet je terugbetalen.", False),
                                         ("Controleer daarna de antwoorden.", False)])
def test_style_rules(text: str, wrong: bool) -> None:
    assert bool(style_problems([("x.yaml", "f", text)])) is wrong
