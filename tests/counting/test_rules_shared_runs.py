"""What the completions do to run MES fast at many shares must not change any run.

Runs may share their budget classes (``budget_classes.Partition``), and may stop tracking their
stability once it is known not to reach past a budget (``stable_beyond``). Either way the
outcome and the trace must be those of a plain run; only the claim ``stable_below`` may be
dropped (reported as the run's own share), and only when it does not reach past that budget.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.counting.test_rules_completions import elections
from wijkbudget.counting.election import Election
from wijkbudget.counting.rules.budget_classes import Partition
from wijkbudget.counting.rules.mes import equal_shares
from wijkbudget.counting.rules.profile import build_profile
from wijkbudget.counting.rules.tiebreaking import by_cost_then_votes, by_id

RAISES = st.lists(st.fractions(0, 60, max_denominator=4), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(elections(), RAISES)
def test_a_shared_partition_changes_no_run(election: Election, raises: list[Fraction]) -> None:
    profile = build_profile(election)
    partition = Partition(profile)
    start = profile.budget / profile.num_voters
    for free, tie_key in ((True, by_id(profile)), (False, by_cost_then_votes(profile))):
        for raise_ in raises:
            share = start + raise_
            alone = equal_shares(profile, share, tie_key, free_first=free)
            shared = equal_shares(profile, share, tie_key, free_first=free, partition=partition)
            assert shared == alone


@settings(max_examples=200, deadline=None)
@given(elections(), RAISES, st.fractions(Fraction(1, 8), 3, max_denominator=8))
def test_stable_beyond_only_drops_a_short_claim(
    election: Election, raises: list[Fraction], step: Fraction
) -> None:
    profile = build_profile(election)
    start = profile.budget / profile.num_voters
    for raise_ in raises:
        share = start + raise_
        plain = equal_shares(profile, share, by_id(profile))
        cut = equal_shares(profile, share, by_id(profile), stable_beyond=share + step)
        assert (cut.selected, cut.steps, cut.total_cost) == (
            plain.selected,
            plain.steps,
            plain.total_cost,
        )
        reaches = plain.stable_below is None or plain.stable_below > share + step
        assert cut.stable_below == (plain.stable_below if reaches else share)
