"""The werkgroep's check: criteria, reviews per criterion, conflicts of interest, decisions.

Services take explicit arguments, raise :class:`FieldError` / :class:`ReviewError`, flush but
do not commit. Every decision and every change to the criteria is audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from wijkbudget.audit.services import record
from wijkbudget.auth import permissions
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError, FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.review.models import (
    ConflictOfInterest,
    Criterion,
    CriterionVerdict,
    Decision,
    Outcome,
    Review,
    Strength,
    Verdict,
)
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


class ReviewError(DomainError):
    """The werkgroep cannot do this now (``str(error)`` is the code)."""


@dataclass(frozen=True)
class CriterionData:
    text: str
    explanation: str = ""
    strength: Strength = Strength.MUST


@dataclass(frozen=True)
class VerdictData:
    verdict: Verdict
    reason: str = ""


def current_criteria(round_: Round) -> list[Criterion]:
    query = (
        sa.select(Criterion)
        .where(Criterion.round_id == round_.id, Criterion.version == round_.criteria_version)
        .order_by(Criterion.position)
    )
    return list(db.session.scalars(query))


def set_criteria(
    actor: User | None, round_: Round, items: list[CriterionData], today: date, reason: str = ""
) -> None:
    """Publish the round's criteria.

    Before the review starts they may change freely. From then on they are frozen: a change
    makes a new version, needs a reason, and the earlier reviews keep pointing at the old text.
    """
    if actor is not None and not permissions.can_manage_criteria(actor, round_, today):
        raise ReviewError("not_allowed")
    items = [item for item in items if item.text.strip()]
    if not items:
        raise FieldError("criteria", "no_criteria")
    frozen = round_.phase_on(today) not in (Phase.PREPARATION, Phase.SUBMISSION)
    if frozen:
        if not reason.strip():
            raise FieldError("reason", "reason_required_frozen")
        round_.criteria_version += 1
    else:
        for old in current_criteria(round_):
            db.session.delete(old)
    for position, item in enumerate(items):
        db.session.add(
            Criterion(
                round_id=round_.id,
                version=round_.criteria_version,
                position=position,
                text=item.text.strip(),
                explanation=item.explanation.strip(),
                strength=item.strength,
            )
        )
    db.session.flush()
    record(
        actor,
        "criteria.new_version" if frozen else "criteria.set",
        round_,
        reason=reason,
        wijk_id=round_.wijk_id,
        version=round_.criteria_version,
        criteria=[[i.text.strip(), i.strength.value] for i in items],
    )


def has_conflict(user: User, initiative: Initiative) -> bool:
    query = sa.select(ConflictOfInterest.id).where(
        ConflictOfInterest.initiative_id == initiative.id, ConflictOfInterest.user_id == user.id
    )
    return db.session.scalar(query) is not None


def declare_conflict(user: User, initiative: Initiative, reason: str) -> None:
    """A member with a link to the initiative steps aside; this is recorded, never undone here."""
    if has_conflict(user, initiative):
        return
    db.session.add(
        ConflictOfInterest(initiative_id=initiative.id, user_id=user.id, reason=reason.strip())
    )
    record(
        user,
        "review.conflict_declared",
        initiative,
        reason=reason,
        wijk_id=initiative.round.wijk_id,
    )


def _check_reviewer(user: User, initiative: Initiative, today: date) -> None:
    if not permissions.can_review(user, initiative.round, today):
        raise ReviewError("not_allowed")
    if has_conflict(user, initiative) or initiative.author_id == user.id:
        raise ReviewError("conflict")
    if initiative.status is not Status.PUBLISHED:
        raise ReviewError("not_reviewable")


def _verdicts(round_: Round, given: dict[int, VerdictData]) -> list[CriterionVerdict]:
    verdicts = []
    for criterion in current_criteria(round_):
        data = given.get(criterion.id)
        if data is None:
            raise FieldError(f"criterion-{criterion.id}", "verdict_missing")
        if data.verdict is not Verdict.MEETS and not data.reason.strip():
            raise FieldError(f"criterion-{criterion.id}", "reason_for_verdict")
        verdicts.append(
            CriterionVerdict(
                criterion_id=criterion.id, verdict=data.verdict, reason=data.reason.strip()
            )
        )
    return verdicts


def reviews_of(initiative: Initiative, version: int | None = None) -> list[Review]:
    query = (
        sa.select(Review)
        .options(selectinload(Review.reviewer))
        .where(
            Review.initiative_id == initiative.id, Review.version == (version or initiative.version)
        )
    )
    return list(db.session.scalars(query.order_by(Review.id)))


def submit_review(
    reviewer: User, initiative: Initiative, given: dict[int, VerdictData], today: date
) -> Review:
    """Record (or replace) this member's verdict per criterion on the current version."""
    _check_reviewer(reviewer, initiative, today)
    verdicts = _verdicts(initiative.round, given)
    review = db.session.scalar(
        sa.select(Review).where(
            Review.initiative_id == initiative.id,
            Review.version == initiative.version,
            Review.reviewer_id == reviewer.id,
        )
    )
    if review is None:
        review = Review(
            initiative_id=initiative.id, version=initiative.version, reviewer_id=reviewer.id
        )
        db.session.add(review)
    review.verdicts = verdicts
    db.session.flush()
    record(
        reviewer,
        "review.submit",
        initiative,
        wijk_id=initiative.round.wijk_id,
        version=initiative.version,
        verdicts={str(v.criterion_id): v.verdict.value for v in verdicts},
    )
    return review


def suggested_verdicts(initiative: Initiative) -> dict[int, Verdict]:
    """The most common verdict per criterion among the reviews (ties: the stricter one)."""
    order = [Verdict.DOES_NOT_MEET, Verdict.UNCLEAR, Verdict.MEETS]
    tallies: dict[int, Counter[Verdict]] = {}
    for review in reviews_of(initiative):
        for verdict in review.verdicts:
            tallies.setdefault(verdict.criterion_id, Counter())[verdict.verdict] += 1
    return {
        criterion_id: max(order, key=lambda v: (tally[v], -order.index(v)))
        for criterion_id, tally in tallies.items()
    }


def can_decide_now(initiative: Initiative) -> bool:
    return len(reviews_of(initiative)) >= initiative.round.reviews_needed


def decide(
    actor: User,
    initiative: Initiative,
    outcome: Outcome,
    given: dict[int, VerdictData],
    today: date,
    *,
    changes: str = "",
    explanation: str = "",
) -> Decision:
    """The werkgroep's decision on the current version, with the verdict per criterion.

    Admitted only if no "must" criterion is unmet; "changes needed" says what to change and
    sends the initiative back to its initiator, whose new version is reviewed from scratch.
    """
    _check_reviewer(actor, initiative, today)
    if not can_decide_now(initiative):
        raise ReviewError("not_enough_reviews")
    verdicts = _verdicts(initiative.round, given)
    unmet_must = [
        v
        for v in verdicts
        if v.verdict is Verdict.DOES_NOT_MEET and _criterion(v).strength is Strength.MUST
    ]
    if outcome is Outcome.ADMITTED and (
        unmet_must or any(v.verdict is Verdict.UNCLEAR for v in verdicts)
    ):
        raise FieldError("outcome", "admitted_with_unmet")
    if outcome is Outcome.CHANGES_NEEDED and not changes.strip():
        raise FieldError("changes", "changes_required")
    if outcome is Outcome.NOT_ADMITTED and not unmet_must and not explanation.strip():
        raise FieldError("explanation", "explain_refusal")

    decision = Decision(
        initiative=initiative,
        version=initiative.version,
        outcome=outcome,
        changes=changes.strip(),
        explanation=explanation.strip(),
        decided_by_id=actor.id,
        verdicts=verdicts,
    )
    db.session.add(decision)
    initiative.status = {
        Outcome.ADMITTED: Status.ADMITTED,
        Outcome.CHANGES_NEEDED: Status.CHANGES_REQUESTED,
        Outcome.NOT_ADMITTED: Status.NOT_ADMITTED,
    }[outcome]
    if outcome is Outcome.CHANGES_NEEDED:
        initiative.changes_requested = changes.strip()
    db.session.flush()
    record(
        actor,
        f"decision.{outcome.value}",
        initiative,
        reason=explanation or changes,
        wijk_id=initiative.round.wijk_id,
        version=initiative.version,
        verdicts={str(v.criterion_id): v.verdict.value for v in verdicts},
    )
    return decision


def _criterion(verdict: CriterionVerdict) -> Criterion:
    criterion = db.session.get(Criterion, verdict.criterion_id)
    assert criterion is not None
    return criterion


def latest_decision(initiative: Initiative) -> Decision | None:
    """The decision on the current version; none while a new version waits for its check."""
    query = (
        sa.select(Decision)
        .where(Decision.initiative_id == initiative.id, Decision.version == initiative.version)
        .order_by(Decision.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def werkgroep_overview(round_: Round, user: User) -> list[tuple[Initiative, int, bool, bool]]:
    """Per public initiative waiting for the check: reviews of its current version so far,
    whether I reviewed it, and whether I declared a conflict. Four queries, whatever the size."""
    initiatives = db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.round_id == round_.id, Initiative.status == Status.PUBLISHED)
        .order_by(Initiative.title)
    ).all()
    current = sa.and_(Review.initiative_id == Initiative.id, Review.version == Initiative.version)
    in_round = Initiative.round_id == round_.id
    count_query = (
        sa.select(Initiative.id, sa.func.count(Review.id))
        .join(Review, current)
        .where(in_round)
        .group_by(Initiative.id)
    )
    counts: dict[int, int] = {row[0]: row[1] for row in db.session.execute(count_query)}
    mine = set(
        db.session.scalars(
            sa.select(Initiative.id)
            .join(Review, current)
            .where(in_round, Review.reviewer_id == user.id)
        )
    )
    conflicts = set(
        db.session.scalars(
            sa.select(ConflictOfInterest.initiative_id).where(ConflictOfInterest.user_id == user.id)
        )
    )
    return [(i, counts.get(i.id, 0), i.id in mine, i.id in conflicts) for i in initiatives]
