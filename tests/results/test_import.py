"""A past round from a Pabulib file: a published, imported round with the city's outcome."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.helpers import submit, text
from tests.results.test_cli import AMSTERDAM, PABULIB_DIR
from wijkbudget.counting.pabulib import read_election
from wijkbudget.counting.rules import count
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.results import services
from wijkbudget.results.importing import PbImportError, import_pb
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl


@pytest.fixture
def pb_text() -> str:
    path = PABULIB_DIR / AMSTERDAM
    if not path.is_file():
        pytest.fail(f"Pabulib data not found at {path}: put ../shared beside the clone")
    return path.read_text(encoding="utf-8")


def test_import_makes_a_published_round_with_the_city_outcome(
    make_wijk: Callable[..., Wijk], pb_text: str, client: FlaskClient
) -> None:
    wijk = make_wijk()
    outcome = import_pb(None, wijk, pb_text, utcnow(), source=AMSTERDAM)
    db.session.commit()
    round_ = outcome.round
    assert outcome.imported and outcome.is_published
    assert round_.year == 2020 and round_.phase_on(today_in_nl()) is Phase.RESULTS
    assert round_.title == "Buurtbudget Bloemenbuurt"
    election = read_election(PABULIB_DIR / AMSTERDAM)
    expected = count(election, "as-held")
    assert [i["project"] for i in outcome.per_initiative if i["funded"]] == list(expected.selected)
    assert outcome.rule == "as-held"
    assert outcome.ballots == 219
    assert services.published_outcome(round_) is outcome
    page = text(client.get(f"/ronde/{round_.id}/uitslag"))
    assert "Pabulib" in page
    first = outcome.per_initiative[0]
    assert first["title"] in page


def test_a_bad_file_imports_nothing(make_wijk: Callable[..., Wijk]) -> None:
    wijk = make_wijk()
    with pytest.raises(PbImportError, match="bad_file"):
        import_pb(None, wijk, "META\nkey;value\n", utcnow())
    db.session.rollback()
    assert wijk.rounds == []


def test_a_file_in_another_currency_is_refused(make_wijk: Callable[..., Wijk]) -> None:
    other = PABULIB_DIR / "Hungary_Budapest_2022_VIII_Jozsefvaros.pb"
    with pytest.raises(PbImportError, match="not_euro"):
        import_pb(None, make_wijk(), other.read_text(encoding="utf-8"), utcnow())


def test_admin_uploads_a_file(
    admin_client: FlaskClient, make_wijk: Callable[..., Wijk], pb_text: str
) -> None:
    wijk = make_wijk("Vinkhuizen")
    import io

    response = submit(
        admin_client,
        "/beheer/uitslag/importeren",
        {
            "wijk": str(wijk.id),
            "file": (io.BytesIO(pb_text.encode()), "bloemenbuurt.pb"),
            "year": "",
            "rule": "as-held",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, text(response)
    page = text(admin_client.get(response.headers["Location"]))
    assert "Buurtbudget Bloemenbuurt" in page


def test_only_admins_may_import(client: FlaskClient) -> None:
    response = client.get("/beheer/uitslag/importeren")
    assert response.status_code == 302  # to the login page


def test_as_held_stores_the_threshold_the_city_used(make_wijk: Callable[..., Wijk]) -> None:
    """Katowice counted greedily with a minimum of 50 votes; the stored settings say so."""
    path = PABULIB_DIR / "Poland_Katowice_2020_Zarzecze.pb"
    in_euros = path.read_text(encoding="utf-8").replace("currency;PLN", "currency;EUR")
    outcome = import_pb(None, make_wijk(), in_euros, utcnow(), source=path.name)
    assert outcome.rule == "as-held"
    assert outcome.parameters["threshold"] == "50"
    expected = count(read_election(path), "as-held")
    assert [i["project"] for i in outcome.per_initiative if i["funded"]] == list(expected.selected)
