"""Every route that accepts POST refuses a request without a valid CSRF token, and changes nothing.

The routes come from ``app.url_map``, so a new form is covered the day it is added.
"""

from __future__ import annotations

from flask import Flask

from tests.helpers import csrf_fields
from tests.security.conftest import World, row_counts
from tests.security.routes import GET_MATRIX, POST_ONLY, expand, rules, url_for_rule
from wijkbudget.extensions import csrf

EXPIRED = "Het formulier is verlopen"  # the CSRF page, in Dutch (the default language)
REFUSED_EARLIER = {401, 403, 404, 405}


def post_urls(app: Flask, world: World) -> list[str]:
    found = []
    for rule in rules(app, "POST"):
        if rule.endpoint in GET_MATRIX:
            values = GET_MATRIX[rule.endpoint][0].values
        else:
            values = POST_ONLY[rule.endpoint]
        found.append(url_for_rule(app, rule, next(expand(rule, values(world)))))
    return found


def _forged_posts(stolen_token: str) -> list[dict[str, str]]:
    """No token, a made-up one, and a real one from someone else's session."""
    return [
        {"name": "Forged", "reason": "forged"},
        {"csrf_token": "IjEyMzQ1Ig.forged.token", "name": "Forged"},
        {"csrf_token": stolen_token, "name": "Forged"},
    ]


def test_every_post_route_refuses_a_missing_or_foreign_csrf_token(app: Flask, world: World) -> None:
    assert app.config.get("WTF_CSRF_ENABLED", True), "tests must keep CSRF protection on"
    someone_else = app.test_client()
    stolen = csrf_fields(someone_else.get("/inloggen").get_data(as_text=True))["csrf_token"]
    targets = post_urls(app, world)
    assert len(targets) > 40  # every form of the app
    before = row_counts()
    wrong = []
    for persona in ("admin", "anonymous"):
        client = world.client(persona)
        for url in targets:
            for data in _forged_posts(stolen):
                response = client.post(url, data=data)
                body = response.get_data(as_text=True)
                refused = (response.status_code == 400 and EXPIRED in body) or (
                    response.status_code in REFUSED_EARLIER
                )
                if not refused:
                    wrong.append(f"{persona} POST {url} {sorted(data)}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert row_counts() == before
    # The admin is still logged in: the refusals did not end the session either.
    assert world.client("admin").get("/beheer/").status_code == 200


def test_the_json_api_has_no_post_route_and_is_the_only_exemption(app: Flask) -> None:
    """The API is exempt because it is read-only and uses tokens, not cookies: keep it so."""
    api_posts = [r.rule for r in rules(app, "POST") if r.rule.startswith("/api/")]
    assert api_posts == []
    for method in ("PUT", "PATCH", "DELETE"):
        assert [r.rule for r in rules(app, method)] == []
    exempt_blueprints = {bp.name for bp in csrf._exempt_blueprints}
    assert exempt_blueprints == {"v1"}
    exempt_views = set(csrf._exempt_views)
    exempt_endpoints = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if f"{view.__module__}.{view.__name__}" in exempt_views
    }
    for endpoint in exempt_endpoints:
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        assert rule.methods is not None and "POST" not in rule.methods, endpoint


def test_a_real_token_from_the_same_session_is_accepted(world: World) -> None:
    """The refusals above are the token's doing: the same post with the page's token works."""
    client = world.client("admin")
    page = client.get(f"/beheer/gebruikers/{world.user_id}").get_data(as_text=True)
    tokens = csrf_fields(page)
    response = client.post(
        "/taal", data={"csrf_token": tokens.get("csrf_token", ""), "locale": "en", "next": "/"}
    )
    assert response.status_code == 302
