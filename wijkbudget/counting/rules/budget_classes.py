"""Budget classes of the Method of Equal Shares, shared by runs at different per-voter budgets.

Voters who have paid the same so far have the same money, so they share a *budget class*, and a
project's price is found from the classes its supporters are in. When a project is funded, the
supporters in each class (with the same utility for it) move on to one new class, whether they
could pay the full price or paid all they had. So which voters share a class depends only on
the projects funded so far, in order, and not on the per-voter budget; only the money of a
class does (a class with no money left is *broke*, and the run leaves it out).

The add-one completions run MES at many budgets, and those runs mostly fund the same projects in
the same order. :class:`Partition` keeps the classes of every sequence of winners the runs have
taken as a tree (:class:`Node`: one per sequence), with the supporters of each project counted
by class at each node the first time a run asks. Counting means reading the class of thousands
of groups of voters, so a run that follows the path of an earlier one reads none at all; the
classes of the groups are kept for the one node counted last. Class
ids are unique in the whole tree, so the ids of a path never clash with those of another.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter

from wijkbudget.counting.rules.profile import Block, Profile


@dataclass(frozen=True, slots=True)
class Histogram:
    """How many voters of one :class:`Block` sit in each class (ids and counts in step)."""

    block: int  # its index among the project's blocks
    classes: list[int]
    voters: list[int]
    total: int  # all its voters
    depths: list[int]  # of each class, the depth of the node that made it


@dataclass(eq=False, slots=True)
class Node:
    """The classes after one sequence of winners: where the last winner's supporters went."""

    parent: Node | None
    winner: int  # the project funded last (-1 at the root)
    depth: int
    moves: list[dict[int, int]]  # per block of the winner: old class -> new class
    undo: list[dict[int, int]] | None = None  # the moves back, once needed
    children: dict[int, Node] = field(default_factory=dict)
    histograms: dict[int, list[Histogram]] = field(default_factory=dict)


def _classes_of(groups: tuple[int, ...], group_class: list[int]) -> tuple[int, ...]:
    if len(groups) > 1:
        classes: tuple[int, ...] = itemgetter(*groups)(group_class)
        return classes
    return tuple(group_class[group] for group in groups)


def _count(block: Block, group_class: list[int]) -> Counter[int]:
    """How many voters of ``block`` sit in each class."""
    counts = Counter(_classes_of(block.singles, group_class))
    for group, size in zip(block.groups, block.sizes, strict=True):
        counts[group_class[group]] += size
    return counts


def _move(block: Block, group_class: list[int], move: dict[int, int]) -> None:
    """Put every group of ``block`` in class ``move[c]``, where ``c`` is its class now."""
    olds = _classes_of(block.members, group_class)
    deque(map(group_class.__setitem__, block.members, map(move.__getitem__, olds)), maxlen=0)


class Partition:
    """The tree of classes for one profile (see the module docstring).

    ``group_class`` gives each group's class at the node ``here``; it is moved along the tree
    only when a node needs counting.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.root = Node(None, -1, 0, [])
        self.class_count = 1  # class 0: every voter, before any project is funded
        self.class_depth = [0]  # per class: the depth of the node that made it
        self.group_class = [0] * len(profile.sizes)
        self.here = self.root

    def histograms(self, node: Node, project: int) -> list[Histogram]:
        """The supporters of ``project`` by class at ``node``, per block."""
        found = node.histograms.get(project)
        if found is None:
            self.go_to(node)
            depth_of = self.class_depth.__getitem__
            found = [
                Histogram(
                    index,
                    list(counts),
                    list(counts.values()),
                    counts.total(),
                    list(map(depth_of, counts)),
                )
                for index, counts in enumerate(
                    _count(block, self.group_class) for block in self.profile.supporters[project]
                )
            ]
            node.histograms[project] = found
        return found

    def child(self, node: Node, winner: int) -> Node:
        """The node after funding ``winner`` at ``node``; its supporters, counted there, move to
        new classes."""
        found = node.children.get(winner)
        if found is None:
            moves = []
            for histogram in self.histograms(node, winner):
                start = self.class_count
                self.class_count += len(histogram.classes)
                self.class_depth.extend(repeat(node.depth + 1, len(histogram.classes)))
                new = range(start, self.class_count)
                moves.append(dict(zip(histogram.classes, new, strict=True)))
            found = node.children[winner] = Node(node, winner, node.depth + 1, moves)
        return found

    def go_to(self, node: Node) -> None:
        """Move ``group_class`` to the classes at ``node``: back up to the common ancestor of
        ``here`` and ``node``, then down."""
        down: list[Node] = []
        target = node
        while target.depth > self.here.depth:
            down.append(target)
            target = _parent(target)
        while self.here.depth > target.depth:
            self._undo()
        while self.here is not target:
            self._undo()
            down.append(target)
            target = _parent(target)
        for step in reversed(down):
            for block, move in zip(self.profile.supporters[step.winner], step.moves, strict=True):
                _move(block, self.group_class, move)
            self.here = step

    def _undo(self) -> None:
        here = self.here
        if here.undo is None:
            here.undo = [{new: old for old, new in move.items()} for move in here.moves]
        for block, move in zip(self.profile.supporters[here.winner], here.undo, strict=True):
            _move(block, self.group_class, move)
        self.here = _parent(here)


def _parent(node: Node) -> Node:
    assert node.parent is not None, "the root has no parent"
    return node.parent
