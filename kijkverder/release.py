"""``kijkverder release``: student notebooks to hand out (no teacher material)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .cells import cell_in_edition

#: Content fields that are for the teacher only; stripped from released content files.
TEACHER_FIELDS = {"hint", "teacher_note", "plan", "sources"}


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in TEACHER_FIELDS}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def release_notebook(nb: Any) -> Any:
    """A student copy of ``nb``: teacher and print-only cells removed, outputs cleared, code hidden."""
    import nbformat

    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if cell_in_edition(c, "screen")]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
            c.metadata.setdefault("jupyter", {})["source_hidden"] = True
            c.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def release(notebooks: list[Path], out: Path, log=print) -> list[Path]:
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    written = []
    roots = {nb.parent.parent for nb in notebooks}
    for root in roots:
        for f in root.glob("*.yaml"):
            shutil.copy2(f, out / f.name)
    for nb_path in notebooks:
        dest = out / nb_path.parent.name
        dest.mkdir(parents=True, exist_ok=True)
        for f in nb_path.parent.glob("*.yaml"):
            data = yaml.safe_load(f.read_text("utf-8"))
            (dest / f.name).write_text(yaml.safe_dump(_strip(data), allow_unicode=True,
                                                      sort_keys=False), "utf-8")
        nb = release_notebook(nbformat.read(nb_path, as_version=4))
        target = dest / nb_path.name
        nbformat.write(nb, target)
        log(str(target))
        written.append(target)
    return written
