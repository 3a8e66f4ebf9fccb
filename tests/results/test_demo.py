"""The demo: Beijum's last round shows published results, Lewenborg's waits for its count."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from tests.helpers import text
from tests.results.conftest import now
from wijkbudget import demo
from wijkbudget.extensions import db
from wijkbudget.results import services
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl


def test_demo_results(app: Flask) -> None:
    today = today_in_nl()
    demo.load(today)
    db.session.commit()
    wijken = {w.slug: w for w in db.session.scalars(sa.select(Wijk))}
    last_year = next(r for r in wijken["beijum"].rounds if r.year == today.year - 1)
    outcome = services.published_outcome(last_year)
    assert outcome is not None and outcome.ballots == 60 and outcome.ballots_paper == 8
    assert any(item["funded"] for item in outcome.per_initiative)
    page = text(app.test_client().get(f"/ronde/{last_year.id}/uitslag"))
    assert "Speelplek Beijum-West opknappen" in page

    lewenborg = wijken["lewenborg"].rounds[0]
    assert lewenborg.phase_on(today) is Phase.COUNTING
    assert services.outcome_of(lewenborg) is None
    counted = services.count_round(None, lewenborg, now())
    assert counted.rule == "equalshares" and counted.ballots == 48
    assert any(step["phase"] == "mes" for step in counted.trace["trace"])
