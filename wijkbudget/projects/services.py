"""Creating and changing projects, their activities and coordinators. Every change is audited.

Services flush but do not commit; the request or CLI command commits once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import Role, User
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.projects import permissions
from wijkbudget.projects.models import (
    Activity,
    Audience,
    JoinWay,
    ProgrammeLine,
    Project,
    Signup,
    SignupStatus,
)
from wijkbudget.wijken.models import Wijk

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProjectError(FieldError):
    """Input that would make a project wrong; ``field`` names the form field at fault."""


@dataclass
class ProjectData:
    """What a manager fills in for a project (everything but the photo and activities)."""

    slug: str
    programme_line: ProgrammeLine
    title_nl: str
    title_en: str
    summary_nl: str
    summary_en: str
    description_nl: str
    description_en: str
    organisation: str
    privacy_nl: str
    privacy_en: str
    wijken: list[Wijk]
    audiences: list[Audience]
    join_ways: list[JoinWay]
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    location: str = ""
    schedule_nl: str = ""
    schedule_en: str = ""
    min_age: int | None = None
    max_age: int | None = None
    capacity: int | None = None
    signup_open: bool = True
    needs_guardian: bool = False
    ends_on: date | None = None


_SIMPLE_FIELDS = [
    f.name for f in fields(ProjectData) if f.name not in {"wijken", "audiences", "join_ways"}
]


def _snapshot(project: Project) -> dict[str, object]:
    data: dict[str, object] = {}
    for name in _SIMPLE_FIELDS:
        value = getattr(project, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["wijken"] = [w.slug for w in project.wijken]
    data["audiences"] = [a.value for a in project.audiences]
    data["join_ways"] = [w.value for w in project.join_ways]
    return data


def _check(actor: User | None, project: Project | None, data: ProjectData) -> None:
    if not _SLUG.match(data.slug):
        raise ProjectError("slug", "bad_slug")
    clash = sa.select(Project.id).where(Project.slug == data.slug)
    if project is not None:
        clash = clash.where(Project.id != project.id)
    if db.session.scalar(clash) is not None:
        raise ProjectError("slug", "slug_taken")
    if not data.wijken:
        raise ProjectError("wijken", "no_wijk")
    if not data.audiences:
        raise ProjectError("audiences", "no_audience")
    if not data.join_ways:
        raise ProjectError("join_ways", "no_way")
    if data.min_age is not None and data.max_age is not None and data.min_age > data.max_age:
        raise ProjectError("min_age", "ages_out_of_order")
    if actor is not None:  # the CLI and demo (actor None) may place projects anywhere
        before = {w.id for w in project.wijken} if project else set()
        added = [w for w in data.wijken if w.id not in before]
        if any(not permissions.can_create_project_in(actor, w) for w in added):
            raise ProjectError("wijken", "not_your_wijk")


def _apply(project: Project, data: ProjectData) -> None:
    for name in _SIMPLE_FIELDS:
        value = getattr(data, name)
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.wijken = list(data.wijken)
    project.audiences = list(data.audiences)
    project.join_ways = list(data.join_ways)


def _wijk_id(project: Project) -> int | None:
    return project.wijken[0].id if project.wijken else None


def create_project(actor: User | None, data: ProjectData) -> Project:
    """A new project in one or more wijken."""
    data.slug = data.slug.strip().lower()
    _check(actor, None, data)
    project = Project()
    _apply(project, data)
    db.session.add(project)
    db.session.flush()
    record(actor, "project.create", project, wijk_id=_wijk_id(project), after=_snapshot(project))
    return project


def update_project(
    actor: User | None, project: Project, data: ProjectData, *, reason: str = ""
) -> list[Signup]:
    """Change a project. Raising the capacity moves people up: they are returned, to be mailed."""
    from wijkbudget.projects import signups  # signups uses this module's readers

    data.slug = data.slug.strip().lower()
    _check(actor, project, data)
    before = _snapshot(project)
    _apply(project, data)
    db.session.flush()
    after = _snapshot(project)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    record(
        actor,
        "project.update",
        project,
        reason=reason,
        wijk_id=_wijk_id(project),
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return signups.fill_free_places(actor, project)


def set_photo(
    actor: User | None, project: Project, photo: bytes | None, alt_nl: str, alt_en: str
) -> None:
    """Replace (or with ``None`` remove) the project's photo; the caller has cleaned it."""
    project.photo = photo
    project.has_photo = photo is not None
    project.photo_alt_nl, project.photo_alt_en = alt_nl.strip(), alt_en.strip()
    db.session.flush()
    record(actor, "project.photo", project, wijk_id=_wijk_id(project), removed=photo is None)


def add_activity(
    actor: User | None,
    project: Project,
    *,
    title_nl: str,
    title_en: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
) -> Activity:
    """A dated activity of the project (it shows on the project page and in the calendar)."""
    if ends_at <= starts_at:
        raise ProjectError("ends_at", "ends_before_start")
    activity = Activity(
        project=project,
        title_nl=title_nl.strip(),
        title_en=title_en.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
    )
    db.session.add(activity)
    db.session.flush()
    record(
        actor,
        "project.activity_add",
        project,
        wijk_id=_wijk_id(project),
        activity=activity.id,
        title=activity.title_nl,
        starts_at=starts_at.isoformat(),
    )
    return activity


def remove_activity(actor: User | None, activity: Activity) -> None:
    project = activity.project
    record(
        actor,
        "project.activity_remove",
        project,
        wijk_id=_wijk_id(project),
        activity=activity.id,
        title=activity.title_nl,
        starts_at=activity.starts_at.isoformat(),
    )
    project.activities.remove(activity)
    db.session.flush()


def add_coordinator(actor: User | None, project: Project, email: str) -> User:
    """Link an existing account to the project as its coordinator (gives the role if needed)."""
    user = auth_services.find_user(email)
    if user is None:
        raise ProjectError("email", "no_account")
    if any(c.id == user.id for c in project.coordinators):
        raise ProjectError("email", "already_coordinator")
    if not user.has_role(Role.COORDINATOR):
        auth_services.assign_role(
            actor, user, Role.COORDINATOR, None, f"coordinator of {project.slug}"
        )
    project.coordinators.append(user)
    db.session.flush()
    record(actor, "project.coordinator_add", project, wijk_id=_wijk_id(project), user=user.id)
    return user


def remove_coordinator(actor: User | None, project: Project, user: User) -> None:
    """Unlink a coordinator; the role itself stays while they coordinate another project."""
    project.coordinators = [c for c in project.coordinators if c.id != user.id]
    db.session.flush()
    record(actor, "project.coordinator_remove", project, wijk_id=_wijk_id(project), user=user.id)
    still = db.session.scalar(
        sa.select(sa.func.count()).select_from(Project).where(Project.coordinators.any(id=user.id))
    )
    if not still:
        for assignment in list(user.roles):
            if assignment.role is Role.COORDINATOR:
                auth_services.revoke_role(
                    actor, assignment, f"no longer coordinates {project.slug}"
                )


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    wijk: Wijk | None = None
    line: ProgrammeLine | None = None
    audience: Audience | None = None
    way: JoinWay | None = None


def find_projects(filters: Filters) -> list[Project]:
    """Projects matching every chosen filter, by title. "Everyone" projects fit every group."""
    query = sa.select(Project).order_by(Project.title_nl)
    if filters.wijk is not None:
        query = query.where(Project.wijken.any(Wijk.id == filters.wijk.id))
    if filters.line is not None:
        query = query.where(Project.programme_line == filters.line)
    projects = list(db.session.scalars(query))
    if filters.audience is not None:
        wanted = {filters.audience, Audience.EVERYONE}
        projects = [p for p in projects if wanted & set(p.audiences)]
    if filters.way is not None:
        projects = [p for p in projects if filters.way in p.join_ways]
    return projects


def project_by_slug(slug: str) -> Project | None:
    return db.session.scalar(sa.select(Project).where(Project.slug == slug))


def upcoming_activities(project: Project, now: datetime, limit: int = 5) -> list[Activity]:
    query = (
        sa.select(Activity)
        .where(Activity.project_id == project.id, Activity.ends_at >= now)
        .order_by(Activity.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def manageable_projects(user: User) -> list[Project]:
    projects = db.session.scalars(sa.select(Project).order_by(Project.title_nl))
    return [p for p in projects if permissions.can_manage_project(user, p)]


def places_taken(project: Project) -> int:
    query = sa.select(sa.func.count()).where(
        Signup.project_id == project.id,
        Signup.status.in_([s for s in SignupStatus if s.holds_place]),
    )
    return db.session.scalar(query) or 0


def is_full(project: Project) -> bool:
    return project.capacity is not None and places_taken(project) >= project.capacity
