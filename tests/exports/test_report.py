"""The PDF report for the wijk and the council: rendered by weasyprint, read back page by page."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from tests.conftest import PASSWORD
from tests.exports.conftest import PRIVATE, REFUSAL, Scenario
from tests.helpers import login
from tests.voting.conftest import now
from wijkbudget.auth.models import Role, User
from wijkbudget.exports import report
from wijkbudget.extensions import db
from wijkbudget.results import services as results_services


def pdf_text(html: str) -> str:
    """The words on the rendered pages, as weasyprint laid them out."""
    document = HTML(string=html).render()
    return " ".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox)
    )


def test_published_report_has_outcome_explanations_turnout_and_timeline(
    app: Flask, published: Scenario
) -> None:
    with app.test_request_context(), force_locale("en"):
        words = pdf_text(report.html(published.round))
    assert "Speeltuin Beijum" in words
    assert "€12,000.50" in words  # a funded idea and its amount
    assert "€17,000.50" in words and "€7,999.50" in words  # spent and left
    assert "This idea got 24 votes." in words  # the explanation sentence
    assert "Other areas together (2 areas" in words  # turnout, small areas merged
    assert "Voting opened" in words and "Votes counted" in words
    assert "Results published" in words and "Last day of voting" in words
    assert REFUSAL in words
    for private in PRIVATE:
        assert private not in words


def test_before_publishing_the_report_has_no_counts(app: Flask, closed: Scenario) -> None:
    results_services.count_round(None, closed.round, now())  # counted, not published
    db.session.commit()
    with app.test_request_context(), force_locale("nl"):
        words = pdf_text(report.html(closed.round))
    assert "De uitslag is nog niet bekendgemaakt" in words
    assert "Tijdlijn" in words and "Speeltuin Beijum" in words
    for counted in ("Stemmen online", "Waarom elk idee", "Krijgt geld", "Opkomst", "Iedereen"):
        assert counted not in words
    assert "Stemmen geteld" not in words  # even the moment of counting waits for publication


def test_report_download_is_a_pdf(
    client: FlaskClient, make_user: Callable[..., User], published: Scenario
) -> None:
    login(client, make_user(Role.GEMEENTE).email, PASSWORD)
    response = client.get(f"/ronde/{published.round.id}/exporteren/rapport.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF")
    assert len(io.BytesIO(body).getvalue()) > 5_000
