"""Writing to the audit log. Every decision by a moderator, werkgroep member or admin calls this."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import User
from wijkbudget.db import Base
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
    """
    db.session.flush()  # so that a new ``obj`` has its id
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=type(obj).__tablename__,
        object_id=getattr(obj, "id", None),
        wijk_id=wijk_id,
        reason=reason.strip(),
        details=details,
    )
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
