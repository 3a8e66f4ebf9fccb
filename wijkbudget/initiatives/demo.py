"""Demo initiatives and criteria: Beijum's round holds an initiative in every state.

Each one goes through the real services on the day it would have happened (submitted during
submission, reviewed during the werkgroep's check), so the audit log tells a true story.
"""

from __future__ import annotations

from datetime import date, timedelta

from wijkbudget.auth.models import User
from wijkbudget.initiatives import services
from wijkbudget.initiatives.models import Initiative
from wijkbudget.review import services as review
from wijkbudget.review.models import Outcome, Strength, Verdict
from wijkbudget.wijken.models import Round, Wijk

CRITERIA = (
    ("Het idee is goed voor de wijk en voor de mensen die er wonen.", "", Strength.MUST),
    ("Bewoners doen zelf mee: het idee is van en voor bewoners.", "", Strength.MUST),
    ("Iedereen mag meedoen: het idee sluit niemand buiten.", "", Strength.MUST),
    ("Het idee past binnen het budget en de kosten zijn duidelijk.", "", Strength.MUST),
    ("Het idee kan echt gebeuren, binnen ongeveer een jaar.", "", Strength.SHOULD),
    (
        "Het idee is niet bedoeld om geld te verdienen.",
        "Niet voor één persoon of bedrijf.",
        Strength.MUST,
    ),
    ("De gemeente of een andere organisatie betaalt dit nog niet.", "", Strength.SHOULD),
)

# title, summary, theme, cost lines (item, euros), final state
IDEAS = (
    (
        "Picknicktafels bij de vijver",
        "Drie picknicktafels aan de vijver, zodat buren samen buiten kunnen eten.",
        "Meedoen",
        [("3 picknicktafels", 2400), ("Plaatsen en verankeren", 800)],
        "admitted",
    ),
    (
        "Buurtmoestuin Beijum-Oost",
        "Een moestuin waar buren samen groente kweken en oogsten.",
        "Meedoen",
        [("Bakken en aarde", 2600), ("Gereedschap en zaden", 1200), ("Waterton", 1000)],
        "admitted",
    ),
    (
        "Kookcafé voor ouderen",
        "Elke maand samen koken en eten in het buurthuis, tegen eenzaamheid.",
        "Meedoen",
        [("Boodschappen voor 10 keer", 2000), ("Kookgerei", 500)],
        "admitted",
    ),
    (
        "Voetbalkooi opknappen",
        "De voetbalkooi bij de school krijgt nieuwe netten en doelen.",
        "Veilig zijn",
        [("Nieuwe netten", 3500), ("Doelen", 2500)],
        "admitted",
    ),
    (
        "Zomerfeest op het plein",
        "Een feest voor de hele wijk, met muziek, spelletjes en eten van buren.",
        "Meedoen",
        [
            ("Podium en geluid", 2500),
            ("Spelletjes en springkussen", 1800),
            ("Vergunning en opruimen", 1200),
        ],
        "admitted",
    ),
    (
        "Taalcafé in het buurthuis",
        "Elke week Nederlands oefenen met vrijwilligers, met koffie en thee.",
        "Leren",
        [("Lesmateriaal", 900), ("Koffie en thee voor een jaar", 900)],
        "admitted",
    ),
    (
        "Jongerenpodium",
        "Jongeren maken muziek en theater op een eigen podium in de wijk.",
        "Leren",
        [("Licht en geluid", 3000), ("Workshops", 1200)],
        "admitted",
    ),
    (
        "Bankjes langs het wandelpad",
        "Vijf bankjes langs het pad naar Kardinge, om even uit te rusten.",
        "Wonen",
        [("5 bankjes", 3300), ("Plaatsen", 600)],
        "admitted",
    ),
    (
        "Reclamezuil voor mijn winkel",
        "Een zuil met reclame voor mijn winkel bij de ingang van de wijk.",
        "Werken",
        [("Reclamezuil", 4500)],
        "not_admitted",
    ),
    ("Gratis geld!!!", "Klik hier voor gratis geld.", "Werken", [("Geld", 100)], "hidden"),
    (
        "Samen tuinieren in Oost",
        "Een tuin voor en door buren in Beijum-Oost.",
        "Meedoen",
        [("Plantenbakken", 2000)],
        "duplicate",
    ),
    (
        "Speeltoestel voor peuters",
        "Een klein speeltoestel voor de jongste kinderen.",
        "Wonen",
        [("Speeltoestel", 4000), ("Ondergrond", 1500)],
        "published",
    ),
    (
        "Fietsenmaker-dag",
        "Eén keer per maand gratis je fiets laten maken door buren.",
        "Werken",
        [("Onderdelen", 800), ("Gereedschap", 700)],
        "submitted",
    ),
    (
        "Muurschildering bij de tunnel",
        "Kunstenaars uit de wijk maken een vrolijke muurschildering.",
        "Wonen",
        [("Verf en materiaal", 1800)],
        "changes_requested",
    ),
    (
        "Wijkkrant op papier",
        "Vier keer per jaar een krant voor buren zonder internet.",
        "Meedoen",
        [("Drukken", 2200)],
        "draft",
    ),
)


def _criteria() -> list[review.CriterionData]:
    return [
        review.CriterionData(text, explanation, strength)
        for text, explanation, strength in CRITERIA
    ]


def _data(
    title: str, summary: str, theme_id: int, lines: list[tuple[str, int]], author: str
) -> services.InitiativeData:
    return services.InitiativeData(
        title=title,
        summary=summary,
        description=f"{summary}\n\nWe doen dit samen met buren uit Beijum. Iedereen is welkom.",
        initiator_name=author,
        initiator_contact="bewoner@demo.wijkbudget.nl",
        theme_id=theme_id,
        cost_lines=[(item, euros * 100) for item, euros in lines],
        consent_to_publish=True,
    )


def _verdicts(round_: Round, outcome: str) -> dict[int, review.VerdictData]:
    given = {}
    for criterion in review.current_criteria(round_):
        if outcome == "not_admitted" and "geld te verdienen" in criterion.text:
            given[criterion.id] = review.VerdictData(
                Verdict.DOES_NOT_MEET, "Dit is reclame voor één winkel."
            )
        else:
            given[criterion.id] = review.VerdictData(Verdict.MEETS)
    return given


def _beijum(round_: Round, people: dict[str, User]) -> None:
    day = round_.submission_start + timedelta(days=3)
    review_day = round_.review_start + timedelta(days=2)
    review.set_criteria(None, round_, _criteria(), day)
    themes = {t.name: t.id for t in services.themes_for(round_)}
    resident, moderator = people["bewoner"], people["wijkondersteuner"]
    reviewers = (people["werkgroep"], people["werkgroep2"])
    made: dict[str, Initiative] = {}
    for title, summary, theme, lines, state in IDEAS:
        data = _data(title, summary, themes[theme], lines, resident.name)
        initiative = services.save_draft(resident, round_, data, day)
        made[title] = initiative
        if state == "draft":
            continue
        services.submit(resident, initiative, data, day)
        if state == "submitted":
            continue
        if state == "changes_requested":
            services.request_changes(
                moderator,
                initiative,
                day,
                "Waar komt de muurschildering precies? "
                "Noem de plek en vraag toestemming aan de eigenaar van de muur.",
            )
            continue
        if state == "hidden":
            services.hide(moderator, initiative, day, "Dit is spam.")
            continue
        if state == "duplicate":
            services.mark_duplicate(
                moderator,
                initiative,
                made["Buurtmoestuin Beijum-Oost"],
                day,
                "Hetzelfde idee als de buurtmoestuin.",
            )
            continue
        services.publish(moderator, initiative, day)
        if state == "published":
            continue
        for reviewer in reviewers:
            review.submit_review(reviewer, initiative, _verdicts(round_, state), review_day)
        outcome = Outcome.ADMITTED if state == "admitted" else Outcome.NOT_ADMITTED
        review.decide(
            reviewers[0],
            initiative,
            outcome,
            _verdicts(round_, state),
            review_day,
            explanation=""
            if state == "admitted"
            else "Het wijkbudget is niet voor reclame of winst.",
        )


def load(wijken: dict[str, Wijk], people: dict[str, User], today: date) -> None:
    """Criteria for every running round; Beijum's current round gets the full set of ideas."""
    for wijk in wijken.values():
        for round_ in wijk.rounds:
            if round_.year == today.year and not review.current_criteria(round_):
                review.set_criteria(None, round_, _criteria(), min(today, round_.submission_start))
    beijum_now = max(wijken["beijum"].rounds, key=lambda r: r.year)
    _beijum(beijum_now, people)
