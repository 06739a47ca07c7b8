"""HelpCard: where to go for help, from the project's registry, filterable by topic."""
from __future__ import annotations

from typing import Any, Sequence

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t
from .registry import Organisation, registry
from .schema import TOPICS


def _org_html(o: Organisation, lang: str) -> str:
    bits = []
    if o.phone:
        bits.append(f"{esc(t('phone', lang))}: <strong>{esc(o.phone)}</strong>")
    if o.web:
        bits.append(f"{esc(t('web', lang))}: <strong>{esc(o.web)}</strong>")
    anon = f" ({esc(t('anonymous', lang))})" if o.anonymous else ""
    return (f"<li><span class='kv-org'>{esc(o.name)}</span>{anon}: {esc(o.for_)}"
            f"<br>{' · '.join(bits)}</li>")


class HelpCard(ContentWidget):
    """``HelpCard()`` or ``HelpCard(topics=["online"])``: help lines from the registry."""

    kind = None
    print_template = "helpcard.html.j2"

    def __init__(self, content: Any = None, *, topics: Sequence[str] | None = None, **kwargs: Any):
        self.topics = list(topics) if topics else []
        self.organisations = registry().for_topics(self.topics or None)
        super().__init__(None, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        self.header = W.HTML(f"<h3>{esc(self.t('help_title'))}</h3><p>{esc(self.t('help_intro'))}</p>")
        shown_topics = self.topics or [tp for tp in TOPICS if tp not in ("docenten", "ouders")]
        options = [(self.t("topic_all"), "")] + [(self.t(f"topic_{tp}"), tp) for tp in shown_topics]
        self.filter = W.ToggleButtons(options=options, value="", description=self.t("filter"),
                                      style={"button_width": "auto"})
        self.filter.observe(lambda ch: self._render(), names="value")
        self.list = W.HTML("")
        self._render()
        box = W.VBox([self.header, self.filter, self.list])
        box.add_class("kv-help")
        return [box]

    def visible(self) -> list[Organisation]:
        if not self.filter.value:
            return self.organisations
        return [o for o in self.organisations if self.filter.value in o.topics]

    def _render(self) -> None:
        self.list.value = "<ul>" + "".join(_org_html(o, self.lang) for o in self.visible()) + "</ul>"

    @classmethod
    def print_context(cls, content: Any, edition: str, topics: Sequence[str] | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        orgs = registry().for_topics(list(topics) if topics else None)
        return {"organisations": orgs, "checked": registry().checked}

    def __repr__(self) -> str:
        return f"HelpCard(topics={self.topics!r})"
