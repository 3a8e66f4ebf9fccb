"""Who can reach what: drafts, hidden ideas, the werkgroep's pages, old decisions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.initiatives.conftest import Setting, idea
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives import services
from wijkbudget.initiatives.models import Initiative, Status, Theme
from wijkbudget.review import services as review
from wijkbudget.review.models import Outcome, Verdict
from wijkbudget.wijken.phases import Phase


def _draft(setting: Setting) -> Initiative:
    draft = services.save_draft(
        setting.resident, setting.round, idea(setting), setting.day(Phase.SUBMISSION)
    )
    db.session.commit()
    return draft


def test_a_draft_is_seen_by_its_initiator_only(app: Flask, setting: Setting) -> None:
    draft = _draft(setting)
    for person in (setting.moderator, setting.reviewers[0]):
        client = app.test_client()
        login(client, person.email, PASSWORD)
        assert client.get(f"/initiatief/{draft.id}").status_code == 404
        not_theirs = 404 if person is setting.moderator else 403  # the werkgroep never moderates
        assert client.get(f"/initiatief/{draft.id}/moderatie").status_code == not_theirs
        assert client.get(f"/initiatief/{draft.id}/corrigeren").status_code == not_theirs
    owner = app.test_client()
    login(owner, setting.resident.email, PASSWORD)
    assert owner.get(f"/initiatief/{draft.id}").status_code == 200


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_the_werkgroep_pages_show_only_published_ideas(
    client: FlaskClient, setting: Setting, submitted: Initiative
) -> None:
    login(client, setting.reviewers[0].email, PASSWORD)
    for page in ("beoordelen", "besluit"):
        response = client.get(f"/initiatief/{submitted.id}/{page}")
        assert response.status_code == 404
        assert "Picknicktafels" not in text(response)


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_a_member_sees_the_others_verdicts_only_after_their_own(
    app: Flask, setting: Setting, published: Initiative
) -> None:
    first, second = setting.reviewers
    given = {
        c.id: review.VerdictData(Verdict.UNCLEAR, "Voor wie precies?")
        for c in review.current_criteria(setting.round)
    }
    review.submit_review(first, published, given, setting.day(Phase.REVIEW))
    db.session.commit()
    client = app.test_client()
    login(client, second.email, PASSWORD)
    assert "Voor wie precies?" not in text(client.get(f"/initiatief/{published.id}/beoordelen"))


def test_a_duplicate_only_points_to_a_public_idea(setting: Setting, submitted: Initiative) -> None:
    day = setting.day(Phase.SUBMISSION)
    services.hide(setting.moderator, submitted, day, "Persoonsgegevens")
    other = services.save_draft(setting.resident, setting.round, idea(setting, title="Ander"), day)
    services.submit(setting.resident, other, idea(setting, title="Ander"), day)
    with pytest.raises(FieldError) as caught:
        services.mark_duplicate(setting.moderator, other, submitted, day, "zelfde")
    assert caught.value.code == "bad_duplicate"


@pytest.mark.parametrize("round_phase", [Phase.VOTING])
def test_personal_data_can_be_hidden_during_voting(setting: Setting, published: Initiative) -> None:
    published.status = Status.ADMITTED
    services.hide(setting.moderator, published, setting.day(Phase.VOTING), "Adres van een buur")
    assert published.status is Status.HIDDEN


@pytest.mark.parametrize("round_phase", [Phase.REVIEW])
def test_an_old_decision_is_not_shown_for_a_new_version(
    client: FlaskClient, setting: Setting, published: Initiative
) -> None:
    day = setting.day(Phase.REVIEW)
    meets = {
        c.id: review.VerdictData(Verdict.MEETS) for c in review.current_criteria(setting.round)
    }
    for reviewer in setting.reviewers:
        review.submit_review(reviewer, published, meets, day)
    review.decide(
        setting.reviewers[0], published, Outcome.CHANGES_NEEDED, meets, day, changes="Offerte erbij"
    )
    services.submit(setting.resident, published, idea(setting), day)
    services.publish(setting.moderator, published, day)
    db.session.commit()
    assert review.latest_decision(published) is None
    assert "Offerte erbij" not in text(client.get(f"/initiatief/{published.id}"))


def test_themes_are_deduplicated_archived_when_used_and_audited(
    setting: Setting, submitted: Initiative
) -> None:
    wijk_id = setting.round.wijk_id
    used = submitted.theme
    assert used is not None
    services.set_themes(setting.moderator, wijk_id, ["Groen", "Groen", "Spelen"])
    db.session.commit()
    assert [t.name for t in services.themes_of_wijk(wijk_id)] == ["Groen", "Spelen"]
    kept = db.session.scalars(sa.select(Theme).where(Theme.wijk_id == wijk_id)).all()
    assert {t.name for t in kept} == {"Groen", "Spelen", used.name}  # in use: archived, kept
    with pytest.raises(FieldError):
        services.set_themes(None, wijk_id, ["x" * 81])


def test_a_correction_can_replace_the_photo(
    client: FlaskClient, setting: Setting, published: Initiative
) -> None:
    import io

    from PIL import Image

    login(client, setting.moderator.email, PASSWORD)
    photo = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(photo, "PNG")
    photo.seek(0)
    theme = published.theme_id
    data = {
        "title": published.title,
        "summary": published.summary,
        "description": published.description,
        "theme": str(theme),
        "initiator_name": "Bea",
        "initiator_contact": "bea@example.org",
        "cost_lines-0-item": "Tafels",
        "cost_lines-0-amount": "3.200",
        "consent_to_publish": "y",
        "reason": "Foto toegevoegd op verzoek",
        "submit": "1",
        "photo": (photo, "rood.png"),
        "photo_alt": "Een rood vlak",
    }
    response = submit(
        client, f"/initiatief/{published.id}/corrigeren", data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert published.photo is not None and published.photo.alt_text == "Een rood vlak"
