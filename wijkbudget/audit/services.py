"""Writing to the audit log. Every decision by a moderator, werkgroep member or admin calls this."""

from __future__ import annotations

from typing import Any

from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import User
from wijkbudget.db import Base
from wijkbudget.extensions import db


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
