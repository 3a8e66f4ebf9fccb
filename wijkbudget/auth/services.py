"""Accounts: registration, confirmation, login with throttling, passwords and roles.

Services flush but never commit; the request or CLI command commits once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.security import check_password_hash, generate_password_hash

from wijkbudget.audit.services import record
from wijkbudget.auth.models import LoginFailure, Role, RoleAssignment, User
from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Wijk

MIN_PASSWORD_LENGTH = 8
# Compared against when the e-mail is unknown, so a failed login takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class InvalidLogin(DomainError):
    """E-mail and password do not match (deliberately vague: no account enumeration)."""


class LoginThrottled(DomainError):
    """Too many failed attempts recently."""


class NotConfirmed(DomainError):
    """The account exists but its e-mail address was never confirmed."""


class RoleError(DomainError):
    """A role assignment that does not make sense (per-wijk role without a wijk, duplicate)."""


def _hash(password: str) -> str:
    # The testing config picks a fast method; everywhere else werkzeug's scrypt default.
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    password: str,
    *,
    locale: str | None = None,
    confirmed_at: datetime | None = None,
) -> User:
    """A new account; the caller has checked that the e-mail is not in use."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=_hash(password),
        locale=locale,
        confirmed_at=confirmed_at,
        session_token=secrets.token_hex(16),
    )
    db.session.add(user)
    db.session.flush()
    return user


def register(email: str, name: str, password: str, locale: str | None) -> User | None:
    """Create an unconfirmed account; ``None`` when the e-mail already has one.

    The caller answers both cases the same way on screen (and mails the owner), so the form
    cannot be used to find out who has an account.
    """
    if find_user(email) is not None:
        _hash(password)  # the same work as for a new account: timing does not tell either
        return None
    return create_user(email, name, password, locale=locale)


def confirm(user: User, now: datetime) -> None:
    if user.confirmed_at is None:
        user.confirmed_at = now
        db.session.flush()


def _recent_failures(
    column: InstrumentedAttribute[str], value: str, since: datetime, kind: str = "login"
) -> int:
    query = sa.select(sa.func.count()).where(
        column == value, LoginFailure.at >= since, LoginFailure.kind == kind
    )
    return db.session.scalar(query) or 0


def authenticate(
    email: str,
    password: str,
    *,
    address: str,
    now: datetime,
    max_per_account: int,
    max_per_address: int,
    window: timedelta,
) -> User:
    """The user for these credentials, or a :class:`DomainError` saying why not.

    Checks the throttle before the password, so a guesser learns nothing once throttled.
    """
    email = normalise_email(email)
    since = now - window
    if (
        _recent_failures(LoginFailure.email, email, since) >= max_per_account
        or _recent_failures(LoginFailure.address, address, since) >= max_per_address
    ):
        raise LoginThrottled()

    user = find_user(email)
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or not user:
        db.session.execute(
            sa.delete(LoginFailure).where(LoginFailure.at < since, LoginFailure.kind == "login")
        )
        db.session.add(LoginFailure(email=email, address=address[:64], at=now))
        db.session.flush()
        raise InvalidLogin()
    if not user.is_confirmed:
        raise NotConfirmed()
    db.session.execute(
        sa.delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.kind == "login")
    )
    return user


def may_send_mail(
    email: str, *, address: str, now: datetime, per_email: int, per_address: int, window: timedelta
) -> bool:
    """Whether a register or reset request may mail this address now; records the request.

    The page answers the same either way (no account enumeration); a refused request just sends
    nothing, so nobody can flood someone's inbox with our mails.
    """
    email, since = normalise_email(email), now - window
    allowed = (
        _recent_failures(LoginFailure.email, email, since, "mail") < per_email
        and _recent_failures(LoginFailure.address, address, since, "mail") < per_address
    )
    db.session.execute(
        sa.delete(LoginFailure).where(LoginFailure.at < since, LoginFailure.kind == "mail")
    )
    db.session.add(LoginFailure(email=email, address=address[:64], at=now, kind="mail"))
    db.session.flush()
    return allowed


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other session and outstanding reset link."""
    user.password_hash = _hash(password)
    user.session_token = secrets.token_hex(16)
    db.session.flush()


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def assign_role(
    actor: User | None, user: User, role: Role, wijk: Wijk | None, reason: str
) -> RoleAssignment:
    """Give ``user`` a role (per wijk for werkgroep and wijkondersteuner), audited."""
    if role is Role.RESIDENT:
        raise RoleError("every account is a resident already")
    if role.per_wijk and wijk is None:
        raise RoleError("this role needs a wijk")
    wijk_id = wijk.id if (wijk is not None and role.per_wijk) else None
    if user.has_role(role, wijk_id):
        raise RoleError("the user already has this role")
    assignment = RoleAssignment(user=user, role=role, wijk_id=wijk_id)
    db.session.add(assignment)
    record(
        actor,
        "role.assign",
        user,
        reason=reason,
        wijk_id=wijk_id,
        role=role.value,
    )
    return assignment


def revoke_role(actor: User | None, assignment: RoleAssignment, reason: str) -> None:
    """Take a role back, audited. The last admin cannot be removed: nobody could manage roles."""
    user = assignment.user
    if assignment.role is Role.ADMIN:
        admins = db.session.scalar(
            sa.select(sa.func.count()).where(RoleAssignment.role == Role.ADMIN)
        )
        if (admins or 0) <= 1:
            raise RoleError("the last admin cannot be removed")
    record(
        actor,
        "role.revoke",
        user,
        reason=reason,
        wijk_id=assignment.wijk_id,
        role=assignment.role.value,
    )
    user.roles.remove(assignment)
    db.session.flush()
