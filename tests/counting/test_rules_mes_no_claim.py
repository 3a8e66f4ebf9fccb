"""A plain MES run asks for no stability claim (``stable_beyond`` at its own share).

The ``mes`` rule passes ``stable_beyond=per_voter``: nothing asks up to which budget the run
would repeat itself, so the run tracks no conditions at all. It must still decide exactly as a
run that tracks them, and claim nothing (``stable_below`` is its own share).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counting.test_rules_completions import elections
from wijkbudget.counting.election import Election
from wijkbudget.counting.rules.mes import equal_shares
from wijkbudget.counting.rules.profile import build_profile
from wijkbudget.counting.rules.tiebreaking import by_cost_then_votes, by_id

RAISES = st.lists(st.fractions(0, 60, max_denominator=4), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(elections(), RAISES)
def test_a_run_asked_for_no_claim_decides_the_same(
    election: Election, raises: list[Fraction]
) -> None:
    profile = build_profile(election)
    start = profile.budget / profile.num_voters
    for free, tie_key in ((True, by_id(profile)), (False, by_cost_then_votes(profile))):
        for raise_ in raises:
            share = start + raise_
            plain = equal_shares(profile, share, tie_key, free_first=free)
            bare = equal_shares(profile, share, tie_key, free_first=free, stable_beyond=share)
            assert (bare.selected, bare.steps, bare.total_cost) == (
                plain.selected,
                plain.steps,
                plain.total_cost,
            )
            assert bare.stable_below == share
