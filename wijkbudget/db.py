"""The declarative base shared by every model.

The naming convention gives every constraint and index a stable name, so Alembic migrations
behave the same on SQLite (batch mode) and PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; storing UTC everywhere keeps both databases identical.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite ignores foreign keys unless asked, per connection; PostgreSQL always checks them.

    Without this, a cascade or a dangling reference would behave differently on the two.
    (The migrations switch it off again on their own connection, for batch table rebuilds.)
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def utcnow() -> datetime:
    return datetime.now(UTC)


def str_enum(kind: type[StrEnum]) -> sa.Enum:
    """A column type for a StrEnum, stored as its text value (no native enum: easy to extend)."""
    return sa.Enum(
        kind, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e]
    )
