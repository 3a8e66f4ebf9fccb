"""Texts an admin reads about API tokens, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

SCOPE_LABELS: dict[str, LazyString] = {
    "review:read": _l("Read the werkgroep's check: criteria, verdicts and decisions"),
    "participation:read": _l("Read turnout: per day, per way of voting and per postcode area"),
    "audit:read": _l("Read the audit log"),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    "name_required": _l("Please fill this in."),
    "name_too_long": _l("Use at most 120 characters."),
    "scope_required": _l("Choose at least one thing this token may read."),
    "unknown_scope": _l("Choose from the list."),
    "expiry_in_past": _l("Choose a day after today."),
    "already_revoked": _l("This token was revoked already."),
}
