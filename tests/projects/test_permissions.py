"""Who may manage projects: a role × relation matrix, without HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.projects import permissions, services
from wijkbudget.projects.models import Project
from wijkbudget.wijken.models import Wijk

# person → (create at all, create in project's wijk, manage project, assign coordinators)
MATRIX = {
    "anonymous": (False, False, False, False),
    "resident": (False, False, False, False),
    "admin": (True, True, True, True),
    "gemeente": (False, False, False, False),
    "werkgroep of the wijk": (False, False, False, False),
    "wijkondersteuner of the wijk": (True, True, True, True),
    "wijkondersteuner elsewhere": (True, False, False, False),
    "coordinator of the project": (False, False, True, False),
    "coordinator of another project": (False, False, False, False),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(
    who: str,
    make_wijk: Callable[..., Wijk],
    make_user: Callable[..., User],
    make_project: Callable[..., Project],
) -> None:
    wijk, elsewhere = make_wijk(), make_wijk()
    project, other = make_project(wijk), make_project(elsewhere)
    user: User | None
    if who == "anonymous":
        user = None
    elif who == "resident":
        user = make_user()
    elif who == "admin":
        user = make_user(Role.ADMIN)
    elif who == "gemeente":
        user = make_user(Role.GEMEENTE)
    elif who == "werkgroep of the wijk":
        user = make_user(Role.WERKGROEP, wijk)
    elif who == "wijkondersteuner of the wijk":
        user = make_user(Role.WIJKONDERSTEUNER, wijk)
    elif who == "wijkondersteuner elsewhere":
        user = make_user(Role.WIJKONDERSTEUNER, elsewhere)
    else:
        user = make_user()
        target = project if who == "coordinator of the project" else other
        services.add_coordinator(None, target, user.email)
        db.session.commit()
    got = (
        permissions.can_create_project(user),
        permissions.can_create_project_in(user, wijk),
        permissions.can_manage_project(user, project),
        permissions.can_assign_coordinators(user, project),
    )
    assert got == MATRIX[who]


def test_removing_the_last_project_takes_the_coordinator_role_back(
    make_user: Callable[..., User], make_project: Callable[..., Project]
) -> None:
    user = make_user()
    first, second = make_project(), make_project()
    services.add_coordinator(None, first, user.email)
    services.add_coordinator(None, second, user.email)
    services.remove_coordinator(None, first, user)
    assert user.has_role(Role.COORDINATOR)
    services.remove_coordinator(None, second, user)
    assert not user.has_role(Role.COORDINATOR)
    assert not permissions.can_manage_project(user, first)


def test_a_coordinator_needs_an_account(make_project: Callable[..., Project]) -> None:
    with pytest.raises(services.ProjectError, match="no_account"):
        services.add_coordinator(None, make_project(), "nobody@example.org")


def test_a_wijkondersteuner_cannot_place_a_project_in_another_wijk(
    make_wijk: Callable[..., Wijk], make_user: Callable[..., User]
) -> None:
    from tests.projects.conftest import project_data

    mine, other = make_wijk(), make_wijk()
    user = make_user(Role.WIJKONDERSTEUNER, mine)
    with pytest.raises(services.ProjectError, match="not_your_wijk"):
        services.create_project(user, project_data([other]))
    assert services.create_project(user, project_data([mine])).wijken == [mine]
