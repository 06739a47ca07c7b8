"""The building blocks of every content model: the frozen :class:`Model` that forbids unknown
fields, the text types (:data:`Text` is prose a reader reads), and :class:`FieldProblem`."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..marks import PROSE


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), PROSE]
#: A short reference to another entry by its name (e.g. a glossary term), not running text.
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Ident = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$"),
]

#: Words that speak to the reader as a young person ("je", "jouw", ...): a text parents read at
#: the parents' evening (lesson 07) must not contain them (they are addressed with "u").
ADDRESSES_READER = re.compile(r"\b(?:je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)

TOPICS = ("acuut", "seksuele-uitbuiting", "online", "criminele-uitbuiting", "iemand-anders-helpen",
          "docenten", "ouders")
Topic = Literal["acuut", "seksuele-uitbuiting", "online", "criminele-uitbuiting",
                "iemand-anders-helpen", "docenten", "ouders"]


class Model(BaseModel):
    # defer_build: a model's validator is built when a file of its kind is first read, not at
    # import (the static site's kernel imports every model in a lesson's first cell)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FieldProblem(ValueError):
    """A validator error about one field (path relative to the model being validated)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"[[{field}]] {message}")


def unique_ids(ids: list[str], what: str, field: str) -> None:
    seen: set[str] = set()
    for n, i in enumerate(ids):
        if i in seen:
            raise FieldProblem(f"{field}[{n}].id" if what != "term" else f"{field}[{n}].term",
                               f"duplicate {what} id {i!r}; give every {what} its own id")
        seen.add(i)
