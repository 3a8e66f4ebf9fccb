"""``flask --app wijkbudget api token-issue`` and ``token-revoke``: the admin page's twins."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask

from wijkbudget.api import tokens
from wijkbudget.api.models import ApiToken
from wijkbudget.db import utcnow
from wijkbudget.extensions import db

api_cli = click.Group("api", help="The JSON API: tokens for the gemeente.")


@api_cli.command("token-issue")
@click.option("--name", required=True, help="Who uses the token.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(tokens.SCOPES),
    help="What it may read; repeat for more.",
)
@click.option(
    "--expires-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The last day it works (YYYY-MM-DD). Default: until revoked.",
)
def token_issue(name: str, scopes: tuple[str, ...], expires_on: object) -> None:
    """Make an API token and print it (once: only its hash is kept)."""
    day: date | None = expires_on.date() if expires_on is not None else None  # type: ignore[attr-defined]
    try:
        issued = tokens.issue(
            None,
            name,
            scopes,
            utcnow(),
            expires_at=tokens.expiry_after(day) if day else None,
        )
    except tokens.TokenError as error:
        raise click.ClickException(f"Not made: {error.code}.") from error
    db.session.commit()
    click.echo(f"Token {issued.token.id} ({', '.join(issued.token.scopes)}), shown only now:")
    click.echo(issued.secret)


@api_cli.command("token-revoke")
@click.argument("token_id", type=int)
@click.option("--reason", default="", help="Why, for the audit log.")
def token_revoke(token_id: int, reason: str) -> None:
    """Stop token TOKEN_ID working."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"There is no token {token_id}.")
    try:
        tokens.revoke(None, token, utcnow(), reason)
    except tokens.TokenError as error:
        raise click.ClickException("This token was revoked already.") from error
    db.session.commit()
    click.echo(f"Token {token_id} ({token.name}) is revoked.")


def init_app(app: Flask) -> None:
    """Register this feature's commands on app.cli."""
    app.cli.add_command(api_cli)
