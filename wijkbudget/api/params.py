"""Reading query parameters: anything out of range is a 400 with a JSON error, never a 500."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import request

from wijkbudget.api.errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
MAX_ID = 2_147_483_647  # the largest id a PostgreSQL integer column holds
_INTEGER = re.compile(r"-?[0-9]{1,12}")
# The audit log's dates are compared as moments in Dutch time: keep them far from date.min/max.
EARLIEST = date(1970, 1, 1)
LATEST = date(9000, 1, 1)


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def _bad(name: str, why: str) -> ApiError:
    return ApiError(400, "invalid_parameter", f"Query parameter {name!r}: {why}.")


def integer(name: str, default: int | None, minimum: int, maximum: int) -> int | None:
    """An integer query parameter between ``minimum`` and ``maximum``, or ``default``."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise _bad(name, "must be a whole number")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise _bad(name, f"must be between {minimum} and {maximum}")
    return value


def page() -> Page:
    """``limit`` (1 to 200, default 50) and ``offset`` (0 or more)."""
    limit = integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = integer("offset", 0, 0, MAX_OFFSET)
    assert limit is not None and offset is not None
    return Page(limit, offset)


def day(name: str) -> date | None:
    """A date (``YYYY-MM-DD``); days before 1970 or after 9000 are moved to those bounds."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        raise _bad(name, "must be a date like 2026-03-01")
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise _bad(name, "must be a date like 2026-03-01") from None
    return min(max(value, EARLIEST), LATEST)


def text(name: str, pattern: str) -> str | None:
    """A text query parameter that must match ``pattern`` (so no NUL byte reaches the SQL)."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not re.fullmatch(pattern, raw):
        raise _bad(name, f"must match {pattern}")
    return raw
