"""Criteria, the werkgroep's reviews with a verdict per criterion, and its decisions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.auth.models import User
from wijkbudget.db import Base, UTCDateTime, str_enum, utcnow
from wijkbudget.initiatives.models import Initiative
from wijkbudget.wijken.models import Round


class Strength(StrEnum):
    MUST = "must"  # an initiative that does not meet it cannot be admitted
    SHOULD = "should"  # weighs in, but does not decide alone


class Verdict(StrEnum):
    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"
    UNCLEAR = "unclear"


class Outcome(StrEnum):
    ADMITTED = "admitted"
    CHANGES_NEEDED = "changes_needed"
    NOT_ADMITTED = "not_admitted"


class Criterion(Base):
    """One published criterion of a round. Versions are kept: old reviews point to old text."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(300))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    strength: Mapped[Strength] = mapped_column(str_enum(Strength), default=Strength.MUST)

    round: Mapped[Round] = relationship()


class ConflictOfInterest(Base):
    """A werkgroep member declared a link to an initiative, and so does not review it."""

    __tablename__ = "conflicts_of_interest"
    __table_args__ = (
        sa.UniqueConstraint("initiative_id", "user_id", name="uq_conflicts_of_interest_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(Base):
    """One werkgroep member's check of one version of an initiative."""

    __tablename__ = "reviews"
    __table_args__ = (
        sa.UniqueConstraint(
            "initiative_id", "version", "reviewer_id", name="uq_reviews_one_per_member"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped[User] = relationship()
    verdicts: Mapped[list[CriterionVerdict]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CriterionVerdict.id"
    )


class Decision(Base):
    """The werkgroep's decision on one version, with the final verdict per criterion."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome))
    changes: Mapped[str] = mapped_column(sa.Text, default="")  # what to change, when asked
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User] = relationship()
    initiative: Mapped[Initiative] = relationship()
    verdicts: Mapped[list[CriterionVerdict]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CriterionVerdict.id"
    )


class CriterionVerdict(Base):
    """Meets / does not meet / unclear for one criterion, with its reason (review or decision)."""

    __tablename__ = "criterion_verdicts"
    __table_args__ = (
        sa.CheckConstraint("(review_id IS NULL) <> (decision_id IS NULL)", name="belongs_to_one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reviews.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id"))
    verdict: Mapped[Verdict] = mapped_column(str_enum(Verdict))
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    criterion: Mapped[Criterion] = relationship(lazy="joined")
