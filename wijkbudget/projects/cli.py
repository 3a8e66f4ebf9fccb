"""``flask --app wijkbudget privacy purge``: delete sign-ups that are no longer needed."""

from __future__ import annotations

import click
from flask import current_app

from wijkbudget.extensions import db
from wijkbudget.projects import privacy
from wijkbudget.wijken.phases import today_in_nl

privacy_cli = click.Group("privacy", help="Personal data: keep it no longer than needed.")


@privacy_cli.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Days after a project ends (or a sign-up was cancelled) to keep sign-ups; "
    "default SIGNUP_RETENTION_DAYS or 90.",
)
def purge(days: int | None) -> None:
    """Delete the sign-ups of ended projects, and old cancelled sign-ups."""
    if days is None:
        days = int(current_app.config.get("SIGNUP_RETENTION_DAYS", privacy.DEFAULT_RETENTION_DAYS))
    result = privacy.purge(today_in_nl(), days)
    db.session.commit()
    click.echo(
        f"Deleted {result.signups_deleted} sign-up(s); "
        f"{result.ended_projects} project(s) ended more than {days} days ago."
    )
