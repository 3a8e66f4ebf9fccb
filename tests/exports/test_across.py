"""Across wijken: all rounds of a year in one file, with the wijk as a column."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.exports.conftest import Scenario
from tests.exports.helpers import by_header, csv_rows, download, xlsx_rows
from tests.helpers import login, text
from tests.voting.conftest import add_initiatives
from wijkbudget.auth.models import Role, User
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase


@pytest.fixture
def admin(client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    login(client, make_user(Role.ADMIN).email, PASSWORD)
    return client


@pytest.fixture
def selwerd(make_wijk: Callable[..., Wijk], make_round: Callable[..., Round]) -> Round:
    """A second wijk whose vote closed, without results; and a third that is still voting."""
    round_ = make_round(Phase.COUNTING, wijk=make_wijk("Selwerd"))
    add_initiatives(round_, (500_000,))
    voting = make_round(Phase.VOTING, wijk=make_wijk("Lewenborg"))
    add_initiatives(voting, (100_000,))
    return round_


def test_initiatives_of_all_wijken_with_the_wijk_as_a_column(
    admin: FlaskClient, published: Scenario, selwerd: Round
) -> None:
    rows = by_header(xlsx_rows(download(admin.get("/exporteren/initiatieven.xlsx"), "sheet")))
    assert list(rows[0])[:3] == ["Wijk", "Jaar", "Nummer"]
    assert {r["Wijk"] for r in rows} == {"Beijum", "Selwerd"}  # Lewenborg is still voting
    refused = next(r for r in rows if r["Titel"] == "Nieuwe sporthal")
    assert (
        "Het idee is goed voor de wijk: Voldoet niet (Te duur voor één plan)"
        in (refused["Oordeel per criterium"])
    )
    assert next(r for r in rows if r["Wijk"] == "Selwerd")["Titel"] == "Idee 1"


def test_results_of_all_wijken_only_where_published(
    admin: FlaskClient, published: Scenario, selwerd: Round
) -> None:
    rows = by_header(csv_rows(download(admin.get("/exporteren/uitslagen.csv"), "text/csv")))
    assert {r["Wijk"] for r in rows} == {"Beijum"}
    assert next(r for r in rows if r["Titel"] == "Speeltuin Beijum")["Stemmen totaal"] == "24"


def test_a_year_without_rounds_gives_empty_files(admin: FlaskClient, published: Scenario) -> None:
    rows = xlsx_rows(admin.get("/exporteren/initiatieven.xlsx?jaar=1999").data)
    assert rows[0][0] == "Wijk" and rows[1:] == []
    page = text(admin.get("/exporteren?jaar=1999"))
    assert "In dit jaar is er nog geen ronde waarin het stemmen voorbij is." in page


def test_the_page_lists_the_rounds_and_their_results_state(
    admin: FlaskClient, published: Scenario, selwerd: Round
) -> None:
    page = text(admin.get("/exporteren"))
    listed = page[page.index("Rondes in de bestanden") : page.index("Wie wat deed")]
    assert "Beijum 2026 bekendgemaakt" in listed
    assert "Selwerd 2026 nog niet bekendgemaakt" in listed
    assert "Lewenborg" not in listed  # still voting
    assert "Lewenborg" in page  # but its audit log can be chosen


def test_audit_log_of_one_wijk_between_dates(
    admin: FlaskClient, published: Scenario, selwerd: Round
) -> None:
    wijk = published.wijk.id
    rows = by_header(csv_rows(admin.get(f"/exporteren/logboek?fmt=csv&wijk={wijk}").data))
    assert {r["Wijk"] for r in rows} == {"Beijum"}
    assert "voting.open" in {r["Code van de handeling"] for r in rows}
    everything = by_header(csv_rows(admin.get("/exporteren/logboek?fmt=csv").data))
    assert {"Beijum", "Selwerd"} <= {r["Wijk"] for r in everything}
    none = csv_rows(admin.get("/exporteren/logboek?fmt=csv&until=2000-01-01").data)
    assert none[1:] == []
