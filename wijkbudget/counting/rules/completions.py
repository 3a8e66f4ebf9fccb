"""Completions of the Method of Equal Shares: raise every voter's share until the money is used.

Plain MES often leaves money unspent. Both completions rerun MES with a larger per-voter budget,
one whole currency unit at a time, and keep the last outcome that still fits the real budget:

* ``add1`` is pabutools' ``voter_budget_increment=1``: shares B/n, B/n+1, B/n+2, …; it stops at
  the first outcome that no longer fits (keeping the one before) or that is exhaustive (no other
  supported project fits any more);
* ``add1_equalshares`` is equalshares.net's and Pabulib's: first B/n, then ⌊B/n⌋+1, ⌊B/n⌋+2, …
  as long as the outcome fits, even when nothing more can fit (the order may still change);
  it also stops once every supported project is funded, as more money cannot change that.

Done one unit at a time, a file with large shares needs over 100,000 runs. Instead each run
says up to which share it would repeat itself (:mod:`wijkbudget.counting.rules.stability`),
and the next run is at the first share on the grid past that point: the shares skipped give
the same outcome, so neither completion would have stopped at one of them. Only the share a
completion keeps is then run for real, so its trace and per-voter budget are those of the
unit-step completion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from wijkbudget.counting.rules.budget_classes import Partition
from wijkbudget.counting.rules.mes import MesRun, equal_shares
from wijkbudget.counting.rules.profile import Profile
from wijkbudget.counting.rules.stability import next_share
from wijkbudget.counting.rules.tiebreaking import TieKey, by_cost_then_votes, by_id


def _exhaustive(profile: Profile, run: MesRun, candidates: Iterable[int]) -> bool:
    """Whether no candidate project outside ``run`` still fits in the money it leaves."""
    left = profile.budget - run.total_cost
    chosen = set(run.selected)
    return all(profile.costs[p] > left for p in candidates if p not in chosen)


def _mes_candidates(profile: Profile) -> list[int]:
    """Projects MES can fund: supported and not free (free ones are funded up front)."""
    return [p for p, blocks in enumerate(profile.supporters) if blocks and profile.costs[p] > 0]


@dataclass(frozen=True, slots=True)
class _Runs:
    """MES on one profile at any share, with one tie-breaking and free-project policy; the runs
    share their budget classes (:mod:`wijkbudget.counting.rules.budget_classes`), as they
    mostly fund the same projects in the same order."""

    profile: Profile
    tie_key: TieKey
    free_first: bool
    origin: Fraction  # the grid: origin + 1, origin + 2, …
    partition: Partition

    def at(self, share: Fraction) -> MesRun:
        """The run at ``share``, whose ``stable_below`` is only told when it lies past the next
        share of the grid: that is all the completions need to find the next run."""
        return equal_shares(
            self.profile,
            share,
            self.tie_key,
            free_first=self.free_first,
            partition=self.partition,
            stable_beyond=self.origin + floor(share - self.origin) + 1,
        )

    def exact(self, run: MesRun) -> MesRun:
        """``run`` with its ``stable_below`` told whatever it is (the run the completion keeps
        is reported as a plain run at its share would be)."""
        if run.stable_below != run.per_voter_budget:
            return run  # told, or None: nothing was left out
        return equal_shares(
            self.profile,
            run.per_voter_budget,
            self.tie_key,
            free_first=self.free_first,
            partition=self.partition,
        )

    def next(self, run: MesRun) -> MesRun:
        """The run at the first share of the grid ``origin + 1, origin + 2, …`` whose outcome
        may differ from ``run``'s.

        Both completions only ask for the next run while some supported project is left
        unfunded, and such a project's conditions always depend on the share (its supporters'
        money grows with it, or they paid all they had as poor voters, which stops once the
        share is large enough), so ``run.stable_below`` is set.
        """
        assert run.stable_below is not None
        return self.at(next_share(self.origin, run.per_voter_budget, run.stable_below))

    def last_fitting(self, run: MesRun, bigger: MesRun) -> MesRun:
        """The run one unit below ``bigger`` (which overspends): ``run`` itself when that is
        its share, else a share skipped over, which repeats ``run``'s outcome at its own
        budget."""
        before = bigger.per_voter_budget - 1
        if before <= run.per_voter_budget:
            return run
        return self.at(before)


def _runs(profile: Profile, tie_key: TieKey, free_first: bool, origin: Fraction) -> _Runs:
    return _Runs(profile, tie_key, free_first, origin, Partition(profile))


def add1(profile: Profile) -> MesRun:
    """MES with pabutools' add-one completion (see the module docstring)."""
    origin = profile.budget / profile.num_voters
    runs = _runs(profile, by_id(profile), True, origin)
    candidates = _mes_candidates(profile)
    run = runs.at(origin)  # B/n never overspends
    while not _exhaustive(profile, run, candidates):
        bigger = runs.next(run)
        if bigger.total_cost > profile.budget:
            return runs.exact(runs.last_fitting(run, bigger))
        run = bigger
    return runs.exact(run)


def add1_equalshares(profile: Profile) -> MesRun:
    """MES with equalshares.net's add-one completion (see the module docstring)."""
    share = profile.budget / profile.num_voters
    runs = _runs(profile, by_cost_then_votes(profile), False, Fraction(floor(share)))
    candidates = _mes_candidates(profile)
    run = runs.at(share)
    while len(run.selected) < len(candidates):
        bigger = runs.next(run)
        if bigger.total_cost > profile.budget:
            return runs.exact(runs.last_fitting(run, bigger))
        run = bigger
    return runs.exact(run)
