"""``flask --app wijkbudget wijk import-indicators FILE.csv``: update the figures of the wijken."""

from __future__ import annotations

from pathlib import Path

import click

from wijkbudget.extensions import db
from wijkbudget.profiles import importer

wijk_cli = click.Group("wijk", help="Wijken: their profile figures.")


@wijk_cli.command("import-indicators")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_indicators(file: Path) -> None:
    """Import indicator figures from a CSV (one row per indicator, one column per wijk)."""
    try:
        summary = importer.import_indicators(None, importer.decode(file.read_bytes()))
    except importer.ImportFailed as failed:
        db.session.rollback()
        lines = [f"Nothing was imported. Fix these {len(failed.problems)} problem(s) in {file}:"]
        lines += [f"  {problem}" for problem in failed.problems]
        raise click.ClickException("\n".join(lines)) from None
    db.session.commit()
    click.echo(
        f"Imported {summary.indicators} indicator(s) with {summary.values} figure(s) "
        f"for {', '.join(summary.wijken)}."
    )
