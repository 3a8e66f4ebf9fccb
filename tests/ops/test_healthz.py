"""GET /healthz: what a load balancer or monitor sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import submit


def test_only_the_ops_health_check_answers_healthz(app: Flask) -> None:
    rules = [rule.endpoint for rule in app.url_map.iter_rules() if rule.rule == "/healthz"]
    assert rules == ["ops.healthz"], (
        "another view also answers /healthz and shadows ops.healthz: remove it"
    )


def test_healthy_database_answers_ok_and_is_never_cached(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_health_check_sets_no_cookie_for_a_visitor_with_a_session(client: FlaskClient) -> None:
    submit(client, "/", {"locale": "en", "next": "/"}, action="/taal")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_unreachable_database_answers_503_without_details(
    make_app: Callable[..., Flask], tmp_path: Path, log_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    broken = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite'}",
        LOG_FORMAT="json",
    )
    log_lines()
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "sqlite" not in body.lower()
    warnings = [line for line in log_lines() if line["level"] == "WARNING"]
    assert warnings and "database unreachable" in warnings[0]["message"]
    assert warnings[0]["request_id"] == response.headers["X-Request-ID"]
