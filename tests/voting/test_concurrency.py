"""200 casts at once, each thread with its own session: one ballot per code, none lost.

Each runs two ways: as the CLI and the paper desk cast (in a transaction), and as the ballot page
does, which reads the code first and on PostgreSQL runs without a transaction around the read and
the cast's one statement.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.voting.conftest import Vote, now
from wijkbudget.extensions import db
from wijkbudget.voting import casting, codes, services
from wijkbudget.voting.models import Ballot, Channel, RollEntry

CASTS = 200


@pytest.fixture(params=["in a transaction", "as the ballot page"])
def as_page(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "as the ballot page")


def _cast(code: str, choices: dict[int, int], as_page: bool) -> casting.Cast:
    if not as_page:
        return casting.cast_committed(code, choices, Channel.ONLINE, now())
    casting.without_transaction()
    row = casting.read_code(code)
    return casting.cast_committed(code, choices, Channel.ONLINE, now(), as_read=row)


def _fire(app: Flask, jobs: list[tuple[str, dict[int, int]]], as_page: bool) -> list[casting.Cast]:
    """Run every cast in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list[casting.Cast] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(code: str, choices: dict[int, int]) -> None:
        with app.app_context():
            try:
                barrier.wait()
                result = _cast(code, choices, as_page)
                with lock:
                    results.append(result)
            except BaseException as error:  # reported below, with the others
                with lock:
                    errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert len(results) == len(jobs)
    db.session.expire_all()
    return results


def _ballot_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) or 0


def _check_pointers(app: Flask, typed: list[str]) -> None:
    """Every code's pointer opens to a ballot that exists."""
    existing = set(db.session.scalars(sa.select(Ballot.id)))
    for code in typed:
        entry = casting.find_entry(code)
        assert entry.pointer is not None
        ballot_id = codes.open_pointer(app.config["SECRET_KEY"], code, entry.id, entry.pointer)
        assert ballot_id in existing


def test_200_casts_with_one_code_leave_exactly_one_ballot(
    app: Flask, vote: Vote, as_page: bool
) -> None:
    code = vote.codes(1)[0]
    jobs = [(code, {vote.ids[n % len(vote.ids)]: 1}) for n in range(CASTS)]
    results = _fire(app, jobs, as_page)
    assert _ballot_count() == 1
    assert services.receipts(vote.round)[0] in {r.receipt for r in results}
    entry = db.session.scalars(sa.select(RollEntry)).one()
    assert entry.casts == CASTS  # every cast counted in turn: none was lost, none doubled
    assert sum(not r.changed for r in results) == 1
    _check_pointers(app, [code])


def test_200_casts_with_different_codes_leave_200_ballots(
    app: Flask, vote: Vote, as_page: bool
) -> None:
    typed = vote.codes(CASTS)
    results = _fire(app, [(code, {vote.ids[3]: 1}) for code in typed], as_page)
    assert _ballot_count() == CASTS
    assert services.receipts(vote.round) == sorted(r.receipt for r in results)
    assert services.turnout(vote.round).voted == CASTS
    _check_pointers(app, typed)


def test_mixed_codes_at_once(app: Flask, vote: Vote, as_page: bool) -> None:
    typed = vote.codes(CASTS // 4)
    jobs = [(code, {vote.ids[n % 4]: 1}) for n in range(4) for code in typed]
    _fire(app, jobs, as_page)
    assert _ballot_count() == CASTS // 4
    _check_pointers(app, typed)
