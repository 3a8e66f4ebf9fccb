"""The rules of each ballot type, and the invariants a counted ballot always keeps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkbudget.voting.ballot import BallotError, Rules, check, total_cost
from wijkbudget.voting.models import BallotType

COSTS = {1: 1_200_000, 2: 800_000, 3: 600_000, 4: 300_000}


def rules(kind: BallotType, **extra: int) -> Rules:
    return Rules(ballot_type=kind, budget_cents=2_500_000, costs=COSTS, **extra)


@pytest.mark.parametrize(
    ("kind", "choices", "code"),
    [
        (BallotType.KNAPSACK, {}, "nothing_chosen"),
        (BallotType.KNAPSACK, {1: 1, 2: 1, 3: 1}, "over_budget"),
        (BallotType.KNAPSACK, {9: 1}, "unknown_initiative"),
        (BallotType.APPROVAL, {1: 1, 2: 1, 3: 1}, "too_many_choices"),
        (BallotType.POINTS, {1: 8, 2: 3}, "too_many_points"),
        (BallotType.POINTS, {1: -1, 2: 3}, "negative_points"),
    ],
)
def test_a_wrong_ballot_says_why(kind: BallotType, choices: dict[int, int], code: str) -> None:
    with pytest.raises(BallotError) as caught:
        check(rules(kind, max_choices=2), choices)
    assert caught.value.code == code


def test_a_minimum_share_asks_for_more() -> None:
    with pytest.raises(BallotError) as caught:
        check(rules(BallotType.KNAPSACK, min_share_percent=50), {4: 1})
    assert caught.value.code == "under_minimum"
    assert check(rules(BallotType.KNAPSACK, min_share_percent=50), {1: 1, 4: 1}) == {1: 1, 4: 1}


choice_sets = st.dictionaries(st.sampled_from(sorted(COSTS)), st.just(1))


@given(choice_sets)
def test_an_accepted_knapsack_ballot_never_goes_over_budget(choices: dict[int, int]) -> None:
    the_rules = rules(BallotType.KNAPSACK)
    try:
        accepted = check(the_rules, choices)
    except BallotError:
        assert not choices or total_cost(the_rules, choices) > the_rules.budget_cents
    else:
        assert 0 < total_cost(the_rules, accepted) <= the_rules.budget_cents


@given(choice_sets, st.integers(min_value=1, max_value=4))
def test_an_accepted_approval_ballot_has_at_most_k(choices: dict[int, int], k: int) -> None:
    try:
        accepted = check(rules(BallotType.APPROVAL, max_choices=k), choices)
    except BallotError:
        assert not choices or len(choices) > k
    else:
        assert 1 <= len(accepted) <= k


@given(st.dictionaries(st.sampled_from(sorted(COSTS)), st.integers(min_value=0, max_value=12)))
def test_accepted_points_never_exceed_n(choices: dict[int, int]) -> None:
    try:
        accepted = check(rules(BallotType.POINTS, points=10), choices)
    except BallotError:
        assert sum(choices.values()) == 0 or sum(choices.values()) > 10
    else:
        assert 0 < sum(accepted.values()) <= 10
        assert all(weight > 0 for weight in accepted.values())
