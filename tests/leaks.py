"""What must never reach students: derived from the lessons themselves, not hard-coded."""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import yaml

from kijkverder.cells import cell_tags
from handouts.render import markdown_to_html

#: YAML keys whose values are answers, explanations or teacher notes.
SECRET_KEYS = {"explanation", "feedback", "hint", "norm", "teacher_note"}
ANSWER_MARKS = ("☒", "(Goed)")


def normalize(text: str) -> str:
    text = text.replace("\u00ad", "").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def plain(markdown: str) -> str:
    """Text of rendered markdown, one line per block (paragraph, list item, heading)."""
    rendered = re.sub(r"</(p|li|h\d|dt|dd|tr|pre)>|<br\s*/?>", "\n", markdown_to_html(markdown))
    lines = html.unescape(re.sub(r"<[^>]+>", " ", rendered)).splitlines()
    return "\n".join(n for n in (normalize(ln) for ln in lines) if n)


def sentences(text: str, min_len: int = 25) -> list[str]:
    parts = [p for line in text.splitlines() for p in re.split(r"(?<=[.!?:])[\"']?\s+", line)]
    return [normalize(p) for p in parts if len(normalize(p)) >= min_len]


def fragment(s: str, n: int = 40) -> str:
    return normalize(s)[:n]


def _yaml_secrets(data, out: list[str]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            if k in SECRET_KEYS and isinstance(v, str):
                out.append(v)
            else:
                _yaml_secrets(v, out)
    elif isinstance(data, list):
        for v in data:
            _yaml_secrets(v, out)


def teacher_cell_sentences(nb_path: Path) -> list[str]:
    nb = nbformat.read(nb_path, as_version=4)
    out = []
    for c in nb.cells:
        if c.cell_type == "markdown" and "teacher" in cell_tags(c):
            out += sentences(plain(c.source))
    return out


def content_secrets(nb_path: Path) -> list[str]:
    """Explanations, feedback, hints and teacher notes of the content files the lesson uses."""
    out: list[str] = []
    text = nb_path.read_text("utf-8")
    for f in sorted(nb_path.parent.glob("*.yaml")):
        if f.name == "les.yaml" or f.name not in text:
            continue
        _yaml_secrets(yaml.safe_load(f.read_text("utf-8")), out)
    les = yaml.safe_load((nb_path.parent / "les.yaml").read_text("utf-8"))
    out += [s["note"] for s in les.get("plan", []) if s.get("note")]
    return [s for s in out if len(normalize(s)) >= 12]


def _public_strings(data, out: list[str]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in SECRET_KEYS:
                _public_strings(v, out)
    elif isinstance(data, list):
        for v in data:
            _public_strings(v, out)
    elif isinstance(data, str):
        out.append(data)


def public_text(nb_path: Path) -> str:
    """What the student edition may legitimately contain: non-teacher markdown and the
    non-secret fields of the content files."""
    nb = nbformat.read(nb_path, as_version=4)
    parts = [plain(c.source) for c in nb.cells
             if c.cell_type == "markdown" and "teacher" not in cell_tags(c)]
    text = nb_path.read_text("utf-8")
    for f in sorted(nb_path.parent.glob("*.yaml")):
        if f.name != "les.yaml" and f.name in text:
            _public_strings(yaml.safe_load(f.read_text("utf-8")), parts)
    return normalize(" ".join(parts))


def all_secrets(nb_path: Path) -> list[str]:
    """Teacher-only sentences that do not also occur in the student-facing material."""
    public = public_text(nb_path)
    return [s for s in teacher_cell_sentences(nb_path) + content_secrets(nb_path)
            if fragment(s) not in public]


def screen_text(nb_path: Path) -> str:
    """What students may see on screen: the public text plus quiz feedback and explanations
    (shown after answering). Hints and teacher notes are never part of it."""
    extra: list[str] = []
    text = nb_path.read_text("utf-8")

    def walk(data) -> None:
        if isinstance(data, dict):
            for k, v in data.items():
                if k in ("feedback", "explanation") and isinstance(v, str):
                    extra.append(v)
                elif k not in ("hint", "teacher_note"):
                    walk(v)
        elif isinstance(data, list):
            for v in data:
                walk(v)

    for f in sorted(nb_path.parent.glob("*.yaml")):
        if f.name != "les.yaml" and f.name in text:
            walk(yaml.safe_load(f.read_text("utf-8")))
    return normalize(public_text(nb_path) + " " + " ".join(extra))
