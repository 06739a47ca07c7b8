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
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from widgets.contentio import load_yaml
from widgets.marks import dump_content, project
from widgets.names import Names, as_names
from widgets.registry import SCHOOL_FILE, load_school, school_names
from widgets.schema import parse_content
from widgets.settings import SETTINGS_FILE, settings_text

from . import check
from .check import check_school
from .lessons import LESSON_FILE, LessonError, LessonSource, View, plain_ref, resolve_lessons
from .targets import OutputRefused, check_output_folder, output_for, role_of

MANIFEST = ".kijkverder-release.json"
#: The manifest entry that says whose release a folder holds (never a file name: it has a space).
AUDIENCE_KEY = "(audience of this release)"
STYLES = ("normal", "projector")


def release_out(audience: str) -> str:
    """The default output folder of ``kijkverder release`` for ``audience``: one per audience
    (the name of its row in :data:`~kijkverder.targets.TARGETS`)."""
    return output_for(__name__, audience).name


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

    return yaml.safe_dump(dump_content(content), allow_unicode=True, sort_keys=False).encode()


def _lesson_files(source: LessonSource, view: View) -> dict[str, bytes]:
    """Relative path -> bytes of one lesson's copy."""
    import nbformat

    base = source.name
    files = {f"{base}/{source.notebook.name}":
             nbformat.writes(student_notebook(source, view)).encode() + b"\n",
             f"{base}/{LESSON_FILE}": _yaml(project(source.meta, view))}
    kept_cells = {b.index for b in source.blocks(view)}
    for use in source.uses:
        if use.path is not None and use.cell in kept_cells and use.content is not None:
            files[f"{base}/{use.path}"] = _yaml(project(use.content, view))
    return files


def _shared_files(sources: list[LessonSource], role: str) -> dict[str, bytes]:
    """The shared files (glossary, school profile) as the gate read them, projected for ``role``."""
    out: dict[str, bytes] = {}
    for s in sources:
        for name, data in s.shared_bytes().items():
            if name not in out:
                out[name] = _yaml(project(parse_content(data.decode("utf-8"), name), role))
    return out


def _names(sources: list[LessonSource], school: Path | None) -> Names:
    """The other names for characters the copy uses: ``school``'s, else those of the school
    profile next to the lessons, as the gate read it (a copy of the profile for a student has
    no ``namen``: the lessons in it are renamed already)."""
    if school is not None:
        return school_names(school)
    for s in sources:
        data = s.shared_bytes().get(SCHOOL_FILE)
        if data is not None:
            return as_names(parse_content(data.decode("utf-8"), SCHOOL_FILE).names)
    return ()


def write_copy(sources: Iterable[LessonSource], out: Path, role: str = "student",
               style: str = "normal", force: bool = False,
               log: Callable[[str], None] = lambda _m: None,
               school: Path | None = None, audience: str | None = None) -> CopyResult:
    """Write the screen copy of ``sources`` for ``role`` into ``out`` (see the module doc);
    ``school``: another school profile than ``school.yaml`` next to the lessons; ``audience``:
    whose release this is (a folder holding another audience's release is refused). Raises
    :class:`~kijkverder.targets.OutputRefused` for an output folder inside the sources or one that
    holds a copy for another role (see :func:`write_files`)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}")
    sources = list(sources)
    check_output_folder(Path(out), [s.root for s in sources])
    files: dict[str, bytes] = {SETTINGS_FILE: settings_text(role, style).encode(),
                               **_shared_files(sources, role)}
    if school is not None:
        files[SCHOOL_FILE] = _yaml(load_school(school, role))
    view = View(role, "screen", names=_names(sources, school))
    for s in sources:
        files.update(_lesson_files(s, view))
    return write_files(files, Path(out), force=force, log=log, role=role, audience=audience)


#: Largest file the writer reads back from its output folder (to see whether it was changed).
MAX_READ_BACK = 32 * 1024 * 1024


def _safe_names(files: dict[str, bytes], out: Path) -> dict[PurePosixPath, bytes]:
    """``files`` by their normalised names; :class:`OutputRefused` if any name is not a plain
    relative name (it would leave ``out``)."""
    named: dict[PurePosixPath, bytes] = {}
    for rel, data in files.items():
        p = plain_ref(rel)
        if p is None:
            raise OutputRefused(f"kijkverder: {out}: {rel!r}: not a plain name inside the output "
                                "folder; nothing was written (run kijkverder check on the lesson)")
        named[p] = data
    return named


def _open_folder(parent: int | None, name: str | Path, create: bool) -> int:
    """A file descriptor of the real folder ``name`` in ``parent`` (a descriptor, or ``None``
    for a path); never follows a symbolic link. Raises ``OSError`` for a link or a non-folder."""
    if create:
        try:
            os.mkdir(name, 0o777, dir_fd=parent)
        except FileExistsError:
            pass
    return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                   dir_fd=parent)


def _read_back(folder: int, name: str) -> bytes | None:
    """The bytes of the regular file ``name`` in ``folder`` (never through a link, never a FIFO,
    never more than :data:`MAX_READ_BACK`); ``None`` if there is none; ``OSError`` if it is
    something else."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                     dir_fd=folder)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(name)
        return f.read(MAX_READ_BACK + 1)


def _write_in(folder: int, name: str, data: bytes) -> None:
    """Replace ``name`` in ``folder`` by ``data`` atomically: a fresh temporary file (``O_EXCL``,
    never a planted link) renamed over it (a rename replaces a link, it never follows it)."""
    for _ in range(100):
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o666, dir_fd=folder)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 clashes of 48 random bits
        raise FileExistsError(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
        raise


def write_files(files: dict[str, bytes], out: Path, force: bool = False,
                log: Callable[[str], None] = lambda _m: None,
                role: str | None = None, audience: str | None = None) -> CopyResult:
    """Write ``files`` (relative name -> bytes) into ``out``, the one way every copy is written.

    Every name must be a plain relative name (:func:`kijkverder.lessons.plain_ref`), else nothing
    is written (:class:`~kijkverder.targets.OutputRefused`). ``out`` itself must not be a symbolic
    link; below it every folder is opened without following links and every file is replaced by
    a rename in its real folder, so a link planted in the output folder (by anyone who can write
    there) is never followed: the file behind it is left as it is and reported. A file changed
    since this writer last wrote it (the manifest) is kept unless ``force``. ``role``: the copy's
    reader; a folder holding a copy for another role (its ``kijkverder-view.yaml``) is refused,
    and so is one holding another ``audience``'s release (recorded in the manifest)."""
    named = _safe_names(files, out)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        root = _open_folder(None, out, create=True)
    except OSError as e:
        raise OutputRefused(f"kijkverder: {out}: output folder is a symbolic link or not a folder "
                            f"({e.strerror}); choose another folder") from None
    result = CopyResult()
    folders: dict[PurePosixPath, int | None] = {PurePosixPath(): root}
    try:
        if role is not None:
            _same_role(root, out, role)
        try:
            manifest = json.loads((_read_back(root, MANIFEST) or b"{}").decode("utf-8"))
            manifest = manifest if isinstance(manifest, dict) else {}
        except (OSError, ValueError):
            manifest = {}
        held = manifest.get(AUDIENCE_KEY)
        if audience is not None and held is not None and held != audience:
            raise OutputRefused(f"kijkverder: {out}: holds the release for {held}; the release for "
                                f"{audience} goes into its own folder (default: "
                                f"{release_out(audience)}); nothing was written")
        if audience is not None:
            manifest[AUDIENCE_KEY] = audience

        def folder_of(rel: PurePosixPath) -> int | None:
            if rel not in folders:
                parent = folder_of(rel.parent)
                try:
                    folders[rel] = None if parent is None else _open_folder(parent, rel.name, True)
                except OSError:
                    folders[rel] = None
                    result.messages.append(f"kijkverder: {out / rel}: a symbolic link or not a "
                                           "folder; nothing written into it (remove it)")
            return folders[rel]

        for rel, data in named.items():
            target = out / rel
            folder = folder_of(rel.parent)
            if folder is None:
                result.kept.append(target)
                continue
            try:
                current = _read_back(folder, rel.name)
            except OSError:
                result.messages.append(f"kijkverder: {target}: not a regular file (a symbolic "
                                       "link?); left as it is")
                result.kept.append(target)
                continue
            if current is not None and not force:
                sha = _sha(current)
                if sha != manifest.get(str(rel)) and sha != _sha(data):
                    result.messages.append(f"kijkverder: {target}: changed since the last release "
                                           "(student work?); left as it is (use --force to "
                                           "overwrite)")
                    result.kept.append(target)
                    continue
            try:
                _write_in(folder, rel.name, data)
            except OSError as e:
                result.messages.append(f"kijkverder: {target}: cannot be written ({e.strerror}); "
                                       "left as it is")
                result.kept.append(target)
                continue
            manifest[str(rel)] = _sha(data)
            if rel.suffix == ".ipynb":
                result.notebooks.append(target)
                log(str(target))
        _write_in(root, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    finally:
        for fd in set(folders.values()):
            if fd is not None:
                os.close(fd)
    return result


def _same_role(root: int, out: Path, role: str) -> None:
    """Refuse to write a copy for ``role`` into a folder that holds one for another role: a
    teacher copy never lands in (or next to) the students' copy."""
    import yaml

    try:
        raw = _read_back(root, SETTINGS_FILE)
    except OSError:  # a link or a folder: reported (and left alone) with the other files
        return
    try:
        held = load_yaml((raw or b"").decode("utf-8")) or {}
        other = held.get("role") if isinstance(held, dict) else "?"
    except (ValueError, yaml.YAMLError):
        other = "?"
    if other is not None and other != role:
        what = f"holds a copy for role {other!r}" if other != "?" else \
            f"its {SETTINGS_FILE} cannot be read, so whose copy it holds is unknown"
        raise OutputRefused(f"kijkverder: {out}: {what}; a copy for {role!r} goes into another "
                            "folder (e.g. release-docenten for teachers); nothing was written")


def school_refusal(school: Path | None, command: str) -> str:
    """Why ``kijkverder COMMAND --school PATH`` must not start: the profile's one-line problems
    (the same lines as ``kijkverder check``) and a last line that names the refusal; ``""`` when
    ``school`` is ``None`` or valid. The commands that start or build something (present, lab,
    site) check this first and raise their own error with it: fail closed, never a traceback."""
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
    output_for(__name__, audience)  # an audience without a release (its row) is refused
    role = role_of(audience)  # the role the copies are written for
    # never into (or onto) the sources, with or without force: checked before anything is read
    check_output_folder(Path(out), [Path(nb).parent.parent for nb in notebooks])
    if school is not None:
        problems = check_school(school)
        if problems:
            return CopyResult(refused={str(school): problems})
    sources, refused = check.gate(notebooks)
    chosen = [s for s in sources if s.audience == audience]
    result = write_copy(chosen, out, role, style=style, force=force, log=log,
                        school=school, audience=audience)
    result.refused = refused
    return result


def copy_lesson(lesson: str, role: str, dest: Path, style: str = "normal",
                school: Path | None = None) -> Path:
    """A copy of one lesson (any audience) for ``role`` in ``dest``; its notebook path.
    ``school``: another school profile than ``school.yaml`` next to the lessons (checked by the
    caller, see :func:`school_refusal`). Raises :class:`~kijkverder.lessons.LessonError` if the
    lesson fails ``check``."""
    sources, refused = check.gate(resolve_lessons([lesson]))
    if refused:
        raise LessonError([p for probs in refused.values() for p in probs])
    result = write_copy(sources, dest, role, style=style, force=True, school=school)
    return result.notebooks[0]
