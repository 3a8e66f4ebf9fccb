"""Transactions that audit at the same moment append one after the other: no fork, none lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from wijkbudget.audit import chain
from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db

WRITERS = 50


def _record_committed(user_id: int, step: int) -> None:
    """What a committed service does: try again when SQLite was busy, fail on anything else."""
    for attempt in range(20):
        try:
            user = db.session.get(User, user_id)
            record(user, "test.concurrent", user, step=step)
            db.session.commit()
            return
        except sa.exc.OperationalError:
            db.session.rollback()
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError(f"writer {step} stayed busy")


def test_fifty_writers_at_once_make_one_unbroken_chain(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user_id = make_user().id
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def run(step: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                _record_committed(user_id, step)
            except BaseException as error:  # reported below, with the others
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(step,)) for step in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]

    db.session.expire_all()
    entries = list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))
    steps = sorted(e.details["step"] for e in entries if e.action == "test.concurrent")
    assert steps == list(range(WRITERS))  # none lost, none doubled
    assert len(entries) == before + WRITERS
    assert len({e.prev_hash for e in entries}) == len(entries)  # no fork
    verdict = chain.verify(db.session)
    assert verdict.intact, verdict.summary()
    assert verdict.entries == len(entries)


def test_a_second_writer_waits_and_chains_from_the_first(
    app: Flask, make_user: Callable[..., User]
) -> None:
    """The first writer holds the chain until it commits; the second then follows on from it.

    Without the chain lock, the second would read the same "last entry" and its insert would
    fail on the unique prev_hash.
    """
    user_id = make_user().id
    first_recorded = threading.Event()
    hashes: dict[str, str] = {}
    errors: list[BaseException] = []

    def first() -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                hashes["first"] = record(user, "test.first", user).hash
                first_recorded.set()
                time.sleep(0.5)  # the second writer tries meanwhile
                db.session.commit()
            except BaseException as error:
                errors.append(error)
                first_recorded.set()
            finally:
                db.session.remove()

    def second() -> None:
        with app.app_context():
            try:
                first_recorded.wait(10)
                user = db.session.get(User, user_id)
                entry = record(user, "test.second", user)
                hashes["second_prev"] = entry.prev_hash
                db.session.commit()
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert hashes["second_prev"] == hashes["first"]
    assert chain.verify(db.session).intact
