"""``flask --app wijkbudget audit verify``: check that nobody rewrote the audit log."""

from __future__ import annotations

import click
from flask import Flask

from wijkbudget.audit import chain
from wijkbudget.extensions import db

audit_cli = click.Group("audit", help="The audit log: check that nobody rewrote it.")


@audit_cli.command("verify")
@click.option(
    "--expect",
    "expected",
    multiple=True,
    metavar="HASH",
    help="A head hash printed earlier; fails when that entry is gone. Repeat for more.",
)
def verify(expected: tuple[str, ...]) -> None:
    """Walk the hash chain in id order; exit 1 naming the first entry where it breaks."""
    verdict = chain.verify(db.session, frozenset(h.strip().lower() for h in expected))
    if not verdict.intact:
        raise click.ClickException(verdict.summary())
    missing = sorted({h.strip().lower() for h in expected} - verdict.seen)
    if missing:
        raise click.ClickException(
            f"{verdict.entries} entries chain up, but no entry has the hash {missing[0]}: "
            "the newest entries since it was noted were cut off."
        )
    click.echo(verdict.summary())
    click.echo(f"Head: {verdict.head}  (note it; check later with --expect)")


def init_app(app: Flask) -> None:
    """Register this feature's commands on app.cli."""
    app.cli.add_command(audit_cli)
