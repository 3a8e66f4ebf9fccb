"""How far every voter's share can rise before a run of the Method of Equal Shares may change.

The add-one completions rerun MES with per-voter budgets b, b+1, b+2, … — on some files more
than 100,000 times. Most of those runs repeat the one before. This module lets one run say how
far b can rise while every decision it took stays the same, so the completion can jump straight
to the first budget on its grid past that point. It is exact: no rounding, no tolerance.

Why the decisions are piecewise linear in b. Fix the decisions of a run at budget b0: which
project each round funds, and, in that round, which supporters are *poor* (have less than the
price, so pay all they have). At a budget b = b0 + t with the same decisions:

* every voter starts with b, which is linear in t;
* a round's price is ρ = (cost − money of the poor) / (utility of the rich), linear in t;
* a rich supporter keeps money − ρ·utility, a poor one keeps 0: both linear in t again.

So every amount the run compares is some ``value + slope·t``, with ``value`` its amount at b0.
Each decision is a sign condition on such a difference, and holds exactly while that
difference keeps its sign. :class:`Stability` collects, for each condition, the first t where
the difference could reach zero; the smallest is the *rise* the whole run is safe for. Until
then, by induction over the rounds, every decision (and so the outcome) is the same: each round
starts from the same linear amounts, so it takes the same decision as long as its own
conditions hold.

The conditions a run records (``mes.py``):

* a project found unaffordable stays so: its supporters' money < its cost;
* the round's winner keeps its poor supporters poor (money < ρ·utility) and its rich ones rich
  (money ≥ ρ·utility; a rich voter left with exactly 0 whose money would grow or shrink with t
  is a change of state, so the rise is 0 there);
* no other project overtakes the winner: its price, or a lower bound on it, stays above the
  winner's price (equal is fine only when the tie-break favours the winner). A lower bound is
  enough: a project's price computed with any set of "poor" supporters, ρ_P, is never above its
  true price ρ* (Σ min(money, ρ·utility) = cost is what ρ* solves, and Σ_P money +
  ρ·Σ_rich utility is at least that sum), and prices only rise from round to round.

In fact no voter's money falls when b rises: every slope starts at 1, a price's slope is
−(the poor's slopes)/(utility of the rich) ≤ 0, so a rich voter's slope only grows and a poor
voter's becomes 0. That is why unaffordable projects become affordable and poor voters rich as
b rises, never the other way. The code does not rely on it: it checks every condition both ways.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import compress, repeat
from math import ceil, floor
from operator import lt


class Stability:
    """The smallest rise of the per-voter budget at which a recorded decision may change.

    ``rise`` is ``None`` while no decision depends on the budget, which means the run's
    outcome is the same for every larger budget. The smallest reach so far is kept as a pair
    of whole numbers ``reach / per``, compared by cross-multiplying, so that recording a
    condition costs no greatest common divisor and no Fraction arithmetic.
    """

    __slots__ = ("_enough", "_per", "_reach", "settled")

    def __init__(self, enough: Fraction | None = None) -> None:
        self._reach = 0
        self._per = 0  # 0: no condition yet
        self._enough = enough
        self.settled = False  # the rise is at most ``enough``: no more conditions are needed

    @property
    def rise(self) -> Fraction | None:
        """The rise (exclusive) up to which every recorded decision holds."""
        if not self._per:
            return None
        return Fraction(self._reach, self._per)

    def keep_positive(self, value: int | Fraction, slope: int | Fraction) -> None:
        """Record a decision that holds while ``value + slope·t > 0``.

        ``value`` is the difference at the run's own budget, which the run has just compared:
        positive, or zero where the winner won a tie, which it keeps winning while the gap does
        not shrink. A difference that does not fall never changes sign; one that falls reaches
        zero at ``t = value / -slope``, and the decision is only trusted below that point.
        """
        if slope >= 0:
            return
        value_numerator, value_denominator = value.as_integer_ratio()
        slope_numerator, slope_denominator = slope.as_integer_ratio()
        reach = value_numerator * slope_denominator
        per = -slope_numerator * value_denominator
        if not self._per or reach * self._per < self._reach * per:
            self._reach, self._per = reach, per
            enough = self._enough
            if enough is not None and reach * enough.denominator <= enough.numerator * per:
                self.settled = True

    def keep_all_positive(self, values: list[int], slopes: list[int]) -> None:
        """:meth:`keep_positive` for each pair (``values`` not negative). Only a falling
        difference can lower the rise, and in a run few do: they are picked out in bulk."""
        for index in compress(range(len(slopes)), map(lt, slopes, repeat(0))):
            self.keep_positive(values[index], slopes[index])

    def stop(self) -> None:
        """Record a decision that may change for any larger budget at all."""
        self._reach, self._per = 0, 1
        self.settled = self._enough is not None


def next_share(origin: Fraction, share: Fraction, stable_below: Fraction) -> Fraction:
    """The first per-voter budget on the grid ``origin + 1, origin + 2, …`` above ``share`` at
    which a run could decide differently from the run at ``share``: not below
    ``stable_below``, the budget up to which (exclusive) that run is known to repeat itself.

    Every grid budget skipped lies in [share, stable_below) and so gives the same outcome.
    """
    step = max(floor(share - origin) + 1, ceil(stable_below - origin))
    return origin + step
