"""Who may do what, as plain predicates: no request, no database query, easy to test as a matrix.

Each takes the user (or ``None`` for an anonymous visitor), the object and the day, so the same
rule serves the web pages, the CLI and the tests.
"""

from __future__ import annotations

from datetime import date

from wijkbudget.auth.models import Role, User
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def holds(user: User | None, role: Role, wijk_id: int | None = None) -> bool:
    """A signed-in user with ``role`` (in ``wijk_id`` for a per-wijk role)."""
    return user is not None and user.is_authenticated and user.has_role(role, wijk_id)


def is_admin(user: User | None) -> bool:
    return holds(user, Role.ADMIN)


def is_admin_or_gemeente(user: User | None) -> bool:
    """Who counts, publishes and exports: the municipality and administrators."""
    return is_admin(user) or holds(user, Role.GEMEENTE)


def can_manage_wijken(user: User | None) -> bool:
    """Creating and editing wijken and their rounds is for admins."""
    return is_admin(user)


def can_assign_roles(user: User | None) -> bool:
    """Only admins hand out and take back roles."""
    return is_admin(user)


def can_submit(user: User | None, round_: Round, today: date) -> bool:
    """Any confirmed resident may submit an initiative while submission is open."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_confirmed
        and round_.phase_on(today) is Phase.SUBMISSION
    )


def can_moderate(user: User | None, round_: Round, today: date) -> bool:
    """The wijk's wijkondersteuner moderates proposals from submission until voting ends."""
    return holds(user, Role.WIJKONDERSTEUNER, round_.wijk_id) and round_.phase_on(today) in (
        Phase.SUBMISSION,
        Phase.REVIEW,
        Phase.VOTING,
    )


def can_review(user: User | None, round_: Round, today: date) -> bool:
    """The wijk's werkgroep checks initiatives against the criteria, during review only."""
    return holds(user, Role.WERKGROEP, round_.wijk_id) and round_.phase_on(today) is Phase.REVIEW


def can_export(user: User | None, round_: Round, today: date) -> bool:
    """The gemeente (every wijk) and admins export a round once voting has closed."""
    return is_admin_or_gemeente(user) and round_.phase_on(today) in (
        Phase.COUNTING,
        Phase.RESULTS,
    )


def can_see_audit_log(user: User | None, wijk_id: int | None) -> bool:
    """Admins and the gemeente read the whole log; a wijkondersteuner reads their wijk's."""
    return (
        is_admin(user)
        or holds(user, Role.GEMEENTE)
        or (wijk_id is not None and holds(user, Role.WIJKONDERSTEUNER, wijk_id))
    )


def can_edit_initiative(user: User | None, initiative: Initiative, today: date) -> bool:
    """The initiator edits a draft while submission is open, and again when asked for changes.

    A change asked for during the werkgroep's check may still be made in the review phase.
    """
    if user is None or not user.is_authenticated or initiative.author_id != user.id:
        return False
    phase = initiative.round.phase_on(today)
    if initiative.status is Status.DRAFT:
        return phase is Phase.SUBMISSION
    if initiative.status is Status.CHANGES_REQUESTED:
        return phase in (Phase.SUBMISSION, Phase.REVIEW)
    return False


def can_view_initiative(user: User | None, initiative: Initiative) -> bool:
    """Public initiatives are for everyone; others for their initiator and the wijk's people."""
    if initiative.status.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if initiative.author_id == user.id:
        return True
    if initiative.status is Status.DRAFT:
        return False  # "only you can see a draft", as the form promises
    wijk_id = initiative.round.wijk_id
    return (
        is_admin(user)
        or user.has_role(Role.WIJKONDERSTEUNER, wijk_id)
        or user.has_role(Role.WERKGROEP, wijk_id)
    )


def can_manage_criteria(user: User | None, round_: Round, today: date) -> bool:
    """Admins and the wijk's werkgroep set the criteria, until voting starts.

    Once the review has started a change makes a new version, with a reason (see the service).
    """
    return (is_admin(user) or holds(user, Role.WERKGROEP, round_.wijk_id)) and round_.phase_on(
        today
    ) in (Phase.PREPARATION, Phase.SUBMISSION, Phase.REVIEW)


def can_review_initiative(user: User | None, initiative: Initiative, today: date) -> bool:
    """A werkgroep member reviews a published idea that is not their own, during review.

    (A declared conflict of interest is checked by the review service, which owns that data.)
    """
    return (
        can_review(user, initiative.round, today)
        and initiative.status is Status.PUBLISHED
        and user is not None
        and initiative.author_id != user.id
    )
