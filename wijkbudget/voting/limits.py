"""Rate limits: refused stemcodes (per client and for the whole site) and project sign-ups.

Built on ``limits`` directly: only these requests are limited, and Flask-Limiter's check on
every request (limited or not) was a tenth of the work of casting a vote. The counters live in
``RATELIMIT_STORAGE_URI`` (default ``memory://``: per process). With several gunicorn workers
use a shared store, e.g. ``redis://localhost:6379``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, NoReturn

from flask import Flask, abort, current_app, make_response, request
from limits import RateLimitItem, parse_many, storage, strategies

log = logging.getLogger("wijkbudget.voting.limits")

FAILED = 422  # the status of a page that refused a stemcode
_EXTENSION = "wijkbudget.rate_limits"

View = Callable[..., Any]


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    )
    app.config.setdefault(
        "STEMCODE_LIMIT_PER_CLIENT",
        os.environ.get("STEMCODE_LIMIT_PER_CLIENT", "10/minute;30/hour"),
    )
    app.config.setdefault(
        "STEMCODE_LIMIT_OVERALL", os.environ.get("STEMCODE_LIMIT_OVERALL", "3000/minute")
    )
    counters = storage.storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions[_EXTENSION] = strategies.FixedWindowRateLimiter(counters)


@cache
def _items(setting: str) -> list[RateLimitItem]:
    return parse_many(setting)


def _limits(scope: str, setting: str, who: str) -> list[tuple[RateLimitItem, str, str]]:
    return [(item, scope, who) for item in _items(str(current_app.config[setting]))]


def _limiter() -> strategies.RateLimiter:
    limiter: strategies.RateLimiter = current_app.extensions[_EXTENSION]
    return limiter


def _refuse(scope: str, item: RateLimitItem) -> NoReturn:
    log.warning("%s rate limit reached (%s) for %s", scope, item, request.remote_addr)
    abort(429)


def counting_refused_codes(view: View) -> View:
    """Refuse a client (429) that had too many stemcodes refused, or everyone when the whole
    site did; only answers with status :data:`FAILED` count."""

    @wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        limiter = _limiter()
        checks = _limits("stemcode", "STEMCODE_LIMIT_PER_CLIENT", request.remote_addr or "")
        checks += _limits("stemcode", "STEMCODE_LIMIT_OVERALL", "all")
        for item, scope, who in checks:
            if not limiter.test(item, scope, who):
                _refuse(scope, item)
        response = make_response(view(*args, **kwargs))
        if response.status_code == FAILED:
            for item, scope, who in checks:
                limiter.hit(item, scope, who)
        return response

    return limited


def limiting_posts(scope: str, setting: str) -> Callable[[View], View]:
    """Refuse a client's POSTs (429) beyond the limit in config ``setting``; every POST counts."""

    def decorate(view: View) -> View:
        @wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            if request.method == "POST":
                limiter = _limiter()
                for item, _, who in _limits(scope, setting, request.remote_addr or ""):
                    if not limiter.hit(item, scope, who):
                        _refuse(scope, item)
            return view(*args, **kwargs)

        return limited

    return decorate
