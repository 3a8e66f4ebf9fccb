"""Every reason the engine gives becomes a plain sentence with the right numbers."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest
from flask import Flask
from flask_babel import force_locale

from wijkbudget.counting.election import Ballot, Election, Project, VoteType
from wijkbudget.counting.result import Phase, Reason, Step
from wijkbudget.counting.rules import count
from wijkbudget.results.explain import explain_step


@pytest.fixture(autouse=True)
def english(app: Flask) -> Iterator[None]:
    with app.test_request_context(), force_locale("en"):
        yield


def step(reason: Reason, phase: Phase = Phase.GREEDY, **extra: object) -> dict[str, object]:
    data = Step("7", reason, phase, Fraction(214), Fraction(4800), Fraction(3150)).to_json()
    data.update({k: v for k, v in extra.items()})
    return data


def test_greedy_does_not_fit() -> None:
    assert explain_step(step(Reason.DOES_NOT_FIT)) == (
        "This idea got 214 votes. There was €3,150 left, and the idea costs €4,800: "
        "it did not fit any more."
    )


def test_greedy_funded_says_what_was_left_before_it() -> None:
    assert explain_step(step(Reason.FUNDED)) == (
        "This idea got 214 votes. There was €7,950 left, and the idea costs €4,800: "
        "it fit, so it gets the money."
    )


def test_points_ballots_speak_of_points_and_one_vote_is_singular() -> None:
    assert explain_step(step(Reason.FUNDED), points=True).startswith("This idea got 214 points.")
    one = step(Reason.DOES_NOT_FIT, votes="1")
    assert explain_step(one).startswith("This idea got 1 vote.")


def test_below_threshold_names_the_minimum() -> None:
    text = explain_step(step(Reason.BELOW_THRESHOLD), threshold="250")
    assert text == (
        "This idea got 214 votes. An idea needed at least 250 votes to get money, "
        "so this idea did not."
    )


def test_no_skip_stop() -> None:
    assert "stopped at the first idea that did not fit" in explain_step(step(Reason.NO_SKIP_STOP))


def test_equal_shares_funded_tells_who_paid_what() -> None:
    payments = [
        {"payers": 20, "total": "4000", "each": "200"},
        {"payers": 1, "total": "150", "each": None},
    ]
    text = explain_step(step(Reason.FUNDED, Phase.MES, supporters_money="5200", payments=payments))
    assert text == (
        "This idea got 214 votes. The people who voted for it still had €5,200 together, and "
        "the idea costs €4,800. So they paid for it together: 20 people paid €200 each; "
        "1 person paid all they had left, €150."
    )


def test_equal_shares_not_affordable() -> None:
    text = explain_step(step(Reason.NOT_AFFORDABLE, Phase.MES, supporters_money="1234.5"))
    assert text == (
        "This idea got 214 votes. The people who voted for it had only €1,234.50 left "
        "together, and the idea costs €4,800: they could not pay for it."
    )


def test_no_supporters() -> None:
    text = explain_step(step(Reason.NO_SUPPORTERS, Phase.MES, votes="0"))
    assert text == "Nobody voted for this idea, so nobody could pay for it."


def test_every_step_of_a_real_count_is_explained_with_its_cost() -> None:
    projects = tuple(Project(str(n), Fraction(cost)) for n, cost in enumerate((900, 500, 300)))
    ballots = tuple(
        Ballot(str(n), chosen)
        for n, chosen in enumerate([("0",), ("0", "1"), ("1", "2"), ("2",), ("0",), ()])
    )
    election = Election(Fraction(1000), VoteType.APPROVAL, projects, ballots)
    for rule in ("greedy", "equalshares", "mes-add1"):
        for counted in count(election, rule).trace:
            text = explain_step(counted.to_json())
            assert text and "%(" not in text
            if counted.reason is not Reason.NO_SUPPORTERS:
                assert f"€{int(counted.cost)}" in text, (rule, text)


def test_dutch_money_format() -> None:
    with force_locale("nl"):
        text = explain_step(step(Reason.DOES_NOT_FIT))
    assert "€\u00a03.150" in text and "€\u00a04.800" in text


def test_payment_of_one_person_each() -> None:
    payments = [{"payers": 1, "total": "10", "each": "10"}]
    text = explain_step(step(Reason.FUNDED, Phase.MES, supporters_money="10", payments=payments))
    assert "1 person paid €10." in text
