"""The read-only JSON API, version 1, under /api/v1/ (described in ``schema/openapi.py``).

Public parts show what the public website shows; the gemeente's parts need a token with the
right scope. Every answer is JSON, errors included (see ``views.py`` for the catch-all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

from wijkbudget.api import params, permissions, serializers, tokens
from wijkbudget.api.errors import ApiError, error_response
from wijkbudget.api.schema.openapi import openapi_document
from wijkbudget.audit import services as audit_services
from wijkbudget.db import utcnow
from wijkbudget.extensions import csrf, db
from wijkbudget.initiatives.models import PUBLIC_STATUSES, Initiative, Status
from wijkbudget.review import services as review_services
from wijkbudget.review.models import Decision, Review
from wijkbudget.voting import services as voting_services
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import today_in_nl

v1 = Blueprint("v1", __name__, url_prefix="/api/v1")
csrf.exempt(v1)  # GET only, and a token is not a cookie: there is no request to forge

ID = f"int(max={params.MAX_ID})"
SLUG = r"[a-z0-9-]{1,80}"
ACTION = r"[a-z0-9_.]{1,64}"
PUBLIC_CACHE = "public, max-age=60"


# --- Plumbing ---------------------------------------------------------------------------------


@v1.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return error_response(error)


@v1.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return error_response(ApiError(error.code or 500))


@v1.errorhandler(InternalServerError)
def _server_error(error: InternalServerError) -> Response:
    db.session.rollback()
    return error_response(ApiError(500))


def public(data: Any, max_age: str = PUBLIC_CACHE) -> Response:
    response = jsonify(data)
    response.headers["Cache-Control"] = max_age
    return response


def listing(query: sa.Select[Any], serialize: Callable[[Any], Any]) -> dict[str, Any]:
    """One page of ``query``: ``items``, the ``total`` count, and the ``limit``/``offset`` used."""
    page = params.page()
    counted = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(counted)
    items = db.session.scalars(query.limit(page.limit).offset(page.offset)).unique().all()
    return {
        "items": [serialize(item) for item in items],
        "total": total or 0,
        "limit": page.limit,
        "offset": page.offset,
    }


def require_scope(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """The view needs a valid token with ``scope``: 401 without one, 403 with the wrong one."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Response]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            now = utcnow()
            found = tokens.authenticate(request.headers.get("Authorization"), now)
            if isinstance(found, tokens.Refusal):
                challenge = 'Bearer realm="wijkbudget"'
                if found is not tokens.MISSING:
                    challenge += ', error="invalid_token"'
                raise ApiError(401, found.code, found.message, {"WWW-Authenticate": challenge})
            if not permissions.token_allows(found, scope, now):
                raise ApiError(
                    403,
                    "insufficient_scope",
                    f"This needs an API token with the scope {scope}.",
                    {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
                )
            db.session.commit()  # when the token was last used
            response = jsonify(view(*args, **kwargs))
            response.headers["Cache-Control"] = "no-store"  # not public: never in a cache
            return response

        return wrapper

    return decorator


def _round(round_id: int) -> Round:
    found = db.session.get(Round, round_id)
    if found is None:
        raise ApiError(404, "not_found", f"There is no round {round_id}.")
    return found


# --- Public -----------------------------------------------------------------------------------


@v1.get("/openapi.json")
def openapi() -> Response:
    return public(openapi_document(), "public, max-age=300")


@v1.get("/wijken")
def wijken() -> Response:
    return public(listing(sa.select(Wijk).order_by(Wijk.name, Wijk.id), serializers.wijk_summary))


@v1.get("/wijken/<slug>")
def wijk(slug: str) -> Response:
    found = None
    if re.fullmatch(SLUG, slug):
        found = db.session.scalar(sa.select(Wijk).where(Wijk.slug == slug))
    if found is None:
        raise ApiError(404, "not_found", "There is no wijk with this slug.")
    return public(serializers.wijk(found))


@v1.get("/rounds")
def rounds() -> Response:
    query = sa.select(Round).order_by(Round.year.desc(), Round.id)
    if (slug := params.text("wijk", SLUG)) is not None:
        query = query.join(Wijk, Round.wijk_id == Wijk.id).where(Wijk.slug == slug)
    if (year := params.integer("year", None, 1900, 2999)) is not None:
        query = query.where(Round.year == year)
    today = today_in_nl()
    return public(listing(query, lambda r: serializers.round_(r, today)))


@v1.get(f"/rounds/<{ID}:round_id>")
def round_detail(round_id: int) -> Response:
    found = _round(round_id)
    data = serializers.round_(found, today_in_nl())
    data["results_published"] = _published(found) is not None
    return public(data)


@v1.get(f"/rounds/<{ID}:round_id>/initiatives")
def initiatives(round_id: int) -> Response:
    found = _round(round_id)
    statuses = sorted(PUBLIC_STATUSES)
    if (status := params.text("status", "|".join(statuses))) is not None:
        statuses = [Status(status)]
    query = (
        sa.select(Initiative)
        .where(Initiative.round_id == found.id, Initiative.status.in_(statuses))
        .order_by(Initiative.id)
    )
    return public(listing(query, serializers.initiative))


@v1.get(f"/initiatives/<{ID}:initiative_id>")
def initiative(initiative_id: int) -> Response:
    found = db.session.get(Initiative, initiative_id)
    if found is None or not found.status.is_public:
        # Not 403: a hidden or draft idea's existence is not revealed.
        raise ApiError(404, "not_found", f"There is no public initiative {initiative_id}.")
    return public(serializers.initiative(found))


def _published(round_: Round) -> tuple[Any, list[Any]] | None:
    from wijkbudget.results import services as results  # built beside this feature

    outcome = results.published_outcome(round_)
    if outcome is None:
        return None
    return outcome, results.initiative_results(outcome)


@v1.get(f"/rounds/<{ID}:round_id>/results")
def results(round_id: int) -> Response:
    found = _round(round_id)
    published = _published(found)
    if published is None:
        raise ApiError(404, "not_published", "The results of this round are not published.")
    outcome, rows = published
    return public(serializers.outcome(found.id, outcome, rows))


# --- For the gemeente (token with a scope) -----------------------------------------------------


@v1.get(f"/rounds/<{ID}:round_id>/review")
@require_scope("review:read")
def review(round_id: int) -> dict[str, Any]:
    found = _round(round_id)
    ideas = db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.round_id == found.id, Initiative.status.in_(PUBLIC_STATUSES))
        .order_by(Initiative.id)
    ).all()
    ids = [i.id for i in ideas]
    decisions: dict[int, list[Decision]] = {i: [] for i in ids}
    for made in db.session.scalars(
        sa.select(Decision).where(Decision.initiative_id.in_(ids)).order_by(Decision.id)
    ):
        decisions[made.initiative_id].append(made)
    current = sa.and_(Review.initiative_id == Initiative.id, Review.version == Initiative.version)
    counts = dict(
        db.session.execute(
            sa.select(Initiative.id, sa.func.count(Review.id))
            .join(Review, current)
            .where(Initiative.id.in_(ids))
            .group_by(Initiative.id)
        ).all()
    )
    return {
        "round_id": found.id,
        "criteria_version": found.criteria_version,
        "criteria": [serializers.criterion(c) for c in review_services.current_criteria(found)],
        "initiatives": [
            {
                "id": idea.id,
                "title": idea.title,
                "status": idea.status.value,
                "amount_cents": idea.amount_cents,
                "version": idea.version,
                "reviews": counts.get(idea.id, 0),
                "decisions": [serializers.decision(d) for d in decisions[idea.id]],
            }
            for idea in ideas
        ],
    }


@v1.get(f"/rounds/<{ID}:round_id>/participation")
@require_scope("participation:read")
def participation(round_id: int) -> dict[str, Any]:
    found = _round(round_id)
    return serializers.turnout(found.id, voting_services.turnout(found))


@v1.get("/audit")
@require_scope("audit:read")
def audit() -> dict[str, Any]:
    query = audit_services.search(
        wijk_id=params.integer("wijk_id", None, 1, params.MAX_ID),
        action=params.text("action", ACTION) or "",
        since=params.day("since"),
        until=params.day("until"),
    )
    return listing(query, serializers.audit_entry)
