"""The fast completions skip shares; they must give exactly what one unit at a time gives.

The oracles below are the completions as their definitions read: rerun MES at every share of
the grid. They are far too slow for real files, which is why the library jumps over the shares
a run proves it would repeat (``stability.py``); on small random elections both must agree on
the outcome, its order, the per-voter budget kept and the whole trace.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor

from hypothesis import given, settings
from hypothesis import strategies as st

from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.rules.completions import add1, add1_equalshares
from wijkbudget.counting.rules.mes import MesRun, equal_shares
from wijkbudget.counting.rules.profile import Profile, build_profile
from wijkbudget.counting.rules.tiebreaking import by_cost_then_votes, by_id

MAX_STEPS = 10_000  # a guard: the oracles must end on these small elections


def unit_step_add1(profile: Profile) -> MesRun:
    """pabutools' add-one completion: B/n, B/n+1, … until exhaustive or over budget."""
    candidates = [p for p, blocks in enumerate(profile.supporters) if blocks and profile.costs[p]]
    share = profile.budget / profile.num_voters
    previous = None
    for _ in range(MAX_STEPS):
        run = equal_shares(profile, share, by_id(profile))
        if run.total_cost > profile.budget:
            assert previous is not None
            return previous
        left = profile.budget - run.total_cost
        if all(profile.costs[p] > left for p in candidates if p not in run.selected):
            return run
        previous, share = run, share + 1
    raise AssertionError("the unit-step completion did not end")


def unit_step_equalshares(profile: Profile) -> MesRun:
    """equalshares.net's completion: B/n, then ⌊B/n⌋+1, +2, … while the outcome fits."""
    tie_key = by_cost_then_votes(profile)
    candidates = [p for p, blocks in enumerate(profile.supporters) if blocks and profile.costs[p]]
    share = profile.budget / profile.num_voters
    run = equal_shares(profile, share, tie_key, free_first=False)
    share = Fraction(floor(share))
    for _ in range(MAX_STEPS):
        if len(run.selected) == len(candidates):
            return run
        share += 1
        bigger = equal_shares(profile, share, tie_key, free_first=False)
        if bigger.total_cost > profile.budget:
            return run
        run = bigger
    raise AssertionError("the unit-step completion did not end")


@st.composite
def elections(draw: st.DrawFn) -> Election:
    """Approval or cumulative ballots; budgets in odd units so that shares are fractions."""
    cumulative = draw(st.booleans())
    ids = [f"p{index}" for index in range(draw(st.integers(1, 7)))]
    costs = draw(st.lists(st.integers(0, 90), min_size=len(ids), max_size=len(ids)))
    ballots = []
    for voter in range(draw(st.integers(1, 14))):
        chosen = tuple(sorted(draw(st.sets(st.sampled_from(ids)))))
        points = None
        if cumulative:
            points = tuple(Fraction(draw(st.integers(1, 4))) for _ in chosen)
        ballots.append(Ballot(str(voter), chosen, points))
    budget = Fraction(draw(st.integers(1, 400)), draw(st.sampled_from([1, 3, 7])))
    return Election(
        budget,
        VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
        tuple(Project(pid, Fraction(cost)) for pid, cost in zip(ids, costs, strict=True)),
        tuple(ballots),
    )


@settings(max_examples=300, deadline=None)
@given(elections())
def test_fast_add1_equals_unit_steps(election: Election) -> None:
    profile = build_profile(election)
    assert add1(profile) == unit_step_add1(profile)


@settings(max_examples=300, deadline=None)
@given(elections())
def test_fast_equalshares_equals_unit_steps(election: Election) -> None:
    profile = build_profile(election)
    fast, slow = add1_equalshares(profile), unit_step_equalshares(profile)
    assert (fast.selected, fast.steps, fast.per_voter_budget) == (
        slow.selected,
        slow.steps,
        slow.per_voter_budget,
    )
