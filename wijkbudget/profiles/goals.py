"""What the wijkvernieuwing aims for, per theme, in plain Dutch (B1) and English.

Source: gemeente Groningen, "Uitvoeringsprogramma 2025-2026 Wijkvernieuwing De Wijert",
chapter "Doelen per thema" (the same goals hold for every wijk of the wijkvernieuwing), and
the five-year targets that document sets for De Wijert itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkbudget.projects.models import ProgrammeLine

SOURCE = "Gemeente Groningen, Uitvoeringsprogramma 2025-2026 Wijkvernieuwing De Wijert"


@dataclass(frozen=True)
class Goal:
    nl: str
    en: str


THEME_GOALS: dict[ProgrammeLine, tuple[Goal, ...]] = {
    ProgrammeLine.WONEN: (
        Goal(
            "Meer mensen hebben een huis dat bij hen past en dat ze kunnen betalen.",
            "More people have a home that suits them and that they can afford.",
        ),
        Goal(
            "De huizen worden beter: meer huizen zijn zuinig met energie.",
            "Homes get better: more homes use little energy.",
        ),
        Goal(
            "De straten, het groen en de voorzieningen passen beter bij wat bewoners willen.",
            "Streets, green spaces and services fit better with what residents want.",
        ),
    ),
    ProgrammeLine.WERKEN: (
        Goal("Meer mensen hebben betaald werk.", "More people have a paid job."),
        Goal(
            "Meer mensen hebben een eigen inkomen dat genoeg is en zeker is.",
            "More people have their own income that is enough and stable.",
        ),
        Goal(
            "Minder mensen hebben schulden waar ze zelf niet meer uitkomen.",
            "Fewer people have debts they cannot solve themselves.",
        ),
    ),
    ProgrammeLine.LEREN: (
        Goal(
            "Minder kinderen en jongeren lopen achter met leren of met hun ontwikkeling.",
            "Fewer children and young people fall behind in learning or development.",
        ),
        Goal(
            "Meer kinderen en jongeren leren op een manier die bij hen past.",
            "More children and young people learn in a way that suits them.",
        ),
        Goal(
            "Meer jongeren halen een diploma dat past en vinden werk.",
            "More young people get a suitable diploma and find work.",
        ),
    ),
    ProgrammeLine.VEILIG: (
        Goal("Meer bewoners voelen zich veilig.", "More residents feel safe."),
        Goal(
            "Er is minder overlast en minder criminaliteit.",
            "There is less nuisance and less crime.",
        ),
        Goal(
            "Bewoners die kwetsbaar zijn, worden beschermd en weerbaarder.",
            "Vulnerable residents are protected and get stronger.",
        ),
    ),
    ProgrammeLine.MEEDOEN: (
        Goal(
            "Meer mensen hebben grip op hun eigen leven en weten hulp te vinden als dat nodig is.",
            "More people are in control of their own life and find help when they need it.",
        ),
        Goal(
            "Meer mensen hebben mensen om zich heen bij wie ze terecht kunnen.",
            "More people have people around them they can turn to.",
        ),
        Goal(
            "Meer mensen voelen zich thuis in hun buurt en denken mee over de buurt.",
            "More people feel at home in their neighbourhood and help shape it.",
        ),
        Goal(
            "Meer mensen vertrouwen de gemeente en andere organisaties en voelen zich gehoord.",
            "More people trust the gemeente and other organisations, and feel heard.",
        ),
    ),
}

# Targets the programme sets for one wijk, for the next five years.
WIJK_TARGETS: dict[str, dict[ProgrammeLine, tuple[Goal, ...]]] = {
    "de-wijert": {
        ProgrammeLine.WONEN: (
            Goal(
                "Over vijf jaar zijn er half zoveel huizen met een laag energielabel "
                "(D tot en met G).",
                "In five years, half as many homes have a low energy label (D to G).",
            ),
            Goal(
                "Over vijf jaar is hoogstens 40 van de 100 huizen een sociale huurwoning.",
                "In five years, at most 40 in 100 homes are social rented homes.",
            ),
        ),
        ProgrammeLine.WERKEN: (
            Goal(
                "De werkloosheid daalt in vijf jaar van 13% naar hoogstens 10%.",
                "Unemployment goes down from 13% to at most 10% in five years.",
            ),
        ),
        ProgrammeLine.LEREN: (
            Goal(
                "In vijf jaar hebben 10% minder kinderen kans op een leerachterstand.",
                "In five years, 10% fewer children are at risk of falling behind at school.",
            ),
        ),
        ProgrammeLine.VEILIG: (
            Goal(
                "Minstens 90 van de 100 bewoners vinden dat buren fijn met elkaar omgaan.",
                "At least 90 in 100 residents find that neighbours get on well together.",
            ),
            Goal(
                "Drugsoverlast, rommel op straat en bekladdingen nemen minstens 10% af.",
                "Drug nuisance, litter and graffiti go down by at least 10%.",
            ),
        ),
        ProgrammeLine.MEEDOEN: (
            Goal(
                "Minstens 20 van de 100 bewoners doen actief mee in hun buurt.",
                "At least 20 in 100 residents take an active part in their neighbourhood.",
            ),
        ),
    },
}
