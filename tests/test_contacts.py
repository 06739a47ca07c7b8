"""Issue 24, findings 5 and 13: the no-contact-details rule reads normalised text and errs on the
side of refusing, in markdown, in content files and in the school profile's free-text fields; a
lesson with such a contact never reaches a student output (the gate refuses it)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from kijkverder.check import check_notebook, check_paths, check_school, gate
from kijkverder.textrules import text_problems
from tests.conftest import LESSONS
from tests.test_hostile import _notebook, md

LESSON = "01-wat-is-uitbuiting"
#: Everyday ways to write a contact: each must be refused, wherever it stands.
FORMATS = {
    "mobile-pairs": "App me: 06 12 34 56 78",
    "mobile-dash-space": "Bel 06-1234 5678",
    "mobile-brackets": "Bel (06) 12345678",
    "mobile-dots": "Bel 06.12.34.56.78",
    "mobile-en-dash": "Bel 06–12345678",
    "mobile-fullwidth": "Bel ０６１２３４５６７８",
    "mobile-emphasis": "Bel 06**1234**5678",
    "mobile-escaped": "Bel 06\\-12345678",
    "mobile-entity": "Bel 06&#45;12345678",
    "plus31": "Bel +31 (0)6 1234 5678",
    "0031": "Bel 0031 6 12345678",
    "belgian": "Bel +32 470 12 34 56",
    "landline": "Bel 030 - 123 45 67",
    "0800": "Bel 0800 1234",
    "whatsapp": "Stuur een appje via wa.me/31612345678",
    "telegram": "Chat op t.me/hulplijn_anoniem",
    "discord": "Kom in discord.gg/abcdef",
    "io-domain": "Kijk op veilig-chatten.io",
    "app-domain": "Download lisa.app",
    "obfuscated-dot": "Kijk op hulp[.]io",
    "obfuscated-punt": "Kijk op hulp (punt) nl",
    "escaped-dot": "Kijk op hulp\\.me",
    "gmail": "Mail lisa.2008@gmail.com",
    "mail-at": "Mail lisa (at) gmail (dot) com",
    "handle": "Volg @lisa_2008 voor hulp",
    "insta-handle": "Insta: lisa_2008",
    "snap-name": "Snapchat lisa2008",
    "tel-link": "tel:0612345678",
    "whatsapp-scheme": "whatsapp://send?phone=31612345678",
    "www": "www.hulpvoorjou.nl",
}


@pytest.mark.parametrize("name", list(FORMATS))
def test_contact_in_markdown_is_refused(tmp_path: Path, name: str) -> None:
    nb = _notebook(tmp_path / "les.ipynb", [md(FORMATS[name])])
    found = [str(p) for p in check_notebook(nb) if p.field == "cells[0]"]
    assert found, f"{name}: {FORMATS[name]!r} passes check"


@pytest.mark.parametrize("name", list(FORMATS))
def test_contact_in_yaml_content_is_refused(tmp_path: Path, name: str) -> None:
    f = tmp_path / "vragen.yaml"
    f.write_text(yaml.safe_dump({"kind": "reflection", "title": "Vragen", "prompts": [
        {"id": "a", "text": FORMATS[name]}]}, allow_unicode=True), "utf-8")
    found = [str(p) for p in check_paths([f]) if p.field == "prompts[0].text"]
    assert found, f"{name}: {FORMATS[name]!r} passes check in YAML"


@pytest.mark.parametrize("text", [
    "Is het acuut? Bel 112.", "In 2019-2023 waren er 1.000.000 meldingen (2023).",
    "Op 12-03-2024 om 16.00 uur.", "Kamer 1.12, naast de aula.", "Zie `widgets/schema.py`.",
    "Dat is o.a. zo, d.w.z. niet altijd.", "Stap 1, 2 en 3."])
def test_ordinary_text_passes(text: str) -> None:
    assert text_problems("x", "f", text) == []


@pytest.mark.parametrize("name", ["mobile-pairs", "telegram", "handle", "gmail"])
def test_a_contact_never_reaches_a_student_output(tmp_path: Path, name: str) -> None:
    """The gate (every student output: handouts, release, present, lab, site) refuses the lesson,
    whether the contact is in a markdown cell or in its help content."""
    root = tmp_path / "lessons"
    shutil.copytree(LESSONS / LESSON, root / LESSON)
    shutil.copy(LESSONS / "begrippen.yaml", root / "begrippen.yaml")
    shutil.copy(LESSONS / "feiten.yaml", root / "feiten.yaml")
    nb_path = root / LESSON / f"{LESSON}.ipynb"
    nb = json.loads(nb_path.read_text("utf-8"))
    nb["cells"].insert(1, {"cell_type": "markdown", "id": "hulp", "metadata": {},
                           "source": f"## Hulp en advies\n\n{FORMATS[name]}"})
    nb_path.write_text(json.dumps(nb), "utf-8")
    ok, refused = gate([nb_path])
    assert ok == [] and LESSON in refused
    nb["cells"].pop(1)
    nb_path.write_text(json.dumps(nb), "utf-8")
    les = yaml.safe_load((root / LESSON / "les.yaml").read_text("utf-8"))
    les["goals"][0] = FORMATS[name]
    (root / LESSON / "les.yaml").write_text(yaml.safe_dump(les, allow_unicode=True), "utf-8")
    ok, refused = gate([nb_path])
    assert ok == [] and any(p.field == "goals[0]" for p in refused[LESSON])


# ------------------------------------------------------------------------- school profile (13)
@pytest.mark.parametrize("field, value, words", [
    ("name", "Lisa, app 06 12 34 56 78", "a phone number"),
    ("when", "Altijd, mail lisa.2008@gmail.com", "an e-mail address"),
    ("where", "Online: www.hulpvoorjou.nl", "a web address"),
    ("where", "Chat via t.me/lisa", "a web address"),
    ("role", "Vertrouwenspersoon (@lisa_2008)", "a contact name"),
])
def test_school_profile_free_text_gets_the_contact_rule(tmp_path: Path, field: str, value: str,
                                                        words: str) -> None:
    data = yaml.safe_load((LESSONS / "school.example.yaml").read_text("utf-8"))
    data["contacts"][0][field] = value
    f = tmp_path / "school.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    lines = [str(p) for p in check_school(f)]
    assert any(f"contacts[0].{field}: contains {words}" in ln and "free text holds no contact"
               in ln for ln in lines), lines


def test_school_profile_local_help_text_gets_the_contact_rule(tmp_path: Path) -> None:
    data = yaml.safe_load((LESSONS / "school.example.yaml").read_text("utf-8"))
    data["local_help"][0]["for"] = "Bel Jan op 06-12345678"
    f = tmp_path / "school.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert any(p.field == "local_help[0].for" and "phone number" in p.message
               for p in check_school(f))


def test_school_profile_contact_fields_stay_allowed() -> None:
    assert check_school(LESSONS / "school.example.yaml") == []
