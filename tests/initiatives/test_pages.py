"""Residents, the wijkondersteuner and the werkgroep through the real forms (CSRF on)."""

from __future__ import annotations

import io
import re
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from PIL import Image

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.initiatives.conftest import Setting
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.review import services as review
from wijkbudget.wijken.phases import Phase


def _form(setting: Setting, **changes: str) -> dict[str, object]:
    theme = db.session.execute(sa.text("SELECT id FROM themes ORDER BY position LIMIT 1")).scalar()
    data: dict[str, object] = {
        "title": "Bankjes langs het pad",
        "summary": "Vijf bankjes om uit te rusten.",
        "description": "Voor ouderen die wandelen.",
        "theme": str(theme),
        "location": "Pad naar Kardinge",
        "initiator_name": "Bea",
        "initiator_contact": "bea@example.org",
        "cost_lines-0-item": "5 bankjes",
        "cost_lines-0-amount": "3.300",
        "cost_lines-1-item": "Plaatsen",
        "cost_lines-1-amount": "600,50",
        "consent_to_publish": "y",
    }
    data.update(changes)
    return data


def _verdicts(prefix: str, criteria: list, verdict: str = "meets") -> dict[str, str]:  # type: ignore[type-arg]
    """A verdict per criterion, each row naming its criterion as the page's form does."""
    data = {}
    for i, criterion in enumerate(criteria):
        data[f"{prefix}-verdicts-{i}-criterion_id"] = str(criterion.id)
        data[f"{prefix}-verdicts-{i}-verdict"] = verdict
    return data


def _photo() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "PNG")
    out.seek(0)
    return out


def test_resident_saves_a_draft_then_sends_it_in_with_a_photo(
    client: FlaskClient, setting: Setting, mailbox: list[EmailMessage]
) -> None:
    login(client, setting.resident.email, PASSWORD)
    page = f"/ronde/{setting.round.id}/initiatief/nieuw"
    response = submit(client, page, {**_form(setting, summary=""), "save": "1"})
    assert response.status_code == 302
    initiative = db.session.scalars(sa.select(Initiative)).one()
    assert initiative.status is Status.DRAFT and initiative.amount_cents == 390_050

    edit = f"/initiatief/{initiative.id}/bewerken"
    data = {
        **_form(setting),
        "submit": "1",
        "photo": (_photo(), "bankje.png"),
        "photo_alt": "Een bankje",
    }
    response = submit(client, edit, data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert initiative.status is Status.SUBMITTED and initiative.photo is not None
    assert mailbox and "ontvangen" in mailbox[-1]["Subject"].lower()
    mine = text(client.get("/mijn-initiatieven"))
    assert "Bankjes langs het pad" in mine and "wijkondersteuner" in mine


def test_a_failed_submission_loses_nothing(client: FlaskClient, setting: Setting) -> None:
    login(client, setting.resident.email, PASSWORD)
    page = f"/ronde/{setting.round.id}/initiatief/nieuw"
    response = submit(client, page, {**_form(setting, consent_to_publish=""), "submit": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vink het vakje aan" in text(response) or "vakje" in text(response)
    assert 'value="Bankjes langs het pad"' in html and 'value="600,50"' in html
    # The draft was kept, and the form now posts to it: no second draft on the next try.
    initiative = db.session.scalars(sa.select(Initiative)).one()
    assert f'action="/initiatief/{initiative.id}/bewerken"' in html


def test_a_bad_amount_is_explained_next_to_its_line(client: FlaskClient, setting: Setting) -> None:
    login(client, setting.resident.email, PASSWORD)
    page = f"/ronde/{setting.round.id}/initiatief/nieuw"
    response = submit(
        client, page, {**_form(setting, **{"cost_lines-1-amount": "veel"}), "save": "1"}
    )
    assert 'id="cost_lines-1-amount-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_a_bad_photo_keeps_the_draft_and_says_why(client: FlaskClient, setting: Setting) -> None:
    login(client, setting.resident.email, PASSWORD)
    page = f"/ronde/{setting.round.id}/initiatief/nieuw"
    data = {**_form(setting), "save": "1", "photo": (io.BytesIO(b"not an image"), "x.jpg")}
    response = submit(client, page, data, content_type="multipart/form-data")
    assert "JPEG of PNG" in text(response)
    assert db.session.scalars(sa.select(Initiative)).one().title == "Bankjes langs het pad"


def test_drafts_and_hidden_ideas_are_not_public(
    app,
    client: FlaskClient,
    setting: Setting,
    submitted: Initiative,  # type: ignore[no-untyped-def]
) -> None:
    assert client.get(f"/initiatief/{submitted.id}").status_code == 404
    assert "Picknicktafels" not in text(client.get(f"/ronde/{setting.round.id}/initiatieven"))
    login(client, setting.resident.email, PASSWORD)
    assert client.get(f"/initiatief/{submitted.id}").status_code == 200  # the initiator sees it


def test_wijkondersteuner_publishes_from_the_queue(
    client: FlaskClient, setting: Setting, submitted: Initiative
) -> None:
    login(client, setting.moderator.email, PASSWORD)
    assert "Picknicktafels" in text(client.get(f"/ronde/{setting.round.id}/moderatie"))
    response = submit(client, f"/initiatief/{submitted.id}/moderatie", {"publish": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert submitted.status is Status.PUBLISHED
    page = text(client.get(f"/ronde/{setting.round.id}/initiatieven?q=picknick"))
    assert "Picknicktafels" in page


def test_hiding_needs_a_reason(
    client: FlaskClient, setting: Setting, submitted: Initiative
) -> None:
    login(client, setting.moderator.email, PASSWORD)
    response = submit(client, f"/initiatief/{submitted.id}/moderatie", {"hide": "1", "reason": ""})
    assert response.status_code == 200 and 'id="reason-error"' in response.get_data(as_text=True)


def test_others_cannot_moderate(
    client: FlaskClient, setting: Setting, submitted: Initiative
) -> None:
    login(client, setting.resident.email, PASSWORD)
    assert client.get(f"/ronde/{setting.round.id}/moderatie").status_code == 403
    assert client.get(f"/initiatief/{submitted.id}/moderatie").status_code == 403


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_werkgroep_reviews_and_decides_through_the_pages(
    client: FlaskClient,
    app,
    setting: Setting,
    published: Initiative,
    mailbox: list[EmailMessage],  # type: ignore[no-untyped-def]
) -> None:
    criteria = review.current_criteria(setting.round)
    verdicts = _verdicts("review", criteria)
    for reviewer in setting.reviewers:
        member = app.test_client()
        login(member, reviewer.email, PASSWORD)
        response = submit(
            member, f"/initiatief/{published.id}/beoordelen", {**verdicts, "review-submit": "1"}
        )
        assert response.status_code == 302, text(response)

    login(client, setting.reviewers[0].email, PASSWORD)
    page = f"/initiatief/{published.id}/besluit"
    decision = _verdicts("decision", criteria)
    decision.update({"decision-outcome": "admitted", "decision-submit": "1"})
    assert submit(client, page, decision).status_code == 302
    db.session.expire_all()
    assert published.status is Status.ADMITTED
    public = text(client.get(f"/initiatief/{published.id}"))
    assert "Goed voor de wijk" in public and "Toegelaten" in public
    assert "toegelaten" in mailbox[-1]["Subject"].lower()


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_a_missing_verdict_is_shown_at_its_criterion(
    client: FlaskClient, setting: Setting, published: Initiative
) -> None:
    login(client, setting.reviewers[0].email, PASSWORD)
    only_first = _verdicts("review", review.current_criteria(setting.round))
    del only_first["review-verdicts-1-verdict"]
    response = submit(
        client, f"/initiatief/{published.id}/beoordelen", {**only_first, "review-submit": "1"}
    )
    assert response.status_code == 200
    assert re.search(r'id="review-verdicts-1-verdict-error"', response.get_data(as_text=True))


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_declaring_a_conflict_removes_the_review_form(
    client: FlaskClient, setting: Setting, published: Initiative
) -> None:
    login(client, setting.reviewers[0].email, PASSWORD)
    page = f"/initiatief/{published.id}/beoordelen"
    submit(client, page, {"conflict-reason": "Mijn broer", "conflict-declare": "1"})
    assert (
        "belangenverstrengeling" in text(client.get(page)).lower()
        or "conflict" in text(client.get(page)).lower()
    )
    assert 'name="review-submit"' not in client.get(page).get_data(as_text=True)


def test_round_page_shows_criteria_and_the_send_in_button(
    client: FlaskClient, setting: Setting
) -> None:
    page = text(client.get(f"/ronde/{setting.round.id}"))
    assert "Goed voor de wijk" in page
    login(client, setting.resident.email, PASSWORD)
    html = client.get(f"/ronde/{setting.round.id}").get_data(as_text=True)
    assert f"/ronde/{setting.round.id}/initiatief/nieuw" in html
