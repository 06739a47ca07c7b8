"""Another name for a lesson character: the school profile's ``namen`` (a student in the class
has a character's name, so the class would tease them).

The characters are declared once, in ``widgets/data/personages.yaml`` (``tests/test_names.py``
checks the list against the lessons). :func:`rename` is applied by
:func:`widgets.marks.project` when the view carries names (``View.names``,
``Reader.names``); :func:`rename_text` by the lesson model to a markdown cell. A name is
replaced as a whole word, with its possessive ("Jaydens", "Naomi's", "Tess'") in the Dutch
form the new name needs (:func:`possessive`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from pydantic import BaseModel

from .contentio import parse_yaml

CHARACTERS_FILE = "data/personages.yaml"
#: At most this many characters in a new name.
MAX_NAME = 20
#: One plain name: letters, starting with a capital, an optional hyphen or apostrophe between
#: parts ("Anne-Fleur", "D'Arcy"); no spaces, digits or markup.
NAME_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]*(?:[-'][A-Za-zÀ-ÖØ-Þà-öø-ÿ][a-zà-öø-ÿ]*)*$")
#: Names are ``(old, new)`` pairs, sorted: hashable, so a frozen view can carry them.
Names = tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def characters() -> tuple[str, ...]:
    """The characters of the lessons (``widgets/data/personages.yaml``), in file order."""
    text = resources.files("widgets").joinpath(CHARACTERS_FILE).read_text("utf-8")
    return tuple(str(n) for n in parse_yaml(text, f"widgets/{CHARACTERS_FILE}")["personages"])


def is_plain_name(name: Any) -> bool:
    return isinstance(name, str) and len(name) <= MAX_NAME and bool(NAME_RE.match(name))


def possessive(name: str) -> str:
    """The Dutch possessive of ``name``: "Tess'" after an s, x or z sound, "Ravi's" after a
    vowel (a, i, o, u, y, é), else "Daans" (also after a silent e: "Femkes")."""
    if name[-1].lower() in "sxz":
        return name + "'"
    if name[-1].lower() in "aiouyé":
        return name + "'s"
    return name + "s"


def as_names(mapping: Mapping[str, str] | None) -> Names:
    return tuple(sorted((mapping or {}).items()))


@lru_cache(maxsize=64)
def _pattern(olds: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(o) for o in sorted(olds, key=len, reverse=True))
    # the name, then a possessive: 's, s, or ' after a name ending in s (before a word)
    return re.compile(rf"(?<!\w)({alt})('s|s|'(?=\s+[a-zà-ÿ]))?(?![\w])")


def rename_text(text: str, names: Names) -> str:
    """``text`` with every character of ``names`` replaced by the new name, as whole words."""
    if not names or not text:
        return text
    new = dict(names)

    def sub(m: re.Match[str]) -> str:
        old, poss = m.group(1), m.group(2)
        if poss == "'" and old[-1] not in "sxz":
            return m.group(0)
        if poss == "s" and old[-1] in "sxz":  # "Tess" + "s" is no possessive of Tess
            return m.group(0)
        return possessive(new[old]) if poss else new[old]

    return _pattern(tuple(new)).sub(sub, text)


def rename(content: Any, names: Names) -> Any:
    """A copy of a content model with every string, at any depth, renamed
    (:func:`rename_text`); ids are lower case and never match a name."""
    if not names:
        return content
    if isinstance(content, str):
        return rename_text(content, names)
    if isinstance(content, list):
        return [rename(v, names) for v in content]
    if isinstance(content, dict):
        return {k: rename(v, names) for k, v in content.items()}
    if isinstance(content, BaseModel):
        update = {}
        for name in type(content).model_fields:
            value = getattr(content, name)
            renamed = rename(value, names)
            if renamed != value:
                update[name] = renamed
        return content.model_copy(update=update) if update else content
    return content
