"""The exports of one round, downloaded by the gemeente and opened as a spreadsheet would."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.exports.conftest import CRITERIA_REASON, INJECTION, PRIVATE, REFUSAL, Scenario
from tests.exports.helpers import by_header, csv_rows, download, xlsx_rows
from tests.helpers import login, text
from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.review import services as review_services
from wijkbudget.wijken.phases import Phase, today_in_nl

XLSX = "spreadsheetml"
EN = {"Accept-Language": "en"}


@pytest.fixture
def gemeente(client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    login(client, make_user(Role.GEMEENTE).email, PASSWORD)
    return client


def url(scenario: Scenario, rest: str) -> str:
    return f"/ronde/{scenario.round.id}/exporteren/{rest}"


def test_initiatives_spreadsheet_has_dutch_headers_and_what_the_gemeente_looks_for(
    gemeente: FlaskClient, closed: Scenario
) -> None:
    body = download(gemeente.get(url(closed, "initiatieven.xlsx")), XLSX)
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert sheet.title == "Ideeën"
    assert sheet.freeze_panes == "A2"  # the header stays in view
    assert all(cell.font.bold for cell in sheet[1])
    rows = by_header(xlsx_rows(body))
    headers = list(rows[0])
    assert headers[:10] == [
        "Nummer",
        "Titel",
        "Thema",
        "Status",
        "Gevraagd bedrag",
        "Kosten",
        "Ingestuurd op",
        "Besluit van de werkgroep",
        "Reden van het besluit",
        "Besloten op",
    ]
    assert "Het idee is goed voor de wijk" in headers
    playground = next(r for r in rows if r["Titel"] == "Speeltuin Beijum")
    assert playground["Status"] == "Toegelaten tot de stemming"
    assert playground["Gevraagd bedrag"] == Decimal("12000.50")  # a number, not text
    assert playground["Het idee is goed voor de wijk"] == "Voldoet"
    refused = next(r for r in rows if r["Titel"] == "Nieuwe sporthal")
    assert refused["Besluit van de werkgroep"] == "Niet toegelaten"
    assert refused["Reden van het besluit"] == REFUSAL
    assert refused["Het idee is goed voor de wijk"] == "Voldoet niet"
    assert refused["Waarom: Het idee is goed voor de wijk"] == "Te duur voor één plan"
    money = sheet.cell(row=2, column=5)
    assert money.number_format == '"€" #,##0.00'


def test_initiatives_leave_out_drafts_personal_data_and_hidden_titles(
    gemeente: FlaskClient, closed: Scenario
) -> None:
    body = download(gemeente.get(url(closed, "initiatieven.csv")), "text/csv")
    flat = body.decode("utf-8-sig")
    for private in PRIVATE:
        assert private not in flat
    assert closed.werkgroep.name not in flat  # who decided stays in the audit log
    rows = by_header(csv_rows(body))
    assert len(rows) == 5  # four ideas and the hidden one, no draft
    hidden = next(r for r in rows if r["Status"] == "Verborgen")
    assert hidden["Titel"] == "(niet getoond: verborgen door de wijkondersteuner)"


def test_csv_opens_in_dutch_excel_with_amounts_and_neutralised_formulas(
    gemeente: FlaskClient, closed: Scenario
) -> None:
    body = download(gemeente.get(url(closed, "initiatieven.csv")), "text/csv")
    assert b"\r\n" in body
    rows = csv_rows(body)
    header, *_ = rows
    assert header[0] == "Nummer" and header[4] == "Gevraagd bedrag"
    # A criterion and a title written as a formula come out as text, never as a formula.
    assert "'" + INJECTION in header
    records = by_header(rows)
    assert "'=cmd|' /C calc'!A0" in [r["Titel"] for r in records]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    playground = next(r for r in records if r["Titel"] == "Speeltuin Beijum")
    assert playground["Gevraagd bedrag"] == "12000,50"  # Dutch decimal comma
    assert playground["Ingestuurd op"] == "2026-02-01"


def test_spreadsheet_neutralises_formulas_too(gemeente: FlaskClient, closed: Scenario) -> None:
    body = download(gemeente.get(url(closed, "initiatieven.xlsx")), XLSX)
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert "'=cmd|' /C calc'!A0" in [c.value for c in sheet["B"]]


def test_headers_follow_the_language(gemeente: FlaskClient, closed: Scenario) -> None:
    body = download(gemeente.get(url(closed, "initiatieven.csv"), headers=EN), "text/csv")
    header, *rows = csv_rows(body)
    assert header[:4] == ["Number", "Title", "Theme", "Status"]
    assert "12000.50" in [row[4] for row in rows]


def test_results_are_refused_before_publishing(gemeente: FlaskClient, closed: Scenario) -> None:
    for fmt in ("csv", "xlsx"):
        assert gemeente.get(url(closed, f"uitslag.{fmt}")).status_code == 404
    page = text(gemeente.get(f"/ronde/{closed.round.id}/exporteren"))
    assert "De uitslag is nog niet bekendgemaakt" in page
    assert "uitslag.xlsx" not in gemeente.get(f"/ronde/{closed.round.id}/exporteren").text


def test_results_per_initiative_by_channel_once_published(
    gemeente: FlaskClient, published: Scenario
) -> None:
    body = download(gemeente.get(url(published, "uitslag.xlsx")), XLSX)
    rows = by_header(xlsx_rows(body))
    assert list(rows[0]) == [
        "Nummer",
        "Titel",
        "Bedrag",
        "Stemmen online",
        "Stemmen op papier",
        "Stemmen totaal",
        "Krijgt geld",
        "Waarom",
    ]
    playground = next(r for r in rows if r["Titel"] == "Speeltuin Beijum")
    assert (playground["Stemmen online"], playground["Stemmen op papier"]) == (22, 2)
    assert playground["Stemmen totaal"] == 24
    assert playground["Krijgt geld"] == "ja"
    assert playground["Bedrag"] == Decimal("12000.50")
    english = by_header(csv_rows(gemeente.get(url(published, "uitslag.csv"), headers=EN).data))
    sentence = next(r["Why"] for r in english if r["Title"] == "Speeltuin Beijum")
    assert sentence.startswith("This idea got 24 votes.")


def test_participation_merges_small_areas_into_one_row(
    gemeente: FlaskClient, closed: Scenario
) -> None:
    rows = xlsx_rows(download(gemeente.get(url(closed, "opkomst.xlsx")), XLSX))
    assert rows[0] == ["Verdeling", "Groep", "Gestemd", "Stemcodes", "Opkomst"]
    found = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert found[("Totaal", "Iedereen")][:2] == [24, 31]
    assert found[("Manier van stemmen", "Online")][0] == 22
    assert found[("Manier van stemmen", "Op papier")][0] == 2
    assert found[("Postcodegebied", "9731")][:2] == [11, 12]
    # 9733 had 3 voters; with 9732 (10) beside it, 9733 could be worked out, so both merge.
    merged = [key for key in found if key[1].startswith("Andere gebieden samen")]
    assert merged == [("Postcodegebied", merged[0][1])] and "2 gebieden" in merged[0][1]
    assert found[merged[0]][:2] == [13, 19]
    assert not {"9732", "9733"} & {key[1] for key in found}
    assert sum(1 for key in found if key[0] == "Dag") == 1
    csv_found = csv_rows(gemeente.get(url(closed, "opkomst.csv")).data)
    assert ["Postcodegebied", "9731", "11", "12", "91,7"] in csv_found


def test_audit_extract_of_the_round_with_dates(gemeente: FlaskClient, closed: Scenario) -> None:
    response = gemeente.get(url(closed, "logboek?fmt=csv"))
    rows = by_header(csv_rows(download(response, "text/csv")))
    assert list(rows[0])[:4] == ["Wanneer", "Wie", "Wat", "Code van de handeling"]
    criteria = next(r for r in rows if r["Code van de handeling"] == "criteria.new_version")
    assert criteria["Wat"] == "Nieuwe versie van de criteria"
    assert criteria["Waarom"] == CRITERIA_REASON
    assert criteria["Wie"] == "systeem"
    later = gemeente.get(url(closed, "logboek?fmt=xlsx&since=2099-01-01"))
    assert xlsx_rows(download(later, XLSX))[1:] == []  # nothing that late


def test_audit_extract_with_a_bad_date_shows_the_page_again(
    gemeente: FlaskClient, closed: Scenario
) -> None:
    response = gemeente.get(url(closed, "logboek?since=gisteren&fmt=xlsx"))
    assert response.status_code == 400
    assert "Vanaf" in text(response)


def test_an_audit_extract_only_holds_this_round(
    gemeente: FlaskClient, closed: Scenario, make_round: Callable[..., object]
) -> None:

    other = make_round(Phase.SUBMISSION, wijk=closed.wijk, year=2027)
    review_services.set_criteria(
        None,
        other,
        [review_services.CriterionData("Ander criterium")],
        today_in_nl(),  # type: ignore[arg-type]
    )
    db.session.commit()
    rows = by_header(csv_rows(gemeente.get(url(closed, "logboek?fmt=csv")).data))
    assert "criteria.set" not in [r["Code van de handeling"] for r in rows]
