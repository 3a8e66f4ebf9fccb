"""Which rounds an across-wijken export covers."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from wijkbudget.auth.models import User
from wijkbudget.auth.permissions import can_export
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

CLOSED = (Phase.COUNTING, Phase.RESULTS)


def closed_rounds(today: date, year: int | None = None) -> list[Round]:
    """Every round (of ``year``, or all) whose voting has closed, newest year first, by wijk."""
    query = (
        sa.select(Round)
        .join(Wijk)
        .options(selectinload(Round.wijk))
        .order_by(Round.year.desc(), Wijk.name)
    )
    if year is not None:
        query = query.where(Round.year == year)
    return [r for r in db.session.scalars(query) if r.phase_on(today) in CLOSED]


def exportable_rounds(user: User | None, today: date, year: int | None = None) -> list[Round]:
    """The closed rounds that ``user`` may export today (the web pages ask this)."""
    return [r for r in closed_rounds(today, year) if can_export(user, r, today)]


def years() -> list[int]:
    """The years that have a round, newest first."""
    query = sa.select(Round.year).distinct().order_by(Round.year.desc())
    return list(db.session.scalars(query))
