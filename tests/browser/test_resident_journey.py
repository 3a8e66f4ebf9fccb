"""A resident's first visit, as a person does it: by role and label, axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from tests.mailserver import body
from wijkbudget.auth.models import Role, User
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

pytestmark = pytest.mark.browser


@pytest.fixture
def beijum(make_wijk: Callable[..., Wijk], make_round: Callable[..., Round]) -> Wijk:
    wijk = make_wijk("Beijum", postcodes=["9735", "9736"])
    make_round(Phase.VOTING, wijk=wijk)
    make_round(Phase.SUBMISSION, wijk=make_wijk("De Wijert"))
    return wijk


def test_start_wijk_how_it_works_register_mail_login_and_switch_language(
    page: Page, server_url: str, live_mailbox: list[Any], beijum: Wijk
) -> None:
    page.goto(server_url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Beijum").click()
    expect(page.get_by_role("heading", name="Beijum", level=1)).to_be_visible()
    expect(page.get_by_text("€ 25.000").first).to_be_visible()
    expect(page.get_by_text("Stemmen").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Hoe werkt het?"
    ).click()
    expect(page.get_by_role("heading", name="De regels voor een idee")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Account maken").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Account maken").click()  # empty: every field explains itself
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uw naam").fill("Fatima de Vries")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_role("heading", name="Kijk in uw e-mail")).to_be_visible()
    assert_accessible(page)

    assert len(live_mailbox) == 1
    link = re.search(r"http://\S+", body(live_mailbox[0]))
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("status")).to_contain_text("bevestigd")
    assert_accessible(page)

    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("status")).to_contain_text("ingelogd")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", name="My account", level=1)).to_be_visible()
    assert_accessible(page)

    # The choice persists: the next page is English too.
    page.get_by_role("link", name="How does it work?").click()
    expect(page.get_by_role("heading", name="The rules for an idea")).to_be_visible()
    assert_accessible(page)


PUBLIC_PAGES = [
    "/",
    "/wijk/beijum",
    "/hoe-werkt-het",
    "/inloggen",
    "/registreren",
    "/wachtwoord-vergeten",
    "/bestaat-niet",
]


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_every_public_page_passes_axe_and_fits_a_phone(
    phone_page: Page, server_url: str, beijum: Wijk, language: str
) -> None:
    phone_page.goto(server_url)
    phone_page.get_by_role("button", name=language).click()
    for path in PUBLIC_PAGES:
        phone_page.goto(server_url + path)
        assert_accessible(phone_page)
        assert_fits_the_screen(phone_page)


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_admin_pages_pass_axe(
    page: Page,
    server_url: str,
    beijum: Wijk,
    make_user: Callable[..., User],
    language: str,
) -> None:
    admin = make_user(Role.ADMIN)
    page.goto(server_url + "/inloggen")
    page.get_by_role("button", name=language).click()
    page.get_by_label(re.compile("E-mail")).fill(admin.email)
    page.get_by_label(re.compile("Password|Wachtwoord")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Inloggen")).click()
    round_id = beijum.rounds[0].id
    for path in [
        "/beheer/",
        "/beheer/wijken/nieuw",
        f"/beheer/wijken/{beijum.id}",
        f"/beheer/wijken/{beijum.id}/rondes/nieuw",
        f"/beheer/rondes/{round_id}",
        "/beheer/gebruikers",
        f"/beheer/gebruikers/{admin.id}",
        "/beheer/logboek",
        "/account",
    ]:
        response = page.goto(server_url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    # A form with errors is accessible too.
    page.goto(server_url + f"/beheer/wijken/{beijum.id}/rondes/nieuw")
    page.get_by_role("button", name=re.compile("Opslaan|Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_everything_works_without_javascript(
    no_js_page: Page, server_url: str, live_mailbox: list[Any], beijum: Wijk
) -> None:
    page = no_js_page
    page.goto(server_url + "/registreren")
    page.get_by_label("Uw naam").fill("Jan Zonder Script")
    page.get_by_label("E-mailadres").fill("jan@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    link = re.search(r"http://\S+", body(live_mailbox[0]))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_label("E-mailadres").fill("jan@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_the_accessibility_gate_catches_violations(page: Page) -> None:
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError) as caught:
        assert_accessible(page)
    assert "image-alt" in str(caught.value) and "label" in str(caught.value)


def test_pages_work_under_the_real_content_security_policy(
    browser: Browser, server_url: str, beijum: Wijk
) -> None:
    """The other browser tests let axe in by bypassing the CSP; this one keeps it on."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/wijk/beijum", "/hoe-werkt-het", "/inloggen", "/registreren", "/meedoen"):
        page.goto(server_url + path)
        # The stylesheet applied: the header has its blue background.
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert background == "rgb(21, 66, 115)", path
    context.close()
    assert refused == []
