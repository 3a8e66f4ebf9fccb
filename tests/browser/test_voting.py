"""Issue 6 at phone size: a resident opens the QR link, chooses, reviews, casts, gets a receipt,
changes the vote; the database then holds one ballot that nothing links to the stemcode.

The journey runs in English by role and label (the Dutch texts arrive with the catalog merge);
axe checks every voting page in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from tests.voting.conftest import Vote, make_vote, vote
from wijkbudget.auth.models import Role
from wijkbudget.extensions import db
from wijkbudget.voting.models import Ballot, RollEntry

__all__ = ["make_vote", "vote"]  # fixtures shared with tests/voting
pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def ballot_type() -> object:
    from wijkbudget.voting.models import BallotType

    return BallotType.KNAPSACK


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def _receipt(page: Page) -> str:
    text = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", text)
    return text


def test_vote_by_qr_link_then_change_it(phone: Page, server_url: str, vote: Vote) -> None:
    page = phone
    code = vote.codes(1)[0]
    page.goto(f"{server_url}/stem?code={code}")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_label("Your stemcode")).to_have_value(code)
    _check(page)
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Your ballot")).to_be_visible()
    _check(page)
    page.get_by_label("Idee 2").check()
    page.get_by_label("Idee 4").check()
    page.get_by_role("button", name="Show my total").click()
    expect(page.locator(".ballot-total")).to_contain_text("€11,000 together")
    _check(page)
    page.get_by_label("Idee 1").check()
    page.get_by_label("Idee 3").check()
    # The running total follows at once (a little JavaScript), before any button is pressed.
    expect(page.locator(".ballot-total [data-when-over]")).to_be_visible()
    expect(page.locator(".ballot-total [data-when-fits]")).to_be_hidden()
    page.get_by_role("button", name="Check my choice").click()
    expect(page.get_by_role("alert")).to_contain_text("more than the budget")
    expect(page.get_by_label("Idee 2")).to_be_checked()  # the choices stay
    _check(page)
    page.get_by_label("Idee 1").uncheck()
    page.get_by_label("Idee 3").uncheck()
    page.get_by_role("button", name="Check my choice").click()

    expect(page.get_by_role("heading", name="Check your choice")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Thank you! Your vote is counted.")).to_be_visible()
    first = _receipt(page)
    _check(page)

    page.get_by_role("link", name="Change my vote").click()
    page.get_by_label("Your stemcode").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("You have voted already")).to_be_visible()
    expect(page.get_by_label("Idee 4")).to_be_checked()
    _check(page)
    page.get_by_label("Idee 2").uncheck()
    page.get_by_label("Idee 1").check()
    page.get_by_role("button", name="Check my choice").click()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your earlier vote no longer counts")).to_be_visible()
    second = _receipt(page)
    assert second != first

    db.session.expire_all()
    ballot = db.session.scalars(sa.select(Ballot)).one()
    assert ballot.choices == {str(vote.ids[0]): 1, str(vote.ids[3]): 1}
    assert ballot.receipt == second
    entry = db.session.scalars(sa.select(RollEntry)).one()
    roll_values = [str(getattr(entry, c.name)) for c in RollEntry.__table__.columns]
    assert ballot.id not in " ".join(roll_values)
    assert ballot.id.encode() not in (entry.pointer or b"")
    assert code not in " ".join(roll_values)


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_every_voting_page_is_accessible(
    phone: Page, server_url: str, vote: Vote, make_user: object, language: str
) -> None:
    page = phone
    code = vote.codes(1)[0]
    page.goto(f"{server_url}/stem")
    page.get_by_role("button", name=language).click()
    page.locator("#code").fill("2345-6789-ABCD")
    page.locator("#submit").click()
    expect(page.locator(".error-summary")).to_be_visible()
    _check(page)
    page.locator("#code").fill(code)
    page.locator("#submit").click()
    page.locator("button[value=review]").click()  # nothing chosen: an error
    expect(page.locator(".error-summary")).to_be_visible()
    _check(page)
    page.locator(f"#choice-{vote.ids[3]}").check()
    page.locator("button[value=review]").click()
    _check(page)
    page.locator("form[action$=uitbrengen] button").click()
    _check(page)
    page.goto(f"{server_url}/ronde/{vote.round.id}/stemmen/bonnetjes")
    _check(page)
    page.goto(f"{server_url}/ronde/{vote.round.id}")
    _check(page)

    admin = make_user(Role.ADMIN)  # type: ignore[operator]
    page.goto(f"{server_url}/inloggen")
    page.locator("#email").fill(admin.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.form [type=submit]").click()
    for part in ("instellen", "adressen", "opkomst", "nieuwe-brief"):
        page.goto(f"{server_url}/ronde/{vote.round.id}/stemmen/{part}")
        _check(page)
