"""Who may export: the per-round rule is :func:`wijkbudget.auth.permissions.can_export`."""

from __future__ import annotations

from wijkbudget.auth.models import User
from wijkbudget.auth.permissions import is_admin_or_gemeente


def can_export_across_wijken(user: User | None) -> bool:
    """The gemeente and admins export all wijken at once (each round still only once its vote
    has closed: see :func:`wijkbudget.exports.rounds.exportable_rounds`)."""
    return is_admin_or_gemeente(user)
