"""Guarding views with the permission predicates: log in first, then the predicate or 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user, login_required

P = ParamSpec("P")
R = TypeVar("R")


def require(predicate: Callable[[Any], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A view only for logged-in users for whom ``predicate(current_user)`` holds."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        @login_required
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
