"""A crash shows the friendly page, never a traceback; the log keeps the traceback and the id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.helpers import text


class Kaboom(RuntimeError):
    pass


@pytest.fixture
def crashing_app(make_app: Callable[..., Flask]) -> Flask:
    # The test profile lets exceptions through to pytest; production turns them into a 500.
    app = make_app(LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    @app.get("/kapot")
    def kapot() -> str:
        raise Kaboom("internal detail: /etc/wijkbudget/env")

    return app


def test_a_crash_shows_the_friendly_page_without_a_traceback(crashing_app: Flask) -> None:
    response = crashing_app.test_client().get("/kapot")
    assert response.status_code == 500
    page = text(response)
    assert "Er ging bij ons iets mis" in page
    body = response.get_data(as_text=True)
    for leak in ("Traceback", "Kaboom", "internal detail", "test_errors.py", 'File "'):
        assert leak not in body


def test_a_crash_is_logged_with_its_traceback_and_request_id(
    crashing_app: Flask, log_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    log_lines()
    response = crashing_app.test_client().get("/kapot?code=ABCD-EFGH-JKMN")
    lines = log_lines()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    assert error["path"] == "/kapot"
    assert "Traceback" in error["exception"] and "Kaboom: internal detail" in error["exception"]
    [access] = [line for line in lines if line["logger"] == "wijkbudget.access"]
    assert access["status"] == 500 and access["request_id"] == error["request_id"]
    assert "ABCD" not in str(lines)
