"""Casting a ballot with a stemcode: once per code, replaced by a later cast, never two.

This is the hot path of a voting morning, so every statement is built once (the
``_statement`` functions are cached) and a cast is four statements: the code with its round's
set-up, the conditional claim of the roll row, the ballot, the commit. :func:`cast_committed`
is the boundary that commits (and retries) a cast; it is used by the ballot page, the CLI and
the concurrency tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.voting import codes
from wijkbudget.voting.ballot import check
from wijkbudget.voting.models import Ballot, Channel, RollEntry, VotingSetup, random_id
from wijkbudget.voting.services import VotingError, open_today, rules_of, secret
from wijkbudget.wijken.phases import today_in_nl

CAST_ATTEMPTS = 50

CodeAndSetup = tuple[RollEntry, VotingSetup | None]


class CastConflict(DomainError):
    """Another cast with the same code landed first; try again."""


@dataclass(frozen=True)
class Cast:
    receipt: str
    changed: bool


@cache
def _read_statement(lock: bool) -> sa.Select[RollEntry, VotingSetup]:
    """A code's roll entry with its round's set-up and round; ``lock``: ``FOR UPDATE`` of the
    roll row on PostgreSQL, with what is in the database now rather than what the session
    remembers."""
    statement = (
        sa.select(RollEntry, VotingSetup)
        .outerjoin(VotingSetup, VotingSetup.round_id == RollEntry.round_id)
        .options(joinedload(VotingSetup.round))
        .where(RollEntry.code_hash == sa.bindparam("code_hash"))
    )
    if lock:
        statement = statement.with_for_update(of=RollEntry).execution_options(
            populate_existing=True
        )
    return statement


@cache
def _claim_statement() -> sa.Update:
    # Only if nobody cast or revoked this code in the meantime (a lost letter being replaced
    # while a thief votes with it must not give two ballots).
    return (
        sa.update(RollEntry)
        .where(
            RollEntry.id == sa.bindparam("entry_id"),
            RollEntry.casts == sa.bindparam("read_casts"),
            RollEntry.revoked.is_(False),
        )
        .values(
            casts=sa.bindparam("new_casts"),
            voted=True,
            channel=sa.bindparam("new_channel", type_=RollEntry.channel.type),
            voted_on=sa.bindparam("today"),
            pointer=sa.bindparam("new_pointer"),
        )
    )


def _read(code: str, lock: bool = False) -> CodeAndSetup:
    found = db.session.execute(
        _read_statement(lock), {"code_hash": codes.code_hash(secret(), code)}
    ).one_or_none()
    if found is None:
        raise VotingError("wrong_code")
    entry, setup = found
    if entry.revoked:
        raise VotingError("revoked_code")
    return entry, setup


def code_and_setup(typed: str) -> CodeAndSetup:
    """A typed stemcode's roll entry with its round's set-up and round, in one query.

    :class:`VotingError` if the code is unknown or revoked. The set-up is None when the round
    has none yet; whether its vote is open is for :func:`~wijkbudget.voting.services.open_today`
    to say.
    """
    code = codes.normalize(typed)
    if code is None:
        raise VotingError("wrong_code")
    return _read(code)


def find_entry(typed: str) -> RollEntry:
    """The roll entry of a typed stemcode; :class:`VotingError` if there is none."""
    return code_and_setup(typed)[0]


def current_choices(code: str, entry: RollEntry) -> dict[int, int] | None:
    """The choices of this code's ballot, found through the pointer only the code can open."""
    if entry.pointer is None:
        return None
    ballot_id = codes.open_pointer(secret(), code, entry.id, entry.pointer)
    ballot = db.session.get(Ballot, ballot_id) if ballot_id else None
    if ballot is None:
        return None
    return {int(item): weight for item, weight in ballot.choices.items()}


def cast(
    typed_code: str,
    choices: dict[int, int],
    channel: Channel,
    now: datetime,
    as_read: CodeAndSetup | None = None,
) -> Cast:
    """Record a ballot for a stemcode, replacing its earlier ballot if there is one.

    The roll row is read with its round's set-up (locked ``FOR UPDATE`` on PostgreSQL), or
    taken ``as_read`` earlier in this transaction by :func:`code_and_setup`, and claimed with a
    conditional UPDATE: ``casts`` must still be what was read, so two casts with one code can
    never both land. The loser gets :class:`CastConflict`.
    """
    code = codes.normalize(typed_code)
    if code is None:
        raise VotingError("wrong_code")
    entry, setup = as_read or _read(code, lock=True)
    if entry.channel is Channel.PAPER:
        raise VotingError("used_on_paper")  # a paper ballot was handed out for this code
    today = today_in_nl(now)
    open_setup = open_today(setup, today)
    if open_setup is None:
        raise VotingError("voting_closed")
    chosen = check(rules_of(open_setup), choices)

    key = secret()
    old_ballot = codes.open_pointer(key, code, entry.id, entry.pointer) if entry.pointer else None
    ballot_id, receipt = random_id(), codes.new_receipt()
    connection = db.session.connection()
    claimed = connection.execute(
        _claim_statement(),
        {
            "entry_id": entry.id,
            "read_casts": entry.casts,
            "new_casts": entry.casts + 1,
            "new_channel": channel,
            "today": today,
            "new_pointer": codes.seal_pointer(key, code, entry.id, ballot_id),
        },
    )
    if claimed.rowcount != 1:
        raise CastConflict()
    if old_ballot is not None:
        connection.execute(sa.delete(Ballot).where(Ballot.id == old_ballot))
    connection.execute(
        sa.insert(Ballot),
        {
            "id": ballot_id,
            "round_id": open_setup.round_id,
            "choices": {str(item): weight for item, weight in sorted(chosen.items())},
            "channel": channel,
            "receipt": receipt,
        },
    )
    return Cast(receipt=receipt, changed=old_ballot is not None)


def cast_committed(
    typed_code: str,
    choices: dict[int, int],
    channel: Channel,
    now: datetime,
    also: Callable[[], object] | None = None,
    as_read: CodeAndSetup | None = None,
) -> Cast:
    """:func:`cast`, committed; a cast that lost a race with the same code is tried again.

    ``as_read`` (from :func:`code_and_setup` in this transaction) saves the first attempt a
    read; an attempt after a lost race reads again, locked. ``also`` runs in the same
    transaction after the cast (e.g. recording that it was assisted); when it raises, nothing
    is cast.
    """
    for attempt in range(CAST_ATTEMPTS):
        try:
            result = cast(typed_code, choices, channel, now, as_read if attempt == 0 else None)
            if also is not None:
                also()
            db.session.commit()
            return result
        except (CastConflict, sa.exc.OperationalError):
            # Lost the race (or SQLite was busy): start again from what is committed now.
            db.session.rollback()
            time.sleep(0.002 * (attempt + 1))
        except Exception:
            db.session.rollback()
            raise
    raise VotingError("busy")
