"""Demo content: real wijken of Groningen's renewal programmes, each with a round in a phase.

Dates are relative to today, so the demo always shows a round in every phase. Later features
add their own demo content from :func:`load`. Everything goes through the same services the
web pages use.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives import demo as initiatives_demo
from wijkbudget.initiatives.services import DEFAULT_THEMES, set_themes
from wijkbudget.paper import demo as paper_demo
from wijkbudget.profiles import demo as profiles_demo
from wijkbudget.projects import demo as projects_demo
from wijkbudget.results import demo as results_demo
from wijkbudget.voting import demo as voting_demo
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import Phase, PhaseDates

DEMO_DOMAIN = "demo.wijkbudget.nl"


@dataclass(frozen=True)
class DemoWijk:
    name: str
    slug: str
    postcodes: tuple[str, ...]
    description: str
    phase: Phase | None  # None: no round yet


WIJKEN = (
    DemoWijk(
        "Beijum",
        "beijum",
        ("9733", "9734", "9735", "9736"),
        "Beijum ligt in het noordoosten van Groningen. Met het programma Beijum Bruist werken "
        "bewoners, de gemeente en organisaties samen aan een wijk waar iedereen mee kan doen. "
        "Bewoners beslissen elk jaar zelf over 25.000 euro: het wijkbudget.",
        Phase.VOTING,
    ),
    DemoWijk(
        "De Wijert",
        "de-wijert",
        ("9721", "9722"),
        "De Wijert ligt in het zuiden van Groningen. Het programma Wijkvernieuwing De Wijert "
        "werkt aan vijf thema's: wonen, werken, leren, veilig zijn en meedoen. Bewoners "
        "beslissen zelf over een wijkbudget van 25.000 euro per jaar.",
        Phase.SUBMISSION,
    ),
    DemoWijk(
        "Selwerd",
        "selwerd",
        ("9741",),
        "Selwerd ligt in het noorden van Groningen en is een van de wijken van de "
        "wijkvernieuwing. De werkgroep bekijkt nu de ideeën van bewoners.",
        Phase.REVIEW,
    ),
    DemoWijk(
        "Lewenborg",
        "lewenborg",
        ("9732",),
        "Lewenborg ligt in het oosten van Groningen. Het stemmen is klaar; de stemmen worden "
        "nu geteld.",
        Phase.COUNTING,
    ),
    DemoWijk(
        "Vinkhuizen",
        "vinkhuizen",
        ("9743",),
        "Vinkhuizen ligt in het westen van Groningen. De ronde van dit jaar begint binnenkort.",
        Phase.PREPARATION,
    ),
    DemoWijk(
        "De Hoogte",
        "de-hoogte",
        ("9715",),
        "De Hoogte ligt in het noorden van Groningen, vlak bij de binnenstad. Hier is nog geen "
        "ronde van het wijkbudget.",
        None,
    ),
    DemoWijk(
        "Indische Buurt",
        "indische-buurt",
        ("9716",),
        "De Indische Buurt ligt in het noorden van Groningen. Hier is nog geen ronde van het "
        "wijkbudget.",
        None,
    ),
)

ROLE_USERS = (
    ("admin", "Anna Admin", Role.ADMIN, None),
    ("gemeente", "Gerrit Gemeente", Role.GEMEENTE, None),
    ("wijkondersteuner", "Wendy Wijkondersteuner", Role.WIJKONDERSTEUNER, "beijum"),
    ("werkgroep", "Willem Werkgroep", Role.WERKGROEP, "beijum"),
    ("werkgroep2", "Wilma Werkgroep", Role.WERKGROEP, "beijum"),
    ("stembureau", "Sanne Stembureau", Role.STEMBUREAU, "beijum"),
    ("stembureau2", "Sem Stembureau", Role.STEMBUREAU, "beijum"),
    ("bewoner", "Bea Bewoner", Role.RESIDENT, None),
)


def dates_for(phase: Phase, today: date) -> PhaseDates:
    """Phase dates that put a round in ``phase`` on ``today``, in a realistic rhythm."""
    offsets = {  # days from today to: submission, review, voting start, voting end, results
        Phase.PREPARATION: (20, 62, 90, 104, 118),
        Phase.SUBMISSION: (-14, 28, 56, 70, 84),
        Phase.REVIEW: (-50, -8, 20, 34, 48),
        Phase.VOTING: (-70, -28, -4, 10, 24),
        Phase.COUNTING: (-90, -48, -20, -2, 12),
        Phase.RESULTS: (-300, -258, -230, -216, -202),
    }[phase]
    days = [today + timedelta(days=offset) for offset in offsets]
    return PhaseDates(*days)


def is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Wijk)) == 0


def load(today: date) -> dict[str, str]:
    """Fill an empty database; returns the demo logins (e-mail → generated password)."""
    wijken: dict[str, Wijk] = {}
    for demo in WIJKEN:
        wijk = wijk_services.create_wijk(
            None,
            name=demo.name,
            slug=demo.slug,
            postcodes=list(demo.postcodes),
            description=demo.description,
        )
        wijken[demo.slug] = wijk
        set_themes(None, wijk.id, list(DEFAULT_THEMES))
        if demo.phase is None:
            continue
        year = today.year
        wijk_services.create_round(
            None,
            wijk,
            wijk_services.RoundData(
                year=year,
                title=f"Wijkbudget {demo.name} {year}",
                budget_cents=2_500_000,
                dates=dates_for(demo.phase, today),
            ),
        )
    # Beijum also shows last year's finished round.
    wijk_services.create_round(
        None,
        wijken["beijum"],
        wijk_services.RoundData(
            year=today.year - 1,
            title=f"Wijkbudget Beijum {today.year - 1}",
            budget_cents=2_500_000,
            dates=dates_for(Phase.RESULTS, today - timedelta(days=120)),
        ),
    )

    logins: dict[str, str] = {}
    people: dict[str, User] = {}
    for local, name, role, wijk_slug in ROLE_USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        password = secrets.token_urlsafe(9)
        user = auth_services.create_user(email, name, password, locale="nl", confirmed_at=utcnow())
        if role is not Role.RESIDENT:
            role_wijk = wijken[wijk_slug] if wijk_slug else None
            auth_services.assign_role(None, user, role, role_wijk, "demo")
        logins[email] = password
        people[local] = user
    initiatives_demo.load(wijken, people, today)
    logins |= projects_demo.load_demo(wijken, today)
    profiles_demo.load_demo(wijken, today)
    voting_demo.load_demo(wijken, today)
    paper_demo.load_demo(wijken, today)
    results_demo.load_demo(wijken, today)
    return logins


def demo_users() -> list[User]:
    query = sa.select(User).where(User.email.like(f"%@{DEMO_DOMAIN}")).order_by(User.id)
    return list(db.session.scalars(query))
