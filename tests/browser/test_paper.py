"""Issue 7 in the browser: a stembureau volunteer hands out a ballot for a code, the code is
refused online, two people enter the ballot differently, a third decides, the figures add up,
and the ballot is in the count. axe checks every paper page, in Dutch and in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import assert_accessible
from tests.paper.conftest import Buurthuis, buurthuis
from tests.voting.conftest import Vote, make_vote, now, vote
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.results import services as results
from wijkbudget.wijken.phases import Phase, today_in_nl

__all__ = ["buurthuis", "make_vote", "vote"]  # fixtures shared with tests/paper
pytestmark = pytest.mark.browser


@pytest.fixture
def ballot_type() -> object:
    from wijkbudget.voting.models import BallotType

    return BallotType.KNAPSACK


def _in_both_languages(page: Page) -> None:
    """axe on this page in Dutch, then switch to English (and check again)."""
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert_accessible(page)


def _enter(page: Page, server_url: str, vote: Vote, serial: str, idea: str) -> None:
    page.goto(f"{server_url}/ronde/{vote.round.id}/papier/invoeren")
    page.get_by_label("Number of the ballot").fill(serial)
    page.get_by_label("Valid: ideas are chosen").check()
    page.get_by_label(idea).check()
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Save this entry").focus()
    page.keyboard.press("Enter")  # the keyboard is enough


def test_paper_ballot_from_hand_out_to_count(
    person: Callable[[str], Page], browser: Browser, server_url: str, buurthuis: Buurthuis
) -> None:
    vote = buurthuis.vote
    first, second, third = (person(p.email) for p in buurthuis.people)
    code = vote.codes(1)[0]

    # The stembureau hands out ballot 0001-8 against the resident's letter.
    first.goto(f"{server_url}/ronde/{vote.round.id}/papier")
    _in_both_languages(first)
    first.get_by_role("link", name="Hand out a ballot").click()
    assert_accessible(first)
    first.get_by_label("Stemcode on the letter").fill(code)
    first.get_by_label("Number of the ballot you hand out").fill("0001-8")
    first.get_by_role("button", name="Hand out this ballot").click()
    expect(first.get_by_role("status")).to_contain_text("Hand out ballot 0001-8")

    # The same code is refused online.
    resident = browser.new_context(bypass_csp=True, locale="nl-NL").new_page()
    resident.goto(f"{server_url}/stem?code={code}")
    resident.get_by_role("button", name="English").click()
    resident.get_by_role("button", name="Next").click()
    expect(resident.get_by_role("alert")).to_contain_text("A paper ballot was handed out")
    resident.context.close()

    # Two people enter it, differently.
    _enter(first, server_url, vote, "0001-8", "Idee 2")
    expect(first.get_by_role("status")).to_contain_text("someone else enters ballot 0001-8")
    assert_accessible(first)
    second.get_by_role("button", name="English").click()
    _enter(second, server_url, vote, "0001-8", "Idee 3")
    expect(second.get_by_role("status")).to_contain_text("differ")

    # A third person looks at the paper and decides, with a reason.
    third.goto(f"{server_url}/ronde/{vote.round.id}/papier/verschillen")
    _in_both_languages(third)
    third.get_by_role("link", name="Ballot 0001-8").click()
    expect(third.get_by_role("table")).to_contain_text("Idee 2")
    expect(third.get_by_role("table")).to_contain_text("Idee 3")
    assert_accessible(third)
    third.get_by_label("Valid: ideas are chosen").check()
    third.get_by_label("Idee 3").check()
    third.get_by_label("Why is this what the ballot says?").fill("The cross is in box 3.")
    third.get_by_role("button", name="Decide").click()
    expect(third.get_by_role("status")).to_contain_text("Ballot 0001-8 is decided")

    # The figures add up.
    third.goto(f"{server_url}/ronde/{vote.round.id}/papier")
    expect(third.get_by_role("status")).to_contain_text("Everything adds up")
    assert_accessible(third)

    # Voting closes; the count has the paper ballot for Idee 3.
    round_ = db.session.merge(vote.round)
    for name, day in asdict(dates_for(Phase.COUNTING, today_in_nl())).items():
        setattr(round_, name, day)
    db.session.commit()
    outcome = results.count_round(None, round_, now())
    db.session.commit()
    paper_votes = {r.title: r.votes_paper for r in results.initiative_results(outcome)}
    assert paper_votes == {"Idee 1": 0, "Idee 2": 0, "Idee 3": 1, "Idee 4": 0}
