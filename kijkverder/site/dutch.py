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
#: English or half-translated: set in its ``jupyterlab`` and ``notebook`` domains at build time.
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
}


def dutch_translations(out: Path) -> None:
    """Add :data:`NL_SUPPLEMENT` to the site's Dutch translations (``api/translations``)."""
    path = out / "api" / "translations" / "nl_NL.json"
    if not path.is_file():
        raise SiteError(f"{path}: missing: the Dutch language pack was not built into the site "
                        "(check the build tools: jupyterlab_server and the language pack)")
    data = json.loads(path.read_text("utf-8"))
    for domain in ("jupyterlab", "notebook"):
        table = data["data"].setdefault(domain, {})
        table.setdefault("", {"domain": domain, "language": "nl-NL",
                              "plural_forms": "nplurals=2; plural=(n != 1);", "version": domain})
        for en, nl in NL_SUPPLEMENT.items():
            table[en] = nl if isinstance(nl, list) else [nl]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


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

