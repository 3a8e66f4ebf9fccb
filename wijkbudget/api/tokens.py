"""Issuing, checking and revoking API tokens.

A token is ``wb_`` followed by 32 random bytes from :mod:`secrets` (256 bits, URL-safe base64).
Only its SHA-256 is stored. A password needs a slow hash (scrypt) because people choose
passwords from a small, guessable space; a 256-bit random token has no such space, so a
brute-force search costs 2**255 hashes whatever the hash's speed. A fast, unsalted hash is
therefore as safe here and lets a request find its token by an indexed lookup of the hash,
instead of trying a slow hash against every token.

The lookup is also why the check is constant-time where it matters: the database compares
*hashes*, so how long that takes says nothing about which characters of a token are right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from wijkbudget.api.models import ApiToken
from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.wijken.phases import DUTCH_TIME

PREFIX = "wb_"
HINT_LENGTH = len(PREFIX) + 6
MAX_TOKEN_LENGTH = 200  # anything longer is not one of ours: refused before hashing
# Writing "last used" on every request would turn each read into a write; once in a while is
# precise enough for "is this token still in use?".
LAST_USED_PRECISION = timedelta(minutes=5)

SCOPES = ("review:read", "participation:read", "audit:read")


class TokenError(FieldError):
    """A token cannot be issued or revoked as asked."""


@dataclass(frozen=True)
class Issued:
    """A new token: ``secret`` is shown once and exists nowhere else."""

    token: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    """The SHA-256 (hex) under which a token is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


def expiry_after(day: date) -> datetime:
    """A token valid "until ``day``" works through that whole Dutch day."""
    return datetime.combine(day + timedelta(days=1), time(), DUTCH_TIME)


def issue(
    actor: User | None,
    name: str,
    scopes: Iterable[str],
    now: datetime,
    *,
    expires_at: datetime | None = None,
) -> Issued:
    """Make a token with ``scopes``; audited as ``api.token_issued`` (never with the secret)."""
    name = name.strip()
    chosen = sorted(set(scopes))
    if not name:
        raise TokenError("name", "name_required")
    if len(name) > 120:
        raise TokenError("name", "name_too_long")
    if not chosen:
        raise TokenError("scopes", "scope_required")
    if any(scope not in SCOPES for scope in chosen):
        raise TokenError("scopes", "unknown_scope")
    if expires_at is not None and expires_at <= now:
        raise TokenError("expires_on", "expiry_in_past")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=hash_token(secret),
        hint=secret[:HINT_LENGTH],
        scopes=chosen,
        created_at=now,
        created_by_id=actor.id if actor else None,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    record(
        actor,
        "api.token_issued",
        token,
        name=name,
        hint=token.hint,
        scopes=chosen,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return Issued(token, secret)


def revoke(actor: User | None, token: ApiToken, now: datetime, reason: str = "") -> None:
    """Stop a token working from now on; audited as ``api.token_revoked``."""
    if token.revoked_at is not None:
        raise TokenError("token", "already_revoked")
    token.revoked_at = now
    db.session.flush()
    record(actor, "api.token_revoked", token, reason=reason, name=token.name, hint=token.hint)


@dataclass(frozen=True)
class Refusal:
    """Why a request's token was refused: ``code`` for programs, ``message`` for people."""

    code: str
    message: str


MISSING = Refusal("missing_token", "This needs an API token: Authorization: Bearer <token>.")
INVALID = Refusal("invalid_token", "The API token is not valid.")
REVOKED = Refusal("token_revoked", "The API token was revoked.")
EXPIRED = Refusal("token_expired", "The API token has expired.")


def bearer(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer …`` header, or ``None``."""
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate(header: str | None, now: datetime) -> ApiToken | Refusal:
    """The active token named by the ``Authorization`` header, or why it is refused.

    Records when the token was last used (at most every few minutes); flushes, no commit.
    """
    secret = bearer(header)
    if secret is None:
        return MISSING
    if len(secret) > MAX_TOKEN_LENGTH or not secret.startswith(PREFIX):
        return INVALID
    hashed = hash_token(secret)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hashed))
    # The lookup already matched; comparing again costs nothing and does not depend on SQL.
    if token is None or not hmac.compare_digest(token.token_hash, hashed):
        return INVALID
    if token.revoked_at is not None:
        return REVOKED
    if not token.is_active(now):
        return EXPIRED
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.flush()
    return token


def all_tokens() -> list[ApiToken]:
    """Every token, newest first (revoked ones too: the list is their history)."""
    return list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())))
