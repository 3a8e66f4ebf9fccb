"""The command line: letters with progress, and fresh demo stemcodes (demo databases only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from wijkbudget import demo
from wijkbudget.extensions import db
from wijkbudget.voting import casting, importer, services
from wijkbudget.voting.demo import voting_round
from wijkbudget.voting.models import Channel, RollEntry
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase, today_in_nl


def test_letters_to_a_pdf_with_progress(
    app: Flask, tmp_path: Path, make_round: Callable[..., Round], make_wijk: Callable[..., Wijk]
) -> None:
    round_ = make_round(Phase.REVIEW, wijk=make_wijk("Cliwijk", ["9733"]))
    importer.import_addresses(None, round_, "postcode,huisnummer,stemgerechtigden\n9733AB,1,3\n")
    db.session.commit()
    out = tmp_path / "brieven.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["voting", "letters", "--round", str(round_.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 letter(s) written" in result.output
    assert out.read_bytes().startswith(b"%PDF")
    again = runner.invoke(args=["voting", "letters", "--round", str(round_.id), "--out", str(out)])
    assert again.exit_code != 0 and "exists already" in again.output


def test_demo_codes_only_on_a_demo_database(app: Flask) -> None:
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["demo", "codes", "--count", "2"])
    assert refused.exit_code != 0 and "not a demo database" in refused.output
    demo.load(today_in_nl())
    db.session.commit()
    result = runner.invoke(args=["demo", "codes", "--wijk", "beijum", "--count", "3"])
    assert result.exit_code == 0, result.output
    printed = result.output.split()
    assert len(printed) == 3
    assert all(re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code) for code in printed)
    db.session.expire_all()
    for code in printed:
        assert not casting.find_entry(code).voted


def test_the_demo_opens_voting_in_beijum(app: Flask) -> None:
    demo.load(today_in_nl())
    db.session.commit()
    beijum = db.session.scalar(sa.select(Wijk).where(Wijk.slug == "beijum"))
    assert beijum is not None
    round_ = voting_round(beijum, today_in_nl())
    assert round_ is not None
    setup = services.setup_of(round_)
    assert setup is not None and setup.is_open
    channels = dict(services.turnout(round_).per_channel)
    assert channels[Channel.ONLINE] == 30  # and 12 on paper: tests/test_demo.py
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)) > 30
