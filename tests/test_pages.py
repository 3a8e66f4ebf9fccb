from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import submit, text
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase


def test_start_page_lists_every_wijk_with_its_phase(
    client: FlaskClient, make_wijk: Callable[..., Wijk], make_round: Callable[..., Round]
) -> None:
    beijum = make_wijk("Beijum")
    make_round(Phase.VOTING, wijk=beijum)
    make_wijk("Selwerd")
    page = text(client.get("/"))
    assert "Beijum" in page and "Selwerd" in page
    assert "Stemmen" in page  # Beijum's phase, in Dutch by default
    assert "Er is nog geen ronde gepland." in page  # Selwerd has no round


def test_wijk_page_shows_budget_phase_and_dates(
    client: FlaskClient, make_round: Callable[..., Round]
) -> None:
    round_ = make_round(Phase.SUBMISSION, budget_cents=2_500_000)
    response = client.get(f"/wijk/{round_.wijk.slug}")
    page = text(response)
    assert response.status_code == 200
    assert "€ 25.000" in page
    assert "Ideeën insturen" in page
    assert 'aria-current="step"' in response.get_data(as_text=True)
    assert str(round_.voting_end.year) in page


def test_unknown_wijk_gives_a_dutch_404_page(client: FlaskClient) -> None:
    response = client.get("/wijk/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text(response)


def test_how_it_works_explains_the_cycle_and_criteria_in_both_languages(
    client: FlaskClient,
) -> None:
    dutch = text(client.get("/hoe-werkt-het"))
    assert "werkgroep" in dutch and "stemt" in dutch and "De regels voor een idee" in dutch
    submit(client, "/", {"locale": "en", "next": "/hoe-werkt-het"}, action="/taal")
    english = client.get("/hoe-werkt-het")
    assert "The rules for an idea" in text(english)
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_health_check_reports_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_pages_send_a_strict_content_security_policy(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_dutch_is_the_default_and_english_browsers_get_english(client: FlaskClient) -> None:
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_language_choice_persists_across_pages(client: FlaskClient) -> None:
    client.get("/", headers={"Accept-Language": "en"})
    response = submit(client, "/", {"locale": "en", "next": "/inloggen"}, action="/taal")
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert "E-mail address" in text(client.get("/inloggen"))
    submit(client, "/", {"locale": "nl", "next": "/"}, action="/taal")
    assert "E-mailadres" in text(client.get("/inloggen"))


def test_language_switch_never_redirects_to_another_site(client: FlaskClient) -> None:
    response = submit(client, "/", {"locale": "en", "next": "//evil.example/"}, action="/taal")
    assert response.headers["Location"] == "/"


def test_a_form_without_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/taal", data={"locale": "en"})
    assert response.status_code == 400


def test_a_server_error_shows_a_calm_page_in_dutch(app: Flask) -> None:
    @app.get("/kapot")
    def broken() -> str:
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/kapot")
    assert response.status_code == 500
    assert "Error code: 500" not in text(response)
    assert "500" in text(response) and '<html lang="nl">' in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(app: Flask) -> None:
    response = app.test_client().get("/beheer/logboek")
    assert response.status_code == 302  # anonymous: to the login page first
    assert response.headers["Location"].startswith("/inloggen")


def test_an_id_too_large_for_the_database_is_not_found(client: FlaskClient) -> None:
    for page in ("/ronde/99999999999999999999", "/ronde/1/papier/verschillen/99999999999999"):
        assert client.get(page).status_code == 404
