"""SortTask: choosing, checking with right and wrong answers, resetting, and the print forms."""
from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as W
import pytest
import yaml

from widgets import SortTask, set_language
from widgets.base import esc

GOOD = Path(__file__).parent / "fixtures" / "sort" / "good.yaml"
KEY = {"id-kwijt": "sterk", "nieuwe-schoenen": "misschien", "moe": "geen", "schuld": "sterk",
       "telefoon": "misschien", "sport": "geen"}
LABELS = {"sterk": "Sterk signaal", "misschien": "Kan een signaal zijn", "geen": "Geen signaal"}


def load() -> SortTask:
    s = SortTask.load(GOOD)
    assert isinstance(s, SortTask), getattr(s, "problems", s)
    return s


def explanations(s: SortTask) -> list[str]:
    return [it.explanation for it in s.content.items]


def test_one_labelled_choice_per_item() -> None:
    s = load()
    assert list(s.choices) == list(KEY)
    for n, (item_id, toggle) in enumerate(s.choices.items(), 1):
        assert isinstance(toggle, W.ToggleButtons)
        assert toggle.options == tuple((label, cid) for cid, label in LABELS.items())
        assert toggle.value is None and not toggle.disabled
        assert toggle.description == f"Jouw keuze bij {n}"  # visible, accessible label
        assert s.feedback[item_id].value == ""
    assert "Lisa haar ID-kaart" in s.children[2].children[0].value
    assert s.check_button.description == "Controleer" and s.retry_button.description == "Opnieuw"
    assert s.score.value == ""


def test_nothing_is_revealed_before_checking() -> None:
    s = load()
    s.choose("moe", "sterk")
    state = " ".join(str(getattr(w, "value", "")) for w in [s.header, s.score, *s.feedback.values()])
    assert not any(e in state for e in explanations(s))


def test_check_with_right_wrong_and_missing_choices() -> None:
    s = load()
    right = ["id-kwijt", "nieuwe-schoenen", "moe", "schuld"]
    for item in right:
        s.choose(item, KEY[item])
    s.choose("telefoon", "geen")  # wrong; "sport" is left open
    results = s.check()
    assert results is s.results
    assert s.results == {"id-kwijt": True, "nieuwe-schoenen": True, "moe": True, "schuld": True,
                         "telefoon": False, "sport": None}
    assert s.points == 4
    assert "4 van 6 goed" in s.score.value and "zie alleen jij" in s.score.value
    for item in right:
        fb = s.feedback[item].value
        assert "✓ Goed" in fb and "Niet goed" not in fb and "kv-fb-ok" in fb
        expl = next(it.explanation for it in s.content.items if it.id == item)
        assert f"Uitleg:</strong> {esc(expl)}</p>" in fb
    wrong = s.feedback["telefoon"].value
    assert "✗ Niet goed" in wrong and "kv-fb-no" in wrong
    assert "Jouw keuze: Geen signaal" in wrong and "Antwoord:</strong> Kan een signaal zijn" in wrong
    assert "Een geheime tweede telefoon kan een signaal zijn." in wrong
    missing = s.feedback["sport"].value
    assert "✗ Nog geen keuze gemaakt" in missing and "Antwoord:</strong> Geen signaal" in missing
    assert "Jouw keuze" not in missing


def test_all_right_and_all_wrong() -> None:
    s = load()
    for item, cat in KEY.items():
        s.choose(item, cat)
    s.check_button.click()
    assert all(s.results.values()) and "6 van 6 goed" in s.score.value
    s.retry_button.click()
    for item, cat in KEY.items():
        s.choose(item, "geen" if cat != "geen" else "sterk")
    s.check()
    assert s.results == {i: False for i in KEY} and "0 van 6 goed" in s.score.value
    assert all("✗ Niet goed" in fb.value for fb in s.feedback.values())


def test_choice_through_the_control_counts() -> None:
    s = load()
    s.choices["schuld"].value = "sterk"  # what a click on the toggle button does
    s.choices["moe"].value = "sterk"
    s.check()
    assert s.results["schuld"] is True and s.results["moe"] is False
    assert "2 van 6 goed" not in s.score.value and "1 van 6 goed" in s.score.value


def test_check_locks_and_reset_clears() -> None:
    s = load()
    s.choose("moe", "geen")
    s.check()
    assert all(t.disabled for t in s.choices.values()) and s.check_button.disabled
    with pytest.raises(RuntimeError):
        s.choose("sport", "geen")
    s.reset()
    assert s.results == {} and s.score.value == "" and not s.check_button.disabled
    for item in KEY:
        assert s.choices[item].value is None and not s.choices[item].disabled
        assert s.feedback[item].value == ""
    s.choose("sport", "geen")
    s.check()
    assert s.results["sport"] is True and s.results["moe"] is None


def test_unknown_item_or_category_is_refused() -> None:
    s = load()
    with pytest.raises(KeyError):
        s.choose("bestaat-niet", "sterk")
    with pytest.raises(ValueError):
        s.choose("moe", "bestaat-niet")
    s.choose("moe", "geen")
    s.choose("moe", None)
    assert s.choices["moe"].value is None


def test_text_is_escaped(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD.read_text("utf-8"))
    data["items"][0]["text"] = "Lisa <b>krijgt</b> & geeft"
    data["items"][0]["explanation"] = "Uitleg met <script>x</script>"
    data["categories"][0]["label"] = "Sterk <i>signaal</i>"
    f = tmp_path / "sorteer.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    s = SortTask.load(f)
    assert isinstance(s, SortTask)
    s.choose("id-kwijt", "geen")
    s.check()
    row = s.children[2].children[0].value
    assert "&lt;b&gt;krijgt&lt;/b&gt; &amp; geeft" in row and "<b>" not in row
    fb = s.feedback["id-kwijt"].value
    assert "&lt;script&gt;" in fb and "<script>" not in fb and "&lt;i&gt;signaal" in fb
    for edition in ("student", "teacher"):
        out = SortTask.render_print(s.content, edition)
        assert "<b>krijgt" not in out and "<script>" not in out and "<i>signaal" not in out


def test_english_ui() -> None:
    set_language("en")
    try:
        s = load()
        assert s.check_button.description == "Check"
        assert s.choices["moe"].description == "Your choice for 3"
        s.choose("moe", "geen")
        s.check()
        assert "1 out of 6 right" in s.score.value and "✓ Correct" in s.feedback["moe"].value
    finally:
        set_language("nl")


# ------------------------------------------------------------------------------------ print
def rows(html: str) -> list[str]:
    return re.findall(r"<tr><td>(.*?)</tr>", html, flags=re.S)


def test_print_student_has_empty_boxes_and_no_key() -> None:
    s = load()
    html = SortTask.render_print(s.content, "student")
    assert "<th>Omschrijving</th>" in html
    for label in LABELS.values():
        assert f'<th class="tick">{label}</th>' in html
    assert len(rows(html)) == 6
    assert html.count("&#x2610;") == 6 * 3 and "&#x2612;" not in html and "☒" not in html
    assert "1. Iemand anders bewaart Lisa haar ID-kaart" in html
    assert "Zet bij elke regel één kruisje" in html
    for e in explanations(s):
        assert e[:30] not in html
    assert "Uitleg" not in html and "Antwoord" not in html and "(Goed)" not in html
    ctx = SortTask.print_data(s.content, "student")
    assert all(it["category"] is it["category_label"] is it["explanation"] is None
               for it in ctx["items"])
    assert not any(e in repr(ctx) for e in explanations(s))


def test_print_teacher_has_the_key() -> None:
    s = load()
    html = SortTask.render_print(s.content, "teacher")
    cats = list(LABELS)
    for row, item in zip(rows(html), s.content.items):
        boxes = re.findall(r'<span class="box">(&#x261[02];)</span>', row)
        assert boxes == ["&#x2612;" if c == item.category else "&#x2610;" for c in cats]
        assert f"Antwoord:</strong> {LABELS[item.category]}" in row
        assert "Uitleg:</strong>" in row
    for e in explanations(s):
        assert e[:30] in html
    assert html.count("&#x2612;") == 6


def test_no_cards_edition() -> None:
    assert SortTask.card_template is None
    assert SortTask.render_print(load().content, "cards") == ""
