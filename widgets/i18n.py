"""UI strings of the widgets: Dutch by default, English available (``set_language("en")``)."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "correct": "Goed",
        "incorrect": "Niet goed",
        "partly": "Bijna",
        "check": "Controleer",
        "retry": "Opnieuw",
        "score": "Jouw score: {score} van {total}",
        "score_private": "Deze score zie alleen jij. Hij wordt nergens bewaard.",
        "explanation": "Uitleg",
        "question": "Vraag {n}",
        "answer": "Antwoord",
        "pick_one": "Kies één antwoord.",
        "pick_many": "Kies alle antwoorden die kloppen.",
        "true": "Waar",
        "false": "Niet waar",
        "help_title": "Hulp nodig? Hier kun je terecht",
        "help_intro": "Je mag altijd hulp vragen, voor jezelf of voor iemand anders. Praten met een volwassene die je vertrouwt, zoals je mentor, helpt ook.",
        "anonymous": "anoniem",
        "phone": "Bel",
        "web": "Website",
        "topic_all": "Alles",
        "topic_acuut": "Acuut gevaar",
        "topic_seksuele-uitbuiting": "Seksuele uitbuiting",
        "topic_online": "Online",
        "topic_criminele-uitbuiting": "Criminele uitbuiting",
        "topic_iemand-anders-helpen": "Iemand anders helpen",
        "topic_docenten": "Voor docenten",
        "topic_ouders": "Voor ouders",
        "filter": "Onderwerp",
        "duration": "Duur: {minutes} minuten",
        "goals": "Leerdoelen",
        "goals_intro": "Aan het einde van deze les:",
        "plan": "Lesplan",
        "minutes": "min.",
        "sources": "Bronnen",
        "terms": "Begrippen",
        "agreements_title": "Onze afspraken",
        "reflection_private": "Wat je hier schrijft, blijft in jouw eigen notebook. Het wordt nergens opgeslagen of verstuurd.",
        "reflection_placeholder": "Schrijf hier je antwoord…",
        "characters": "{n} tekens",
        "error_title": "Deze opdracht kan niet worden geladen",
        "error_intro": "Er klopt iets niet in het bestand met de inhoud. Vraag je docent om hulp.",
        "teacher_only": "Alleen voor de docent",
        "your_answer": "Jouw antwoord",
    },
    "en": {
        "correct": "Correct",
        "incorrect": "Not correct",
        "partly": "Almost",
        "check": "Check",
        "retry": "Try again",
        "score": "Your score: {score} out of {total}",
        "score_private": "Only you can see this score. It is not stored anywhere.",
        "explanation": "Explanation",
        "question": "Question {n}",
        "answer": "Answer",
        "pick_one": "Choose one answer.",
        "pick_many": "Choose all answers that are right.",
        "true": "True",
        "false": "False",
        "help_title": "Need help? You can go here",
        "help_intro": "You can always ask for help, for yourself or for someone else. Talking to an adult you trust, like your mentor, helps too.",
        "anonymous": "anonymous",
        "phone": "Call",
        "web": "Website",
        "topic_all": "All",
        "topic_acuut": "Immediate danger",
        "topic_seksuele-uitbuiting": "Sexual exploitation",
        "topic_online": "Online",
        "topic_criminele-uitbuiting": "Criminal exploitation",
        "topic_iemand-anders-helpen": "Helping someone else",
        "topic_docenten": "For teachers",
        "topic_ouders": "For parents",
        "filter": "Topic",
        "duration": "Duration: {minutes} minutes",
        "goals": "Learning goals",
        "goals_intro": "By the end of this lesson:",
        "plan": "Lesson plan",
        "minutes": "min.",
        "sources": "Sources",
        "terms": "Key terms",
        "agreements_title": "Our agreements",
        "reflection_private": "What you write here stays in your own notebook. It is not saved or sent anywhere.",
        "reflection_placeholder": "Write your answer here…",
        "characters": "{n} characters",
        "error_title": "This activity cannot be loaded",
        "error_intro": "Something is wrong in the content file. Ask your teacher for help.",
        "teacher_only": "Teacher only",
        "your_answer": "Your answer",
    },
}

AGREEMENTS: dict[str, list[str]] = {
    "nl": [
        "Niemand hoeft iets over zichzelf te vertellen.",
        "We praten over ‘iemand’ of over de personen in het verhaal, niet over klasgenoten.",
        "We noemen geen namen van mensen die we kennen.",
        "We hebben respect voor elkaar, ook als je het oneens bent.",
        "Je mag even rustig de klas uit als het te veel wordt. Zeg het je docent later.",
        "Wat hier gezegd wordt, blijft hier. Behalve als iemand niet veilig is: dan helpt de docent.",
    ],
    "en": [
        "Nobody has to share anything about themselves.",
        "We talk about ‘someone’ or the people in the story, not about classmates.",
        "We do not name people we know.",
        "We respect each other, also when we disagree.",
        "You may quietly step out if it gets too much. Tell your teacher later.",
        "What is said here stays here. Except when someone is not safe: then the teacher helps.",
    ],
}

_language = "nl"


def set_language(lang: str) -> None:
    """Switch the widgets' UI language ("nl" or "en") for widgets created afterwards."""
    global _language
    if lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}; use one of {sorted(STRINGS)}")
    _language = lang


def get_language() -> str:
    return _language


def t(key: str, lang: str | None = None, **kw: object) -> str:
    """Translate ``key`` into the current (or given) language, formatting ``kw`` in."""
    table = STRINGS[lang or _language]
    text = table.get(key) or STRINGS["nl"][key]
    return text.format(**kw) if kw else text
