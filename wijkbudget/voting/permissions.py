"""Who may do what with the vote: plain predicates, tested as a matrix."""

from __future__ import annotations

from datetime import date

from wijkbudget.auth.models import Role, User
from wijkbudget.auth.permissions import holds, is_admin, is_admin_or_gemeente
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def can_manage_voting(user: User | None, round_: Round, today: date) -> bool:
    """Admins and the gemeente set up the vote, import addresses and print letters.

    Not after the round's vote has closed: then nothing about it should change.
    """
    return is_admin_or_gemeente(user) and round_.phase_on(today) not in (
        Phase.COUNTING,
        Phase.RESULTS,
    )


def can_replace_code(user: User | None, round_: Round, today: date) -> bool:
    """A lost letter: the wijkondersteuner (in the buurthuis), the gemeente or an admin."""
    return (
        is_admin(user)
        or holds(user, Role.GEMEENTE)
        or holds(user, Role.WIJKONDERSTEUNER, round_.wijk_id)
    ) and round_.phase_on(today) in (Phase.REVIEW, Phase.VOTING)


def can_see_turnout(user: User | None, round_: Round, today: date) -> bool:
    """How many voted (never what) for the wijk's wijkondersteuner, the gemeente and admins."""
    return (
        is_admin(user)
        or holds(user, Role.GEMEENTE)
        or holds(user, Role.WIJKONDERSTEUNER, round_.wijk_id)
    ) and round_.phase_on(today) in (Phase.VOTING, Phase.COUNTING, Phase.RESULTS)
