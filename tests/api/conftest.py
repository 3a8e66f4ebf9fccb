"""A small wijk like the demo's, and API tokens; results are counted and published for real."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from wijkbudget.api import tokens
from wijkbudget.auth.models import User
from wijkbudget.db import utcnow
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Status, Theme
from wijkbudget.results import services as results_services
from wijkbudget.review.models import (
    Criterion,
    CriterionVerdict,
    Decision,
    Outcome,
    Review,
    Verdict,
)
from wijkbudget.voting import casting
from wijkbudget.voting import services as voting_services
from wijkbudget.voting.models import BallotType, Channel, EligibleAddress
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import DUTCH_TIME, Phase, today_in_nl

ALL_SCOPES = tokens.SCOPES
# Voters per postcode area: 9735 is too small to show on its own.
VOTERS = {"9733AB": 12, "9734AB": 11, "9735AB": 2}


@dataclass
class World:
    beijum: Wijk
    wijert: Wijk
    voting: Round  # Beijum, this year, voting open, with votes
    earlier: Round  # Beijum, last year, its results date has passed
    wijert_round: Round
    by_status: dict[Status, Initiative] = field(default_factory=dict)
    criterion: Criterion | None = None

    @property
    def admitted(self) -> Initiative:
        return self.by_status[Status.ADMITTED]


def _initiative(round_: Round, status: Status, theme: Theme | None, number: int) -> Initiative:
    initiative = Initiative(
        round=round_,
        title=f"Idee {status.value}",
        summary=f"Samenvatting {number}",
        description="Lange beschrijving",
        initiator_name=f"Bewoner {number}",
        initiator_contact=f"bewoner{number}@example.org",
        group_name="Buurtgroep",
        status=status,
        amount_cents=100_000 * number,
        version=1,
        theme=theme,
    )
    db.session.add(initiative)
    return initiative


def build_world(
    make_wijk: Callable[..., Wijk], make_round: Callable[..., Round], werkgroep: User
) -> World:
    """Ids start at 1 in a fresh database: round 1 and initiative 1 are public (see openapi)."""
    today = today_in_nl()
    beijum = make_wijk("Beijum", postcodes=["9733", "9734", "9735"])
    wijert = make_wijk("De Wijert", postcodes=["9725"])
    voting = make_round(Phase.VOTING, wijk=beijum)
    earlier = make_round(Phase.RESULTS, wijk=beijum, year=today.year - 1)
    wijert_round = make_round(Phase.SUBMISSION, wijk=wijert)
    theme = Theme(wijk_id=beijum.id, name="Meedoen")
    db.session.add(theme)
    world = World(beijum, wijert, voting, earlier, wijert_round)
    order = [Status.ADMITTED, *(s for s in Status if s is not Status.ADMITTED)]
    for number, status in enumerate(order, start=1):
        world.by_status[status] = _initiative(voting, status, theme, number)
    _initiative(earlier, Status.ADMITTED, None, 1)
    db.session.flush()

    criterion = Criterion(round_id=voting.id, version=1, position=0, text="Het is voor de wijk")
    db.session.add(criterion)
    db.session.flush()
    world.criterion = criterion
    admitted = world.admitted
    db.session.add(
        Review(
            initiative_id=admitted.id,
            version=1,
            reviewer_id=werkgroep.id,
            verdicts=[CriterionVerdict(criterion_id=criterion.id, verdict=Verdict.MEETS)],
        )
    )
    db.session.add(
        Decision(
            initiative_id=admitted.id,
            version=1,
            outcome=Outcome.ADMITTED,
            explanation="Past bij de criteria.",
            decided_by_id=werkgroep.id,
            verdicts=[
                CriterionVerdict(
                    criterion_id=criterion.id, verdict=Verdict.MEETS, reason="Voor iedereen"
                )
            ],
        )
    )
    db.session.commit()

    # Voting: addresses in three postcode areas, everyone votes.
    voting_services.save_setup(
        None, voting, voting_services.SetupData(ballot_type=BallotType.APPROVAL)
    )
    number = 0
    for postcode, voters in VOTERS.items():
        for _ in range(voters):
            number += 1
            db.session.add(
                EligibleAddress(
                    round_id=voting.id, postcode=postcode, house_number=number, residents=1
                )
            )
    noon = datetime.combine(today, time(12), DUTCH_TIME)
    voting_services.open_voting(None, voting, noon)
    letters = voting_services.issue_codes(None, voting)
    db.session.commit()
    for letter in letters:
        casting.cast(letter.code, {admitted.id: 1}, Channel.ONLINE, noon)
    db.session.commit()
    return world


@pytest.fixture
def werkgroep(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.fixture
def world(
    make_wijk: Callable[..., Wijk], make_round: Callable[..., Round], werkgroep: User
) -> World:
    return build_world(make_wijk, make_round, werkgroep)


@pytest.fixture
def make_token(app: object) -> Callable[..., str]:
    """A new token's secret, with ``scopes`` (default: all)."""

    def make(
        scopes: Iterable[str] = ALL_SCOPES,
        expires_at: datetime | None = None,
        name: str = "Gemeente dashboard",
    ) -> str:
        issued = tokens.issue(None, name, scopes, utcnow(), expires_at=expires_at)
        db.session.commit()
        return issued.secret

    return make


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def get_json(client: FlaskClient, path: str, **kwargs: Any) -> TestResponse:
    response = client.get(path, **kwargs)
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
    return response


# --- Counting and publishing a round with the real results services --------------------------


def count_and_publish(world: World, publish: bool = True) -> None:
    """Close Beijum's vote (its dates move to the counting phase), count it and publish it,
    with the real results services."""
    dates = dates_for(Phase.COUNTING, today_in_nl())
    for name, value in dates.__dict__.items():
        setattr(world.voting, name, value)
    db.session.commit()
    now = datetime.combine(today_in_nl(), time(12), DUTCH_TIME)
    results_services.count_round(None, world.voting, now)
    if publish:
        results_services.publish(None, world.voting, now)
    db.session.commit()


def days_ago(days: int) -> datetime:
    return utcnow() - timedelta(days=days)
