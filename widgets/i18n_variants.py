"""UI strings of the widgets for other readers than the main series' students: a parents'
evening ("ouders", addressed with "u") and the easy-read series ("eenvoudig", A2). A key here
wins over :data:`widgets.i18n.STRINGS` for that reader (:func:`widgets.i18n.t`)."""
from __future__ import annotations

VARIANTS: dict[str, dict[str, dict[str, str]]] = {
    "nl": {
        "ouders": {
            "no_right_answer": "Hier is geen goed of fout antwoord. Het gaat om wat u denkt.",
            "norm_label": "Bij deze stelling is er wel een goed antwoord. Eerst zegt u wat u denkt. Daarna hoort u wat de wet of de hulpverlening zegt.",
            "norm_print": "Hier is wel een goed antwoord. U hoort het na het gesprek.",
            "statements_vote_on_slip": "Kruis hier niets aan. U stemt op het stemstrookje, zonder naam. Niemand ziet wat u kiest.",
            "vote_anonymous": "Laat de groep anoniem stemmen met het stemstrookje: iedereen zet bij elke stelling één kruisje, zonder naam. Lees eerst alle stellingen voor en zeg bij elke stelling het nummer hardop: ouders kruisen alleen die nummers aan. Daarna vouwt iedereen het strookje dubbel en doet het in de envelop. Tel de strookjes terwijl de groep even in tweetallen praat. Niemand steekt een hand of kaart op, niemand doet de ogen dicht. Vraag daarna niet wie wat koos, maar waarom iemand eens of oneens zou kunnen kiezen.",
            "vote_cards_hint": "Vier strookjes per blad: print dit blad zo vaak als nodig, één strookje per ouder. Knip langs de stippellijnen. De gespreksleider telt. Niemand hoeft te zeggen wat hij of zij koos.",
            "vote_slip_instruction": "Schrijf geen naam. Zet alleen een kruisje bij het nummer dat de gespreksleider noemt. Vouw dubbel en doe het in de envelop.",
            "print_copies_strookjes": "één strookje per ouder",
            "cards_who_statements": "Eén set voor de gespreksleider. Alleen om voor te lezen, niet om op te hangen. Niet uitdelen aan groepjes: dan is de stem niet meer anoniem.",
            "print_slips_hint": "Eén strookje per ouder, vier per blad: print dit blad zo vaak als nodig (gewoon papier). Knip langs de stippellijnen.",
            "question_box_hint": "Vier strookjes per blad: print zo vaak als nodig, één strookje per ouder. Iedereen levert een strookje in, ook als het leeg is. Zo weet niemand wie iets vroeg.",
            "question_box_hint_large": "Strookjes in grote letters: print ze voor de hele groep, zodat alle strookjes even groot zijn. Knip langs de stippellijn. Iedereen levert een strookje in, ook als het leeg is.",
            "question_box_instruction": "Uw naam hoeft er niet op. Schrijf een vraag op die u niet hardop wilt stellen, of laat het strookje leeg. De gespreksleider leest nooit iets voor waaraan iemand te herkennen is. Vouw dubbel en lever in.",
            "question_box_name": "Wilt u dat iemand van school met u praat? Schrijf dan uw naam hier:",
            "question_box_worry": "Schrijft u dat een kind niet veilig is? Dan zoekt de school hulp. Staat uw naam erop, dan hoort u eerst wat er gaat gebeuren.",
            "goals_intro": "Aan het einde van deze avond:",
            "prompts_lines_hint": "Schrijf alleen iets op als u dat wilt. Een paar woorden is genoeg.",
            "share": "Delen met de groep",
            "reflection_class": "Denk eerst zelf na. U hoeft uw antwoord niet te delen met de groep.",
            "help_title": "Hulp of advies nodig? Hier kunt u terecht",
            "help_intro": "U mag altijd advies of hulp vragen, over uw eigen kind of over een ander kind. Op school kunt u terecht bij de mentor van uw kind, de vertrouwenspersoon of de zorgcoördinator. Bij acuut gevaar: bel 112.",
            "school_intro": "Op {school} kunt u bij deze mensen terecht met een zorg, ook als het om iets kleins gaat.",
            "school_missing": "De mentor van uw kind vertelt u bij wie u op school terechtkunt, waar en wanneer.",
            "school_fill_hint": "De gespreksleider noemt de namen. Schrijf ze hier op als u dat wilt.",
            "school_fill_who": "Op school kunt u terecht bij:",
            "school_missing_teacher": "Voor de gespreksleider: er is nog geen schoolprofiel. Ouders zien hier op papier een blok om zelf in te vullen. Noem op de avond hardop de namen van de mentor, de vertrouwenspersoon en de zorgcoördinator, en waar en wanneer ouders hen kunnen bereiken. Laat de aandachtsfunctionaris of zorgcoördinator het bestand {file} invullen (voorbeeld: {example}); de uitleg bij het project beschrijft dat onder 'Hulp op school'.",
        },
        "eenvoudig": {
            "selfcheck_niet": "Nee",
            "selfcheck_beetje": "Een beetje",
            "selfcheck_grotendeels": "Bijna",
            "selfcheck_helemaal": "Ja",
            "prompts_lines_hint": "Je mag kort opschrijven wat je zegt. Dat hoeft niet. Zeggen is genoeg.",
            "school_missing_teacher": "Voor de docent: er is nog geen schoolprofiel. Leerlingen zien hier op papier een blok om zelf in te vullen. Voor de les: schrijf de naam, de plek en de tijden van de mentor en van de vertrouwenspersoon op het bord; leerlingen schrijven ze op de hulpkaart. Laat de aandachtsfunctionaris of zorgcoördinator het bestand {file} invullen (voorbeeld: {example}); de uitleg bij het project beschrijft dat onder 'Hulp op school'.",
            "question_box_instruction": "Je naam hoeft er niet op. Heb je een vraag? Schrijf hem op. Je mag het strookje ook leeg laten. De docent zegt nooit wie iets schreef. Vouw het strookje dubbel. Lever het in.",
            "question_box_name": "Wil je praten? Schrijf dan hier je naam:",
            "question_box_worry": "Schrijf je dat iemand jou pijn doet, bang maakt of dwingt? Of dat iemand anders niet veilig is? Dan zoekt de docent hulp. Staat je naam erop? Dan hoor je eerst wat er gaat gebeuren, als dat kan.",
            "sort_item": "Wat gebeurt er?",
            "teacher_picks": "Hier kiezen jullie niet. Het verhaal gaat zo verder. Dit kan iedereen gebeuren. Het is nooit de schuld van {name}. Lees verder:",
            "reflection_slip_instruction": "Dit plan is alleen voor jou. Schrijf er geen naam op. Je hoeft het niet in te leveren. Bewaar het op een plek waar niemand anders kijkt. Of leer het uit je hoofd. Of vraag je mentor om het voor jou te bewaren.",
        },
    },
    "en": {
        "ouders": {
            "norm_print": "This one does have a right answer. You will hear it after the discussion.",
            "print_copies_strookjes": "one slip per parent",
            "share": "Share with the group",
            "goals_intro": "At the end of this evening:",
            "school_missing_teacher": "For the discussion leader: there is no school profile yet. On paper parents see a block to fill in. Say the names of the mentor, the confidential adviser and the care coordinator out loud, and where and when parents can reach them. Have the safeguarding lead fill in the file {file} (example: {example}); the README explains it under 'Hulp op school'.",
        },
        "eenvoudig": {"selfcheck_niet": "No", "selfcheck_beetje": "A little",
                      "selfcheck_grotendeels": "Almost", "selfcheck_helemaal": "Yes"},
    },
}
