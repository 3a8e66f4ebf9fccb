"""No open redirect: every ``next`` the app follows (after login, after switching language)
stays on this site, whatever is written in it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import csrf_fields, submit
from wijkbudget.auth.models import User

OFF_SITE = [
    "https://evil.example",
    "http://evil.example/inloggen",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",  # stays a path on this site: allowed, but must not leave it
    "https:evil.example",
    "https:/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nLocation: https://evil.example",
    " //evil.example",
    "\x00//evil.example",
    "//evil.example@localhost",
    "/ /evil.example",
    "\uff0f\uff0fevil.example",  # full-width slashes
    "http://localhost.evil.example/",
]


def assert_on_site(location: str) -> None:
    """A Location a browser resolves to this site: a path, not a host (browsers read "\\" as
    "/" and drop tabs and newlines, so those count as a way off-site too)."""
    assert location, "no Location"
    assert not any(ch in location for ch in "\t\r\n\x00\\"), location
    parts = urlsplit(location)
    assert parts.scheme in ("", "http") and parts.netloc in ("", "localhost"), location
    path = location if not parts.netloc else location.split(parts.netloc, 1)[1]
    assert path.startswith("/") and not path.startswith("//"), location


def test_assert_on_site_catches_the_tricks() -> None:
    for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil"]:
        with pytest.raises(AssertionError):
            assert_on_site(bad)
    assert_on_site("/ronde/1?x=y")


@pytest.fixture
def person(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_sends_you_off_site(client: FlaskClient, person: User, target: str) -> None:
    page = f"/inloggen?next={quote(target, safe='')}"
    response = submit(client, page, {"email": person.email, "password": PASSWORD}, action=page)
    assert response.status_code == 302
    assert_on_site(response.headers["Location"])


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_form_field_next_is_checked_too(
    client: FlaskClient, person: User, target: str
) -> None:
    """The hidden field can be changed by whoever posts the form."""
    response = submit(
        client, "/inloggen", {"email": person.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert_on_site(response.headers["Location"])


@pytest.mark.parametrize("target", OFF_SITE)
def test_switching_language_never_sends_you_off_site(client: FlaskClient, target: str) -> None:
    tokens = csrf_fields(client.get("/").get_data(as_text=True))
    response = client.post("/taal", data={**tokens, "locale": "en", "next": target})
    assert response.status_code == 302
    assert_on_site(response.headers["Location"])


def test_a_next_on_this_site_is_followed(client: FlaskClient, person: User) -> None:
    """The check is not "always go home": a real way back still works."""
    page = "/inloggen?next=" + quote("/meedoen/?wijk=beijum", safe="")
    response = submit(client, page, {"email": person.email, "password": PASSWORD}, action=page)
    assert response.headers["Location"] == "/meedoen/?wijk=beijum"
    tokens = csrf_fields(client.get("/").get_data(as_text=True))
    response = client.post("/taal", data={**tokens, "locale": "en", "next": "/hoe-werkt-het"})
    assert response.headers["Location"] == "/hoe-werkt-het"
