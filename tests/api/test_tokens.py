"""API tokens: stored as a hash, scoped, revocable, expiring, audited; and the CLI."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import World, auth, days_ago, get_json
from wijkbudget.api import tokens
from wijkbudget.api.models import ApiToken
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db

GEMEENTE_PATHS = {
    "review:read": "/api/v1/rounds/{round}/review",
    "participation:read": "/api/v1/rounds/{round}/participation",
    "audit:read": "/api/v1/audit",
}


def _paths(world: World) -> dict[str, str]:
    return {scope: path.format(round=world.voting.id) for scope, path in GEMEENTE_PATHS.items()}


def test_only_the_hash_of_a_token_is_stored(app: Flask, make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMIN)
    issued = tokens.issue(admin, "Dashboard", ["audit:read"], utcnow())
    db.session.commit()
    assert issued.secret.startswith("wb_") and len(issued.secret) >= 43
    row = db.session.scalars(sa.select(ApiToken)).one()
    assert row.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert row.hint == issued.secret[:9]
    stored = " ".join(str(v) for v in db.session.execute(sa.select(ApiToken.__table__)).one())
    assert issued.secret not in stored
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.like("api.%"))).one()
    assert (entry.action, entry.actor_id, entry.object_id) == ("api.token_issued", admin.id, row.id)
    assert entry.details["scopes"] == ["audit:read"]
    assert issued.secret not in str(entry.details)


def test_two_tokens_are_never_the_same(app: Flask) -> None:
    secrets = {tokens.issue(None, f"t{n}", ["audit:read"], utcnow()).secret for n in range(20)}
    assert len(secrets) == 20


@pytest.mark.parametrize(
    ("name", "scopes", "field", "code"),
    [
        ("", ["audit:read"], "name", "name_required"),
        ("x" * 121, ["audit:read"], "name", "name_too_long"),
        ("Dashboard", [], "scopes", "scope_required"),
        ("Dashboard", ["admin:write"], "scopes", "unknown_scope"),
    ],
)
def test_a_token_needs_a_name_and_known_scopes(
    app: Flask, name: str, scopes: list[str], field: str, code: str
) -> None:
    with pytest.raises(tokens.TokenError) as raised:
        tokens.issue(None, name, scopes, utcnow())
    assert (raised.value.field, raised.value.code) == (field, code)


def test_no_token_or_a_wrong_one_is_a_401(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    secret = make_token()
    for path in _paths(world).values():
        for headers in ({}, auth("wb_wrong"), auth(secret + "x"), {"Authorization": secret}):
            response = get_json(client, path, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert response.json["error"]["code"] in {"missing_token", "invalid_token"}


def test_each_scope_opens_its_own_part_only(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    paths = _paths(world)
    for scope in tokens.SCOPES:
        secret = make_token([scope])
        for other, path in paths.items():
            response = get_json(client, path, headers=auth(secret))
            assert response.status_code == (200 if other == scope else 403), (scope, other)
            if other != scope:
                assert response.json["error"]["code"] == "insufficient_scope"
            assert response.headers["Cache-Control"] == "no-store"


def test_a_revoked_token_stops_working_at_once(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    secret = make_token()
    path = _paths(world)["audit:read"]
    assert get_json(client, path, headers=auth(secret)).status_code == 200
    token = db.session.scalars(sa.select(ApiToken)).one()
    tokens.revoke(None, token, utcnow(), "Dashboard replaced")
    db.session.commit()
    response = get_json(client, path, headers=auth(secret))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "token_revoked"
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "api.token_revoked")
    ).one()
    assert entry.reason == "Dashboard replaced"
    with pytest.raises(tokens.TokenError):
        tokens.revoke(None, token, utcnow())


def test_an_expired_token_is_a_401(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    secret = make_token(expires_at=utcnow() + timedelta(seconds=1))
    token = db.session.scalars(sa.select(ApiToken)).one()
    token.expires_at = days_ago(1)  # as if that second has long passed
    db.session.commit()
    response = get_json(client, _paths(world)["review:read"], headers=auth(secret))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "token_expired"
    with pytest.raises(tokens.TokenError, match="expiry_in_past"):
        tokens.issue(None, "Late", ["audit:read"], utcnow(), expires_at=days_ago(1))


def test_a_token_valid_until_a_day_works_through_that_day(app: Flask) -> None:
    from datetime import date, datetime, time

    from wijkbudget.wijken.phases import DUTCH_TIME

    end = tokens.expiry_after(date(2026, 3, 1))
    assert end == datetime.combine(date(2026, 3, 2), time(), DUTCH_TIME)


def test_last_use_is_recorded_now_and_then(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    secret = make_token()
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.last_used_at is None
    get_json(client, "/api/v1/audit", headers=auth(secret))
    db.session.expire_all()
    first = token.last_used_at
    assert first is not None and utcnow() - first < timedelta(minutes=1)
    get_json(client, "/api/v1/audit", headers=auth(secret))
    db.session.expire_all()
    assert token.last_used_at == first  # not a write on every request
    token.last_used_at = days_ago(2)
    db.session.commit()
    get_json(client, "/api/v1/audit", headers=auth(secret))
    db.session.expire_all()
    assert token.last_used_at > days_ago(1)


def test_public_parts_ignore_tokens(client: FlaskClient, world: World) -> None:
    response = get_json(client, "/api/v1/wijken", headers=auth("wb_not-a-token"))
    assert response.status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=st.text(max_size=300))
def test_no_header_but_the_token_opens_the_api(app: Flask, header: str) -> None:
    issued = tokens.issue(None, "Dashboard", ["audit:read"], utcnow())
    found = tokens.authenticate(header, utcnow())
    assert isinstance(found, tokens.Refusal)
    assert isinstance(tokens.authenticate(f"Bearer {issued.secret}", utcnow()), ApiToken)
    assert isinstance(tokens.authenticate(f"bearer  {issued.secret} ", utcnow()), ApiToken)
    db.session.rollback()


def test_the_cli_issues_and_revokes(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["api", "token-issue", "--name", "Dashboard", "--scope", "audit:read",
              "--scope", "review:read", "--expires-on", "2999-12-31"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    db.session.expire_all()
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.scopes == ["audit:read", "review:read"]
    assert token.token_hash == tokens.hash_token(secret)
    assert token.expires_at is not None and token.expires_at.year in (2999, 3000)

    result = runner.invoke(args=["api", "token-revoke", str(token.id), "--reason", "test"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert token.revoked_at is not None
    again = runner.invoke(args=["api", "token-revoke", str(token.id)])
    assert again.exit_code != 0 and "revoked already" in again.output

    wrong = runner.invoke(args=["api", "token-issue", "--name", "X", "--scope", "admin"])
    assert wrong.exit_code != 0
