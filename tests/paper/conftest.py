"""An open vote with printed paper ballots and three people at the buurthuis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.voting.conftest import (  # noqa: F401  (fixtures shared with voting)
    Vote,
    add_initiatives,
    ballot_type,
    make_vote,
    now,
    vote,
)
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.paper import services
from wijkbudget.paper.serials import format_serial


@dataclass
class Buurthuis:
    vote: Vote
    people: list[User]  # three stembureau volunteers of the wijk
    serials: list[str]  # printed, formatted as on the paper

    def issue(self, count: int = 1) -> list[str]:
        """Hand out the next ``count`` sheets against fresh codes; their serials."""
        handed = []
        for code, serial in zip(self.vote.codes(count), self.free_serials(count), strict=True):
            services.issue_committed(self.people[0], self.vote.round, code, serial, now())
            handed.append(serial)
        return handed

    def free_serials(self, count: int) -> list[str]:
        from wijkbudget.paper.models import PaperSheet

        free = db.session.scalars(
            db.select(PaperSheet.serial)
            .where(PaperSheet.round_id == self.vote.round.id, PaperSheet.issued.is_(False))
            .order_by(PaperSheet.serial)
            .limit(count)
        )
        return [format_serial(serial) for serial in free]


@pytest.fixture
def buurthuis(vote: Vote, make_user: Callable[..., User]) -> Buurthuis:  # noqa: F811
    people = [make_user(Role.STEMBUREAU, vote.round.wijk) for _ in range(3)]
    sheets = services.print_sheets(people[0], vote.round, 10)
    db.session.commit()
    return Buurthuis(vote, people, [format_serial(s.serial) for s in sheets])
