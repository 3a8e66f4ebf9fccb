"""Names of the roles as people read them, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.auth.models import Role

ROLE_LABELS: dict[Role, LazyString] = {
    Role.RESIDENT: _l("Resident"),
    Role.WERKGROEP: _l("Werkgroep member"),
    Role.WIJKONDERSTEUNER: _l("Wijkondersteuner"),
    Role.STEMBUREAU: _l("Stembureau volunteer"),
    Role.GEMEENTE: _l("Gemeente"),
    Role.COORDINATOR: _l("Coordinator of a project"),
    Role.ADMIN: _l("Administrator"),
}

ROLE_ERROR_MESSAGES: dict[str, LazyString] = {
    "every account is a resident already": _l("Every account is a resident already."),
    "this role needs a wijk": _l("Choose the wijk for this role."),
    "the user already has this role": _l("This person already has this role."),
    "the last admin cannot be removed": _l("The last administrator cannot be removed."),
}
