"""The results pack: unzip it, recount its ballots, and get exactly the published outcome."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.results.conftest import Closed, now
from wijkbudget.counting.cli import main as wijkbudget_count
from wijkbudget.counting.pabulib import read_election
from wijkbudget.counting.rules import count
from wijkbudget.extensions import db
from wijkbudget.results import engine, pack, services
from wijkbudget.voting.models import BallotType, Channel

MES_BALLOTS = (
    (6, Channel.ONLINE, {0: 1}),
    (3, Channel.ONLINE, {1: 1, 2: 1}),
    (2, Channel.PAPER, {2: 1, 3: 1}),
    (1, Channel.ONLINE, {3: 1}),
)
POINTS_BALLOTS = (
    (4, Channel.ONLINE, {0: 7, 1: 3}),
    (3, Channel.ONLINE, {2: 10}),
    (2, Channel.PAPER, {1: 5, 3: 5}),
)


def _published(closed: Closed) -> None:
    services.count_round(None, closed.round, now())
    services.publish(None, closed.round, now())
    db.session.commit()


def _unzip(client: FlaskClient, closed: Closed, into: Path) -> dict[str, bytes]:
    response = client.get(f"/ronde/{closed.round.id}/uitslag/pakket.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        archive.extractall(into)
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    ("rule", "ballot_type", "ballots", "setup"),
    [
        ("greedy", BallotType.KNAPSACK, None, {}),
        ("equalshares", BallotType.APPROVAL, MES_BALLOTS, {"max_choices": 2}),
        ("equalshares", BallotType.POINTS, POINTS_BALLOTS, {"points": 10}),
        ("greedy", BallotType.POINTS, POINTS_BALLOTS, {"points": 10}),
    ],
)
def test_recounting_the_pack_gives_the_published_outcome(
    make_closed: Callable[..., Closed],
    client: FlaskClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rule: str,
    ballot_type: BallotType,
    ballots: tuple | None,  # type: ignore[type-arg]
    setup: dict[str, int],
) -> None:
    kwargs = {"rule": rule, "ballot_type": ballot_type, **setup}
    closed = make_closed(ballots, **kwargs) if ballots else make_closed(**kwargs)
    _published(closed)
    files = _unzip(client, closed, tmp_path)
    assert set(files) == {"README.txt", "ballots.pb", "outcome.json", "rule.json", "SHA256SUMS"}

    # Every checksum holds.
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(files[name]).hexdigest() == digest

    published = json.loads(files["outcome.json"])
    outcome = services.published_outcome(closed.round)
    assert outcome is not None
    funded_ids = [str(item["id"]) for item in outcome.per_initiative if item["funded"]]
    assert published["selected"] == funded_ids

    # The ballots in the pack are the ballots counted: same hash, anonymous ids 1..n.
    election = read_election(tmp_path / "ballots.pb")
    ids = [ballot.voter_id for ballot in election.ballots]
    assert ids == [str(n) for n in range(1, len(ids) + 1)]
    assert engine.ballots_digest(engine.raw_ballots(election)) == published["ballots_sha256"]

    # Recount with the engine ...
    assert list(count(election, published["rule"]).selected) == published["selected"]
    # ... and with the command line the README names.
    command = json.loads(files["rule.json"])["command"].split()
    assert command[:2] == ["wijkbudget-count", "ballots.pb"]
    assert command[3] == rule
    assert wijkbudget_count([str(tmp_path / "ballots.pb"), *command[2:]]) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert line["selected"] == published["selected"]
    assert line["total_cost"] == published["total_cost"]


def test_every_download_is_the_same_file(closed: Closed, client: FlaskClient) -> None:
    _published(closed)
    first = client.get(f"/ronde/{closed.round.id}/uitslag/pakket.zip").data
    assert client.get(f"/ronde/{closed.round.id}/uitslag/pakket.zip").data == first


def test_the_readme_explains_the_recount_in_both_languages(closed: Closed) -> None:
    _published(closed)
    outcome = services.published_outcome(closed.round)
    assert outcome is not None
    readme = pack.readme(outcome)
    assert "wijkbudget-count ballots.pb --rule greedy" in readme
    assert "Controleer de bestanden" in readme and "Check the files" in readme
    assert "pabutools" in readme and "sha256sum -c SHA256SUMS" in readme


def test_the_pack_names_no_voter(closed: Closed) -> None:
    _published(closed)
    outcome = services.published_outcome(closed.round)
    assert outcome is not None
    text = pack.contents(outcome)["ballots.pb"].decode()
    votes = text.split("VOTES")[1].splitlines()[1:]
    assert votes[0].split(";")[0] == "voter_id"
    assert all(row.split(";")[0].isdigit() for row in votes[1:] if row)
