"""One schema module for every content file of Kijk Verder.

Every YAML content file is a mapping with a ``kind`` key; the kind selects the model.
Validation errors are turned into :class:`~widgets.contentio.Problem` records that name the
file, the field and a fix, so ``kijkverder check`` can print one line per problem and never a
traceback. The models, by kind: :mod:`widgets.models`; who may read which field:
:mod:`widgets.marks`; reading the files: :mod:`widgets.contentio`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from .contentio import (ContentError, Problem, display_path, parse_yaml, read_text_file,
                        short_repr)
from .models.activities import (ChartContent, PromptCardsContent, QuizContent, ReflectionContent,
                                ScenarioContent, SelfCheckContent, SortTaskContent,
                                StatementsContent)
from .models.facts import FACTS_FILE, FactsContent
from .models.lesson import GlossaryContent, LessonContent
from .models.school import SchoolContent


def facts_path(content_path: str | os.PathLike[str]) -> Path:
    """Where the facts registry of a lesson file is: in the lessons folder (the parent of the
    lesson folder), next to ``begrippen.yaml``; a shared file in the lessons folder itself."""
    p = Path(content_path).resolve()
    from_lesson = p.parent.parent / FACTS_FILE
    return from_lesson if from_lesson.is_file() or not (p.parent / FACTS_FILE).is_file() \
        else p.parent / FACTS_FILE


def load_facts(path: str | os.PathLike[str] | None) -> "FactsContent | None":
    """The registry at ``path`` (``None`` when there is no file)."""
    if path is None or not Path(path).is_file():
        return None
    return load_content(path, expected_kind="facts")


Content = Annotated[
    QuizContent | StatementsContent | ScenarioContent | SortTaskContent | PromptCardsContent
    | ReflectionContent | ChartContent | LessonContent | GlossaryContent | SchoolContent
    | SelfCheckContent | FactsContent,
    Field(discriminator="kind"),
]
KINDS = ("quiz", "statements", "scenario", "sort", "prompts", "reflection", "chart", "lesson",
         "glossary", "school", "selfcheck", "facts")
#: The model of every kind. Each is built when a file of its kind is first read (the models
#: defer their build): a file with a known ``kind`` is validated by its own model, with the
#: errors placed as the union of every kind (:data:`Content`) places them; only a file without a
#: known kind builds the union, for its ``kind`` error.
MODELS: dict[str, Any] = {
    m.model_fields["kind"].annotation.__args__[0]: m for m in (
        QuizContent, StatementsContent, ScenarioContent, SortTaskContent, PromptCardsContent,
        ReflectionContent, ChartContent, LessonContent, GlossaryContent, SchoolContent,
        SelfCheckContent, FactsContent)}
_UNION: list[TypeAdapter[Any]] = []


def _union() -> TypeAdapter[Any]:
    """The union of every kind (:data:`Content`), built on first use."""
    if not _UNION:
        _UNION.append(TypeAdapter(Content))
    return _UNION[0]


# --------------------------------------------------------------------------- validating and loading
_FIXES = {
    "missing": "this field is required; add it",
    "extra_forbidden": "unknown field; remove it or check the spelling",
    "string_too_short": "must not be empty; write some text",
    "too_short": "needs more entries",
    "too_long": "has too many entries or characters; shorten it",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_parsing": "must be a number",
    "list_type": "must be a list (lines starting with '- ')",
    "model_type": "must be a mapping (key: value lines)",
    "dict_type": "must be a mapping (key: value lines)",
    "union_tag_invalid": "unknown kind; use one of: " + ", ".join(KINDS),
    "union_tag_not_found": "the file needs a 'kind' field; use one of: " + ", ".join(KINDS),
    "string_pattern_mismatch": "use lowercase letters, digits, '-' or '_' only",
    "literal_error": "",
    "greater_than_equal": "is too small; use a larger number",
    "less_than_equal": "is too large; use a smaller number",
    "greater_than": "is too small; use a larger number",
    "less_than": "is too large; use a smaller number",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    if loc and loc[0] in KINDS:
        loc = loc[1:]  # the discriminated union's own level
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def problems_from_validation(path: str, err: ValidationError,
                             kind: str | None = None) -> list[Problem]:
    """One :class:`Problem` per error of ``err``; ``kind``: the error came from that kind's own
    model, so its locations lack the tag the union of every kind puts first."""
    probs = []
    for e in err.errors(include_url=False):
        loc = tuple(e.get("loc", ()))
        if kind is not None:
            loc = (kind, *loc)
        typ = e.get("type", "")
        msg = e.get("msg", "invalid")
        if typ == "value_error":
            msg = msg.removeprefix("Value error, ")
            m = re.match(r"^\[\[(.+?)\]\] (.*)$", msg, re.S)
            if m:
                sub, msg = m.groups()
                base = _field_path(loc)
                probs.append(Problem(path, sub if base == "(file)" else
                                     f"{base}{'' if sub.startswith('[') else '.'}{sub}", msg))
                continue
        elif typ in ("union_tag_invalid", "union_tag_not_found"):
            probs.append(Problem(path, "kind", _FIXES[typ]))
            continue
        elif typ in _FIXES and _FIXES[typ]:
            msg = f"{_FIXES[typ]} ({msg})" if typ not in ("missing", "extra_forbidden") else _FIXES[typ]
        probs.append(Problem(path, _field_path(loc), msg))
    return probs


def parse_content(text: str, path: str = "<text>", expected_kind: str | None = None) -> Any:
    """Validate YAML text; return the content model or raise :class:`ContentError`."""
    data = parse_yaml(text, path)
    if data is None:
        raise ContentError([Problem(path, "(file)", "the file is empty; add content with a 'kind'")])
    if not isinstance(data, dict):
        raise ContentError([Problem(path, "(file)", "the file must be a mapping (key: value lines), "
                                    f"not a {type(data).__name__}")])
    if expected_kind is not None and data.get("kind") != expected_kind:
        raise ContentError([Problem(path, "kind", f"expected kind '{expected_kind}' here but found "
                                    f"{short_repr(data.get('kind'))}; load it with the matching widget")])
    kind = data.get("kind")
    model = MODELS.get(kind) if isinstance(kind, str) else None
    try:
        return model.model_validate(data) if model else _union().validate_python(data)
    except ValidationError as e:
        raise ContentError(problems_from_validation(path, e, kind if model else None)) from None


#: Parsed content files of this process, keyed on what identifies a file's version on disk.
#: One ``kijkverder check`` reads each content file several times (check, LessonSource.open,
#: readability); ``preview`` re-checks a lesson on every save. Bounded; a file whose size, mtime
#: or inode changed is parsed again.
_PARSED: dict[tuple[Any, ...], Any] = {}
_PARSED_MAX = 512


def load_content(path: str | os.PathLike[str], expected_kind: str | None = None,
                 root: str | os.PathLike[str] | None = None) -> Any:
    """Read and validate a content file; raise :class:`ContentError` naming file, field and fix.

    ``root`` is the folder the file must stay in (default: the folder it is in); see
    :func:`~widgets.contentio.read_text_file`. Cached: a file is parsed once per version on disk
    in this process (:data:`_PARSED`, its problems too); every caller gets its own copy.
    """
    try:
        st = Path(path).stat()
    except OSError:  # missing or unreadable: the loader says so
        return _read_content(path, expected_kind, root)
    folder = Path(root or Path(path).parent).resolve()
    base = (str(Path(path).absolute()), str(Path.cwd()), st.st_size, st.st_mtime_ns, st.st_ino,
            str(folder))
    model = _PARSED.get(base)
    if model is None or (expected_kind is not None and getattr(model, "kind", None) != expected_kind):
        errors = _PARSED.get((*base, expected_kind))
        if errors is not None:
            raise ContentError(list(errors))
        try:
            model = _read_content(path, expected_kind, root)
        except ContentError as e:
            _remember((*base, expected_kind), list(e.problems))
            raise
        _remember(base, model)
    return model.model_copy(deep=True)


def _read_content(path: str | os.PathLike[str], expected_kind: str | None,
                  root: str | os.PathLike[str] | None) -> Any:
    """:func:`load_content` without the cache."""
    return parse_content(read_text_file(path, root=root), display_path(path), expected_kind)


def _remember(key: tuple[Any, ...], value: Any) -> None:
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[key] = value
