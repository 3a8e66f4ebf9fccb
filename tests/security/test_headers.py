"""Security headers on every answer, and cookies and HSTS in the production configuration.

``header_problems`` is also applied by the role matrix to every response of every route for
every role, so no page escapes it.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from tests.conftest import IsolatedClient
from wijkbudget import create_app
from wijkbudget.extensions import db


def _directives(policy: str) -> dict[str, str]:
    found = {}
    for part in policy.split(";"):
        name, _sep, value = part.strip().partition(" ")
        if name:
            found[name] = value
    return found


def header_problems(response: TestResponse) -> list[str]:
    """What is missing or weak in the security headers of ``response``."""
    problems = []
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    if headers.get("Content-Type", "").startswith("text/html") or policy:
        directives = _directives(policy)
        if "unsafe-inline" in policy or "unsafe-eval" in policy:
            problems.append(f"CSP allows unsafe code: {policy}")
        if directives.get("frame-ancestors") != "'none'":
            problems.append(f"CSP without frame-ancestors 'none': {policy!r}")
        for name in ("default-src", "script-src", "object-src", "base-uri", "form-action"):
            if name not in directives:
                problems.append(f"CSP without {name}: {policy!r}")
        if "*" in directives.get("script-src", "*").split():
            problems.append(f"CSP allows scripts from anywhere: {policy!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in ("no-referrer", "same-origin", "strict-origin"):
        problems.append(f"weak Referrer-Policy: {headers.get('Referrer-Policy')!r}")
    return problems


def test_the_checker_finds_weak_headers(app: Flask) -> None:
    response = app.response_class("<p>x</p>", content_type="text/html")
    response.headers["Content-Security-Policy"] = "default-src 'self' 'unsafe-inline'"
    assert len(header_problems(response)) >= 3  # type: ignore[arg-type]


def test_error_pages_have_the_headers_too(app: Flask) -> None:
    client = app.test_client()
    big = FileStorage(io.BytesIO(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)), "x.jpg")
    boundary, body = encode_multipart(MultiDict({"photo": big}))  # in memory, not a temp file
    kind = f"multipart/form-data; boundary={boundary}"
    for response in (
        client.get("/bestaat-niet"),  # 404
        client.delete("/"),  # 405
        client.post("/inloggen", data={}),  # 400: no CSRF token
        client.post("/inloggen", data=body, content_type=kind),  # 413
    ):
        assert response.status_code in (400, 404, 405, 413), response.status_code
        assert header_problems(response) == [], response.status_code
        assert "Traceback" not in response.get_data(as_text=True)


@pytest.fixture
def production(
    monkeypatch: pytest.MonkeyPatch, migrated_database: str, tmp_path: Path
) -> Iterator[Flask]:
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-for-this-test-only-0123456789")
    monkeypatch.setenv("PUBLIC_URL", "https://wijkbudget.example.nl")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    if "://" in migrated_database:  # PostgreSQL
        url = migrated_database
    else:  # a copy: the template database is shared by the whole session
        copy = tmp_path / "production.sqlite"
        shutil.copyfile(migrated_database, copy)
        url = f"sqlite:///{copy}"
    app = create_app("production", SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_sends_hsts_and_only_safe_cookies(production: Flask) -> None:
    client = production.test_client()
    response = client.get("/inloggen", base_url="https://wijkbudget.example.nl")
    assert response.status_code == 200
    assert header_problems(response) == []
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 15_552_000
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies, "the login page sets a session cookie (for its CSRF token)"
    for raw in cookies:
        attributes = {part.strip().split("=")[0].lower() for part in raw.split(";")[1:]}
        assert {"secure", "httponly", "samesite"} <= attributes, raw
        assert "samesite=lax" in raw.lower().replace(" ", ""), raw
        name = next(iter(SimpleCookie(raw)))
        assert name == production.config.get("SESSION_COOKIE_NAME", "session")
    assert (
        production.config["REMEMBER_COOKIE_SECURE"]
        and production.config["REMEMBER_COOKIE_HTTPONLY"]
    )


def test_development_over_plain_http_sends_no_hsts(app: Flask) -> None:
    """HSTS over http would lock a developer's browser out of localhost: production only."""
    assert not app.config["SESSION_COOKIE_SECURE"]
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
