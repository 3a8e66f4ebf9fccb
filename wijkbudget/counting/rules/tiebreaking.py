"""How rules choose between projects that are equally good.

Every key is a function of the project index; a smaller key wins. Profile indices follow the
project ids in text order, so the index itself is "smallest id as text" (pabutools' lexicographic
tie-breaking).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from wijkbudget.counting.rules.profile import Profile

TieKey = Callable[[int], tuple[Fraction | int, ...]]


def by_id(profile: Profile) -> TieKey:
    """Smallest project id (as text) first: pabutools' ``lexico_tie_breaking``."""
    del profile  # the index already is the id order
    return lambda project: (project,)


def by_cost_then_votes(profile: Profile) -> TieKey:
    """Lowest cost, then most approvals, then smallest id: equalshares.net's tie-breaking."""
    costs, approvals = profile.costs, profile.approvals
    return lambda project: (costs[project], -approvals[project], project)
