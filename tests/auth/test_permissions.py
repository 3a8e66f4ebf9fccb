"""Permissions as a role × phase matrix, without HTTP (as a4-meinberlin tests its rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from wijkbudget.auth import permissions
from wijkbudget.auth.models import Role, RoleAssignment, User
from wijkbudget.demo import dates_for
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase

TODAY = date(2026, 3, 15)
HOME, OTHER = 1, 2
P = Phase

# Who, for the round in wijk HOME: anonymous, resident, werkgroep/wijkondersteuner of HOME and
# of another wijk, gemeente, admin.
ACTORS = {
    "anonymous": None,
    "resident": [],
    "werkgroep": [(Role.WERKGROEP, HOME)],
    "werkgroep-elsewhere": [(Role.WERKGROEP, OTHER)],
    "wijkondersteuner": [(Role.WIJKONDERSTEUNER, HOME)],
    "wijkondersteuner-elsewhere": [(Role.WIJKONDERSTEUNER, OTHER)],
    "gemeente": [(Role.GEMEENTE, None)],
    "admin": [(Role.ADMIN, None)],
}

EXPECTED: dict[str, dict[str, set[Phase]]] = {
    "can_submit": {name: {P.SUBMISSION} for name in ACTORS if name != "anonymous"},
    "can_review": {"werkgroep": {P.REVIEW}},
    "can_moderate": {"wijkondersteuner": {P.SUBMISSION, P.REVIEW, P.VOTING}},
    "can_export": {"gemeente": {P.COUNTING, P.RESULTS}, "admin": {P.COUNTING, P.RESULTS}},
    "can_manage_criteria": {
        "werkgroep": {P.PREPARATION, P.SUBMISSION, P.REVIEW},
        "admin": {P.PREPARATION, P.SUBMISSION, P.REVIEW},
    },
}


def _user(roles: list[tuple[Role, int | None]] | None) -> User | None:
    if roles is None:
        return None
    user = User(email="x@example.org", name="X", password_hash="-", session_token="t")
    user.confirmed_at = datetime(2026, 1, 1, tzinfo=UTC)
    user.roles = [RoleAssignment(role=role, wijk_id=wijk) for role, wijk in roles]
    return user


def _round(phase: Phase) -> Round:
    dates = dates_for(phase, TODAY)
    return Round(wijk_id=HOME, year=2026, title="t", budget_cents=1, **dates.__dict__)


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("phase", list(Phase))
def test_permission_matrix(predicate: str, actor: str, phase: Phase) -> None:
    allowed = phase in EXPECTED[predicate].get(actor, set())
    check: Callable[[User | None, Round, date], bool] = getattr(permissions, predicate)
    assert check(_user(ACTORS[actor]), _round(phase), TODAY) is allowed


def test_an_unconfirmed_account_cannot_submit() -> None:
    user = _user([])
    assert user is not None
    user.confirmed_at = None
    assert not permissions.can_submit(user, _round(P.SUBMISSION), TODAY)


def test_phase_boundaries_follow_the_dates() -> None:
    round_ = _round(P.REVIEW)
    user = _user([(Role.WERKGROEP, HOME)])
    assert permissions.can_review(user, round_, round_.review_start)
    assert not permissions.can_review(user, round_, round_.review_start - timedelta(days=1))
    assert not permissions.can_review(user, round_, round_.voting_start)


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("admin", True), ("gemeente", False), ("wijkondersteuner", False), ("anonymous", False)],
)
def test_only_admins_manage_wijken_and_roles(actor: str, allowed: bool) -> None:
    user = _user(ACTORS[actor])
    assert permissions.can_manage_wijken(user) is allowed
    assert permissions.can_assign_roles(user) is allowed


@pytest.mark.parametrize(
    ("actor", "wijk_id", "allowed"),
    [
        ("admin", None, True),
        ("gemeente", None, True),
        ("wijkondersteuner", HOME, True),
        ("wijkondersteuner", None, False),
        ("wijkondersteuner-elsewhere", HOME, False),
        ("werkgroep", HOME, False),
        ("resident", None, False),
    ],
)
def test_who_reads_the_audit_log(actor: str, wijk_id: int | None, allowed: bool) -> None:
    assert permissions.can_see_audit_log(_user(ACTORS[actor]), wijk_id) is allowed


AUTHOR_ID = 7


def _initiative(status: Status, phase: Phase) -> Initiative:
    initiative = Initiative(author_id=AUTHOR_ID, status=status, title="t")
    initiative.round = _round(phase)
    return initiative


def _author() -> User:
    user = _user([])
    assert user is not None
    user.id = AUTHOR_ID
    return user


EDITABLE = {
    (Status.DRAFT, P.SUBMISSION),
    (Status.CHANGES_REQUESTED, P.SUBMISSION),
    (Status.CHANGES_REQUESTED, P.REVIEW),
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("phase", list(Phase))
def test_the_initiator_edits_only_drafts_and_asked_changes(status: Status, phase: Phase) -> None:
    initiative = _initiative(status, phase)
    assert permissions.can_edit_initiative(_author(), initiative, TODAY) is (
        (status, phase) in EDITABLE
    )
    other = _user([])
    assert other is not None
    other.id = AUTHOR_ID + 1
    assert not permissions.can_edit_initiative(other, initiative, TODAY)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_who_sees_an_initiative(status: Status, actor: str) -> None:
    initiative = _initiative(status, P.REVIEW)
    public = status in {Status.PUBLISHED, Status.ADMITTED, Status.NOT_ADMITTED, Status.DUPLICATE}
    # A draft is the initiator's alone; sent-in ideas are seen by the wijk's people.
    insiders = set() if status is Status.DRAFT else {"admin", "wijkondersteuner", "werkgroep"}
    expected = public or actor in insiders
    assert permissions.can_view_initiative(_user(ACTORS[actor]), initiative) is expected
    assert permissions.can_view_initiative(_author(), initiative)
