"""The results pages over HTTP: nothing before publishing, everything after."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.results.conftest import Closed
from wijkbudget.auth.models import Role, User
from wijkbudget.results import services

COUNTS = ("Votes per idea", "did not fit", "€12,000", "Online")


def _english(client: FlaskClient) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _as(client: FlaskClient, make_user: Callable[..., User], role: Role, closed: Closed) -> None:
    user = make_user(role, closed.round.wijk if role.per_wijk else None, locale="en")
    login(client, user.email, PASSWORD)


def _count_as_admin(client: FlaskClient, closed: Closed) -> None:
    page = f"/ronde/{closed.round.id}/uitslag/beheer"
    response = submit(client, page, {}, action=f"/ronde/{closed.round.id}/uitslag/tellen")
    assert response.status_code == 302


def _publish_as_admin(client: FlaskClient, closed: Closed) -> None:
    page = f"/ronde/{closed.round.id}/uitslag/beheer"
    response = submit(
        client,
        page,
        {"publish-confirm": "y"},
        action=f"/ronde/{closed.round.id}/uitslag/publiceren",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.WERKGROEP, Role.WIJKONDERSTEUNER])
def test_nobody_sees_counts_before_publishing(
    app,
    closed: Closed,
    make_user: Callable[..., User],
    role: Role | None,  # type: ignore[no-untyped-def]
) -> None:
    admin = app.test_client()
    _english(admin)
    _as(admin, make_user, Role.ADMIN, closed)
    _count_as_admin(admin, closed)
    assert services.outcome_of(closed.round) is not None

    visitor = app.test_client()
    _english(visitor)
    if role is not None:
        _as(visitor, make_user, role, closed)
    page = visitor.get(f"/ronde/{closed.round.id}/uitslag")
    assert page.status_code == 200
    shown = text(page)
    assert "not published yet" in shown
    assert not any(number in shown for number in COUNTS)
    assert visitor.get(f"/ronde/{closed.round.id}/uitslag/pakket.zip").status_code == 404
    manage = visitor.get(f"/ronde/{closed.round.id}/uitslag/beheer")
    assert manage.status_code == (302 if role is None else 403)
    post = visitor.post(f"/ronde/{closed.round.id}/uitslag/publiceren")
    assert post.status_code in (302, 400, 403)
    assert services.published_outcome(closed.round) is None

    _publish_as_admin(admin, closed)
    after = text(visitor.get(f"/ronde/{closed.round.id}/uitslag"))
    assert all(number in after for number in COUNTS)
    assert visitor.get(f"/ronde/{closed.round.id}/uitslag/pakket.zip").status_code == 200


def test_admin_counts_previews_and_publishes(admin_client: FlaskClient, closed: Closed) -> None:
    _english(admin_client)
    manage = admin_client.get(f"/ronde/{closed.round.id}/uitslag/beheer").get_data(as_text=True)
    assert 'value="Count the votes"' in manage
    _count_as_admin(admin_client, closed)
    manage = text(admin_client.get(f"/ronde/{closed.round.id}/uitslag/beheer"))
    assert "What other rules would have given" in manage
    assert "Equal shares" in manage and "same outcome" in manage
    preview = text(admin_client.get(f"/ronde/{closed.round.id}/uitslag"))
    assert "Not published yet" in preview and "did not fit" in preview

    # Publishing needs the box ticked.
    refused = submit(
        admin_client,
        f"/ronde/{closed.round.id}/uitslag/beheer",
        {},
        action=f"/ronde/{closed.round.id}/uitslag/publiceren",
    )
    assert refused.status_code == 302
    assert services.published_outcome(closed.round) is None
    _publish_as_admin(admin_client, closed)
    assert services.published_outcome(closed.round) is not None

    page = text(admin_client.get(f"/ronde/{closed.round.id}/uitslag"))
    assert "Not published yet" not in page
    assert "€21,000" in page and "€4,000" in page  # spent, and left over
    assert "Ballots 11 (online: 9, on paper: 2)" in page
    assert (
        "This idea got 4 votes. There was €4,000 left, and the idea costs €8,000: "
        "it did not fit any more." in page
    )
    assert "Idee 3 (funded)" in admin_client.get(f"/ronde/{closed.round.id}/uitslag").get_data(
        as_text=True
    )
    round_page = text(admin_client.get(f"/ronde/{closed.round.id}"))
    assert "See the results" in round_page


def test_count_is_refused_on_the_page_while_voting_runs(
    admin_client: FlaskClient, make_closed: Callable[..., Closed]
) -> None:
    running = make_closed(close=False)
    response = admin_client.get(f"/ronde/{running.round.id}/uitslag/beheer")
    assert response.status_code == 403


def test_count_needs_csrf(admin_client: FlaskClient, closed: Closed) -> None:
    response = admin_client.post(f"/ronde/{closed.round.id}/uitslag/tellen")
    assert response.status_code == 400
    assert services.outcome_of(closed.round) is None
