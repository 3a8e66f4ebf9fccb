"""AVG: the purge command; and the files a project produces (calendar, export, photo)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask
from PIL import Image

from wijkbudget.audit.models import AuditEntry
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.projects import export, ics, photos, services, signups
from wijkbudget.projects.models import JoinWay, Project, Signup
from wijkbudget.wijken.phases import today_in_nl


def _sign(project: Project, number: int) -> Signup:
    return signups.sign_up(
        project,
        signups.SignupData(
            name=f"P{number}", way=JoinWay.TAKE_PART, email=f"p{number}@example.org"
        ),
        utcnow(),
    )


def test_purge_command_deletes_sign_ups_of_ended_projects_and_old_cancellations(
    app: Flask, make_project: Callable[..., Project]
) -> None:
    today = today_in_nl()
    ended = make_project(ends_on=today - timedelta(days=100))
    recent = make_project(ends_on=today - timedelta(days=10))
    running = make_project()
    for project in (ended, recent, running):
        _sign(project, project.id * 10)
    old_cancel = _sign(running, 999)
    signups.cancel(old_cancel, utcnow() - timedelta(days=200))
    fresh_cancel = _sign(running, 998)
    signups.cancel(fresh_cancel, utcnow())
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["privacy", "purge", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 sign-up(s)" in result.output
    db.session.expire_all()
    left = {(s.project_id, s.name) for s in db.session.scalars(sa.select(Signup))}
    assert (ended.id, f"P{ended.id * 10}") not in left
    assert (recent.id, f"P{recent.id * 10}") in left
    assert (running.id, "P999") not in left and (running.id, "P998") in left
    details = [
        e.details
        for e in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "signup.purge")
        )
    ]
    assert sorted(d["deleted"] for d in details) == [1, 1]
    assert "example.org" not in str(details)


def test_purge_uses_the_configured_retention(
    app: Flask, make_project: Callable[..., Project]
) -> None:
    project = make_project(ends_on=today_in_nl() - timedelta(days=20))
    _sign(project, 1)
    db.session.commit()
    app.config["SIGNUP_RETENTION_DAYS"] = 30
    assert "Deleted 0" in app.test_cli_runner().invoke(args=["privacy", "purge"]).output
    app.config["SIGNUP_RETENTION_DAYS"] = 7
    assert "Deleted 1" in app.test_cli_runner().invoke(args=["privacy", "purge"]).output


def test_ics_escapes_and_folds_long_lines(make_project: Callable[..., Project]) -> None:
    project = make_project(location="Trefpunt; Beijum")
    start = utcnow()
    activity = services.add_activity(
        None,
        project,
        title_nl="Ä" * 80,
        title_en="x",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    text = ics.calendar(project, [activity], title="T", url="http://x/p", host="x", now=start)
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)
    assert "LOCATION:Trefpunt\\; Beijum" in lines


def test_xlsx_is_a_valid_workbook_without_control_characters() -> None:
    data = export.to_xlsx([["Naam", "Bericht"], ["Jan & Piet", "a\x07b <c>"]], "x" * 40)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(
            archive.namelist()
        )
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "Jan &amp; Piet" in sheet and "ab &lt;c&gt;" in sheet
        assert 'name="' + "x" * 31 + '"' in archive.read("xl/workbook.xml").decode()


def test_photos_are_reencoded_without_camera_data() -> None:
    image = Image.new("RGB", (3000, 1500), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    raw = io.BytesIO()
    image.save(raw, "JPEG", exif=exif)
    cleaned = photos.clean_photo(raw.getvalue())
    with Image.open(io.BytesIO(cleaned)) as result:
        assert result.size == (1200, 600)
        assert not result.getexif()
    for bad in (b"", b"not an image", b"GIF89a" + b"0" * 100):
        try:
            photos.clean_photo(bad)
        except services.ProjectError as error:
            assert error.code == "bad_photo"
        else:  # pragma: no cover
            raise AssertionError("accepted a bad photo")


def test_project_page_serves_the_photo(
    client: object, make_project: Callable[..., Project]
) -> None:
    project = make_project(slug="met-foto")
    raw = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(raw, "PNG")
    services.set_photo(
        None, project, photos.clean_photo(raw.getvalue()), "Blauw vlak", "Blue square"
    )
    db.session.commit()
    page = client.get("/meedoen/met-foto").get_data(as_text=True)  # type: ignore[attr-defined]
    assert 'alt="Blauw vlak"' in page
    response = client.get("/meedoen/met-foto/foto.jpg")  # type: ignore[attr-defined]
    assert response.mimetype == "image/jpeg"


def test_ends_on_is_a_date(make_project: Callable[..., Project]) -> None:
    assert make_project(ends_on=date(2030, 1, 1)).ends_on == date(2030, 1, 1)
