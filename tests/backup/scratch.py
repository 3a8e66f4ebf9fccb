"""A second, empty database for a test: a new SQLite file, or a PostgreSQL database made and
dropped around the test (the test role may create databases)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from tests.conftest import POSTGRES_URL
from wijkbudget import create_app
from wijkbudget.extensions import db


@contextmanager
def scratch_database(folder: Path) -> Iterator[str]:
    """The URL of a brand-new database without tables, gone after the block."""
    if not POSTGRES_URL:
        yield f"sqlite:///{folder / f'scratch-{secrets.token_hex(4)}.sqlite'}"
        return
    url = sa.make_url(POSTGRES_URL)
    name = f"{url.database}_scratch_{secrets.token_hex(4)}"
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@contextmanager
def app_on(url: str, instance: Path) -> Iterator[Flask]:
    """An app on ``url`` with its context pushed; its connections closed afterwards."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    app.instance_path = str(instance)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
