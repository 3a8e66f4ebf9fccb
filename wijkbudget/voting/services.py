"""The vote of a round: set-up and opening, the voter roll, turnout and receipts (casting is
:mod:`wijkbudget.voting.casting`).

Services take explicit arguments, raise a domain error, flush but do not commit.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError, FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.voting import codes
from wijkbudget.voting.ballot import Rules
from wijkbudget.voting.models import (
    COUNTING_RULES,
    Ballot,
    BallotType,
    Channel,
    EligibleAddress,
    RollEntry,
    VotingSetup,
)
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase, today_in_nl

log = logging.getLogger(__name__)

SMALL_AREA = 10  # turnout of a postcode area with fewer voters is not shown
CAST_ATTEMPTS = 50


class VotingError(DomainError):
    """Voting cannot do this now; ``str(error)`` is the message code."""


class SetupError(FieldError):
    """A set-up value a rule refuses."""


# --- Set-up and opening ---------------------------------------------------------------------


@dataclass(frozen=True)
class SetupData:
    ballot_type: BallotType
    counting_rule: str = "greedy"
    max_choices: int = 5
    min_share_percent: int = 0
    points: int = 10
    minimum_age: int = 16


def setup_of(round_: Round) -> VotingSetup | None:
    return db.session.scalar(sa.select(VotingSetup).where(VotingSetup.round_id == round_.id))


def is_frozen(round_: Round) -> bool:
    setup = setup_of(round_)
    return setup is not None and setup.is_open


def ensure_not_frozen(round_: Round) -> None:
    """Refuse any change to what the vote rests on once voting has opened."""
    if is_frozen(round_):
        raise VotingError("voting_frozen")


def _snapshot(setup: VotingSetup) -> dict[str, Any]:
    return {
        "ballot_type": setup.ballot_type.value,
        "counting_rule": setup.counting_rule,
        "max_choices": setup.max_choices,
        "min_share_percent": setup.min_share_percent,
        "points": setup.points,
        "minimum_age": setup.minimum_age,
    }


def save_setup(actor: User | None, round_: Round, data: SetupData) -> VotingSetup:
    """Create or change the set-up, until voting opens."""
    ensure_not_frozen(round_)
    if data.counting_rule not in COUNTING_RULES:
        raise SetupError("counting_rule", "unknown_rule")
    if data.ballot_type is BallotType.APPROVAL and not 1 <= data.max_choices <= 100:
        raise SetupError("max_choices", "max_choices_range")
    if not 0 <= data.min_share_percent <= 100:
        raise SetupError("min_share_percent", "share_range")
    if data.ballot_type is BallotType.POINTS and not 1 <= data.points <= 1000:
        raise SetupError("points", "points_range")
    if not 0 <= data.minimum_age <= 120:
        raise SetupError("minimum_age", "age_range")
    setup = setup_of(round_)
    before = _snapshot(setup) if setup else None
    if setup is None:
        setup = VotingSetup(round=round_)
        db.session.add(setup)
    setup.ballot_type = data.ballot_type
    setup.counting_rule = data.counting_rule
    setup.max_choices = data.max_choices
    setup.min_share_percent = data.min_share_percent
    setup.points = data.points
    setup.minimum_age = data.minimum_age
    db.session.flush()
    record(
        actor,
        "voting.setup",
        setup,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        before=before,
        after=_snapshot(setup),
    )
    return setup


def open_voting(actor: User | None, round_: Round, now: datetime) -> VotingSetup:
    """Open the vote: freeze the rules, the budget and the admitted initiatives with their costs."""
    setup = setup_of(round_)
    if setup is None:
        raise VotingError("no_setup")
    if setup.is_open:
        raise VotingError("voting_frozen")
    if round_.phase_on(today_in_nl(now)) is not Phase.VOTING:
        raise VotingError("not_voting_phase")
    initiatives = initiative_services.admitted(round_)
    if not initiatives:
        raise VotingError("nothing_admitted")
    minimum = round_.budget_cents * setup.min_share_percent // 100
    if (
        setup.ballot_type is BallotType.KNAPSACK
        and sum(i.amount_cents for i in initiatives) < minimum
    ):
        raise VotingError("minimum_unreachable")  # every ballot would be refused
    setup.frozen = {
        "budget_cents": round_.budget_cents,
        "initiatives": [
            {"id": i.id, "title": i.title, "amount_cents": i.amount_cents} for i in initiatives
        ],
    }
    setup.opened_at = now
    db.session.flush()
    record(
        actor,
        "voting.open",
        setup,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        rules=_snapshot(setup),
        **setup.frozen,
    )
    return setup


def rules_of(setup: VotingSetup) -> Rules:
    assert setup.frozen is not None
    return Rules(
        ballot_type=setup.ballot_type,
        budget_cents=setup.frozen["budget_cents"],
        costs={item["id"]: item["amount_cents"] for item in setup.frozen["initiatives"]},
        max_choices=setup.max_choices,
        min_share_percent=setup.min_share_percent,
        points=setup.points,
    )


def open_setup(round_id: int, today: date) -> VotingSetup | None:
    """The set-up of a round whose vote is open today (with its round, in one query), or None."""
    setup = db.session.scalar(
        sa.select(VotingSetup)
        .where(VotingSetup.round_id == round_id)
        .options(joinedload(VotingSetup.round))
    )
    return open_today(setup, today)


def open_today(setup: VotingSetup | None, today: date) -> VotingSetup | None:
    """The set-up if its round's vote is open today, else None."""
    if setup is None or not setup.is_open or setup.round.phase_on(today) is not Phase.VOTING:
        return None
    return setup


def accepting_votes(round_: Round, today: date) -> bool:
    return open_setup(round_.id, today) is not None


def is_closed(round_: Round, today: date) -> bool:
    return is_frozen(round_) and round_.phase_on(today) in (Phase.COUNTING, Phase.RESULTS)


# --- Addresses and stemcodes ----------------------------------------------------------------


def addresses_of(round_: Round) -> list[EligibleAddress]:
    query = (
        sa.select(EligibleAddress)
        .where(EligibleAddress.round_id == round_.id)
        .order_by(EligibleAddress.postcode, EligibleAddress.house_number, EligibleAddress.addition)
    )
    return list(db.session.scalars(query))


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _new_roll_entry(
    round_: Round, address: EligibleAddress | None, number: int
) -> tuple[str, RollEntry]:
    code = codes.new_code()
    entry = RollEntry(
        round_id=round_.id,
        address=address,
        letter_number=number,
        code_hash=codes.code_hash(secret(), code),
    )
    db.session.add(entry)
    return code, entry


@dataclass(frozen=True)
class Letter:
    """One letter to print: the code exists only here, never in the database."""

    code: str
    address: EligibleAddress | None
    letter_number: int


def issue_codes(actor: User | None, round_: Round, progress: Any = None) -> list[Letter]:
    """A stemcode for every eligible resident who has none yet. Returns the letters to print."""
    have = Counter(
        db.session.scalars(
            sa.select(RollEntry.address_id).where(
                RollEntry.round_id == round_.id, RollEntry.address_id.is_not(None)
            )
        )
    )
    letters: list[Letter] = []
    for address in addresses_of(round_):
        for number in range(have[address.id] + 1, address.residents + 1):
            code, _entry = _new_roll_entry(round_, address, number)
            letters.append(Letter(code, address, number))
        if progress is not None:
            progress(1)
    db.session.flush()
    record(actor, "voting.codes_issued", round_, wijk_id=round_.wijk_id, count=len(letters))
    return letters


def issue_loose_codes(actor: User | None, round_: Round, count: int) -> list[str]:
    """Codes not tied to an address (the demo, or a paper list in the buurthuis)."""
    made = [_new_roll_entry(round_, None, 1)[0] for _ in range(count)]
    db.session.flush()
    record(actor, "voting.codes_issued", round_, wijk_id=round_.wijk_id, count=count, loose=True)
    return made


def replace_code(
    actor: User | None, round_: Round, address: EligibleAddress, letter_number: int, reason: str
) -> Letter:
    """A lost letter: revoke its code and issue a new one. Refused if it has voted already."""
    if not reason.strip():
        raise SetupError("reason", "reason_required")
    entry = db.session.scalar(
        sa.select(RollEntry).where(
            RollEntry.round_id == round_.id,
            RollEntry.address_id == address.id,
            RollEntry.letter_number == letter_number,
            RollEntry.revoked.is_(False),
        )
    )
    if entry is None:
        raise SetupError("letter_number", "no_such_letter")
    if entry.voted:
        raise SetupError("letter_number", "letter_used")
    # A conditional update: a cast that lands between the check above and this line wins,
    # and the letter then counts as used instead of getting a second, valid code.
    revoked = db.session.execute(
        sa.update(RollEntry)
        .where(
            RollEntry.id == entry.id,
            RollEntry.revoked.is_(False),
            RollEntry.voted.is_(False),
        )
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    if revoked.rowcount != 1:  # type: ignore[attr-defined]
        raise SetupError("letter_number", "letter_used")
    db.session.expire(entry)
    code, _new = _new_roll_entry(round_, address, letter_number)
    db.session.flush()
    record(
        actor,
        "voting.code_replaced",
        round_,
        reason=reason,
        wijk_id=round_.wijk_id,
        address=address.short,
        letter_number=letter_number,
    )
    return Letter(code, address, letter_number)


# --- Turnout and receipts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    codes: int
    voted: int
    per_day: list[tuple[date | None, int]]
    per_channel: list[tuple[Channel | None, int]]
    per_area: list[tuple[str, int, int]]  # PC4, voted, codes
    hidden_areas: int


def turnout(round_: Round) -> Turnout:
    """How many voted, by day, channel and postcode area — never what they chose."""
    active = sa.and_(RollEntry.round_id == round_.id, RollEntry.revoked.is_(False))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry).where(active)) or 0
    voted = sa.and_(active, RollEntry.voted.is_(True))
    count_voted = db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry).where(voted))
    per_day = db.session.execute(
        sa.select(RollEntry.voted_on, sa.func.count())
        .where(voted, RollEntry.voted_on.is_not(None))  # paper has no day: see paper.services.issue
        .group_by(RollEntry.voted_on)
        .order_by(RollEntry.voted_on)
    ).all()
    per_channel = db.session.execute(
        sa.select(RollEntry.channel, sa.func.count()).where(voted).group_by(RollEntry.channel)
    ).all()
    area = sa.func.substr(EligibleAddress.postcode, 1, 4)
    rows = db.session.execute(
        sa.select(
            area,
            sa.func.sum(sa.case((RollEntry.voted.is_(True), 1), else_=0)),
            sa.func.count(),
        )
        .join(EligibleAddress, RollEntry.address_id == EligibleAddress.id)
        .where(active)
        .group_by(area)
        .order_by(area)
    ).all()
    areas = [(str(pc4), int(str(v or 0)), int(str(n))) for pc4, v, n in rows]
    shown = _areas_safe_to_show(areas)
    return Turnout(
        codes=total,
        voted=count_voted or 0,
        per_day=[(day, n) for day, n in per_day],
        per_channel=[(channel, n) for channel, n in per_channel],
        per_area=shown,
        hidden_areas=len(rows) - len(shown),
    )


def _areas_safe_to_show(areas: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The areas with at least SMALL_AREA voters, such that the hidden ones together also have
    at least that many (or none at all): the total minus what is shown must not single out a
    small area either. The smallest shown areas join the hidden ones until that holds."""
    hidden = [row for row in areas if row[1] < SMALL_AREA]
    shown = sorted((row for row in areas if row[1] >= SMALL_AREA), key=lambda row: row[1])
    while shown and 0 < sum(row[1] for row in hidden) < SMALL_AREA:
        hidden.append(shown.pop(0))
    if 0 < sum(row[1] for row in hidden) < SMALL_AREA:
        return []
    return sorted(shown)


def receipts(round_: Round) -> list[str]:
    """The receipt codes of the counted ballots, sorted (so their order says nothing)."""
    query = sa.select(Ballot.receipt).where(Ballot.round_id == round_.id).order_by(Ballot.receipt)
    return list(db.session.scalars(query))


def rewrite_ballots(round_: Round) -> int:
    """Write the round's ballots anew in this transaction, in a random order; how many.

    While the vote ran, PostgreSQL's bookkeeping of a ballot row — the id of the transaction
    that wrote it (``xmin``) and its place on disk — matched the roll row written with it.
    Rewritten together once voting closed, every ballot carries the same transaction id and a
    random place; the old row versions go with the next (auto)vacuum. Ids, choices, channels
    and receipts stay as they were, so every stemcode still finds its own ballot.
    """
    table = Ballot.__table__
    rows = [
        dict(row)
        for row in db.session.execute(
            sa.select(table).where(table.c.round_id == round_.id)
        ).mappings()
    ]
    random.SystemRandom().shuffle(rows)
    connection = db.session.connection()
    connection.execute(sa.delete(table).where(table.c.round_id == round_.id))
    if rows:
        connection.execute(sa.insert(table), rows)
    return len(rows)
