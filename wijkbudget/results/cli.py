"""``flask --app wijkbudget round count|publish|import-pb``: thin wrappers over the services."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.results import services
from wijkbudget.results.importing import PbImportError, import_pb
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.services import wijk_by_slug

round_cli = click.Group("round", help="Rounds: count, publish, import a past vote.")


def _round(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise click.ClickException(f"There is no round {round_id}.")
    return round_


@round_cli.command("count")
@click.argument("round_id", type=int)
def count(round_id: int) -> None:
    """Count ROUND_ID's ballots by the rule frozen at opening (not yet public)."""
    round_ = _round(round_id)
    try:
        outcome = services.count_round(None, round_, utcnow())
    except services.ResultsError as error:
        raise click.ClickException(f"Round {round_id} cannot be counted: {error}.") from None
    db.session.commit()
    funded = sum(1 for item in outcome.per_initiative if item["funded"])
    click.echo(
        f"Round {round_id} counted by {outcome.rule}: {funded} of "
        f"{len(outcome.per_initiative)} ideas funded, {outcome.total_cents / 100:.2f} of "
        f"{outcome.budget_cents / 100:.2f} euro, {outcome.ballots} ballots "
        f"(sha256 {outcome.ballots_sha256}). Not public until published."
    )


@round_cli.command("publish")
@click.argument("round_id", type=int)
def publish(round_id: int) -> None:
    """Publish ROUND_ID's counted outcome: from now on everyone sees it, and it never changes."""
    try:
        services.publish(None, _round(round_id), utcnow())
    except services.ResultsError as error:
        raise click.ClickException(f"Round {round_id} cannot be published: {error}.") from None
    db.session.commit()
    click.echo(f"Round {round_id} published.")


@round_cli.command("import-pb")
@click.argument("wijk_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rule", default="as-held", show_default=True, help="The counting rule.")
@click.option("--year", type=int, help="The year of the vote (default: from the file).")
def import_pb_command(wijk_slug: str, file: Path, rule: str, year: int | None) -> None:
    """Load a past vote of WIJK_SLUG from a Pabulib FILE, with its outcome, published."""
    wijk = wijk_by_slug(wijk_slug)
    if wijk is None:
        raise click.ClickException(f"There is no wijk {wijk_slug!r}.")
    try:
        text = file.read_text(encoding="utf-8-sig")
        outcome = import_pb(None, wijk, text, utcnow(), source=file.name, rule=rule, year=year)
    except UnicodeDecodeError:
        raise click.ClickException(f"{file} is not a UTF-8 text file.") from None
    except PbImportError as error:
        detail = f" ({error.detail})" if error.detail else ""
        raise click.ClickException(f"{file.name} cannot be imported: {error}{detail}.") from None
    db.session.commit()
    funded = sum(1 for item in outcome.per_initiative if item["funded"])
    click.echo(
        f"Round {outcome.round_id} ({wijk.name} {outcome.round.year}) imported: "
        f"{outcome.ballots} ballots, {funded} ideas funded by {outcome.rule}."
    )


def init_app(app: Flask) -> None:
    """Register this feature's commands on app.cli."""
    app.cli.add_command(round_cli)
