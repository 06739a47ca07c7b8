"""Content rules from the professional review (issue 19) that a test can check in the lesson text.

- No brand names of sex or webcam platforms anywhere in the lessons (item 6): a lesson names
  "two large international webcam sites", never the sites themselves.
- Evidence of sextortion is a screenshot of the chat and the profile, never of the nude image
  itself (item 9): wherever lesson 03 advises screenshots, it also says "not of the image".

And from the second review (issue 26):

- The sexting rule (item 1): since 1 July 2024 (Wet seksuele misdrijven, Stb. 2024, 59) sexting
  between equal peers who both want it and keep the images to themselves is not punishable. A text
  that says making or keeping sexual images of an under-18 is punishable names that exception in
  the same text; no sentence says it is "altijd strafbaar" for whoever asks, makes or keeps them.
"""
from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1)
def _facts() -> dict[str, str]:
    """Student wording of every fact of the registry, by id."""
    data = yaml.safe_load((LESSONS / "feiten.yaml").read_text(encoding="utf-8"))
    return {f["id"]: f["student"] for f in data["facts"]}


def resolved(node: object) -> object:
    """``node`` with every ``{{ fact:ID }}`` replaced by the fact's student wording: the words a
    reader sees (the rules below are about what the lessons say, wherever it is written)."""
    from widgets.models.facts import FACT_REF_RE

    if isinstance(node, str):
        facts = _facts()
        return FACT_REF_RE.sub(lambda m: facts.get(m.group(1), m.group(0)), node)
    if isinstance(node, dict):
        return {k: resolved(v) for k, v in node.items()}
    if isinstance(node, list):
        return [resolved(v) for v in node]
    return node


def load_yaml(path: Path) -> object:
    return resolved(yaml.safe_load(path.read_text(encoding="utf-8")))


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
        for text in _strings(load_yaml(path)):
            texts.append((str(path.relative_to(root)), text))
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                texts.append((f"{path.relative_to(root)}: cells[{i}]", resolved(cell.source)))
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
    assert any(NOT_OF_IMAGE_RE.search(t) or NOT_ON_SCREENSHOT_RE.search(t) for t in texts), \
        f"{name}: evidence advice must say: never a screenshot of the nude image itself"



# ------------------------------------------------- screenshots without the image (review L-01)
#: Advice to make or keep screenshots of a chat, or to keep the conversation ...
SCREENSHOT_ADVICE_RE = re.compile(r"\bscreenshots\b|bewaar\w* het gesprek|het gesprek[^.]{0,40}bewaren",
                                  re.IGNORECASE)
#: ... must say in the same text that the image may not be on the screenshot: in sextortion the
#: nude image is in that same chat, and a screenshot of it is a new copy of an image of a minor.
NOT_ON_SCREENSHOT_RE = re.compile(
    r"niet op (je |de |het |jouw |die )?screenshots?\b|er niet op (staat|staan)|"
    r"waarop (de foto|het beeld|de naaktfoto) (te zien is|staat)|"
    r"zonder (de |een |haar |jouw )?(naakt)?foto('s)? erop", re.IGNORECASE)


def screenshot_problems(units: list[tuple[str, str]]) -> list[str]:
    """Texts that advise screenshots of a chat without saying the image must not be on them."""
    return [f"{where}: {text[:120]!r}" for where, text in units
            if SCREENSHOT_ADVICE_RE.search(text) and not NOT_ON_SCREENSHOT_RE.search(text)]


def test_screenshot_rule_finds_the_old_wording() -> None:
    old_step = ("4. Bewaar bewijs: maak screenshots van de chat en het profiel. Maak nooit een "
                "screenshot van de naaktfoto zelf.")
    old_parents = "Bewaar het gesprek en de naam van het profiel, niet de foto zelf."
    assert len(screenshot_problems([("03", old_step), ("07", old_parents)])) == 2
    assert screenshot_problems([("03", old_step + " Let op: de naaktfoto mag niet op je "
                                        "screenshot staan, ook niet klein.")]) == []
    assert screenshot_problems([("08", "Stuur het niet door en maak er geen screenshot van.")]) == []


def test_screenshot_advice_always_keeps_the_image_off_the_screenshot() -> None:
    """Review L-01 (critical): wherever a lesson tells students or parents to keep screenshots of
    the chat as evidence, the same text says the nude image may not be on them."""
    assert screenshot_problems(lesson_units()) == []


# --------------------------------------------------------------------- the sexting rule (issue 26)
#: The three conditions of the sexting exception, as the lessons word them.
PEER_RE = re.compile(r"gelijkwaardige\s+leeftijdsgenoten", re.IGNORECASE)
CONSENT_RE = re.compile(r"allebei willen|het allebei wil|vrijwillig", re.IGNORECASE)
OWN_USE_RE = re.compile(r"voor (zich|hen)zelf", re.IGNORECASE)
#: A sentence about sexual images of someone under 18 ...
MINOR_IMAGE_RE = re.compile(r"(seksuele|sexy|naakt)\w*\s+(beeld|foto|content)\w*.*"
                            r"(onder de 18|minderjarig)|(onder de 18|minderjarig).*"
                            r"(seksuele|sexy|naakt)\w*\s+(beeld|foto|content)", re.IGNORECASE)
#: ... that calls making, asking for or keeping them punishable.
PEER_LEGAL_ACT_RE = re.compile(r"\b(maken|maakt|vraagt|vragen|bewaren|bewaart|bezitten|bezit)\b",
                               re.IGNORECASE)
PUNISHABLE_RE = re.compile(r"(?<!niet )\bstrafbaar\b", re.IGNORECASE)
ALWAYS_PUNISHABLE_RE = re.compile(r"altijd strafbaar", re.IGNORECASE)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def lesson_units(root: Path = LESSONS) -> list[tuple[str, str]]:
    """(where, text) per unit a reader sees as one piece: a markdown cell, or one item of a
    content file (a quiz question with its feedback and explanation, a statement with its norm,
    a sort item with its explanation, a story node), or a single string elsewhere in the file."""
    units: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.yaml")):
        data = load_yaml(path)
        rel = str(path.relative_to(root))
        if not isinstance(data, dict):
            continue
        for key, value in data.items():
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                for i, item in enumerate(value):
                    units.append((f"{rel}: {key}[{i}] ({item.get('id', '')})",
                                  _prose(item)))
            else:
                units += [(f"{rel}: {key}", text) for text in _strings(value)]
    return units + [(where, text) for where, text in lesson_texts(root) if where.endswith("]")]


def _prose(item: dict) -> str:
    """The words of one content item, without its id, type and other keys."""
    return "\n".join(text for key, value in item.items() if key not in {"id", "type", "category", "next"}
                     for text in _strings(value))


def sexting_rule_problems(units: list[tuple[str, str]]) -> list[str]:
    """Texts that state the rule for sexual images of under-18s without the peer exception."""
    problems = []
    for where, text in units:
        has_exception = bool(PEER_RE.search(text) and CONSENT_RE.search(text)
                             and OWN_USE_RE.search(text))
        for sentence in SENTENCE_RE.split(text):
            if PEER_RE.search(sentence):
                continue
            if ALWAYS_PUNISHABLE_RE.search(sentence) and PEER_LEGAL_ACT_RE.search(sentence):
                problems.append(f"{where}: 'altijd strafbaar' for asking, making or keeping: "
                                f"{sentence.strip()!r}")
            elif (not has_exception and MINOR_IMAGE_RE.search(sentence)
                  and PUNISHABLE_RE.search(sentence) and PEER_LEGAL_ACT_RE.search(sentence)):
                problems.append(f"{where}: no sexting exception (gelijkwaardige leeftijdsgenoten, "
                                f"allebei willen, voor zichzelf) next to: {sentence.strip()!r}")
    return problems


def test_sexting_rule_finds_the_old_wording() -> None:
    old_quiz = ("Seksuele beelden van iemand onder de 18 maken, kopen, bewaren of doorsturen is "
                "strafbaar.\nWaar\nKlopt. Dat is een misdrijf, ook als het beeld al online staat.")
    old_teacher = ("Noem in de klas geen artikelnummers. Zeg in gewone woorden: onder de 18 is het "
                   "altijd strafbaar voor wie vraagt, koopt of doorstuurt, en nooit voor het "
                   "slachtoffer.")
    exception = ("Sexting tussen gelijkwaardige leeftijdsgenoten die het allebei willen en de "
                 "beelden voor zichzelf houden, is niet strafbaar.")
    assert len(sexting_rule_problems([("quiz", old_quiz)])) == 1
    assert len(sexting_rule_problems([("cell", old_teacher)])) == 1
    # the exception elsewhere in the same text does not excuse an 'altijd strafbaar' sentence
    assert len(sexting_rule_problems([("cell", exception + " " + old_teacher)])) == 1
    assert sexting_rule_problems([("quiz", old_quiz + "\n" + exception)]) == []
    assert sexting_rule_problems([("x", "Betalen voor seks met iemand onder de 18 is altijd "
                                        "strafbaar. Doorsturen is altijd strafbaar.")]) == []


def test_no_lesson_states_the_sexting_rule_without_the_peer_exception() -> None:
    assert sexting_rule_problems(lesson_units()) == []


def test_lesson08_quiz_states_the_sexting_rule() -> None:
    """The quiz item about sexual images of minors names the exception, says that forwarding
    stays punishable, and its correct answer agrees with the law."""
    quiz = load_yaml(LESSONS / "08-wat-je-online-ziet" / "quiz.yaml")
    item = next(q for q in quiz["questions"] if q["id"] == "minderjarig")
    whole = _prose(item)
    assert PEER_RE.search(whole) and CONSENT_RE.search(whole) and OWN_USE_RE.search(whole), whole
    assert re.search(r"doorsturen[^.]*(wel|blijft) strafbaar|doorsturen[^.]*strafbaar", whole, re.I), whole
    correct = next(o for o in item["options"] if o.get("correct"))
    # The statement is about two peers who both want it and keep it to themselves: not punishable.
    statement = item["text"]
    if re.search(r"strafbaar", statement, re.I) and not re.search(r"niet strafbaar", statement, re.I) \
            and CONSENT_RE.search(statement) and OWN_USE_RE.search(statement):
        assert correct["text"] == "Niet waar", item
    assert not (correct["text"] == "Waar" and MINOR_IMAGE_RE.search(statement)
                and PEER_LEGAL_ACT_RE.search(statement) and PUNISHABLE_RE.search(statement)
                and not PEER_RE.search(statement)), item


# ------------------------------------------------------------------ never hands up (issue 26)
HANDS_RE = re.compile(r"hand(en)?\s*op(steken|gestoken)|handopsteken|vinger(s)? opsteken",
                      re.IGNORECASE)
NEGATION_RE = re.compile(r"\b(nooit|niet|geen)\b", re.IGNORECASE)


def hands_up(texts: list[tuple[str, str]]) -> list[str]:
    """Sentences that ask for a show of hands (a sentence that forbids it is fine)."""
    return [f"{where}: {sentence.strip()!r}" for where, text in texts
            for sentence in SENTENCE_RE.split(text)
            if HANDS_RE.search(sentence) and not NEGATION_RE.search(sentence)]


def test_hands_up_pattern() -> None:
    assert len(hands_up([("x", "Laat na elke vraag handen opsteken: wie koos mythe, wie feit?"),
                         ("y", "Laat de klas per stap kiezen met handopsteken.")])) == 2
    assert hands_up([("x", "Nooit met handen opsteken of gaan staan.")]) == []


def test_no_lesson_asks_for_a_show_of_hands() -> None:
    """Students never vote by raising hands on sensitive items: anonymous votes only."""
    assert hands_up(lesson_texts()) == []


# ------------------------------------------------------------ the newest estimate (issue 26)
#: "latest estimate" and 2017 (or its 6,250) in one stretch of text with no newer year between
OUTDATED_LATEST_RE = re.compile(
    r"(laatste|nieuwste|recentste)\s+(totaal)?schatting(?:(?!eerdere|202\d).){0,100}?(2017|6\.?250)|"
    r"(2017|6\.?250)(?:(?!eerdere|202\d).){0,60}?(laatste|nieuwste|recentste)\s+(totaal)?schatting",
    re.IGNORECASE)


def outdated_latest(texts: list[tuple[str, str]]) -> list[str]:
    """Sentences that call the 2017 estimate (6,250 victims) the latest: the WODC and the
    Nationaal Rapporteur published a newer one in 2021 (about 5,000 a year, 4,000-7,000)."""
    return [f"{where}: {sentence.strip()!r}" for where, text in texts
            for sentence in SENTENCE_RE.split(text)
            if OUTDATED_LATEST_RE.search(sentence)]


def test_outdated_latest_pattern() -> None:
    assert len(outdated_latest([("x", "De laatste totaalschatting van de Nationaal Rapporteur "
                                      "(2017): per jaar ongeveer 6.250 slachtoffers.")])) == 1
    assert len(outdated_latest([("x", "Ongeveer 6.250 per jaar. Dit is de laatste schatting van "
                                      "het totaal, uit 2017.")])) == 1
    assert outdated_latest([("x", "De nieuwste schatting (2021): ongeveer 5.000. Een eerdere "
                                  "schatting (2017) keek ook naar binnenlandse uitbuiting."),
                            ("y", "Cijfers: de nieuwste schatting van het WODC (2021), en een "
                                  "eerdere schatting van de Nationaal Rapporteur (2017).")]) == []


def test_the_2017_estimate_is_never_called_the_latest() -> None:
    assert outdated_latest(lesson_texts()) == []


def test_lesson01_chart_shows_the_newest_estimate() -> None:
    from widgets import Chart

    chart = Chart.load_content(LESSONS / "01-wat-is-uitbuiting" / "cijfers.yaml")  # facts resolved
    assert chart.year >= 2021, chart
    values = [bar.value for bar in chart.bars]
    assert 6250 not in values and 5000 in values, chart


# ------------------------------------------------------------------ statement types (issue 26)
#: Statements with a right answer (law, help workers or research) that were opinions, or norm
#: statements that were unclear as worded; each must be a norm statement with its answer.
NORM_STATEMENTS = {
    "03-online-sexting-chantage-webcam/stellingen.yaml": ["doorsturen", "eigen-schuld", "iedereen"],
    "04-criminele-uitbuiting/stellingen.yaml": ["zelf-schuldig"],
    "05-grenzen-respect-toestemming/stellingen.yaml": ["cadeaus"],
    "08-wat-je-online-ziet/stellingen.yaml": ["echt", "kijken", "delen"],
}


@pytest.mark.parametrize("name", sorted(NORM_STATEMENTS))
def test_statements_with_a_right_answer_are_norm_statements(name: str) -> None:
    data = load_yaml(LESSONS / name)
    by_id = {s["id"]: s for s in data["statements"]}
    for sid in NORM_STATEMENTS[name]:
        assert by_id[sid].get("type") == "norm" and by_id[sid].get("norm"), (name, sid)


def test_no_opinion_hint_says_there_is_no_right_answer_where_the_law_has_one() -> None:
    """An opinion's hint never says 'er is geen goed antwoord' while it is about images of
    minors, which the law answers (lesson 08 'kijken')."""
    for path in sorted(LESSONS.rglob("stellingen.yaml")):
        for s in load_yaml(path)["statements"]:
            if s.get("type", "opinion") == "opinion":
                both = f"{s['text']} {s.get('hint', '')}"
                assert not (re.search(r"geen goed antwoord", both, re.I)
                            and re.search(r"bekijk|beeld|porno|foto", s["text"], re.I)), (path.name, s["id"])


# ------------------------------------------------------- a real period (issue 26, item 12)
@pytest.mark.parametrize("meta", sorted(m for m in LESSONS.glob("*/les.yaml")
                                         if not m.parent.name.startswith("e")),
                         ids=lambda p: p.parent.name)  # the easy series: 2 x 25 min, its own test
def test_every_plan_counts_starting_up_and_says_what_to_leave_out_with_40_minutes(meta: Path) -> None:
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    first = data["plan"][0]
    assert first["activity"] == "Opstarten" and first["minutes"] >= 2, first
    assert data.get("short"), f"{meta}: no short line (Met 40 minuten)"
    if any("Zelfcheck" in step["activity"] for step in data["plan"]):
        assert re.search(r"zelfcheck", data["short"], re.I), data["short"]


def test_the_nationaal_rapporteur_has_its_current_name() -> None:
    """The office is called the 'Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen
    Kinderen'; lesson 02 still used the old name twice (issue 26)."""
    old = re.compile(r"Nationaal Rapporteur Mensenhandel\b(?! en Seksueel Geweld tegen Kinderen)")
    assert [where for where, text in lesson_texts() if old.search(text)] == []


@pytest.mark.parametrize("lesson_dir", sorted(p.parent for p in LESSONS.glob("0[1-8]-*/les.yaml")),
                         ids=lambda p: p.name)
def test_teacher_notes_give_the_minutes_of_the_plan(lesson_dir: Path) -> None:
    """A teacher note's '(N min.)' is a step of the plan: the two drift apart when one of them
    changes (the start-up step took minutes from other steps)."""
    plan = {step["minutes"] for step in yaml.safe_load((lesson_dir / "les.yaml").read_text("utf-8"))["plan"]}
    nb = nbformat.read(next(lesson_dir.glob("*.ipynb")), as_version=4)
    notes = [int(n) for c in nb.cells if "teacher" in c.metadata.get("tags", [])
             for n in re.findall(r"\((\d+) min\.\)\*\*", c.source)]
    assert notes and [n for n in notes if n not in plan] == [], (notes, sorted(plan))


# ------------------------------------------------ the law sheet's answers (review L-02..L-07, M10)
def law_sheet_problems(facts: list[dict]) -> list[str]:
    """Registry wordings that a reviewer found could make a student think he or she is the
    criminal, or that state unverified law as settled."""
    by_id = {f["id"]: f for f in facts}
    problems = []
    for fid in ("foto-ontvangen", "porno-minderjarigen"):
        if not re.search(r"niets fout gedaan", by_id[fid]["student"]):
            problems.append(f"{fid}: does not say that receiving an image unasked is not your fault")
    if re.search(r"\bvolwassene die een kind onder de 16\b", by_id["seksueel-benaderen-onder-16"]["student"]):
        problems.append("seksueel-benaderen-onder-16: the rule is not only for adults")
    if re.search(r"leeftijdsgrens op 16", by_id["leeftijdsgrens-16"]["student"]):
        problems.append("leeftijdsgrens-16: 'the age limit is 16' hides the protection of 16-17")
    if re.search(r"\bkomt in het nieuwe lid 9", by_id["mensenhandel"]["teacher"]):
        problems.append("mensenhandel: bill 36 547 is stated as settled law")
    if re.search(r"gesprek met de politie is geen straf", by_id["zelf-doorgestuurd"]["teacher"]):
        problems.append("zelf-doorgestuurd: a police interview of a suspect is presented as harmless")
    return problems


def test_law_sheet_answers_protect_the_student() -> None:
    data = yaml.safe_load((LESSONS / "feiten.yaml").read_text(encoding="utf-8"))
    assert law_sheet_problems(data["facts"]) == []


# ------------------------------------ no promises the registry cannot back (review L-05, L-08)
STORY_FOR_IMPUNITY_RE = re.compile(r"verhaal[^\n]{0,120}?geen straf|als (hij|zij|je) (zijn|haar|je) "
                                   r"verhaal vertel", re.IGNORECASE)
MULE_PUNISHABLE_RE = re.compile(r"(bankpas|rekening|geldezel)[^.]*\.\s*(Dat is|is) strafbaar|"
                                r"bankpas uitlenen voor geld is strafbaar", re.IGNORECASE)


def promise_problems(units: list[tuple[str, str]]) -> list[str]:
    """Non-punishment tied to 'telling your story' (it depends on the link with the
    exploitation, and bill 36 547 is not verified as law), and money mules called 'strafbaar'
    without a verified fact in the registry."""
    return [f"{where}: {text[:100]!r}" for where, text in units
            if STORY_FOR_IMPUNITY_RE.search(text) or MULE_PUNISHABLE_RE.search(text)]


def test_promise_pattern_finds_the_old_wording() -> None:
    assert len(promise_problems([
        ("04", "Vertel je je verhaal? Dan kun je bescherming krijgen. Soms krijg je dan geen straf."),
        ("01", "Je bankpas uitlenen voor geld is strafbaar. Noah wordt dan een geldezel."),
        ("b", "Iemand die zijn bankpas uitleent, zodat criminelen er geld via sturen. Dat is strafbaar."),
        ("06", "En dat hij hulp en bescherming kan krijgen als hij zijn verhaal vertelt.")])) == 4
    assert promise_problems([("x", "Hulp vragen kan altijd, ook anoniem.")]) == []


def test_no_lesson_promises_impunity_or_calls_a_money_mule_punishable() -> None:
    units = lesson_units() + [("begrippen.yaml", t) for t in _strings(load_yaml(LESSONS / "begrippen.yaml"))]
    assert promise_problems(units) == []


# ------------------------------------------------------ chart values from the registry (L-09)
def literal_chart_values(root: Path = LESSONS) -> list[str]:
    """Chart bars whose value is written in the chart file instead of taken from feiten.yaml."""
    found = []
    for path in sorted(root.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("kind") == "chart":
            found += [f"{path.relative_to(root)}: {bar.get('label')}" for bar in data.get("bars", [])
                      if "fact" not in bar]
    return found


def test_literal_chart_values_are_found(tmp_path: Path) -> None:
    (tmp_path / "cijfers.yaml").write_text("kind: chart\nbars:\n  - label: Webcamsite A\n    value: 37\n"
                                           "  - label: B\n    fact: x\n", encoding="utf-8")
    assert literal_chart_values(tmp_path) == ["cijfers.yaml: Webcamsite A"]


def test_every_chart_value_comes_from_the_facts_registry() -> None:
    """Review L-09: the webcam chart had percentages that were in no verified source."""
    assert literal_chart_values() == []


# ---------------------------------------- anonymous voting is a folded slip (prevention M1, M3)
EYES_CLOSED_RE = re.compile(r"ogen dicht|eyes closed|closes? their eyes|kaart(je)? omhoog", re.IGNORECASE)
OWN_VOTE_RE = re.compile(r"leg uit waarom\.|wat jij denkt, en waarom|die verschillend stemden|"
                         r"vraag wie wil vertellen waarom", re.IGNORECASE)


def voting_problems(texts: list[tuple[str, str]]) -> list[str]:
    """'Eyes closed' or 'hold up a card' as a way to vote (peeking classmates and the teacher
    see every vote), and asking people to explain their own vote after an anonymous vote."""
    problems = []
    for where, text in texts:
        for sentence in SENTENCE_RE.split(text):
            if EYES_CLOSED_RE.search(sentence) and not re.search(r"\b(niemand|nooit|nobody|never)\b",
                                                                 sentence, re.IGNORECASE):
                problems.append(f"{where}: eyes closed is not anonymous: {sentence.strip()!r}")
            if OWN_VOTE_RE.search(sentence):
                problems.append(f"{where}: asks for one's own vote: {sentence.strip()!r}")
    return problems


def test_voting_pattern_finds_the_old_wording() -> None:
    assert len(voting_problems([
        ("a", "Laat anoniem stemmen: met briefjes, met de ogen dicht of met kaartjes omgekeerd op tafel."),
        ("b", "Kies eens, oneens of weet niet. Leg uit waarom."),
        ("c", "Laat ouders die verschillend stemden kort uitleggen waarom."),
        ("d", "Bij elke stelling doet iedereen de ogen dicht en houdt één kaart omhoog.")])) == 4
    assert voting_problems([("x", "Niemand steekt een hand of kaart op, niemand doet de ogen dicht.")]) == []


def test_anonymous_voting_is_a_folded_slip_everywhere() -> None:
    from widgets.i18n import STRINGS

    ui = [(f"i18n {lang}.{key}", text) for lang, strings in STRINGS.items()
          for key, text in strings.items() if isinstance(text, str)]
    assert voting_problems(lesson_texts() + ui) == []


# ------------------------------------------- never announce a disclosure (prevention M9, M7)
ANNOUNCE_RE = re.compile(r"op een strookje stond iets wat iemand", re.IGNORECASE)


def test_the_question_box_never_announces_a_disclosure() -> None:
    """Telling the class that a slip held a disclosure starts guessing, and a perpetrator in
    the room hears it too: the teacher says the same sentence every time instead."""
    assert [w for w, t in [("old", 'Zeg: "Op een strookje stond iets wat iemand heeft meegemaakt."')]
            if ANNOUNCE_RE.search(t)] == ["old"]
    assert [where for where, text in lesson_texts() if ANNOUNCE_RE.search(text)] == []


def test_the_disclosure_protocol_asks_about_safety_today() -> None:
    guide = [text for where, text in lesson_texts() if where.startswith("00-docentenhandleiding/00-")]
    assert any(re.search(r"veilig naar huis", t) for t in guide)
    assert any(re.search(r"vermoedelijke dader een leerling", t) for t in guide)
