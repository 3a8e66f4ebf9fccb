"""The append-only audit log: who did what, when, to which object, and why.

Rows are never updated or deleted: the ORM refuses it here, and the database refuses it too
(triggers created by the migration), so even a hand-written UPDATE cannot rewrite history.
Each entry also carries the hash of the one before it (see :mod:`wijkbudget.audit.chain`), so
whoever gets past the triggers still cannot rewrite history unseen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from wijkbudget.auth.models import User
from wijkbudget.db import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    wijk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wijken.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Unique: two entries chaining from the same one would be a fork; the database refuses it.
    prev_hash: Mapped[str] = mapped_column(sa.String(64), index=True, unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64))

    actor: Mapped[User | None] = relationship(lazy="joined")


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(
    mapper: Mapper[AuditEntry], connection: sa.Connection, target: AuditEntry
) -> None:
    raise AuditLogIsAppendOnly("audit entries are never changed or deleted")
