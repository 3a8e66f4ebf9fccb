"""Accounts, their roles, and failed logins (for throttling)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.db import Base, UTCDateTime, utcnow
from wijkbudget.wijken.models import Wijk


class Role(StrEnum):
    """What a person may do. Every account is a resident; the others are assigned by an admin."""

    RESIDENT = "resident"
    WERKGROEP = "werkgroep"  # checks initiatives against the criteria, per wijk
    WIJKONDERSTEUNER = "wijkondersteuner"  # moderates and helps residents offline, per wijk
    STEMBUREAU = "stembureau"  # volunteer at the buurthuis: paper ballots, per wijk
    GEMEENTE = "gemeente"  # reads and exports every wijk
    COORDINATOR = "coordinator"  # manages the projects linked to them (projects app)
    ADMIN = "admin"

    @property
    def per_wijk(self) -> bool:
        return self in (Role.WERKGROEP, Role.WIJKONDERSTEUNER, Role.STEMBUREAU)


ASSIGNABLE_ROLES = (
    Role.WERKGROEP,
    Role.WIJKONDERSTEUNER,
    Role.STEMBUREAU,
    Role.GEMEENTE,
    Role.ADMIN,
)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Changes whenever the password changes, so old sessions and reset links stop working.
    session_token: Mapped[str] = mapped_column(sa.String(64))

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def has_role(self, role: Role, wijk_id: int | None = None) -> bool:
        """True for a global role, or a per-wijk role in ``wijk_id``."""
        if role is Role.RESIDENT:
            return True
        return any(
            a.role == role and (not role.per_wijk or a.wijk_id == wijk_id) for a in self.roles
        )

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleAssignment(Base):
    """One role held by one user; werkgroep and wijkondersteuner roles belong to one wijk."""

    __tablename__ = "role_assignments"
    __table_args__ = (
        sa.UniqueConstraint(
            "user_id", "role", "wijk_id", name="uq_role_assignments_user_role_wijk"
        ),
        # NULLs are distinct in a unique constraint, so global roles need their own index.
        sa.Index(
            "uq_role_assignments_global",
            "user_id",
            "role",
            unique=True,
            sqlite_where=sa.text("wijk_id IS NULL"),
            postgresql_where=sa.text("wijk_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    wijk_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("wijken.id", ondelete="CASCADE"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")
    wijk: Mapped[Wijk | None] = relationship(lazy="joined")


class LoginFailure(Base):
    """A failed login (``kind`` "login"), or a request that sends mail to an address ("mail"),
    kept briefly to slow down password guessing and to stop anyone flooding an inbox."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="login", server_default="login")
