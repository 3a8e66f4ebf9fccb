"""Demo paper voting: Beijum's open vote has printed, issued and entered paper ballots, with
one difference waiting for a third person."""

from __future__ import annotations

import random
from datetime import date, datetime, time

import sqlalchemy as sa

from wijkbudget.auth.models import Role, RoleAssignment, User
from wijkbudget.extensions import db
from wijkbudget.paper import services
from wijkbudget.paper.models import SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.voting import services as voting
from wijkbudget.voting.demo import voting_round
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import DUTCH_TIME

PRINTED, ISSUED, AGREED = 40, 12, 9


def _buurthuis_people(wijk: Wijk) -> list[User]:
    """The wijk's stembureau volunteers, then its wijkondersteuner: two people to enter."""
    query = (
        sa.select(User)
        .join(RoleAssignment)
        .where(
            RoleAssignment.wijk_id == wijk.id,
            RoleAssignment.role.in_((Role.STEMBUREAU, Role.WIJKONDERSTEUNER)),
        )
        .order_by(RoleAssignment.role.desc(), User.id)
    )
    return list(db.session.scalars(query).unique())


def load_demo(wijken: dict[str, Wijk], today: date) -> None:
    round_ = voting_round(wijken["beijum"], today)
    if round_ is None or not voting.is_frozen(round_):
        return
    people = _buurthuis_people(wijken["beijum"])
    if len(people) < 2:
        return
    first, second = people[0], people[1]
    now = datetime.combine(today, time(14), DUTCH_TIME)
    sheets = services.print_sheets(None, round_, PRINTED)
    codes = voting.issue_loose_codes(None, round_, ISSUED)
    serials = [format_serial(sheet.serial) for sheet in sheets[:ISSUED]]
    for code, serial in zip(codes, serials, strict=True):
        services.issue(first, round_, code, serial, now)
    rules = voting.rules_of(voting.setup_of(round_))  # type: ignore[arg-type]
    ideas = sorted(rules.costs)
    rng = random.Random(7)
    for serial in serials[:AGREED]:
        chosen: dict[int, int] = {}
        for idea in rng.sample(ideas, len(ideas)):
            if sum(rules.costs[i] for i in chosen) + rules.costs[idea] <= rules.budget_cents:
                chosen[idea] = 1
            if len(chosen) >= 2:
                break
        reading = services.Reading(SheetState.VALID, chosen)
        services.enter(first, round_, serial, reading)
        services.enter(second, round_, serial, reading)
    # One blank ballot, and one the two entries read differently.
    blank = services.Reading(SheetState.BLANK)
    services.enter(first, round_, serials[AGREED], blank)
    services.enter(second, round_, serials[AGREED], blank)
    services.enter(
        first, round_, serials[AGREED + 1], services.Reading(SheetState.VALID, {ideas[0]: 1})
    )
    services.enter(
        second, round_, serials[AGREED + 1], services.Reading(SheetState.VALID, {ideas[1]: 1})
    )
