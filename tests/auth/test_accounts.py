from __future__ import annotations

import re
from collections.abc import Callable
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.helpers import login, submit, text
from tests.mailserver import body
from wijkbudget.auth.models import User
from wijkbudget.auth.services import find_user
from wijkbudget.extensions import db

NEW_PASSWORD = "a brand new secret"


def _link(message: EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body(message))
    assert match, body(message)
    return match.group(1)


def _register(client: FlaskClient, email: str = "nieuw@example.org", **extra: str) -> str:
    data = {
        "name": "Nieuwe Bewoner",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        **extra,
    }
    return text(submit(client, "/registreren", data))


def test_register_confirm_by_mail_then_log_in(
    client: FlaskClient, mailbox: list[EmailMessage]
) -> None:
    page = _register(client)
    assert "Kijk in uw e-mail" in page or "e-mail" in page.lower()
    assert len(mailbox) == 1 and mailbox[0]["To"] == "nieuw@example.org"

    refused = submit(client, "/inloggen", {"email": "nieuw@example.org", "password": PASSWORD})
    assert "bevestig" in text(refused).lower()  # not confirmed yet: cannot log in

    confirmed = client.get(_link(mailbox[0]))
    assert confirmed.status_code == 302
    login(client, "nieuw@example.org", PASSWORD)
    assert "nieuw@example.org" in text(client.get("/account"))


def test_register_does_not_reveal_existing_accounts(
    client: FlaskClient, make_user: Callable[..., User], mailbox: list[EmailMessage]
) -> None:
    existing = make_user(email="al@example.org")
    page_existing = _register(client, "al@example.org")
    page_new = _register(client, "nog-niet@example.org")
    assert page_existing.replace("al@example.org", "X") == page_new.replace(
        "nog-niet@example.org", "X"
    )
    # The owner hears about it by mail; no second account is made.
    assert [m["To"] for m in mailbox] == ["al@example.org", "nog-niet@example.org"]
    assert "al een account" in body(mailbox[0])
    assert db.session.query(User).filter_by(email=existing.email).count() == 1


def test_register_shows_clear_errors_and_keeps_what_was_typed(client: FlaskClient) -> None:
    response = submit(
        client,
        "/registreren",
        {"name": "Bea", "email": "geen-adres", "password": "kort", "password_again": "anders"},
    )
    html = response.get_data(as_text=True)
    page = text(response)
    assert response.status_code == 200
    assert "Dit is geen e-mailadres" in page
    assert "minstens 8 tekens" in page
    assert 'value="Bea"' in html and 'value="geen-adres"' in html
    assert 'aria-invalid="true"' in html


def test_wrong_password_and_unknown_account_look_the_same(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    wrong = text(submit(client, "/inloggen", {"email": user.email, "password": "wrong-one"}))
    unknown = text(submit(client, "/inloggen", {"email": "nobody@example.org", "password": "x"}))
    assert "Het e-mailadres of het wachtwoord klopt niet" in wrong
    assert wrong == unknown


def test_login_is_throttled_after_repeated_failures(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    for _attempt in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        submit(client, "/inloggen", {"email": user.email, "password": "wrong"})
    # Even the right password is refused while throttled, so guessing gains nothing.
    response = submit(client, "/inloggen", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "U heeft het te vaak geprobeerd" in text(response)


def test_password_reset_by_mail_works_once_and_ends_old_sessions(
    app: Flask, make_user: Callable[..., User], mailbox: list[EmailMessage]
) -> None:
    user = make_user()
    old_session = app.test_client()
    login(old_session, user.email, PASSWORD)

    client = app.test_client()
    page = text(submit(client, "/wachtwoord-vergeten", {"email": user.email}))
    unknown_page = text(submit(client, "/wachtwoord-vergeten", {"email": "x@example.org"}))
    assert page.replace(user.email, "X") == unknown_page.replace("x@example.org", "X")
    assert len(mailbox) == 1
    link = _link(mailbox[0])

    done = submit(client, link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert done.status_code == 302
    login(client, user.email, NEW_PASSWORD)
    assert client.get(link).status_code == 400  # the link worked once
    assert old_session.get("/account").status_code == 302  # the old session is logged out


def test_logout_ends_the_session(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    login(client, user.email, PASSWORD)
    assert client.get("/account").status_code == 200
    submit(client, "/account", {}, action="/uitloggen")
    assert client.get("/account").status_code == 302


def test_login_redirects_only_within_the_site(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    response = submit(
        client,
        "/inloggen",
        {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/"


def test_account_language_is_remembered_at_next_login(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user()
    client = app.test_client()
    login(client, user.email, PASSWORD)
    submit(client, "/account", {"name": "Bea", "locale": "en", "submit": "1"})
    db.session.expire_all()
    assert find_user(user.email).locale == "en"  # type: ignore[union-attr]

    fresh = app.test_client()
    login(fresh, user.email, PASSWORD)
    assert '<html lang="en">' in fresh.get("/").get_data(as_text=True)


def test_change_password_needs_the_current_one(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    login(client, user.email, PASSWORD)
    data = {
        "pw-current_password": "not it",
        "pw-password": NEW_PASSWORD,
        "pw-password_again": NEW_PASSWORD,
        "pw-submit": "1",
    }
    assert "niet uw huidige wachtwoord" in text(submit(client, "/account", data))
    data["pw-current_password"] = PASSWORD
    assert submit(client, "/account", data).status_code == 302
    assert client.get("/account").status_code == 200  # this session stays logged in


def test_a_forged_host_never_reaches_a_reset_mail(
    app: Flask, make_user: Callable[..., User], mailbox: list[EmailMessage]
) -> None:
    from wijkbudget.auth import notify

    user = make_user()
    # As if a request arrived with a forged Host header (or X-Forwarded-Host).
    with app.test_request_context("/wachtwoord-vergeten", base_url="http://evil.example"):
        notify.send_password_reset(user, "nl")
    assert "evil.example" not in body(mailbox[0])
    assert "http://127.0.0.1:5000/wachtwoord-herstellen/" in body(mailbox[0])


def test_nobody_can_flood_an_inbox_with_reset_mails(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], mailbox: list[EmailMessage]
) -> None:
    user = make_user()
    pages = {
        text(submit(client, "/wachtwoord-vergeten", {"email": user.email}))
        for _attempt in range(app.config["MAIL_REQUESTS_PER_EMAIL"] + 3)
    }
    assert len(pages) == 1  # the page answers the same every time
    assert len(mailbox) == app.config["MAIL_REQUESTS_PER_EMAIL"]
