"""HelpCard: where to go for help. First "Op school" (the school's own people, from the school
profile ``school.yaml``), then the national organisations of the project's registry, filterable
by topic."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import ipywidgets as W

from .base import ContentWidget, esc
from .i18n import t
from .icons import icon_html
from .registry import SCHOOL_EXAMPLE, SCHOOL_FILE, Organisation, find_school_file, load_school, registry
from .contentio import ContentError
from .models.base import TOPICS
from .models.school import SchoolContent, SchoolPerson


def _org_html(o: Organisation, lang: str, parents: bool = False) -> str:
    bits = []
    if o.phone:
        bits.append(f"{esc(t('phone', lang))}: <strong>{esc(o.phone)}</strong>")
    if o.web:
        bits.append(f"{esc(t('web', lang))}: <strong>{esc(o.web)}</strong>")
    after = f"<br>{esc(o.after)}" if o.after else ""
    return (f"<li><span class='kv-org'>{esc(o.name)}</span>: {esc(for_text(o, lang, parents))}"
            f"<br>{' · '.join(bits)}{after}</li>")


def for_text(o: Organisation, lang: str | None = None, parents: bool = False) -> str:
    """What an organisation is for (to a parent on the parents' card), with one sentence on
    anonymity when it is anonymous and its own words (or name) do not say so already: never
    "(anoniem): Anoniem ..." twice."""
    text = o.text_for(parents)
    said = re.search(r"anoniem|anonym|naam|name", f"{o.name} {text}", re.I)
    return f"{text} {t('anonymous_line', lang)}" if o.anonymous and not said else text


def school_state(path: str | Path | None, role: str) -> tuple[SchoolContent | None, list[str]]:
    """The profile at ``path`` for ``role`` and the problems that kept it from loading (one line
    each); ``(None, [])`` when there is no profile."""
    try:
        return load_school(path, role), []
    except ContentError as e:
        return None, [str(p) for p in e.problems]


def _person_html(p: SchoolPerson, lang: str) -> str:
    mail = (f"<br>{esc(t('school_email', lang))}: <strong>{esc(p.email)}</strong>"
            if p.email else "")
    return (f"<li><span class='kv-org'>{esc(p.role)}</span>: {esc(p.name)}<br>"
            f"{esc(p.where)} · {esc(p.when)}{mail}</li>")


def missing_text(lang: str | None = None) -> str:
    """What a student's card says on screen without a school profile: a neutral line (no file
    name, no placeholder; issue 25)."""
    return t("school_missing", lang)


def missing_teacher_text(lang: str | None = None, variant: str | None = None) -> str:
    """Only for the teacher (teacher edition, teacher view): what to fill in, and where; on the
    parents' card (``variant="ouders"``) about what parents see."""
    return t("school_missing_teacher", lang, variant, file=f"lessons/{SCHOOL_FILE}",
             example=f"lessons/{SCHOOL_EXAMPLE}")


def school_html(school: SchoolContent | None, problems: list[str], lang: str,
                teacher: bool = False, variant: str | None = None) -> str:
    """The "Op school" part of a card on screen; never empty. Without a (valid) profile a
    student sees a neutral line; only the teacher is told what to fill in or fix."""
    out = f"<h4 class='kv-school-title'>{esc(t('school_title', lang))}</h4>"
    if school is None:
        out += f"<p class='kv-school-missing'>{esc(t('school_missing', lang, variant))}</p>"
        if teacher and problems:
            out += (f"<p class='kv-teacher-note'>{esc(t('school_broken', lang))}</p><ul>"
                    + "".join(f"<li>{esc(p)}</li>" for p in problems) + "</ul>")
        elif teacher:
            out += f"<p class='kv-teacher-note'>{esc(missing_teacher_text(lang, variant))}</p>"
        return out
    out += f"<p>{esc(t('school_intro', lang, variant, school=school.name))}</p><ul>"
    out += "".join(_person_html(p, lang) for p in school.contacts)
    if school.meldcode is not None:
        out += f"<li><em>{esc(t('school_meldcode', lang))}</em></li>" + _person_html(school.meldcode, lang)
    out += "</ul>"
    if school.local_help:
        out += f"<h4>{esc(t('school_local', lang))}</h4><ul>"
        for h in school.local_help:
            bits = [f"{esc(t('phone', lang))}: <strong>{esc(h.phone)}</strong>"] if h.phone else []
            bits += [f"{esc(t('web', lang))}: <strong>{esc(h.web)}</strong>"] if h.web else []
            out += (f"<li><span class='kv-org'>{esc(h.name)}</span>: {esc(h.for_)}"
                    + (f"<br>{' · '.join(bits)}" if bits else "") + "</li>")
        out += "</ul>"
    return out


#: At most this many phone numbers on a short card (the easy-read series): 112, 113 and two.
MAX_SHORT_NUMBERS = 4


def route_icon(o: Organisation) -> str:
    """The picture of how you reach an organisation: the alarm number, calling or chatting."""
    return "alarm" if "acuut" in o.topics and o.phone == "112" else "bellen" if o.phone else "chatten"


def short_org_html(o: Organisation, lang: str, size: str = "2.2em", phone: bool = True) -> str:
    """One organisation on the short card: its picture, name, what it is for in easy words and
    how to reach it; ``phone=False``: a line with its website only (``HelpCard(sites=...)``),
    which keeps the card at :data:`MAX_SHORT_NUMBERS` numbers to call."""
    how = [f"{esc(t('phone', lang))}: <strong>{esc(o.phone)}</strong>"] if o.phone and phone else []
    how += [f"{esc(t('web', lang))}: <strong>{esc(o.web)}</strong>"] if o.web else []
    icon = route_icon(o) if phone else "chatten"
    return (f"<li>{icon_html(icon, size)}<div><span class='kv-org'>{esc(o.name)}</span>"
            f"<br>{esc(o.easy or o.for_)}<br>{' · '.join(how)}</div></li>")


def short_sites(ids: Sequence[str] | None) -> list[Organisation]:
    """The website-only lines of a short card (``HelpCard(sites=ids)``): organisations from
    the registry that have a website. Raises ``ValueError`` for an unknown id or one without."""
    orgs = registry().short_card(list(ids)) if ids else []
    orgs = [o for o in orgs if o.id in set(ids or ())]
    bad = [o.id for o in orgs if not o.web]
    if bad:
        raise ValueError(f"HelpCard sites={bad}: these have no website in "
                         "widgets/data/resources.yaml; name organisations with a 'web'")
    return orgs


def for_parents(topics: Sequence[str] | None) -> bool:
    """The parents' card (lesson 07): its topics name the parents."""
    return bool(topics) and "ouders" in topics


def intro_keys(topics: Sequence[str] | None) -> tuple[str, str]:
    """The title and intro of a full card: the parents' card speaks to a parent ("u"), every
    other card to a young person, with a place to begin."""
    if for_parents(topics):
        return "help_title_parents", "help_intro_parents"
    return "help_title", "help_intro"


class HelpCard(ContentWidget):
    """``HelpCard()`` or ``HelpCard(topics=["online"])``: the school's people (``school.yaml``
    next to the lessons), then help lines from the registry.

    ``HelpCard(orgs=["kindertelefoon"])``: the short card of the easy-read series: the school
    first, then 112 and 113 and the organisations named (at most :data:`MAX_SHORT_NUMBERS` phone
    numbers in all), each with a picture of the route and its ``easy`` text; no filter.
    ``sites=["helpwanted"]`` (only with ``orgs``) adds lines with a website and no number."""

    kind = None
    print_template = "helpcard.html.j2"
    #: The print path passes the school profile (``school=``) to this widget's print form.
    uses_school = True
    #: UI text for the teacher only (what to fill in or fix in the school profile); the leak
    #: tests look for it in everything a student gets.
    teacher_keys = ("school_missing_teacher", "school_broken")

    def __init__(self, content: Any = None, *, topics: Sequence[str] | None = None,
                 orgs: Sequence[str] | None = None, sites: Sequence[str] | None = None,
                 **kwargs: Any):
        self.topics = list(topics) if topics else []
        self.orgs = list(orgs) if orgs else []
        if self.orgs and self.topics:
            raise ValueError("HelpCard: give topics= or orgs=, not both")
        if sites and not self.orgs:
            raise ValueError("HelpCard: sites= belongs to the short card; give orgs= too")
        self.sites = short_sites(sites)
        self.organisations = (registry().short_card(self.orgs) if self.orgs
                              else registry().for_topics(self.topics or None))
        super().__init__(None, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        if self.orgs:
            return self._build_short()
        title, intro = intro_keys(self.topics)
        self.header = W.HTML(f"<h3>{esc(self.t(title))}</h3><p>{esc(self.t(intro))}</p>")
        self.school, problems = school_state(find_school_file(),
                                             "teacher" if self.teacher else "student")
        self.school_box = W.HTML(school_html(self.school, problems, self.lang,
                                             teacher=self.teacher,
                                             variant="ouders" if for_parents(self.topics) else None))
        self.school_box.add_class("kv-school")
        self.national = W.HTML(f"<h4>{esc(self.t('national_title'))}</h4>")
        shown_topics = self.topics or [tp for tp in TOPICS if tp not in ("docenten", "ouders")]
        options = [(self.t("topic_all"), "")] + [(self.t(f"topic_{tp}"), tp) for tp in shown_topics]
        self.filter = W.ToggleButtons(options=options, value="", description=self.t("filter"),
                                      style={"button_width": "auto"})
        self.filter.observe(lambda ch: self._render(), names="value")
        self.list = W.HTML("")
        self._render()
        box = W.VBox([self.header, self.school_box, self.national, self.filter, self.list])
        box.add_class("kv-help")
        return [box]

    def _build_short(self) -> list[W.Widget]:
        """The short card: school first, then at most four numbers, each with its picture."""
        self.header = W.HTML(f"<h3>{esc(self.t('help_title'))}</h3>"
                             f"<p>{esc(self.t('help_intro_easy'))}</p>")
        self.school, problems = school_state(find_school_file(),
                                             "teacher" if self.teacher else "student")
        self.school_box = W.HTML(f"<div class='kv-short-school'>{icon_html('school')}"
                                 f"<div>{school_html(self.school, problems, self.lang)}</div></div>")
        self.school_box.add_class("kv-school")
        self.list = W.HTML(f"<h4>{esc(self.t('national_title'))}</h4><ul class='kv-help-routes'>"
                           + "".join(short_org_html(o, self.lang) for o in self.organisations)
                           + "".join(short_org_html(o, self.lang, phone=False) for o in self.sites)
                           + "</ul>")
        box = W.VBox([self.header, self.school_box, self.list])
        box.add_class("kv-help")
        return [box]

    def visible(self) -> list[Organisation]:
        if self.orgs:
            return self.organisations
        if not self.filter.value:
            return self.organisations
        return [o for o in self.organisations if o.always or self.filter.value in o.topics]

    def _render(self) -> None:
        parents = for_parents(self.topics)
        self.list.value = "<ul>" + "".join(_org_html(o, self.lang, parents)
                                           for o in self.visible()) + "</ul>"

    @classmethod
    def print_context(cls, content: Any, edition: str, topics: Sequence[str] | None = None,
                      school: SchoolContent | None = None, orgs: Sequence[str] | None = None,
                      sites: Sequence[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        """``school``: the profile, already projected for the edition's reader (the print path
        loads it: ``lessons/school.yaml`` or ``kijkverder handouts --school PATH``). ``orgs``:
        the short card (pictures and easy texts)."""
        short = [short_org_html(o, kwargs.get("lang") or "nl", "1.6em")
                 for o in registry().short_card(list(orgs))] if orgs else []
        short += [short_org_html(o, kwargs.get("lang") or "nl", "1.6em", phone=False)
                  for o in short_sites(sites)] if orgs else []
        orgs = registry().short_card(list(orgs)) if orgs else \
            registry().for_topics(list(topics) if topics else None)
        title, intro = intro_keys(None if short else topics)
        parents = not short and (for_parents(topics) or kwargs.get("variant") == "ouders")
        return {"organisations": orgs, "checked": registry().checked, "school": school,
                "title_key": title, "intro_key": intro,
                "for_texts": {o.id: for_text(o, kwargs.get("lang"), parents) for o in orgs},
                "school_missing_teacher": missing_teacher_text(
                    kwargs.get("lang"), "ouders" if parents else kwargs.get("variant")),
                "short": short,
                "school_icon": icon_html("school", "1.6em") if short else ""}

    def __repr__(self) -> str:
        if self.orgs:
            sites = f", sites={[o.id for o in self.sites]!r}" if self.sites else ""
            return f"HelpCard(orgs={self.orgs!r}{sites})"
        return f"HelpCard(topics={self.topics!r})"
