"""Who may run the vote: a role × phase matrix, without HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tests.auth.test_permissions import ACTORS, TODAY, _round, _user
from wijkbudget.auth.models import User
from wijkbudget.voting import permissions
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase

P = Phase
BEFORE_CLOSING = {P.PREPARATION, P.SUBMISSION, P.REVIEW, P.VOTING}
FROM_VOTING = {P.VOTING, P.COUNTING, P.RESULTS}

EXPECTED: dict[str, dict[str, set[Phase]]] = {
    "can_manage_voting": {"gemeente": BEFORE_CLOSING, "admin": BEFORE_CLOSING},
    "can_replace_code": {
        name: {P.REVIEW, P.VOTING} for name in ("wijkondersteuner", "gemeente", "admin")
    },
    "can_see_turnout": {name: FROM_VOTING for name in ("wijkondersteuner", "gemeente", "admin")},
}


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("phase", list(Phase))
def test_voting_permission_matrix(predicate: str, actor: str, phase: Phase) -> None:
    allowed = phase in EXPECTED[predicate].get(actor, set())
    check: Callable[[User | None, Round, date], bool] = getattr(permissions, predicate)
    assert check(_user(ACTORS[actor]), _round(phase), TODAY) is allowed
