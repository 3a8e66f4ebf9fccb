from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.wijken import services
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl


def _audit(action: str) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def test_a_postcode_belongs_to_one_wijk(make_wijk: Callable[..., Wijk]) -> None:
    make_wijk("Beijum", postcodes=["9735"])
    with pytest.raises(services.WijkError) as caught:
        make_wijk("Lewenborg", postcodes=["9732", "9735"])
    assert caught.value.code == "postcode_taken"
    assert caught.value.params == {"code": "9735", "wijk": "Beijum"}


def test_postcodes_are_read_from_free_text() -> None:
    assert services.parse_postcodes(" 9736,9735 9735;9737 ") == ["9735", "9736", "9737"]
    with pytest.raises(services.WijkError) as caught:
        services.parse_postcodes("9735 97AB 0123")
    assert caught.value.params == {"codes": "97AB, 0123"}


def test_one_round_per_wijk_per_year(make_round: Callable[..., Round]) -> None:
    first = make_round(Phase.VOTING)
    with pytest.raises(services.WijkError) as caught:
        make_round(Phase.SUBMISSION, wijk=first.wijk)
    assert caught.value.code == "round_exists"


def test_changing_a_running_round_needs_a_reason_and_is_audited(
    make_round: Callable[..., Round], make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN)
    round_ = make_round(Phase.VOTING)
    today = today_in_nl()
    longer = services.RoundData(
        year=round_.year,
        title=round_.title,
        budget_cents=3_000_000,
        dates=replace(round_.dates, voting_end=round_.voting_end + timedelta(7)),
    )
    with pytest.raises(services.WijkError) as caught:
        services.update_round(admin, round_, longer, today=today, reason=" ")
    assert caught.value.field == "reason"
    db.session.rollback()

    services.update_round(admin, round_, longer, today=today, reason="Buurthuis was dicht")
    db.session.commit()
    [entry] = _audit("round.update")
    assert entry.actor_id == admin.id and entry.reason == "Buurthuis was dicht"
    assert entry.details["phase"] == "voting"
    assert entry.details["before"]["budget_cents"] == 2_500_000
    assert entry.details["after"]["budget_cents"] == 3_000_000


def test_a_round_in_preparation_changes_without_a_reason(
    make_round: Callable[..., Round],
) -> None:
    round_ = make_round(Phase.PREPARATION)
    data = services.RoundData(round_.year, "Nieuwe titel", round_.budget_cents, round_.dates)
    services.update_round(None, round_, data, today=today_in_nl(), reason="")
    assert round_.title == "Nieuwe titel"


def test_dates_out_of_order_are_refused(make_wijk: Callable[..., Wijk]) -> None:
    dates = dates_for(Phase.SUBMISSION, today_in_nl())
    wrong = replace(dates, voting_start=dates.review_start)
    with pytest.raises(services.WijkError) as caught:
        services.create_round(None, make_wijk(), services.RoundData(2026, "t", 100, wrong))
    assert (caught.value.field, caught.value.code) == ("voting_start", "dates_out_of_order")


def test_current_round_prefers_the_running_one(
    make_wijk: Callable[..., Wijk], make_round: Callable[..., Round]
) -> None:
    wijk = make_wijk()
    make_round(Phase.RESULTS, wijk=wijk, year=2020)
    running = make_round(Phase.REVIEW, wijk=wijk, year=2021)
    db.session.refresh(wijk)
    assert services.current_round(wijk, today_in_nl()) == running


def test_wijk_changes_are_audited_with_before_and_after(
    make_wijk: Callable[..., Wijk], make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN)
    wijk = make_wijk("Selwerd", postcodes=["9741"])
    services.update_wijk(
        admin, wijk, name="Selwerd", slug="selwerd", postcodes=["9741", "9742"], description=""
    )
    db.session.commit()
    [entry] = _audit("wijk.update")
    assert entry.details["before"]["postcodes"] == ["9741"]
    assert entry.details["after"]["postcodes"] == ["9741", "9742"]
