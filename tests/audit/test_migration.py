"""The migration that starts the chain backfills the entries written before it, in id order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.backup.scratch import app_on, scratch_database
from wijkbudget.audit import chain
from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.db import UTCDateTime
from wijkbudget.extensions import db

BEFORE_CHAIN = "ae3f4a5b6c7d"
OLD_ENTRIES = sa.table(
    "audit_entries",
    sa.column("action"),
    sa.column("object_type"),
    sa.column("object_id"),
    sa.column("reason"),
    sa.column("at", UTCDateTime()),
    sa.column("details", sa.JSON()),
)


def _columns() -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("audit_entries")}


def _refuses_update() -> None:
    with pytest.raises(sa.exc.DatabaseError):
        db.session.execute(sa.text("UPDATE audit_entries SET reason = 'rewritten'"))
    db.session.rollback()


def test_backfill_chains_old_entries_and_keeps_the_log_append_only(tmp_path: Path) -> None:
    with scratch_database(tmp_path) as url, app_on(url, tmp_path):
        upgrade(revision=BEFORE_CHAIN)
        written = [
            {
                "action": f"old.{n}",
                "object_type": "wijken",
                "object_id": n,
                "reason": "Één reden",
                "at": datetime(2026, 5, n + 1, 10, 30, 15, 123456 * n % 1_000_000, tzinfo=UTC),
                "details": {"n": n, "list": [n, "ü"]},
            }
            for n in range(3)
        ]
        db.session.execute(OLD_ENTRIES.insert(), written)
        db.session.commit()

        upgrade()
        entries = list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))
        assert [e.action for e in entries] == ["old.0", "old.1", "old.2"]
        assert entries[0].prev_hash == chain.GENESIS
        verdict = chain.verify(db.session)
        assert verdict.intact and verdict.entries == 3, verdict.summary()
        _refuses_update()  # the triggers are back

        new = record(None, "new.entry", entries[0])
        db.session.commit()
        assert new.prev_hash == entries[-1].hash
        assert chain.verify(db.session).entries == 4

        db.session.remove()
        downgrade(revision=BEFORE_CHAIN)
        assert not {"prev_hash", "hash"} & _columns()
        _refuses_update()
        count = db.session.scalar(sa.select(sa.func.count()).select_from(OLD_ENTRIES))
        assert count == 4
        db.session.remove()

        upgrade()  # and up again: the chain is rebuilt from the same fields
        assert chain.verify(db.session).entries == 4
