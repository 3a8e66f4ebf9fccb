"""The sign-up rules without HTTP: checks, duplicates, the waiting list, cancelling, forgetting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkbudget.audit.models import AuditEntry
from wijkbudget.auth.models import Role, User
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.projects import services, signups
from wijkbudget.projects.models import JoinWay, Project, Signup, SignupStatus
from wijkbudget.projects.signups import SignupData, SignupError, sign_up

NOW = utcnow()


def person(number: int, **overrides: object) -> SignupData:
    values: dict[str, object] = {
        "name": f"Bewoner {number}",
        "way": JoinWay.TAKE_PART,
        "email": f"bewoner{number}@example.org",
    }
    values.update(overrides)
    return SignupData(**values)  # type: ignore[arg-type]


def test_a_sign_up_without_account_is_new(make_project: Callable[..., Project]) -> None:
    project = make_project()
    signup = sign_up(project, person(1, email=" Bewoner1@Example.org "), NOW)
    assert signup.status is SignupStatus.NEW
    assert signup.email == "bewoner1@example.org"
    assert len(signup.token) >= 40


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"email": "", "phone": ""}, "email", "email_or_phone"),
        ({"way": JoinWay.THINK_ALONG}, "way", "way_not_offered"),
    ],
)
def test_refusals(
    make_project: Callable[..., Project], overrides: dict[str, object], field: str, code: str
) -> None:
    project = make_project()
    with pytest.raises(SignupError) as error:
        sign_up(project, person(1, **overrides), NOW)
    assert (error.value.field, error.value.code) == (field, code)


def test_a_closed_project_refuses(make_project: Callable[..., Project]) -> None:
    project = make_project(signup_open=False)
    with pytest.raises(SignupError, match="closed"):
        sign_up(project, person(1), NOW)


def test_children_need_a_guardian_with_consent_and_the_right_age(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(needs_guardian=True, min_age=8, max_age=12)
    with pytest.raises(SignupError, match="guardian_needed"):
        sign_up(project, person(1), NOW)
    with pytest.raises(SignupError, match="consent_needed"):
        sign_up(project, person(1, guardian_name="Mila"), NOW)
    with pytest.raises(SignupError, match="age_outside_range"):
        sign_up(project, person(1, guardian_name="Mila", guardian_consent=True, child_age=14), NOW)
    child = sign_up(
        project, person(1, guardian_name="Mila", guardian_consent=True, child_age=9), NOW
    )
    assert child.guardian_consent and child.guardian_name == "Mila"


def test_a_double_sign_up_is_recognised_by_email_or_phone(
    make_project: Callable[..., Project],
) -> None:
    project = make_project()
    first = sign_up(project, person(1, phone="06-12 34 56 78"), NOW)
    with pytest.raises(SignupError) as error:
        sign_up(project, person(2, email="BEWONER1@example.org"), NOW)
    assert error.value.code == "already_signed_up" and error.value.existing is first
    with pytest.raises(SignupError, match="already_signed_up"):
        sign_up(project, person(3, email="", phone="+31612345678"), NOW)
    # Once cancelled, the same person may sign up again.
    signups.cancel(first, NOW)
    assert sign_up(project, person(1), NOW).status is SignupStatus.NEW


def test_a_full_project_puts_people_on_the_waiting_list_in_order(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(capacity=2)
    a, b = sign_up(project, person(1), NOW), sign_up(project, person(2), NOW)
    c, d = sign_up(project, person(3), NOW), sign_up(project, person(4), NOW)
    assert [s.status for s in (a, b, c, d)] == [SignupStatus.NEW] * 2 + [SignupStatus.WAITING] * 2
    assert (signups.waiting_position(c), signups.waiting_position(d)) == (1, 2)
    assert signups.waiting_position(a) is None

    promoted = signups.cancel(a, NOW)
    assert promoted == [c]
    assert c.status is SignupStatus.NEW and signups.waiting_position(d) == 1
    assert signups.cancel(d, NOW) == []  # leaving the waiting list frees no place


def test_raising_the_capacity_moves_people_up(make_project: Callable[..., Project]) -> None:
    from tests.projects.conftest import project_data

    project = make_project(capacity=1)
    sign_up(project, person(1), NOW)
    waiting = [sign_up(project, person(n), NOW) for n in (2, 3, 4)]
    promoted = services.update_project(
        None, project, project_data(project.wijken, slug=project.slug, capacity=3)
    )
    assert promoted == waiting[:2]
    assert waiting[2].status is SignupStatus.WAITING


def test_forget_deletes_the_person_and_moves_the_next_up(
    make_project: Callable[..., Project],
) -> None:
    project = make_project(capacity=1)
    first, second = sign_up(project, person(1), NOW), sign_up(project, person(2), NOW)
    db.session.commit()
    first_id = first.id
    assert signups.forget(first, NOW) == [second]
    db.session.commit()
    assert db.session.get(Signup, first_id) is None
    assert signups.by_token(second.token) is second


def test_coordinator_status_changes_are_audited_without_personal_data(
    make_project: Callable[..., Project], make_user: Callable[..., User]
) -> None:
    project = make_project(capacity=1)
    coordinator = make_user(Role.ADMIN)
    first, second = sign_up(project, person(1), NOW), sign_up(project, person(2), NOW)
    with pytest.raises(signups.StatusError, match="project_full"):
        signups.set_status(coordinator, second, SignupStatus.JOINED, "", NOW)
    db.session.rollback()
    first, second = db.session.merge(first), db.session.merge(second)
    signups.set_status(coordinator, first, SignupStatus.CONTACTED, "Gebeld op dinsdag", NOW)
    assert signups.set_status(coordinator, first, SignupStatus.CANCELLED, "", NOW) == [second]
    with pytest.raises(signups.StatusError, match="not_allowed"):
        signups.set_status(coordinator, second, SignupStatus.WAITING, "", NOW)
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "signup.status"))
    texts = [str(e.details) for e in entries]
    assert texts and not any("Bewoner" in t or "example.org" in t or "Gebeld" in t for t in texts)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    capacity=st.integers(min_value=1, max_value=4),
    steps=st.lists(
        st.one_of(st.just(("join", 0)), st.tuples(st.just("cancel"), st.integers(0, 30))),
        max_size=25,
    ),
)
def test_never_more_places_than_capacity_and_cancel_promotes_the_first_waiting(
    make_project: Callable[..., Project], capacity: int, steps: list[tuple[str, int]]
) -> None:
    project = make_project(capacity=capacity)
    people: list[Signup] = []
    for number, (action, pick) in enumerate(steps):
        if action == "join":
            people.append(sign_up(project, person(number), NOW + timedelta(seconds=number)))
        else:
            active = [s for s in people if s.status is not SignupStatus.CANCELLED]
            if not active:
                continue
            leaving = active[pick % len(active)]
            first_waiting = next(
                (s for s in sorted(people, key=lambda s: s.id) if s.status is SignupStatus.WAITING),
                None,
            )
            held_place = leaving.status.holds_place
            promoted = signups.cancel(leaving, NOW)
            if held_place and first_waiting is not None and first_waiting is not leaving:
                assert promoted == [first_waiting]
            else:
                assert promoted == []
        holding = [s for s in people if s.status.holds_place]
        waiting = [s for s in people if s.status is SignupStatus.WAITING]
        assert len(holding) <= capacity
        assert not waiting or len(holding) == capacity  # nobody waits while a place is free
    db.session.rollback()
