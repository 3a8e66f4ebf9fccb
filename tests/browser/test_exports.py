"""The gemeente opens the export pages, in Dutch and English, and downloads a spreadsheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from tests.exports.conftest import Scenario, closed, dutch_exports, published
from tests.exports.helpers import by_header, xlsx_rows
from wijkbudget.auth.models import Role, User

__all__ = ["closed", "dutch_exports", "published"]  # fixtures shared with tests/exports
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("dutch_exports")]


def _check(page: Page) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert_fits_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_gemeente_downloads_the_ideas_spreadsheet(
    page: Page,
    server_url: str,
    published: Scenario,
    make_user: Callable[..., User],
    tmp_path: Path,
) -> None:
    email = make_user(Role.GEMEENTE).email
    page.goto(server_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()

    page.goto(f"{server_url}/ronde/{published.round.id}/exporteren")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports van Wijkbudget Beijum 2026")
    _check(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ideeën als spreadsheet (XLSX)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "initiatieven-beijum-2026.xlsx"
    rows = by_header(xlsx_rows(saved.read_bytes()))
    playground = next(r for r in rows if r["Titel"] == "Speeltuin Beijum")
    assert playground["Status"] == "Toegelaten tot de stemming"

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports of Wijkbudget Beijum 2026")
    _check(page)
    expect(page.get_by_role("link", name="Results as a spreadsheet (XLSX)")).to_be_visible()

    page.goto(f"{server_url}/exporteren")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports of all wijken")
    _check(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports van alle wijken")
    _check(page)
