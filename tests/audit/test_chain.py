"""The audit log is a hash chain: ``flask audit verify`` finds any entry someone rewrote,
removed or slipped in, even past the append-only triggers."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkbudget.audit import chain
from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db

Superuser = Callable[[], AbstractContextManager[Callable[..., Any]]]
ChainOf = Callable[[int], list[AuditEntry]]


def _verify(app: Flask, *args: str) -> tuple[int, str]:
    db.session.expire_all()
    result = app.test_cli_runner().invoke(args=["audit", "verify", *args])
    return result.exit_code, result.output


def _spec_hash(entry: AuditEntry) -> str:
    """The hash as issue #10 defines it, written out independently of the code."""
    fields = {
        "id": entry.id,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "wijk_id": entry.wijk_id,
        "reason": entry.reason,
        "details": entry.details,
    }
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((entry.prev_hash + text).encode("utf-8")).hexdigest()


def _all_entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_each_entry_carries_the_hash_of_the_one_before(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user()
    record(user, "test.one", user, reason="Één café, “quoted”", where=("Beijum", 9733))
    record(None, "test.two", user, nested={"b": [1, 2.5, None], "a": True})
    db.session.commit()

    entries = _all_entries()
    assert entries[0].prev_hash == "0" * 64  # the first chains from 64 zeros
    for before, entry in itertools.pairwise(entries):
        assert entry.prev_hash == before.hash
    for entry in entries:
        assert entry.hash == _spec_hash(entry)
    assert entries[-2].details == {"where": ["Beijum", 9733]}  # stored as it was hashed


def test_verify_an_intact_chain(app: Flask, chain_of: ChainOf) -> None:
    assert _verify(app)[1].startswith("0 entries, chain intact.")
    chain_of(4)
    total = len(_all_entries())
    code, output = _verify(app)
    assert code == 0
    assert f"{total} entries, chain intact." in output
    assert f"Head: {_all_entries()[-1].hash}" in output


def test_a_changed_field_names_the_entry(
    app: Flask, chain_of: ChainOf, superuser: Superuser
) -> None:
    victim = chain_of(5)[2]
    with superuser() as sql:
        sql("UPDATE audit_entries SET reason = 'nothing happened' WHERE id = :id", id=victim.id)
    code, output = _verify(app)
    assert code == 1
    assert f"broken at entry {victim.id}" in output
    assert "changed after it was written" in output


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", timedelta(seconds=1)),
        ("actor_id", None),
        ("details", {"step": 99}),
        ("action", "test.other"),
        ("object_id", 999),
    ],
)
def test_every_field_counts(
    app: Flask, chain_of: ChainOf, superuser: Superuser, column: str, value: Any
) -> None:
    victim = chain_of(3)[1]
    if column == "at":
        value = victim.at + value
    table = AuditEntry.__table__
    with superuser() as sql:
        sql(sa.update(table).where(table.c.id == victim.id).values({column: value}))
    code, output = _verify(app)
    assert code == 1 and f"broken at entry {victim.id}" in output


def test_a_deleted_entry_breaks_the_link_of_the_next(
    app: Flask, chain_of: ChainOf, superuser: Superuser
) -> None:
    entries = chain_of(4)
    with superuser() as sql:
        sql("DELETE FROM audit_entries WHERE id = :id", id=entries[1].id)
    code, output = _verify(app)
    assert code == 1
    assert f"broken at entry {entries[2].id}" in output
    assert f"does not follow on from entry {entries[0].id}" in output


def test_a_rewritten_entry_with_a_fresh_hash_is_found_at_the_next(
    app: Flask, chain_of: ChainOf, superuser: Superuser
) -> None:
    """Whoever recomputes the hash of the entry they changed still breaks the next link."""
    entries = chain_of(4)
    victim = entries[1]
    forged = {name: getattr(victim, name) for name in chain.FIELDS} | {"reason": "rewritten"}
    with superuser() as sql:
        sql(
            "UPDATE audit_entries SET reason = 'rewritten', hash = :hash WHERE id = :id",
            hash=chain.entry_hash(victim.prev_hash, forged),
            id=victim.id,
        )
    code, output = _verify(app)
    assert code == 1 and f"broken at entry {entries[2].id}" in output


def test_an_entry_slipped_in_is_found(app: Flask, chain_of: ChainOf, superuser: Superuser) -> None:
    entries = chain_of(3)
    forged_id = entries[-1].id + 1
    with superuser() as sql:
        sql(
            "INSERT INTO audit_entries (id, at, action, object_type, reason, details, "
            "prev_hash, hash) VALUES (:id, :at, 'test.forged', 'users', '', '{}', :prev, :hash)",
            id=forged_id,
            at=entries[-1].at.replace(tzinfo=None),
            prev=hashlib.sha256(b"made up").hexdigest(),
            hash=hashlib.sha256(b"also made up").hexdigest(),
        )
    code, output = _verify(app)
    assert code == 1 and f"broken at entry {forged_id}" in output


def test_a_fork_is_refused_by_the_database(app: Flask, chain_of: ChainOf) -> None:
    """Two entries chaining from the same one: the unique index on prev_hash says no."""
    entries = chain_of(2)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(
                "INSERT INTO audit_entries (id, at, action, object_type, reason, details, "
                "prev_hash, hash) VALUES (:id, :at, 'test.fork', 'users', '', '{}', :prev, :hash)"
            ),
            {
                "id": entries[-1].id + 1,
                "at": entries[-1].at.replace(tzinfo=None),
                "prev": entries[-1].prev_hash,
                "hash": "f" * 64,
            },
        )
    db.session.rollback()
    assert _verify(app)[0] == 0


def test_cut_off_newest_entries_are_found_with_a_noted_head(
    app: Flask, chain_of: ChainOf, superuser: Superuser
) -> None:
    newest = chain_of(3)[-1]
    noted_head, newest_id = newest.hash, newest.id
    code, output = _verify(app, "--expect", noted_head)
    assert code == 0
    with superuser() as sql:
        sql("DELETE FROM audit_entries WHERE id = :id", id=newest_id)
    assert _verify(app)[0] == 0  # without the noted head, a cut-off tail cannot be seen
    code, output = _verify(app, "--expect", noted_head.upper())
    assert code == 1 and "cut off" in output


def test_the_chain_survives_several_entries_in_one_transaction_and_a_rollback(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user()
    record(user, "test.lost", user)
    db.session.rollback()  # on PostgreSQL its id is gone for good: a gap, not a break
    user = db.session.get(User, user.id)
    assert user is not None
    for step in range(3):
        record(user, "test.kept", user, step=step)
    db.session.commit()
    code, output = _verify(app)
    assert code == 0, output
    assert [e.action for e in _all_entries()].count("test.lost") == 0


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5).filter(lambda k: "\x00" not in k), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reason=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    details=st.dictionaries(
        st.text(max_size=8).filter(lambda k: "\x00" not in k).map(lambda k: f"k_{k}"),
        JSON_VALUES,
        max_size=4,
    ),
)
def test_any_entry_read_back_has_the_hash_it_was_written_with(
    app: Flask, make_user: Callable[..., User], reason: str, details: dict[str, Any]
) -> None:
    """Whatever text and JSON an entry holds, the database gives back what was hashed."""
    user = db.session.scalar(sa.select(User).limit(1)) or make_user()
    record(user, "test.any", user, reason=reason, **details)
    db.session.commit()
    db.session.expire_all()
    verdict = chain.verify(db.session)
    assert verdict.intact, verdict.summary()
