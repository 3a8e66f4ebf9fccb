"""Paper ballots: the numbered sheets of a round, their two (or three) entries, assisted votes.

A sheet is never linked to the stemcode it was issued against: issuing marks the code as used
on paper on the roll and the sheet as issued, and nothing joins the two. What was chosen on a
sheet is known to the people entering it, as it is on the paper itself; once both entries
agree (or a third person resolved them), a :class:`~wijkbudget.voting.models.Ballot` with a
random id joins the online ballots for the count.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.auth.models import User
from wijkbudget.db import Base, UTCDateTime, str_enum, utcnow


class SheetState(StrEnum):
    """What the entries decided about a returned sheet."""

    VALID = "valid"  # counted
    BLANK = "blank"  # returned with nothing chosen: a voter, not counted
    INVALID = "invalid"  # e.g. over the budget or unreadable: not counted


class InvalidReason(StrEnum):
    OVER_BUDGET = "over_budget"
    TOO_MANY = "too_many"  # more choices or points than allowed
    UNREADABLE = "unreadable"
    IDENTIFIABLE = "identifiable"  # a name or signature on it
    OTHER = "other"


class AssistKind(StrEnum):
    PRESENT = "present"  # the resident is there with their letter
    PROXY = "proxy"  # someone else, with the resident's letter and written consent


class PaperSheet(Base):
    """One printed, numbered ballot. ``serial`` is unique in its round."""

    __tablename__ = "paper_sheets"
    __table_args__ = (sa.UniqueConstraint("round_id", "serial", name="uq_paper_sheets_serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    serial: Mapped[int]
    issued: Mapped[bool] = mapped_column(default=False)
    # Raised by every entry with a conditional UPDATE: two people entering the same sheet at
    # the same moment cannot both be "the second entry".
    version: Mapped[int] = mapped_column(default=0)
    # Set once both entries agree or a third person resolved them.
    state: Mapped[SheetState | None] = mapped_column(str_enum(SheetState))

    entries: Mapped[list[PaperEntry]] = relationship(
        back_populates="sheet", order_by="PaperEntry.id", cascade="all, delete-orphan"
    )


class PaperEntry(Base):
    """One person's reading of a returned sheet; a resolution is the third, with a reason."""

    __tablename__ = "paper_entries"
    __table_args__ = (
        # Two entries by two different people: nobody enters the same sheet twice.
        sa.UniqueConstraint("sheet_id", "entered_by_id", name="uq_paper_entries_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("paper_sheets.id", ondelete="CASCADE"), index=True
    )
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[SheetState] = mapped_column(str_enum(SheetState))
    choices: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    invalid_reason: Mapped[InvalidReason | None] = mapped_column(str_enum(InvalidReason))
    resolution: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # why, for a resolution

    sheet: Mapped[PaperSheet] = relationship(back_populates="entries")
    entered_by: Mapped[User | None] = relationship()

    def reading(self) -> tuple[SheetState, tuple[tuple[str, int], ...], InvalidReason | None]:
        """What this entry says, in a form two entries can be compared by."""
        return self.state, tuple(sorted(self.choices.items())), self.invalid_reason


class PaperOverride(Base):
    """An admin let the count start although paper was not reconciled (with the reason)."""

    __tablename__ = "paper_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), unique=True
    )
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(sa.Text)


class AssistedVote(Base):
    """That a helper assisted an online vote, and how. Never what was chosen, never the code."""

    __tablename__ = "paper_assisted_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    helper_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[AssistKind] = mapped_column(str_enum(AssistKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
