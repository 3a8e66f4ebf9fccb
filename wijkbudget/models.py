"""Every model, imported in one place so the metadata (and so Alembic) always sees them all."""

from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import LoginFailure, RoleAssignment, User
from wijkbudget.initiatives.models import CostLine, Initiative, InitiativeVersion, Photo, Theme
from wijkbudget.review.models import (
    ConflictOfInterest,
    Criterion,
    CriterionVerdict,
    Decision,
    Review,
)
from wijkbudget.wijken.models import Round, Wijk, WijkPostcode

__all__ = [
    "AuditEntry",
    "ConflictOfInterest",
    "CostLine",
    "Criterion",
    "CriterionVerdict",
    "Decision",
    "Initiative",
    "InitiativeVersion",
    "LoginFailure",
    "Photo",
    "Review",
    "RoleAssignment",
    "Round",
    "Theme",
    "User",
    "Wijk",
    "WijkPostcode",
]
