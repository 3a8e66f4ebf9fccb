"""Joining a project, as residents and a coordinator do it: by role and label, axe on every page.

The journey runs in English (the Dutch texts of this feature arrive with the catalog merge);
every page is then checked again by axe in Dutch, and on a 320 px phone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible, assert_fits_the_screen
from tests.conftest import PASSWORD
from tests.mailserver import body
from tests.projects.conftest import project_data
from wijkbudget.auth.models import User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.profiles.demo import load_demo as load_figures
from wijkbudget.projects import services, signups
from wijkbudget.projects.models import Audience, JoinWay, Project, Signup, SignupStatus
from wijkbudget.wijken.models import Wijk

pytestmark = pytest.mark.browser

SEVEN = ("Vinkhuizen", "Selwerd", "De Hoogte", "Indische Buurt", "Beijum", "Lewenborg", "De Wijert")


@pytest.fixture
def programme(make_wijk: Callable[..., Wijk], make_user: Callable[..., User]) -> dict[str, Any]:
    wijken = {w.slug: w for w in (make_wijk(name) for name in SEVEN)}
    load_figures(wijken, utcnow().date())
    beweegt = services.create_project(
        None, project_data([wijken["beijum"]], slug="beijum-beweegt", capacity=20)
    )
    kinderraad = services.create_project(
        None,
        project_data(
            [wijken["de-wijert"]],
            slug="kinderraad-de-wijert",
            title_nl="Kinderraad De Wijert",
            title_en="Children's council De Wijert",
            audiences=[Audience.CHILDREN],
            join_ways=[JoinWay.THINK_ALONG],
            needs_guardian=True,
            min_age=8,
            max_age=12,
        ),
    )
    samen = services.create_project(
        None,
        project_data(
            [wijken["de-wijert"]],
            slug="samen-krachtig",
            title_nl="Samen Krachtig",
            title_en="Samen Krachtig",
            audiences=[Audience.OLDER],
            capacity=1,
        ),
    )
    first = signups.sign_up(
        samen,
        signups.SignupData(name="Greet", way=JoinWay.TAKE_PART, email="greet@example.org"),
        utcnow(),
    )
    coordinator = make_user(email="cora@example.org")
    services.add_coordinator(None, beweegt, coordinator.email)
    db.session.commit()
    return {"kinderraad": kinderraad, "samen": samen, "first": first, "coordinator": coordinator}


def _signups(project: Project) -> list[Signup]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Signup).where(Signup.project_id == project.id)))


def test_find_sign_up_export_child_waiting_list_and_move_up(
    page: Page,
    no_js_page: Page,
    phone_page: Page,
    server_url: str,
    live_mailbox: list[Any],
    programme: dict[str, Any],
) -> None:
    visited: list[str] = []

    def check(target: Page) -> None:
        assert_accessible(target)
        visited.append(target.url)

    # A resident finds Beijum Beweegt by filter.
    page.goto(server_url)
    page.get_by_role("button", name="English").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Join in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join in")
    check(page)
    page.get_by_label("Wijk").select_option(label="Beijum")
    page.get_by_label("For whom").select_option(label="Older residents")
    page.get_by_label("How do you want to join?").select_option(label="Help as a volunteer")
    page.get_by_role("button", name="Show projects").click()
    expect(page.get_by_role("heading", name="1 project")).to_be_visible()
    expect(page.get_by_role("link", name="Children's council De Wijert")).to_have_count(0)
    check(page)
    page.get_by_role("link", name="Beijum Moves").click()
    expect(page.get_by_role("heading", name="Beijum Moves", level=1)).to_be_visible()
    check(page)

    # … and signs up without an account.
    page.get_by_role("link", name="Join this project").click()
    check(page)
    page.get_by_role("button", name="Sign up").click()  # empty: every field explains itself
    expect(page.get_by_role("alert")).to_be_visible()
    check(page)
    page.get_by_label("Your name").fill("Fatima de Vries")
    page.get_by_label("E-mail address").fill("fatima@example.org")
    page.get_by_label("Help as a volunteer").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="You are signed up")).to_be_visible()
    check(page)

    # She gets the mail, with her own link to cancel.
    mail = next(m for m in live_mailbox if m["To"] == "fatima@example.org")
    assert "Beijum Moves" in mail["Subject"]
    link = re.search(r"http://\S+/meedoen/afmelden/\S+", body(mail))
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("button", name="Cancel my sign-up")).to_be_visible()
    check(page)

    # The coordinator sees and exports the sign-up.
    page.goto(server_url + "/inloggen")
    page.get_by_label("E-mail address").fill("cora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(server_url + "/meedoen/")
    page.get_by_role("link", name="Projects you manage").click()
    check(page)
    page.get_by_role("link", name="Sign-ups of Beijum Moves").click()
    expect(page.get_by_role("cell", name="Fatima de Vries")).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Fatima de Vries" in exported and "fatima@example.org" in exported
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Fatima de Vries").click()
    check(page)
    page.get_by_label("Status").select_option(label="Contacted")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")

    # A parent signs a child up for the Kinderraad (this browser runs no JavaScript).
    no_js_page.goto(server_url)
    no_js_page.get_by_role("button", name="English").click()
    no_js_page.goto(server_url + "/meedoen/kinderraad-de-wijert")
    no_js_page.get_by_role("link", name="Join this project").click()
    no_js_page.get_by_label("Name of the child").fill("Sara")
    no_js_page.get_by_label("Age of the child").fill("10")
    no_js_page.get_by_label("Name of the parent or guardian").fill("Mila")
    no_js_page.get_by_label("E-mail address").fill("mila@example.org")
    no_js_page.get_by_role("button", name="Sign up").click()
    expect(no_js_page.get_by_text("must give permission").first).to_be_visible()
    no_js_page.get_by_label("I am the parent or guardian").check()
    no_js_page.get_by_role("button", name="Sign up").click()
    expect(no_js_page.get_by_role("heading", name="You are signed up")).to_be_visible()
    (child,) = _signups(programme["kinderraad"])
    assert (child.name, child.guardian_name, child.guardian_consent) == ("Sara", "Mila", True)

    # A full project puts the next person on the waiting list (on a 320 px phone).
    phone_page.goto(server_url)
    phone_page.get_by_role("button", name="English").click()
    phone_page.goto(server_url + "/meedoen/samen-krachtig")
    expect(phone_page.get_by_text("This project is full")).to_be_visible()
    assert_fits_the_screen(phone_page)
    phone_page.get_by_role("link", name="Sign up for the waiting list").click()
    assert_fits_the_screen(phone_page)
    phone_page.get_by_label("Your name").fill("Jan Jansen")
    phone_page.get_by_label("E-mail address").fill("jan@example.org")
    phone_page.get_by_label("Take part").check()
    phone_page.get_by_role("button", name="Sign up for the waiting list").click()
    expect(phone_page.get_by_role("heading", name="You are on the waiting list")).to_be_visible()
    expect(phone_page.get_by_text("number 1 on the waiting list")).to_be_visible()
    check(phone_page)
    assert_fits_the_screen(phone_page)

    # A cancellation moves them up, and they get a mail.
    phone_page.goto(server_url + f"/meedoen/afmelden/{programme['first'].token}")
    phone_page.get_by_role("button", name="Cancel my sign-up").click()
    expect(phone_page.get_by_role("status")).to_contain_text("cancelled")
    statuses = {s.name: s.status for s in _signups(programme["samen"])}
    assert statuses == {"Greet": SignupStatus.CANCELLED, "Jan Jansen": SignupStatus.NEW}
    moved = [m for m in live_mailbox if m["To"] == "jan@example.org"]
    assert len(moved) == 2 and "place" in moved[-1]["Subject"]

    # Every page again in Dutch, axe on each, and the wijk profile with its figures.
    page.get_by_role("button", name="Nederlands").click()
    for url in [
        *visited,
        server_url + "/wijk/beijum",
        server_url + "/meedoen/beijum-beweegt/privacy",
    ]:
        if "/meedoen/afmelden/" in url and url.endswith(programme["first"].token):
            continue
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        assert_accessible(page)
    page.goto(server_url + "/wijk/beijum")
    minima = page.get_by_role("row", name=re.compile("^Minimahuishoudens"))
    expect(minima).to_contain_text("21%")
    expect(minima).to_contain_text("12%")
    expect(page.get_by_role("img", name=re.compile("Beijum"))).to_have_count(5)


@pytest.mark.parametrize("language", ["Nederlands", "English"])
def test_project_and_profile_pages_fit_a_phone(
    phone_page: Page, server_url: str, programme: dict[str, Any], language: str
) -> None:
    phone_page.goto(server_url)
    phone_page.get_by_role("button", name=language).click()
    for path in (
        "/meedoen/",
        "/meedoen/kinderraad-de-wijert",
        "/meedoen/kinderraad-de-wijert/aanmelden",
        "/meedoen/samen-krachtig/privacy",
        "/wijk/de-wijert",
        "/wijk/vinkhuizen",
    ):
        phone_page.goto(server_url + path)
        assert_accessible(phone_page)
        assert_fits_the_screen(phone_page)
