"""Properties every rule keeps, on random small elections (Hypothesis)."""

from __future__ import annotations

from fractions import Fraction
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.result import Phase, Reason
from wijkbudget.counting.rules import RULE_NAMES, count

RULES = [rule for rule in RULE_NAMES if rule != "as-held"]


@st.composite
def elections(draw: st.DrawFn) -> Election:
    ids = [f"p{index}" for index in range(draw(st.integers(1, 6)))]
    costs = draw(st.lists(st.integers(1, 60), min_size=len(ids), max_size=len(ids)))
    ballots = draw(st.lists(st.sets(st.sampled_from(ids)), min_size=1, max_size=12))
    budget = draw(st.integers(1, 150))
    return Election(
        Fraction(budget),
        VoteType.APPROVAL,
        tuple(Project(pid, Fraction(cost)) for pid, cost in zip(ids, costs, strict=True)),
        tuple(Ballot(str(n), tuple(sorted(b))) for n, b in enumerate(ballots)),
    )


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(RULES))
def test_never_over_budget(election: Election, rule: str) -> None:
    result = count(election, rule)
    assert result.total_cost <= election.budget
    assert result.total_cost == sum(election.project(p).cost for p in result.selected)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(["mes", "mes-add1", "equalshares"]))
def test_mes_payments_cover_the_cost(election: Election, rule: str) -> None:
    result = count(election, rule)
    share = result.per_voter_budget
    assert share is not None
    for step in result.trace:
        if step.phase is Phase.MES and step.reason is Reason.FUNDED:
            assert sum(payment.total for payment in step.payments) == step.cost
            assert step.supporters_money is not None and step.supporters_money >= step.cost
            for payment in step.payments:
                if payment.each is not None:
                    assert payment.each <= share
            assert sum(p.payers for p in step.payments) <= election.num_voters


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(RULES), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(election: Election, rule: str, random: Random) -> None:
    ballots = list(election.ballots)
    random.shuffle(ballots)
    shuffled = Election(election.budget, election.vote_type, election.projects, tuple(ballots))
    assert count(shuffled, rule).selected == count(election, rule).selected


@settings(max_examples=60, deadline=None)
@given(elections())
def test_greedy_leaves_nothing_that_fits(election: Election) -> None:
    result = count(election, "greedy")
    left = election.budget - result.total_cost
    assert all(p.cost > left for p in election.projects if p.id not in result.selected)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(RULES), st.randoms(use_true_random=False))
def test_a_project_named_twice_on_an_approval_ballot_counts_once(
    election: Election, rule: str, random: Random
) -> None:
    """Only code other than the reader can make such a ballot; every rule reads it as a set."""
    doubled = tuple(
        Ballot(b.voter_id, b.projects + b.projects[: random.randint(0, len(b.projects))])
        for b in election.ballots
    )
    twice = Election(election.budget, election.vote_type, election.projects, doubled)
    assert count(twice, rule) == count(election, rule)
