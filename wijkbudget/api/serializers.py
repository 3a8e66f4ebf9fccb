"""Turning the models into the JSON the API promises (``schema/openapi.py`` describes each shape).

Money is always integer cents (``…_cents``): no rounding, no locale. Dates are ISO 8601
(``2026-03-01``), moments ISO 8601 in UTC (``2026-03-01T09:30:00+00:00``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from wijkbudget.audit.models import AuditEntry
from wijkbudget.initiatives.models import Initiative
from wijkbudget.review.models import Criterion, Decision
from wijkbudget.voting.services import Turnout
from wijkbudget.wijken.models import Round, Wijk

Json = dict[str, Any]


def moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def wijk_summary(wijk: Wijk) -> Json:
    return {"id": wijk.id, "slug": wijk.slug, "name": wijk.name}


def wijk(found: Wijk) -> Json:
    return {
        **wijk_summary(found),
        "description": found.description,
        "postcode_areas": [p.postcode for p in found.postcodes],
        "rounds": [{"id": r.id, "year": r.year, "title": r.title} for r in found.rounds],
    }


def round_(found: Round, today: date) -> Json:
    dates = found.dates
    return {
        "id": found.id,
        "wijk": wijk_summary(found.wijk),
        "year": found.year,
        "title": found.title,
        "phase": found.phase_on(today).value,
        "budget_cents": found.budget_cents,
        "max_per_initiative_cents": found.max_per_initiative,
        "dates": {
            "submission_start": dates.submission_start.isoformat(),
            "review_start": dates.review_start.isoformat(),
            "voting_start": dates.voting_start.isoformat(),
            "voting_end": dates.voting_end.isoformat(),
            "results_date": dates.results_date.isoformat(),
        },
    }


def initiative(found: Initiative) -> Json:
    """Only what the public website shows, and no personal data (no initiator, no contact)."""
    return {
        "id": found.id,
        "round_id": found.round_id,
        "title": found.title,
        "summary": found.summary,
        "theme": found.theme.name if found.theme else None,
        "amount_cents": found.amount_cents,
        "status": found.status.value,
        "duplicate_of_id": found.duplicate_of_id,
    }


def outcome(round_id: int, result: Any, rows: list[Any]) -> Json:
    """A published outcome (``results.services.Outcome``) and its per-initiative results."""
    return {
        "round_id": round_id,
        "rule": result.rule,
        "parameters": dict(result.parameters or {}),
        "engine_version": result.engine_version,
        "ballots_sha256": result.ballots_sha256,
        "budget_cents": result.budget_cents,
        "total_cents": result.total_cents,
        "left_cents": result.budget_cents - result.total_cents,
        "ballots_online": result.ballots_online,
        "ballots_paper": result.ballots_paper,
        "counted_at": moment(result.counted_at),
        "published_at": moment(result.published_at),
        "initiatives": [
            {
                "initiative_id": row.initiative_id,
                "title": row.title,
                "amount_cents": row.amount_cents,
                "votes_online": row.votes_online,
                "votes_paper": row.votes_paper,
                "votes": row.votes,
                "funded": row.funded,
                "explanation": row.explanation,
            }
            for row in rows
        ],
    }


def criterion(found: Criterion) -> Json:
    return {
        "id": found.id,
        "version": found.version,
        "position": found.position,
        "text": found.text,
        "explanation": found.explanation,
        "strength": found.strength.value,
    }


def decision(found: Decision) -> Json:
    """The werkgroep's decision as a group: who typed it in is left out."""
    return {
        "version": found.version,
        "outcome": found.outcome.value,
        "explanation": found.explanation,
        "changes": found.changes,
        "decided_at": moment(found.decided_at),
        "verdicts": [
            {
                "criterion_id": v.criterion_id,
                "criterion": v.criterion.text,
                "verdict": v.verdict.value,
                "reason": v.reason,
            }
            for v in found.verdicts
        ],
    }


def turnout(round_id: int, found: Turnout) -> Json:
    """Counts only; areas too small to show stay merged (see ``voting.services.turnout``)."""
    return {
        "round_id": round_id,
        "codes": found.codes,
        "voted": found.voted,
        "per_day": [
            {"date": day.isoformat(), "voted": n} for day, n in found.per_day if day is not None
        ],
        "per_channel": [
            {"channel": channel.value, "voted": n}
            for channel, n in found.per_channel
            if channel is not None
        ],
        "per_area": [
            {"postcode_area": area, "voted": voted, "codes": codes}
            for area, voted, codes in found.per_area
        ],
        "hidden_areas": found.hidden_areas,
    }


def audit_entry(entry: AuditEntry) -> Json:
    return {
        "id": entry.id,
        "at": moment(entry.at),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "wijk_id": entry.wijk_id,
        "actor": {"id": entry.actor.id, "name": entry.actor.name} if entry.actor else None,
        "reason": entry.reason,
        "details": entry.details or {},
    }
