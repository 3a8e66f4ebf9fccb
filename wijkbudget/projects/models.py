"""A programme project, its activities, coordinators and the people who signed up."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkbudget.auth.models import User
from wijkbudget.db import Base, UTCDateTime, str_enum, utcnow
from wijkbudget.wijken.models import Wijk


class ProgrammeLine(StrEnum):
    """The five themes of the wijkvernieuwing."""

    WONEN = "wonen"
    WERKEN = "werken"
    LEREN = "leren"
    VEILIG = "veilig"
    MEEDOEN = "meedoen"


class Audience(StrEnum):
    CHILDREN = "children"
    YOUNG_PEOPLE = "young-people"
    PARENTS = "parents"
    OLDER = "older"
    EVERYONE = "everyone"


class JoinWay(StrEnum):
    TAKE_PART = "take-part"
    VOLUNTEER = "volunteer"
    THINK_ALONG = "think-along"


class SignupStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    JOINED = "joined"
    WAITING = "waiting"
    CANCELLED = "cancelled"

    @property
    def holds_place(self) -> bool:
        """A sign-up that counts against the capacity of the project."""
        return self in (SignupStatus.NEW, SignupStatus.CONTACTED, SignupStatus.JOINED)


project_wijken = sa.Table(
    "project_wijken",
    Base.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("wijk_id", sa.ForeignKey("wijken.id", ondelete="CASCADE"), primary_key=True),
)

project_coordinators = sa.Table(
    "project_coordinators",
    Base.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Base):
    """A project of a wijkvernieuwing programme that residents can join."""

    __tablename__ = "projects"
    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="ages_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    programme_line: Mapped[ProgrammeLine] = mapped_column(str_enum(ProgrammeLine))
    title_nl: Mapped[str] = mapped_column(sa.String(160))
    title_en: Mapped[str] = mapped_column(sa.String(160))
    summary_nl: Mapped[str] = mapped_column(sa.String(400))
    summary_en: Mapped[str] = mapped_column(sa.String(400))
    description_nl: Mapped[str] = mapped_column(sa.Text)
    description_en: Mapped[str] = mapped_column(sa.Text)
    organisation: Mapped[str] = mapped_column(sa.String(200))
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    schedule_nl: Mapped[str] = mapped_column(sa.String(300), default="")
    schedule_en: Mapped[str] = mapped_column(sa.String(300), default="")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    capacity: Mapped[int | None]
    signup_open: Mapped[bool] = mapped_column(default=True)
    # Children sign up through a parent or guardian, who gives consent.
    needs_guardian: Mapped[bool] = mapped_column(default=False)
    ends_on: Mapped[date | None]
    privacy_nl: Mapped[str] = mapped_column(sa.Text)
    privacy_en: Mapped[str] = mapped_column(sa.Text)
    photo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    photo_alt_nl: Mapped[str] = mapped_column(sa.String(300), default="")
    photo_alt_en: Mapped[str] = mapped_column(sa.String(300), default="")
    has_photo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    wijken: Mapped[list[Wijk]] = relationship(
        secondary=project_wijken, order_by="Wijk.name", lazy="selectin"
    )
    coordinators: Mapped[list[User]] = relationship(
        secondary=project_coordinators, order_by="User.name", lazy="selectin"
    )
    audience_rows: Mapped[list[ProjectAudience]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    way_rows: Mapped[list[ProjectJoinWay]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Activity.starts_at"
    )
    signups: Mapped[list[Signup]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def audiences(self) -> list[Audience]:
        return sorted((row.audience for row in self.audience_rows), key=list(Audience).index)

    @audiences.setter
    def audiences(self, values: list[Audience]) -> None:
        current = {row.audience: row for row in self.audience_rows}
        self.audience_rows = [current.get(a) or ProjectAudience(audience=a) for a in set(values)]

    @property
    def join_ways(self) -> list[JoinWay]:
        return sorted((row.way for row in self.way_rows), key=list(JoinWay).index)

    @join_ways.setter
    def join_ways(self, values: list[JoinWay]) -> None:
        current = {row.way: row for row in self.way_rows}
        self.way_rows = [current.get(w) or ProjectJoinWay(way=w) for w in set(values)]

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"


class ProjectAudience(Base):
    __tablename__ = "project_audiences"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[Audience] = mapped_column(str_enum(Audience), primary_key=True)


class ProjectJoinWay(Base):
    __tablename__ = "project_join_ways"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    way: Mapped[JoinWay] = mapped_column(str_enum(JoinWay), primary_key=True)


class Activity(Base):
    """One dated activity of a project; it goes into the project's calendar file."""

    __tablename__ = "project_activities"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title_nl: Mapped[str] = mapped_column(sa.String(160))
    title_en: Mapped[str] = mapped_column(sa.String(160))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(200), default="")

    project: Mapped[Project] = relationship(back_populates="activities")


class Signup(Base):
    """A person who wants to join a project. No account needed: name and e-mail or phone."""

    __tablename__ = "project_signups"
    __table_args__ = (sa.CheckConstraint("email <> '' OR phone <> ''", name="email_or_phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    # The secret in the link of the confirmation mail: lets the person cancel and be forgotten.
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    way: Mapped[JoinWay] = mapped_column(str_enum(JoinWay))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    guardian_name: Mapped[str] = mapped_column(sa.String(120), default="")
    guardian_consent: Mapped[bool] = mapped_column(default=False)
    child_age: Mapped[int | None]
    status: Mapped[SignupStatus] = mapped_column(str_enum(SignupStatus), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship(back_populates="signups")

    def __repr__(self) -> str:
        return f"<Signup {self.id} {self.status}>"
