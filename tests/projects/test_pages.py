"""The project pages through the real forms (CSRF on), as a resident and as a manager."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.mailserver import body
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.projects import services
from wijkbudget.projects.models import Audience, JoinWay, Project, Signup, SignupStatus
from wijkbudget.wijken.models import Wijk


def test_listing_filters_by_wijk_line_audience_and_way(
    client: FlaskClient, make_wijk: Callable[..., Wijk], make_project: Callable[..., Project]
) -> None:
    beijum, wijert = make_wijk("Beijum"), make_wijk("De Wijert")
    make_project(beijum, slug="beijum-beweegt", title_nl="Beijum Beweegt")
    make_project(
        wijert,
        slug="kinderraad",
        title_nl="Kinderraad",
        audiences=[Audience.CHILDREN],
        join_ways=[JoinWay.THINK_ALONG],
    )
    page = text(client.get("/meedoen/"))
    assert "Beijum Beweegt" in page and "Kinderraad" in page
    page = text(client.get("/meedoen/?wijk=beijum&voor=older&manier=volunteer"))
    assert "Beijum Beweegt" in page and "Kinderraad" not in page
    page = text(client.get("/meedoen/?voor=children&manier=think-along"))
    assert "Kinderraad" in page and "Beijum Beweegt" not in page
    assert client.get("/meedoen/?lijn=nonsense&voor=x").status_code == 200


def test_the_wijk_page_shows_its_projects(
    client: FlaskClient, make_wijk: Callable[..., Wijk], make_project: Callable[..., Project]
) -> None:
    beijum = make_wijk("Beijum")
    make_project(beijum, title_nl="Beijum Beweegt")
    assert "Beijum Beweegt" in text(client.get("/wijk/beijum"))


def test_sign_up_without_account_mails_a_link_to_cancel_and_forget(
    app: Flask, client: FlaskClient, make_project: Callable[..., Project], mailbox: list[Any]
) -> None:
    project = make_project(slug="beijum-beweegt")
    page = text(client.get("/meedoen/beijum-beweegt"))
    assert "Beijum Beweegt" in page and "Trefpunt" in page

    response = submit(client, "/meedoen/beijum-beweegt/aanmelden", {"name": "", "way": "take-part"})
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert not mailbox

    response = submit(
        client,
        "/meedoen/beijum-beweegt/aanmelden",
        {"name": "Fatima", "email": "fatima@example.org", "way": "volunteer", "message": "Hoi"},
    )
    assert response.status_code == 302
    assert len(mailbox) == 1 and mailbox[0]["To"] == "fatima@example.org"
    link = re.search(r"http://\S+/meedoen/afmelden/\S+", body(mailbox[0]))
    assert link is not None
    assert "fatima@example.org" in text(client.get(response.headers["Location"]))

    # The same address again: recognised, and the owner gets their link once more.
    response = submit(
        client,
        "/meedoen/beijum-beweegt/aanmelden",
        {"name": "Fatima", "email": "FATIMA@example.org", "way": "take-part"},
    )
    assert response.status_code == 200 and "aria-invalid" in response.get_data(as_text=True)
    assert len(mailbox) == 2
    db.session.expire_all()
    assert len(project.signups) == 1

    path = link.group(0).removeprefix(app.config["PUBLIC_URL"])  # mail links use PUBLIC_URL
    response = submit(client, path, {"forget-forget": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 0
    assert client.get(path).status_code == 404


def test_a_parent_signs_a_child_up_with_consent(
    client: FlaskClient, make_project: Callable[..., Project], mailbox: list[Any]
) -> None:
    make_project(
        slug="kinderraad",
        needs_guardian=True,
        min_age=8,
        max_age=12,
        audiences=[Audience.CHILDREN],
        join_ways=[JoinWay.THINK_ALONG],
    )
    form = {"name": "Sara", "child_age": "10", "guardian_name": "Mila", "email": "mila@example.org"}
    response = submit(client, "/meedoen/kinderraad/aanmelden", form)
    assert response.status_code == 200  # no consent yet
    assert "guardian_consent-error" in response.get_data(as_text=True)
    response = submit(client, "/meedoen/kinderraad/aanmelden", {**form, "guardian_consent": "y"})
    assert response.status_code == 302
    signup = db.session.scalar(sa.select(Signup))
    assert signup is not None
    assert (signup.name, signup.guardian_name, signup.guardian_consent, signup.way) == (
        "Sara",
        "Mila",
        True,
        JoinWay.THINK_ALONG,
    )
    assert "Mila" in body(mailbox[0]) and "Sara" in body(mailbox[0])


def test_full_project_waiting_list_and_cancel_moves_the_next_up(
    client: FlaskClient, make_project: Callable[..., Project], mailbox: list[Any]
) -> None:
    make_project(slug="vol", capacity=1)
    submit(
        client,
        "/meedoen/vol/aanmelden",
        {"name": "A", "email": "a@example.org", "way": "take-part"},
    )
    assert "wachtlijst" in text(client.get("/meedoen/vol"))
    response = submit(
        client,
        "/meedoen/vol/aanmelden",
        {"name": "B", "email": "b@example.org", "way": "take-part"},
    )
    assert "nummer 1" in text(client.get(response.headers["Location"]))
    first_link = re.search(r"/meedoen/afmelden/\S+", body(mailbox[0]))
    assert first_link is not None
    submit(client, first_link.group(0), {"cancel-submit": "1"})
    assert mailbox[-1]["To"] == "b@example.org"
    assert "plek vrij" in body(mailbox[-1])
    statuses = dict(
        (row[0], row[1]) for row in db.session.execute(sa.select(Signup.name, Signup.status))
    )
    assert statuses == {"A": SignupStatus.CANCELLED, "B": SignupStatus.NEW}


def test_calendar_file_and_privacy_statement(
    client: FlaskClient, make_project: Callable[..., Project]
) -> None:
    project = make_project(slug="agenda")
    start = utcnow() + timedelta(days=3)
    services.add_activity(
        None,
        project,
        title_nl="Samen, bewegen",
        title_en="Moving",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    db.session.commit()
    response = client.get("/meedoen/agenda/agenda.ics")
    assert response.mimetype == "text/calendar"
    calendar = response.get_data(as_text=True)
    assert calendar.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Samen\\, bewegen" in calendar
    assert all(len(line.encode()) <= 75 for line in calendar.split("\r\n"))
    assert "uit te nodigen" in text(client.get("/meedoen/agenda/privacy"))


def _manager(client: FlaskClient, make_user: Callable[..., User], *args: Any) -> User:
    user = make_user(*args)
    login(client, user.email, PASSWORD)
    return user


def test_admin_creates_and_edits_a_project_through_the_form(
    client: FlaskClient, make_user: Callable[..., User], make_wijk: Callable[..., Wijk]
) -> None:
    wijk = make_wijk("Beijum")
    _manager(client, make_user, Role.ADMIN)
    form = {
        "title_nl": "De Werkbeij",
        "title_en": "De Werkbeij",
        "slug": "de-werkbeij",
        "wijken": str(wijk.id),
        "programme_line": "wonen",
        "summary_nl": "Energie besparen.",
        "summary_en": "Save energy.",
        "description_nl": "Vrijwilligers helpen.",
        "description_en": "Volunteers help.",
        "organisation": "De Werkbeij",
        "audiences": "everyone",
        "join_ways": ["take-part", "volunteer"],
        "capacity": "",
        "signup_open": "y",
        "privacy_nl": "Alleen voor contact.",
        "privacy_en": "Only for contact.",
    }
    assert submit(client, "/meedoen/beheer/nieuw", {**form, "join_ways": []}).status_code == 200
    response = submit(client, "/meedoen/beheer/nieuw", form)
    assert response.status_code == 302, text(response)
    project = services.project_by_slug("de-werkbeij")
    assert project is not None and project.join_ways == [JoinWay.TAKE_PART, JoinWay.VOLUNTEER]
    edit = f"/meedoen/beheer/{project.id}"
    response = submit(client, edit, {**form, "capacity": "10", "reason": "meer plek"})
    assert response.status_code == 302
    db.session.expire_all()
    assert project.capacity == 10
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"project.create", "project.update"} <= actions


def test_coordinator_sees_updates_exports_and_mails_sign_ups(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    make_project: Callable[..., Project],
    mailbox: list[Any],
) -> None:
    project = make_project(slug="beweeg", capacity=1)
    coordinator = make_user(email="cora@example.org")
    outsider = make_user()
    services.add_coordinator(None, project, coordinator.email)
    db.session.commit()
    submit(
        client,
        "/meedoen/beweeg/aanmelden",
        {"name": "Henk", "phone": "06 12345678", "way": "take-part"},
    )
    submit(
        client,
        "/meedoen/beweeg/aanmelden",
        {"name": "=Jan", "email": "jan@example.org", "way": "volunteer"},
    )

    other = app.test_client()
    login(other, outsider.email, PASSWORD)
    assert other.get(f"/meedoen/beheer/{project.id}/aanmeldingen").status_code == 403
    assert other.get(f"/meedoen/beheer/{project.id}/aanmeldingen.csv").status_code == 403

    login(client, coordinator.email, PASSWORD)
    page = text(client.get(f"/meedoen/beheer/{project.id}/aanmeldingen"))
    assert "Henk" in page and "=Jan" in page and "1 van de 1 plaatsen zijn bezet" in page

    exported = client.get(f"/meedoen/beheer/{project.id}/aanmeldingen.csv")
    assert exported.headers["Cache-Control"] == "no-store"
    rows = list(
        csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[1][3] == "Henk" and rows[2][3] == "'=Jan"  # no formula injection
    workbook = client.get(f"/meedoen/beheer/{project.id}/aanmeldingen.xlsx")
    with zipfile.ZipFile(io.BytesIO(workbook.data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "Henk" in sheet and "jan@example.org" in sheet

    henk = db.session.scalar(sa.select(Signup).where(Signup.name == "Henk"))
    assert henk is not None
    response = submit(
        client,
        f"/meedoen/beheer/aanmelding/{henk.id}",
        {"status": "cancelled", "note": "Kan niet meer"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    jan = db.session.scalar(sa.select(Signup).where(Signup.email == "jan@example.org"))
    assert jan is not None and jan.status is SignupStatus.NEW
    assert mailbox[-1]["To"] == "jan@example.org"

    before = len(mailbox)
    response = submit(
        client,
        f"/meedoen/beheer/{project.id}/mail",
        {
            "recipients": ["new", "contacted", "joined"],
            "subject": "Eerste keer",
            "body": "Tot dinsdag!",
        },
    )
    assert response.status_code == 302
    assert len(mailbox) == before + 1 and "Tot dinsdag!" in body(mailbox[-1])
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"signup.export", "signup.status", "signup.mail", "signup.moved_up"} <= actions


def test_manager_adds_an_activity_and_a_coordinator(
    client: FlaskClient,
    make_user: Callable[..., User],
    make_wijk: Callable[..., Wijk],
    make_project: Callable[..., Project],
) -> None:
    wijk = make_wijk()
    project = make_project(wijk)
    future = make_user(email="nieuw@example.org")
    _manager(client, make_user, Role.WIJKONDERSTEUNER, wijk)
    page = f"/meedoen/beheer/{project.id}/activiteiten"
    response = submit(
        client,
        page,
        {
            "activity-title_nl": "Kennismaking",
            "activity-title_en": "Introduction",
            "activity-starts_at": "2031-03-04T10:00",
            "activity-ends_at": "2031-03-04T09:00",
            "activity-submit": "1",
        },
    )
    assert "na het begin" in text(response)
    response = submit(
        client,
        page,
        {
            "activity-title_nl": "Kennismaking",
            "activity-title_en": "Introduction",
            "activity-starts_at": "2031-03-04T10:00",
            "activity-ends_at": "2031-03-04T11:30",
            "activity-submit": "1",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [a.starts_at.hour for a in project.activities] == [9]  # 10:00 Dutch time is 9:00 UTC

    response = submit(
        client,
        f"/meedoen/beheer/{project.id}/coordinatoren",
        {"coordinator-email": future.email, "coordinator-submit": "1"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert future.has_role(Role.COORDINATOR) and project.coordinators == [future]


def test_a_resident_cannot_open_management(
    client: FlaskClient, make_user: Callable[..., User], make_project: Callable[..., Project]
) -> None:
    project = make_project()
    assert client.get("/meedoen/beheer/").status_code == 302  # to the login page
    _manager(client, make_user)
    assert client.get("/meedoen/beheer/").status_code == 403
    assert client.get(f"/meedoen/beheer/{project.id}").status_code == 403
