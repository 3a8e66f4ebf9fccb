from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from tests.initiatives.conftest import Setting, idea
from wijkbudget.audit.models import AuditEntry
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives import services
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.wijken.phases import Phase


def _actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_draft_may_be_incomplete_but_submitting_checks_everything(setting: Setting) -> None:
    day = setting.day(Phase.SUBMISSION)
    half = idea(setting, summary="", cost_lines=[])
    draft = services.save_draft(setting.resident, setting.round, half, day)
    assert draft.status is Status.DRAFT and draft.title == "Picknicktafels bij de vijver"
    with pytest.raises(FieldError) as caught:
        services.submit(setting.resident, draft, half, day)
    assert caught.value.field == "summary"
    assert draft.status is Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"cost_lines": []}, "cost_lines", "no_costs"),
        ({"cost_lines": [("Alles", 1_000_001)]}, "cost_lines", "over_maximum"),
        ({"consent_to_publish": False}, "consent_to_publish", "consent_needed"),
        ({"theme_id": None}, "theme", "required"),
        ({"initiator_contact": " "}, "initiator_contact", "required"),
    ],
)
def test_submission_refuses_what_is_missing(
    setting: Setting, changes: dict[str, object], field: str, code: str
) -> None:
    day = setting.day(Phase.SUBMISSION)
    data = idea(setting, **changes)
    draft = services.save_draft(setting.resident, setting.round, data, day)
    with pytest.raises(FieldError) as caught:
        services.submit(setting.resident, draft, data, day)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_the_amount_is_the_sum_of_the_cost_lines(submitted: Initiative) -> None:
    assert submitted.amount_cents == 320_000
    assert [line.item for line in submitted.cost_lines] == ["Tafels", "Plaatsen"]
    assert submitted.version == 1
    assert submitted.versions[0].content["amount_cents"] == 320_000


def test_nobody_submits_outside_the_submission_phase(setting: Setting) -> None:
    with pytest.raises(services.InitiativeError):
        services.save_draft(
            setting.resident, setting.round, idea(setting), setting.day(Phase.REVIEW)
        )


def test_after_submitting_the_initiator_cannot_edit(
    setting: Setting, submitted: Initiative
) -> None:
    with pytest.raises(services.InitiativeError):
        services.save_draft(
            setting.resident, setting.round, idea(setting), setting.day(Phase.SUBMISSION), submitted
        )


def test_moderation_needs_reasons_and_is_audited(setting: Setting, submitted: Initiative) -> None:
    day = setting.day(Phase.SUBMISSION)
    with pytest.raises(FieldError):
        services.hide(setting.moderator, submitted, day, "  ")
    services.request_changes(setting.moderator, submitted, day, "Noem de plek.")
    assert submitted.status is Status.CHANGES_REQUESTED
    # The initiator changes it and sends it in again: a new version.
    services.submit(setting.resident, submitted, idea(setting, location="De vijver"), day)
    assert (submitted.status, submitted.version) == (Status.SUBMITTED, 2)
    services.publish(setting.moderator, submitted, day)
    db.session.commit()
    assert _actions()[-4:] == [
        "initiative.submit",
        "initiative.request_changes",
        "initiative.resubmit",
        "initiative.publish",
    ]
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "initiative.request_changes")
    ).one()
    assert (entry.actor_id, entry.reason) == (setting.moderator.id, "Noem de plek.")


def test_only_the_wijks_wijkondersteuner_moderates(setting: Setting, submitted: Initiative) -> None:
    with pytest.raises(services.InitiativeError):
        services.publish(setting.reviewers[0], submitted, setting.day(Phase.SUBMISSION))


def test_duplicate_points_to_the_original(setting: Setting, published: Initiative) -> None:
    day = setting.day(Phase.SUBMISSION)
    copy = services.save_draft(
        setting.resident, setting.round, idea(setting, title="Ook tafels"), day
    )
    services.submit(setting.resident, copy, idea(setting, title="Ook tafels"), day)
    services.mark_duplicate(setting.moderator, copy, published, day, "Zelfde idee")
    assert copy.status is Status.DUPLICATE and copy.duplicate_of is published
    with pytest.raises(FieldError):
        services.mark_duplicate(setting.moderator, published, published, day, "zichzelf")


def test_a_correction_is_marked_and_keeps_before_and_after(
    setting: Setting, published: Initiative
) -> None:
    data = idea(setting, title="Picknicktafels bij de vijver (gecorrigeerd)")
    services.correct(setting.moderator, published, data, setting.day(Phase.SUBMISSION), "Typfout")
    db.session.commit()
    assert published.edited_by_moderator
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "initiative.correct")
    ).one()
    assert entry.details["before"]["title"] == "Picknicktafels bij de vijver"
    assert entry.details["after"]["title"].endswith("(gecorrigeerd)")


def test_assisted_submission_is_marked_and_needs_recorded_consent(setting: Setting) -> None:
    day = setting.day(Phase.SUBMISSION)
    data = idea(setting, initiator_contact="050-1234567")
    with pytest.raises(FieldError):
        services.submit_assisted(
            setting.moderator, setting.round, data, day, consent_recorded=False
        )
    initiative = services.submit_assisted(
        setting.moderator, setting.round, data, day, consent_recorded=True
    )
    assert initiative.assisted and initiative.author_id is None
    assert initiative.status is Status.PUBLISHED


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (53, 13, 0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photos_are_shrunk_and_stripped_of_metadata(
    setting: Setting, submitted: Initiative
) -> None:
    raw = _jpeg_with_gps()
    assert b"PhoneMaker" in raw
    photo = services.attach_photo(submitted, raw, "Tafels")
    assert b"PhoneMaker" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert max(cleaned.size) == 1600
        assert not cleaned.getexif()


def test_a_file_that_is_not_a_photo_is_refused(submitted: Initiative) -> None:
    with pytest.raises(FieldError) as caught:
        services.attach_photo(submitted, b"%PDF-1.4 not an image", "")
    assert caught.value.code == "photo_wrong_type"


def test_public_list_filters_by_status_theme_and_search(
    setting: Setting, published: Initiative
) -> None:
    assert services.public_list(setting.round) == [published]
    assert services.public_list(setting.round, search="VIJVER") == [published]
    assert services.public_list(setting.round, search="fiets") == []
    other_theme = services.themes_for(setting.round)[1]
    assert services.public_list(setting.round, theme_id=other_theme.id) == []
    assert services.public_list(setting.round, status=Status.ADMITTED) == []


@pytest.mark.parametrize("round_phase", [Phase.VOTING])
def test_initiators_hear_once_that_voting_opened(
    app, setting: Setting, mailbox, published: Initiative
) -> None:  # type: ignore[no-untyped-def]
    published.status = Status.ADMITTED
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notify", "voting-opens"])
    assert first.exit_code == 0, first.output
    assert "1 initiator" in first.output
    assert [m["To"] for m in mailbox] == [setting.resident.email]
    assert "http://127.0.0.1:5000/initiatief/" in str(mailbox[0].get_body())
    second = runner.invoke(args=["notify", "voting-opens"])
    assert second.exit_code == 0 and len(mailbox) == 1
