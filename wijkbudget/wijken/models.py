"""A wijk (neighbourhood) and its yearly rounds."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.db import Base
from wijkbudget.wijken.phases import Phase, PhaseDates

DEFAULT_BUDGET_CENTS = 2_500_000


class Wijk(Base):
    __tablename__ = "wijken"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")

    postcodes: Mapped[list[WijkPostcode]] = relationship(
        back_populates="wijk", cascade="all, delete-orphan", order_by="WijkPostcode.postcode"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="wijk", order_by="Round.year.desc()", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Wijk {self.slug}>"


class WijkPostcode(Base):
    """A four-digit postcode area (PC4) that belongs to exactly one wijk."""

    __tablename__ = "wijk_postcodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(sa.ForeignKey("wijken.id", ondelete="CASCADE"), index=True)
    postcode: Mapped[str] = mapped_column(sa.String(4), unique=True)

    wijk: Mapped[Wijk] = relationship(back_populates="postcodes")


class Round(Base):
    """One year's wijkbudget in one wijk: the budget and the dates of its phases."""

    __tablename__ = "rounds"
    __table_args__ = (
        sa.UniqueConstraint("wijk_id", "year", name="uq_rounds_wijk_year"),
        sa.CheckConstraint("budget_cents > 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(sa.ForeignKey("wijken.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    budget_cents: Mapped[int] = mapped_column(sa.BigInteger, default=DEFAULT_BUDGET_CENTS)
    submission_start: Mapped[date]
    review_start: Mapped[date]
    voting_start: Mapped[date]
    voting_end: Mapped[date]
    results_date: Mapped[date]
    # The most one initiative may ask for (0: up to the whole budget).
    max_per_initiative_cents: Mapped[int] = mapped_column(
        sa.BigInteger, default=0, server_default="0"
    )
    # How many werkgroep members review an initiative before the werkgroep decides.
    reviews_needed: Mapped[int] = mapped_column(default=2, server_default="2")
    # The criteria are versioned: a change after the review started makes a new version.
    criteria_version: Mapped[int] = mapped_column(default=1, server_default="1")

    wijk: Mapped[Wijk] = relationship(back_populates="rounds")

    @property
    def dates(self) -> PhaseDates:
        return PhaseDates(
            submission_start=self.submission_start,
            review_start=self.review_start,
            voting_start=self.voting_start,
            voting_end=self.voting_end,
            results_date=self.results_date,
        )

    def phase_on(self, day: date) -> Phase:
        return self.dates.phase_on(day)

    @property
    def max_per_initiative(self) -> int:
        """The most one initiative may ask for, in cents."""
        return self.max_per_initiative_cents or self.budget_cents

    def __repr__(self) -> str:
        return f"<Round {self.wijk_id}/{self.year}>"
