"""The teacher edition's print list: which PDFs of a lesson to print, how many of each sheet,
and how many envelopes. Made by the tool (:func:`kijkverder.printing.print_list`) from the
lesson's outputs and the sheets its widgets print (``paper_sheets``); drawn here."""
from __future__ import annotations

from math import ceil
from typing import Any

#: The class the counts are for (a teacher with a smaller class prints fewer).
CLASS_SIZE = 30
#: Students in a group that plays a story with the cards.
GROUP_SIZE = 4
#: The question box slips on one sheet (``question_box.html.j2``).
QUESTION_SLIPS = 4

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Printen voor deze les",
        "intro": "Aantallen voor een klas van {n}. Print de strookjes altijd, ook met het digibord of laptops: stemmen, de zelfcheck en 'Mijn vraag' gaan op papier. Elk blad in de strookjes begint op een nieuwe bladzijde; de naam staat er bovenaan.",
        "intro_team": "Voor een teamoverleg: stuur de handleiding vooraf digitaal, zodat iedereen hem thuis leest.",
        "worksheet_copies_team": "stuur hem vooraf digitaal. Print alleen op verzoek: één per deelnemer die op papier wil lezen, dubbelzijdig. In het overleg heeft iedereen alleen de zelftoets en 'Mijn voorbereiding' nodig.",
        "worksheet_copies": "één per leerling zonder laptop, dubbelzijdig. Haal de werkbladen niet op. Leerlingen met een laptop krijgen alleen de bladzijde met de hulpkaart op papier: die nemen ze mee naar huis.",
        "teacher_copies": "één voor jezelf.",
        "intro_parents": "Aantallen voor {n} ouders: tel het aantal aanmeldingen. Elk blad in de strookjes begint op een nieuwe bladzijde; de naam staat er bovenaan.",
        "worksheet_copies_parents": "één per ouder zonder laptop, dubbelzijdig. Ouders nemen het mee naar huis.",
        "statements": "Stellingen · {title}: één keer, voor jezelf. Alleen om voor te lezen; niet ophangen en niet uitdelen aan groepjes.",
        "prompts": "Kaarten voor tweetallen · {title}: alleen als elk tweetal een eigen kaart krijgt: {sets} keer ({cards} kaarten, {pairs} tweetallen).",
        "prompts_pairs": "Kaarten voor tweetallen · {title}: {sets} keer ({n} kaarten voor {pairs} tweetallen: {which}). Zo krijgt elk tweetal de kaart die het nodig heeft.",
        "prompts_rest": "{rest} lees jij voor: houd die apart.",
        "card": "kaart",
        "and": "en",
        "story": "Verhaal · {title}: alleen als groepjes het verhaal na de klassikale ronde zelf spelen: {sets} keer (groepjes van {size}).",
        "selfcheck_voor": "{title} · Begin van de les",
        "selfcheck_na": "{title} · Einde van de les",
        "vote": "Stemstrookje · {title}",
        "storyvote": "Stemstrookje · Verhaal · {title}",
        "reflection": "{title}",
        "question": "Mijn vraag",
        "sheet": "{name}: {sheets} vellen ({per} strookjes per vel).",
        "selfcheck_only": "Alleen als je de zelfcheck doet (zie het lesplan).",
        "storyvote_each": "Alleen als de klas over het verhaal stemt (zie het lesplan).",
        "kept": "Geen envelop: leerlingen houden dit strookje zelf.",
        "envelopes": "Enveloppen: {n}, één per stapel strookjes die je ophaalt: {names}.",
        "envelopes_selfcheck": "Zonder de zelfcheck: {n}.",
        "large_cards": "alleen als een leerling grote letters leest; vraag wie de lessen klaarzette om dit bestand. Print dan de strookjes voor de hele klas: {n} vellen per soort strookje, anders zie je wie welk strookje invulde. De kaarten: één set.",
    },
    "en": {
        "title": "Printing for this lesson",
        "intro": "Numbers for a class of {n}. Always print the slips, also with a digital board or laptops: votes, the self-check and 'My question' go on paper. Every sheet of the slips starts on a new page, with its name at the top.",
        "intro_team": "For a team meeting: print one worksheet per participant.",
        "worksheet_copies_team": "one per participant in the team meeting, double-sided.",
        "worksheet_copies": "one per student without a laptop, double-sided. Do not collect the worksheets. Students with a laptop get only the page with the help card on paper: they take it home.",
        "teacher_copies": "one for yourself.",
        "intro_parents": "Numbers for {n} parents: count the sign-ups. Every sheet of the slips starts on a new page, with its name at the top.",
        "worksheet_copies_parents": "one per parent without a laptop, double-sided. Parents take it home.",
        "statements": "Statements · {title}: once, for yourself. Only to read aloud; do not put them up or hand them out to groups.",
        "prompts": "Cards for pairs · {title}: only when every pair gets a card of its own: {sets} times ({cards} cards, {pairs} pairs).",
        "prompts_pairs": "Cards for pairs · {title}: {sets} times ({n} cards for {pairs} pairs: {which}). So every pair gets the card it needs.",
        "prompts_rest": "You read {rest} aloud: keep it apart.",
        "card": "card",
        "and": "and",
        "story": "Story · {title}: only when groups play the story themselves after the class round: {sets} times (groups of {size}).",
        "selfcheck_voor": "{title} · Start of the lesson",
        "selfcheck_na": "{title} · End of the lesson",
        "vote": "Voting slip · {title}",
        "storyvote": "Voting slip · Story · {title}",
        "reflection": "{title}",
        "question": "My question",
        "sheet": "{name}: {sheets} sheets ({per} slips per sheet).",
        "selfcheck_only": "Only when you do the self-check (see the lesson plan).",
        "storyvote_each": "Only when the class votes on the story (see the lesson plan).",
        "kept": "No envelope: students keep this slip.",
        "envelopes": "Envelopes: {n}, one per pile of slips you collect: {names}.",
        "envelopes_selfcheck": "Without the self-check: {n}.",
        "large_cards": "only when a student reads large print; ask whoever set up the lessons for this file. Then print the slips for the whole class: {n} sheets per kind of slip, or you see who filled in which slip. The cards: one set.",
    },
}


def _w(lang: str, key: str, **kw: Any) -> str:
    return WORDS.get(lang, WORDS["nl"]).get(key, WORDS["nl"][key]).format(**kw)


def _card_numbers(lang: str, numbers: list[int]) -> str:
    """'kaart 3' / 'kaart 1, 2, 3 en 4'."""
    listed = ", ".join(map(str, numbers[:-1]))
    last = str(numbers[-1])
    return f"{_w(lang, 'card')} " + (f"{listed} {_w(lang, 'and')} {last}" if listed else last)


def _pair_cards(lang: str, sheet: dict[str, Any]) -> str:
    """The print line of role-play cards of which the pairs get only some (``pair_cards``):
    enough copies that every pair has one of those, and the others once, for the teacher."""
    pairs = ceil(CLASS_SIZE / 2)
    given = sheet["pair_cards"]
    sets = ceil(pairs / len(given))
    line = _w(lang, "prompts_pairs", title=sheet["title"], sets=sets, n=sets * len(given),
              pairs=pairs, which=_card_numbers(lang, given))
    rest = [n for n in range(1, sheet["cards"] + 1) if n not in given]
    if rest:
        text = _w(lang, "prompts_rest", rest=_card_numbers(lang, rest))
        line += " " + text[0].upper() + text[1:]
    return line


def print_list_html(pdfs: list[dict[str, Any]], sheets: list[dict[str, Any]],
                    lang: str = "nl", parents: bool = False, team: bool = False,
                    large_cards: str | None = None) -> str:
    """The print list of a lesson: ``pdfs`` its per-lesson PDFs in build order, each a row of the
    tool's table of outputs as this list needs it: ``name`` (what a sheet's ``pdf`` names),
    ``file`` (its file name), ``advice`` (a key of :data:`WORDS`, or None) and ``copies``
    ("group": cards a set per group; else None or "student"); ``sheets`` what its widgets print
    (``paper_sheets``), in print order. ``parents``: the parents' evening, where the counts are
    for parents, not a class; ``team``: the teachers' guide (les 00), read in a team meeting."""
    who = "_parents" if parents else "_team" if team else ""
    from html import escape

    rows: list[tuple[str, list[str]]] = []
    piles: list[tuple[str, bool]] = []  # envelopes: (sheet name, self-check)
    for pdf in pdfs:
        name, file = pdf["name"], pdf["file"]
        items: list[str] = []
        if pdf["advice"]:
            key = pdf["advice"] + who
            items.append(_w(lang, key if key in WORDS["nl"] else pdf["advice"]))
        for s in (x for x in sheets if x["pdf"] == name):
            kind = s["kind"]
            if pdf["copies"] == "group" and kind == "prompts" and s.get("pair_cards"):
                items.append(_pair_cards(lang, s))
                continue
            if pdf["copies"] == "group":
                pairs = ceil(CLASS_SIZE / 2)
                items.append(_w(lang, kind, title=s["title"], cards=s.get("cards", 0), pairs=pairs,
                                size=GROUP_SIZE,
                                sets=ceil(pairs / max(1, s.get("cards", 1))) if kind == "prompts"
                                else ceil(CLASS_SIZE / GROUP_SIZE)))
                continue
            label = _w(lang, kind, title=s["title"])
            line = _w(lang, "sheet", name=label, sheets=ceil(CLASS_SIZE / s["per_sheet"]),
                      per=s["per_sheet"])
            if kind.startswith("selfcheck"):
                line += " " + _w(lang, "selfcheck_only")
            if kind == "storyvote":
                line += " " + _w(lang, "storyvote_each")
            if not s["envelope"]:
                line += " " + _w(lang, "kept")
            else:
                piles.append((label, kind.startswith("selfcheck")))
            items.append(line)
        if items:
            rows.append((file, items))
    body = "".join(f"<li><strong>{escape(file)}</strong>: " + (
        escape(items[0]) if len(items) == 1 else
        "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>") + "</li>"
        for file, items in rows)
    if large_cards:  # the easy series' large-print cards and slips (built on request)
        body += (f"<li><strong>{escape(large_cards)}</strong>: "
                 f"{escape(_w(lang, 'large_cards', n=CLASS_SIZE))}</li>")
    envelopes = ""
    if piles:
        envelopes = escape(_w(lang, "envelopes", n=len(piles), names=", ".join(p for p, _ in piles)))
        without = sum(1 for _p, selfcheck in piles if not selfcheck)
        if without != len(piles):
            envelopes += " " + escape(_w(lang, "envelopes_selfcheck", n=without))
        envelopes = f"<p class='envelopes'>{envelopes}</p>"
    return (f"<section class=\"kv-print kv-print-printlist\"><h2>{escape(_w(lang, 'title'))}</h2>"
            f"<p class='small'>{escape(_w(lang, 'intro' + who, n=CLASS_SIZE))}</p><ul>{body}</ul>"
            f"{envelopes}</section>")
