"""What a valid ballot is, for each ballot type: pure functions, no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wijkbudget.errors import DomainError
from wijkbudget.voting.models import BallotType


class BallotError(DomainError):
    """The choices break a rule of the ballot; ``code`` names it, ``params`` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Rules:
    """The frozen rules of one round's ballot."""

    ballot_type: BallotType
    budget_cents: int
    costs: Mapping[int, int]  # initiative id -> cost in cents, as frozen at opening
    max_choices: int = 5
    min_share_percent: int = 0
    points: int = 10


def total_cost(rules: Rules, choices: Mapping[int, int]) -> int:
    return sum(rules.costs[item] for item, weight in choices.items() if weight > 0)


def check(rules: Rules, choices: Mapping[int, int]) -> dict[int, int]:
    """The choices without zeroes, or :class:`BallotError` saying what is wrong."""
    chosen = {item: weight for item, weight in choices.items() if weight}
    if any(item not in rules.costs for item in chosen):
        raise BallotError("unknown_initiative")
    if any(weight < 0 for weight in chosen.values()):
        raise BallotError("negative_points")
    if not chosen:
        raise BallotError("nothing_chosen")
    if rules.ballot_type is BallotType.POINTS:
        given = sum(chosen.values())
        if given > rules.points:
            raise BallotError("too_many_points", points=rules.points, given=given)
        return chosen
    if any(weight != 1 for weight in chosen.values()):
        raise BallotError("unknown_initiative")
    if rules.ballot_type is BallotType.APPROVAL:
        if len(chosen) > rules.max_choices:
            raise BallotError("too_many_choices", maximum=rules.max_choices, given=len(chosen))
        return chosen
    cost = total_cost(rules, chosen)
    if cost > rules.budget_cents:
        raise BallotError("over_budget", budget=rules.budget_cents, total=cost)
    minimum = rules.budget_cents * rules.min_share_percent // 100
    if cost < minimum:
        raise BallotError("under_minimum", minimum=minimum, total=cost)
    return chosen
