"""Who may do what with API tokens: plain predicates, tested as a matrix."""

from __future__ import annotations

from datetime import datetime

from wijkbudget.api.models import ApiToken
from wijkbudget.auth.models import User
from wijkbudget.auth.permissions import is_admin


def can_manage_tokens(user: User | None) -> bool:
    """Only admins issue and revoke API tokens: a token reads what the gemeente reads."""
    return is_admin(user)


def token_allows(token: ApiToken, scope: str, now: datetime) -> bool:
    """An active token opens the parts of the API its scopes name, and nothing else."""
    return token.is_active(now) and scope in token.scopes
