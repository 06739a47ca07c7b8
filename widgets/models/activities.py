"""The content models of the activities: quiz, statements, scenario, sort task, prompt cards,
reflection, chart and self-check."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..marks import ANSWER, TEACHER
from .base import FieldProblem, Ident, Model, Text, unique_ids


# --------------------------------------------------------------------------- quiz
class QuizOption(Model):
    text: Text
    correct: Annotated[bool, ANSWER] = False
    #: Shown on screen right after the student picks this option.
    feedback: Annotated[Text, ANSWER]


class QuizQuestion(Model):
    id: Ident
    type: Literal["single", "multiple", "true_false"] = "single"
    text: Text
    options: list[QuizOption] = Field(min_length=2, max_length=8)
    #: Why the answer is what it is: on screen after answering, in print only in the teacher edition.
    explanation: Annotated[Text | None, ANSWER] = None

    @model_validator(mode="after")
    def _check_correct(self) -> "QuizQuestion":
        n = sum(o.correct for o in self.options)
        if self.type in ("single", "true_false") and n != 1:
            raise FieldProblem("options", f"a {self.type} question needs exactly one option with "
                               f"'correct: true' (found {n})")
        if self.type == "multiple" and n < 1:
            raise FieldProblem("options", "a multiple question needs at least one option with "
                               "'correct: true'")
        if self.type == "true_false" and len(self.options) != 2:
            raise FieldProblem("options", "a true_false question has exactly two options "
                               "(Waar / Niet waar)")
        return self


class QuizContent(Model):
    kind: Literal["quiz"]
    title: Text
    intro: Text | None = None
    questions: list[QuizQuestion] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _ids(self) -> "QuizContent":
        unique_ids([q.id for q in self.questions], "question", "questions")
        return self


# --------------------------------------------------------------------------- statements
class Statement(Model):
    id: Ident
    text: Text
    #: "opinion": a real opinion, no right or wrong answer. "norm": the law or help workers give
    #: an answer; the class gives its view first, then the teacher says what ``norm`` says.
    type: Literal["opinion", "norm"] = "opinion"
    #: What the law or help workers say (norm statements only). On screen behind a button after
    #: the vote, in print only in the teacher edition.
    norm: Annotated[Text | None, ANSWER] = None
    #: Discussion hint for the teacher (teacher edition / teacher view only).
    hint: Annotated[Text | None, TEACHER] = None

    @model_validator(mode="after")
    def _check_norm(self) -> "Statement":
        if self.type == "norm" and self.norm is None:
            raise FieldProblem("norm", "a norm statement needs 'norm': what the law or help "
                               "workers say (add it, or set 'type: opinion')")
        if self.type == "opinion" and self.norm is not None:
            raise FieldProblem("norm", "an opinion statement has no 'norm' (remove it, or set "
                               "'type: norm')")
        return self


class StatementsContent(Model):
    kind: Literal["statements"]
    title: Text
    intro: Text | None = None
    statements: list[Statement] = Field(min_length=1, max_length=40)
    #: Offer the teacher tally mode (count hands, chart of the class's spread).
    tally: bool = True

    @model_validator(mode="after")
    def _ids(self) -> "StatementsContent":
        unique_ids([s.id for s in self.statements], "statement", "statements")
        return self


# --------------------------------------------------------------------------- scenario
class Character(Model):
    name: Text
    age: int | None = Field(default=None, ge=8, le=99)
    description: Text | None = None


class ScenarioChoice(Model):
    label: Text
    next: Ident


class ScenarioNode(Model):
    id: Ident
    text: Text
    choices: list[ScenarioChoice] = Field(default_factory=list, max_length=4)
    ending: bool = False
    #: Teacher-only note for discussing this part of the story.
    teacher_note: Annotated[Text | None, TEACHER] = None
    #: A choice a group must never make (does the victim go along, send a photo?): the id of the
    #: part the teacher's route goes to, the ``next`` of one of this part's choices. The cut-out
    #: story cards then show only that route, under "Hier kiest de docent hoe het verder gaat";
    #: the screen and the worksheet keep every choice.
    teacher_picks: Ident | None = None
    #: The one part where a class without computers votes with folded slips. Never a choice of
    #: the victim (does she send, pay, go along?): vote on who helps or what happens next. The
    #: story-vote slip offers as many letters as this part has choices.
    class_vote: bool = False

    @model_validator(mode="after")
    def _ending_or_choices(self) -> "ScenarioNode":
        if self.class_vote and (self.teacher_picks is not None or len(self.choices) < 2):
            raise FieldProblem("class_vote", "the class votes on a part with two or more choices "
                               "that the teacher does not pick; move 'class_vote' to such a part")
        if self.ending and self.choices:
            raise FieldProblem("choices", "an ending has no choices; remove 'choices' or set "
                               "'ending: false'")
        if self.teacher_picks is not None and self.teacher_picks not in {c.next for c in self.choices}:
            raise FieldProblem("teacher_picks", f"{self.teacher_picks!r} is not where one of this "
                               "part's choices goes; use the 'next' of the teacher's route")
        if not self.ending and not self.choices:
            raise FieldProblem("choices", "this node has no choices and is not an ending (dead "
                               "end); add choices or set 'ending: true'")
        return self


class ScenarioContent(Model):
    kind: Literal["scenario"]
    title: Text
    intro: Text | None = None
    character: Character
    start: Ident
    nodes: list[ScenarioNode] = Field(min_length=2, max_length=60)

    @model_validator(mode="after")
    def _graph(self) -> "ScenarioContent":
        ids = [n.id for n in self.nodes]
        unique_ids(ids, "node", "nodes")
        by_id = {n.id: n for n in self.nodes}
        if self.start not in by_id:
            raise FieldProblem("start", f"start node {self.start!r} does not exist; use one of "
                               "the node ids")
        for k, n in enumerate(self.nodes):
            for j, c in enumerate(n.choices):
                if c.next not in by_id:
                    raise FieldProblem(f"nodes[{k}].choices[{j}].next", f"goes to unknown node "
                                       f"{c.next!r}; use an existing node id")
        votes = [k for k, n in enumerate(self.nodes) if n.class_vote]
        if len(votes) > 1:
            raise FieldProblem(f"nodes[{votes[1]}].class_vote", "a class votes once per story; "
                               "keep 'class_vote: true' on one part only")
        if not any(n.ending for n in self.nodes):
            raise FieldProblem("nodes", "the story has no ending; mark at least one node "
                               "'ending: true'")
        reachable, todo = set(), [self.start]
        while todo:
            cur = todo.pop()
            if cur in reachable:
                continue
            reachable.add(cur)
            todo.extend(c.next for c in by_id[cur].choices)
        unreachable = [i for i in ids if i not in reachable]
        if unreachable:
            raise FieldProblem(f"nodes[{ids.index(unreachable[0])}]", f"nodes {unreachable} cannot "
                               "be reached from the start; link them from a choice or remove them")
        # every node must be able to reach an ending (no cycle without exit)
        can_end = {n.id for n in self.nodes if n.ending}
        changed = True
        while changed:
            changed = False
            for n in self.nodes:
                if n.id not in can_end and any(c.next in can_end for c in n.choices):
                    can_end.add(n.id)
                    changed = True
        stuck = [i for i in ids if i not in can_end]
        if stuck:
            raise FieldProblem(f"nodes[{ids.index(stuck[0])}]", f"nodes {stuck} never lead to an "
                               "ending (a loop without exit); add a choice that leads towards an ending")
        return self

    def node(self, node_id: str) -> ScenarioNode:
        return next(n for n in self.nodes if n.id == node_id)


# --------------------------------------------------------------------------- sort task
#: The line icons of the easy-read series (``widgets/icons/<name>.svg``, :mod:`widgets.icons`).
IconName = Literal["groen", "oranje", "rood", "stop", "zeg-nee", "vraag-hulp", "school", "thuis",
                   "bellen", "chatten", "alarm"]


class SortCategory(Model):
    id: Ident
    label: Text
    #: A picture next to the label (on screen and on paper), e.g. the traffic light's
    #: ``groen`` / ``oranje`` / ``rood``; its text alternative comes with the icon.
    icon: IconName | None = None


class SortItem(Model):
    id: Ident
    text: Text
    #: id of the right category
    category: Annotated[Ident, ANSWER]
    explanation: Annotated[Text, ANSWER]


class SortTaskContent(Model):
    kind: Literal["sort"]
    title: Text
    intro: Text | None = None
    categories: list[SortCategory] = Field(min_length=2, max_length=5)
    items: list[SortItem] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _refs(self) -> "SortTaskContent":
        unique_ids([c.id for c in self.categories], "category", "categories")
        unique_ids([i.id for i in self.items], "item", "items")
        cats = {c.id for c in self.categories}
        for k, it in enumerate(self.items):
            if it.category not in cats:
                raise FieldProblem(f"items[{k}].category", f"unknown category {it.category!r}; "
                                   f"use one of {sorted(cats)}")
        return self


# --------------------------------------------------------------------------- prompt cards
class Prompt(Model):
    id: Ident
    text: Text
    #: Teacher-only hint for guiding the conversation.
    hint: Annotated[Text | None, TEACHER] = None
    #: A picture on the card (screen and paper), e.g. ``zeg-nee`` or ``vraag-hulp`` on the
    #: role-play cards of the easy-read series.
    icon: IconName | None = None


class ThinkPairShare(Model):
    think: int = Field(default=60, ge=10, le=600)
    pair: int = Field(default=120, ge=10, le=900)
    share: int = Field(default=180, ge=10, le=1200)


class PromptCardsContent(Model):
    kind: Literal["prompts"]
    title: Text
    intro: Text | None = None
    prompts: list[Prompt] = Field(min_length=1, max_length=30)
    #: Optional think-pair-share timing in seconds.
    think_pair_share: ThinkPairShare | None = None
    #: The ids of the cards every pair gets a copy of, when the lesson plan hands out only some
    #: (the teacher reads the others aloud); the print list counts copies for these. None: all.
    pair_cards: list[Ident] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> "PromptCardsContent":
        ids = [p.id for p in self.prompts]
        unique_ids(ids, "prompt", "prompts")
        for n, card in enumerate(self.pair_cards or []):
            if card not in ids:
                raise FieldProblem(f"pair_cards[{n}]", f"no card with id {card!r}; use one of "
                                   f"{', '.join(ids)}, or leave pair_cards out (then every card)")
        return self


# --------------------------------------------------------------------------- reflection
class ReflectionPrompt(Model):
    id: Ident
    text: Text
    #: Writing lines on the printed worksheet.
    lines: int = Field(default=4, ge=1, le=20)


class ReflectionContent(Model):
    kind: Literal["reflection"]
    title: Text
    intro: Text | None = None
    prompts: list[ReflectionPrompt] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _ids(self) -> "ReflectionContent":
        unique_ids([p.id for p in self.prompts], "prompt", "prompts")
        return self


# --------------------------------------------------------------------------- chart
class ChartBar(Model):
    label: Text
    #: The number; leave it out when ``fact`` names the registry's fact that holds it.
    value: float | None = Field(default=None, ge=0)
    #: A fact of the registry (``lessons/feiten.yaml``) whose ``value`` this bar shows.
    fact: Ident | None = None

    @model_validator(mode="after")
    def _value(self) -> "ChartBar":
        if (self.value is None) == (self.fact is None):
            raise FieldProblem("value", "a bar needs either 'fact' (a figure of the registry, "
                               "lessons/feiten.yaml) or 'value', not both and not neither")
        return self


class ChartContent(Model):
    kind: Literal["chart"]
    title: Text
    intro: Text | None = None
    unit: Text
    bars: list[ChartBar] = Field(min_length=1, max_length=12)
    #: Who published the figures, and the year (required: every figure names source and year).
    source: Text
    year: int = Field(ge=1990, le=2100)
    note: Text | None = None


# --------------------------------------------------------------------------- self-check
#: The fixed 4-point scale of a self-check, in order (data keys; the words are in widgets/i18n.py).
SELFCHECK_SCALE = ("niet", "beetje", "grotendeels", "helemaal")
#: When a self-check is asked: at the start ("voor") or at the end ("na") of the lesson.
SELFCHECK_MOMENTS = ("voor", "na")
#: A self-check statement is one short sentence.
SELFCHECK_MAX_WORDS = 12
#: Words that make a statement about the student's own experiences (answering would disclose).
SELFCHECK_DISCLOSING = re.compile(r"\b(ooit|meegemaakt|overkomen|overkwam|zelf gebeurd)\b", re.I)


class SelfCheckStatement(Model):
    id: Ident
    #: One short "Ik weet / kan / durf …" sentence (B1, at most 12 words), the same at the start
    #: and at the end of the lesson. Never about the student's own experiences.
    text: Text

    @model_validator(mode="after")
    def _short(self) -> "SelfCheckStatement":
        n = len(self.text.split())
        if n > SELFCHECK_MAX_WORDS:
            raise FieldProblem("text", f"has {n} words (at most {SELFCHECK_MAX_WORDS}); write one "
                               "short 'Ik weet …' or 'Ik kan …' sentence")
        if not self.text.startswith("Ik ") or "?" in self.text:
            raise FieldProblem("text", "is not an 'Ik …' sentence; write what a student knows, can "
                               "or dares ('Ik weet …', 'Ik kan …', 'Ik durf …'), not a question")
        disclosing = SELFCHECK_DISCLOSING.search(self.text)
        if disclosing:
            raise FieldProblem("text", f"asks about the student's own experiences "
                               f"({disclosing.group(0)!r}); ask what they know or can do, never "
                               "what happened to them")
        return self


class SelfCheckContent(Model):
    """An anonymous self-check (``zelfcheck.yaml``), asked at the start and at the end of a
    lesson on a fixed 4-point scale. No teacher fields: the how-to and the honest-reading note
    are the same for every lesson and live in the widget (:mod:`widgets.selfcheck`)."""

    kind: Literal["selfcheck"]
    title: Text
    statements: list[SelfCheckStatement] = Field(min_length=3, max_length=4)

    @model_validator(mode="after")
    def _ids(self) -> "SelfCheckContent":
        unique_ids([s.id for s in self.statements], "statement", "statements")
        return self
