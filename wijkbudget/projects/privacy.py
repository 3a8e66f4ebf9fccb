"""Keeping sign-ups no longer than needed (AVG): deleted a set time after the project ends.

Cancelled sign-ups go the same time after they were cancelled. The audit log keeps only how
many were deleted, never who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.extensions import db
from wijkbudget.projects.models import Project, Signup, SignupStatus
from wijkbudget.wijken.phases import DUTCH_TIME

DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class PurgeResult:
    ended_projects: int
    signups_deleted: int


def purge(today: date, retention_days: int = DEFAULT_RETENTION_DAYS) -> PurgeResult:
    """Delete the sign-ups of projects that ended more than ``retention_days`` ago, and
    cancelled sign-ups cancelled longer ago than that."""
    if retention_days < 0:
        raise ValueError("retention_days must not be negative")
    cutoff_day = today - timedelta(days=retention_days)
    cutoff = datetime.combine(cutoff_day, time.min, tzinfo=DUTCH_TIME)
    ended = list(
        db.session.scalars(
            sa.select(Project).where(Project.ends_on.is_not(None), Project.ends_on < cutoff_day)
        )
    )
    deleted = 0
    for project in ended:
        ids = list(db.session.scalars(sa.select(Signup.id).where(Signup.project_id == project.id)))
        if ids:
            db.session.execute(sa.delete(Signup).where(Signup.id.in_(ids)))
            deleted += len(ids)
            record(None, "signup.purge", project, reason="project ended", deleted=len(ids))
    stale = list(
        db.session.scalars(
            sa.select(Signup).where(
                Signup.status == SignupStatus.CANCELLED, Signup.cancelled_at < cutoff
            )
        )
    )
    by_project: dict[int, int] = {}
    for signup in stale:
        by_project[signup.project_id] = by_project.get(signup.project_id, 0) + 1
        db.session.delete(signup)
    db.session.flush()
    for project_id, count in by_project.items():
        owner = db.session.get(Project, project_id)
        if owner is not None:
            record(None, "signup.purge", owner, reason="cancelled", deleted=count)
    deleted += len(stale)
    db.session.expire_all()
    return PurgeResult(ended_projects=len(ended), signups_deleted=deleted)
