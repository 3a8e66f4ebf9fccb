"""Results: the one adapter between the database and :mod:`wijkbudget.counting`.

Count a closed round, publish the outcome, and read it back per initiative with a plain
explanation. Services flush but never commit; the view or CLI command commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError
from wijkbudget.extensions import db
from wijkbudget.paper import reconcile as paper
from wijkbudget.results import engine
from wijkbudget.results.explain import explain
from wijkbudget.results.models import Outcome
from wijkbudget.voting import services as voting
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl
from wijkbudget.wijken.services import lock_round


class ResultsError(DomainError):
    """The count or publication cannot happen now; ``str(error)`` is the message code."""


# --- Reading (the contract other features build on) -----------------------------------------


def outcome_of(round_: Round) -> Outcome | None:
    """The round's outcome, published or not (None: not counted yet)."""
    return db.session.scalar(sa.select(Outcome).where(Outcome.round_id == round_.id))


def published_outcome(round_: Round) -> Outcome | None:
    """The round's outcome only once it is published: what the public may see."""
    outcome = outcome_of(round_)
    return outcome if outcome is not None and outcome.is_published else None


@dataclass(frozen=True)
class InitiativeResult:
    """One initiative in an outcome. ``votes`` are approvals, or points for a points ballot."""

    initiative_id: int | None
    title: str
    amount_cents: int
    votes_online: int
    votes_paper: int
    funded: bool
    explanation: str  # B1 sentence in the current locale

    @property
    def votes(self) -> int:
        return self.votes_online + self.votes_paper


def initiative_results(outcome: Outcome) -> list[InitiativeResult]:
    """Every initiative of the outcome: the funded ones first (in the order the rule chose
    them), then the others by votes. Needs an app context for the explanation's language."""
    return [
        InitiativeResult(
            initiative_id=item.get("id"),
            title=item["title"],
            amount_cents=item["amount_cents"],
            votes_online=item["votes_online"],
            votes_paper=item["votes_paper"],
            funded=item["funded"],
            explanation=explain(outcome, item),
        )
        for item in outcome.per_initiative
    ]


# --- Counting and publishing ----------------------------------------------------------------


def count_blocker(round_: Round, today: date) -> str | None:
    """Why the round cannot be counted now (a message code), or None when it can."""
    if not voting.is_closed(round_, today):
        return "voting_not_closed"
    outcome = outcome_of(round_)
    if outcome is not None and outcome.is_published:
        return "already_published"
    blocker: str | None = paper.count_blocker(round_)
    if blocker is None and engine.ballot_count(round_) == 0:
        return "no_ballots"  # nothing to divide: equal shares would divide by zero
    return blocker


def count_round(actor: User | None, round_: Round, now: datetime) -> Outcome:
    """Count the round's ballots with the rule frozen at opening and store the outcome.

    Only after voting closed and when paper ballots are reconciled. Counting again replaces an
    unpublished outcome; a published one is never recounted. Holds the round while counting,
    so that no paper entry lands between the check and the count.
    """
    lock_round(round_)
    blocker = count_blocker(round_, today_in_nl(now))
    if blocker is not None:
        raise ResultsError(blocker)
    setup = voting.setup_of(round_)
    assert setup is not None and setup.frozen is not None  # is_closed checked it
    voting.rewrite_ballots(round_)  # nothing of the voting days' bookkeeping stays with them
    counted = engine.count_ballots(setup, engine.read_ballots(round_))
    outcome = outcome_of(round_)
    replaced = outcome is not None
    if outcome is None:
        outcome = Outcome(round=round_, imported=False)
        db.session.add(outcome)
    engine.store(outcome, counted)
    outcome.counted_at = now
    outcome.counted_by_id = actor.id if actor else None
    db.session.flush()
    record(
        actor,
        "results.count",
        outcome,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        rule=outcome.rule,
        engine_version=outcome.engine_version,
        ballots=outcome.ballots,
        ballots_sha256=outcome.ballots_sha256,
        replaced=replaced,
    )
    return outcome


def publish(actor: User | None, round_: Round, now: datetime) -> Outcome:
    """Make the counted outcome public. Once published it never changes."""
    outcome = outcome_of(round_)
    if outcome is None:
        raise ResultsError("not_counted")
    if outcome.is_published:
        raise ResultsError("already_published")
    outcome.published_at = now
    outcome.published_by_id = actor.id if actor else None
    db.session.flush()
    record(
        actor,
        "results.publish",
        outcome,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        rule=outcome.rule,
        ballots_sha256=outcome.ballots_sha256,
        total_cents=outcome.total_cents,
    )
    return outcome
