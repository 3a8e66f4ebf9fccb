"""The trace says why each project was, or was not, funded."""

from __future__ import annotations

from fractions import Fraction

from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.result import Payment, Phase, Reason
from wijkbudget.counting.rules import RuleOptions, count


def _election() -> Election:
    """Budget 100, 4 voters (25 each). A (60) has 3 votes, B (50) 2, C (30) 1, D (10) none."""
    projects = tuple(
        Project(pid, Fraction(cost)) for pid, cost in (("A", 60), ("B", 50), ("C", 30), ("D", 10))
    )
    ballots = (
        Ballot("1", ("A", "B")),
        Ballot("2", ("A", "B")),
        Ballot("3", ("A",)),
        Ballot("4", ("C",)),
    )
    return Election(Fraction(100), VoteType.APPROVAL, projects, ballots)


def _reasons(rule: str, options: RuleOptions | None = None) -> dict[str, Reason]:
    options = options or RuleOptions()
    return {step.project: step.reason for step in count(_election(), rule, options).trace}


def test_greedy_skips_what_does_not_fit() -> None:
    result = count(_election(), "greedy")
    assert result.selected == ("A", "C", "D")
    assert _reasons("greedy") == {
        "A": Reason.FUNDED,
        "B": Reason.DOES_NOT_FIT,
        "C": Reason.FUNDED,
        "D": Reason.FUNDED,
    }
    assert [step.budget_left for step in result.trace] == [40, 40, 10, 0]
    assert result.trace[0].votes == 3


def test_greedy_threshold_and_no_skip() -> None:
    assert _reasons("greedy", RuleOptions(threshold=Fraction(2)))["C"] is Reason.BELOW_THRESHOLD
    no_skip = _reasons("greedy", RuleOptions(skip=False))
    assert no_skip["B"] is Reason.DOES_NOT_FIT
    assert no_skip["C"] is no_skip["D"] is Reason.NO_SKIP_STOP


def test_mes_explains_payments_and_unaffordable_projects() -> None:
    result = count(_election(), "mes")
    assert result.selected == ("A",)
    funded = result.trace[0]
    assert (funded.project, funded.phase, funded.reason) == ("A", Phase.MES, Reason.FUNDED)
    assert funded.supporters_money == 75
    assert funded.payments == (Payment(3, Fraction(60), Fraction(20)),)
    reasons = _reasons("mes")
    # voters 1 and 2 have 5 each left: 10 < 50 for B; voter 4 has 25 < 30 for C
    assert reasons["B"] is reasons["C"] is Reason.NOT_AFFORDABLE
    assert reasons["D"] is Reason.NO_SUPPORTERS
    assert result.per_voter_budget == 25


def test_mes_greedy_completion_is_its_own_phase() -> None:
    result = count(_election(), "mes-greedy")
    assert result.selected == ("A", "C", "D")
    completion = [step for step in result.trace if step.phase is Phase.COMPLETION]
    assert [(s.project, s.reason) for s in completion] == [
        ("B", Reason.DOES_NOT_FIT),
        ("C", Reason.FUNDED),
        ("D", Reason.FUNDED),
    ]


def test_to_json_is_plain() -> None:
    data = count(_election(), "mes").to_json()
    assert data["selected"] == ["A"] and data["total_cost"] == "60"
    trace = data["trace"]
    assert isinstance(trace, list)
    assert trace[0]["payments"] == [{"payers": 3, "total": "60", "each": "20"}]
