"""The gemeente's parts: the werkgroep's check, turnout and the audit log, with a token."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.api.conftest import VOTERS, World, auth, get_json
from wijkbudget.initiatives.models import PUBLIC_STATUSES, Status
from wijkbudget.wijken.phases import today_in_nl


def test_review_shows_criteria_verdicts_and_decisions(
    client: FlaskClient, world: World, make_token: Callable[..., str], werkgroep: object
) -> None:
    response = get_json(
        client, f"/api/v1/rounds/{world.voting.id}/review", headers=auth(make_token())
    )
    assert response.status_code == 200
    data = response.json
    assert [c["text"] for c in data["criteria"]] == ["Het is voor de wijk"]
    by_id = {i["id"]: i for i in data["initiatives"]}
    assert {i["status"] for i in data["initiatives"]} == {s.value for s in PUBLIC_STATUSES}
    assert world.by_status[Status.HIDDEN].id not in by_id
    assert world.by_status[Status.DRAFT].id not in by_id
    admitted = by_id[world.admitted.id]
    assert admitted["reviews"] == 1
    [decision] = admitted["decisions"]
    assert decision["outcome"] == "admitted"
    assert decision["verdicts"] == [
        {
            "criterion_id": world.criterion.id,  # type: ignore[union-attr]
            "criterion": "Het is voor de wijk",
            "verdict": "meets",
            "reason": "Voor iedereen",
        }
    ]
    # The werkgroep decides as a group: who typed the decision in is not given out.
    assert werkgroep.name not in response.get_data(as_text=True)  # type: ignore[attr-defined]


def test_participation_counts_voters_and_hides_small_areas(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    url = f"/api/v1/rounds/{world.voting.id}/participation"
    data = get_json(client, url, headers=auth(make_token(["participation:read"]))).json
    everyone = sum(VOTERS.values())
    assert (data["codes"], data["voted"]) == (everyone, everyone)
    assert data["per_channel"] == [{"channel": "online", "voted": everyone}]
    assert sum(day["voted"] for day in data["per_day"]) == everyone
    areas = {row["postcode_area"] for row in data["per_area"]}
    assert "9735" not in areas  # 2 voters: too few to show
    assert all(row["voted"] >= 10 for row in data["per_area"])
    assert data["hidden_areas"] >= 1
    assert "choices" not in str(data)


def test_audit_log_filters_and_pages(
    client: FlaskClient, world: World, make_token: Callable[..., str]
) -> None:
    headers = auth(make_token(["audit:read"]))
    everything = get_json(client, "/api/v1/audit?limit=200", headers=headers).json
    assert everything["total"] >= 5
    ids = [entry["id"] for entry in everything["items"]]
    assert ids == sorted(ids, reverse=True)  # newest first
    actions = {entry["action"] for entry in everything["items"]}
    assert {"wijk.create", "round.create", "voting.open", "api.token_issued"} <= actions

    rounds = get_json(client, "/api/v1/audit?action=round.create", headers=headers).json
    assert rounds["total"] == 3
    beijum = get_json(
        client, f"/api/v1/audit?action=round.create&wijk_id={world.beijum.id}", headers=headers
    ).json
    assert beijum["total"] == 2
    assert all(entry["wijk_id"] == world.beijum.id for entry in beijum["items"])

    today = today_in_nl().isoformat()
    assert get_json(client, f"/api/v1/audit?since={today}", headers=headers).json["total"] >= 5
    none = get_json(client, "/api/v1/audit?until=1970-01-01", headers=headers).json
    assert none["items"] == [] and none["total"] == 0
    far = get_json(client, "/api/v1/audit?since=0001-01-01&until=9999-12-31", headers=headers)
    assert far.status_code == 200 and far.json["total"] == everything["total"]
    for wrong in ("since=yesterday", "until=2026-02-30", "action=DROP TABLE", "wijk_id=-1"):
        response = get_json(client, f"/api/v1/audit?{wrong}", headers=headers)
        assert response.status_code == 400, wrong
