"""The outcome of a round's count: what was funded, why, and how anyone can check it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.db import Base, UTCDateTime
from wijkbudget.wijken.models import Round


class Outcome(Base):
    """One count of one round. Private until ``published_at`` is set; then it never changes.

    ``per_initiative`` holds one dict per initiative on the ballot, in ballot order:
    ``{"id", "title", "amount_cents", "votes_online", "votes_paper", "funded", "reason"}``
    plus ``"project"``, the initiative's id in the ``.pb`` file and the trace
    (``id`` is ``None`` for an imported round; ``reason`` a
    :class:`wijkbudget.counting.result.Reason` value). ``trace`` is the engine's
    ``CountResult.to_json()``: exact fractions as strings, project ids as text.
    """

    __tablename__ = "results_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), unique=True
    )
    rule: Mapped[str] = mapped_column(sa.String(24))
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    engine_version: Mapped[str] = mapped_column(sa.String(24))
    ballots_sha256: Mapped[str] = mapped_column(sa.String(64))
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    counted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    budget_cents: Mapped[int] = mapped_column(sa.BigInteger)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    ballots_online: Mapped[int] = mapped_column(default=0)
    ballots_paper: Mapped[int] = mapped_column(default=0)
    per_initiative: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    trace: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    imported: Mapped[bool] = mapped_column(default=False)
    # The ballots exactly as counted: a Pabulib .pb text, anonymous ids 1..n in shuffled order.
    # The results pack ships it, so every download is the same file. Loaded only when asked.
    ballots_pb: Mapped[str] = mapped_column(sa.Text, default="", deferred=True)

    round: Mapped[Round] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def ballots(self) -> int:
        return self.ballots_online + self.ballots_paper

    @property
    def left_cents(self) -> int:
        return self.budget_cents - self.total_cents

    def __repr__(self) -> str:
        return f"<Outcome round={self.round_id} rule={self.rule}>"
