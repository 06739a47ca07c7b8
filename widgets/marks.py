"""Who may read which field of a content file: the marks on the schema's fields
(:data:`TEACHER`, :data:`ANSWER`, :data:`PROSE`), projection of a content model for a reader
(:func:`project`) and the one walk over its strings (:func:`iter_text`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, get_args

from pydantic import BaseModel

from .names import Names, rename


class Mark(str):
    """A marker on a schema field (used inside ``Annotated[...]``): who may read the field.

    ``TEACHER``: teacher material (hints, notes, plans, sources); never in anything a student
    gets, on screen or on paper. ``ANSWER``: answers and feedback; on a student's screen after
    answering (self-checking), never on a student's paper. ``PROSE``: running text a reader
    reads (part of :data:`Text`), as opposed to ids, numbers and references.
    Projection (:func:`project`) and the one walk over a content file (:func:`iter_text`) read
    these marks; nothing else lists teacher or answer field names: a widget's screen and print
    forms get content already projected for their reader.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Mark({str(self)!r})"


TEACHER = Mark("teacher")
ANSWER = Mark("answer")
PROSE = Mark("prose")


ROLES = ("student", "teacher")
MEDIA = ("screen", "print")


@dataclass(frozen=True)
class Reader:
    """Who reads content (``role``) and where (``medium``): what :func:`project` needs of a view.
    The tool's ``kijkverder.lessons.View`` has the same two attributes (and a form) and may be
    passed instead; ``widgets`` never imports the tool."""

    role: str = "student"
    medium: str = "screen"
    #: Another name for a character (the school profile's ``namen``), as ``(old, new)`` pairs.
    names: Names = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES or self.medium not in MEDIA:
            raise ValueError(f"role must be one of {ROLES} and medium one of {MEDIA}: {self}")


def hidden_marks(view: Any) -> frozenset[str]:
    """The marks whose fields ``view`` (a :class:`Reader`, a ``View``, or a role: that role on
    screen) may not see. The one rule: ``TEACHER`` fields never reach a student; ``ANSWER``
    fields never reach a student's paper (on a student's screen a quiz needs its answers to give
    feedback after the student answers)."""
    if isinstance(view, str):
        view = Reader(view, "screen")
    role, medium = getattr(view, "role", None), getattr(view, "medium", None)
    if role not in ROLES or medium not in MEDIA:
        raise ValueError(f"role must be one of {ROLES} and medium one of {MEDIA}, not "
                         f"{role!r}/{medium!r}")
    if role == "teacher":
        return frozenset()
    return frozenset({str(TEACHER), str(ANSWER)} if medium == "print" else {str(TEACHER)})


def _marks(annotation: Any) -> set[str]:
    """Every :class:`Mark` anywhere in a field's type (``Annotated`` inside unions and lists)."""
    found: set[str] = set()
    for part in get_args(annotation):
        if isinstance(part, Mark):
            found.add(str(part))
        elif not isinstance(part, (str, int, float, bool)) and part is not None:
            found |= _marks(part)
    return found


def field_marks(model: type[BaseModel], name: str) -> set[str]:
    """The marks of field ``name`` of ``model`` (e.g. ``{"teacher"}``)."""
    info = model.model_fields[name]
    marks = {str(m) for m in info.metadata if isinstance(m, Mark)}
    return marks | _marks(info.annotation)


def project(content: Any, view: Any) -> Any:
    """``content`` as ``view``'s reader may see it (``view``: a :class:`Reader`, a
    ``kijkverder.lessons.View``, or a role string for that role on screen). Every field with a
    mark of :func:`hidden_marks` is reset, at any depth: to its default (``None``, ``False`` or
    empty), or to ``None`` where the field has no default (a quiz option's ``feedback``, a sort
    item's ``category``): the copy is what the reader gets, not a valid content file. The
    teacher sees everything. A view with ``names`` (``View.names``, ``Reader.names``: the school
    profile's ``namen``) gets every character renamed (:func:`widgets.names.rename`).
    """
    hide = hidden_marks(view)
    content = rename(content, getattr(view, "names", ()))
    if not hide or not isinstance(content, BaseModel):
        return content
    return _project(content, hide)


def _project(content: BaseModel, hide: frozenset[str]) -> BaseModel:
    update: dict[str, Any] = {}
    for name, info in type(content).model_fields.items():
        value = getattr(content, name)
        if hide & field_marks(type(content), name):
            update[name] = None if info.is_required() else info.get_default(call_default_factory=True)
        elif isinstance(value, BaseModel):
            update[name] = _project(value, hide)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            update[name] = [_project(v, hide) for v in value]
    return content.model_copy(update=update)


@dataclass(frozen=True)
class TextItem:
    """One string of a content file: where it is, what it says, and who may read it."""

    field: str          # e.g. "questions[2].options[0].feedback"
    text: str
    mark: str | None    # "teacher", "answer" or None (for everyone)
    prose: bool         # running text (Text), not an id, a reference or a fixed word


def iter_text(content: Any, _path: str = "", _mark: str | None = None,
              _siblings: tuple[()] = ()) -> Iterator[TextItem]:
    """Every string of a content model with its field path and mark, in file order. A field
    inside a marked field inherits the mark (a plan step's note is teacher material)."""
    if not isinstance(content, BaseModel):
        return
    for name in type(content).model_fields:
        value = getattr(content, name)
        marks = field_marks(type(content), name)
        mark = _mark or (TEACHER if TEACHER in marks else ANSWER if ANSWER in marks else None)
        mark = str(mark) if mark else None
        prose = PROSE in marks
        path = f"{_path}.{name}" if _path else name
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            where = f"{path}[{i}]" if isinstance(value, list) else path
            if isinstance(v, BaseModel):
                yield from iter_text(v, where, mark)
            elif isinstance(v, str):
                yield TextItem(where, v, mark, prose)


def dump_content(content: Any) -> dict[str, Any]:
    """A content model as the plain data of a YAML file (fields left at their empty default
    are left out, so a projected copy holds no empty teacher keys)."""
    return content.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"kind": content.kind}
