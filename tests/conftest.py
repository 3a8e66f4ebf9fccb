"""Fixtures for the whole suite.

One suite, several databases: ``TESTING_DATABASE_URL`` picks PostgreSQL; without it every test
gets its own SQLite file. Either way the schema is built by running the migrations, once per
session; each test then starts from empty tables. CSRF protection stays on.
"""

from __future__ import annotations

import contextvars
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import login
from wijkbudget import create_app
from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

POSTGRES_URL = os.environ.get("TESTING_DATABASE_URL", "")
PASSWORD = "correct horse battery"


def servers_required() -> bool:
    """In CI a test that needs a missing server (PostgreSQL, Chromium) fails instead of skipping."""
    return os.environ.get("WIJKBUDGET_REQUIRE_SERVERS") == "1" or os.environ.get("CI") == "true"


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a database built by the migrations: PostgreSQL, or a SQLite template file."""
    if POSTGRES_URL:
        try:
            _migrate(POSTGRES_URL)
        except sa.exc.OperationalError as error:
            pytest.fail(f"PostgreSQL at TESTING_DATABASE_URL is not reachable: {error}")
        return POSTGRES_URL
    template = tmp_path_factory.mktemp("db") / "template.sqlite"
    _migrate(f"sqlite:///{template}")
    return str(template)


def _empty_postgres_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    # TRUNCATE does not fire the append-only triggers of the audit log: only tests do this.
    db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own context, as they would in a server.

    The test itself holds an app context (for its fixtures and queries); without this, every
    request would share that context's ``g`` and leak the logged-in user and language between
    requests. Tests see what requests wrote after ``db.session.expire_all()``.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(migrated_database: str, tmp_path: Path) -> Iterator[Flask]:
    if POSTGRES_URL:
        url = POSTGRES_URL
    else:
        copy = tmp_path / "wijkbudget.sqlite"
        shutil.copyfile(migrated_database, copy)
        url = f"sqlite:///{copy}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        if POSTGRES_URL:
            _empty_postgres_tables()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Overrides pytest-flask's client, which preserves request contexts between requests."""
    return app.test_client()


@pytest.fixture
def make_wijk(app: Flask) -> Callable[..., Wijk]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, postcodes: list[str] | None = None) -> Wijk:
        number = next(counter)
        name = name or f"Testwijk {number}"
        wijk = wijk_services.create_wijk(
            None,
            name=name,
            slug=wijk_services.slugify(name),
            postcodes=postcodes if postcodes is not None else [str(9700 + number)],
        )
        db.session.commit()
        return wijk

    return make


@pytest.fixture
def make_round(app: Flask, make_wijk: Callable[..., Wijk]) -> Callable[..., Round]:
    from wijkbudget.demo import dates_for

    def make(
        phase: Phase = Phase.VOTING,
        wijk: Wijk | None = None,
        today: date | None = None,
        budget_cents: int = 2_500_000,
        year: int | None = None,
    ) -> Round:
        wijk = wijk or make_wijk()
        today = today or today_in_nl()
        round_ = wijk_services.create_round(
            None,
            wijk,
            wijk_services.RoundData(
                year=year or today.year,
                title=f"Wijkbudget {wijk.name}",
                budget_cents=budget_cents,
                dates=dates_for(phase, today),
            ),
        )
        db.session.commit()
        return round_

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.RESIDENT,
        wijk: Wijk | None = None,
        *,
        email: str | None = None,
        confirmed: bool = True,
        locale: str | None = None,
    ) -> User:
        number = next(counter)
        user = auth_services.create_user(
            email or f"person{number}@example.org",
            f"Person {number}",
            PASSWORD,
            locale=locale,
            confirmed_at=utcnow() if confirmed else None,
        )
        if role is not Role.RESIDENT:
            auth_services.assign_role(None, user, role, wijk, "test")
        db.session.commit()
        return user

    return make


@pytest.fixture
def admin_client(client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    admin = make_user(Role.ADMIN)
    login(client, admin.email, PASSWORD)
    return client


@pytest.fixture
def mailbox(app: Flask) -> Iterator[list[Any]]:
    """A real SMTP server on a free loopback port; the app sends its mail there."""
    from tests.mailserver import running_smtp_server

    with running_smtp_server() as (port, messages):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield messages
