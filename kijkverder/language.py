"""The Dutch language checks of ``kijkverder check``: spelling, the d/t rule and a few style rules.

- Spelling: every word goes through ONE ``hunspell -d nl`` process (Debian ``hunspell`` and
  ``hunspell-nl``) in its ispell pipe mode (``-a``), which also gives suggestions. Words that are
  right but not in the dictionary (names, organisations, coined compounds, terms used on purpose)
  are in the reviewed project word list ``woordenlijst.txt`` beside the lessons (one word a line,
  with the reason after ``#``), found like the glossary and the school profile
  (:func:`widgets.settings.find_beside_lessons`).
- Grammar: the d/t error a dictionary cannot see (the words exist): a verb with -t before an
  inverted "jij" ("Wordt jij" must be "Word jij").
- Style: " - " where a colon or a dash belongs, an anglicism ("checken") and two doubled-verb
  patterns.

What is checked (:class:`Field`): the visible text of a notebook's markdown cells (code spans and
code blocks left out) and the prose of a content file, taken from the loaded model with
:func:`widgets.schema.iter_text` (teacher notes and answers too: teachers read them).

Library code: problems are returned as :class:`widgets.schema.Problem`, failures raised as
:class:`SpellingUnavailable`; only the command line prints and exits.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple, Sequence

from widgets.contentio import ContentError, Problem, display_path, read_text_file
from widgets.marks import iter_text
from widgets.models.facts import FACT_REF_RE
from widgets.registry import CONTACT_REF_RE
from widgets.schema import load_content
from widgets.settings import find_beside_lessons

from .lessons import LESSON_DIR_RE, parse_notebook
from .markdown import to_html as markdown_to_html

if TYPE_CHECKING:
    from widgets.contentio import Problem

# widgets.schema (which imports every widget) is imported where it is used, so that
# ``kijkverder check`` can start hunspell (:class:`Speller`) before anything heavy is imported.

#: The project word list, beside the lessons (``lessons/woordenlijst.txt``).
WORDLIST_FILE = "woordenlijst.txt"
#: The hunspell dictionary (Debian ``hunspell-nl``).
DICTIONARY = "nl"
#: How long hunspell may take for all words (it answers in well under a second).
TIMEOUT = 120

#: A token: letters, digits, apostrophes and hyphens (the hyphen keeps compounds whole).
TOKEN_RE = re.compile(r"[\w'’-]+")
#: Elided words that keep their leading apostrophe ('s avonds, 't, 'n).
ELISIONS = {"'s", "'t", "'n"}

#: Verb forms with -t that are wrong before an inverted "jij", each with the right form
#: ("Wordt jij" → "Word jij", "Heeft jij" → "Heb jij").
T_VERBS = {"wordt": "word", "vindt": "vind", "houdt": "houd", "heeft": "heb", "hebt": "heb",
           "gaat": "ga", "doet": "doe", "komt": "kom", "kunt": "kun", "wilt": "wil", "zult": "zul",
           "bent": "ben", "staat": "sta", "ziet": "zie", "krijgt": "krijg", "maakt": "maak",
           "neemt": "neem", "zegt": "zeg", "vraagt": "vraag", "voelt": "voel", "denkt": "denk",
           "stuurt": "stuur", "durft": "durf"}
T_BEFORE_JIJ_RE = re.compile(rf"\b({'|'.join(T_VERBS)})(\s+)(jij)\b", re.IGNORECASE)
#: Faults a spelling checker cannot see (the words exist), each with its fix.
STYLE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(ge)?check(en|t|te|ten)?\b", re.IGNORECASE),
     "anglicism: use 'nagaan', 'controleren' or 'vragen'"),
    (re.compile(r"\blaat\b[^.!?]{0,40}\blaten (zien|merken|weten)\b", re.IGNORECASE),
     "doubled verb: 'laat … zien', not 'laat … laten zien'"),
    (re.compile(r"\b(kan|kun|kunt|kunnen)\s+moeten\b", re.IGNORECASE),
     "two modal verbs in a row: 'moet je misschien …' or 'kan het zijn dat je … moet'"),
    # a separable verb is one word at the end of a subclause: 'bij wie je terechtkunt'
    (re.compile(r"\bbij\b[^.,;:!?]{0,40}\bterecht (kan|kunt|kunnen)\b", re.IGNORECASE),
     "one word at the end of a clause: 'terechtkan', 'terechtkunt', 'terechtkunnen'"),
    # issue 26: three faults the second review found and this check missed
    (re.compile(r"\bjij\s+wil\b(?!\s+je\b)", re.IGNORECASE),
     "'jij wilt': with 'jij' before the verb, write -t"),
    (re.compile(r"\b(\w{3,}en)\s+niet\s+en\s+(kan|kunnen|zal|zullen)\s+(\w+\s+)?\1\b", re.IGNORECASE),
     "the same verb twice in one sentence: 'helpen niet; ze kunnen zelfs averechts werken'"),
    (re.compile(r"\blijk(t|en)\s+(iets|het)\s+(snel|makkelijk)\s+geld\b", re.IGNORECASE),
     "reads as 'iets lijkt snel': write 'lijkt het makkelijk om snel geld te verdienen'"),
]
#: " - " between words: a spaced hyphen used for a colon or a dash.
SPACED_HYPHEN_RE = re.compile(r"\S - \S")


class SpellingUnavailable(RuntimeError):
    """hunspell or its Dutch dictionary is not installed (or hunspell failed)."""


class Field(NamedTuple):
    """One piece of Dutch text: where it is and the word list a right word is added to."""

    path: str                               # as shown to the user
    field: str                              # e.g. "cells[3]", "statements[1].text"
    text: str
    wordlist: str = f"lessons/{WORDLIST_FILE}"


# ----------------------------------------------------------------------------- what is checked
def markdown_text(source: str) -> str:
    """Visible text of a markdown cell, rendered as in print, without code spans and code
    blocks (commands, file names)."""
    # a fact reference is checked where its text lives: in the facts registry
    rendered = markdown_to_html(CONTACT_REF_RE.sub(" ", FACT_REF_RE.sub(" ", source)))
    rendered = re.sub(r"<code[^>]*>.*?</code>", " ", rendered, flags=re.S)
    rendered = re.sub(r"</(p|li|h\d|dt|dd|tr|pre)>|<br\s*/?>", "\n", rendered)
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def notebook_fields(path: Path, wordlist: str | None = None,
                    parsed: dict[Path, Any] | None = None) -> list[Field]:
    """The text of every markdown cell of a notebook (teacher cells too), as ``cells[i]`` like
    the other checks name them; none for a notebook that cannot be read (check says why). The
    notebook comes from the one reader (:func:`kijkverder.lessons.parse_notebook`; ``parsed``:
    the command's notebooks, so check's parse is used). The widget gallery (``kijkverder:
    {gallery: true}`` in the notebook's metadata) is English documentation for authors and has
    none."""
    shown = display_path(path)
    nb, _unread = parse_notebook(path, parsed)
    if nb is None:
        return []
    own = nb.metadata.get("kijkverder")
    if isinstance(own, dict) and own.get("gallery"):
        return []  # the widget gallery is documentation for lesson authors, in English
    return [Field(shown, f"cells[{i}]", markdown_text(cell.source), wordlist or wordlist_shown(path))
            for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


def content_fields(content: object, shown: str, wordlist: str | None = None) -> list[Field]:
    """The prose of a loaded content model (:func:`widgets.schema.iter_text`): every running
    text, teacher and answer text included; ids, references and fixed words are not prose."""
    wl = wordlist or Field._field_defaults["wordlist"]
    # a fact reference is checked where its text lives: in the facts registry
    return [Field(shown, item.field, FACT_REF_RE.sub(" ", item.text), wl)
            for item in iter_text(content) if item.prose]


def file_fields(path: Path, root: Path | None = None,
                parsed: dict[Path, Any] | None = None) -> list[Field]:
    """The Dutch text of one notebook or content file; none for a file that does not load (the
    other checks of ``kijkverder check`` report why)."""
    path = Path(path)
    wordlist = wordlist_shown(path)
    try:
        if path.suffix == ".ipynb":
            return notebook_fields(path, wordlist, parsed)
        if path.suffix in (".yaml", ".yml"):
            return content_fields(load_content(path, root=root), display_path(path), wordlist)
    except Exception:  # a file that does not load: check_paths reports why
        return []
    return []


# ----------------------------------------------------------------------------- the word list
def find_wordlist(start: Path) -> Path | None:
    """``woordenlijst.txt`` in ``start`` (a lesson folder) or its parent (the lessons folder)."""
    return find_beside_lessons(WORDLIST_FILE, start)


def wordlist_path(file: Path) -> Path:
    """Where the word list for ``file`` is, or belongs: beside the lessons."""
    folder = Path(file).absolute().parent
    found = find_wordlist(folder)
    if found is not None:
        return found
    return (folder.parent if LESSON_DIR_RE.match(folder.name) else folder) / WORDLIST_FILE


def wordlist_shown(file: Path) -> str:
    return display_path(wordlist_path(file))


def read_wordlist(path: Path) -> list[str]:
    """The reviewed project words: one per line; '#' starts a comment (the reason). Raises
    :class:`widgets.schema.ContentError` for a file that cannot be read (not UTF-8, a folder)."""
    words = []
    for line in read_text_file(path, root=Path(path).absolute().parent).splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


# ----------------------------------------------------------------------------- spelling
def tokens(text: str) -> list[str]:
    """Words to check: apostrophes and hyphens at the edges are quote marks or dashes, not part
    of the word; tokens with digits (article numbers, 'B1') and single letters are skipped."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    out = []
    for raw in TOKEN_RE.findall(text.replace("’", "'")):
        if raw.lower() in ELISIONS:
            out.append(raw)
            continue
        word = raw.strip("'-")
        if len(word) > 1 and not any(ch.isdigit() for ch in word) and "_" not in word:
            out.append(word)
    return tuple(out)


class Speller:
    """One hunspell process for all words of a run.

    The process starts when the object is made, so that hunspell loads its dictionary (about half
    a second) while the caller does other work; :meth:`unknown` then feeds it every word at once.
    Raises :class:`SpellingUnavailable` when hunspell is not installed.
    """

    def __init__(self, dictionary: str = DICTIONARY) -> None:
        exe = shutil.which("hunspell")
        if exe is None:
            raise SpellingUnavailable("hunspell is not installed")
        self.dictionary = dictionary
        # -a: the ispell pipe protocol, one result line per word with suggestions
        self._proc: subprocess.Popen[str] | None = subprocess.Popen(
            [exe, "-d", dictionary, "-i", "utf-8", "-a"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def unknown(self, words: Iterable[str], accept: Iterable[str] = ()) -> dict[str, str | None]:
        """The words that neither the dictionary nor ``accept`` (the project word list) knows,
        each with hunspell's first suggestion (or None). Can be called once."""
        if self._proc is None:
            raise RuntimeError("Speller.unknown() can be called once")
        proc, self._proc = self._proc, None
        words = sorted(set(words))
        # "@word": accept the word in this session; "^": the rest of the line is text to check
        lines = [f"@{w}" for w in accept if w.strip()] + [f"^{w}" for w in words]
        try:
            out, err = proc.communicate("\n".join(lines) + "\n", timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise SpellingUnavailable(f"hunspell did not answer within {TIMEOUT} s") from None
        if proc.returncode != 0 or "Can't open" in err:
            why = err.strip().splitlines()[0] if err.strip() else f"exit code {proc.returncode}"
            raise SpellingUnavailable(f"hunspell failed, is hunspell-{self.dictionary} installed? "
                                      f"({why})")
        return _parse_pipe(out, words)

    def close(self) -> None:
        """End the process if :meth:`unknown` was never called."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()

    def __enter__(self) -> "Speller":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parse_pipe(out: str, words: list[str]) -> dict[str, str | None]:
    """hunspell ``-a`` output: a banner line, then per input line one result line per token
    (``*``/``+``/``-`` right, ``& word n offset: s1, s2`` or ``# word offset`` wrong) and an empty
    line. A word hunspell splits counts as unknown when any of its parts is."""
    blocks: list[list[str]] = [[]]
    for line in out.splitlines()[1:]:
        if line.strip():
            blocks[-1].append(line)
        else:
            blocks.append([])
    if len(blocks) < len(words):
        raise SpellingUnavailable(f"hunspell answered {len(blocks)} of {len(words)} words")
    unknown: dict[str, str | None] = {}
    for word, block in zip(words, blocks):
        wrong = [line for line in block if line[:1] in "&#"]
        if wrong:
            first = wrong[0]
            suggestion = None
            if first.startswith("&") and ": " in first and first.split()[1] == word:
                suggestion = first.split(": ", 1)[1].split(", ")[0].strip() or None
            unknown[word] = suggestion
    return unknown


def spelling_problems(fields: Sequence[Field], unknown: Mapping[str, str | None]) -> list[Problem]:
    """One problem per unknown word per field, with the suggestion and the word list to add a
    right word to."""
    problems = []
    for f in fields:
        for word in dict.fromkeys(w for w in tokens(f.text) if w in unknown):
            suggestion = unknown[word]
            fix = (f"{suggestion}?; or add it to {f.wordlist} if it is right" if suggestion else
                   f"fix the spelling, or add it to {f.wordlist} if it is right")
            problems.append(Problem(f.path, f.field, f"unknown word {word!r} ({fix})"))
    return problems


# ----------------------------------------------------------------------------- rules
def _case_like(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def grammar_problems(fields: Sequence[Field]) -> list[Problem]:
    """A verb with -t before an inverted "jij": "Wordt jij" → "Word jij"."""
    problems = []
    for f in fields:
        for m in T_BEFORE_JIJ_RE.finditer(f.text):
            verb, space, jij = m.groups()
            right = _case_like(verb, T_VERBS[verb.lower()]) + space + jij
            problems.append(Problem(f.path, f.field, f"{m.group(0)!r} (write {right!r}: no -t "
                                    "when 'jij' follows the verb)"))
    return problems


def punctuation_problems(fields: Sequence[Field]) -> list[Problem]:
    """' - ' where a colon or a dash belongs."""
    problems = []
    for f in fields:
        for line in f.text.splitlines():
            m = SPACED_HYPHEN_RE.search(line)
            if m:
                around = line[max(0, m.start() - 20):m.end() + 20].strip()
                problems.append(Problem(f.path, f.field, f"' - ' in '…{around}…' (use a colon, "
                                        "or a dash '–' for an aside)"))
    return problems


def style_problems(fields: Sequence[Field]) -> list[Problem]:
    """The anglicism "checken", "laat … laten zien", "kan moeten"."""
    problems = []
    for f in fields:
        for rule, fix in STYLE_RULES:
            for m in rule.finditer(f.text):
                problems.append(Problem(f.path, f.field, f"{m.group(0)!r} ({fix})"))
    return problems


def rule_problems(fields: Sequence[Field]) -> list[Problem]:
    """The d/t rule, the spaced hyphen and the style rules."""
    return grammar_problems(fields) + punctuation_problems(fields) + style_problems(fields)


def check_fields(fields: Sequence[Field], speller: Speller | None,
                 accept: Iterable[str] = ()) -> list[Problem]:
    """Every language problem of ``fields``, in field order; spelling only with a ``speller``
    (its one call to hunspell), ``accept`` being the project word list."""
    unknown = ({} if speller is None else
               speller.unknown({w for f in fields for w in tokens(f.text)}, accept))
    spelling = spelling_problems(fields, unknown)
    rules = rule_problems(fields)
    order = {(f.path, f.field): i for i, f in enumerate(fields)}
    return sorted(dict.fromkeys(spelling + rules),
                  key=lambda p: order.get((p.path, p.field), len(order)))


def check_files(files: Iterable[tuple[Path, Path]], speller: Speller | None,
                parsed: dict[Path, Any] | None = None) -> list[Problem]:
    """The language problems of notebooks and content files ((file, folder it must stay in)
    pairs), with the word lists beside them, in one call to hunspell. ``parsed``: the command's
    notebooks already read, by path."""
    fields: list[Field] = []
    lists: dict[Path, None] = {}
    for path, root in files:
        fields += file_fields(path, root, parsed)
        found = find_wordlist(Path(path).absolute().parent)
        if found is not None:
            lists[found] = None
    accept: list[str] = []
    problems: list[Problem] = []
    for wl in lists:
        try:
            accept += read_wordlist(wl)
        except ContentError as e:
            problems += e.problems
    return problems + check_fields(fields, speller, accept)
