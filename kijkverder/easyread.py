"""The A2 reading profile of the easy-read series (Kijk Verder Eenvoudig), measured and checked.

A lesson with ``level: eenvoudig`` in its ``les.yaml`` is held to this profile in everything a
student reads (the markdown cells a student sees on screen or on paper, the lesson header and the
prose of its content files; never teacher material):

- the average sentence has at most :data:`MAX_AVERAGE` words, no sentence more than
  :data:`MAX_SENTENCE`;
- a long word (more than :data:`MAX_SYLLABLES` syllables or more than :data:`MAX_LETTERS`
  letters) is one of the lesson's glossary terms (``terms`` in ``les.yaml``, explained in
  ``begrippen.yaml``) or in the lesson's own word list (``words`` in ``les.yaml``);
- no double negative (two of "niet", "geen", "nooit", … in one sentence);
- no passive with "door" ("wordt … door"): say who does it.

:func:`profile` measures any lesson (both series; the README's lesson table shows it) with the
same sentence and word rules as :func:`problems`, which ``kijkverder check`` runs.
Syllables are counted with pyphen's Dutch hyphenation (the dictionary textstat uses for
Flesch-Douma): the parts of a hyphenated word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from widgets.contentio import Problem, display_path
from widgets.marks import iter_text
from widgets.schema import load_content

from .language import markdown_text
from .lessons import LESSON_FILE, LessonSource, View

MAX_AVERAGE = 8.0
MAX_SENTENCE = 12
MAX_SYLLABLES = 3
MAX_LETTERS = 12
#: Negations: two in one sentence make a double negative.
NEGATIONS = ("niet", "geen", "nooit", "niemand", "niets", "nergens", "nog nooit")
NEGATION_RE = re.compile(r"\b(niet|geen|nooit|niemand|niets|nergens)\b", re.I)
#: "wordt … door", "werd … door": a passive that names the doer after "door".
PASSIVE_RE = re.compile(r"\b(wordt|worden|werd|werden|is|zijn)\b[^.!?]*?\bge\w+\b[^.!?]*?\bdoor\b"
                        r"|\b(wordt|worden|werd|werden)\b[^.!?]*?\bdoor\b", re.I)
#: A word: letters (with an inner apostrophe or hyphen) or a number.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.U)
#: Sentence ends: . ! ? (and … ), optionally followed by a closing quote.
SPLIT_RE = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


class Unit(NamedTuple):
    """One piece of student text and where it is (as ``kijkverder check`` names it)."""

    path: str
    field: str
    text: str


@dataclass(frozen=True)
class Profile:
    """A lesson's measured reading profile."""

    sentences: int
    words: int
    average: float          # words per sentence
    longest: int            # words in the longest sentence
    long_share: float       # share of long words (0..1), glossary words included

    def row(self) -> str:
        return f"{self.average:.1f} | {self.longest} | {100 * self.long_share:.1f}%"


# ------------------------------------------------------------------------------ text
def sentences(text: str) -> list[str]:
    """Sentences of a text: every line (heading, list item, table cell) is at least one."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip(" -–•*|")
        for s in SPLIT_RE.split(line):
            if WORD_RE.search(s):
                out.append(s.strip())
    return out


def words(sentence: str) -> list[str]:
    return WORD_RE.findall(sentence)


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Syllables of a Dutch word (the parts pyphen hyphenates it into; at least one)."""
    return max(1, sum(len(_hyphenator().inserted(part).split("-")) for part in word.split("-")))


def is_long(word: str) -> bool:
    if word.isdigit():
        return False
    letters = sum(c.isalpha() for c in word)
    return letters > MAX_LETTERS or syllables(word.lower()) > MAX_SYLLABLES


def _allowed(word: str, allowed: frozenset[str]) -> bool:
    """A long word is allowed when it is an allowed word or one with an ending (-en, -s, -e)."""
    w = word.lower().replace("’", "'")
    if w in allowed:
        return True
    return any(w.startswith(a) and len(w) - len(a) <= 2 for a in allowed if len(a) > 4)


def student_units(lesson: Any) -> list[Unit]:
    """Everything a student reads in a lesson (a notebook path or an open
    :class:`~kijkverder.lessons.LessonSource`), by place: the markdown cells a student sees (on
    screen and on paper), the lesson header (title, subtitle, goals) and the prose of the content
    files its cells load. Teacher cells and teacher fields never (the schema's marks decide)."""
    source = LessonSource.of(lesson)
    shown = display_path(source.notebook)
    units: list[Unit] = []
    seen_cells: set[int] = set()
    seen_files: set[str] = set()
    les = display_path(source.dir / LESSON_FILE)
    for item in iter_text(source.meta):
        if item.prose and item.mark != "teacher" and item.field.split("[")[0] in (
                "title", "subtitle", "goals"):
            units.append(Unit(les, item.field, item.text))
    for view in (View("student", "screen"), View("student", "print")):
        lv = source.view(view)
        for b in lv.blocks:
            if b.kind == "markdown" and b.index not in seen_cells:
                seen_cells.add(b.index)
                units.append(Unit(shown, f"cells[{b.index}]", markdown_text(b.cell.source)))
        for use in lv.uses():
            if use.content is None or use.path in seen_files or use.content.kind == "lesson":
                continue
            seen_files.add(use.path)
            path = display_path(source.dir / use.path)
            units.extend(Unit(path, i.field, i.text) for i in iter_text(use.content)
                         if i.prose and i.mark != "teacher")
    return units


def allowed_words(lesson: Any) -> frozenset[str]:
    """The long words a lesson (a notebook path or an open lesson) may use: the words of its
    glossary terms and of ``words`` in its ``les.yaml``."""
    meta = lesson.meta if isinstance(lesson, LessonSource) else \
        load_content(Path(lesson).parent / LESSON_FILE, expected_kind="lesson")
    found = set()
    for entry in [*meta.terms, *meta.words]:
        found.update(w.lower().replace("’", "'") for w in words(str(entry)))
    return frozenset(found)


def _sentences_of(units: list[Unit]) -> Iterator[tuple[Unit, str]]:
    for unit in units:
        for s in sentences(unit.text):
            yield unit, s


# ------------------------------------------------------------------------------ measure, check
def profile(lesson: Any) -> Profile:
    """The reading profile of a lesson's student text (any series; a notebook path or an open
    lesson)."""
    counts = [[is_long(w) for w in words(s)] for _u, s in _sentences_of(student_units(lesson))]
    n_words = sum(len(c) for c in counts)
    return Profile(sentences=len(counts), words=n_words,
                   average=n_words / len(counts) if counts else 0.0,
                   longest=max((len(c) for c in counts), default=0),
                   long_share=sum(sum(c) for c in counts) / n_words if n_words else 0.0)


def _quote(s: str, limit: int = 90) -> str:
    return '"' + (s if len(s) <= limit else s[: limit - 1] + "…") + '"'


def problems(lesson: Any) -> list[Any]:
    """One :class:`~widgets.schema.Problem` per violation of the A2 profile: the file, the field,
    the sentence and the fix. ``lesson``: a notebook path or an open lesson (not read again)."""
    units = student_units(lesson)
    allowed = allowed_words(lesson)
    probs: list[Any] = []
    n_sentences = n_words = 0
    for unit, s in _sentences_of(units):
        ws = words(s)
        n_sentences += 1
        n_words += len(ws)
        if len(ws) > MAX_SENTENCE:
            probs.append(Problem(unit.path, unit.field, f"A2: sentence of {len(ws)} words (at most "
                                 f"{MAX_SENTENCE}): {_quote(s)}; split it into two sentences"))
        long = [w for w in dict.fromkeys(ws) if is_long(w) and not _allowed(w, allowed)]
        for w in long:
            probs.append(Problem(unit.path, unit.field, f"A2: long word {w!r} ({syllables(w.lower())} "
                                 f"syllables, {len(w)} letters) in {_quote(s)}; use a shorter "
                                 "word, or explain it and add it to 'words' (or 'terms') in les.yaml"))
        if len(NEGATION_RE.findall(s)) >= 2:
            probs.append(Problem(unit.path, unit.field, f"A2: double negative in {_quote(s)}; say "
                                 "it positively, or make two sentences"))
        if PASSIVE_RE.search(s):
            probs.append(Problem(unit.path, unit.field, f"A2: passive with 'door' in {_quote(s)}; "
                                 "say who does it: 'X doet …'"))
    if n_sentences and n_words / n_sentences > MAX_AVERAGE:
        shown = display_path(lesson.notebook if isinstance(lesson, LessonSource) else Path(lesson))
        probs.append(Problem(shown, "(lesson)", f"A2: sentences of "
                             f"{n_words / n_sentences:.1f} words on average (at most "
                             f"{MAX_AVERAGE:.0f}); split the longest sentences"))
    return probs


def table(notebooks: list[Path]) -> str:
    """The README's reading-profile table (Dutch, for teachers): one row per lesson."""
    rows = ["| les | reeks | gem. woorden per zin | langste zin (woorden) | lange woorden |",
            "|---|---|---|---|---|"]
    for nb in notebooks:
        source = LessonSource.open(nb)
        series = "Eenvoudig (A2)" if source.level == "eenvoudig" else "B1" + (
            f", voor {source.audience}" if source.audience != "leerlingen" else "")
        # Dutch decimal comma
        rows.append(f"| {source.number.upper()} | {series} | {profile(source).row().replace('.', ',')} |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m kijkverder.easyread [lessons…]: the README's table
    import sys

    from .lessons import resolve_lessons

    print(table(resolve_lessons(sys.argv[1:])))
