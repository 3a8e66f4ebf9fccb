"""A round in its voting phase with admitted initiatives, opened, and stemcodes to vote with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

import pytest

from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.voting import services
from wijkbudget.voting.models import BallotType
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import DUTCH_TIME, Phase, today_in_nl

COSTS = (1_200_000, 800_000, 600_000, 300_000)


def now() -> datetime:
    return datetime.combine(today_in_nl(), time(12), DUTCH_TIME)


@dataclass
class Vote:
    round: Round
    initiatives: list[Initiative]

    @property
    def ids(self) -> list[int]:
        return [i.id for i in self.initiatives]

    def codes(self, count: int) -> list[str]:
        made = services.issue_loose_codes(None, self.round, count)
        db.session.commit()
        return made


def add_initiatives(round_: Round, costs: tuple[int, ...] = COSTS) -> list[Initiative]:
    made = []
    for number, cost in enumerate(costs, start=1):
        initiative = Initiative(
            round=round_,
            title=f"Idee {number}",
            summary=f"Samenvatting {number}",
            status=Status.ADMITTED,
            amount_cents=cost,
            version=1,
        )
        db.session.add(initiative)
        made.append(initiative)
    db.session.commit()
    return made


@pytest.fixture
def ballot_type() -> BallotType:
    return BallotType.KNAPSACK


@pytest.fixture
def make_vote(make_round: Callable[..., Round]) -> Callable[..., Vote]:
    def make(ballot_type: BallotType = BallotType.KNAPSACK, **setup: int) -> Vote:
        round_ = make_round(Phase.VOTING)
        initiatives = add_initiatives(round_)
        services.save_setup(None, round_, services.SetupData(ballot_type=ballot_type, **setup))
        services.open_voting(None, round_, now())
        db.session.commit()
        return Vote(round_, initiatives)

    return make


@pytest.fixture
def vote(make_vote: Callable[..., Vote], ballot_type: BallotType) -> Vote:
    return make_vote(ballot_type)
