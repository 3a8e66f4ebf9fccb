"""An initiative (a resident's idea for the wijk), its cost lines, photo and versions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.auth.models import User
from wijkbudget.db import Base, UTCDateTime, str_enum, utcnow
from wijkbudget.wijken.models import Round, Wijk


class Status(StrEnum):
    """Where an initiative is on its way from idea to the vote."""

    DRAFT = "draft"  # only the initiator sees it
    SUBMITTED = "submitted"  # waiting for the wijkondersteuner (new or changed)
    CHANGES_REQUESTED = "changes_requested"  # the initiator is asked to change it
    PUBLISHED = "published"  # public; the werkgroep checks it against the criteria
    ADMITTED = "admitted"  # on the ballot
    NOT_ADMITTED = "not_admitted"
    HIDDEN = "hidden"  # spam, abuse or personal data
    DUPLICATE = "duplicate"  # the same as another initiative

    @property
    def is_public(self) -> bool:
        return self in PUBLIC_STATUSES


PUBLIC_STATUSES = frozenset(
    {Status.PUBLISHED, Status.ADMITTED, Status.NOT_ADMITTED, Status.DUPLICATE}
)


class Theme(Base):
    """A programme line (Wonen, Werken, Leren, Veilig zijn, Meedoen), configurable per wijk."""

    __tablename__ = "themes"
    __table_args__ = (sa.UniqueConstraint("wijk_id", "name", name="uq_themes_wijk_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(sa.ForeignKey("wijken.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)
    # A theme taken off the list stays for the ideas that already use it, but is not offered.
    archived: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    wijk: Mapped[Wijk] = relationship()


class Initiative(Base):
    __tablename__ = "initiatives"
    __table_args__ = (sa.CheckConstraint("amount_cents >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.DRAFT, index=True)
    version: Mapped[int] = mapped_column(default=0)  # 1 at the first submission

    title: Mapped[str] = mapped_column(sa.String(120))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    initiator_name: Mapped[str] = mapped_column(sa.String(120), default="")
    initiator_contact: Mapped[str] = mapped_column(sa.String(254), default="")
    group_name: Mapped[str] = mapped_column(sa.String(120), default="")
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id", ondelete="SET NULL"))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    consent_to_publish: Mapped[bool] = mapped_column(default=False)

    # Assisted submission: a wijkondersteuner entered it for a resident who is not online.
    assisted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    edited_by_moderator: Mapped[bool] = mapped_column(default=False)
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("initiatives.id"))
    # What the initiator is asked to change (by the wijkondersteuner or the werkgroep).
    changes_requested: Mapped[str] = mapped_column(sa.Text, default="")
    moderation_note: Mapped[str] = mapped_column(sa.Text, default="")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    assisted_by: Mapped[User | None] = relationship(foreign_keys=[assisted_by_id])
    theme: Mapped[Theme | None] = relationship()
    duplicate_of: Mapped[Initiative | None] = relationship(remote_side=[id])
    cost_lines: Mapped[list[CostLine]] = relationship(
        back_populates="initiative",
        cascade="all, delete-orphan",
        order_by="CostLine.position",
        lazy="selectin",
    )
    photo: Mapped[Photo | None] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", uselist=False
    )
    versions: Mapped[list[InitiativeVersion]] = relationship(
        back_populates="initiative",
        cascade="all, delete-orphan",
        order_by="InitiativeVersion.number",
    )

    @property
    def assisted(self) -> bool:
        return self.assisted_by_id is not None

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.status}>"


class CostLine(Base):
    """One line of the cost breakdown: what, and how much in whole cents."""

    __tablename__ = "cost_lines"
    __table_args__ = (sa.CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    item: Mapped[str] = mapped_column(sa.String(200))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)

    initiative: Mapped[Initiative] = relationship(back_populates="cost_lines")


class Photo(Base):
    """The initiative's photo, re-encoded as JPEG without metadata (location, camera)."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    alt_text: Mapped[str] = mapped_column(sa.String(200), default="")

    initiative: Mapped[Initiative] = relationship(back_populates="photo")


class InitiativeVersion(Base):
    """What the initiative said when it was (re)submitted; the werkgroep can read every one."""

    __tablename__ = "initiative_versions"
    __table_args__ = (
        sa.UniqueConstraint("initiative_id", "number", name="uq_initiative_versions_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative: Mapped[Initiative] = relationship(back_populates="versions")
