"""A round whose vote has closed, with known ballots: the count's input for every results test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest

from tests.voting.conftest import add_initiatives
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative
from wijkbudget.voting import casting
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import BallotType, Channel
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import DUTCH_TIME, Phase, today_in_nl

COSTS = (1_200_000, 800_000, 600_000, 300_000)  # € 12.000, € 8.000, € 6.000, € 3.000
# (how many, channel, initiatives by index): votes 5, 4, 8, 6 (paper 0, 2, 0, 2).
# Greedy funds 2 (€ 6.000), 3 (€ 3.000), 0 (€ 12.000): € 4.000 is left, 1 costs € 8.000.
BALLOTS: tuple[tuple[int, Channel, dict[int, int]], ...] = (
    (5, Channel.ONLINE, {0: 1, 2: 1}),
    (2, Channel.ONLINE, {1: 1, 2: 1, 3: 1}),
    (1, Channel.ONLINE, {2: 1, 3: 1}),
    (2, Channel.PAPER, {1: 1, 3: 1}),
    (1, Channel.ONLINE, {3: 1}),
)


def now() -> datetime:
    return datetime.combine(today_in_nl(), time(12), DUTCH_TIME)


@dataclass
class Closed:
    round: Round
    initiatives: list[Initiative]

    def close(self) -> None:
        """Move the round's dates so that its vote has just closed (the counting phase)."""
        dates = dates_for(Phase.COUNTING, today_in_nl())
        self.round.submission_start = dates.submission_start
        self.round.review_start = dates.review_start
        self.round.voting_start = dates.voting_start
        self.round.voting_end = dates.voting_end
        self.round.results_date = dates.results_date
        db.session.commit()

    def title(self, index: int) -> str:
        return self.initiatives[index].title


@pytest.fixture
def make_closed(make_round: Callable[..., Round]) -> Callable[..., Closed]:
    def make(
        ballots: tuple[tuple[int, Channel, dict[int, int]], ...] = BALLOTS,
        *,
        rule: str = "greedy",
        ballot_type: BallotType = BallotType.KNAPSACK,
        costs: tuple[int, ...] = COSTS,
        close: bool = True,
        **setup: int,
    ) -> Closed:
        round_ = make_round(Phase.VOTING)
        initiatives = add_initiatives(round_, costs)
        voting.save_setup(
            None,
            round_,
            voting.SetupData(ballot_type=ballot_type, counting_rule=rule, **setup),
        )
        voting.open_voting(None, round_, now() - timedelta(hours=1))
        total = sum(count for count, _, _ in ballots)
        codes = iter(voting.issue_loose_codes(None, round_, total))
        db.session.commit()
        for count, channel, picks in ballots:
            for _ in range(count):
                chosen = {initiatives[index].id: weight for index, weight in picks.items()}
                casting.cast(next(codes), chosen, channel, now() - timedelta(hours=1))
        db.session.commit()
        closed = Closed(round_, initiatives)
        if close:
            closed.close()
        return closed

    return make


@pytest.fixture
def closed(make_closed: Callable[..., Closed]) -> Closed:
    return make_closed()
