"""Sequential Phragmén for approval ballots, as pabutools 1.2.3 counts it.

Each funded project puts a load (money) on its supporters, spread so that the highest load any
voter carries stays as low as possible. Each round funds the project that would give its
supporters the lowest new maximal load; the count stops at the first such project that no longer
fits in the budget (it does not skip to cheaper ones).

A voter's load is always the new maximal load of the last funded project they approved, so
voters are grouped by that project: a handful of classes instead of every voter.
"""

from __future__ import annotations

from fractions import Fraction

from wijkbudget.counting.result import Phase, Reason, Step
from wijkbudget.counting.rules.greedy import Outcome
from wijkbudget.counting.rules.profile import Profile, count_by_class

NONE_YET = -1  # class of voters who approve no funded project: load 0


def phragmen(profile: Profile) -> Outcome:
    """Fund projects by sequential Phragmén (see the module docstring)."""
    costs, budget = profile.costs, profile.budget
    loads: dict[int, Fraction] = {NONE_YET: Fraction(0)}  # class (a funded project) -> load
    group_class = [NONE_YET] * len(profile.sizes)
    left = budget
    steps: list[Step] = []
    selected: list[int] = []

    def step(project: int, reason: Reason) -> Step:
        votes = Fraction(profile.approvals[project])
        return Step(profile.ids[project], reason, Phase.PHRAGMEN, votes, costs[project], left)

    def new_load(project: int) -> tuple[int, Fraction]:
        """(0, the new maximal load) or, for an unsupported project, (1, 0): pabutools'
        infinite load, worse than any other."""
        if not profile.supporters[project]:
            return (1, Fraction(0))
        (block,) = profile.supporters[project]
        counts = count_by_class(block, group_class)
        total = sum((loads[klass] * voters for klass, voters in counts.items()), costs[project])
        return (0, total / profile.approvals[project])

    remaining = []
    for project in range(len(profile.ids)):
        if costs[project] <= budget:
            remaining.append(project)
        else:
            steps.append(step(project, Reason.DOES_NOT_FIT))
    while remaining:
        ranked = {project: new_load(project) for project in remaining}
        best = min(ranked.values())
        tied = [project for project, load in ranked.items() if load == best]
        if any(costs[project] > left for project in tied):
            stop = min(p for p in tied if costs[p] > left)
            steps.append(step(stop, Reason.DOES_NOT_FIT))
            steps.extend(step(p, Reason.NO_SKIP_STOP) for p in remaining if p != stop)
            break
        chosen = min(tied)
        remaining.remove(chosen)
        selected.append(chosen)
        left -= costs[chosen]
        if best[0] == 0:
            loads[chosen] = best[1]
            for block in profile.supporters[chosen]:
                for group in block.members:
                    group_class[group] = chosen
        steps.append(step(chosen, Reason.FUNDED))
    return Outcome(tuple(selected), tuple(steps))
