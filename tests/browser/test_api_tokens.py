"""An admin makes and revokes an API token; axe on every page, a phone, and no JavaScript.

Runs in English (the Dutch texts of this feature arrive with the catalog merge).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from wijkbudget.auth.models import Role, User

pytestmark = pytest.mark.browser


def _log_in(page: Page, server_url: str, user: User) -> None:
    page.goto(server_url + "/inloggen")
    page.get_by_role("button", name="English").click()
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_admin_makes_and_revokes_a_token(
    page: Page, phone_page: Page, server_url: str, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN)
    _log_in(page, server_url, admin)
    page.goto(server_url + "/beheer/api-tokens")
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make the token").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one thing")
    assert_accessible(page)

    page.get_by_label("Name").fill("Dashboard gemeente")
    page.get_by_label("Read the audit log").check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("wb_")
    expect(page.get_by_text("shown only this once")).to_be_visible()
    assert_accessible(page)

    page.goto(server_url + "/api/v1/audit")  # the browser sends no token: refused, in JSON
    assert "missing_token" in page.content()

    page.goto(server_url + "/beheer/api-tokens")
    assert secret not in page.content()
    page.get_by_role("link", name="Revoke Dashboard gemeente").click()
    assert_accessible(page)
    page.get_by_label("Reason (optional)").fill("Dashboard replaced")
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.get_by_role("cell", name="Revoked", exact=True)).to_be_visible()

    _log_in(phone_page, server_url, admin)
    phone_page.goto(server_url + "/beheer/api-tokens")
    assert_accessible(phone_page)
    assert_fits_the_screen(phone_page)


def test_making_a_token_needs_no_javascript(
    no_js_page: Page, server_url: str, make_user: Callable[..., User]
) -> None:
    _log_in(no_js_page, server_url, make_user(Role.ADMIN))
    no_js_page.goto(server_url + "/beheer/api-tokens")
    no_js_page.get_by_label("Name").fill("Dashboard")
    no_js_page.get_by_label("Read turnout").check()
    no_js_page.get_by_label("Valid until (optional)").fill("2999-12-31")
    no_js_page.get_by_role("button", name="Make the token").click()
    assert no_js_page.get_by_label("Token", exact=True).input_value().startswith("wb_")
    expect(no_js_page.get_by_role("cell", name="Active", exact=True)).to_be_visible()
