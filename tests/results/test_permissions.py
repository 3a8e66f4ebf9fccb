"""Who may count, publish and see an outcome: role × phase, without HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from wijkbudget.auth.models import Role, User
from wijkbudget.results import permissions
from wijkbudget.results.models import Outcome
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl

ROLES = [None, Role.RESIDENT, Role.WERKGROEP, Role.WIJKONDERSTEUNER, Role.GEMEENTE, Role.ADMIN]
RUNS_COUNTS = {Role.GEMEENTE, Role.ADMIN}


@pytest.fixture
def people(
    make_user: Callable[..., User], make_wijk: Callable[..., Wijk]
) -> tuple[Wijk, dict[Role | None, User | None]]:
    wijk = make_wijk()
    made: dict[Role | None, User | None] = {None: None}
    for role in ROLES[1:]:
        assert role is not None
        made[role] = make_user(role, wijk if role.per_wijk else None)
    return wijk, made


@pytest.mark.parametrize("phase", list(Phase))
def test_count_and_publish_matrix(
    people: tuple[Wijk, dict[Role | None, User | None]],
    make_round: Callable[..., Round],
    phase: Phase,
) -> None:
    wijk, users = people
    round_ = make_round(phase, wijk=wijk)
    today = today_in_nl()
    after_vote = phase in (Phase.COUNTING, Phase.RESULTS)
    for role, user in users.items():
        expected = role in RUNS_COUNTS and after_vote
        assert permissions.can_count(user, round_, today) is expected, (role, phase)
        assert permissions.can_publish(user, round_, today) is expected, (role, phase)


@pytest.mark.parametrize("published", [False, True])
def test_who_sees_an_outcome(
    people: tuple[Wijk, dict[Role | None, User | None]], published: bool
) -> None:
    _, users = people
    outcome = Outcome(published_at=datetime.now(UTC) if published else None)
    for role, user in users.items():
        expected = published or role in RUNS_COUNTS
        assert permissions.can_see_outcome(user, outcome) is expected, (role, published)
        assert permissions.can_see_outcome(user, None) is False
        assert permissions.can_compare_rules(user) is (role in RUNS_COUNTS)
        assert permissions.can_import(user) is (role is Role.ADMIN)
