"""The one writer of lesson copies for a screen: ``kijkverder release``, the projector view,
``kijkverder lab`` and the static site all hand out what :func:`write_copy` writes.

A copy is a lessons folder of its own::

    out/kijkverder-view.yaml        role and style for the widgets in the kernel
    out/begrippen.yaml              shared glossary
    out/school.yaml                 the school profile (``lessons/school.yaml`` or ``school=``),
                                    projected for the role: the meldcode contact only for teachers
    out/NN-slug/NN-slug.ipynb       the cells the reader's view keeps; code hidden, no outputs
    out/NN-slug/les.yaml, *.yaml    only the content files those cells load, projected for the role
    out/.kijkverder-release.json    manifest: the hash of every file this writer wrote

Student work is never overwritten: a file that differs from what the manifest says was written
last time (a student's saved notebook, say) is left as it is and reported; ``force`` overwrites.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from widgets.settings import SETTINGS_FILE, settings_text

from .lessons import LessonSource, View, resolve_lessons

MANIFEST = ".kijkverder-release.json"
STYLES = ("normal", "projector")
#: Which lessons a release for an audience holds, and the role their copy is written for.
AUDIENCE_ROLE = {"leerlingen": "student", "ouders": "student", "docenten": "teacher"}


@dataclass
class CopyResult:
    notebooks: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)       # changed since last time: left alone
    messages: list[str] = field(default_factory=list)    # why each kept file was left alone
    refused: dict[str, list[Any]] = field(default_factory=dict)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def student_notebook(source: LessonSource, view: View) -> Any:
    """The notebook of ``source`` as ``view`` shows it: kept cells only, outputs cleared, code
    inputs hidden, no saved widget state."""
    import nbformat

    nb = nbformat.from_dict(source.nb)
    nb.cells = [nbformat.from_dict(b.cell) for b in source.blocks(view)]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
            c.metadata.setdefault("jupyter", {})["source_hidden"] = True
            c.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def _yaml(content: Any) -> bytes:
    import yaml

    from widgets.schema import dump_content

    return yaml.safe_dump(dump_content(content), allow_unicode=True, sort_keys=False).encode()


def _lesson_files(source: LessonSource, view: View) -> dict[str, bytes]:
    """Relative path -> bytes of one lesson's copy."""
    import nbformat

    from widgets.schema import project

    base = source.name
    files = {f"{base}/{source.notebook.name}":
             nbformat.writes(student_notebook(source, view)).encode() + b"\n",
             f"{base}/les.yaml": _yaml(project(source.meta, view.role))}
    kept_cells = {b.index for b in source.blocks(view)}
    for use in source.uses:
        if use.path is not None and use.cell in kept_cells and use.content is not None:
            files[f"{base}/{use.path}"] = _yaml(project(use.content, view.role))
    return files


def _shared_files(sources: list[LessonSource], role: str) -> dict[str, bytes]:
    from widgets.schema import load_content, project

    out: dict[str, bytes] = {}
    for s in sources:
        for f in s.shared_paths():
            out.setdefault(f.name, _yaml(project(load_content(f), role)))
    return out


def write_copy(sources: Iterable[LessonSource], out: Path, role: str = "student",
               style: str = "normal", force: bool = False,
               log: Callable[[str], None] = lambda _m: None,
               school: Path | None = None) -> CopyResult:
    """Write the screen copy of ``sources`` for ``role`` into ``out`` (see the module doc);
    ``school``: another school profile than ``school.yaml`` next to the lessons."""
    from widgets.registry import SCHOOL_FILE, load_school

    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}")
    sources = list(sources)
    view = View(role, "screen")
    files: dict[str, bytes] = {SETTINGS_FILE: settings_text(role, style).encode(),
                               **_shared_files(sources, role)}
    if school is not None:
        files[SCHOOL_FILE] = _yaml(load_school(school, role))
    for s in sources:
        files.update(_lesson_files(s, view))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        manifest = json.loads((out / MANIFEST).read_text("utf-8"))
        manifest = manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        manifest = {}
    result = CopyResult()
    for rel, data in files.items():
        target = out / rel
        if target.is_symlink() or (target.exists() and not target.is_file()):
            result.messages.append(f"kijkverder: {target}: not a regular file; left as it is")
            result.kept.append(target)
            continue
        if target.exists() and not force:
            current = _sha(target.read_bytes())
            if current != manifest.get(rel) and current != _sha(data):
                result.messages.append(f"kijkverder: {target}: changed since the last release "
                                       "(student work?); left as it is (use --force to overwrite)")
                result.kept.append(target)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        manifest[rel] = _sha(data)
        if rel.endswith(".ipynb"):
            result.notebooks.append(target)
            log(str(target))
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return result


def school_refusal(school: Path | None, command: str) -> str:
    """Why ``kijkverder COMMAND --school PATH`` must not start: the profile's one-line problems
    (the same lines as ``kijkverder check``) and a last line that names the refusal; ``""`` when
    ``school`` is ``None`` or valid. The commands that start or build something (present, lab,
    site) check this first and raise their own error with it: fail closed, never a traceback."""
    from .check import check_school

    if school is None:
        return ""
    problems = check_school(school)
    if not problems:
        return ""
    return "\n".join([*map(str, problems),
                      f"{school}: --school: the school profile fails kijkverder check "
                      f"({len(problems)} problem(s) above); kijkverder {command} started and built "
                      "nothing (fix it, or leave out --school to use lessons/school.yaml)"])


def release(notebooks: list[Path], out: Path, audience: str = "leerlingen", force: bool = False,
            style: str = "normal", log: Callable[[str], None] = print,
            school: Path | None = None) -> CopyResult:
    """``kijkverder release``: the lessons for ``audience`` that pass ``check``, copied for it.
    Lessons for another audience (the teacher guide, the parents' evening) are left out.
    ``school``: the school profile to copy (default: ``school.yaml`` next to the lessons); a
    broken one refuses the release."""
    from .check import check_school, gate

    if audience not in AUDIENCE_ROLE:
        raise ValueError(f"audience must be one of {tuple(AUDIENCE_ROLE)}")
    if school is not None:
        problems = check_school(school)
        if problems:
            return CopyResult(refused={str(school): problems})
    sources, refused = gate(notebooks)
    chosen = [s for s in sources if s.audience == audience]
    result = write_copy(chosen, out, AUDIENCE_ROLE[audience], style=style, force=force, log=log,
                        school=school)
    result.refused = refused
    return result


def copy_lesson(lesson: str, role: str, dest: Path, style: str = "normal",
                school: Path | None = None) -> Path:
    """A copy of one lesson (any audience) for ``role`` in ``dest``; its notebook path.
    ``school``: another school profile than ``school.yaml`` next to the lessons (checked by the
    caller, see :func:`school_refusal`). Raises :class:`~kijkverder.lessons.LessonError` if the
    lesson fails ``check``."""
    from .check import gate
    from .lessons import LessonError

    sources, refused = gate(resolve_lessons([lesson]))
    if refused:
        raise LessonError([p for probs in refused.values() for p in probs])
    result = write_copy(sources, dest, role, style=style, force=True, school=school)
    return result.notebooks[0]
