"""Rate limits on stemcode checks: per client and for the whole site, counting failures only.

Storage is ``RATELIMIT_STORAGE_URI`` (default ``memory://``: per process). With several
gunicorn workers use a shared store, e.g. ``redis://localhost:6379``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Response, current_app, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

log = logging.getLogger("wijkbudget.voting.limits")

FAILED = 422  # the status of a page that refused a stemcode


def _breach(limit: RequestLimit) -> None:
    log.warning("stemcode rate limit reached (%s) for %s", limit.limit, request.remote_addr)


limiter = Limiter(key_func=get_remote_address, on_breach=_breach)


def per_client() -> str:
    return str(current_app.config["STEMCODE_LIMIT_PER_CLIENT"])


def overall() -> str:
    return str(current_app.config["STEMCODE_LIMIT_OVERALL"])


def failed(response: Response) -> bool:
    return response.status_code == FAILED


def init_app(app: Any) -> None:
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
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
