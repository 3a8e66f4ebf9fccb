"""Signing up for a project without an account, the waiting list, cancelling and forgetting.

The rules: a project never holds more places than its capacity (new, contacted and joined
sign-ups hold a place); when it is full, a new sign-up goes onto the waiting list; when a place
frees up, the first person waiting (the earliest sign-up) moves up. The project row is locked
while places are counted, so two people signing up at once cannot both take the last place.

Sign-ups hold personal data: the audit log records what coordinators decide, never names or
contact details. Services flush but do not commit, and return the people to mail.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.projects.models import JoinWay, Project, Signup, SignupStatus
from wijkbudget.projects.services import is_full


class SignupError(FieldError):
    """A sign-up the rules refuse; ``field`` names the form field at fault."""

    def __init__(
        self, field: str, code: str, /, existing: Signup | None = None, **params: object
    ) -> None:
        super().__init__(field, code, **params)
        self.existing = existing


@dataclass(frozen=True)
class SignupData:
    name: str
    way: JoinWay
    email: str = ""
    phone: str = ""
    message: str = ""
    guardian_name: str = ""
    guardian_consent: bool = False
    child_age: int | None = None
    locale: str = "nl"


def normalise_phone(phone: str) -> str:
    """Digits only, with +31 and 0031 read as 0: "06-12 34 56 78" and "+31612345678" match."""
    digits = re.sub(r"[^0-9+]", "", phone)
    for prefix in ("+31", "0031"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :]
    return digits.replace("+", "")


def _lock(project: Project) -> None:
    """Hold the project row until commit, so places are counted one sign-up at a time."""
    db.session.execute(sa.select(Project.id).where(Project.id == project.id).with_for_update())


def _wijk_id(project: Project) -> int | None:
    return project.wijken[0].id if project.wijken else None


def find_duplicate(project: Project, email: str, phone: str) -> Signup | None:
    """An earlier sign-up (not cancelled) with the same e-mail address or phone number."""
    query = sa.select(Signup).where(
        Signup.project_id == project.id, Signup.status != SignupStatus.CANCELLED
    )
    phone = normalise_phone(phone)
    for other in db.session.scalars(query.order_by(Signup.id)):
        if email and other.email == email:
            return other
        if phone and other.phone and normalise_phone(other.phone) == phone:
            return other
    return None


def _check(project: Project, data: SignupData, email: str, phone: str) -> None:
    if not project.signup_open:
        raise SignupError("name", "closed")
    if data.way not in project.join_ways:
        raise SignupError("way", "way_not_offered")
    if not email and not phone:
        raise SignupError("email", "email_or_phone")
    if project.needs_guardian:
        if not data.guardian_name.strip():
            raise SignupError("guardian_name", "guardian_needed")
        if not data.guardian_consent:
            raise SignupError("guardian_consent", "consent_needed")
    if data.child_age is not None and (project.min_age is not None or project.max_age is not None):
        low = project.min_age if project.min_age is not None else 0
        high = project.max_age if project.max_age is not None else 120
        if not low <= data.child_age <= high:
            raise SignupError("child_age", "age_outside_range", min=low, max=high)


def sign_up(project: Project, data: SignupData, now: datetime) -> Signup:
    """Sign someone up; onto the waiting list when the project is full.

    Raises :class:`SignupError` (``already_signed_up`` carries the earlier sign-up, so the
    caller can send its confirmation again).
    """
    email = data.email.strip().lower()
    phone = data.phone.strip()
    _check(project, data, email, phone)
    _lock(project)
    existing = find_duplicate(project, email, phone)
    if existing is not None:
        raise SignupError("email" if email else "phone", "already_signed_up", existing=existing)
    signup = Signup(
        project=project,
        token=secrets.token_urlsafe(32),
        name=data.name.strip(),
        email=email,
        phone=phone,
        way=data.way,
        message=data.message.strip(),
        guardian_name=data.guardian_name.strip(),
        guardian_consent=data.guardian_consent,
        child_age=data.child_age,
        status=SignupStatus.WAITING if is_full(project) else SignupStatus.NEW,
        locale=data.locale,
        created_at=now,
    )
    db.session.add(signup)
    db.session.flush()
    return signup


def waiting_position(signup: Signup) -> int | None:
    """1 for the first person on the waiting list; ``None`` when not waiting."""
    if signup.status is not SignupStatus.WAITING:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count()).where(
            Signup.project_id == signup.project_id,
            Signup.status == SignupStatus.WAITING,
            Signup.id < signup.id,
        )
    )
    return (ahead or 0) + 1


def fill_free_places(actor: User | None, project: Project) -> list[Signup]:
    """Move people up from the waiting list, first come first served, while there is room."""
    _lock(project)
    promoted: list[Signup] = []
    waiting = sa.select(Signup).where(
        Signup.project_id == project.id, Signup.status == SignupStatus.WAITING
    )
    for signup in db.session.scalars(waiting.order_by(Signup.id)).all():
        if is_full(project):
            break
        signup.status = SignupStatus.NEW
        db.session.flush()
        promoted.append(signup)
        record(
            actor,
            "signup.moved_up",
            project,
            wijk_id=_wijk_id(project),
            signup=signup.id,
        )
    return promoted


def cancel(signup: Signup, now: datetime, actor: User | None = None) -> list[Signup]:
    """Cancel a sign-up; returns who moved up from the waiting list into the freed place."""
    if signup.status is SignupStatus.CANCELLED:
        return []
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = now
    db.session.flush()
    return fill_free_places(actor, signup.project)


def forget(signup: Signup, now: datetime) -> list[Signup]:
    """Cancel and delete every detail of this person at once (their right to be forgotten)."""
    promoted = cancel(signup, now)
    db.session.delete(signup)
    db.session.flush()
    return promoted


def by_token(token: str) -> Signup | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(Signup).where(Signup.token == token))


class StatusError(FieldError):
    """A status change the rules refuse."""


def set_status(
    actor: User, signup: Signup, status: SignupStatus, note: str, now: datetime
) -> list[Signup]:
    """A coordinator's decision on a sign-up (status and notes), audited without personal data.

    Taking someone off the waiting list needs a free place; cancelling frees one.
    """
    project = signup.project
    before = signup.status
    note_changed = note.strip() != signup.note
    signup.note = note.strip()
    promoted: list[Signup] = []
    if status is not before:
        if status is SignupStatus.WAITING:
            raise StatusError("status", "not_allowed")
        if status is SignupStatus.CANCELLED:
            promoted = cancel(signup, now, actor)
        else:
            _lock(project)
            if not before.holds_place and is_full(project):
                raise StatusError("status", "project_full")
            signup.status = status
            signup.cancelled_at = None
    db.session.flush()
    record(
        actor,
        "signup.status",
        project,
        wijk_id=_wijk_id(project),
        signup=signup.id,
        before=before.value,
        after=signup.status.value,
        note_changed=note_changed,
    )
    return promoted


def signups_of(project: Project, status: SignupStatus | None = None) -> list[Signup]:
    query = sa.select(Signup).where(Signup.project_id == project.id)
    if status is not None:
        query = query.where(Signup.status == status)
    return list(db.session.scalars(query.order_by(Signup.id)))
