"""The shapes of the API's answers (``components.schemas`` of the OpenAPI document).

Every shape is closed (``additionalProperties: false``) and lists what is ``required``, so the
schemathesis tests hold the views to exactly what is written here.
"""

from __future__ import annotations

from typing import Any

from wijkbudget.api import params
from wijkbudget.initiatives.models import PUBLIC_STATUSES
from wijkbudget.review.models import Outcome, Strength, Verdict
from wijkbudget.voting.models import Channel
from wijkbudget.wijken.phases import Phase

Schema = dict[str, Any]

INT: Schema = {"type": "integer"}
ID: Schema = {"type": "integer", "minimum": 1}
COUNT: Schema = {"type": "integer", "minimum": 0}
CENTS: Schema = {"type": "integer", "description": "An amount of money in euro cents."}
STR: Schema = {"type": "string"}
BOOL: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date"}
MOMENT: Schema = {"type": "string", "format": "date-time", "description": "ISO 8601, in UTC."}
FREE_OBJECT: Schema = {"type": "object", "additionalProperties": True}


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def enum(values: Any) -> Schema:
    return {"type": "string", "enum": sorted(str(v) for v in values)}


def closed(properties: dict[str, Schema], description: str = "") -> Schema:
    """An object with exactly these properties, every one of them always present."""
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def page_of(name: str) -> Schema:
    return closed(
        {
            "items": array(ref(name)),
            "total": {**COUNT, "description": "How many there are in all, over every page."},
            "limit": {"type": "integer", "minimum": 1, "maximum": params.MAX_LIMIT},
            "offset": {"type": "integer", "minimum": 0, "maximum": params.MAX_OFFSET},
        },
        f"One page of {name} items.",
    )


WIJK_SUMMARY = {"id": ID, "slug": STR, "name": STR}
ROUND = {
    "id": ID,
    "wijk": ref("WijkSummary"),
    "year": INT,
    "title": STR,
    "phase": {**enum(Phase), "description": "The phase today (Dutch time)."},
    "budget_cents": CENTS,
    "max_per_initiative_cents": CENTS,
    "dates": ref("RoundDates"),
}

SCHEMAS: dict[str, Schema] = {
    "Error": closed(
        {
            "error": closed(
                {
                    "code": {**STR, "description": "Stable, for programs: not_found, …"},
                    "message": {**STR, "description": "For people."},
                }
            )
        }
    ),
    "WijkSummary": closed(WIJK_SUMMARY),
    "Wijk": closed(
        {
            **WIJK_SUMMARY,
            "description": STR,
            "postcode_areas": array({"type": "string", "pattern": "^[0-9]{4}$"}),
            "rounds": array(closed({"id": ID, "year": INT, "title": STR})),
        }
    ),
    "WijkPage": page_of("WijkSummary"),
    "RoundDates": closed(
        {
            "submission_start": DATE,
            "review_start": DATE,
            "voting_start": DATE,
            "voting_end": {**DATE, "description": "The last day of voting."},
            "results_date": DATE,
        }
    ),
    "Round": closed(ROUND),
    "RoundDetail": closed({**ROUND, "results_published": BOOL}),
    "RoundPage": page_of("Round"),
    "Initiative": closed(
        {
            "id": ID,
            "round_id": ID,
            "title": STR,
            "summary": STR,
            "theme": nullable(STR),
            "amount_cents": CENTS,
            "status": enum(PUBLIC_STATUSES),
            "duplicate_of_id": nullable(ID),
        },
        "An initiative as the public website shows it; no personal data.",
    ),
    "InitiativePage": page_of("Initiative"),
    "InitiativeResult": closed(
        {
            "initiative_id": nullable(ID),
            "title": STR,
            "amount_cents": CENTS,
            "votes_online": COUNT,
            "votes_paper": COUNT,
            "votes": COUNT,
            "funded": BOOL,
            "explanation": {**STR, "description": "Why it was (not) funded, in plain Dutch."},
        }
    ),
    "Results": closed(
        {
            "round_id": ID,
            "rule": STR,
            "parameters": FREE_OBJECT,
            "engine_version": STR,
            "ballots_sha256": STR,
            "budget_cents": CENTS,
            "total_cents": {**CENTS, "description": "Spent on the funded initiatives."},
            "left_cents": {**CENTS, "description": "Budget minus total."},
            "ballots_online": COUNT,
            "ballots_paper": COUNT,
            "counted_at": MOMENT,
            "published_at": MOMENT,
            "initiatives": array(ref("InitiativeResult")),
        }
    ),
    "Criterion": closed(
        {
            "id": ID,
            "version": INT,
            "position": INT,
            "text": STR,
            "explanation": STR,
            "strength": enum(Strength),
        }
    ),
    "Decision": closed(
        {
            "version": INT,
            "outcome": enum(Outcome),
            "explanation": STR,
            "changes": STR,
            "decided_at": MOMENT,
            "verdicts": array(
                closed(
                    {"criterion_id": ID, "criterion": STR, "verdict": enum(Verdict), "reason": STR}
                )
            ),
        },
        "The werkgroep's decision on one version of an initiative.",
    ),
    "Review": closed(
        {
            "round_id": ID,
            "criteria_version": INT,
            "criteria": array(ref("Criterion")),
            "initiatives": array(
                closed(
                    {
                        "id": ID,
                        "title": STR,
                        "status": enum(PUBLIC_STATUSES),
                        "amount_cents": CENTS,
                        "version": INT,
                        "reviews": {**COUNT, "description": "Reviews of the current version."},
                        "decisions": array(ref("Decision")),
                    }
                )
            ),
        }
    ),
    "Participation": closed(
        {
            "round_id": ID,
            "codes": {**COUNT, "description": "Valid stemcodes handed out."},
            "voted": COUNT,
            "per_day": array(closed({"date": DATE, "voted": COUNT})),
            "per_channel": array(closed({"channel": enum(Channel), "voted": COUNT})),
            "per_area": array(
                closed(
                    {
                        "postcode_area": {"type": "string", "pattern": "^[0-9]{4}$"},
                        "voted": COUNT,
                        "codes": COUNT,
                    }
                )
            ),
            "hidden_areas": {
                **COUNT,
                "description": "Areas left out because too few voted there to show safely.",
            },
        }
    ),
    "AuditEntry": closed(
        {
            "id": ID,
            "at": MOMENT,
            "action": STR,
            "object_type": STR,
            "object_id": nullable(INT),
            "wijk_id": nullable(ID),
            "actor": nullable(closed({"id": ID, "name": STR})),
            "reason": STR,
            "details": FREE_OBJECT,
        }
    ),
    "AuditPage": page_of("AuditEntry"),
}
