"""Who may export: the per-round rule is :func:`wijkbudget.auth.permissions.can_export`."""

from __future__ import annotations

from wijkbudget.auth.models import Role, User
from wijkbudget.auth.permissions import is_admin


def can_export_across_wijken(user: User | None) -> bool:
    """The gemeente and admins export all wijken at once (each round still only once its vote
    has closed: see :func:`wijkbudget.exports.rounds.exportable_rounds`)."""
    return is_admin(user) or (
        user is not None and user.is_authenticated and user.has_role(Role.GEMEENTE)
    )
