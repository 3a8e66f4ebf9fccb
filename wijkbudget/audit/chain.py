"""The hash chain that makes the audit log tamper-evident.

Every entry stores the hash of the entry before it (``prev_hash``) and its own ``hash``:
``sha256(prev_hash + canonical JSON of its fields)``; the first entry chains from 64 zeros.
Rewriting, removing or slipping in an entry breaks the chain at that point, which
:func:`verify` finds — even when someone with full database rights got past the append-only
triggers. (Only the newest entries can be cut off unseen: keep the head hash that
``flask audit verify`` prints somewhere else, e.g. with the backups, and check it later with
``--expect``.)

The hash formula is also frozen, word for word, in the migration that backfilled the chain
(``migrations/versions/20261128_bf4a5b6c7d8e_audit_chain.py``): change neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session

from wijkbudget.audit.models import AuditEntry

# A session, or Flask-SQLAlchemy's ``db.session`` that stands for the current one.
AnySession = Session | scoped_session[Any]
GENESIS = "0" * 64
# pg_advisory_xact_lock key held while a transaction appends to the chain ("wijkaudt").
CHAIN_LOCK_KEY = 0x77696A6B61756474
# The fields the hash covers, in the order of the model (the JSON sorts them anyway).
FIELDS = (
    "id",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "wijk_id",
    "reason",
    "details",
)


def plain_json(value: Any) -> Any:
    """``value`` as the JSON column gives it back (tuples become lists, keys strings).

    Hashing this form makes the hash at writing time equal to the one recomputed on reading.
    """
    return json.loads(json.dumps(value))


def canonical(fields: dict[str, Any]) -> str:
    """The canonical JSON of an entry's fields: sorted keys, no spaces, UTF-8 as is."""
    at: datetime = fields["at"]
    payload = {name: fields[name] for name in FIELDS}
    payload["at"] = at.astimezone(UTC).isoformat()
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The hex SHA-256 of ``prev_hash`` followed by the canonical JSON of ``fields``."""
    return hashlib.sha256((prev_hash + canonical(fields)).encode("utf-8")).hexdigest()


def lock_for_append(session: AnySession) -> None:
    """Make this transaction the only one that may append to the chain until it ends.

    Without it two transactions could both read the same "last entry" and fork the chain
    (the unique index on ``prev_hash`` would then refuse the second one).

    - PostgreSQL: a transaction-level advisory lock, released at commit or rollback. The
      reads that follow (READ COMMITTED) see every entry committed before the lock was ours.
    - SQLite: one writer at a time holds the database's write lock from its first write until
      it commits, so we make sure this transaction has written: a no-op UPDATE (it matches no
      row, so the append-only trigger does not fire) takes the write lock, waiting for the
      busy timeout if another writer has it. From then on no other transaction can commit, so
      the last entry we read stays the last. (Reading first and writing later would not do:
      a deferred transaction may have read a "last entry" that another writer then extends.)
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK_KEY)))
    else:
        session.execute(sa.text("UPDATE audit_entries SET id = id WHERE 1 = 0"))


def next_link(session: AnySession) -> tuple[int, str]:
    """The id and ``prev_hash`` for the next entry; call :func:`lock_for_append` first.

    The id is part of the hash, so it is chosen before the insert: PostgreSQL's sequence
    (taken under the lock, so ids rise along the chain; a rolled-back one leaves a harmless
    gap) or, on SQLite, one past the highest.
    """
    last = session.execute(
        sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = last.hash if last is not None else GENESIS
    if session.get_bind().dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(AuditEntry.__tablename__, "id")
        entry_id = session.scalar(sa.select(sa.func.nextval(sequence)))
    else:
        entry_id = (last.id if last is not None else 0) + 1
    assert entry_id is not None
    return int(entry_id), prev_hash


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold, and why."""

    entry_id: int
    changed: bool  # True: the entry itself differs from its hash; False: its link is wrong
    previous_id: int | None  # the entry before it in id order (None: it comes first)

    def describe(self) -> str:
        if self.changed:
            return "it does not match its hash: it was changed after it was written"
        before = (
            f"entry {self.previous_id}" if self.previous_id is not None else "the start of the log"
        )
        return (
            f"it does not follow on from {before}: an entry between them was removed, "
            "slipped in or rewritten"
        )


@dataclass(frozen=True)
class Verdict:
    entries: int  # how many entries were checked
    head: str  # the hash of the last entry (GENESIS for an empty log)
    broken: Break | None
    seen: frozenset[str] = frozenset()  # the hashes asked about in ``expect`` that were found

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        """One line for the command line: "N entries, chain intact" or where it broke."""
        if self.broken is None:
            return f"{self.entries} entries, chain intact."
        return (
            f"Audit log broken at entry {self.broken.entry_id}: {self.broken.describe()} "
            f"({self.entries} entries before it are intact)."
        )


@contextmanager
def _rows(session: AnySession) -> Iterator[sa.Result[Any]]:
    """Every entry in id order, a thousand at a time (a server-side cursor on PostgreSQL)."""
    columns = [getattr(AuditEntry, name) for name in FIELDS]
    query = sa.select(*columns, AuditEntry.prev_hash, AuditEntry.hash).order_by(AuditEntry.id)
    result = session.execute(query.execution_options(yield_per=1000))
    try:
        yield result
    finally:
        result.close()  # also when the walk stops early, at a break


def verify(session: AnySession, expect: frozenset[str] = frozenset()) -> Verdict:
    """Walk the log in id order and report the first entry where the chain breaks.

    ``expect``: hashes noted earlier (e.g. a head printed at the last backup); the verdict's
    ``seen`` says which of them are still in the log.
    """
    expected_prev, previous_id, count = GENESIS, None, 0
    seen = {GENESIS} & expect  # the head of an empty log is always "in" it
    broken = None
    with _rows(session) as rows:
        for row in rows:
            fields = {name: getattr(row, name) for name in FIELDS}
            if row.prev_hash != expected_prev:
                broken = Break(row.id, False, previous_id)
                break
            if entry_hash(row.prev_hash, fields) != row.hash:
                broken = Break(row.id, True, previous_id)
                break
            if row.hash in expect:
                seen.add(row.hash)
            expected_prev, previous_id, count = row.hash, row.id, count + 1
    return Verdict(count, expected_prev, broken, frozenset(seen))
