"""Who may do what with paper ballots and assisted votes: plain predicates, tested as a matrix."""

from __future__ import annotations

from datetime import date

from wijkbudget.auth.models import Role, User
from wijkbudget.auth.permissions import holds, is_admin, is_admin_or_gemeente
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def _buurthuis(user: User | None, round_: Round) -> bool:
    """The wijk's stembureau volunteers and wijkondersteuner: the people at the buurthuis."""
    return holds(user, Role.STEMBUREAU, round_.wijk_id) or holds(
        user, Role.WIJKONDERSTEUNER, round_.wijk_id
    )


def can_print(user: User | None, round_: Round, today: date) -> bool:
    """Print numbered sheets: the wijkondersteuner, the gemeente or an admin, while voting."""
    return (
        is_admin(user)
        or holds(user, Role.GEMEENTE)
        or holds(user, Role.WIJKONDERSTEUNER, round_.wijk_id)
    ) and round_.phase_on(today) is Phase.VOTING


def can_issue(user: User | None, round_: Round, today: date) -> bool:
    """Hand out a sheet against a letter: at the buurthuis, while voting."""
    return _buurthuis(user, round_) and round_.phase_on(today) is Phase.VOTING


def can_enter(user: User | None, round_: Round, today: date) -> bool:
    """Enter (and resolve) returned sheets: at the buurthuis, while voting and after it closed."""
    return _buurthuis(user, round_) and round_.phase_on(today) in (Phase.VOTING, Phase.COUNTING)


def can_see_paper(user: User | None, round_: Round, today: date) -> bool:
    """The paper figures (never what a sheet says) for the buurthuis, the gemeente and admins."""
    return (is_admin_or_gemeente(user) or _buurthuis(user, round_)) and (
        round_.phase_on(today) in (Phase.VOTING, Phase.COUNTING, Phase.RESULTS)
    )


def can_override(user: User | None, round_: Round, today: date) -> bool:
    """Let the count start without a clean reconciliation: admins only, once voting closed
    (also after the results date, so a stuck difference never blocks the count for good)."""
    return is_admin(user) and round_.phase_on(today) in (Phase.COUNTING, Phase.RESULTS)


def can_assist(user: User | None, round_: Round, today: date) -> bool:
    """Help a resident vote online (or their proxy): at the buurthuis, while voting."""
    return _buurthuis(user, round_) and round_.phase_on(today) is Phase.VOTING
