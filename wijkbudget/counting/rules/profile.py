"""The compact form of an election that the rules count on.

Project ids become indices once, in text order, so that "smallest id" is "smallest index".
Identical ballots become one group with a size: voters with the same ballot always pay the same
in the Method of Equal Shares, so a group stands in for all of them. A ballot becomes the
projects it supports with a utility each: 1 per approval, the points of a cumulative ballot, or
the Borda score ``len(ballot) - position - 1`` of an ordinal ballot (pabutools' definitions).
The votes greedy counts are approvals, points, or for ordinal ballots Pabulib's score
``max_length - position`` (position from 0), which is how Kraków counted.

The largest files have up to 55,000 distinct ballots, so the grouping is done with bulk
operations (``Counter``, nested ``map``) that run in C, and what a ballot of a given length or
points means is worked out once per length or points rather than once per ballot.
"""

from __future__ import annotations

import gc
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, compress, repeat, zip_longest
from math import lcm
from operator import add, attrgetter, itemgetter, mul, ne
from typing import Any, Generic, TypeVar, cast

from wijkbudget.counting.election import Ballot, Election, VoteType

Number = int | Fraction
Support = tuple[tuple[int, int], ...]  # (project, index into Profile.utilities)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Block:
    """The groups that give one project the same utility; single voters kept apart because
    counting them needs no multiplication."""

    utility: int  # index into Profile.utilities
    singles: tuple[int, ...]  # groups of one voter
    groups: tuple[int, ...]  # larger groups
    sizes: tuple[int, ...]  # their sizes
    members: tuple[int, ...]  # all of its groups: singles, then the larger ones


Supporters = tuple[tuple[Block, ...], ...]  # per project, one block per utility


class _Lazy(Generic[_T]):
    """A value made when first asked for."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], _T]) -> None:
        self._make: Callable[[], _T] | None = make
        self._made: _T | None = None

    def get(self) -> _T:
        if self._make is not None:
            self._made = _without_cycle_collection(self._make)
            self._make = None
        return cast(_T, self._made)


class _Support:
    """:attr:`Profile.ballots` and :attr:`Profile.supporters`, each made when a rule first asks
    for it: they are most of the work of building a profile, greedy needs neither and the
    Method of Equal Shares only the supporters."""

    __slots__ = ("ballots", "supporters")

    def __init__(self, groups: _Groups) -> None:
        self.ballots = _Lazy(lambda: tuple(groups.supports()))
        self.supporters = _Lazy(groups.supporters)

    def get(self) -> tuple[tuple[Support, ...], Supporters]:
        return self.ballots.get(), self.supporters.get()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Support) and self.get() == other.get()

    def __hash__(self) -> int:
        return hash(self.get())


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
    scores: tuple[Number, ...]  # approvals, points or Borda score per project
    approvals: tuple[int, ...]  # voters who named the project at all
    support: _Support = field(repr=False)

    @property
    def ballots(self) -> tuple[Support, ...]:
        """Per group: (project, utility index) for each project it supports, by project."""
        return self.support.ballots.get()

    @property
    def supporters(self) -> Supporters:
        """Per project, one :class:`Block` per utility, in utility index order."""
        return self.support.supporters.get()


_projects_of = attrgetter("projects")
_points_of = attrgetter("points")
_kept_of = attrgetter("kept")
_utility_ids_of = attrgetter("utility_ids")
_utilities_of = attrgetter("utilities")


@dataclass(frozen=True, slots=True)
class _Shape:
    """What one ballot shape means, worked out once per shape instead of once per ballot.

    The shape of a ballot is its length for an ordinal ballot (every ranking of three projects
    gives the same Borda utilities) and its points for a cumulative one. ``utilities`` are the
    utility of each position, ``kept`` marks those that are positive (support) and
    ``utility_ids`` are their indices into the profile's utilities.
    """

    utilities: tuple[Number, ...]
    kept: tuple[bool, ...]
    utility_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Groups:
    """Identical ballots counted once: what every group gives to which project."""

    sizes: list[int]
    utilities: dict[Number, int]  # utility -> its index, in the order ballots first use them
    scores: list[Number]
    approvals: list[int]
    supports: Callable[[], list[Support]]  # per group: (project, utility index), by project
    supporters: Callable[[], Supporters]  # per project, one Block per utility


def _plain(value: Fraction) -> Number:
    """Whole numbers as int: int arithmetic is much faster than Fraction arithmetic."""
    return value.numerator if value.denominator == 1 else value


class _ProjectIndex(dict[str, int]):
    """Project id -> index; a ballot naming any other project is a ``ValueError``."""

    def __missing__(self, project_id: str) -> int:
        raise _unlisted(project_id)


def _unlisted(project_id: str) -> ValueError:
    return ValueError(f"a ballot names project {project_id!r}, which is not listed")


def _project_indices(
    projects: Iterable[tuple[str, ...]], index: _ProjectIndex
) -> Iterator[Iterator[int]]:
    """Each ballot's projects as indices, lazily (nested ``map`` calls run in C)."""
    return map(map, repeat(index.__getitem__), projects)


def _approval_groups(ballots: tuple[Ballot, ...], index: _ProjectIndex) -> _Groups:
    """Approval ballots: a utility of 1 for every project named (named twice: still once).

    Nested ``map`` calls keep the per-group work in C: Warszawa has 55,000 groups.
    """
    counts = Counter(map(_projects_of, ballots))
    group_projects = list(counts)
    sizes = list(counts.values())
    if _names_a_project_twice(group_projects):
        # The reader never makes such a ballot, other code might: a set of approvals.
        group_projects = list(map(tuple, map(dict.fromkeys, group_projects)))
    approvals = _count_named(group_projects, sizes)
    unknown = approvals.keys() - index.keys()
    if unknown:
        raise _unlisted(next(p for ps in group_projects for p in ps if p in unknown))
    by_index = [approvals[project_id] for project_id in sorted(index)]

    def supports() -> list[Support]:
        pair = [(project, 0) for project in range(len(index))]
        named = map(sorted, _project_indices(group_projects, index))
        return list(map(tuple, map(map, repeat(pair.__getitem__), named)))

    def supporters() -> Supporters:
        return _approval_supporters(group_projects, sizes, index)

    utilities: dict[Number, int] = {1: 0} if any(group_projects) else {}
    return _Groups(sizes, utilities, list(by_index), by_index, supports, supporters)


def _names_a_project_twice(groups: list[tuple[str, ...]]) -> bool:
    """Whether any ballot names a project more than once (one ``frozenset`` per distinct
    ballot, in C)."""
    return sum(map(len, map(frozenset, groups))) != sum(map(len, groups))


def _refuse_repeats(groups: list[tuple[str, ...]], vote_type: VoteType) -> None:
    """An ordinal or cumulative ballot naming a project twice has no single meaning (which
    position, whose points?): refused, as the reader refuses such a file."""
    if _names_a_project_twice(groups):
        group = next(group for group in groups if len(frozenset(group)) != len(group))
        repeated = next(p for p, times in Counter(group).items() if times > 1)
        raise ValueError(f"a ballot ({vote_type}) names project {repeated!r} more than once")


def _approval_supporters(
    group_projects: list[tuple[str, ...]], sizes: list[int], index: _ProjectIndex
) -> Supporters:
    """:func:`_supporters` for approval ballots, straight from the projects each group names:
    no per-group sorting, and lists indexed by project instead of a dict keyed by pairs."""
    single = [size == 1 for size in sizes]
    larger = [size != 1 for size in sizes]
    groups = range(len(sizes))
    singles = _naming(compress(group_projects, single), compress(groups, single), index)
    others = _naming(compress(group_projects, larger), compress(groups, larger), index)
    blocks = []
    for alone, group in zip(singles, others, strict=True):
        sizes_of = tuple(map(sizes.__getitem__, group))
        blocks.append((Block(0, alone, group, sizes_of, alone + group),) if alone or group else ())
    return tuple(blocks)


def _naming(
    ballots: Iterable[tuple[str, ...]], groups: Iterable[int], index: _ProjectIndex
) -> list[tuple[int, ...]]:
    """Per project index: the groups whose ballot names it, in group order (a ballot names a
    project at most once)."""
    named: dict[str, list[int]] = {project_id: [] for project_id in index}
    ballots = list(ballots)
    owners = chain.from_iterable(map(repeat, groups, map(len, ballots)))
    deque(map(list.append, map(named.__getitem__, chain.from_iterable(ballots)), owners), 0)
    return list(map(tuple, named.values()))


def _count_named(groups: list[tuple[str, ...]], sizes: list[int]) -> Counter[str]:
    """Voters naming each project, each group counted ``size`` times; the many groups of one
    voter are counted in C."""
    single = [size == 1 for size in sizes]
    counts = Counter(chain.from_iterable(compress(groups, single)))
    for group, size in zip(groups, sizes, strict=True):
        if size != 1:
            for project in group:
                counts[project] += size
    return counts


def _count_weighted(
    groups: list[tuple[int, ...]], weights: list[tuple[Number, ...]], sizes: list[int]
) -> Counter[tuple[int, Number]]:
    """Voters giving each project each weight (points), as :func:`_count_named` counts them."""
    single = [size == 1 for size in sizes]
    pairs = map(zip, compress(groups, single), compress(weights, single))
    counts: Counter[tuple[int, Number]] = Counter(chain.from_iterable(pairs))
    for group, weight, size in zip(groups, weights, sizes, strict=True):
        if size != 1:
            for pair in zip(group, weight, strict=True):
                counts[pair] += size
    return counts


def _ordinal_scores(
    indices: list[tuple[int, ...]], sizes: list[int], max_length: int, projects: int
) -> tuple[list[Number], list[int]]:
    """Pabulib's score (``max_length - position``) and the voters naming each project, one
    position at a time: a position weighs the same on every ballot, so the voters at it are
    counted in C (all but the groups of more than one voter)."""
    single = [size == 1 for size in sizes]
    larger = [(group, size) for group, size in zip(indices, sizes, strict=True) if size != 1]
    scores: list[Number] = [0] * projects
    approvals = [0] * projects
    for position, column in enumerate(zip_longest(*indices)):  # None: a shorter ballot
        voters = Counter(compress(column, single))
        for group, size in larger:
            if len(group) > position:
                voters[group[position]] += size
        voters.pop(None, None)
        for project, count in voters.items():
            scores[project] += count * (max_length - position)
            approvals[project] += count
    return scores, approvals


def _shapes(
    vote_type: VoteType, keys: list[Any], meaning: Callable[[Any], Any]
) -> tuple[dict[Any, _Shape], dict[Number, int]]:
    """Every distinct shape (by its key; ``meaning`` gives the points or the length it
    stands for), and the utilities numbered in the order ballots first use them."""
    shapes: dict[Any, _Shape] = {}
    utility_index: dict[Number, int] = {}
    for key in dict.fromkeys(keys):
        if vote_type is VoteType.CUMULATIVE:
            utilities = tuple(_plain(Fraction(value)) for value in meaning(key))
        else:  # ordinal: Borda utilities
            utilities = tuple(range(meaning(key) - 1, -1, -1))
        kept = tuple(utility > 0 for utility in utilities)  # zero utility is no support
        utility_ids = tuple(
            utility_index.setdefault(utility, len(utility_index))
            for utility in compress(utilities, kept)
        )
        shapes[key] = _Shape(utilities, kept, utility_ids)
    return shapes, utility_index


def _points_keys(ballots: tuple[Ballot, ...]) -> tuple[Iterator[int], dict[int, Any]]:
    """Per ballot, a key that is the same exactly for equal points (the ``id`` of one tuple of
    them), and the points of each key. Hashing a tuple of Fractions runs Python code for every
    number, so ballots are compared by the identity of their points, once made equal for equal
    points; the reader already shares one tuple per distinct points text."""
    objects = list(map(id, map(_points_of, ballots)))
    distinct = dict(zip(objects, map(_points_of, ballots), strict=True))
    same: dict[Any, Any] = {}
    key_of = {key: id(same.setdefault(value, value)) for key, value in distinct.items()}
    return map(key_of.__getitem__, objects), {id(points): points for points in same}


def _scored_groups(election: Election, index: _ProjectIndex) -> _Groups:
    """Ordinal and cumulative ballots: each position has its own utility and score."""
    ballots = election.ballots
    if election.vote_type is VoteType.CUMULATIVE:
        keys_of_ballots, points_of = _points_keys(ballots)
        counts = Counter(zip(map(_projects_of, ballots), keys_of_ballots, strict=True))
        keys: list[Any] = list(map(itemgetter(1), counts))
        group_projects = list(map(itemgetter(0), counts))
        points = list(map(points_of.__getitem__, keys))
        if None in points or any(map(ne, map(len, points), map(len, group_projects))):
            raise ValueError("a cumulative ballot needs one number of points per project")
        meaning: Callable[[Any], Any] = points_of.__getitem__
    else:
        counts = Counter(map(_projects_of, ballots))
        group_projects = list(counts)
        keys = list(map(len, group_projects))
        meaning = int
    sizes = list(counts.values())
    _refuse_repeats(group_projects, election.vote_type)
    max_length = int(election.meta.get("max_length", 0)) or max(map(len, group_projects), default=0)
    indices = list(map(tuple, _project_indices(group_projects, index)))
    shape_of, utility_index = _shapes(election.vote_type, keys, meaning)
    shapes = list(map(shape_of.__getitem__, keys))

    def supports() -> list[Support]:
        kept = map(compress, indices, map(_kept_of, shapes))
        pairs = map(zip, kept, map(_utility_ids_of, shapes))
        return list(map(tuple, map(sorted, pairs)))

    def supporters() -> Supporters:
        return _ranked_supporters(indices, shapes, sizes, len(utility_index), len(index))

    # Every position counts for the score, even a utility of zero.
    if election.vote_type is VoteType.ORDINAL:
        scores, approvals = _ordinal_scores(indices, sizes, max_length, len(index))
    else:
        scores = [0] * len(index)
        approvals = [0] * len(index)
        weights = list(map(_utilities_of, shapes))  # the points
        for (project, weight), voters in _count_weighted(indices, weights, sizes).items():
            scores[project] += voters * weight
            approvals[project] += voters
    return _Groups(sizes, utility_index, scores, approvals, supports, supporters)


def _ranked_supporters(
    indices: list[tuple[int, ...]],
    shapes: list[_Shape],
    sizes: list[int],
    utilities: int,
    projects: int,
) -> Supporters:
    """Per project, one :class:`Block` per utility (in utility index order), for ordinal and
    cumulative ballots, straight from each group's projects and shape."""
    single = [size == 1 for size in sizes]
    larger = [size != 1 for size in sizes]
    groups = range(len(sizes))
    singles = _giving(
        compress(indices, single),
        compress(shapes, single),
        compress(groups, single),
        utilities,
        projects,
    )
    others = _giving(
        compress(indices, larger),
        compress(shapes, larger),
        compress(groups, larger),
        utilities,
        projects,
    )
    blocks = []
    for project in range(projects):
        row = []
        for utility in range(utilities):
            key = project * utilities + utility
            alone, group = singles[key], others[key]
            if alone or group:
                sizes_of = tuple(map(sizes.__getitem__, group))
                row.append(Block(utility, alone, group, sizes_of, alone + group))
        blocks.append(tuple(row))
    return tuple(blocks)


def _giving(
    indices: Iterable[tuple[int, ...]],
    shapes: Iterable[_Shape],
    groups: Iterable[int],
    utilities: int,
    projects: int,
) -> list[tuple[int, ...]]:
    """Per project and utility index (``project * utilities + utility``): the groups giving
    the project that utility, in group order (a ballot names a project at most once)."""
    shapes = list(shapes)
    kept = list(map(list, map(compress, indices, map(_kept_of, shapes))))
    keys = map(
        add,
        map(mul, chain.from_iterable(kept), repeat(utilities)),
        chain.from_iterable(map(_utility_ids_of, shapes)),
    )
    owners = chain.from_iterable(map(repeat, groups, map(len, kept)))
    giving: list[list[int]] = [[] for _ in range(projects * utilities)]
    deque(map(list.append, map(giving.__getitem__, keys), owners), 0)
    return list(map(tuple, giving))


def build_profile(election: Election) -> Profile:
    """Group the ballots of ``election`` and index its projects (see the module docstring)."""
    return _without_cycle_collection(lambda: _build_profile(election))


def _without_cycle_collection(make: Callable[[], _T]) -> _T:
    """``make()`` with the cyclic garbage collector paused. A big election makes a few hundred
    thousand tuples and lists here and no reference cycles; the collector would walk them, and
    all the ballots, again and again while they are made (a third of the time on Kraków 2024)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return make()
    finally:
        if collecting:
            gc.enable()


def _build_profile(election: Election) -> Profile:
    ids = tuple(sorted(project.id for project in election.projects))
    index = _ProjectIndex((project_id, position) for position, project_id in enumerate(ids))
    costs = {project.id: project.cost for project in election.projects}
    # Ballots as written: the same approvals in another order make a second group, which
    # costs a little speed but never changes a count, and is much cheaper than sorting them.
    if election.vote_type.is_approval_like:
        groups = _approval_groups(election.ballots, index)
    else:
        groups = _scored_groups(election, index)
    scale = lcm(*(Fraction(value).denominator for value in groups.utilities))
    return Profile(
        ids=ids,
        costs=tuple(costs[project_id] for project_id in ids),
        budget=election.budget,
        num_voters=election.num_voters,
        cost_utility=election.vote_type.is_approval_like,
        utilities=tuple(int(value * scale) for value in groups.utilities),
        utility_scale=scale,
        sizes=tuple(groups.sizes),
        scores=tuple(groups.scores),
        approvals=tuple(groups.approvals),
        support=_Support(groups),
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
