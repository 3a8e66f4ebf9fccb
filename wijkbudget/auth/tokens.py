"""Signed, expiring links for confirming an account and resetting a password.

A reset link carries the account's session token, which changes with every new password, so a
link works once and stops working as soon as the password has been changed.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from wijkbudget.auth.models import User
from wijkbudget.extensions import db

CONFIRM = "confirm-account"
RESET = "reset-password"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "t": user.session_token})


def user_for_token(token: str, purpose: str, max_age: int) -> User | None:
    """The user a valid, unexpired, unused token belongs to; ``None`` otherwise."""
    try:
        data: Any = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or user.session_token != data.get("t"):
        return None
    return user
