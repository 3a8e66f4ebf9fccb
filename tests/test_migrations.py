"""The schema comes from the migrations; the models must agree with them exactly."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db


def test_models_and_migrations_agree(app: Flask) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_database_refuses_to_rewrite_the_audit_log(app: Flask, make_user) -> None:  # type: ignore[no-untyped-def]
    user: User = make_user()
    entry = record(None, "test.action", user, reason="why")
    db.session.commit()
    for statement in (
        "UPDATE audit_entries SET reason = 'rewritten'",
        "DELETE FROM audit_entries",
    ):
        with pytest.raises(sa.exc.DatabaseError):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert db.session.get(type(entry), entry.id).reason == "why"  # type: ignore[union-attr]
