"""The count and a late paper entry at the same moment: the sheet is counted or refused, never
left out of a count that says it is complete."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from tests.results.conftest import Closed, now
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.paper import reconcile
from wijkbudget.paper import services as paper
from wijkbudget.paper.models import SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.results import services
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import Ballot
from wijkbudget.wijken.models import Round


def test_a_paper_entry_during_the_count_waits_and_is_refused(
    app: Flask, make_closed: Callable[..., Closed], make_user: Callable[..., User]
) -> None:
    voting_still = make_closed(close=False)
    round_ = voting_still.round
    first, second = (make_user(Role.STEMBUREAU, round_.wijk) for _ in range(2))
    admin = make_user(Role.ADMIN)
    [sheet] = paper.print_sheets(first, round_, 1)
    serial = format_serial(sheet.serial)
    [code] = voting.issue_loose_codes(None, round_, 1)
    paper.issue_committed(first, round_, code, serial, now())
    reading = paper.Reading(SheetState.VALID, {voting_still.initiatives[3].id: 1})
    paper.enter(first, round_, serial, reading)
    db.session.commit()
    voting_still.close()
    reconcile.override(admin, round_, "Het tweede invoeren komt later; we tellen nu.")
    db.session.commit()
    round_id, second_id = round_.id, second.id

    counted, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def count() -> None:
        with app.app_context():
            try:
                services.count_round(None, db.session.get(Round, round_id), now())  # type: ignore[arg-type]
                counted.set()
                release.wait(timeout=30)
                db.session.commit()
                outcomes["count"] = "committed"
            except BaseException as error:  # reported below
                outcomes["count"] = error
                counted.set()
            finally:
                db.session.remove()

    def second_entry() -> None:
        counted.wait(timeout=30)
        with app.app_context():
            try:
                volunteer = db.session.get(User, second_id)
                assert volunteer is not None
                paper.enter(volunteer, db.session.get(Round, round_id), serial, reading)  # type: ignore[arg-type]
                db.session.commit()
                outcomes["entry"] = "entered"
            except paper.PaperError as refused:
                outcomes["entry"] = str(refused)
            except BaseException as error:  # reported below
                outcomes["entry"] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=count), threading.Thread(target=second_entry)]
    for thread in threads:
        thread.start()
    counted.wait(timeout=30)
    time.sleep(0.5)  # the entry reaches the round while the count still holds it
    assert "entry" not in outcomes, "the entry did not wait for the count"
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == {"count": "committed", "entry": "already_counted"}
    db.session.expire_all()
    outcome = services.outcome_of(db.session.get(Round, round_id))  # type: ignore[arg-type]
    assert outcome is not None
    ballots = db.session.scalar(
        sa.select(sa.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
    )
    assert outcome.ballots == ballots
