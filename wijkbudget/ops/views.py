"""Operational endpoints: the health check a load balancer or monitor polls."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from wijkbudget.extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 when the database answers, 503 when not: what a monitor needs, and nothing more.

    No login, no rate limit, no session cookie, never cached; a failure says only
    "unreachable" (the details go to the log, never to whoever asks).
    """
    try:
        db.session.execute(sa.text("SELECT 1"))
        status, database, code = "ok", "ok", 200
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or type(error).__name__).splitlines()[0]
        log.warning("health check: database unreachable (%s)", reason)
        status, database, code = "error", "unreachable", 503
    response = jsonify(status=status, database=database)
    response.headers["Cache-Control"] = "no-store"
    return response, code
