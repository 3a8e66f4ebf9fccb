"""A cast whose database connection is lost on the way (PostgreSQL restarted, a network blip)
still ends with exactly one counted ballot for the code: it is cast again on a fresh
connection. On PostgreSQL the ballot page's cast runs straight through psycopg, so this checks
that its errors still reach the retry as SQLAlchemy's would, and that the dead connection
does not go back to the pool."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.voting.conftest import Vote, now
from wijkbudget.extensions import db
from wijkbudget.voting import casting, codes
from wijkbudget.voting.models import Ballot, Channel, RollEntry


def _lose_the_session_connection() -> None:
    """End the server side of the session's connection, as a restart of PostgreSQL would."""
    backend = db.session.connection().connection.driver_connection.info.backend_pid
    with db.engine.connect() as other:
        other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})


def test_a_cast_that_loses_its_connection_after_the_read_is_cast_once_on_a_fresh_one(
    app: Flask, vote: Vote
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server connection to lose")
    code, ids = vote.codes(1)[0], vote.ids
    first = casting.cast_committed(code, {ids[3]: 1}, Channel.ONLINE, now())
    db.session.remove()

    casting.without_transaction()  # as the ballot page: read, then cast, no transaction
    row = casting.read_code(code)
    _lose_the_session_connection()
    second = casting.cast_committed(code, {ids[2]: 1}, Channel.ONLINE, now(), as_read=row)
    db.session.remove()

    assert second.changed and second.receipt != first.receipt
    ballots = db.session.scalars(sa.select(Ballot)).all()
    assert [(b.receipt, b.choices) for b in ballots] == [(second.receipt, {str(ids[2]): 1})]
    entry = db.session.scalars(sa.select(RollEntry)).one()
    assert entry.casts == 2
    assert entry.pointer is not None
    assert codes.open_pointer(app.config["SECRET_KEY"], code, entry.id, entry.pointer) == (
        ballots[0].id
    )
