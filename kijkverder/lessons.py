"""Finding lessons on disk (cheap: no heavy imports)."""
from __future__ import annotations

import re
from pathlib import Path

LESSON_DIR_RE = re.compile(r"^(\d{2})-[a-z0-9-]+$")


def default_lessons_root() -> Path:
    """``./lessons`` when run in the project folder, else the lessons next to this package
    (an editable install from a clone)."""
    here = Path.cwd() / "lessons"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "lessons"


def lesson_notebook(lesson_dir: Path) -> Path:
    return lesson_dir / f"{lesson_dir.name}.ipynb"


def all_lessons(root: Path | None = None) -> list[Path]:
    """Notebooks of all lessons under ``root`` (``lessons/NN-slug/NN-slug.ipynb``), in order."""
    root = root or default_lessons_root()
    out = []
    for d in sorted(root.iterdir() if root.is_dir() else []):
        if d.is_dir() and LESSON_DIR_RE.match(d.name) and lesson_notebook(d).exists():
            out.append(lesson_notebook(d))
    return out


def resolve_lessons(specs: list[str], root: Path | None = None) -> list[Path]:
    """Lesson notebooks named by ``specs``: "01", a lesson folder, or a notebook path."""
    if not specs:
        return all_lessons(root)
    found = []
    lessons = all_lessons(root)
    for spec in specs:
        p = Path(spec)
        if p.suffix == ".ipynb" and p.exists():
            found.append(p.resolve())
        elif p.is_dir() and lesson_notebook(p).exists():
            found.append(lesson_notebook(p).resolve())
        else:
            match = [nb for nb in lessons if nb.parent.name.split("-")[0] == spec.zfill(2)
                     or nb.parent.name == spec]
            if not match:
                raise SystemExit(f"kijkverder: no lesson {spec!r}; use a number like 01, a lesson "
                                 "folder or a notebook")
            found.extend(match)
    return found
