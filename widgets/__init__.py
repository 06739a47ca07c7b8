"""Kijk Verder lesson widgets, built on ipywidgets.

Lesson code cells stay tiny::

    from widgets import Lesson, Quiz, HelpCard
    Quiz.load("mythes.yaml")

Every widget reads its content from a validated YAML file (see :mod:`widgets.schema`) and has
a print form (a Jinja template in ``widgets/templates``) that the handout exporter uses.
"""
from __future__ import annotations

import importlib
from typing import Any

from .i18n import get_language, set_language
from .base import ErrorBox, get_style, set_style

#: Public widget name -> module that defines it. Also the list of names a lesson cell may call.
WIDGETS: dict[str, str] = {
    "Lesson": "widgets.lesson",
    "Agreements": "widgets.lesson",
    "Quiz": "widgets.quiz",
    "HelpCard": "widgets.helpcard",
    "Reflection": "widgets.reflection",
    "Statements": "widgets.statements",
    "Scenario": "widgets.scenario",
    "SortTask": "widgets.sorttask",
    "PromptCards": "widgets.prompts",
    "Timer": "widgets.timer",
    "Chart": "widgets.chart",
    "SelfCheck": "widgets.selfcheck",
    "LawSheet": "widgets.lawsheet",
}

__all__ = [*WIDGETS, "ErrorBox", "set_language", "get_language", "set_style", "get_style",
           "widget_class"]


def widget_class(name: str) -> Any:
    """The widget class called ``name`` (imported on first use)."""
    if name not in WIDGETS:
        raise KeyError(f"unknown widget {name!r}; known: {', '.join(WIDGETS)}")
    return getattr(importlib.import_module(WIDGETS[name]), name)


def __getattr__(name: str) -> Any:
    if name in WIDGETS:
        return widget_class(name)
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")
