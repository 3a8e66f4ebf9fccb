"""The outcome of a count and its trace: why each project was, or was not, funded.

A trace is a tuple of :class:`Step`, one per decision the rule took about a project, in the
order it took them. The reasons are an enum (:class:`Reason`) rather than text, so the web app
can word them in Dutch and a test can check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Phase(StrEnum):
    """Which part of a rule took the decision."""

    GREEDY = "greedy"
    MES = "mes"
    COMPLETION = "completion"  # greedy with the money the Method of Equal Shares left over
    PHRAGMEN = "phragmen"


class Reason(StrEnum):
    """Why a step funded, or did not fund, its project."""

    FUNDED = "funded"
    DOES_NOT_FIT = "does_not_fit"  # costs more than the budget still left
    BELOW_THRESHOLD = "below_threshold"  # fewer votes than the minimum score
    NO_SKIP_STOP = "no_skip_stop"  # greedy without skipping stops at the first that does not fit
    NOT_AFFORDABLE = "not_affordable"  # its supporters together have less money than it costs
    NO_SUPPORTERS = "no_supporters"  # nobody voted for it, so nobody can pay for it (MES)


@dataclass(frozen=True, slots=True)
class Payment:
    """``payers`` voters paid ``total`` together towards a project (Method of Equal Shares).

    ``each`` is what each of them paid; it is ``None`` for the voters who could not pay the full
    price and paid all they had left (different amounts).
    """

    payers: int
    total: Fraction
    each: Fraction | None


@dataclass(frozen=True, slots=True)
class Step:
    """One decision about one project.

    ``votes`` is what the rule counts: approvals, points (cumulative) or Borda score (ordinal).
    ``budget_left`` is the city's money still unspent after the step. For the Method of Equal
    Shares, ``supporters_money`` is what the project's supporters still had when it was
    considered, ``price`` the most any one of them paid per unit of their utility, and
    ``payments`` who paid what.
    """

    project: str
    reason: Reason
    phase: Phase
    votes: Fraction
    cost: Fraction
    budget_left: Fraction
    supporters_money: Fraction | None = None
    price: Fraction | None = None
    payments: tuple[Payment, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Plain JSON types; money and votes as exact fraction strings ("1/3", "25000")."""
        data: dict[str, object] = {
            "project": self.project,
            "reason": self.reason.value,
            "phase": self.phase.value,
            "votes": str(self.votes),
            "cost": str(self.cost),
            "budget_left": str(self.budget_left),
        }
        if self.supporters_money is not None:
            data["supporters_money"] = str(self.supporters_money)
        if self.price is not None:
            data["price"] = str(self.price)
        if self.payments:
            data["payments"] = [
                {
                    "payers": payment.payers,
                    "total": str(payment.total),
                    "each": None if payment.each is None else str(payment.each),
                }
                for payment in self.payments
            ]
        return data


@dataclass(frozen=True, slots=True)
class Comparison:
    """equalshares.net's comparison step: how many voters prefer each outcome.

    A voter prefers the outcome that funds more of the projects they voted for.
    """

    prefer_mes: int
    prefer_greedy: int
    chose_greedy: bool


@dataclass(frozen=True, slots=True)
class CountResult:
    """What a rule funded (in the order it chose them), at what cost, and why.

    ``per_voter_budget`` is the money each voter started with in the Method of Equal Shares run
    that gave the result (completions raise it above budget / voters); ``comparison`` is set when
    equalshares.net's comparison step ran.
    """

    rule: str
    selected: tuple[str, ...]
    total_cost: Fraction
    budget: Fraction
    trace: tuple[Step, ...]
    per_voter_budget: Fraction | None = None
    comparison: Comparison | None = None

    def to_json(self) -> dict[str, object]:
        """Plain JSON types, money as exact fraction strings."""
        data: dict[str, object] = {
            "rule": self.rule,
            "selected": list(self.selected),
            "total_cost": str(self.total_cost),
            "budget": str(self.budget),
            "trace": [step.to_json() for step in self.trace],
        }
        if self.per_voter_budget is not None:
            data["per_voter_budget"] = str(self.per_voter_budget)
        if self.comparison is not None:
            data["comparison"] = {
                "prefer_mes": self.comparison.prefer_mes,
                "prefer_greedy": self.comparison.prefer_greedy,
                "chose_greedy": self.comparison.chose_greedy,
            }
        return data
