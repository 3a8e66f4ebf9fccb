"""The voting set-up of a round, eligible addresses, the voter roll and the ballots.

The roll (who may vote, and whether they did) and the ballots (what was chosen) share no key,
no order and no timestamp: ballot ids are random, ballots have no creation time, and on SQLite
both tables are stored WITHOUT ROWID so not even the storage order says anything.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.db import Base, UTCDateTime, str_enum
from wijkbudget.wijken.models import Round


class BallotType(StrEnum):
    APPROVAL = "approval"  # choose up to k initiatives
    KNAPSACK = "knapsack"  # choose initiatives whose costs fit the budget
    POINTS = "points"  # spread N points


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"  # entered by the wijkondersteuner from a paper ballot


COUNTING_RULES = ("greedy", "equalshares")


def random_id() -> str:
    return uuid.uuid4().hex


class VotingSetup(Base):
    """How a round votes. Frozen once voting opens: ``frozen`` holds the ballot as it was."""

    __tablename__ = "voting_setups"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), unique=True
    )
    ballot_type: Mapped[BallotType] = mapped_column(
        str_enum(BallotType), default=BallotType.KNAPSACK
    )
    max_choices: Mapped[int] = mapped_column(default=5)  # approval: k
    min_share_percent: Mapped[int] = mapped_column(default=0)  # knapsack: spend at least this
    points: Mapped[int] = mapped_column(default=10)  # points: N
    counting_rule: Mapped[str] = mapped_column(sa.String(24), default="greedy")
    minimum_age: Mapped[int] = mapped_column(default=16)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # At opening: {"budget_cents": …, "initiatives": [{"id", "title", "amount_cents"}, …]}
    frozen: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    round: Mapped[Round] = relationship()

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class EligibleAddress(Base):
    """An address with the number of residents there who may vote (from the register)."""

    __tablename__ = "voting_addresses"
    __table_args__ = (
        sa.UniqueConstraint(
            "round_id", "postcode", "house_number", "addition", name="uq_voting_addresses_address"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    postcode: Mapped[str] = mapped_column(sa.String(6))  # 9733AB
    house_number: Mapped[int]
    addition: Mapped[str] = mapped_column(sa.String(10), default="")
    residents: Mapped[int]

    @property
    def short(self) -> str:
        """The address as printed on a letter: 9733 AB 12-a."""
        number = f"{self.house_number}{'-' + self.addition if self.addition else ''}"
        return f"{self.postcode[:4]} {self.postcode[4:]} {number}"


ROLL_FILLFACTOR = 60


class RollEntry(Base):
    """One stemcode on the voter roll: only its keyed hash, whether and how it voted.

    ``pointer`` is the id of this voter's ballot, encrypted with a key derived from the
    stemcode itself (which is never stored): only the voter, by typing the code again, can
    find their ballot to change it.
    """

    __tablename__ = "voting_roll"
    __table_args__ = (
        # One valid code per letter: a double "make the letters" cannot issue a second set.
        sa.Index(
            "uq_voting_roll_active_letter",
            "address_id",
            "letter_number",
            unique=True,
            sqlite_where=sa.text("revoked = 0"),
            postgresql_where=sa.text("NOT revoked"),
        ),
        # Room on each page for the new version of a row when its code votes: PostgreSQL then
        # updates it in place (HOT) instead of adding an entry to each of its five indexes.
        {"sqlite_with_rowid": False, "postgresql_with": {"fillfactor": ROLL_FILLFACTOR}},
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=random_id)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    address_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("voting_addresses.id", ondelete="SET NULL"), index=True
    )
    letter_number: Mapped[int] = mapped_column(default=1)  # 1..residents at the address
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(default=False)
    voted: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[Channel | None] = mapped_column(str_enum(Channel))
    voted_on: Mapped[date | None]  # Dutch date of the last cast, for turnout per day
    casts: Mapped[int] = mapped_column(default=0)  # guards the conditional UPDATE
    pointer: Mapped[bytes | None] = mapped_column(sa.LargeBinary)

    address: Mapped[EligibleAddress | None] = relationship()


class Ballot(Base):
    """One counted ballot: a random id, the choices, the channel and the receipt code.

    Deliberately no creation time and no reference to the roll.
    """

    __tablename__ = "voting_ballots"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "receipt", name="uq_voting_ballots_receipt"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=random_id)
    # No index of its own: uq_voting_ballots_receipt starts with round_id.
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    # {"<initiative id>": weight}: 1 for approval and knapsack, the points for points.
    choices: Mapped[dict[str, int]] = mapped_column(sa.JSON)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    receipt: Mapped[str] = mapped_column(sa.String(16))
