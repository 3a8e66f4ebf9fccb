"""The public part of the API: exactly what the public website shows, in JSON."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import VOTERS, World, get_json
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import PUBLIC_STATUSES, Status


def test_wijken_are_listed_with_a_page_and_a_total(client: FlaskClient, world: World) -> None:
    response = get_json(client, "/api/v1/wijken")
    assert response.status_code == 200
    assert response.json == {
        "items": [
            {"id": world.beijum.id, "slug": "beijum", "name": "Beijum"},
            {"id": world.wijert.id, "slug": "de-wijert", "name": "De Wijert"},
        ],
        "total": 2,
        "limit": 50,
        "offset": 0,
    }
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_one_wijk_has_its_postcode_areas_and_rounds(client: FlaskClient, world: World) -> None:
    data = get_json(client, "/api/v1/wijken/beijum").json
    assert data["postcode_areas"] == ["9733", "9734", "9735"]
    assert [r["id"] for r in data["rounds"]] == [world.voting.id, world.earlier.id]
    assert get_json(client, "/api/v1/wijken/nowhere").status_code == 404
    assert get_json(client, "/api/v1/wijken/NOT%00A-SLUG").status_code == 404


def test_rounds_filter_by_wijk_and_year(client: FlaskClient, world: World) -> None:
    every = get_json(client, "/api/v1/rounds").json
    assert every["total"] == 3
    this_year = world.voting.year
    found = get_json(client, f"/api/v1/rounds?wijk=beijum&year={this_year}").json
    assert [r["id"] for r in found["items"]] == [world.voting.id]
    assert get_json(client, "/api/v1/rounds?wijk=de-wijert").json["total"] == 1
    assert get_json(client, "/api/v1/rounds?year=1999").json["items"] == []


def test_a_round_has_its_phase_dates_and_budget_in_cents(client: FlaskClient, world: World) -> None:
    data = get_json(client, f"/api/v1/rounds/{world.voting.id}").json
    assert data["phase"] == "voting"
    assert data["budget_cents"] == 2_500_000
    assert data["dates"]["voting_end"] == world.voting.voting_end.isoformat()
    assert data["wijk"] == {"id": world.beijum.id, "slug": "beijum", "name": "Beijum"}
    assert data["results_published"] is False
    assert get_json(client, "/api/v1/rounds/999999").status_code == 404


def test_hidden_and_draft_initiatives_never_appear(client: FlaskClient, world: World) -> None:
    listed = get_json(client, f"/api/v1/rounds/{world.voting.id}/initiatives").json
    statuses = {item["status"] for item in listed["items"]}
    assert statuses == {s.value for s in PUBLIC_STATUSES}
    assert listed["total"] == len(PUBLIC_STATUSES)
    for status, initiative in world.by_status.items():
        response = get_json(client, f"/api/v1/initiatives/{initiative.id}")
        assert response.status_code == (200 if status.is_public else 404), status
    hidden = get_json(client, f"/api/v1/initiatives/{world.by_status[Status.HIDDEN].id}")
    assert "Idee hidden" not in hidden.get_data(as_text=True)


def test_an_initiative_carries_no_personal_data(client: FlaskClient, world: World) -> None:
    response = get_json(client, f"/api/v1/initiatives/{world.admitted.id}")
    assert response.json == {
        "id": world.admitted.id,
        "round_id": world.voting.id,
        "title": "Idee admitted",
        "summary": "Samenvatting 1",
        "theme": "Meedoen",
        "amount_cents": 100_000,
        "status": "admitted",
        "duplicate_of_id": None,
    }
    body = response.get_data(as_text=True)
    assert "bewoner1@example.org" not in body and "Bewoner 1" not in body


def test_initiatives_filter_by_public_status_only(client: FlaskClient, world: World) -> None:
    url = f"/api/v1/rounds/{world.voting.id}/initiatives"
    admitted = get_json(client, f"{url}?status=admitted").json["items"]
    assert [i["id"] for i in admitted] == [world.admitted.id]
    assert get_json(client, f"{url}?status=hidden").status_code == 400
    assert get_json(client, f"{url}?status=draft").status_code == 400


def test_paging_gives_every_item_once(client: FlaskClient, world: World) -> None:
    url = f"/api/v1/rounds/{world.voting.id}/initiatives"
    everything = [i["id"] for i in get_json(client, url).json["items"]]
    paged: list[int] = []
    for offset in range(0, len(everything), 3):
        page = get_json(client, f"{url}?limit=3&offset={offset}").json
        assert page["limit"] == 3 and page["offset"] == offset
        paged += [i["id"] for i in page["items"]]
    assert paged == everything


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(limit=st.text(max_size=12) | st.integers().map(str))
def test_a_limit_is_a_number_from_1_to_200_or_a_400(client: FlaskClient, limit: str) -> None:
    response = get_json(client, "/api/v1/wijken", query_string={"limit": limit})
    valid = re.fullmatch(r"-?[0-9]{1,12}", limit) is not None and 1 <= int(limit) <= 200
    assert response.status_code == (200 if valid else 400)
    if not valid:
        assert response.json["error"]["code"] == "invalid_parameter"


def test_errors_are_json_everywhere_under_api(client: FlaskClient, app: Flask) -> None:
    for path, status, code in [
        ("/api/v1/no-such-thing", 404, "not_found"),
        ("/api/v2/wijken", 404, "not_found"),
        ("/api/v1/rounds/abc", 404, "not_found"),
        ("/api/v1/rounds/99999999999999999999", 404, "not_found"),
    ]:
        response = get_json(client, path)
        assert response.status_code == status
        assert set(response.json) == {"error"}
        assert response.json["error"]["code"] == code and response.json["error"]["message"]
        assert response.headers["Cache-Control"] == "no-store"
    refused = client.post("/api/v1/wijken", data={"x": "1"})  # not a CSRF error: a 405
    assert refused.status_code == 405
    assert refused.json["error"]["code"] == "method_not_allowed"
    assert refused.headers["Allow"] == "GET, HEAD, OPTIONS"
    # The rest of the site keeps its HTML pages.
    assert client.get("/no-such-page").mimetype == "text/html"


def test_a_server_error_is_json_too(  # type: ignore[no-untyped-def]
    client: FlaskClient, app: Flask, make_wijk, monkeypatch
) -> None:
    from wijkbudget.api import serializers

    make_wijk()

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(serializers, "wijk_summary", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production
    response = get_json(client, "/api/v1/wijken")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "server_error"
    assert "boom" not in response.get_data(as_text=True)


def test_real_results_appear_only_once_published(client: FlaskClient, world: World) -> None:
    from tests.api.conftest import count_and_publish
    from wijkbudget.results import services as results

    url = f"/api/v1/rounds/{world.voting.id}/results"
    assert get_json(client, url).status_code == 404
    count_and_publish(world, publish=False)
    counted = get_json(client, url)
    assert counted.status_code == 404  # counted, not yet published: nobody sees counts
    assert "votes" not in counted.get_data(as_text=True)
    results.publish(None, world.voting, utcnow())
    db.session.commit()
    data = get_json(client, url).json
    outcome = results.published_outcome(world.voting)
    assert outcome is not None
    assert data["ballots_sha256"] == outcome.ballots_sha256
    assert data["ballots_online"] == sum(VOTERS.values())
    funded = [row for row in data["initiatives"] if row["funded"]]
    assert [row["initiative_id"] for row in funded] == [world.admitted.id]
    assert funded[0]["votes"] == sum(VOTERS.values())
    assert data["total_cents"] == world.admitted.amount_cents
    assert data["left_cents"] == data["budget_cents"] - data["total_cents"]
    assert get_json(client, f"/api/v1/rounds/{world.voting.id}").json["results_published"]
