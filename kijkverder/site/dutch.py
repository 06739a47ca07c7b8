"""The site in Dutch where JupyterLite leaves English: its app pages before the interface has
loaded (:func:`dutch_app_pages`) and strings the Dutch language pack misses
(:func:`dutch_translations`)."""
from __future__ import annotations

import json
from pathlib import Path

from .base import SiteError, static_text

#: JupyterLite's own loading screen and page language, in Dutch (each app's ``index.html``).
APP_PAGE_DUTCH = [("<html>", '<html lang="nl">'),
                  ("Loading JupyterLite...", "Even geduld, de pagina wordt geladen…"),
                  ("JupyterLite requires JavaScript to be enabled in your browser.",
                   "Zet JavaScript aan in je browser om deze pagina te gebruiken.")]


#: Strings a student meets in the notebook that the Dutch language pack (4.5.post3) leaves in
#: English or half-translated: set in every domain of :data:`DOMAINS` at build time. A submenu's
#: label is looked up in the context ``menu`` (``"menu\x04…"``); a list is a plural (one, more).
NL_SUPPLEMENT: dict[str, str | list[str]] = {
    # plural forms (one cell, more cells): a list of two
    "Run Selected Cell": ["Geselecteerde cel uitvoeren", "Geselecteerde cellen uitvoeren"],
    "Run Selected Cell and Insert Below": ["Geselecteerde cel uitvoeren en een cel eronder maken",
                                           "Geselecteerde cellen uitvoeren en een cel eronder maken"],
    "Run Selected Cell and Do not Advance": ["Geselecteerde cel uitvoeren en blijven staan",
                                             "Geselecteerde cellen uitvoeren en blijven staan"],
    "Restart Kernel and Run All": "Kernel herstarten en alles uitvoeren",
    "menu\x04Cell Type": "Celtype",
    "Run Selected Text or Current Line in Console":
        "Geselecteerde tekst of huidige regel in de console uitvoeren",
    "Run All Above Selected Cell": "Alle cellen boven de geselecteerde cel uitvoeren",
    "Run Selected Cell and All Below": "Geselecteerde cel en alle cellen eronder uitvoeren",
    "Render All Markdown Cells": "Alle markdown-cellen weergeven",
    "Run All Cells": "Alle cellen uitvoeren",
    "Restart Kernel and Run All Cells…": "Kernel herstarten en alle cellen uitvoeren…",
    "Cell Type": "Celtype",
    "Trusted": "Vertrouwd",
    "Not Trusted": "Niet vertrouwd",
    "Connecting": "Verbinden",
    "Connected": "Verbonden",
    "Initializing": "Opstarten",
    "Starting": "Starten",
    "Busy": "Bezig",
    "Idle": "Klaar",
    "Unknown": "Onbekend",
    # labels the interface joins ("Restart Kernel…" and "Run All Cells" -> "%1 and %2")
    "%1 and %2": "%1 en %2",
    "%1 and %2 more": "%1 en nog %2",
    # the notebook page: its header (save time), toolbars and the kernel's restart dialog
    "Last Checkpoint: %1": "Laatst opgeslagen: %1",
    "Click to add a cell.": "Klik om een cel toe te voegen.",
    "No notifications": "Geen meldingen",
    # (a toolbar button's tooltip adds its key, as in "Insert a cell below (B)")
    "Insert a cell below": "Cel eronder invoegen",
    "Insert a cell above": "Cel erboven invoegen",
    "Cut this cell": ["Deze cel knippen", "Deze %1 cellen knippen"],
    "Copy this cell": ["Deze cel kopiëren", "Deze %1 cellen kopiëren"],
    "Paste this cell from the clipboard": ["Cel plakken van het klembord",
                                           "%1 cellen plakken van het klembord"],
    "Run this cell and advance": ["Deze cel uitvoeren en verder",
                                  "Deze %1 cellen uitvoeren en verder"],
    "Restart the kernel and run all cells": "Kernel herstarten en alle cellen uitvoeren",
    "Click to open kernel logs": "Klik om de logboeken van de kernel te openen",
    "JavaScript disabled for notebook display": "JavaScript staat uit voor dit notebook",
    "Create a duplicate of this cell below": ["Kopie van deze cel eronder maken",
                                              "Kopie van deze %1 cellen eronder maken"],
    "Move this cell up": ["Deze cel omhoog", "Deze %1 cellen omhoog"],
    "Move this cell down": ["Deze cel omlaag", "Deze %1 cellen omlaag"],
    "Delete the cell": "De cel verwijderen",
    "Click to expand": "Klik om uit te klappen",
    "Collapse %1 side panel": "Zijpaneel inklappen",
    "Collapse side panel": "Zijpaneel inklappen",
    # read aloud by a screen reader
    "Cells": "Cellen",
    "Cell toolbar": "Werkbalk van de cel",
    "Code Cell Content": "Inhoud van de codecel",
    "Code Cell Content with Output": "Inhoud van de codecel met uitvoer",
    "Markdown Cell Content": "Inhoud van de tekstcel",
    "main area toolbar": "werkbalk",
    "main area content": "inhoud",
    # the table of contents (the notebook page's side panel)
    "Show heading number in the document": "Nummers van de kopjes tonen",
    "Select Last Modified Cell": "Laatst gewijzigde cel selecteren",
    "Select Next Modified Cell": "Volgende gewijzigde cel selecteren",
    "Collapse All Headings": "Alle kopjes inklappen",
    "Expand All Headings": "Alle kopjes uitklappen",
    "Restart Kernel?": "Kernel herstarten?",
    "Do you want to restart the kernel of %1? All variables will be lost.":
        "Wil je de kernel van %1 herstarten? Alle variabelen gaan dan verloren.",
    "Do not ask me again.": "Niet meer vragen.",
    "If checked, the kernel will restart without confirmation prompt in the future; you can "
    "change this back in the settings.":
        "Aangevinkt: de kernel herstart voortaan zonder te vragen. Je kunt dit terugzetten in de "
        "instellingen.",
    "Cancel": "Annuleren",
    "Restart": "Herstarten",
    "Cancel Kernel Restart": "Herstarten van de kernel annuleren",
    "Confirm Kernel Restart": "Herstarten van de kernel bevestigen",
    # the notebook page's menus (Bestand, Bewerk, Weergave, Kernel, Instellingen, Help)
    "Open Recent": "Recent geopend",
    "Open from URL…": "Openen via URL…",
    "New Console for Notebook": "Nieuwe console voor notebook",
    "Rename…": "Naam wijzigen…",
    "Duplicate": "Dupliceren",
    "Revert %1 to Checkpoint…": "%1 terugzetten naar checkpoint…",
    "menu\x04Save and Export Notebook As": "Notebook opslaan en exporteren als",
    "Trust Notebook": "Notebook vertrouwen",
    "Close and Shut Down Notebook…": "Notebook sluiten en afsluiten…",
    "Log Out": "Afmelden",
    "Shut Down": "Afsluiten",
    "Undo": "Ongedaan maken",
    "Redo": "Opnieuw",
    "Undo Cell Operation": "Celbewerking ongedaan maken",
    "Redo Cell Operation": "Celbewerking opnieuw doen",
    "Cut Cell": ["Cel knippen", "Cellen knippen"],
    "Copy Cell": ["Cel kopiëren", "Cellen kopiëren"],
    "Paste Cell Below": ["Cel eronder plakken", "Cellen eronder plakken"],
    "Paste Cell Above": ["Cel erboven plakken", "Cellen erboven plakken"],
    "Paste Cell and Replace": ["Cel plakken en vervangen", "Cellen plakken en vervangen"],
    "Delete Cell": ["Cel verwijderen", "Cellen verwijderen"],
    "Select All Cells": "Alle cellen selecteren",
    "Deselect All Cells": "Selectie van alle cellen opheffen",
    "Move Cell Up": ["Cel omhoog", "Cellen omhoog"],
    "Move Cell Down": ["Cel omlaag", "Cellen omlaag"],
    "Edit Notebook Metadata": "Metadata van het notebook bewerken",
    "Split Cell": "Cel splitsen",
    "Merge Selected Cells": "Geselecteerde cellen samenvoegen",
    "Merge Cell Above": "Samenvoegen met de cel erboven",
    "Merge Cell Below": "Samenvoegen met de cel eronder",
    "Clear Cell Output": "Uitvoer van de cel wissen",
    "Clear Outputs of All Cells": "Uitvoer van alle cellen wissen",
    "Activate Command Palette": "Opdrachtenpalet openen",
    "Show Header": "Kop tonen",
    "Open JupyterLab": "JupyterLab openen",
    "File Browser": "Bestandsbrowser",
    "Toggle Zen Mode": "Zen-modus aan/uit",
    "Enable Full Width Notebook": "Notebook op volle breedte",
    "Show Notifications": "Meldingen tonen",
    "Show Log Console": "Logconsole tonen",
    "Show Line Numbers": "Regelnummers tonen",
    "Match Brackets": "Haakjes markeren",
    "Wrap Words": "Woordterugloop",
    "menu\x04Code Folding": "Code samenvouwen",
    "Table of Contents": "Inhoudsopgave",
    "Render Side-by-Side": "Naast elkaar weergeven",
    "menu\x04Text Editor Syntax Highlighting": "Syntaxiskleuring teksteditor",
    "Right Sidebar": "Rechterzijbalk",
    "Left Sidebar": "Linkerzijbalk",
    "Restart Kernel…": "Kernel herstarten…",
    "Restart Kernel and Run up to Selected Cell…":
        "Kernel herstarten en uitvoeren tot de geselecteerde cel…",
    "Reconnect to Kernel": "Opnieuw verbinden met de kernel",
    "Shut Down Kernel": "Kernel afsluiten",
    "Shut Down All Kernels…": "Alle kernels afsluiten…",
    "menu\x04Console Run Keystroke": "Toets om in de console uit te voeren",
    "Auto Close Brackets": "Haakjes automatisch sluiten",
    "Increase Text Editor Font Size": "Letters teksteditor groter",
    "Decrease Text Editor Font Size": "Letters teksteditor kleiner",
    "Save Widget State Automatically": "Widgetstatus automatisch opslaan",
    "Licenses": "Licenties",
    "About %1": "Over %1",
    "About the %1 Kernel": "Over de kernel %1",
    "Show Keyboard Shortcuts…": "Sneltoetsen tonen…",
    "Clear Browser Data": "Browsergegevens wissen",
    "Jupyter Reference": "Jupyter-handleiding",
    "JupyterLab Reference": "JupyterLab-handleiding",
    "JupyterLab FAQ": "Veelgestelde vragen over JupyterLab",
    "Markdown Reference": "Markdown-handleiding",
}


#: The translation domains the site's interface loads its strings from.
DOMAINS = ("jupyterlab", "notebook", "jupyterlite", "@jupyterlite", "jupyterlab_widgets")


def dutch_translations(out: Path) -> None:
    """Add :data:`NL_SUPPLEMENT` to the site's Dutch translations (``api/translations``)."""
    path = out / "api" / "translations" / "nl_NL.json"
    if not path.is_file():
        raise SiteError(f"{path}: missing: the Dutch language pack was not built into the site "
                        "(check the build tools: jupyterlab_server and the language pack)")
    data = json.loads(path.read_text("utf-8"))
    for domain in DOMAINS:
        table = data["data"].setdefault(domain, {})
        table.setdefault("", {"domain": domain, "language": "nl-NL",
                              "plural_forms": "nplurals=2; plural=(n != 1);", "version": domain})
        add_translations(table, NL_SUPPLEMENT)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def add_translations(table: dict, entries: dict[str, str | list[str]],
                     keep: bool = False) -> None:
    """Put ``entries`` into one domain's ``table`` of a language pack (``{english: [dutch, …]}``,
    a plural as a list of two); ``keep``: an entry the table already has stays."""
    for en, nl in entries.items():
        if not (keep and en in table):
            table[en] = nl if isinstance(nl, list) else [nl]


#: JupyterLite keeps its service worker's version in localStorage (``…service-worker.js…-version``):
#: removed when the page is left, so a closed tab leaves nothing in the browser's storage.
FORGET_SW_VERSION = static_text("forget-sw-version.html")


def dutch_app_pages(out: Path) -> None:
    """The English text of JupyterLite's app pages (before its interface, which the language
    pack translates, has loaded) in Dutch, and :data:`FORGET_SW_VERSION` in each."""
    for page in [*out.glob("*/index.html"), *out.glob("*/*/index.html")]:
        text = page.read_text("utf-8")
        if "jupyterlite-loading-indicator" not in text:
            continue
        for en, nl in APP_PAGE_DUTCH:
            text = text.replace(en, nl)
        if FORGET_SW_VERSION not in text:
            text = text.replace("</head>", FORGET_SW_VERSION + "</head>", 1)
        page.write_text(text, "utf-8")

