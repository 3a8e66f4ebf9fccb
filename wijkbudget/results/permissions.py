"""Who may count, publish and see an outcome: plain predicates, tested as a matrix."""

from __future__ import annotations

from datetime import date

from wijkbudget.auth.models import User
from wijkbudget.auth.permissions import is_admin, is_admin_or_gemeente
from wijkbudget.results.models import Outcome
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase


def can_count(user: User | None, round_: Round, today: date) -> bool:
    """Admins and the gemeente count a round once its vote has closed."""
    return is_admin_or_gemeente(user) and round_.phase_on(today) in (Phase.COUNTING, Phase.RESULTS)


def can_publish(user: User | None, round_: Round, today: date) -> bool:
    """Whoever may count may publish: admins and the gemeente, after the vote."""
    return can_count(user, round_, today)


def can_see_outcome(user: User | None, outcome: Outcome | None) -> bool:
    """Everyone once it is published; before that only admins and the gemeente (who count).

    Not the werkgroep, the wijkondersteuner or the initiators: nobody may learn a count before
    it is made public for the whole wijk at once.
    """
    if outcome is None:
        return False
    return outcome.is_published or is_admin_or_gemeente(user)


def can_compare_rules(user: User | None) -> bool:
    """What other rules would have given is for admins and the gemeente only."""
    return is_admin_or_gemeente(user)


def can_import(user: User | None) -> bool:
    """Loading a past round from a .pb file creates a round: admins only."""
    return is_admin(user)
