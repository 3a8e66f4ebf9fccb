"""The Method of Equal Shares (MES) for one per-voter budget, exactly.

Every voter gets the same share of money. In each round the project whose supporters can pay
for it at the lowest price is funded: the cost is split so that each supporter pays the same
per unit of utility, and a supporter who cannot pay that much pays all they have left. The
rounds stop when no project's supporters have enough money left.

Speed without rounding: voters who have paid the same so far have the same money, so they share
a *budget class*; a project's price is found from the few classes its supporters are in, not
from thousands of voters. Money is kept as whole numbers of a common unit 1/``unit`` (raised
when a price needs it), because comparing and adding big integers is far cheaper than doing the
same with Fractions; the results are the same exact rationals. A class's money never changes, so
it stays in the unit of the round that made it and is scaled to the current unit when read
(rescaling thousands of classes every round cost more than the rounds themselves).

Each amount also carries its *slope*: how fast it would grow per unit of extra per-voter budget
if the run took the same decisions. With those the run reports how far the budget can rise
before any decision could change (:mod:`wijkbudget.counting.rules.stability` gives the maths),
which lets the completions skip the budgets that would only repeat it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, lcm

from wijkbudget.counting.result import Payment, Phase, Reason, Step
from wijkbudget.counting.rules.profile import Profile, count_by_class, move_groups
from wijkbudget.counting.rules.stability import Stability
from wijkbudget.counting.rules.tiebreaking import TieKey

BROKE = -1  # the class of voters with no money left
Entry = tuple[int, int, int, int, int]  # (class, utility index, voters, money of one, its slope)
Key = tuple[Fraction, Fraction]  # a price at the run's budget, and its slope


@dataclass(frozen=True, slots=True)
class MesRun:
    """Projects funded in order (indices), the steps that explain them, the start budget, and
    the per-voter budget below which every run takes the same decisions (``None``: any)."""

    selected: tuple[int, ...]
    steps: tuple[Step, ...]
    per_voter_budget: Fraction
    total_cost: Fraction
    stable_below: Fraction | None = None


@dataclass(frozen=True, slots=True)
class _Quote:
    """A project's price this round: ``remaining / denominator`` units per unit of utility,
    growing by ``slope / denominator`` per unit of per-voter budget."""

    project: int
    remaining: int
    slope: int
    denominator: int
    money: int  # what its supporters have together
    money_slope: int
    entries: list[Entry]


class _Count:
    """The state of one MES run (see the module docstring)."""

    def __init__(self, profile: Profile, per_voter: Fraction, free_first: bool) -> None:
        self.profile = profile
        self.unit = lcm(per_voter.denominator, *(cost.denominator for cost in profile.costs))
        # A class's money never changes once it exists, so it is kept in the unit of its time
        # (its *epoch*) and scaled up to the current unit when read: rescaling every class at
        # every round would cost more than the rounds themselves.
        self.factors = [1]  # per epoch: current unit / the unit of that epoch
        # money of one voter of each class, its slope, and its epoch: all start with the share
        self.class_money: dict[int, tuple[int, int, int]] = {
            0: (int(per_voter * self.unit), self.unit, 0)
        }
        self.next_class = 1
        self.group_class = [0] * len(profile.sizes)
        self.cost_units: dict[int, int] = {}  # projects still in the running
        self.lower_bound: dict[int, Key] = {}  # prices only rise as money is spent
        self.selected: list[int] = []
        self.steps: list[Step] = []
        self.left = profile.budget
        self.unsupported: list[int] = []
        self.stability = Stability()
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

    def key(self, project: int, remaining: int, slope: int, denominator: int) -> Key:
        """What rounds compare, in money: the price per unit of cost for approval ballots
        (pabutools' cost utilities; equalshares.net's effective vote count), else per point."""
        if self.profile.cost_utility:
            below = denominator * self.cost_units[project]
            return Fraction(remaining, below), Fraction(slope, below)
        scale, below = self.profile.utility_scale, denominator * self.unit
        return Fraction(remaining * scale, below), Fraction(slope * scale, below)

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
        utilities, class_money, factors = self.profile.utilities, self.class_money, self.factors
        group_class = self.group_class
        entries: list[Entry] = []
        money = money_slope = denominator = 0
        for block in self.profile.supporters[project]:
            utility = block.utility
            counts = count_by_class(block, group_class)
            counts.pop(BROKE, None)
            denominator += utilities[utility] * counts.total()
            for klass, voters in counts.items():
                had, slope, epoch = class_money[klass]
                factor = factors[epoch]
                had, slope = had * factor, slope * factor
                entries.append((klass, utility, voters, had, slope))
                money += voters * had
                money_slope += voters * slope
        remaining, slope = self.cost_units[project], 0
        if money < remaining:
            return _Quote(project, 0, 0, 1, money, money_slope, entries)
        rich = entries
        while True:  # voters who cannot pay the price pay all they have; the price then rises
            # money / utility < remaining / denominator, as whole numbers: money < bound
            bound = {u: -(-remaining * utilities[u] // denominator) for u in {e[1] for e in rich}}
            poor = [e for e in rich if e[3] < bound[e[1]]]
            if not poor:
                return _Quote(project, remaining, slope, denominator, money, money_slope, entries)
            rich = [e for e in rich if e[3] >= bound[e[1]]]
            remaining -= sum(e[2] * e[3] for e in poor)
            slope -= sum(e[2] * e[4] for e in poor)
            denominator -= sum(e[2] * utilities[e[1]] for e in poor)

    def fund(self, quote: _Quote) -> None:
        """Charge the supporters of the project and move them to their new budget classes.

        For the stability of the run: each poor supporter must stay poor and each rich one
        must keep some money, or end with exactly nothing at every budget.
        """
        divisor = gcd(quote.remaining, quote.slope, quote.denominator)
        factor = quote.denominator // divisor  # a finer unit makes the price a whole number
        self.rescale(factor)
        profile, class_money = self.profile, self.class_money
        price, price_slope = quote.remaining // divisor, quote.slope // divisor
        epoch = len(self.factors) - 1
        moves: dict[int, dict[int, int]] = {}  # utility index -> old class -> new class
        broke_voters = broke_money = 0
        full: Counter[int] = Counter()  # utility index -> voters paying the full price
        for klass, utility, voters, had, slope in quote.entries:
            weight = profile.utilities[utility]
            had, slope = had * factor, slope * factor
            kept, kept_slope = had - price * weight, slope - price_slope * weight
            move = moves.setdefault(utility, {BROKE: BROKE})
            if kept < 0:
                self.stability.keep_positive(-kept, -kept_slope)  # stays poor
            elif kept == 0 and kept_slope != 0:
                self.stability.stop()  # broke at this very budget only
            if kept <= 0:
                move[klass] = BROKE
                broke_voters += voters
                broke_money += voters * had
            else:
                self.stability.keep_positive(kept, kept_slope)  # keeps some money
                move[klass] = new = self.next_class
                self.next_class += 1
                class_money[new] = (kept, kept_slope, epoch)
                full[utility] += voters
        for block in profile.supporters[quote.project]:
            if block.utility in moves:
                move_groups(block, self.group_class, moves[block.utility])
        project = quote.project
        del self.cost_units[project], self.lower_bound[project]
        unit = self.unit
        payments = [
            Payment(
                voters,
                Fraction(voters * price * profile.utilities[u], unit),
                Fraction(price * profile.utilities[u], unit),
            )
            for u, voters in sorted(full.items())
        ]
        if broke_voters:
            payments.append(Payment(broke_voters, Fraction(broke_money, unit), None))
        money = Fraction(quote.money * factor, unit)
        per_utility = Fraction(price * profile.utility_scale, unit)
        self.record(project, Reason.FUNDED, money, per_utility, tuple(payments))

    def rescale(self, factor: int) -> None:
        """Count money in units ``factor`` times smaller; classes are scaled when read."""
        if factor == 1:
            return
        self.unit *= factor
        self.factors = [old * factor for old in self.factors]
        self.factors.append(1)  # a new epoch
        self.cost_units = {project: cost * factor for project, cost in self.cost_units.items()}

    def keep_ahead(self, winner: int) -> None:
        """For the stability of the run: no other project may overtake the winner.

        Each lower bound (the price itself for the projects quoted this round) must stay above
        the winner's price; equal is fine only at a tie the winner won, which holds for larger
        budgets exactly when the gap does not shrink.
        """
        price, slope = self.lower_bound[winner]
        for project, (other, other_slope) in self.lower_bound.items():
            if other_slope < slope and project != winner:  # only a faster fall can catch up
                self.stability.keep_positive(other - price, other_slope - slope)

    def round(self, tie_key: TieKey) -> bool:
        """Fund the best project of this round; ``False`` when none can be paid for."""
        best: Fraction | None = None
        tied: list[_Quote] = []
        lower_bound = self.lower_bound
        for project in sorted(lower_bound, key=lambda project: lower_bound[project][0]):
            if best is not None and lower_bound[project][0] > best:
                break  # its price can only have risen since: it cannot win this round
            quote = self.quote(project)
            cost = self.cost_units[project]
            if quote.money < cost:
                self.stability.keep_positive(cost - quote.money, -quote.money_slope)
                del self.cost_units[project], lower_bound[project]
                self.record(
                    project, Reason.NOT_AFFORDABLE, Fraction(quote.money, self.unit), None, ()
                )
                continue
            key = self.key(project, quote.remaining, quote.slope, quote.denominator)
            lower_bound[project] = key
            if best is None or key[0] < best:
                best, tied = key[0], [quote]
            elif key[0] == best:
                tied.append(quote)
        if not tied:
            return False
        winner = min(tied, key=lambda quote: tie_key(quote.project))
        self.keep_ahead(winner.project)
        self.fund(winner)
        return True


def equal_shares(
    profile: Profile, per_voter: Fraction, tie_key: TieKey, *, free_first: bool = True
) -> MesRun:
    """Run the Method of Equal Shares with ``per_voter`` money for each voter.

    ``tie_key`` chooses between projects with the same price; ``free_first`` funds supported
    projects that cost nothing before the first round (pabutools) instead of never
    (equalshares.net). The run also reports up to which per-voter budget it would repeat
    itself (``MesRun.stable_below``).
    """
    count = _Count(profile, per_voter, free_first)
    while count.round(tie_key):
        pass
    for project in count.unsupported:
        count.record(project, Reason.NO_SUPPORTERS, None, None, ())
    rise = count.stability.rise
    return MesRun(
        tuple(count.selected),
        tuple(count.steps),
        per_voter,
        profile.budget - count.left,
        None if rise is None else per_voter + rise,
    )
