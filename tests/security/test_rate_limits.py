"""Rate limits on login, password reset, stemcodes and project sign-up; and no account
enumeration: the answers for a known and an unknown address are the same."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import submit, text
from tests.projects.conftest import make_project
from wijkbudget.auth.models import User
from wijkbudget.extensions import db
from wijkbudget.projects.models import Project, Signup

__all__ = ["make_project"]


@pytest.fixture
def english(client: FlaskClient) -> FlaskClient:
    with client.session_transaction() as session:
        session["locale"] = "en"
    return client


def _login(client: FlaskClient, email: str, password: str) -> Any:
    return submit(client, "/inloggen", {"email": email, "password": password})


def test_login_is_paused_per_account_even_with_the_right_password(
    app: Flask, english: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    tries = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(tries):
        assert _login(english, user.email, "wrong password").status_code == 200
    response = _login(english, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in text(response)


def test_login_is_paused_per_address_across_accounts(app: Flask, english: FlaskClient) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    for number in range(4):
        assert _login(english, f"guess{number}@example.org", "x").status_code == 200
    assert _login(english, "another@example.org", "x").status_code == 429


def test_reset_mails_are_limited_and_the_page_stays_the_same(
    app: Flask, english: FlaskClient, make_user: Callable[..., User], mailbox: list[Any]
) -> None:
    user = make_user()
    pages = set()
    for _ in range(app.config["MAIL_REQUESTS_PER_EMAIL"] + 3):
        response = submit(english, "/wachtwoord-vergeten", {"email": user.email})
        assert response.status_code == 200
        pages.add(text(response))
    assert len(mailbox) == app.config["MAIL_REQUESTS_PER_EMAIL"]
    assert len(pages) == 1  # nothing tells a guesser the limit was reached


def test_guessing_stemcodes_is_limited(app: Flask, english: FlaskClient) -> None:
    app.config["STEMCODE_LIMIT_PER_CLIENT"] = "3/minute"
    for _ in range(3):
        assert submit(english, "/stem", {"code": "2345-6789-ABCD"}).status_code == 422
    response = submit(english, "/stem", {"code": "2345-6789-ABCD"})
    assert response.status_code == 429
    assert "Too many attempts" in text(response)


def test_project_sign_up_is_limited_per_client(
    app: Flask, english: FlaskClient, make_project: Callable[..., Project]
) -> None:
    app.config["SIGNUP_LIMIT_PER_CLIENT"] = "3/hour"
    project = make_project()
    way = project.join_ways[0].value
    page = f"/meedoen/{project.slug}/aanmelden"
    for number in range(3):
        data = {"name": f"Buur {number}", "email": f"buur{number}@example.org", "way": way}
        assert submit(english, page, data).status_code == 302
    data = {"name": "Script", "email": "script@example.org", "way": way}
    response = submit(english, page, data)
    assert response.status_code == 429
    assert "Too many attempts" in text(response)
    assert english.get(page).status_code == 200  # reading the form is never limited
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 3


# --- No account enumeration ---------------------------------------------------------------------


def _same_page(first: str, second: str, emails: tuple[str, str]) -> bool:
    return first.replace(emails[0], "ADDRESS") == second.replace(emails[1], "ADDRESS")


def test_register_answers_the_same_for_a_known_and_a_new_address(
    app: Flask, make_user: Callable[..., User]
) -> None:
    known = make_user().email
    answers = []
    for email in (known, "nieuw@example.org"):
        client = app.test_client()
        response = submit(
            client,
            "/registreren",
            {
                "name": "Bea",
                "email": email,
                "password": "een lang wachtwoord",
                "password_again": "een lang wachtwoord",
            },
        )
        answers.append((response.status_code, text(response)))
    assert answers[0][0] == answers[1][0] == 200
    assert _same_page(answers[0][1], answers[1][1], (known, "nieuw@example.org"))


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    app: Flask, make_user: Callable[..., User]
) -> None:
    known = make_user().email
    answers = []
    for email in (known, "onbekend@example.org"):
        response = submit(app.test_client(), "/wachtwoord-vergeten", {"email": email})
        answers.append((response.status_code, text(response)))
    assert answers[0][0] == answers[1][0] == 200
    assert _same_page(answers[0][1], answers[1][1], (known, "onbekend@example.org"))


def test_login_says_the_same_for_an_unknown_address_and_a_wrong_password(
    app: Flask, make_user: Callable[..., User]
) -> None:
    known = make_user().email
    pages = []
    for email in (known, "onbekend@example.org"):
        response = _login(app.test_client(), email, "wrong password")
        body = re.sub(r'value="[^"]*"', "", text(response))  # the typed address is echoed
        pages.append((response.status_code, body.replace(email, "ADDRESS")))
    assert pages[0] == pages[1]
