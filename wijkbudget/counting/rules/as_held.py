"""Count an election the way the city did, as its Pabulib META ``rule`` says."""

from __future__ import annotations

from fractions import Fraction

from wijkbudget.counting.election import Election
from wijkbudget.counting.rules.options import RuleOptions, UnknownRule

# META rule -> (our rule, whether the threshold applies, skip, comparison)
_HELD = {
    "greedy": ("greedy", False, True, False),
    "greedy-threshold": ("greedy", True, True, False),
    "greedy-no-skip": ("greedy", False, False, False),
    "equalshares/add1": ("equalshares", False, True, False),
    "equalshares/add1-comparison": ("equalshares", False, True, True),
}


def held_rule(election: Election) -> tuple[str, RuleOptions]:
    """The rule and options that reproduce the city's own count.

    ``greedy-threshold`` takes its minimum score from META ``min_project_score_threshold``.
    Greedy ties go to the cheaper project: that is how Łódź 2022 (Zdrowie-Mania) funded the
    cheaper of two projects with 70 votes, and it agrees with every other city's outcome.
    Rules whose details the file does not give (``unknown``, ``greedy-custom``) raise
    :class:`UnknownRule`.
    """
    held = election.meta.get("rule", "unknown")
    if held not in _HELD:
        raise UnknownRule(f"cannot count as held: the file's rule is {held!r}")
    rule, with_threshold, skip, comparison = _HELD[held]
    threshold = None
    if with_threshold:
        if "min_project_score_threshold" not in election.meta:
            raise UnknownRule("greedy-threshold without min_project_score_threshold in META")
        threshold = Fraction(election.meta["min_project_score_threshold"])
    return rule, RuleOptions(
        threshold=threshold, skip=skip, comparison=comparison, cheaper_first=True
    )
