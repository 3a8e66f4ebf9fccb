"""Every GET route of the app against the role matrix in ``routes.py`` (and the security
headers of every answer).

A new route fails here until it is classified: add it to ``GET_MATRIX`` with who may open it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from tests.security.conftest import PERSONAS, World
from tests.security.routes import ANON, GET_MATRIX, POST_ONLY, rules, urls
from tests.security.test_headers import header_problems
from wijkbudget.wijken.phases import Phase

API_SCOPES = {
    "api.v1.review": "review:read",
    "api.v1.participation": "participation:read",
    "api.v1.audit": "audit:read",
}


def test_every_route_is_classified(app: Flask) -> None:
    get_endpoints = {rule.endpoint for rule in rules(app, "GET")}
    unclassified = sorted(get_endpoints - set(GET_MATRIX))
    assert not unclassified, (
        f"add these routes to GET_MATRIX in tests/security/routes.py: {unclassified}"
    )
    stale = sorted(set(GET_MATRIX) - get_endpoints)
    assert not stale, f"these entries of GET_MATRIX are no longer routes: {stale}"
    post_only = {rule.endpoint for rule in rules(app, "POST")} - get_endpoints
    assert post_only == set(POST_ONLY), "POST_ONLY in routes.py must list the POST-only routes"


def _refused_anonymously(status: int, location: str, denied: tuple[int, ...]) -> bool:
    if status == 302:
        return urlsplit(location).path == "/inloggen"
    return status in {401, 403, 404, *denied}


def test_every_route_lets_in_exactly_the_roles_of_the_matrix(app: Flask, world: World) -> None:
    wrong: list[str] = []
    checked = 0
    for rule in rules(app, "GET"):
        for case in GET_MATRIX[rule.endpoint]:
            for url in urls(app, world, rule, case.values):
                for persona in PERSONAS:
                    response = world.client(persona).get(url)
                    status, location = response.status_code, response.headers.get("Location", "")
                    response.close()  # static files are streamed from an open file
                    wrong += [f"{persona} GET {url}: {p}" for p in header_problems(response)]
                    checked += 1
                    if persona in case.allowed:
                        ok = status == case.ok
                        expected = f"{case.ok}"
                    elif persona == ANON:
                        ok = _refused_anonymously(status, location, case.denied)
                        expected = "the login page or 401/403/404"
                    else:
                        ok = status in case.denied
                        expected = f"one of {case.denied}"
                    if not ok:
                        wrong.append(
                            f"{persona} GET {url}: {status} {location}, expected {expected}"
                        )
    assert not wrong, "\n".join(wrong)
    assert checked > 500  # the whole app was tried, not a sample


def test_anonymous_visitors_are_sent_to_login_and_come_back(app: Flask, world: World) -> None:
    """A login-only page sends a visitor to the login page with the way back in ``next``."""
    url = f"/ronde/{world.rounds[Phase.SUBMISSION]}/initiatief/nieuw"
    response = world.client(ANON).get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=")


def test_the_gemeente_parts_of_the_api_open_only_with_a_token_of_their_scope(
    app: Flask, world: World
) -> None:
    client = app.test_client()
    for rule in rules(app, "GET"):
        if rule.endpoint not in API_SCOPES:
            continue
        (case,) = GET_MATRIX[rule.endpoint]
        (url,) = urls(app, world, rule, case.values)
        for scope, secret in world.api_secrets.items():
            response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
            expected = 200 if scope == API_SCOPES[rule.endpoint] else 403
            assert response.status_code == expected, (url, scope)
        assert client.get(url, headers={"Authorization": "Bearer wb_nonsense"}).status_code == 401
