"""The OpenAPI 3 document of /api/v1/, as a Python dict (served at /api/v1/openapi.json).

The shapes of the answers are in ``components.py``; here are the paths, their parameters and
which answers each can give.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from wijkbudget.api import params
from wijkbudget.api.schema.components import DATE, SCHEMAS, Schema, enum, ref
from wijkbudget.api.tokens import SCOPES
from wijkbudget.initiatives.models import PUBLIC_STATUSES


def _param(name: str, where: str, schema: Schema, description: str, **extra: Any) -> Schema:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
        **extra,
    }


ID_PATH = {"type": "integer", "minimum": 1, "maximum": params.MAX_ID}
PARAMETERS: dict[str, Schema] = {
    "limit": _param(
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": params.MAX_LIMIT, "default": 50},
        "How many items per page.",
    ),
    "offset": _param(
        "offset",
        "query",
        {"type": "integer", "minimum": 0, "maximum": params.MAX_OFFSET, "default": 0},
        "How many items to skip.",
    ),
    "round_id": _param("round_id", "path", ID_PATH, "The round's id.", example=1),
    "initiative_id": _param("initiative_id", "path", ID_PATH, "The initiative's id.", example=1),
    "slug": _param(
        "slug",
        "path",
        {"type": "string", "pattern": "^[a-z0-9-]{1,80}$"},
        "The wijk's slug, as in its web address.",
        example="beijum",
    ),
}

_ERRORS = {
    "BadRequest": "A query parameter is not valid.",
    "Unauthorized": "No API token, or one that is unknown, revoked or expired.",
    "Forbidden": "The API token does not have the scope this needs.",
    "NotFound": "There is nothing here (or it is not public).",
}
RESPONSES: dict[str, Schema] = {
    name: {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
    for name, text in _ERRORS.items()
}


def _operation(
    summary: str,
    schema: str,
    parameters: Sequence[str | Schema] = (),
    errors: tuple[str, ...] = (),
    scope: str | None = None,
) -> Schema:
    responses: Schema = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": ref(schema)}},
        }
    }
    codes = {"BadRequest": "400", "Unauthorized": "401", "Forbidden": "403", "NotFound": "404"}
    wanted = set(errors) | ({"Unauthorized", "Forbidden"} if scope else set())
    for name in sorted(wanted, key=codes.__getitem__):
        responses[codes[name]] = {"$ref": f"#/components/responses/{name}"}
    operation: Schema = {
        "summary": summary,
        "parameters": [
            {"$ref": f"#/components/parameters/{p}"} if isinstance(p, str) else p
            for p in parameters
        ],
        "responses": responses,
        "security": [{"bearerAuth": []}] if scope else [],
    }
    if scope:
        operation["description"] = f"Needs an API token with the scope `{scope}`."
        operation["x-required-scope"] = scope
    return operation


PAGED = ["limit", "offset"]
SLUG_QUERY = {"type": "string", "pattern": "^[a-z0-9-]{1,80}$"}


def _paths() -> Schema:
    by_round = ["round_id"]
    return {
        "/wijken": {"get": _operation("All wijken", "WijkPage", PAGED, ("BadRequest",))},
        "/wijken/{slug}": {"get": _operation("One wijk", "Wijk", ["slug"], ("NotFound",))},
        "/rounds": {
            "get": _operation(
                "Rounds, newest year first",
                "RoundPage",
                [
                    _param("wijk", "query", SLUG_QUERY, "Only this wijk (its slug)."),
                    _param(
                        "year",
                        "query",
                        {"type": "integer", "minimum": 1900, "maximum": 2999},
                        "Only this year.",
                    ),
                    *PAGED,
                ],
                ("BadRequest",),
            )
        },
        "/rounds/{round_id}": {
            "get": _operation("One round", "RoundDetail", by_round, ("NotFound",))
        },
        "/rounds/{round_id}/initiatives": {
            "get": _operation(
                "The round's public initiatives",
                "InitiativePage",
                [
                    *by_round,
                    _param("status", "query", enum(PUBLIC_STATUSES), "Only this status."),
                    *PAGED,
                ],
                ("BadRequest", "NotFound"),
            )
        },
        "/initiatives/{initiative_id}": {
            "get": _operation(
                "One public initiative", "Initiative", ["initiative_id"], ("NotFound",)
            )
        },
        "/rounds/{round_id}/results": {
            "get": _operation(
                "The published results (404 until they are published)",
                "Results",
                by_round,
                ("NotFound",),
            )
        },
        "/rounds/{round_id}/review": {
            "get": _operation(
                "Criteria, and the werkgroep's verdicts and decisions per initiative",
                "Review",
                by_round,
                ("NotFound",),
                scope="review:read",
            )
        },
        "/rounds/{round_id}/participation": {
            "get": _operation(
                "Turnout per day, per channel and per postcode area (never small areas)",
                "Participation",
                by_round,
                ("NotFound",),
                scope="participation:read",
            )
        },
        "/audit": {
            "get": _operation(
                "The audit log, newest first",
                "AuditPage",
                [
                    _param("wijk_id", "query", ID_PATH, "Only entries about this wijk."),
                    _param(
                        "action",
                        "query",
                        {"type": "string", "pattern": "^[a-z0-9_.]{1,64}$"},
                        "Only this action, for example initiative.publish.",
                    ),
                    _param("since", "query", DATE, "From this day (Dutch time)."),
                    _param("until", "query", DATE, "Up to and including this day."),
                    *PAGED,
                ],
                ("BadRequest",),
                scope="audit:read",
            )
        },
    }


DESCRIPTION = (
    """\
The read-only JSON API of wijkbudget.

* Money is always an integer number of **euro cents** (`2500000` is €25,000).
* Dates are ISO 8601 (`2026-03-01`); moments are ISO 8601 in UTC.
* Lists are paged with `limit` (1–200, default 50) and `offset`; the answer says the `total`.
* Errors are `{"error": {"code": "…", "message": "…"}}`, with the HTTP status.
* The gemeente's parts need `Authorization: Bearer <token>`, a token an administrator issues
  at /beheer/api-tokens. Scopes: """
    + ", ".join(f"`{s}`" for s in SCOPES)
    + "."
)


@cache
def openapi_document() -> Schema:
    """The whole document; built once, it never changes while the app runs."""
    paths = _paths()
    for path, item in paths.items():  # operationIds that say what they do
        item["get"]["operationId"] = "get" + "".join(
            part.strip("{}").replace("_", " ").title().replace(" ", "") for part in path.split("/")
        )
    return {
        "openapi": "3.0.3",
        "info": {"title": "wijkbudget API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "responses": RESPONSES,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token (wb_…) issued by an administrator.",
                }
            },
        },
    }
