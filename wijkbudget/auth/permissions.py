"""Who may do what, as plain predicates: no request, no database query, easy to test as a matrix.

Each takes the user (or ``None`` for an anonymous visitor), the object and the day, so the same
rule serves the web pages, the CLI and the tests.
"""

from __future__ import annotations

from datetime import date

from wijkbudget.auth.models import Role, User
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def _is(user: User | None, role: Role, wijk_id: int | None = None) -> bool:
    return user is not None and user.is_authenticated and user.has_role(role, wijk_id)


def is_admin(user: User | None) -> bool:
    return _is(user, Role.ADMIN)


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
    return _is(user, Role.WIJKONDERSTEUNER, round_.wijk_id) and round_.phase_on(today) in (
        Phase.SUBMISSION,
        Phase.REVIEW,
        Phase.VOTING,
    )


def can_review(user: User | None, round_: Round, today: date) -> bool:
    """The wijk's werkgroep checks initiatives against the criteria, during review only."""
    return _is(user, Role.WERKGROEP, round_.wijk_id) and round_.phase_on(today) is Phase.REVIEW


def can_export(user: User | None, round_: Round, today: date) -> bool:
    """The gemeente (every wijk) and admins export a round once voting has closed."""
    return (_is(user, Role.GEMEENTE) or is_admin(user)) and round_.phase_on(today) in (
        Phase.COUNTING,
        Phase.RESULTS,
    )


def can_see_audit_log(user: User | None, wijk_id: int | None) -> bool:
    """Admins and the gemeente read the whole log; a wijkondersteuner reads their wijk's."""
    return (
        is_admin(user)
        or _is(user, Role.GEMEENTE)
        or (wijk_id is not None and _is(user, Role.WIJKONDERSTEUNER, wijk_id))
    )
