"""Counting rules for participatory budgeting: :func:`count` is the one entry point.

Every rule counts in exact fractions and returns a :class:`~wijkbudget.counting.result.CountResult`
with a trace. Ties go to the smallest project id compared as text, unless a rule says otherwise.
Votes mean approvals (approval, choose-1), points (cumulative) or Borda scores (ordinal).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from wijkbudget.counting.election import Election
from wijkbudget.counting.result import Comparison, CountResult, Phase, Step
from wijkbudget.counting.rules.as_held import held_rule
from wijkbudget.counting.rules.completions import add1
from wijkbudget.counting.rules.equalshares import equalshares
from wijkbudget.counting.rules.greedy import greedy
from wijkbudget.counting.rules.mes import MesRun, equal_shares
from wijkbudget.counting.rules.options import RuleOptions, UnknownRule
from wijkbudget.counting.rules.phragmen import phragmen
from wijkbudget.counting.rules.profile import Profile, build_profile
from wijkbudget.counting.rules.tiebreaking import by_id

__all__ = ["RULE_NAMES", "RuleOptions", "UnknownRule", "count"]

DEFAULT_OPTIONS = RuleOptions()  # frozen, so one shared default is safe

RULE_NAMES: tuple[str, ...] = (
    "greedy",
    "mes",
    "mes-greedy",
    "mes-add1",
    "mes-add1-greedy",
    "equalshares",
    "phragmen",
    "as-held",
)


def _result(
    profile: Profile,
    rule: str,
    selected: Sequence[int],
    trace: Sequence[Step],
    run: MesRun | None = None,
    comparison: Comparison | None = None,
) -> CountResult:
    total = sum((profile.costs[project] for project in selected), Fraction(0))
    return CountResult(
        rule=rule,
        selected=tuple(profile.ids[project] for project in selected),
        total_cost=total,
        budget=profile.budget,
        trace=tuple(trace),
        per_voter_budget=None if run is None else run.per_voter_budget,
        comparison=comparison,
    )


def _mes_rule(profile: Profile, rule: str) -> CountResult:
    """``mes``, ``mes-add1`` and their greedy completions."""
    if rule.startswith("mes-add1"):
        run = add1(profile)
    else:
        # One run, no completion: nothing asks up to which budget it would repeat itself.
        per_voter = profile.budget / profile.num_voters
        run = equal_shares(profile, per_voter, by_id(profile), stable_beyond=per_voter)
    if not rule.endswith("-greedy"):
        return _result(profile, rule, run.selected, run.steps, run)
    rest = greedy(profile, already=run.selected, phase=Phase.COMPLETION)
    return _result(profile, rule, rest.selected, run.steps + rest.steps, run)


def count(election: Election, rule: str, options: RuleOptions = DEFAULT_OPTIONS) -> CountResult:
    """Count ``election`` by ``rule`` (one of :data:`RULE_NAMES`).

    * ``greedy``: most votes first, skipping what no longer fits (``options.threshold``: only
      projects with at least that many votes; ``options.skip=False``: stop at the first that
      does not fit);
    * ``mes``: the Method of Equal Shares, each voter starting with budget / voters;
      ``mes-greedy`` then spends what is left greedily;
    * ``mes-add1``: MES with pabutools' add-one completion; ``mes-add1-greedy`` then greedy;
    * ``equalshares``: MES as equalshares.net counts real elections (``options.comparison``
      adds its comparison with greedy);
    * ``phragmen``: sequential Phragmén (approval ballots only);
    * ``as-held``: the rule the file's META says the city used.

    Raises :class:`UnknownRule` for any other name, for ``phragmen`` on non-approval ballots
    and for ``as-held`` when the file's rule cannot be reproduced.
    """
    if rule not in RULE_NAMES:
        raise UnknownRule(f"unknown rule {rule!r}; choose one of {', '.join(RULE_NAMES)}")
    if rule == "as-held":
        held, held_options = held_rule(election)
        result = count(election, held, held_options)
        return CountResult(
            "as-held",
            result.selected,
            result.total_cost,
            result.budget,
            result.trace,
            result.per_voter_budget,
            result.comparison,
        )
    if rule == "phragmen" and not election.vote_type.is_approval_like:
        raise UnknownRule("phragmen counts approval ballots only")
    profile = build_profile(election)
    if rule == "greedy":
        plain = greedy(
            profile,
            threshold=options.threshold,
            skip=options.skip,
            cheaper_first=options.cheaper_first,
        )
        return _result(profile, rule, plain.selected, plain.steps)
    if rule == "phragmen":
        counted = phragmen(profile)
        return _result(profile, rule, counted.selected, counted.steps)
    if rule == "equalshares":
        shares = equalshares(profile, comparison=options.comparison)
        return _result(profile, rule, shares.selected, shares.steps, shares.run, shares.comparison)
    return _mes_rule(profile, rule)
