"""Greedy counting: the projects with the most votes first, as long as the money lasts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wijkbudget.counting.result import Phase, Reason, Step
from wijkbudget.counting.rules.profile import Profile

ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Projects funded (in order, as indices) and the steps that explain them."""

    selected: tuple[int, ...]
    steps: tuple[Step, ...]


def greedy_order(profile: Profile, cheaper_first: bool = False) -> list[int]:
    """Most votes first, ties to the smallest id (``cheaper_first``: to the lowest cost, then
    the smallest id).

    pabutools ranks by satisfaction per unit of cost; with its cost satisfaction (approval) and
    with the points and Borda satisfactions the reference uses that is simply the number of
    votes. A free project with votes comes first (pabutools gives it an infinite ratio).
    """

    def rank(project: int) -> tuple[int, int | Fraction, Fraction, int]:
        score, cost = profile.scores[project], profile.costs[project]
        free_with_votes = cost == 0 and score > 0
        return (0 if free_with_votes else 1, -score, cost if cheaper_first else ZERO, project)

    return sorted(range(len(profile.ids)), key=rank)


def greedy(
    profile: Profile,
    *,
    threshold: Fraction | None = None,
    skip: bool = True,
    already: Sequence[int] = (),
    phase: Phase = Phase.GREEDY,
    cheaper_first: bool = False,
) -> Outcome:
    """Fund projects in :func:`greedy_order` while they fit in what is left of the budget.

    ``threshold``: only projects with at least that many votes can be funded. ``skip=False``
    stops at the first project that does not fit instead of trying the cheaper ones after it.
    ``already`` are projects funded before (a completion after the Method of Equal Shares): they
    are paid for first and not considered again. ``cheaper_first``: see :func:`greedy_order`.
    """
    left = profile.budget - sum((profile.costs[project] for project in already), Fraction(0))
    selected = list(already)
    taken = set(already)
    steps: list[Step] = []
    stopped = False
    for project in greedy_order(profile, cheaper_first):
        if project in taken:
            continue
        cost, votes = profile.costs[project], profile.scores[project]
        if threshold is not None and votes < threshold:
            reason = Reason.BELOW_THRESHOLD
        elif stopped:
            reason = Reason.NO_SKIP_STOP
        elif cost > left:
            reason = Reason.DOES_NOT_FIT
            stopped = not skip
        else:
            reason = Reason.FUNDED
            selected.append(project)
            left -= cost
        steps.append(Step(profile.ids[project], reason, phase, Fraction(votes), cost, left))
    return Outcome(tuple(selected), tuple(steps))
