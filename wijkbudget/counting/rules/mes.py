"""The Method of Equal Shares (MES) for one per-voter budget, exactly.

Every voter gets the same share of money. In each round the project whose supporters can pay
for it at the lowest price is funded: the cost is split so that each supporter pays the same
per unit of utility, and a supporter who cannot pay that much pays all they have left. The
rounds stop when no project's supporters have enough money left.

Speed without rounding: voters who have paid the same so far have the same money, so they share
a *budget class* (:mod:`wijkbudget.counting.rules.budget_classes`); a project's price is found
from the few classes its supporters are in, not from thousands of voters. Money is kept as whole
numbers of a common unit 1/``unit`` (raised when a price needs it), because comparing and adding
big integers is far cheaper than doing the same with Fractions; the results are the same exact
rationals.

Each amount also carries its *slope*: how fast it would grow per unit of extra per-voter budget
if the run took the same decisions. With those the run reports how far the budget can rise
before any decision could change (:mod:`wijkbudget.counting.rules.stability` gives the maths),
which lets the completions skip the budgets that would only repeat it.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from itertools import compress, repeat
from math import gcd, lcm
from operator import lt, mul, not_, sub

from wijkbudget.counting.result import Payment, Phase, Reason, Step
from wijkbudget.counting.rules.budget_classes import Partition
from wijkbudget.counting.rules.profile import Profile
from wijkbudget.counting.rules.stability import Stability
from wijkbudget.counting.rules.tiebreaking import TieKey

Key = tuple[Fraction, Fraction]  # a price at the run's budget, and its slope
_ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class MesRun:
    """Projects funded in order (indices), the steps that explain them, the start budget, and
    the per-voter budget below which every run takes the same decisions (``None``: any)."""

    selected: tuple[int, ...]
    steps: tuple[Step, ...]
    per_voter_budget: Fraction
    total_cost: Fraction
    stable_below: Fraction | None = None


@dataclass(slots=True)
class _Part:
    """The supporters of a project with one utility, as classes: how many voters of each, the
    money of one and of all of them (current unit). Once priced, ``poor`` marks the classes
    that cannot pay the price and pay all they have (``None``: none of them)."""

    block: int  # the index of their block among the project's
    weight: int  # their utility
    classes: list[int]
    depths: list[int]  # of each class (its epoch: see _Count.factors)
    voters: list[int]
    money: list[int]
    together: list[int]
    count: int  # all their voters
    poor: list[bool] | None = None

    def split(self, values: list[int]) -> tuple[list[int], list[int]]:
        """``values`` (one per class) of the poor classes, and of the others."""
        if self.poor is None:
            return [], values
        return list(compress(values, self.poor)), list(compress(values, map(not_, self.poor)))


@dataclass(frozen=True, slots=True)
class _Quote:
    """A project's price this round: ``remaining / denominator`` units per unit of utility,
    growing by ``slope / denominator`` per unit of per-voter budget."""

    project: int
    remaining: int
    slope: int
    denominator: int
    money: int  # what its supporters have together
    parts: list[_Part]


def _find_poor(parts: list[_Part], cost: int, denominator: int) -> tuple[int, int]:
    """Mark the poor of ``parts`` for the price at which they pay ``cost``; the part of the
    cost left to the others and their utility. Voters who cannot pay the price pay all they
    have, which raises it: repeat until nobody else falls short (the price only rises, so the
    poor only grow and it ends)."""
    remaining, poor = cost, 0
    while True:
        # money / weight < remaining / denominator, as whole numbers: money < bound
        marks = [
            list(map(lt, part.money, repeat(-(-remaining * part.weight // denominator))))
            for part in parts
        ]
        counts = [mark.count(True) for mark in marks]
        if sum(counts) == poor:
            return remaining, denominator
        remaining, denominator, poor = cost, 0, sum(counts)
        for part, mark, count in zip(parts, marks, counts, strict=True):
            part.poor = mark
            remaining -= sum(compress(part.together, mark))
            # classes of one voter each (then together is money): the marks count the voters
            if part.count != len(part.classes):
                count = sum(compress(part.voters, mark))
            denominator += part.weight * (part.count - count)


class _Count:
    """The state of one MES run (see the module docstring)."""

    def __init__(
        self,
        profile: Profile,
        per_voter: Fraction,
        free_first: bool,
        partition: Partition,
        enough: Fraction | None,
    ) -> None:
        self.profile = profile
        self.unit = lcm(per_voter.denominator, *(cost.denominator for cost in profile.costs))
        self.partition = partition
        self.node = partition.root
        # Per class: the money of one voter and its slope in the unit of the class's epoch: the
        # round that made it, which is the depth of the partition node that made it (the
        # histograms carry it); a class never given any is broke. A class's money never
        # changes, so it is scaled to the current unit only when read: rescaling thousands of
        # classes at every round would cost more than the rounds themselves.
        self.money: defaultdict[int, int] = defaultdict(int, {0: int(per_voter * self.unit)})
        self.slopes: defaultdict[int, int] = defaultdict(int, {0: self.unit})
        self.factors = [1]  # per epoch (round): the current unit / the unit of that epoch
        self.cost_units: dict[int, int] = {}  # projects still in the running
        self.lower_bound: dict[int, Key] = {}  # prices only rise as money is spent
        self.order: list[int] = []  # the projects still in the running, by lower bound
        self.selected: list[int] = []
        self.steps: list[Step] = []
        self.left = profile.budget
        self.unsupported: list[int] = []
        self.stability = Stability(enough)
        if enough is not None and enough <= 0:
            self.stability.stop()  # asked for no claim: track no conditions at all
        for project, blocks in enumerate(profile.supporters):
            cost = profile.costs[project]
            if not blocks:
                self.unsupported.append(project)
            elif cost <= 0:
                if free_first:  # pabutools funds supported free projects before it starts
                    self.record(project, Reason.FUNDED, Fraction(0), Fraction(0), ())
            else:
                self.cost_units[project] = int(cost * self.unit)
                weight = sum(
                    profile.utilities[block.utility] * (len(block.singles) + sum(block.sizes))
                    for block in blocks
                )
                # everyone paying: the lowest price there can be, at any budget
                self.lower_bound[project] = self.key(project, self.cost_units[project], 0, weight)
                self.order.append(project)
        lower_bound = self.lower_bound
        self.order.sort(key=lambda project: (lower_bound[project][0], project))

    def key(self, project: int, remaining: int, slope: int, denominator: int) -> Key:
        """What rounds compare, in money: the price per unit of cost for approval ballots
        (pabutools' cost utilities; equalshares.net's effective vote count), else per point."""
        if self.profile.cost_utility:
            below = denominator * self.cost_units[project]
        else:
            scale = self.profile.utility_scale
            remaining, slope, below = remaining * scale, slope * scale, denominator * self.unit
        return Fraction(remaining, below), (Fraction(slope, below) if slope else _ZERO)

    def record(
        self,
        project: int,
        reason: Reason,
        money: Fraction | None,
        price: Fraction | None,
        payments: tuple[Payment, ...],
    ) -> None:
        """Add the step that explains this decision about ``project``."""
        cost = self.profile.costs[project]
        if reason is Reason.FUNDED:
            self.selected.append(project)
            self.left -= cost
        votes = Fraction(self.profile.scores[project])
        self.steps.append(
            Step(
                self.profile.ids[project],
                reason,
                Phase.MES,
                votes,
                cost,
                self.left,
                money,
                price,
                payments,
            )
        )

    def quote(self, project: int) -> _Quote:
        """The price at which the supporters of ``project`` can pay for it; ``money`` below
        the cost means they cannot."""
        utilities, blocks = self.profile.utilities, self.profile.supporters[project]
        parts: list[_Part] = []
        lowest: list[int] = []  # per part: the least money of one of them
        money = denominator = 0
        for histogram in self.partition.histograms(self.node, project):
            classes, voters, count = histogram.classes, histogram.voters, histogram.total
            depths = histogram.depths
            had = self.money_of(classes, depths)
            least = min(had)
            if not least:  # broke classes take no part
                alive = list(map(bool, had))
                classes = list(compress(classes, alive))
                depths = list(compress(depths, alive))
                voters = list(compress(voters, alive))
                had = list(compress(had, alive))
                if not classes:
                    continue
                count = sum(voters)
                least = min(had)
            # classes of one voter each (most, on files with many distinct ballots): no products
            together = had if count == len(classes) else list(map(mul, voters, had))
            weight = utilities[blocks[histogram.block].utility]
            parts.append(
                _Part(histogram.block, weight, classes, depths, voters, had, together, count)
            )
            lowest.append(least)
            money += sum(together)
            denominator += weight * count
        cost = self.cost_units[project]
        if money < cost:
            return _Quote(project, 0, 0, 1, money, parts)
        # nobody poor at the price everyone pays: the common case, without searching
        if all(
            least * denominator >= cost * part.weight
            for least, part in zip(lowest, parts, strict=True)
        ):
            return _Quote(project, cost, 0, denominator, money, parts)
        remaining, denominator = _find_poor(parts, cost, denominator)
        slope = 0
        if not self.stability.settled:  # the slopes of what the poor pay
            for part in parts:
                voters, classes = part.split(part.voters)[0], part.split(part.classes)[0]
                slope -= sum(map(mul, voters, self.slopes_of(classes, part.split(part.depths)[0])))
        return _Quote(project, remaining, slope, denominator, money, parts)

    def money_of(self, classes: list[int], depths: list[int]) -> list[int]:
        """The money of one voter of each class (made at those depths), in the current unit."""
        factors = map(self.factors.__getitem__, depths)
        return list(map(mul, map(self.money.__getitem__, classes), factors))

    def slopes_of(self, classes: list[int], depths: list[int]) -> list[int]:
        """The slope of the money of each class (made at those depths), in the current unit."""
        factors = map(self.factors.__getitem__, depths)
        return list(map(mul, map(self.slopes.__getitem__, classes), factors))

    def money_slope(self, quote: _Quote) -> int:
        """How fast the money of the supporters of a quoted project grows with the budget."""
        return sum(
            sum(map(mul, part.voters, self.slopes_of(part.classes, part.depths)))
            for part in quote.parts
        )

    def fund(self, quote: _Quote) -> None:
        """Charge the supporters of the project and move them to their new budget classes
        (those left with nothing get none: they are broke)."""
        divisor = gcd(quote.remaining, quote.slope, quote.denominator)
        factor = quote.denominator // divisor  # a finer unit makes the price a whole number
        self.rescale(factor)
        price, price_slope = quote.remaining // divisor, quote.slope // divisor
        self.node = self.partition.child(self.node, quote.project)
        broke_voters = broke_money = 0
        full: Counter[int] = Counter()  # utility index -> voters paying the full price
        blocks = self.profile.supporters[quote.project]
        for part in quote.parts:
            pay = price * part.weight
            poor_money, rich_money = part.split(
                part.money if factor == 1 else [had * factor for had in part.money]
            )
            poor_voters, voters = part.split(part.voters)
            classes = part.split(part.classes)[1]
            kept = list(map(sub, rich_money, repeat(pay)))
            kept_slopes: list[int] = []
            if not self.stability.settled:
                pay_slope = price_slope * part.weight
                kept_slopes = self.track_fund(part, pay, pay_slope, poor_money, kept)
            broke_voters += sum(poor_voters)
            broke_money += sum(map(mul, poor_voters, poor_money))
            if kept and not min(kept):  # paid exactly all they had: broke too
                left = list(map(bool, kept))
                zero_voters = sum(voters)
                classes, voters = list(compress(classes, left)), list(compress(voters, left))
                kept, kept_slopes = list(compress(kept, left)), list(compress(kept_slopes, left))
                zero_voters -= sum(voters)
                broke_voters += zero_voters
                broke_money += zero_voters * pay
            full[blocks[part.block].utility] += sum(voters)
            new = list(map(self.node.moves[part.block].__getitem__, classes))
            self.money.update(zip(new, kept, strict=True))
            self.slopes.update(zip(new, kept_slopes, strict=False))  # none once settled
        self.drop(quote.project)
        self.payments_step(quote, price, factor, full, broke_voters, broke_money)

    def track_fund(
        self, part: _Part, pay: int, pay_slope: int, poor_money: list[int], kept: list[int]
    ) -> list[int]:
        """For the stability of the run: each poor supporter must stay poor and each rich one
        must keep some money, or end with exactly nothing at every budget. The slopes of what
        the rich keep (current unit, after :meth:`fund` rescaled)."""
        poor_slopes, slopes = part.split(self.slopes_of(part.classes, part.depths))
        if poor_slopes:
            self.stability.keep_all_positive(
                list(map(sub, repeat(pay), poor_money)),
                list(map(sub, repeat(pay_slope), poor_slopes)),
            )
        kept_slopes = list(map(sub, slopes, repeat(pay_slope)))
        if not kept or min(kept):
            self.stability.keep_all_positive(kept, kept_slopes)
            return kept_slopes
        for money, slope in zip(kept, kept_slopes, strict=True):
            if money:
                self.stability.keep_positive(money, slope)  # keeps some money
            elif slope:
                self.stability.stop()  # broke at this very budget only
        return kept_slopes

    def payments_step(
        self,
        quote: _Quote,
        price: int,
        factor: int,
        full: Counter[int],
        broke_voters: int,
        broke_money: int,
    ) -> None:
        """Record the funding of the quoted project and who paid what (current unit)."""
        profile, unit = self.profile, self.unit
        payments = [
            Payment(
                voters,
                Fraction(voters * price * profile.utilities[u], unit),
                Fraction(price * profile.utilities[u], unit),
            )
            for u, voters in sorted(full.items())
            if voters
        ]
        if broke_voters:
            payments.append(Payment(broke_voters, Fraction(broke_money, unit), None))
        money = Fraction(quote.money * factor, unit)
        per_utility = Fraction(price * profile.utility_scale, unit)
        self.record(quote.project, Reason.FUNDED, money, per_utility, tuple(payments))

    def drop(self, project: int) -> None:
        """Take ``project`` out of the running."""
        del self.cost_units[project], self.lower_bound[project]
        self.order.remove(project)

    def rescale(self, factor: int) -> None:
        """Start the epoch of a new round, counting money in units ``factor`` times smaller
        (classes are scaled when read)."""
        if factor != 1:
            self.unit *= factor
            self.factors = [old * factor for old in self.factors]
            self.cost_units = {project: cost * factor for project, cost in self.cost_units.items()}
        self.factors.append(1)

    def keep_ahead(self, winner: int) -> None:
        """For the stability of the run: no other project may overtake the winner.

        Each lower bound (the price itself for the projects quoted this round) must stay above
        the winner's price; equal is fine only at a tie the winner won, which holds for larger
        budgets exactly when the gap does not shrink.
        """
        price, slope = self.lower_bound[winner]
        for project, (other, other_slope) in self.lower_bound.items():
            if _less(other_slope, slope) and project != winner:  # only a faster fall catches up
                self.stability.keep_positive(other - price, other_slope - slope)

    def round(self, tie_key: TieKey) -> bool:
        """Fund the best project of this round; ``False`` when none can be paid for."""
        best: Fraction | None = None
        tied: list[_Quote] = []
        quoted: list[int] = []
        lower_bound = self.lower_bound
        for project in list(self.order):
            if best is not None and _less(best, lower_bound[project][0]):
                break  # its price can only have risen since: it cannot win this round
            quote = self.quote(project)
            cost = self.cost_units[project]
            if quote.money < cost:
                if not self.stability.settled:
                    self.stability.keep_positive(cost - quote.money, -self.money_slope(quote))
                self.drop(project)
                self.record(
                    project, Reason.NOT_AFFORDABLE, Fraction(quote.money, self.unit), None, ()
                )
                continue
            key = self.key(project, quote.remaining, quote.slope, quote.denominator)
            lower_bound[project] = key
            quoted.append(project)
            if best is None or _less(key[0], best):
                best, tied = key[0], [quote]
            elif key[0] == best:
                tied.append(quote)
        if not tied:
            return False
        self.reorder(quoted)
        winner = min(tied, key=lambda quote: tie_key(quote.project))
        if not self.stability.settled:
            self.keep_ahead(winner.project)
        self.fund(winner)
        return True

    def reorder(self, projects: list[int]) -> None:
        """Put back in order the projects whose lower bounds rose; the others stay sorted, so
        this is far cheaper than sorting all (each comparison is one of Fractions)."""
        lower_bound, order = self.lower_bound, self.order
        for project in projects:
            order.remove(project)
        for project in projects:
            insort(order, project, key=lambda project: (lower_bound[project][0], project))


def _less(a: Fraction, b: Fraction) -> bool:
    """``a < b``, without the type checks of Fraction's own comparison."""
    return a.numerator * b.denominator < b.numerator * a.denominator


def equal_shares(
    profile: Profile,
    per_voter: Fraction,
    tie_key: TieKey,
    *,
    free_first: bool = True,
    partition: Partition | None = None,
    stable_beyond: Fraction | None = None,
) -> MesRun:
    """Run the Method of Equal Shares with ``per_voter`` money for each voter.

    ``tie_key`` chooses between projects with the same price; ``free_first`` funds supported
    projects that cost nothing before the first round (pabutools) instead of never
    (equalshares.net). The run also reports up to which per-voter budget it would repeat
    itself (``MesRun.stable_below``). Runs of one profile at several budgets may share a
    ``partition``, which spares each the counting of voters an earlier one has done.

    A caller that only needs to know whether the run repeats itself beyond the budget
    ``stable_beyond`` lets it stop tracking the conditions as soon as that is ruled out (in most
    runs of the completions, after a few rounds), which saves about a third of the work; the
    run then claims nothing: ``stable_below`` is ``per_voter`` itself. A ``stable_beyond`` of
    ``per_voter`` (or less) asks for no claim at all, and the run tracks no condition.
    """
    enough = None if stable_beyond is None else stable_beyond - per_voter
    count = _Count(profile, per_voter, free_first, partition or Partition(profile), enough)
    while count.round(tie_key):
        pass
    for project in count.unsupported:
        count.record(project, Reason.NO_SUPPORTERS, None, None, ())
    rise = Fraction(0) if count.stability.settled else count.stability.rise
    return MesRun(
        tuple(count.selected),
        tuple(count.steps),
        per_voter,
        profile.budget - count.left,
        None if rise is None else per_voter + rise,
    )
