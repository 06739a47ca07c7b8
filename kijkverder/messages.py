"""How ``check``, ``preview`` and the builds say a problem: in plain Dutch for a teacher (the
default), or as the contributors' one-line ``PATH: field: message`` in English (``--english``,
or ``KIJKVERDER_ENGLISH=1`` in the environment).

The messages are written once, in English, where a problem is found (``check.py``,
``widgets/schema.py``, ``language.py``, …). This module is the one place that turns a
:class:`~widgets.schema.Problem` into what a teacher reads:

- **where**: the file, then the 1-based line. A field of a YAML file (``statements[1].txt``) is
  looked up in the file itself (``regel 14, stelling 2, veld txt``); a notebook cell is
  ``cel 4``, as JupyterLab counts;
- **what is wrong and what to do**: each message is matched against :data:`TRANSLATIONS`
  (a regular expression on the English text and its Dutch form). A message without a
  translation (a new one) is shown in English after the Dutch location, never dropped; the
  tests require a translation for every message the checks give on the bad-content corpus.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Set to 1 for English messages (contributors); ``--english`` on ``check`` and ``preview``.
ENGLISH_ENV = "KIJKVERDER_ENGLISH"


def english(flag: bool = False) -> bool:
    """Whether messages are in English: ``--english`` or ``KIJKVERDER_ENGLISH=1``."""
    return flag or os.environ.get(ENGLISH_ENV, "").strip().lower() in ("1", "yes", "true", "en")


# ----------------------------------------------------------------------------- where
#: A list field's items, as a teacher calls them (``statements[1]`` → "stelling 2").
ITEM_NAMES: dict[str, str] = {
    "questions": "vraag", "options": "keuze", "statements": "stelling", "choices": "keuze",
    "nodes": "stap van het verhaal", "categories": "categorie", "items": "kaartje",
    "prompts": "vraag", "bars": "staaf", "goals": "leerdoel", "plan": "stap van het lesplan",
    "terms": "begrip", "sources": "bron", "contacts": "contactpersoon",
    "local_help": "hulp in de buurt", "cells": "cel", "lines": "regel",
}
_PART_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_parts(field: str) -> list[str | int]:
    """``questions[2].options[0].text`` → ``["questions", 2, "options", 0, "text"]``."""
    return [int(i) if i else name for name, i in _PART_RE.findall(field)]


def field_words(field: str) -> str:
    """A field path in words: ``statements[1].txt`` → "stelling 2, veld txt"."""
    parts = field_parts(field)
    words: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int):
            words.append(f"{ITEM_NAMES.get(part, part)} {nxt + 1}")
            i += 2
            continue
        if isinstance(part, str):
            if part == "metadata":  # notebook cell metadata: the cell says enough
                break
            words.append(f"veld {part}")
        i += 1
    return ", ".join(words)


@lru_cache(maxsize=64)
def _yaml_tree(path: str, mtime: int, size: int) -> Any:
    """The composed YAML node tree of a content file (lines and columns kept), or None. Read
    like every content file (size limit, no anchors); ``mtime``/``size`` key the cache."""
    import yaml

    from widgets.contentio import (  # lazy: pulls in ipywidgets, pydantic (for kijkverder --help)
        ContentError, ContentLoader, read_text_file)

    try:
        text = read_text_file(path)
        loader = ContentLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (ContentError, yaml.YAMLError, RecursionError, OSError, ValueError):
        return None


def yaml_line(path: str | Path, field: str) -> int | None:
    """The 1-based line of ``field`` in the YAML file ``path``: the line of its key, or, for a
    field that is missing, of the deepest part that is there (the item it belongs to)."""
    import yaml

    try:
        st = Path(path).stat()
    except OSError:
        return None
    node = _yaml_tree(str(path), st.st_mtime_ns, st.st_size)
    if node is None:
        return None
    line = None
    for part in field_parts(field):
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = next(((k, v) for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    if line is None and node is not None:
        line = node.start_mark.line + 1
    return line


def where(path: str, field: str) -> str:
    """The place of a problem in words: "regel 14, stelling 2, veld txt", "cel 4", "regel 9"
    or "" (the whole file or lesson)."""
    m = re.fullmatch(r"line (\d+)", field)
    if m:
        return f"regel {m.group(1)}"
    if field in ("(file)", "(lesson)", ""):
        return ""
    words = field_words(field)
    if path.endswith((".yaml", ".yml")):
        line = yaml_line(path, field)
        if line is not None:
            return f"regel {line}, {words}" if words else f"regel {line}"
    return words


# ----------------------------------------------------------------------------- what
_YAML_PROBLEMS: list[tuple[str, str]] = [
    (r"mapping values are not allowed here",
     "deze regel springt niet even ver in als de regels erboven, of er staat een dubbele punt (:) "
     "midden in een tekst. Kijk eerst naar de spaties vooraan: laat de regel met evenveel spaties "
     "beginnen als de regel met dezelfde soort gegevens erboven. Klopt dat al? Zet dan de tekst na "
     "de eerste dubbele punt tussen aanhalingstekens, bijvoorbeeld: text: \"Hij zegt: kom mee\""),
    (r"expected <block end>, but found .*",
     "deze regel springt niet even ver in als de regels erboven. Laat hem met evenveel spaties "
     "beginnen als de regel met dezelfde soort gegevens erboven. Klopt dat al? Kijk dan of er "
     "hierboven een aanhalingsteken (' of \") is dat niet wordt gesloten"),
    (r"found unexpected end of stream",
     "hier begint een tekst met een aanhalingsteken (' of \") dat nergens wordt gesloten. Zet "
     "hetzelfde aanhalingsteken ook aan het einde van de tekst"),
    (r"found character '\\t' that cannot start any token",
     "er staat een tab in het begin van de regel. Spring in met spaties, niet met de Tab-toets"),
    (r"expected ',' or '[\]}]', but got .*",
     "een lijst tussen [ ] of { } wordt hier niet goed gesloten. Zet er het sluitteken achter, "
     "of zet de tekst tussen aanhalingstekens"),
    (r"found undefined alias .*|found unhashable key|could not find expected ':'",
     "hier ontbreekt een dubbele punt of een aanhalingsteken. Elke regel is 'naam: tekst'"),
]

#: (English message as a regular expression, its Dutch form with the groups filled in).
TRANSLATIONS: list[tuple[str, str]] = [
    # reading a file
    (r"file not found; check the name and folder",
     "dit bestand bestaat niet. Kijk of de naam en de map kloppen"),
    (r"not UTF-8 text \(byte \d+\); save the (file|notebook) as UTF-8",
     "dit bestand is niet opgeslagen als gewone tekst (UTF-8). Sla het opnieuw op en kies "
     "'UTF-8' als codering"),
    (r"file is too large .*; split it up", "dit bestand is te groot. Verdeel het over twee bestanden"),
    (r"the file is empty; add content with a 'kind'",
     "dit bestand is leeg. Begin met een regel 'kind: …' en zet de inhoud eronder"),
    (r"the file must be a mapping \(key: value lines\), not a .*",
     "dit bestand moet bestaan uit regels 'naam: waarde' (zoals 'title: Mijn les')"),
    (r"nested too deeply; simplify the structure",
     "dit bestand springt te vaak in. Maak de opbouw eenvoudiger"),
    (r"YAML anchors and aliases \(&, \*\) are not allowed; write the value out in full",
     "de tekens & en * aan het begin van een waarde kunnen hier niet. Schrijf de tekst helemaal "
     "uit, of zet hem tussen aanhalingstekens"),
    (r"duplicate key '(?P<key>.*)' \(also on line (?P<line>\d+)\); keep one of them",
     "het veld '{key}' staat hier twee keer (ook op regel {line}). Haal er één weg"),
    (r"not a regular file.*", "dit is geen gewoon tekstbestand. Gebruik een gewoon bestand"),
    (r"cannot be read \((?P<why>.*)\); check the file",
     "dit bestand kan niet worden gelezen ({why}). Kijk of het bestaat en of je het mag openen"),
    (r"symbolic link .*|broken symbolic link.*",
     "dit is een snelkoppeling (link) en geen bestand. Zet het bestand zelf in de map van de les"),
    (r"not a notebook \(\.ipynb\) or content file \(\.yaml\)",
     "dit is geen les (.ipynb) en geen inhoudsbestand (.yaml)"),
    (r"broken notebook JSON \(.*\); restore the file from git or re-save it in JupyterLab",
     "het notebook is beschadigd. Zet een eerdere versie terug, of open en bewaar het opnieuw "
     "in JupyterLab"),
    (r"not a valid notebook \(.*\); re-save it in JupyterLab",
     "dit is geen goed notebook. Open en bewaar het opnieuw in JupyterLab"),
    (r"notebook format error: .*", "het notebook is niet goed opgebouwd. Open en bewaar het "
     "opnieuw in JupyterLab"),
    (r"could not be checked \(.*\)",
     "dit bestand kon niet worden gecontroleerd. Vraag iemand die het project onderhoudt"),
    # fields (widgets/schema.py)
    (r"this field is required; add it", "dit veld ontbreekt. Voeg het toe"),
    (r"unknown field; remove it or check the spelling",
     "dit veld bestaat niet. Haal het weg, of kijk of de naam goed gespeld is"),
    (r"must not be empty; write some text.*", "dit veld is leeg. Schrijf er tekst in"),
    (r"needs more entries.*", "hier staan te weinig onderdelen. Voeg er een toe"),
    (r"has too many entries or characters; shorten it.*",
     "hier staat te veel (te veel onderdelen of te veel tekens). Maak het korter"),
    (r"must be text.*", "hier hoort tekst te staan"),
    (r"must be true or false.*", "hier hoort true (ja) of false (nee) te staan"),
    (r"must be a whole number.*", "hier hoort een heel getal te staan, zoals 10"),
    (r"must be a number.*", "hier hoort een getal te staan"),
    (r"must be a list \(lines starting with '- '\).*",
     "hier hoort een lijst: regels die beginnen met '- '"),
    (r"must be a mapping \(key: value lines\).*",
     "hier horen regels 'naam: waarde' te staan"),
    (r"unknown kind; use one of: (?P<kinds>.*)",
     "deze soort (kind) bestaat niet. Kies een van: {kinds}"),
    (r"the file needs a 'kind' field; use one of: (?P<kinds>.*)",
     "bovenaan ontbreekt de regel 'kind: …'. Kies een van: {kinds}"),
    (r"use lowercase letters, digits, '-' or '_' only.*",
     "gebruik hier alleen kleine letters, cijfers, '-' of '_' (geen spaties)"),
    (r"is too small; use a larger number.*", "dit getal is te klein. Kies een groter getal"),
    (r"Input should be (?P<v>.*)", "hier kan alleen {v} staan"),
    (r"String should have at most (?P<n>\d+) characters?",
     "deze tekst is te lang (hoogstens {n} tekens). Maak hem korter"),
    (r"String should have at least (?P<n>\d+) characters?",
     "deze tekst is te kort (minstens {n} tekens)"),
    (r"is too large; use a smaller number.*", "dit getal is te groot. Kies een kleiner getal"),
    (r"expected kind '(?P<want>[^']*)' here but found (?P<found>.*); load it with the matching "
     r"widget",
     "hier hoort een bestand van de soort '{want}', maar dit is {found}. Kies het goede bestand"),
    (r"duplicate (?P<what>\w+) id '(?P<id>.*)'; give every \w+ its own id",
     "de id '{id}' staat er twee keer. Geef elk onderdeel een eigen id"),
    (r"a \w+ question needs (at least|exactly) one option with 'correct: true'.*",
     "bij deze vraag klopt het aantal goede antwoorden niet. Zet 'correct: true' bij het goede "
     "antwoord (bij 'single' precies één)"),
    (r"a true_false question has exactly two options.*",
     "een waar/niet-waar-vraag heeft precies twee keuzes: Waar en Niet waar"),
    (r"a norm statement needs 'norm'.*",
     "bij deze stelling hoort een 'norm': wat de wet of de hulpverlening zegt. Voeg die toe"),
    (r"an opinion statement has no 'norm'.*",
     "een mening-stelling heeft geen 'norm'. Haal de norm weg, of maak er een norm-stelling van"),
    (r"an ending has no choices.*", "een einde van het verhaal heeft geen keuzes. Haal de keuzes weg"),
    (r"this node has no choices and is not an ending.*",
     "hier loopt het verhaal dood. Voeg keuzes toe, of zet 'ending: true'"),
    (r"start node '(?P<id>.*)' does not exist.*",
     "het verhaal begint bij '{id}', maar die stap bestaat niet. Kies een bestaande id"),
    (r"goes to unknown node '(?P<id>.*)'; use an existing node id",
     "deze keuze gaat naar '{id}', maar die stap bestaat niet. Kies een bestaande id"),
    (r"the story has no ending.*", "het verhaal heeft geen einde. Zet bij een stap 'ending: true'"),
    (r"nodes (?P<ids>\[.*\]) cannot be reached from the start.*",
     "de stappen {ids} zijn vanaf het begin niet te bereiken. Verwijs ernaar vanuit een keuze, "
     "of haal ze weg"),
    (r"nodes (?P<ids>\[.*\]) never lead to an ending.*",
     "de stappen {ids} komen nooit bij een einde. Voeg een keuze toe die naar een einde leidt"),
    (r"unknown category '(?P<c>.*)'; use one of (?P<ok>.*)",
     "de categorie '{c}' bestaat niet. Kies een van: {ok}"),
    (r"the plan adds up to (?P<a>\d+) minutes but duration is (?P<b>\d+); make them equal",
     "de stappen van het lesplan duren samen {a} minuten, maar de les duurt {b} minuten. "
     "Maak dat gelijk"),
    (r"has (?P<n>\d+) words \(at most (?P<m>\d+)\).*",
     "deze zin heeft {n} woorden. Maak hem korter (hoogstens {m})"),
    (r"is not an 'Ik …' sentence.*", "begin deze zin met 'Ik …'"),
    (r"asks about the student's own experiences.*",
     "deze zin vraagt naar wat een leerling zelf heeft meegemaakt. Vraag naar wat een leerling "
     "weet of kan"),
    (r"'(?P<v>.*)' is not a Dutch phone number.*",
     "'{v}' is geen goed telefoonnummer. Schrijf het als 0800-1234 of 020-1234567 (geen mobiel "
     "nummer)"),
    (r"'(?P<v>.*)' must be the organisation's bare domain.*|.*bare domain.*",
     "schrijf alleen het webadres zelf, zonder https:// en www, zoals voorbeeldcollege.nl"),
    (r"no phone numbers for contact people.*",
     "zet geen telefoonnummer bij een persoon. Gebruik het e-mailadres van school"),
    (r"'(?P<v>.*)' is not an e-mail address.*", "'{v}' is geen e-mailadres"),
    (r"'(?P<v>.*)' is a private address.*",
     "'{v}' is een privé-adres. Gebruik het e-mailadres van school"),
    (r"'(?P<v>.*)' is not a school address.*",
     "'{v}' is geen adres van de school. Gebruik een adres dat eindigt op het webadres van school"),
    (r"a school profile must be the file school.yaml in the lessons folder.*",
     "een schoolprofiel hoort in het bestand school.yaml in de map lessons. Zet het daar"),
    (r"'(?P<v>.*)' is not a character in the lessons; use one of: (?P<ok>.*)",
     "'{v}' is geen personage uit de lessen. Kies een van deze namen: {ok}"),
    (r"'(?P<v>.*)' is not one plain name \(.*at most (?P<n>\d+) characters\).*",
     "'{v}' is geen gewone voornaam. Schrijf één voornaam: letters, met een hoofdletter vooraan, "
     "hoogstens {n} tekens (een streepje of apostrof mag)"),
    (r"'(?P<v>.*)' is a character in the lessons too.*",
     "'{v}' is ook een personage uit de lessen. Kies een naam die niet in de lessen staat"),
    (r"'(?P<v>.*)' is also the name for (?P<o>.*); give each character its own name",
     "'{v}' staat ook al bij {o}. Geef elk personage een eigen naam"),
    # lesson text (kijkverder/check.py)
    (r"contains hidden character\(s\) (?P<c>.*?); .*",
     "hier staat een onzichtbaar teken ({c}). Typ de tekst eromheen opnieuw"),
    (r"contains a web address '(?P<v>.*)'; .*",
     "hier staat een webadres ('{v}'). Zet geen links in een les: de hulpkaart (HelpCard) "
     "noemt de organisaties"),
    (r"contains an e-mail address '(?P<v>.*)'; remove it",
     "hier staat een e-mailadres ('{v}'). Haal het weg"),
    (r"contains a phone number '(?P<v>.*)'; .*",
     "hier staat een telefoonnummer ('{v}'). Zet geen nummers in een les: de hulpkaart "
     "(HelpCard) noemt ze"),
    (r"uses 'loverboy' as if it were a neutral name.*",
     "'loverboy' staat hier alsof het een gewoon woord is. Schrijf 'uitbuiter' of 'dader', of "
     "leg uit waarom het woord misleidend is"),
    (r"image '(?P<v>.*)' is not a file in the lesson folder.*",
     "de afbeelding '{v}' staat niet in de map van de les. Kopieer de afbeelding naar die map en "
     "gebruik alleen de bestandsnaam"),
    (r"link '(?P<v>.*)': lessons never hard-code links.*",
     "hier staat een link ('{v}'). Zet geen links in een les: de hulpkaart noemt de organisaties"),
    (r"raw HTML tag <(?P<t>.*)> in markdown.*",
     "hier staat HTML-code (<{t}>). Gebruik alleen gewone tekst"),
    (r"unknown tag '(?P<t>.*)'; did you mean '(?P<g>.*)'\?.*",
     "het label '{t}' bestaat niet. Bedoel je '{g}'? Verander het label"),
    (r"unknown tag '(?P<t>.*)'; use (?P<ok>.*) \(or remove it\)",
     "het label '{t}' bestaat niet. Gebruik {ok}, of haal het weg"),
    (r"code cell has (?P<n>\d+) lines \(at most (?P<m>\d+)\).*",
     "deze codecel heeft {n} regels (hoogstens {m}). Zet de inhoud in een .yaml-bestand"),
    (r"code input must be hidden for students; set it to true",
     "de code van deze cel is niet verborgen. Verberg hem in JupyterLab (klik op de blauwe balk "
     "links van de cel)"),
    (r"'(?P<f>.*)' is not a plain file name in the lesson folder .*",
     "'{f}' is geen gewone bestandsnaam in de map van de les (geen '..', geen pad vanaf de schijf, "
     "geen webadres). Zet het bestand in de map van de les en gebruik alleen de naam, zoals "
     "'quiz.yaml'"),
    (r"'(?P<f>.*)': '(?P<p>.*)' is a symbolic link; .*",
     "'{f}': '{p}' is een snelkoppeling (symbolische link). Een les gebruikt alleen echte bestanden "
     "en mappen: zet het bestand of de map zelf in de les"),
    (r"'(?P<f>.*)' is outside the lesson folder.*",
     "'{f}' staat buiten de map van de les. Zet het bestand naast het notebook"),
    (r"'(?P<f>.*)' not found next to the notebook; check the file name",
     "het bestand '{f}' staat niet naast het notebook. Kijk of de naam klopt"),
    (r"(?P<w>\w+) does not take (?P<k>\w+)=; .*",
     "{w} kent '{k}=' niet. Haal het weg"),
    (r"(?P<w>\w+) has no content file; call \w+\(\) instead",
     "{w} heeft geen inhoudsbestand. Schrijf {w}()"),
    (r"a lesson code cell may only import widgets and call one widget.*",
     "in een codecel mag alleen één onderdeel van de les staan, zoals Quiz.load(\"quiz.yaml\")"),
    (r"unknown call (?P<c>\S+); use one of the lesson widgets: (?P<ok>.*)",
     "{c} bestaat niet. Gebruik een van: {ok}"),
    (r"SelfCheck .*moment.*",
     "de zelfcheck hoort twee keer in de les: met moment=\"voor\" aan het begin en "
     "moment=\"na\" aan het einde"),
    (r"no (?P<w>\w+) in this lesson; add a code cell with (?P<ex>.*)",
     "in deze les ontbreekt {w}. Voeg een codecel toe met {ex}"),
    (r"no cell tagged 'teacher'.*",
     "deze les heeft geen cel voor de docent (label 'teacher'). Voeg de inhoudelijke toelichting "
     "voor de docent toe"),
    (r"a lesson needs a timed plan for the teacher.*",
     "deze les heeft geen lesplan. Voeg onder 'plan' stappen toe met minuten en activiteit"),
    (r"figure '(?P<v>.*)' without a year.*",
     "bij het cijfer '{v}' staat geen jaartal. Zet de bron en het jaar erbij"),
    (r"the lesson uses figures but les.yaml has no sources.*",
     "de les noemt cijfers, maar les.yaml heeft geen bronnen. Zet ze onder 'sources'"),
    (r"reading level too hard: Flesch-Douma (?P<s>\d+) < (?P<m>\d+).*",
     "de tekst is te moeilijk (leesbaarheid {s}, nodig is {m}). Gebruik kortere zinnen en "
     "gewone woorden"),
    (r"the first cell must be markdown starting with (?P<v>.*)",
     "de eerste cel moet een tekstcel zijn die begint met {v}"),
    (r"the title must match les.yaml \((?P<v>.*)\)",
     "de titel moet dezelfde zijn als in les.yaml ({v})"),
    # the command line (kijkverder/lessons.py, kijkverder/build.py)
    (r"kijkverder: no lesson '(?P<l>.*)'; use a number like 01, a lesson folder or a notebook",
     "kijkverder: er is geen les '{l}'. Typ het nummer van een les, zoals 01"),
    (r"kijkverder: an empty lesson name; use a number like 01",
     "kijkverder: typ het nummer van een les, zoals 01"),
    (r"kijkverder: (?P<o>.*): output folder is inside (?P<p>.*); choose a folder outside .*",
     "kijkverder: {o} ligt in {p}. Kies een andere map, zoals handouts-pdf"),
    # what `handouts` reports while it works (kijkverder/build.py, cli.py)
    (r"(?P<n>\d+) handout\(s\) up to date", "{n} PDF('s) waren al bijgewerkt"),
    (r"\[(?P<i>\d+)/(?P<n>\d+)\] (?P<p>.*) \((?P<kb>\d+) KB\)",
     "[{i}/{n}] gemaakt: {p} ({kb} KB)"),
    (r"(?P<p>.*): not rebuilt, because a lesson was refused",
     "{p}: niet opnieuw gemaakt, omdat een les is geweigerd"),
    (r"done in (?P<s>[\d.]+) s", "klaar in {s} s"),
    (r"kijkverder: no lessons found \(run this in the project folder\)",
     "kijkverder: geen lessen gevonden. Typ de opdracht in de map van het project"),
    # language (kijkverder/language.py)
    (r"unknown word '(?P<w>.*)' \((?P<s>[^?;]*)\?; or add it to (?P<l>.*) if it is right\)",
     "het woord '{w}' staat niet in het woordenboek. Bedoel je '{s}'? Is het woord toch goed, "
     "zet het dan in {l}"),
    (r"unknown word '(?P<w>.*)' \(fix the spelling, or add it to (?P<l>.*) if it is right\)",
     "het woord '{w}' staat niet in het woordenboek. Verbeter de spelling, of zet het woord in "
     "{l} als het goed is"),
    (r"'(?P<v>.*)' \(write '(?P<r>.*)': no -t when 'jij' follows the verb\)",
     "'{v}' moet '{r}' zijn: geen -t als 'jij' achter het werkwoord staat"),
    (r"' - ' in '(?P<v>.*)' \(use a colon, or a dash '–' for an aside\)",
     "in '{v}' staat ' - '. Gebruik een dubbele punt, of een lang streepje '–'"),
    (r"'(?P<v>.*)' \(anglicism: use (?P<r>.*)\)", "'{v}' is Engels. Schrijf {r}"),
    (r"'(?P<v>.*)' \(doubled verb: (?P<r>.*)\)", "'{v}': dubbel werkwoord, schrijf {r}"),
    (r"'(?P<v>.*)' \(two modal verbs in a row: (?P<r>.*)\)",
     "'{v}': twee hulpwerkwoorden achter elkaar. Schrijf {r}"),
    (r"'(?P<v>.*)' \(one word at the end of a clause: (?P<r>.*)\)",
     "'{v}': aan het einde van de zin is het één woord: {r}"),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    """:data:`TRANSLATIONS` compiled, on the first message (not on ``kijkverder --help``)."""
    return [(re.compile(en, re.S), nl) for en, nl in TRANSLATIONS]


def translate(message: str) -> str | None:
    """The Dutch form of an English problem message, or None if there is none yet."""
    m = re.fullmatch(r"YAML syntax error: (?P<p>.*); check indentation and quotes", message,
                     re.S)
    if m:
        for en, nl in _YAML_PROBLEMS:
            if re.fullmatch(en, m.group("p"), re.S):
                return nl
        return ("de opbouw van het bestand klopt hier niet. Kijk of de regel even ver inspringt "
                "als de regels erboven en of elk aanhalingsteken gesloten is")
    for rx, nl in _compiled():
        m = rx.fullmatch(message)
        if m:
            # a list of choices from pydantic ("'a', 'b' or 'c'") reads "'a', 'b' of 'c'"
            return nl.format(**{k: re.sub(r"' or '", "' of '", v)
                                for k, v in m.groupdict().items() if v is not None})
    return None


def say_line(text: str, english_messages: bool = False) -> str:
    """A message that is not about one file (a lesson that does not exist), in Dutch when
    :data:`TRANSLATIONS` has it."""
    if english_messages:
        return text
    dutch = translate(text)
    return dutch if dutch is not None else text


def say(problem: Any, english_messages: bool = False) -> str:
    """One problem on one line: ``PATH: field: message`` in English, or for a teacher
    ``PATH, regel 14, stelling 2, veld txt: wat er mis is. Wat je doet.``"""
    if english_messages:
        return str(problem)
    place = where(problem.path, problem.field)
    dutch = translate(problem.message)
    text = dutch if dutch is not None else problem.message
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "?", "!")):
        text += "."
    return f"{problem.path}{', ' + place if place else ''}: {text}"


#: The other lines ``check`` and ``preview`` print: (English, Dutch).
LINES: dict[str, tuple[str, str]] = {
    "found": ("{n} problem(s) found",
              "{n} probleem gevonden; verbeter het en typ de opdracht opnieuw"),
    "found_many": ("{n} problem(s) found",
                   "{n} problemen gevonden; verbeter ze en typ de opdracht opnieuw"),
    "all_good": ("kijkverder check: all good", "kijkverder check: alles in orde"),
    "no_spelling": ("spelling not checked: {why}; install hunspell and hunspell-nl "
                    "(scripts/system-deps.sh)",
                    "spelling niet gecontroleerd ({why}): vraag de ICT-coördinator om hunspell "
                    "en hunspell-nl te installeren"),
    "refused": ("kijkverder: {lesson} refused: it fails kijkverder check ({n} problem(s) "
                "above); nothing was built from it",
                "kijkverder: van {lesson} is niets gemaakt: de les heeft {n} probleem/problemen "
                "(zie hierboven)"),
    "pv_problems": ("kijkverder preview: {n} problem(s); nothing rebuilt{kept}",
                    "kijkverder preview: {n} probleem/problemen; er is niets opnieuw gemaakt{kept}"),
    "pv_kept": (", the last good PDFs stay in {out}",
                ", de laatste goede PDF's blijven in {out}"),
    "pv_rebuilt": ("kijkverder preview: {n} PDF(s) rebuilt in {s:.1f} s",
                   "kijkverder preview: {n} PDF('s) opnieuw gemaakt in {s:.1f} s"),
    "pv_nochange": ("kijkverder preview: no change in what the PDFs show; nothing rebuilt",
                    "kijkverder preview: de PDF's blijven hetzelfde; er is niets opnieuw gemaakt"),
    "pv_watching": ("kijkverder preview: watching {lesson} ({n} files); save a file to rebuild, "
                    "Ctrl-C to stop",
                    "kijkverder preview: ik let op {lesson} ({n} bestanden). Sla een bestand op "
                    "en de PDF's worden opnieuw gemaakt. Stoppen: Ctrl-C"),
    "pv_changed": ("kijkverder preview: changed: {names}", "kijkverder preview: veranderd: {names}"),
    "pv_stopped": ("kijkverder preview: stopped", "kijkverder preview: gestopt"),
}


def line(key: str, english_messages: bool = False, **kw: Any) -> str:
    """One of :data:`LINES`, in English or Dutch, with ``kw`` filled in."""
    if key == "found" and not english_messages and kw.get("n", 1) != 1:
        key = "found_many"
    return LINES[key][0 if english_messages else 1].format(**kw)
