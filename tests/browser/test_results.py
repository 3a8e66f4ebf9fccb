"""Issue 8 in the browser: an admin counts a closed round, publishes it, the results page
explains each idea, and the results pack downloaded from it recounts to what the page shows.

The journey runs in English by role and label (the Dutch texts arrive with the catalog merge);
axe checks every results page in both languages, at phone width.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from tests.results.conftest import Closed, closed, make_closed
from wijkbudget.auth.models import Role, User
from wijkbudget.counting.pabulib import read_election
from wijkbudget.counting.rules import count

__all__ = ["closed", "make_closed"]  # fixtures shared with tests/results
pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_the_screen(page)


def _log_in(page: Page, server_url: str, user: User) -> None:
    page.goto(f"{server_url}/inloggen")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.form [type=submit]").click()


def _recount_from_the_pack(page: Page, folder: Path) -> list[str]:
    """Download the results pack from the page and recount its ballots with its own rule, as
    anyone could: the titles of the funded ideas, in the order they were chosen."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the results pack (zip)").click()
    zip_path = folder / "pack.zip"
    download_info.value.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    outcome = json.loads((folder / "outcome.json").read_text(encoding="utf-8"))
    recounted = count(read_election(folder / "ballots.pb"), outcome["rule"])
    titles = {item["project_id"]: item["title"] for item in outcome["initiatives"]}
    return [titles[project] for project in recounted.selected]


def test_count_publish_explain_and_recount_from_the_pack(
    phone_page: Page,
    server_url: str,
    closed: Closed,
    make_user: Callable[..., User],
    tmp_path: Path,
) -> None:
    page = phone_page
    page.goto(f"{server_url}/ronde/{closed.round.id}/uitslag")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("The results are not published yet.")).to_be_visible()
    _check(page)

    _log_in(page, server_url, make_user(Role.ADMIN))
    page.goto(f"{server_url}/ronde/{closed.round.id}")
    page.get_by_role("link", name="Count and publish the results").click()
    _check(page)
    page.get_by_role("button", name="Count the votes").click()
    expect(page.get_by_text("The votes are counted.")).to_be_visible()
    expect(page.get_by_role("heading", name="What other rules would have given")).to_be_visible()
    _check(page)
    page.get_by_label("I checked the outcome.").check()
    page.get_by_role("button", name="Publish the results").click()

    expect(page.get_by_role("heading", name=f"Results of {closed.round.title}")).to_be_visible()
    expect(page.get_by_text("The results are published.")).to_be_visible()
    _check(page)
    explanations = page.locator(".explanations li")
    expect(explanations).to_have_count(4)
    for index in range(4):
        expect(explanations.nth(index)).to_contain_text("This idea got")
    expect(page.locator(".explanations")).to_contain_text(
        "There was €4,000 left, and the idea costs €8,000: it did not fit any more."
    )
    funded_on_page = page.locator("table").first.locator("tbody th").all_inner_texts()
    assert funded_on_page == [closed.title(2), closed.title(3), closed.title(0)]
    # The charts have a text alternative.
    expect(page.locator("svg#votes-chart desc")).to_contain_text("The table below")

    assert _recount_from_the_pack(page, tmp_path) == funded_on_page


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_every_results_page_is_accessible(
    phone_page: Page,
    server_url: str,
    make_closed: Callable[..., Closed],
    make_user: Callable[..., User],
    language: str,
) -> None:
    from tests.results.conftest import now
    from tests.results.test_pack import MES_BALLOTS
    from wijkbudget.extensions import db
    from wijkbudget.results import services
    from wijkbudget.voting.models import BallotType

    closed = make_closed(MES_BALLOTS, rule="equalshares", ballot_type=BallotType.APPROVAL)
    services.count_round(None, closed.round, now())
    services.publish(None, closed.round, now())
    db.session.commit()
    page = phone_page
    page.goto(f"{server_url}/ronde/{closed.round.id}/uitslag")
    page.get_by_role("button", name=language).click()
    page.locator("details summary").click()  # the count, step by step
    _check(page)
    _log_in(page, server_url, make_user(Role.ADMIN))
    page.goto(f"{server_url}/ronde/{closed.round.id}/uitslag/beheer")
    _check(page)
    page.goto(f"{server_url}/beheer/uitslag/importeren")
    _check(page)


def test_the_demo_round_that_closed_is_counted_published_and_recounted(
    page: Page, server_url: str, app: object, tmp_path: Path
) -> None:
    """The demo as a newcomer gets it: Lewenborg's vote has closed; the admin counts it."""
    from wijkbudget import demo
    from wijkbudget.extensions import db
    from wijkbudget.initiatives import services as initiative_services
    from wijkbudget.wijken.models import Wijk
    from wijkbudget.wijken.phases import Phase, today_in_nl

    logins = demo.load(today_in_nl())
    db.session.commit()
    lewenborg = db.session.scalars(db.select(Wijk).where(Wijk.slug == "lewenborg")).one()
    [round_] = [r for r in lewenborg.rounds if r.phase_on(today_in_nl()) is Phase.COUNTING]
    page.goto(f"{server_url}/inloggen")
    page.locator("#email").fill("admin@demo.wijkbudget.nl")
    page.locator("#password").fill(logins["admin@demo.wijkbudget.nl"])
    page.locator("form.form [type=submit]").click()
    page.goto(f"{server_url}/ronde/{round_.id}")
    page.get_by_role("button", name="English").click()  # the demo accounts read Dutch
    page.get_by_role("link", name="Count and publish the results").click()
    page.get_by_role("button", name="Count the votes").click()
    expect(page.get_by_text("The votes are counted.")).to_be_visible()
    page.get_by_label("I checked the outcome.").check()
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("The results are published.")).to_be_visible()
    assert_accessible(page)
    on_ballot = len(initiative_services.admitted(round_))
    explanations = page.locator(".explanations li")
    expect(explanations).to_have_count(on_ballot)  # every idea on the ballot is explained
    for index in range(on_ballot):
        expect(explanations.nth(index)).to_contain_text("This idea got")
    funded_on_page = page.locator("table").first.locator("tbody th").all_inner_texts()
    assert funded_on_page

    assert _recount_from_the_pack(page, tmp_path) == funded_on_page
