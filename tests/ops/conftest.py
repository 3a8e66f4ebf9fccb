"""Fixtures for the operations tests: an app that logs JSON, and its log lines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from tests.conftest import IsolatedClient
from wijkbudget import create_app
from wijkbudget.extensions import db


@pytest.fixture
def make_app(app: Flask) -> Iterator[Callable[..., Flask]]:
    """Build another app on the test database (or another URL), with settings overridden."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **overrides}
        new = create_app("testing", **settings)
        new.test_client_class = IsolatedClient
        made.append(new)
        return new

    yield make
    for new in made:
        with new.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def json_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(LOG_FORMAT="json")


@pytest.fixture
def log_lines(capsys: pytest.CaptureFixture[str]) -> Callable[[], list[dict[str, Any]]]:
    """The JSON log lines written to stderr since the last call; every line must be JSON."""

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]

    return read
