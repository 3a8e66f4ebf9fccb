"""The compact form of an election that the rules count on.

Project ids become indices once, in text order, so that "smallest id" is "smallest index".
Identical ballots become one group with a size: voters with the same ballot always pay the same
in the Method of Equal Shares, so a group stands in for all of them. A ballot becomes the
projects it supports with a utility each: 1 per approval, the points of a cumulative ballot, or
the Borda score ``len(ballot) - position - 1`` of an ordinal ballot (pabutools' definitions).
The votes greedy counts are approvals, points, or for ordinal ballots Pabulib's score
``max_length - position`` (position from 0), which is how Kraków counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from operator import itemgetter

from wijkbudget.counting.election import Election, VoteType

Number = int | Fraction
Support = tuple[tuple[int, int], ...]  # (project, index into Profile.utilities)


@dataclass(frozen=True, slots=True)
class Block:
    """The groups that give one project the same utility; single voters kept apart because
    counting them needs no multiplication."""

    utility: int  # index into Profile.utilities
    singles: tuple[int, ...]  # groups of one voter
    groups: tuple[int, ...]  # larger groups
    sizes: tuple[int, ...]  # their sizes
    members: tuple[int, ...]  # all of its groups: singles, then the larger ones


@dataclass(frozen=True, slots=True)
class Profile:
    """Projects as indices and ballots as weighted groups (see the module docstring)."""

    ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    num_voters: int
    cost_utility: bool  # approval ballots: MES compares the price per unit of cost
    utilities: tuple[int, ...]  # whole numbers: the real utilities times utility_scale
    utility_scale: int
    sizes: tuple[int, ...]  # voters in each group
    ballots: tuple[Support, ...]  # per group: (project, utility index)
    supporters: tuple[tuple[Block, ...], ...]  # per project, one block per utility
    scores: tuple[Number, ...]  # approvals, points or Borda score per project
    approvals: tuple[int, ...]  # voters who named the project at all


def _utilities(
    election: Election, ballot_projects: tuple[str, ...], points: object
) -> list[Number]:
    """The utility the voter gets from each project on the ballot, in ballot order."""
    if election.vote_type is VoteType.CUMULATIVE:
        assert isinstance(points, tuple)
        return [_plain(Fraction(value)) for value in points]
    if election.vote_type is VoteType.ORDINAL:
        length = len(ballot_projects)
        return [length - position - 1 for position in range(length)]
    return [1] * len(ballot_projects)


def _plain(value: Fraction) -> Number:
    """Whole numbers as int: int arithmetic is much faster than Fraction arithmetic."""
    return value.numerator if value.denominator == 1 else value


def _blocks(by_utility: dict[int, list[int]], sizes: list[int]) -> tuple[Block, ...]:
    blocks = []
    for utility, groups in sorted(by_utility.items()):
        larger = tuple(group for group in groups if sizes[group] > 1)
        singles = tuple(group for group in groups if sizes[group] == 1)
        sizes_of = tuple(sizes[group] for group in larger)
        blocks.append(Block(utility, singles, larger, sizes_of, singles + larger))
    return tuple(blocks)


def build_profile(election: Election) -> Profile:
    """Group the ballots of ``election`` and index its projects (see the module docstring)."""
    ids = tuple(sorted(project.id for project in election.projects))
    index = {project_id: position for position, project_id in enumerate(ids)}
    costs = {project.id: project.cost for project in election.projects}
    # Ballots as written: the same approvals in another order make a second group, which
    # costs a little speed but never changes a count, and is much cheaper than sorting them.
    counts = Counter((ballot.projects, ballot.points) for ballot in election.ballots)

    max_length = int(election.meta.get("max_length", 0)) or max(
        (len(ballot.projects) for ballot in election.ballots), default=0
    )
    ordinal = election.vote_type is VoteType.ORDINAL
    utility_index: dict[Number, int] = {}
    ballots: list[Support] = []
    sizes: list[int] = []
    supporters: list[dict[int, list[int]]] = [{} for _ in ids]
    scores: list[Number] = [0] * len(ids)
    approvals = [0] * len(ids)
    for (ballot_projects, points), size in counts.items():
        group = len(ballots)
        support: dict[int, int] = {}
        for position, (project_id, utility) in enumerate(
            zip(ballot_projects, _utilities(election, ballot_projects, points), strict=True)
        ):
            if project_id not in index:
                raise ValueError(f"a ballot names project {project_id!r}, which is not listed")
            project = index[project_id]
            approvals[project] += size
            scores[project] += size * (max_length - position if ordinal else utility)
            if utility > 0:  # a zero utility is no support (pabutools)
                support[project] = utility_index.setdefault(utility, len(utility_index))
        entries = tuple(sorted(support.items()))
        ballots.append(entries)
        sizes.append(size)
        for project, utility in entries:
            supporters[project].setdefault(utility, []).append(group)
    scale = lcm(*(Fraction(value).denominator for value in utility_index))
    return Profile(
        ids=ids,
        costs=tuple(costs[project_id] for project_id in ids),
        budget=election.budget,
        num_voters=election.num_voters,
        cost_utility=election.vote_type.is_approval_like,
        utilities=tuple(int(value * scale) for value in utility_index),
        utility_scale=scale,
        sizes=tuple(sizes),
        ballots=tuple(ballots),
        supporters=tuple(_blocks(blocks, sizes) for blocks in supporters),
        scores=tuple(scores),
        approvals=tuple(approvals),
    )


def count_by_class(block: Block, group_class: list[int]) -> Counter[int]:
    """How many voters of ``block`` sit in each class (``group_class`` gives each group's)."""
    if len(block.singles) > 1:
        counts = Counter(itemgetter(*block.singles)(group_class))
    else:
        counts = Counter(group_class[group] for group in block.singles)
    for group, size in zip(block.groups, block.sizes, strict=True):
        counts[group_class[group]] += size
    return counts


def move_groups(block: Block, group_class: list[int], move: dict[int, int]) -> None:
    """Put every group of ``block`` in class ``move[c]``, where ``c`` is its class now."""
    members = block.members
    if len(members) == 1:
        group_class[members[0]] = move[group_class[members[0]]]
        return
    olds: tuple[int, ...] = itemgetter(*members)(group_class)
    for group, new in zip(members, map(move.__getitem__, olds), strict=True):
        group_class[group] = new
