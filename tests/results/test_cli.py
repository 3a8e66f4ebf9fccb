"""``flask round count``, ``round publish`` and ``round import-pb``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from tests.results.conftest import Closed
from wijkbudget.results import services
from wijkbudget.wijken.models import Wijk

PABULIB_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "pabulib"
AMSTERDAM = "Netherlands_Amsterdam_179.pb"


@pytest.fixture
def amsterdam() -> Path:
    path = PABULIB_DIR / AMSTERDAM
    if not path.is_file():
        pytest.fail(f"Pabulib data not found at {path}: put ../shared beside the clone")
    return path


def test_count_then_publish(app: Flask, closed: Closed) -> None:
    runner = app.test_cli_runner()
    counted = runner.invoke(args=["round", "count", str(closed.round.id)])
    assert counted.exit_code == 0, counted.output
    assert "3 of 4 ideas funded" in counted.output and "Not public" in counted.output
    assert services.published_outcome(closed.round) is None
    published = runner.invoke(args=["round", "publish", str(closed.round.id)])
    assert published.exit_code == 0, published.output
    assert services.published_outcome(closed.round) is not None
    again = runner.invoke(args=["round", "count", str(closed.round.id)])
    assert again.exit_code != 0 and "already_published" in again.output


def test_count_refuses_an_open_vote_and_an_unknown_round(
    app: Flask, make_closed: Callable[..., Closed]
) -> None:
    running = make_closed(close=False)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["round", "count", str(running.round.id)])
    assert refused.exit_code != 0 and "voting_not_closed" in refused.output
    missing = runner.invoke(args=["round", "count", "9999"])
    assert missing.exit_code != 0 and "There is no round 9999" in missing.output
    unpublished = runner.invoke(args=["round", "publish", str(running.round.id)])
    assert unpublished.exit_code != 0 and "not_counted" in unpublished.output


def test_import_pb(app: Flask, make_wijk: Callable[..., Wijk], amsterdam: Path) -> None:
    wijk = make_wijk("Oosterparkwijk")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["round", "import-pb", wijk.slug, str(amsterdam)])
    assert result.exit_code == 0, result.output
    assert "imported: 219 ballots" in result.output
    twice = runner.invoke(args=["round", "import-pb", wijk.slug, str(amsterdam)])
    assert twice.exit_code != 0 and "round_exists" in twice.output
    unknown = runner.invoke(args=["round", "import-pb", "nergens", str(amsterdam)])
    assert unknown.exit_code != 0 and "no wijk" in unknown.output
