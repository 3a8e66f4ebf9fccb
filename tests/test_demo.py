from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from wijkbudget.auth.models import Role, User
from wijkbudget.extensions import db
from wijkbudget.paper.reconcile import reconcile
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl


def test_demo_load_fills_every_phase_and_prints_logins_once(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.wijkbudget.nl" in result.output

    today = today_in_nl()
    wijken = {w.slug: w for w in db.session.scalars(sa.select(Wijk))}
    assert {"beijum", "de-wijert"} <= set(wijken)
    rounds = db.session.scalars(sa.select(Round)).all()
    assert {r.phase_on(today) for r in rounds} == set(Phase)
    beijum_now = max(wijken["beijum"].rounds, key=lambda r: r.year)
    assert beijum_now.phase_on(today) is Phase.VOTING
    assert wijken["de-wijert"].rounds[0].phase_on(today) is Phase.SUBMISSION
    # Beijum's vote has paper ballots: issued, entered twice, and one difference to decide.
    paper = reconcile(beijum_now)
    assert (paper.printed, paper.issued, paper.valid, paper.blank) == (40, 12, 9, 1)
    assert len(paper.mismatches) == 1 and paper.paper_ballots == 9

    users = db.session.scalars(sa.select(User)).all()
    held = {a.role for u in users for a in u.roles}
    assert held >= {
        Role.ADMIN,
        Role.GEMEENTE,
        Role.WERKGROEP,
        Role.WIJKONDERSTEUNER,
        Role.STEMBUREAU,
    }
    assert any(not u.roles for u in users)  # a plain resident
    # The printed passwords work, and are kept for the newcomer in instance/.
    assert (tmp_path / "demo-logins.txt").read_text() in result.output + "\n"

    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "admin@" not in again.output
    refused = runner.invoke(args=["demo", "load"])
    assert refused.exit_code != 0


def test_demo_passwords_log_in(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import login

    app.instance_path = str(tmp_path)
    output = app.test_cli_runner().invoke(args=["demo", "load"]).output
    email, password = next(line.split() for line in output.splitlines() if "bewoner@demo" in line)
    login(app.test_client(), email, password)
