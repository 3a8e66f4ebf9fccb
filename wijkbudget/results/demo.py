"""Demo results: Lewenborg's vote has closed and waits for the count; Beijum shows last year.

Everything goes through the real services on the day it would have happened (ideas sent in
during submission, checked by the werkgroep, votes cast while voting ran), so the audit log and
the counts tell a true story.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives import demo as initiatives_demo
from wijkbudget.initiatives import services as initiatives
from wijkbudget.results import services
from wijkbudget.review import services as review
from wijkbudget.review.models import Outcome as Decision
from wijkbudget.review.models import Verdict
from wijkbudget.voting import casting, importer
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import BallotType, Channel
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import DUTCH_TIME, Phase

DOMAIN = "demo.wijkbudget.nl"

# title, summary, theme, cost in euros, how popular (relative)
LEWENBORG_IDEAS = (
    ("Jeu-de-boulesbaan bij het winkelcentrum", "Een baan om samen te spelen.", "Meedoen", 9000, 5),
    (
        "Bloembakken in de Zuiderkruisstraat",
        "Kleur in de straat, onderhouden door buren.",
        "Wonen",
        7500,
        4,
    ),
    ("Huiswerkklas in De Wiekslag", "Twee middagen per week hulp bij huiswerk.", "Leren", 6000, 3),
    ("Buurtbarbecue in de zomer", "Een dag samen eten op het grasveld.", "Meedoen", 5000, 6),
    ("Beweegtuin voor ouderen", "Toestellen om buiten te bewegen.", "Veilig zijn", 4000, 2),
    ("Repaircafé", "Elke maand samen spullen repareren.", "Werken", 3500, 2),
)
BEIJUM_LAST_YEAR = (
    ("Speelplek Beijum-West opknappen", "Nieuwe schommels en een zandbak.", "Wonen", 9500, 6),
    ("Buurtbus voor ouderen", "Eén keer per week samen naar de markt.", "Meedoen", 8000, 4),
    ("Wijkfeest Beijum Bruist", "Een dag muziek en eten voor de hele wijk.", "Meedoen", 6500, 5),
    ("Vogelhuisjes met de school", "Kinderen bouwen vogelhuisjes voor de wijk.", "Leren", 1500, 3),
    (
        "Verlichting bij het fietspad",
        "Lampen langs het donkere stuk fietspad.",
        "Veilig zijn",
        7000,
        3,
    ),
)


def _user(local: str) -> User | None:
    return auth_services.find_user(f"{local}@{DOMAIN}")


def _helpers_for(wijk: Wijk) -> tuple[User, list[User]]:
    """A wijkondersteuner and two werkgroep members for a wijk that has none in the demo.

    They get a random password nobody knows: they only exist so that the ideas went through
    the same check as everywhere else.
    """
    made = []
    for local, name, role in (
        (f"wijkondersteuner-{wijk.slug}", f"Wijkondersteuner {wijk.name}", Role.WIJKONDERSTEUNER),
        (f"werkgroep-{wijk.slug}", f"Werkgroep {wijk.name} 1", Role.WERKGROEP),
        (f"werkgroep2-{wijk.slug}", f"Werkgroep {wijk.name} 2", Role.WERKGROEP),
    ):
        user = auth_services.create_user(
            f"{local}@{DOMAIN}", name, secrets.token_urlsafe(24), locale="nl", confirmed_at=utcnow()
        )
        auth_services.assign_role(None, user, role, wijk, "demo")
        made.append(user)
    return made[0], made[1:]


def _admit(
    round_: Round,
    ideas: tuple[tuple[str, str, str, int, int], ...],
    author: User,
    moderator: User,
    reviewers: list[User],
) -> dict[int, int]:
    """Send in, publish and admit each idea on its day; returns initiative id -> popularity."""
    day = round_.submission_start + timedelta(days=3)
    review_day = round_.review_start + timedelta(days=2)
    if not review.current_criteria(round_):
        criteria = [review.CriterionData(*c) for c in initiatives_demo.CRITERIA]
        review.set_criteria(None, round_, criteria, day)
    themes = {theme.name: theme.id for theme in initiatives.themes_for(round_)}
    popularity: dict[int, int] = {}
    for title, summary, theme, euros, popular in ideas:
        data = initiatives.InitiativeData(
            title=title,
            summary=summary,
            description=f"{summary}\n\nWe doen dit samen met buren. Iedereen is welkom.",
            initiator_name=author.name,
            initiator_contact=author.email,
            theme_id=themes.get(theme),
            cost_lines=[("Alles bij elkaar", euros * 100)],
            consent_to_publish=True,
        )
        initiative = initiatives.save_draft(author, round_, data, day)
        initiatives.submit(author, initiative, data, day)
        initiatives.publish(moderator, initiative, day)
        verdicts = {
            c.id: review.VerdictData(Verdict.MEETS) for c in review.current_criteria(round_)
        }
        for reviewer in reviewers:
            review.submit_review(reviewer, initiative, verdicts, review_day)
        review.decide(reviewers[0], initiative, Decision.ADMITTED, verdicts, review_day)
        popularity[initiative.id] = popular
    return popularity


def _vote(
    round_: Round,
    setup: voting.SetupData,
    popularity: dict[int, int],
    voters: int,
    paper: int,
    seed: int,
) -> None:
    """Open the vote on its second day and cast ``voters`` ballots, ``paper`` of them on paper."""
    voting.save_setup(None, round_, setup)
    rng = random.Random(seed)  # the same demo every time
    lines = ["postcode;huisnummer;toevoeging;stemgerechtigden"]
    area = (round_.wijk.postcodes[0].postcode if round_.wijk.postcodes else "9999") + "AB"
    for number in range(1, voters // 2 + 11):
        lines.append(f"{area};{number};;2")
    importer.import_addresses(None, round_, "\n".join(lines))
    now = datetime.combine(round_.voting_start + timedelta(days=1), time(12), DUTCH_TIME)
    voting.open_voting(None, round_, now)
    letters = voting.issue_codes(None, round_)
    rules = voting.rules_of(voting.setup_of(round_))  # type: ignore[arg-type]
    ids = list(popularity)
    weights = [popularity[i] for i in ids]
    for number, letter in enumerate(letters[:voters]):
        chosen: dict[int, int] = {}
        for _ in range(6):
            item = rng.choices(ids, weights)[0]
            spent = sum(rules.costs[i] for i in chosen)
            if item not in chosen and spent + rules.costs[item] <= rules.budget_cents:
                chosen[item] = 1
            if len(chosen) >= min(3, setup.max_choices):
                break
        channel = Channel.PAPER if number < paper else Channel.ONLINE
        casting.cast(letter.code, chosen, channel, now)


def _round_in(wijk: Wijk, phase: Phase, today: date) -> Round | None:
    return next((r for r in wijk.rounds if r.phase_on(today) is phase), None)


def load_demo(wijken: dict[str, Wijk], today: date) -> None:
    """Lewenborg: counting phase, votes cast, not counted. Beijum: last year counted, published."""
    author = _user("bewoner")
    if author is None:
        return
    db.session.flush()
    lewenborg = wijken.get("lewenborg")
    if lewenborg is not None:
        db.session.refresh(lewenborg)
        round_ = _round_in(lewenborg, Phase.COUNTING, today)
        if round_ is not None and voting.setup_of(round_) is None:
            moderator, reviewers = _helpers_for(lewenborg)
            popularity = _admit(round_, LEWENBORG_IDEAS, author, moderator, reviewers)
            setup = voting.SetupData(
                ballot_type=BallotType.APPROVAL, counting_rule="equalshares", max_choices=3
            )
            _vote(round_, setup, popularity, voters=48, paper=6, seed=2027)
    beijum = wijken.get("beijum")
    helper, werkgroep = _user("wijkondersteuner"), [_user("werkgroep"), _user("werkgroep2")]
    if beijum is None or helper is None or None in werkgroep:
        return
    db.session.refresh(beijum)
    last_year = next((r for r in beijum.rounds if r.year == today.year - 1), None)
    if last_year is None or voting.setup_of(last_year) is not None:
        return
    reviewers = [user for user in werkgroep if user is not None]
    popularity = _admit(last_year, BEIJUM_LAST_YEAR, author, helper, reviewers)
    setup = voting.SetupData(ballot_type=BallotType.KNAPSACK, counting_rule="greedy")
    _vote(last_year, setup, popularity, voters=60, paper=8, seed=2025)
    counted = datetime.combine(last_year.voting_end + timedelta(days=2), time(10), DUTCH_TIME)
    services.count_round(None, last_year, counted)
    published = datetime.combine(last_year.results_date, time(10), DUTCH_TIME)
    services.publish(None, last_year, published)
