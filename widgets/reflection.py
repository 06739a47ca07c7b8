"""Reflection: a private writing prompt. The text stays in the student's own notebook only."""
from __future__ import annotations

from importlib import resources
from typing import Any

import ipywidgets as W

from .base import LOCK, ContentWidget, esc
from .models.activities import ReflectionContent

#: Run once per page (guarded): every text field the page gets from now on has
#: ``autocomplete="off"``, so the browser keeps typed text in no form-restore or session file on a
#: shared computer (Chromium saves a field's state to disk for restoring tabs only when
#: autocomplete is on). ipywidgets' Textarea has no option for the attribute, so the page sets it.
#: ``static/private-fields.js``; the projector view (``kijkverder present``) puts it in its page.
PRIVATE_FIELDS_JS = resources.files("widgets").joinpath("static/private-fields.js").read_text("utf-8")


class Reflection(ContentWidget):
    """``Reflection.load("afsluiting.yaml")``: one text area per prompt.

    Nothing is written to disk or sent anywhere; the text lives in the widget's state only.
    """

    kind = "reflection"
    print_template = "reflection.html.j2"
    #: On paper, a student's private writing is a slip of its own in the strookjes, without a
    #: name (two to a sheet): not on the named, stapled worksheet, which a teacher may collect.
    #: The worksheet says so. A parents' evening and the teachers' guide keep it on their sheet.
    card_copies = "student"
    card_template = "reflection_slip.html.j2"
    slips_for_students_only = True
    #: Private writing slips on one A4 sheet.
    SLIPS_PER_SHEET = 2
    content: ReflectionContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        from IPython.display import Javascript, display

        display(Javascript(PRIVATE_FIELDS_JS))
        c = self.content
        head = self.title_html()
        if self.projector:  # the whole class reads this: class words, no privacy promise
            head += f"<p class='kv-intro'>{esc(self.t('reflection_class'))}</p>"
        else:
            head += f"<p class='kv-private'>{LOCK} {esc(self.t('reflection_private'))}</p>"
        self.header = W.HTML(head)
        self.areas: list[W.Textarea] = []
        self.echoes: list[W.HTML] = []
        rows: list[W.Widget] = [self.header]
        for p in c.prompts:
            # the question is the textarea's own <label> (visible, tied to it: screen readers
            # name the field by it), set above the field by widgets.css
            area = W.Textarea(placeholder=self.t("reflection_placeholder"), description=p.text,
                              style={"description_width": "initial"},
                              layout=W.Layout(width="100%", height=f"{max(3, p.lines) * 1.6}em"))
            area.description_allow_html = False
            area.add_class("kv-reflection-answer")
            echo = W.HTML("")
            area.observe(lambda ch, echo=echo: self._count(ch["new"], echo), names="value")
            self.areas.append(area)
            self.echoes.append(echo)
            rows += [area, echo]
        return rows

    def _count(self, text: str, echo: W.HTML) -> None:
        echo.value = f"<span class='kv-private'>{esc(self.t('characters', n=len(text)))}</span>"

    @property
    def texts(self) -> list[str]:
        return [a.value for a in self.areas]

    @classmethod
    def print_context(cls, content: ReflectionContent, edition: str, variant: str | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        """``on_slip``: a lesson for students (``variant`` None or "eenvoudig") has the writing
        on a slip of its own (the strookjes); its worksheet only says so."""
        return {"title": content.title, "intro": content.intro,
                "on_slip": variant in (None, "eenvoudig"), "slips": cls.SLIPS_PER_SHEET,
                "prompts": [{"text": p.text, "lines": p.lines} for p in content.prompts]}

    @classmethod
    def paper_sheets(cls, content: ReflectionContent, **kwargs: Any) -> list[dict[str, Any]]:
        return [{"pdf": "strookjes", "kind": "reflection", "title": content.title,
                 "who": "student", "per_sheet": cls.SLIPS_PER_SHEET, "envelope": False}]
