"""Who may manage which project, as plain predicates (no request, no query): tested as a matrix.

Admins manage every project; a wijkondersteuner manages the projects in their wijk; a
coordinator manages the projects they are linked to. Nobody else sees sign-ups.
"""

from __future__ import annotations

from wijkbudget.auth.models import Role, User
from wijkbudget.auth.permissions import is_admin
from wijkbudget.projects.models import Project
from wijkbudget.wijken.models import Wijk


def _signed_in(user: User | None) -> bool:
    return user is not None and user.is_authenticated


def is_wijkondersteuner_of(user: User | None, wijk: Wijk) -> bool:
    return _signed_in(user) and user is not None and user.has_role(Role.WIJKONDERSTEUNER, wijk.id)


def can_create_project(user: User | None) -> bool:
    """Admins, and a wijkondersteuner for their own wijk, add new projects."""
    return is_admin(user) or (
        _signed_in(user)
        and user is not None
        and any(a.role is Role.WIJKONDERSTEUNER for a in user.roles)
    )


def can_create_project_in(user: User | None, wijk: Wijk) -> bool:
    """A new project may be placed in this wijk by this person."""
    return is_admin(user) or is_wijkondersteuner_of(user, wijk)


def can_manage_project(user: User | None, project: Project) -> bool:
    """Edit the project, see and export its sign-ups, and mail the people who signed up."""
    if not _signed_in(user) or user is None:
        return False
    if is_admin(user):
        return True
    if any(is_wijkondersteuner_of(user, wijk) for wijk in project.wijken):
        return True
    return user.has_role(Role.COORDINATOR) and any(c.id == user.id for c in project.coordinators)


def can_assign_coordinators(user: User | None, project: Project) -> bool:
    """Admins and the wijkondersteuner of the project's wijk choose its coordinators."""
    return is_admin(user) or any(is_wijkondersteuner_of(user, wijk) for wijk in project.wijken)


def can_see_management(user: User | None) -> bool:
    """Whether to show the way to project management at all."""
    return can_create_project(user) or (
        _signed_in(user) and user is not None and user.has_role(Role.COORDINATOR)
    )
