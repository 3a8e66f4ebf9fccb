from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.initiatives.conftest import CRITERIA, Setting, idea
from wijkbudget.audit.models import AuditEntry
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives import services as initiatives
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.review import services
from wijkbudget.review.models import Outcome, Verdict
from wijkbudget.wijken.phases import Phase

MEETS = services.VerdictData(Verdict.MEETS)


def _all(
    setting: Setting, verdict: services.VerdictData = MEETS
) -> dict[int, services.VerdictData]:
    return {c.id: verdict for c in services.current_criteria(setting.round)}


def _review_both(setting: Setting, initiative: Initiative) -> None:
    day = setting.day(Phase.REVIEW)
    for reviewer in setting.reviewers:
        services.submit_review(reviewer, initiative, _all(setting), day)


def test_criteria_change_freely_before_the_review_then_need_a_new_version(setting: Setting) -> None:
    round_ = setting.round
    services.set_criteria(None, round_, CRITERIA[:1], setting.day(Phase.SUBMISSION))
    assert [c.text for c in services.current_criteria(round_)] == ["Goed voor de wijk"]
    assert round_.criteria_version == 1

    with pytest.raises(FieldError) as caught:
        services.set_criteria(setting.reviewers[0], round_, CRITERIA, setting.day(Phase.REVIEW))
    assert caught.value.code == "reason_required_frozen"
    services.set_criteria(
        setting.reviewers[0], round_, CRITERIA, setting.day(Phase.REVIEW), "Bewonersavond"
    )
    assert round_.criteria_version == 2
    assert len(services.current_criteria(round_)) == 2
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "criteria.new_version")
    ).one()
    assert entry.reason == "Bewonersavond"


def test_a_review_needs_a_verdict_per_criterion_and_reasons_when_not_met(
    setting: Setting, published: Initiative
) -> None:
    day = setting.day(Phase.REVIEW)
    criteria = services.current_criteria(setting.round)
    with pytest.raises(FieldError) as caught:
        services.submit_review(setting.reviewers[0], published, {criteria[0].id: MEETS}, day)
    assert caught.value.code == "verdict_missing"
    unmet = {c.id: services.VerdictData(Verdict.DOES_NOT_MEET) for c in criteria}
    with pytest.raises(FieldError) as caught:
        services.submit_review(setting.reviewers[0], published, unmet, day)
    assert caught.value.code == "reason_for_verdict"


def test_reviewing_only_during_the_review_phase(setting: Setting, published: Initiative) -> None:
    with pytest.raises(services.ReviewError):
        services.submit_review(
            setting.reviewers[0], published, _all(setting), setting.day(Phase.SUBMISSION)
        )


def test_a_member_with_a_conflict_of_interest_cannot_review(
    setting: Setting, published: Initiative
) -> None:
    services.declare_conflict(setting.reviewers[0], published, "Mijn buurvrouw")
    with pytest.raises(services.ReviewError) as caught:
        services.submit_review(
            setting.reviewers[0], published, _all(setting), setting.day(Phase.REVIEW)
        )
    assert str(caught.value) == "conflict"


def test_a_decision_waits_for_enough_reviews(setting: Setting, published: Initiative) -> None:
    day = setting.day(Phase.REVIEW)
    services.submit_review(setting.reviewers[0], published, _all(setting), day)
    with pytest.raises(services.ReviewError) as caught:
        services.decide(setting.reviewers[0], published, Outcome.ADMITTED, _all(setting), day)
    assert str(caught.value) == "not_enough_reviews"


def test_admitted_needs_every_must_criterion_met(setting: Setting, published: Initiative) -> None:
    _review_both(setting, published)
    criteria = services.current_criteria(setting.round)
    given = _all(setting)
    given[criteria[0].id] = services.VerdictData(Verdict.DOES_NOT_MEET, "Alleen voor één straat")
    with pytest.raises(FieldError) as caught:
        services.decide(
            setting.reviewers[1], published, Outcome.ADMITTED, given, setting.day(Phase.REVIEW)
        )
    assert caught.value.code == "admitted_with_unmet"
    decision = services.decide(
        setting.reviewers[1], published, Outcome.NOT_ADMITTED, given, setting.day(Phase.REVIEW)
    )
    assert published.status is Status.NOT_ADMITTED
    assert [v.verdict for v in decision.verdicts] == [Verdict.DOES_NOT_MEET, Verdict.MEETS]


def test_changes_then_resubmit_starts_the_review_again_then_admitted(
    setting: Setting, published: Initiative
) -> None:
    review_day = setting.day(Phase.REVIEW)
    _review_both(setting, published)
    with pytest.raises(FieldError):
        services.decide(
            setting.reviewers[0], published, Outcome.CHANGES_NEEDED, _all(setting), review_day
        )
    services.decide(
        setting.reviewers[0],
        published,
        Outcome.CHANGES_NEEDED,
        _all(setting),
        review_day,
        changes="Vraag een offerte voor de tafels.",
    )
    assert published.status is Status.CHANGES_REQUESTED
    assert published.changes_requested == "Vraag een offerte voor de tafels."

    # The initiator changes the idea during the review phase and sends it in again.
    initiatives.submit(
        setting.resident, published, idea(setting, description="Met offerte."), review_day
    )
    assert (published.status, published.version) == (Status.SUBMITTED, 2)
    initiatives.publish(setting.moderator, published, review_day)
    assert services.reviews_of(published) == []  # the new version is reviewed from scratch
    assert len(services.reviews_of(published, version=1)) == 2  # the old ones are kept

    _review_both(setting, published)
    services.decide(
        setting.reviewers[1], published, Outcome.ADMITTED, _all(setting), review_day + timedelta(1)
    )
    db.session.commit()
    assert published.status is Status.ADMITTED
    assert services.latest_decision(published).version == 2  # type: ignore[union-attr]
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(
            AuditEntry.object_id == published.id, AuditEntry.object_type == "initiatives"
        )
    ).all()
    assert "decision.changes_needed" in actions and "decision.admitted" in actions


def test_suggested_verdicts_take_the_most_common_and_the_stricter_on_a_tie(
    setting: Setting, published: Initiative
) -> None:
    day = setting.day(Phase.REVIEW)
    first = services.current_criteria(setting.round)[0]
    services.submit_review(setting.reviewers[0], published, _all(setting), day)
    given = _all(setting)
    given[first.id] = services.VerdictData(Verdict.UNCLEAR, "Voor wie?")
    services.submit_review(setting.reviewers[1], published, given, day)
    assert services.suggested_verdicts(published)[first.id] is Verdict.UNCLEAR


def test_werkgroep_overview_counts_reviews_of_the_current_version(
    setting: Setting, published: Initiative
) -> None:
    services.submit_review(
        setting.reviewers[0], published, _all(setting), setting.day(Phase.REVIEW)
    )
    [(initiative, count, mine, conflicted)] = services.werkgroep_overview(
        setting.round, setting.reviewers[0]
    )
    assert (initiative, count, mine, conflicted) == (published, 1, True, False)
    [(_, _, mine_other, _)] = services.werkgroep_overview(setting.round, setting.reviewers[1])
    assert mine_other is False
