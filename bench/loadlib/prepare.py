"""Run by ``bench/load.py`` in a child process with the server's environment.

Migrates the database with ``flask_migrate.upgrade`` (what ``flask db upgrade`` runs; in this
process to save a second start of the app). Then creates a wijk and a round in its voting phase
with four admitted initiatives, opens voting with a knapsack ballot and issues ``count`` loose
stemcodes through the same services the app uses. The codes exist nowhere else: they are
written, with their keyed hashes, to ``out`` (created with mode 0600; the benchmark deletes it
as soon as it has read it).

    python bench/loadlib/prepare.py OUT COUNT
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from datetime import datetime, time

from flask_migrate import upgrade

from wijkbudget import create_app
from wijkbudget.demo import dates_for
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.voting import codes, services
from wijkbudget.voting.models import BallotType
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.phases import DUTCH_TIME, Phase, today_in_nl

BUDGET_CENTS = 2_500_000
COSTS = (1_200_000, 800_000, 600_000, 300_000)  # together more than the budget: voters choose


def prepare(count: int) -> dict[str, object]:
    """The round, its initiatives and ``count`` fresh codes, committed."""
    today = today_in_nl()
    suffix = secrets.token_hex(4)
    wijk = wijk_services.create_wijk(
        None, name=f"Loadtest {suffix}", slug=f"loadtest-{suffix}", postcodes=[]
    )
    round_ = wijk_services.create_round(
        None,
        wijk,
        wijk_services.RoundData(
            year=today.year,
            title=f"Loadtest {suffix}",
            budget_cents=BUDGET_CENTS,
            dates=dates_for(Phase.VOTING, today),
        ),
    )
    initiatives = []
    for number, cost in enumerate(COSTS, start=1):
        initiative = Initiative(
            round=round_,
            title=f"Idee {number}",
            summary=f"Samenvatting {number}",
            status=Status.ADMITTED,
            amount_cents=cost,
            version=1,
        )
        db.session.add(initiative)
        initiatives.append(initiative)
    db.session.flush()
    services.save_setup(None, round_, services.SetupData(ballot_type=BallotType.KNAPSACK))
    services.open_voting(None, round_, datetime.combine(today, time(12), DUTCH_TIME))
    made = services.issue_loose_codes(None, round_, count)
    db.session.commit()
    secret = services.secret()
    return {
        "round_id": round_.id,
        "budget_cents": BUDGET_CENTS,
        "initiatives": [{"id": i.id, "amount_cents": i.amount_cents} for i in initiatives],
        "codes": [{"code": code, "hash": codes.code_hash(secret, code)} for code in made],
    }


def main(out: str, count: int) -> None:
    app = create_app()
    with app.app_context():
        upgrade()
        data = prepare(count)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
