"""Issue 5's whole loop, as the people do it, each in their own browser, axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.initiatives.conftest import Setting, published, round_phase, setting, submitted
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.review import services as review
from wijkbudget.wijken.phases import Phase, today_in_nl

__all__ = [
    "published",
    "round_phase",
    "setting",
    "submitted",
]  # fixtures shared with tests/initiatives
pytestmark = pytest.mark.browser


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "bankje.png"
    Image.new("RGB", (800, 600), "orange").save(path, "PNG")
    return path


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def _review_all(page: Page, server_url: str, setting: Setting, title: str) -> None:
    _visit(page, f"{server_url}/ronde/{setting.round.id}/werkgroep")
    page.get_by_role("link", name=title, exact=True).click()
    assert_accessible(page)
    for criterion in review.current_criteria(setting.round):
        group = page.get_by_role("group", name=re.compile(re.escape(criterion.text)))
        group.get_by_label("Voldoet", exact=True).check()
    page.get_by_role("button", name="Mijn beoordeling opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    assert_accessible(page)


def _moderator_publishes(page: Page, server_url: str, setting: Setting, title: str) -> None:
    _visit(page, f"{server_url}/ronde/{setting.round.id}")
    page.get_by_role("link", name="Moderatie").click()
    assert_accessible(page)
    page.get_by_role("link", name=title, exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_contain_text("gepubliceerd")


def test_submit_publish_review_change_resubmit_admit(
    person: Callable[[str], Page], page: Page, server_url: str, setting: Setting, tmp_path: Path
) -> None:
    title = "Bankjes langs het wandelpad"
    resident = person(setting.resident.email)
    _visit(resident, f"{server_url}/ronde/{setting.round.id}")
    resident.get_by_role("link", name="Een idee insturen").click()
    assert_accessible(resident)
    resident.get_by_label("Naam van uw idee").fill(title)
    resident.get_by_label("Uw idee in een of twee zinnen").fill(
        "Vijf bankjes om even uit te rusten."
    )
    resident.get_by_label("Vertel meer over uw idee").fill("Voor ouderen die **graag** wandelen.")
    resident.get_by_label("Thema").select_option(label="Wonen")
    resident.get_by_label("Wat, regel 1").fill("5 bankjes")
    resident.get_by_label("Bedrag in euro, regel 1").fill("3.300")
    resident.get_by_label("Wat, regel 2").fill("Plaatsen")
    resident.get_by_label("Bedrag in euro, regel 2").fill("600")
    resident.get_by_label("Foto (niet verplicht)").set_input_files(_photo(tmp_path))
    resident.get_by_label("Wat staat er op de foto?").fill("Een oranje bankje")
    resident.get_by_label(re.compile("Ik vind het goed")).check()
    resident.get_by_role("button", name="Insturen").click()
    expect(resident.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(resident.get_by_role("img", name="Een oranje bankje")).to_be_visible()
    assert_accessible(resident)

    moderator = person(setting.moderator.email)
    _moderator_publishes(moderator, server_url, setting, title)

    # Time passes: the round moves on to the werkgroep's check.
    for key, value in dates_for(Phase.REVIEW, today_in_nl()).__dict__.items():
        setattr(setting.round, key, value)
    db.session.commit()

    first, second = (person(r.email) for r in setting.reviewers)
    for reviewer in (first, second):
        _review_all(reviewer, server_url, setting, title)

    first.get_by_role("link", name=title, exact=True).click()  # from the werkgroep's overview
    first.get_by_role("link", name="Het besluit nemen").click()
    assert_accessible(first)
    first.get_by_role("group", name="Besluit").get_by_label("Aanpassing nodig").check()
    first.get_by_label("Wat moet er anders?").fill("Noem de plek van elk bankje.")
    first.get_by_role("button", name="Het besluit nemen").click()
    expect(first.get_by_role("status")).to_contain_text("besluit")

    _visit(resident, f"{server_url}/mijn-initiatieven")
    resident.get_by_role("link", name=title, exact=True).click()
    expect(resident.get_by_text("Noem de plek van elk bankje.").first).to_be_visible()
    assert_accessible(resident)
    resident.get_by_role("link", name="Pas uw idee aan").first.click()
    assert_accessible(resident)
    resident.get_by_label("Plek in de wijk (niet verplicht)").fill(
        "Langs het pad naar Kardinge, bij nummer 1 t/m 5"
    )
    resident.get_by_role("button", name="Insturen").click()
    expect(resident.get_by_role("status")).to_contain_text("ingestuurd")

    _moderator_publishes(moderator, server_url, setting, title)
    for reviewer in (first, second):
        _review_all(reviewer, server_url, setting, title)
    second.get_by_role("link", name=title, exact=True).click()
    second.get_by_role("link", name="Het besluit nemen").click()
    second.get_by_role("group", name="Besluit").get_by_label("Toegelaten tot de stemming").check()
    second.get_by_role("button", name="Het besluit nemen").click()
    expect(second.get_by_role("status")).to_contain_text("besluit")

    # Anyone can read the decision and the verdict per criterion, in Dutch and in English.
    initiative_url = second.url
    _visit(page, initiative_url)
    expect(page.get_by_text("Toegelaten tot de stemming").first).to_be_visible()
    verdicts = page.get_by_role("table", name="Oordeel per criterium")
    expect(verdicts.get_by_role("row")).to_have_count(
        1 + len(review.current_criteria(setting.round))
    )
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("table", name="Verdict per criterion")).to_be_visible()
    assert_accessible(page)
    for path in (f"/ronde/{setting.round.id}", f"/ronde/{setting.round.id}/initiatieven"):
        _visit(page, server_url + path)


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_every_initiative_page_passes_axe_in_both_languages(
    person: Callable[[str], Page],
    server_url: str,
    setting: Setting,
    published: object,
    language: str,
) -> None:
    moderator = person(setting.moderator.email)
    moderator.get_by_role("button", name=language).click()
    round_id = setting.round.id
    initiative_id = published.id  # type: ignore[attr-defined]
    for path in (
        f"/ronde/{round_id}",
        f"/ronde/{round_id}/initiatieven",
        f"/initiatief/{initiative_id}",
        f"/ronde/{round_id}/moderatie",
        f"/initiatief/{initiative_id}/moderatie",
        f"/initiatief/{initiative_id}/corrigeren",
        f"/ronde/{round_id}/namens-bewoner",
    ):
        _visit(moderator, server_url + path)
    resident = person(setting.resident.email)
    resident.get_by_role("button", name=language).click()
    for path in (f"/ronde/{round_id}/initiatief/nieuw", "/mijn-initiatieven"):
        _visit(resident, server_url + path)
    werkgroep = person(setting.reviewers[0].email)
    werkgroep.get_by_role("button", name=language).click()
    _visit(werkgroep, server_url + f"/ronde/{round_id}/criteria")
