"""Content rules from the professional review (issue 19) that a test can check in the lesson text.

- No brand names of sex or webcam platforms anywhere in the lessons (item 6): a lesson names
  "two large international webcam sites", never the sites themselves.
- Evidence of sextortion is a screenshot of the chat and the profile, never of the nude image
  itself (item 9): wherever lesson 03 advises screenshots, it also says "not of the image".
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.conftest import LESSONS

#: Sex and webcam platforms whose names must not appear in lesson material. Matched as words,
#: case-insensitive, spaces optional ("Live Jasmin" and "LiveJasmin").
PLATFORMS = [
    "CamSoda", "ManyVids", "LiveJasmin", "Chaturbate", "OnlyFans", "Fansly", "Stripchat",
    "BongaCams", "MyFreeCams", "Cam4", "Pornhub", "xHamster", "XVideos", "Camster", "Flirt4Free",
]
PLATFORM_RE = re.compile(
    r"\b(" + "|".join(r"\s?".join(map(re.escape, name)) for name in PLATFORMS) + r")\b",
    re.IGNORECASE,
)


def _strings(node: object):
    """Every string value in a parsed YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def lesson_texts(root: Path = LESSONS) -> list[tuple[str, str]]:
    """(where, text) for every YAML string and every markdown cell under ``root``."""
    texts: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            texts.append((str(path.relative_to(root)), text))
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                texts.append((f"{path.relative_to(root)}: cells[{i}]", cell.source))
    return texts


def platform_names(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {m.group(0)!r}" for where, text in texts
            for m in PLATFORM_RE.finditer(text)]


def test_platform_pattern_finds_brand_names() -> None:
    found = platform_names([("x", "Op CamSoda en Many Vids, en via livejasmin.")])
    assert len(found) == 3, found
    assert platform_names([("x", "Twee grote internationale webcamsites. Camera kapot.")]) == []


def test_no_sex_or_webcam_platform_names_in_lessons() -> None:
    assert platform_names(lesson_texts()) == []


LESSON03 = LESSONS / "03-online-sexting-chantage-webcam"
SCREENSHOT_RE = re.compile(r"screenshots?\b", re.IGNORECASE)
NOT_OF_IMAGE_RE = re.compile(r"(nooit|geen) (een )?screenshot van (de |het )?(naakt\w*|foto)",
                             re.IGNORECASE)


@pytest.mark.parametrize("name", ["wat-doe-je.yaml", "verhaal.yaml", "03-online-sexting-chantage-webcam.ipynb"])
def test_lesson03_evidence_advice_excludes_the_image(name: str) -> None:
    texts = [t for where, t in lesson_texts(LESSON03) if where.startswith(name)]
    advice = [t for t in texts if re.search(r"screenshots? (maken |te maken )?van de chat", t, re.I)
              or re.search(r"maak(t)? screenshots van de chat", t, re.I)]
    assert advice, f"{name}: no evidence advice found"
    assert any(NOT_OF_IMAGE_RE.search(t) for t in texts), \
        f"{name}: evidence advice must say: never a screenshot of the nude image itself"
