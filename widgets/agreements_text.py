"""The class agreements shown at the start of every lesson, per audience and language
(:class:`widgets.lesson.Agreements`): the same words on screen and on paper."""
from __future__ import annotations

AGREEMENTS: dict[str, list[str]] = {
    "nl": [
        "Niemand hoeft iets over zichzelf te vertellen.",
        "We praten over ‘iemand’ of over de personen in het verhaal, niet over klasgenoten.",
        "We noemen geen namen van mensen die we kennen.",
        "We hebben respect voor elkaar, ook als we het oneens zijn.",
        "Wordt het je te veel? Je mag rustig de klas uit, naar de plek die we hebben afgesproken. Je hoeft niets uit te leggen. Een volwassene komt even kijken of het goed met je gaat. Later vraagt de docent rustig hoe het is. Je hoeft dan niets te vertellen.",
        "We vertellen buiten de les niet wie wat zei.",
        "Wil je iets persoonlijks vertellen? Doe dat na de les, bij de docent of bij iemand anders die je vertrouwt. Is iemand niet veilig? Dan moet de docent hulp inschakelen. De docent vertelt je eerst wat er gaat gebeuren, behalve als iemand meteen in gevaar is. Dan hoor je het zo snel mogelijk daarna. De docent kan niet beloven dat je ouders of verzorgers het nooit horen. Meestal praat de docent daar eerst met jou over. Is het thuis niet veilig? Zeg dat dan. Dan praat de school niet met je ouders als dat jou in gevaar brengt.",
    ],
    "en": [
        "Nobody has to share anything about themselves.",
        "We talk about ‘someone’ or the people in the story, not about classmates.",
        "We do not name people we know.",
        "We respect each other, also when we disagree.",
        "Is it too much for you? You may quietly step out, to the place we agreed on. You do not have to explain anything. An adult comes to check that you are all right. Later the teacher calmly asks how you are. You do not have to tell anything then.",
        "We do not tell anyone outside the lesson who said what.",
        "Do you want to tell something personal? Do it after the lesson, to the teacher or to someone else you trust. Is someone not safe? Then the teacher must get help. The teacher almost always tells you first what will happen. The teacher cannot promise that your parents or carers never hear about it. Usually the teacher talks with you about that first. Is it not safe at home? Then say so. Then the school does not talk with your parents if that puts you in danger.",
    ],
}

#: The same agreements for a parents' evening (lesson 07), addressed to parents.
#: The agreements in easy words (A2), for the easy-read series (``Agreements(audience="eenvoudig")``).
AGREEMENTS_EASY: dict[str, list[str]] = {
    "nl": [
        "Je hoeft niets over jezelf te vertellen.",
        "We praten over de mensen in het verhaal.",
        "We noemen geen namen van mensen die we kennen.",
        "We lachen niemand uit.",
        "Is het te veel? Dan mag je even de klas uit. Ga naar de plek die we hebben afgesproken. Iemand gaat met je mee.",
        "Vertel buiten de klas niet wie wat zei.",
        "Wil je iets over jezelf vertellen? Doe dat na de les, bij iemand die je vertrouwt.",
        "Vertel je dat iemand jou pijn doet, bang maakt of dwingt? Of is iemand anders niet veilig? Dan vraagt de docent hulp. De docent vertelt jou eerst wat er gaat gebeuren, als dat kan.",
        "Is het thuis niet veilig? Zeg dat dan. Is praten met je ouders gevaarlijk voor jou? Dan doet de school dat niet.",
    ],
    "en": [
        "You do not have to tell anything about yourself.",
        "We talk about the people in the story.",
        "We do not name people we know.",
        "We do not laugh at anyone.",
        "Is it too much? Then you may leave the room for a while. Go to the place we agreed on. Someone goes with you.",
        "Outside the class, do not tell who said what.",
        "Do you want to tell something about yourself? Do it after the lesson, with someone you trust.",
        "Do you tell that someone hurts, scares or forces you? Or is someone else not safe? Then the teacher asks for help. The teacher tells you first what will happen.",
        "Is it not safe at home? Then say so. Then the school does not talk to your parents first.",
    ],
}

AGREEMENTS_PARENTS: dict[str, list[str]] = {
    "nl": [
        "U hoeft niets over uw eigen gezin te vertellen.",
        "We praten over ‘een kind’ of ‘een ouder’, niet over kinderen of gezinnen die we kennen.",
        "We noemen geen namen van leerlingen of van andere mensen die we kennen.",
        "We hebben respect voor elkaar, ook als we het oneens zijn.",
        "U mag altijd even de zaal uit als het te veel wordt.",
        "We vertellen buiten deze avond niet wie wat zei.",
        "Wilt u iets over uw eigen kind of gezin bespreken? Dat kan na afloop, apart. Is een kind niet veilig? Dan gaat de school helpen.",
    ],
    "en": [
        "You do not have to share anything about your own family.",
        "We talk about ‘a child’ or ‘a parent’, not about children or families we know.",
        "We do not name students or other people we know.",
        "We respect each other, also when we disagree.",
        "You may always step out of the room if it gets too much.",
        "We do not tell anyone outside this evening who said what.",
        "Would you like to talk about your own child or family? You can, afterwards and in private. Is a child not safe? Then the school will help.",
    ],
}

#: Strings that differ for a lesson's readers (:func:`variant_for`): a parents' evening is
#: addressed with "u" and speaks of parents and the group, never of students and the class; the
#: easy-read series uses A2 words. A key missing here falls back to :data:`STRINGS`.
