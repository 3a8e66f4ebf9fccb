"""Helpers for the audit chain's tests: entries to chain, and a "superuser" who gets past the
append-only triggers (as only someone with full rights over the database could)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db

# As the foundation migration makes them; the superuser puts them back afterwards.
TRIGGERS = {
    "sqlite": (
        ["DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete"],
        [
            "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
            "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
            "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
            "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
        ],
    ),
    "postgresql": (
        ["ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"],
        ["ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change"],
    ),
}


@contextmanager
def _superuser() -> Iterator[Callable[..., Any]]:
    """Run raw SQL on the audit log with its triggers off, committed; they are back afterwards."""
    db.session.commit()
    off, on = TRIGGERS[db.engine.dialect.name]
    for statement in off:
        db.session.execute(sa.text(statement))
    db.session.commit()
    try:
        yield lambda sql, **params: db.session.execute(
            sa.text(sql) if isinstance(sql, str) else sql, params
        )
        db.session.commit()
    finally:
        db.session.rollback()
        for statement in on:
            db.session.execute(sa.text(statement))
        db.session.commit()


@pytest.fixture
def superuser(app: Flask) -> Callable[[], AbstractContextManager[Callable[..., Any]]]:
    return _superuser


@pytest.fixture
def chain_of(app: Flask, make_user: Callable[..., User]) -> Callable[[int], list[AuditEntry]]:
    """``chain_of(n)``: n committed entries (on top of those the fixtures wrote)."""

    def make(count: int) -> list[AuditEntry]:
        user = make_user()
        entries = [
            record(user, "test.step", user, reason=f"step {n}", step=n) for n in range(count)
        ]
        db.session.commit()
        return entries

    return make
