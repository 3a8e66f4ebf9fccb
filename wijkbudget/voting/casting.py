"""Casting a ballot with a stemcode: once per code, replaced by a later cast, never two.

This is the hot path of a voting morning, so every statement is built once (the
``_statement`` functions are cached), the rules a round froze at opening are parsed once per
app, and on PostgreSQL a cast is two statements, run straight through psycopg
(:func:`_on_psycopg`): the code's row with its round's set-up and dates, then one statement
that claims the roll row, inserts the ballot and deletes the ballot it replaces — atomic on its
own, so the ballot page runs both without a transaction around them
(:func:`without_transaction`: no BEGIN and no COMMIT to send). On SQLite the claim, the ballot
and the deletion are three statements in one transaction.
:func:`cast_committed` is the boundary that commits (and retries) a cast; it is used by the
ballot page, the CLI and the concurrency tests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import psycopg
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.sql.compiler import Compiled

from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.voting import codes
from wijkbudget.voting.ballot import Rules, check
from wijkbudget.voting.models import Ballot, Channel, RollEntry, VotingSetup, random_id
from wijkbudget.voting.services import VotingError, rules_of, secret
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase, PhaseDates, today_in_nl

CAST_ATTEMPTS = 50


class CastConflict(DomainError):
    """Another cast with the same code landed first; try again."""


@dataclass(frozen=True)
class Cast:
    receipt: str
    changed: bool


@dataclass(frozen=True)
class CodeRow:
    """A stemcode's row on the roll, with what a cast needs of its round's vote: read in one
    statement and without ORM objects, because this is the hot path of a voting morning."""

    id: str
    round_id: int
    casts: int
    channel: Channel | None
    pointer: bytes | None
    setup_id: int | None
    opened_at: datetime | None
    dates: PhaseDates


@dataclass(frozen=True)
class OpenVote:
    """A round whose vote is open today, with the rules frozen when it opened."""

    round_id: int
    setup_id: int
    rules: Rules


_ROLL, _SETUPS, _ROUNDS = RollEntry.__table__, VotingSetup.__table__, Round.__table__
_DATE_COLUMNS = tuple(field.name for field in fields(PhaseDates))


@cache
def _read_statement(lock: bool) -> sa.Select[Any]:
    """A code's row with its round's set-up and dates; ``lock``: ``FOR UPDATE`` of the roll row
    on PostgreSQL."""
    statement = (
        sa.select(
            _ROLL.c.id,
            _ROLL.c.round_id,
            _ROLL.c.casts,
            _ROLL.c.revoked,
            _ROLL.c.channel,
            _ROLL.c.pointer,
            _SETUPS.c.id.label("setup_id"),
            _SETUPS.c.opened_at,
            *(_ROUNDS.c[name] for name in _DATE_COLUMNS),
        )
        .select_from(
            _ROLL.join(_ROUNDS, _ROUNDS.c.id == _ROLL.c.round_id).outerjoin(
                _SETUPS, _SETUPS.c.round_id == _ROLL.c.round_id
            )
        )
        .where(_ROLL.c.code_hash == sa.bindparam("code_hash"))
    )
    return statement.with_for_update(of=_ROLL) if lock else statement


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


_BALLOTS = Ballot.__table__


@cache
def _ballot_statement() -> sa.Insert:
    # Named unlike the columns: in the WITH form the UPDATE would take a bind parameter named
    # after one of its columns (id, channel) as a value to set.
    return sa.insert(Ballot).values(
        id=sa.bindparam("ballot_id"),
        round_id=sa.bindparam("round_id"),
        choices=sa.bindparam("choices", type_=_BALLOTS.c.choices.type),
        channel=sa.bindparam("ballot_channel", type_=_BALLOTS.c.channel.type),
        receipt=sa.bindparam("receipt"),
    )


@cache
def _whole_cast_statement() -> sa.Insert:
    """PostgreSQL: the whole cast in one statement, so it lands whole or not at all: the claim;
    the ballot, inserted only when the claim updated the row; the ballot it replaces
    (``old_ballot``, NULL for a first cast), deleted only then too (``WITH claimed AS (UPDATE …
    RETURNING), replaced AS (DELETE … WHERE EXISTS claimed) INSERT … SELECT … FROM claimed``)."""
    claimed = _claim_statement().returning(RollEntry.round_id).cte("claimed")
    replaced = (
        sa.delete(Ballot)
        .where(
            Ballot.id == sa.bindparam("old_ballot", type_=_BALLOTS.c.id.type),
            sa.exists(sa.select(claimed.c.round_id)),
        )
        .cte("replaced")
    )
    return (
        sa.insert(Ballot)
        .from_select(
            ["id", "round_id", "choices", "channel", "receipt"],
            sa.select(
                sa.bindparam("ballot_id", type_=_BALLOTS.c.id.type),
                claimed.c.round_id,
                sa.bindparam("choices", type_=_BALLOTS.c.choices.type),
                sa.bindparam("ballot_channel", type_=_BALLOTS.c.channel.type),
                sa.bindparam("receipt", type_=_BALLOTS.c.receipt.type),
            ),
        )
        .add_cte(claimed, replaced)
        .returning(Ballot.id)  # a row when the claim landed: no rowcount is reported here
    )


def _read(code: str, lock: bool = False) -> CodeRow:
    params = {"code_hash": codes.code_hash(secret(), code)}
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        rows = _on_psycopg(connection, _read_statement(lock), params)
    else:
        rows = list(connection.execute(_read_statement(lock), params))
    if not rows:
        raise VotingError("wrong_code")
    # The columns of _read_statement: the dates last, in PhaseDates' order. Through psycopg the
    # channel comes as its text and opened_at as naive UTC; both conversions keep SQLAlchemy's.
    id_, round_id, casts, revoked, channel, pointer, setup_id, opened_at, *dates = rows[0]
    if revoked:
        raise VotingError("revoked_code")
    return CodeRow(
        id=id_,
        round_id=round_id,
        casts=casts,
        channel=None if channel is None else Channel(channel),
        pointer=pointer,
        setup_id=setup_id,
        opened_at=None if opened_at is None else opened_at.replace(tzinfo=UTC),
        dates=PhaseDates(*dates),
    )


@cache
def _compiled(statement: sa.Executable) -> Compiled:
    return statement.compile(dialect=psycopg_dialect())


def _on_psycopg(
    connection: sa.Connection, statement: sa.Executable, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """PostgreSQL: run one of a cast's two statements straight through psycopg, on the
    session's connection (and in its transaction, if there is one); its rows as plain tuples.

    The statements are still built by SQLAlchemy, compiled once. Only its execution is skipped:
    for these two statements it cost more than psycopg's own work (counted in instructions, the
    read took 456,000 through SQLAlchemy and 240,000 like this). The callers convert the few
    typed values themselves: an enum is its text, JSON is text, a ``UTCDateTime`` comes back
    naive. A database error is raised as SQLAlchemy would raise it, and a connection that failed
    is dropped from the pool, as SQLAlchemy would do, so that a retry gets a fresh one.
    """
    compiled = _compiled(statement)
    try:
        with connection.connection.driver_connection.cursor() as cursor:
            cursor.execute(compiled.string, compiled.construct_params(params), prepare=True)
            return cursor.fetchall()
    except psycopg.Error as error:
        if isinstance(error, psycopg.OperationalError):
            connection.invalidate()
        raise sa.exc.DBAPIError.instance(compiled.string, params, error, psycopg.Error) from error


def read_code(typed: str) -> CodeRow:
    """A typed stemcode's row on the roll; :class:`VotingError` if it is unknown or revoked."""
    code = codes.normalize(typed)
    if code is None:
        raise VotingError("wrong_code")
    return _read(code)


def open_vote(row: CodeRow, today: date) -> OpenVote | None:
    """The vote of the code's round if it is open today, else None."""
    if row.setup_id is None or row.opened_at is None:
        return None
    if row.dates.phase_on(today) is not Phase.VOTING:
        return None
    return OpenVote(row.round_id, row.setup_id, _frozen_rules(row.setup_id, row.opened_at))


def _frozen_rules(setup_id: int, opened_at: datetime) -> Rules:
    """The rules a set-up froze when it opened, parsed once per app: they never change after
    (a set-up opens once), so a cast does not read and parse the frozen ballot again."""
    known: dict[tuple[int, datetime], Rules] = current_app.extensions.setdefault(
        "wijkbudget.frozen_rules", {}
    )
    key = (setup_id, opened_at)
    if key not in known:
        setup = db.session.get(VotingSetup, setup_id)
        assert setup is not None and setup.opened_at == opened_at
        known[key] = rules_of(setup)
    return known[key]


def find_entry(typed: str) -> RollEntry:
    """The roll entry of a typed stemcode; :class:`VotingError` if there is none."""
    row = read_code(typed)
    entry = db.session.get(RollEntry, row.id)
    assert entry is not None
    return entry


def current_choices(code: str, entry: CodeRow | RollEntry) -> dict[int, int] | None:
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
    as_read: CodeRow | None = None,
) -> Cast:
    """Record a ballot for a stemcode, replacing its earlier ballot if there is one.

    The code's row is read with its round's set-up (locked ``FOR UPDATE`` on PostgreSQL), or
    taken ``as_read`` earlier in this transaction by :func:`read_code`, and claimed with a
    conditional UPDATE: ``casts`` must still be what was read, so two casts with one code can
    never both land. The loser gets :class:`CastConflict`.
    """
    code = codes.normalize(typed_code)
    if code is None:
        raise VotingError("wrong_code")
    entry = as_read or _read(code, lock=True)
    if entry.channel is Channel.PAPER:
        raise VotingError("used_on_paper")  # a paper ballot was handed out for this code
    today = today_in_nl(now)
    vote = open_vote(entry, today)
    if vote is None:
        raise VotingError("voting_closed")
    chosen = check(vote.rules, choices)

    key = secret()
    old_ballot = codes.open_pointer(key, code, entry.id, entry.pointer) if entry.pointer else None
    ballot_id, receipt = random_id(), codes.new_receipt()
    claim = {
        "entry_id": entry.id,
        "read_casts": entry.casts,
        "new_casts": entry.casts + 1,
        "new_channel": channel,
        "today": today,
        "new_pointer": codes.seal_pointer(key, code, entry.id, ballot_id),
    }
    ballot = {
        "ballot_id": ballot_id,
        "choices": {str(item): weight for item, weight in sorted(chosen.items())},
        "ballot_channel": channel,
        "receipt": receipt,
    }
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        whole = (
            claim | ballot | {"old_ballot": old_ballot, "choices": json.dumps(ballot["choices"])}
        )
        if len(_on_psycopg(connection, _whole_cast_statement(), whole)) != 1:
            raise CastConflict()
    else:  # SQLite has no UPDATE inside WITH: the claim, the ballot, the one it replaces
        if connection.execute(_claim_statement(), claim).rowcount != 1:
            raise CastConflict()
        connection.execute(_ballot_statement(), ballot | {"round_id": vote.round_id})
        if old_ballot is not None:
            connection.execute(sa.delete(Ballot).where(Ballot.id == old_ballot))
    return Cast(receipt=receipt, changed=old_ballot is not None)


def without_transaction() -> None:
    """On PostgreSQL, run this request's statements without a transaction around them.

    For a cast that records nothing else: its read and its one statement (atomic on its own, see
    :func:`_whole_cast_statement`) then cost no BEGIN and no COMMIT, two of a cast's five round
    trips. It takes effect only before the request's first statement (after one, the request
    simply stays in its transaction); a retry after a lost race runs in a transaction again (the
    session's next connection is an ordinary one).
    """
    if db.session.get_bind().dialect.name == "postgresql" and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def cast_committed(
    typed_code: str,
    choices: dict[int, int],
    channel: Channel,
    now: datetime,
    also: Callable[[], object] | None = None,
    as_read: CodeRow | None = None,
) -> Cast:
    """:func:`cast`, committed; a cast that lost a race with the same code is tried again.

    ``as_read`` (from :func:`read_code` in this transaction) saves the first attempt a
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
