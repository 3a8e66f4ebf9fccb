"""Every model, imported in one place so the metadata (and so Alembic) always sees them all."""

# Later features: importing the module registers its models.
from wijkbudget.api import models as api_models  # noqa: F401
from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import LoginFailure, RoleAssignment, User
from wijkbudget.initiatives.models import CostLine, Initiative, InitiativeVersion, Photo, Theme
from wijkbudget.paper import models as paper_models  # noqa: F401
from wijkbudget.results import models as results_models  # noqa: F401
from wijkbudget.review.models import (
    ConflictOfInterest,
    Criterion,
    CriterionVerdict,
    Decision,
    Review,
)
from wijkbudget.voting.models import Ballot, EligibleAddress, RollEntry, VotingSetup
from wijkbudget.wijken.models import Round, Wijk, WijkPostcode

__all__ = [
    "AuditEntry",
    "Ballot",
    "ConflictOfInterest",
    "CostLine",
    "Criterion",
    "CriterionVerdict",
    "Decision",
    "EligibleAddress",
    "Initiative",
    "InitiativeVersion",
    "LoginFailure",
    "Photo",
    "Review",
    "RoleAssignment",
    "RollEntry",
    "Round",
    "Theme",
    "User",
    "VotingSetup",
    "Wijk",
    "WijkPostcode",
]
