"""A build reads each lesson once: the bytes the gate checks are the bytes that are rendered.

:func:`take` copies the files a lesson build can use (notebooks, content files, images, the
shared files next to the lessons, a ``--school`` profile) into a private folder, each read with
a size bound before its content is needed; the build then checks and renders that copy. A save
in the lesson folder during the build changes nothing on paper: the next build sees it.

What is copied, per lesson folder (``os.walk``, links never followed):

- ``*.ipynb``, ``*.yaml``, ``*.yml``: the bytes, read with the bound of their reader (a larger
  one becomes a sparse file of the same size, so ``check`` says "too large" as it would);
- images (``IMAGE_SUFFIXES``) up to :data:`MAX_IMAGE_BYTES` (a larger one is left out: the PDF
  shows its alt text);
- symbolic links as links (their text only, never what they point to), FIFOs as FIFOs, folders as
  folders, so ``check`` reports them as it reports the originals;
- nothing else (a video, a link to ``/proc/self/mem``): never opened.

Problems found in the copy name the original files (:meth:`Snapshot.problem`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from widgets.contentio import (MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES, display_path, file_problem,
                               read_bounded)

from .lessons import SHARED_FILES

#: The private temporary folders of a build or a gate (with an owner-pid marker: one a killed
#: run left behind is removed by the next build).
SCRATCH_PREFIX = "kijkverder-build-"
#: Largest image a lesson's PDF embeds.
MAX_IMAGE_BYTES = 8 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
#: Most folder entries looked at in one lesson folder (a lesson has a dozen files; a notebook
#: in a large folder, such as a home folder, is not a lesson and is not walked whole).
MAX_ENTRIES = 5000
#: Folders of a lesson that are never part of it.
SKIP_DIRS = (".ipynb_checkpoints", ".git", "__pycache__")


def limit_for(name: str) -> int | None:
    """The size bound of a lesson file by its name, or ``None`` if the build never reads it."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix == ".ipynb":
        return MAX_NOTEBOOK_BYTES
    if suffix in (".yaml", ".yml"):
        return MAX_FILE_BYTES
    if suffix in IMAGE_SUFFIXES:
        return MAX_IMAGE_BYTES
    return None


@dataclass
class Snapshot:
    """The private copy of some lessons: original notebook -> copied notebook, the key of each
    lesson's copied bytes, and where the copy lives (to name the originals in problems)."""

    notebooks: dict[Path, Path] = field(default_factory=dict)
    keys: dict[Path, str] = field(default_factory=dict)      # by copied notebook
    school: Path | None = None
    _places: list[tuple[str, str]] = field(default_factory=list)   # (copy prefix, original)

    def original(self, copied: Path) -> Path:
        return next(o for o, c in self.notebooks.items() if c == copied)

    def problem(self, p: Any) -> Any:
        """``p`` (a :class:`widgets.schema.Problem` found in the copy) naming the original."""
        for copy, orig in self._places:
            if p.path == copy or p.path.startswith(copy + os.sep):
                return dataclasses.replace(p, path=orig + p.path[len(copy):])
        return p


def _copy_entry(src: Path, dst: Path, h: Any, rel: str) -> None:
    """Copy one directory entry of a lesson folder (see the module doc) and hash what was copied."""
    try:
        st = os.lstat(src)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        target = os.readlink(src)
        os.symlink(target, dst)
        h.update(f"link\0{rel}\0{target}\0".encode())
    elif stat.S_ISFIFO(st.st_mode):
        os.mkfifo(dst, 0o600)
        h.update(f"fifo\0{rel}\0".encode())
    elif stat.S_ISREG(st.st_mode):
        limit = limit_for(src.name)
        if limit is None:
            return
        got = read_bounded(src, limit)
        if got is None:
            return
        data, size = got
        if size > limit and limit_for(src.name) == MAX_IMAGE_BYTES:
            return  # an image too large to embed: left out
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as f:
            if size > limit:  # a sparse file of the same size: check says "too large"
                f.truncate(size)
            else:
                f.write(data)
        h.update(f"file\0{rel}\0{size}\0".encode() + hashlib.sha256(data).digest())


def _copy_lesson(src: Path, dst: Path, h: Any) -> None:
    os.mkdir(dst, 0o700)
    seen = 0
    for dirpath, dirnames, filenames in os.walk(src):  # never follows links to folders
        seen += len(dirnames) + len(filenames)
        if seen > MAX_ENTRIES:  # not a lesson folder: what is missing is reported as missing
            h.update(b"(too many files)")
            return
        here = Path(dirpath)
        rel_dir = here.relative_to(src)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS
                             and not (here / d).is_symlink())
        for d in dirnames:
            os.mkdir(dst / rel_dir / d, 0o700)
            h.update(f"dir\0{rel_dir / d}\0".encode())
        links = sorted(n for n in os.listdir(here) if n not in dirnames and n not in filenames)
        for name in sorted(filenames) + links:  # links to folders are listed by neither
            _copy_entry(here / name, dst / rel_dir / name, h, str(rel_dir / name))


def _copy_shared(src: Path, dst: Path, h: Any) -> None:
    """A shared file (glossary, school profile): its bytes if it is a file the lessons may use
    (a link inside the lessons folder is read through), else copied like a lesson entry."""
    if not os.path.lexists(src):
        return
    if file_problem(src, src.parent) is None:
        got = read_bounded(src.resolve(), MAX_FILE_BYTES)
        if got is not None:
            data, size = got
            fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.truncate(size) if size > MAX_FILE_BYTES else f.write(data)
            h.update(f"file\0{src.name}\0{size}\0".encode() + hashlib.sha256(data).digest())
            return
    _copy_entry(src, dst, h, src.name)


def take(notebooks: list[Path], dest: Path, school: Path | None = None,
         salt: str = "") -> Snapshot:
    """Copy the lessons of ``notebooks`` (and ``school``) into ``dest`` (a new private folder)
    and return the :class:`Snapshot`. ``salt``: what else a lesson's key depends on (the code)."""
    os.makedirs(dest, 0o700, exist_ok=True)
    snap = Snapshot()
    roots: dict[Path, tuple[Path, bytes]] = {}
    for nb in notebooks:
        nb = Path(nb).absolute()
        root = nb.parent.parent
        if root not in roots:
            copy_root = Path(dest) / f"r{len(roots)}" / root.name
            copy_root.mkdir(parents=True, mode=0o700)
            hs = hashlib.sha256()
            for name in SHARED_FILES:
                _copy_shared(root / name, copy_root / name, hs)
            roots[root] = (copy_root, hs.digest())
            snap._places.append((display_path(copy_root), display_path(root)))
        copy_root, shared = roots[root]
        copy_dir = copy_root / nb.parent.name
        copied = copy_dir / nb.name
        if copied not in snap.keys:
            h = hashlib.sha256(salt.encode() + b"\0" + shared)
            _copy_lesson(nb.parent, copy_dir, h)
            snap.keys[copied] = h.hexdigest()
        snap.notebooks[nb] = copied
    if school is not None:
        school = Path(school)
        folder = Path(dest) / "school"
        folder.mkdir(mode=0o700)
        _copy_shared(school, folder / school.name, hashlib.sha256())
        snap.school = folder / school.name
        snap._places.append((display_path(snap.school), display_path(school)))
    # longest prefix first: a school profile inside a lessons folder is named as itself
    snap._places.sort(key=lambda p: -len(p[0]))
    return snap
