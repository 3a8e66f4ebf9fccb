"""Writing to the audit log. Every decision by a moderator, werkgroep member or admin calls this."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from wijkbudget.audit import chain
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import User
from wijkbudget.db import Base, utcnow
from wijkbudget.extensions import db
from wijkbudget.wijken.phases import DUTCH_TIME


def record(
    actor: User | None,
    action: str,
    obj: Base,
    *,
    reason: str = "",
    wijk_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``obj`` by ``actor`` (None: the system or CLI).

    Flushes but does not commit: the entry lands together with the change it describes.

    The entry is chained to the one before it (:mod:`wijkbudget.audit.chain`). To read "the
    one before" safely, this transaction first takes the chain lock and keeps it until it
    commits or rolls back (PostgreSQL: an advisory lock; SQLite: the write lock), so
    transactions that audit something append one after the other. Should a fork slip through
    anyway, the unique index on ``prev_hash`` makes the flush raise ``IntegrityError``: the
    caller's transaction then fails as a whole, loudly, and is not retried — a broken chain
    is a bug to look at, not a race to paper over. (Lock waits on SQLite surface as
    ``OperationalError``, which the committed services already retry.)
    """
    db.session.flush()  # so that a new ``obj`` has its id
    chain.lock_for_append(db.session)
    entry_id, prev_hash = chain.next_link(db.session)
    fields: dict[str, Any] = {
        "id": entry_id,
        "at": utcnow(),
        "actor_id": actor.id if actor else None,
        "action": action,
        "object_type": type(obj).__tablename__,
        "object_id": getattr(obj, "id", None),
        "wijk_id": wijk_id,
        "reason": reason.strip(),
        "details": chain.plain_json(details),
    }
    entry = AuditEntry(**fields, prev_hash=prev_hash, hash=chain.entry_hash(prev_hash, fields))
    db.session.add(entry)
    db.session.flush()
    return entry


def actions_in_use() -> list[str]:
    query = sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    return list(db.session.scalars(query))


def search(
    *,
    wijk_id: int | None = None,
    action: str = "",
    who: str = "",
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[AuditEntry]:
    """The log, newest first, filtered; dates are whole Dutch days, ``until`` included."""
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if wijk_id is not None:
        query = query.where(AuditEntry.wijk_id == wijk_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if who.strip():
        pattern = f"%{who.strip().lower()}%"
        query = query.join(User, AuditEntry.actor_id == User.id).where(
            sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern))
        )
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(), DUTCH_TIME))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), DUTCH_TIME)
        query = query.where(AuditEntry.at < end)
    return query
