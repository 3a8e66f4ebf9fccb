"""The admin page that issues and revokes tokens: admins only, CSRF on, the secret shown once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from wijkbudget.api import tokens
from wijkbudget.api.models import ApiToken
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Wijk

PAGE = "/beheer/api-tokens"
SECRET = re.compile(r'id="new-token"[^>]*value="(wb_[\w-]+)"')


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.GEMEENTE, Role.WIJKONDERSTEUNER])
def test_tokens_are_managed_by_admins_only(
    client: FlaskClient,
    make_user: Callable[..., User],
    make_wijk: Callable[..., Wijk],
    role: Role | None,
) -> None:
    if role is None:
        assert client.get(PAGE).status_code == 302  # to the login page
        return
    user = make_user(role, make_wijk() if role.per_wijk else None)
    login(client, user.email, PASSWORD)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"name": "x", "scopes": "audit:read"}).status_code in (400, 403)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_an_admin_issues_a_token_and_sees_it_once(admin_client: FlaskClient) -> None:
    response = submit(
        admin_client,
        PAGE,
        {"name": "Dashboard gemeente", "scopes": ["audit:read", "participation:read"]},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(response.get_data(as_text=True))
    assert secret is not None
    assert "U ziet het maar één keer" in text(response)
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.token_hash == tokens.hash_token(secret.group(1))
    assert token.scopes == ["audit:read", "participation:read"]

    again = admin_client.get(PAGE)
    assert secret.group(1) not in again.get_data(as_text=True)
    assert token.hint in text(again) and "Dashboard gemeente" in text(again)
    # The new token works.
    api = admin_client.get("/api/v1/audit", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert api.status_code == 200


def test_the_form_says_what_is_missing(admin_client: FlaskClient) -> None:
    response = submit(admin_client, PAGE, {"name": "Dashboard", "expires_on": "2000-01-01"})
    assert response.status_code == 200
    assert "Kies minstens één ding dat dit token mag lezen." in text(response)
    late = {"name": "Dashboard", "scopes": "audit:read", "expires_on": "2000-01-01"}
    response = submit(admin_client, PAGE, late)
    assert "Kies een dag na vandaag." in text(response)
    assert not SECRET.search(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_a_form_without_its_csrf_token_is_refused(admin_client: FlaskClient) -> None:
    response = admin_client.post(PAGE, data={"name": "Dashboard", "scopes": "audit:read"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_an_admin_revokes_a_token_with_a_reason(admin_client: FlaskClient) -> None:
    issued = tokens.issue(None, "Old dashboard", ["audit:read"], utcnow())
    db.session.commit()
    page = f"{PAGE}/{issued.token.id}/intrekken"
    assert "Token Old dashboard intrekken" in text(admin_client.get(page))
    response = submit(admin_client, page, {"reason": "Replaced"}, follow_redirects=True)
    assert "Token Old dashboard is ingetrokken." in text(response)
    assert "Ingetrokken" in text(response)
    db.session.expire_all()
    assert issued.token.revoked_at is not None
    api = admin_client.get("/api/v1/audit", headers={"Authorization": f"Bearer {issued.secret}"})
    assert api.status_code == 401
    assert "Dit token is al ingetrokken." in text(admin_client.get(page))
