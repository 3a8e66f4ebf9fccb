"""Cumulative ballots count the same whether equal points are one shared tuple (as the reader
makes them) or a new tuple on every ballot (as any other code may), Hypothesis."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.rules import count
from wijkbudget.counting.rules.profile import build_profile

RULES = ["greedy", "mes", "mes-add1", "equalshares"]


@st.composite
def cumulative_votes(draw: st.DrawFn) -> tuple[list[str], list[int], list[list[tuple[str, int]]]]:
    ids = [f"p{index}" for index in range(draw(st.integers(1, 5)))]
    costs = draw(st.lists(st.integers(1, 60), min_size=len(ids), max_size=len(ids)))
    ballot = st.lists(
        st.tuples(st.sampled_from(ids), st.integers(1, 3)), max_size=3, unique_by=lambda v: v[0]
    )
    votes = draw(st.lists(ballot, min_size=1, max_size=14))
    return ids, costs, votes


def _election(
    ids: list[str], costs: list[int], votes: list[list[tuple[str, int]]], shared: bool
) -> Election:
    tuples: dict[tuple[int, ...], tuple[Fraction, ...]] = {}
    ballots = []
    for number, vote in enumerate(votes):
        points = tuple(points for _, points in vote)
        if shared:
            made = tuples.setdefault(points, tuple(map(Fraction, points)))
        else:
            made = tuple(map(Fraction, points))
        ballots.append(Ballot(str(number), tuple(project for project, _ in vote), made))
    projects = tuple(Project(pid, Fraction(cost)) for pid, cost in zip(ids, costs, strict=True))
    return Election(Fraction(100), VoteType.CUMULATIVE, projects, tuple(ballots))


@settings(max_examples=60, deadline=None)
@given(cumulative_votes(), st.sampled_from(RULES))
def test_equal_points_count_alike_shared_or_not(
    votes: tuple[list[str], list[int], list[list[tuple[str, int]]]], rule: str
) -> None:
    shared, fresh = _election(*votes, shared=True), _election(*votes, shared=False)
    assert count(fresh, rule) == count(shared, rule)
    # Equal ballots are one group either way, so the count stays as fast as the reader's.
    assert build_profile(fresh).sizes == build_profile(shared).sizes


def test_a_cumulative_ballot_without_points_is_refused() -> None:
    projects = (Project("a", Fraction(10)),)
    election = Election(Fraction(10), VoteType.CUMULATIVE, projects, (Ballot("1", ("a",), None),))
    with pytest.raises(ValueError, match="one number of points per project"):
        count(election, "greedy")
