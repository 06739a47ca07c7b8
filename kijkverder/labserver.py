"""JupyterLab for a class (``python -m kijkverder.labserver``, started by ``kijkverder lab``):
JupyterLab's own entry point, with the Dutch translations completed where the language pack
``jupyterlab-language-pack-nl-NL`` leaves English (it holds 371 of JupyterLab's strings).

The server's translations API (``/lab/api/translations/nl_NL``) returns the pack plus
:data:`LAB_SUPPLEMENT` and the site's :data:`~kijkverder.site.dutch.NL_SUPPLEMENT`; nothing is
written into the installed pack.
"""
from __future__ import annotations

import sys
from typing import Any

from .lab import LOCALE
from .site.dutch import NL_SUPPLEMENT, add_translations

#: What a student meets in JupyterLab (file browser, save state) and the pack leaves in
#: English, on top of the site's supplement (which has the run and restart strings).
LAB_SUPPLEMENT: dict[str, str | list[str]] = {
    "Name": "Naam",
    "Modified": "Gewijzigd",
    "Last Modified": "Laatst gewijzigd",
    "File Size": "Grootte",
    "Filter files by name": "Zoek een bestand op naam",
    "Open": "Openen",
    "Save": "Opslaan",
    "Save Notebook": "Notebook opslaan",
    "Saving…": "Opslaan…",
    "Saving completed": "Opgeslagen",
    "Saving started": "Bezig met opslaan",
    "Close": "Sluiten",
}


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """Add the supplements to the ``jupyterlab`` domain of a language pack's data (as the
    translations API returns it: ``{domain: {english: [dutch, …]}}``); an entry the pack has is
    kept."""
    table = data.get("jupyterlab")
    if isinstance(table, dict):
        add_translations(table, {**NL_SUPPLEMENT, **LAB_SUPPLEMENT}, keep=True)
    return data


def _install() -> None:
    from jupyterlab_server import translations_handler

    original = translations_handler.get_language_pack

    def get_language_pack(locale: str) -> tuple[dict, str]:
        data, message = original(locale)
        return (complete(data) if locale == LOCALE else data), message

    translations_handler.get_language_pack = get_language_pack


def main() -> None:
    _install()
    from jupyterlab.labapp import main as lab_main

    sys.exit(lab_main())


if __name__ == "__main__":
    main()
