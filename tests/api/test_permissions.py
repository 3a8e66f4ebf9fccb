"""Who manages tokens, and what a token opens: matrices, without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.auth.test_permissions import ACTORS, _user
from wijkbudget.api import permissions
from wijkbudget.api.models import ApiToken
from wijkbudget.api.tokens import SCOPES

NOW = datetime(2026, 3, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_only_admins_manage_tokens(actor: str) -> None:
    assert permissions.can_manage_tokens(_user(ACTORS[actor])) is (actor == "admin")


STATES = {
    "active": {},
    "expires later": {"expires_at": NOW + timedelta(seconds=1)},
    "expired": {"expires_at": NOW},
    "revoked": {"revoked_at": NOW - timedelta(days=1)},
}


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("granted", SCOPES)
@pytest.mark.parametrize("asked", SCOPES)
def test_a_token_opens_its_scopes_while_active(state: str, granted: str, asked: str) -> None:
    token = ApiToken(name="t", token_hash="-", hint="wb_", scopes=[granted], **STATES[state])
    expected = asked == granted and state in ("active", "expires later")
    assert permissions.token_allows(token, asked, NOW) is expected
