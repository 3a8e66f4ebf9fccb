"""Who may export: the predicates as a matrix, then the pages for each role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.auth.test_permissions import ACTORS, _user
from tests.conftest import PASSWORD
from tests.exports.conftest import Scenario
from tests.helpers import login, text
from wijkbudget.auth.models import Role, User
from wijkbudget.exports.permissions import can_export_across_wijken
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

ACROSS = {"gemeente", "admin"}


@pytest.mark.parametrize("actor", sorted(ACTORS))
def test_across_wijken_matrix(actor: str) -> None:
    assert can_export_across_wijken(_user(ACTORS[actor])) is (actor in ACROSS)


ROLES: dict[str, tuple[Role, bool] | None] = {
    "anonymous": None,
    "resident": (Role.RESIDENT, False),
    "werkgroep": (Role.WERKGROEP, True),
    "wijkondersteuner": (Role.WIJKONDERSTEUNER, True),
    "gemeente": (Role.GEMEENTE, False),
    "admin": (Role.ADMIN, False),
}


def _as(client: FlaskClient, who: str, make_user: Callable[..., User], wijk: Wijk) -> None:
    given = ROLES[who]
    if given is not None:
        role, in_wijk = given
        login(client, make_user(role, wijk if in_wijk else None).email, PASSWORD)


@pytest.mark.parametrize("who", sorted(ROLES))
def test_export_pages_by_role(
    client: FlaskClient, make_user: Callable[..., User], closed: Scenario, who: str
) -> None:
    _as(client, who, make_user, closed.wijk)
    pages = [
        f"/ronde/{closed.round.id}/exporteren",
        f"/ronde/{closed.round.id}/exporteren/initiatieven.csv",
        f"/ronde/{closed.round.id}/exporteren/opkomst.xlsx",
        f"/ronde/{closed.round.id}/exporteren/logboek",
        f"/ronde/{closed.round.id}/exporteren/rapport.pdf",
        "/exporteren",
        "/exporteren/initiatieven.xlsx",
        "/exporteren/logboek?fmt=csv",
    ]
    for page in pages:
        response = client.get(page)
        if who == "anonymous":
            assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
        elif who in ACROSS:
            assert response.status_code == 200, page
        else:
            assert response.status_code == 403, (who, page)


def test_a_round_still_voting_cannot_be_exported(
    client: FlaskClient, make_user: Callable[..., User], make_round: Callable[..., Round]
) -> None:
    round_ = make_round(Phase.VOTING)
    login(client, make_user(Role.GEMEENTE).email, PASSWORD)
    assert client.get(f"/ronde/{round_.id}/exporteren").status_code == 403
    assert client.get(f"/ronde/{round_.id}/exporteren/initiatieven.csv").status_code == 403
    page = text(client.get("/exporteren"))
    assert round_.wijk.name not in page[: page.index("Wie wat deed")]
