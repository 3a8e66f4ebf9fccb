"""Command-line tools (``flask --app wijkbudget …``): thin wrappers over the services."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app

from wijkbudget import demo
from wijkbudget.auth import services as auth_services
from wijkbudget.auth.models import Role
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives import notify as initiative_notify
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.wijken.phases import today_in_nl

demo_cli = click.Group("demo", help="Demo content.")
user_cli = click.Group("user", help="Accounts.")
notify_cli = click.Group("notify", help="E-mails that go out when a phase starts (run daily).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has wijken already.")
def demo_load(if_empty: bool) -> None:
    """Fill an empty database with the demo wijken, rounds and one account per role."""
    if not demo.is_empty():
        if if_empty:
            click.echo("The database has content already; the demo is not loaded again.")
            return
        raise click.ClickException(
            "The database is not empty; the demo only loads into an empty one."
        )
    logins = demo.load(today_in_nl())
    db.session.commit()
    lines = ["Demo logins (shown once; also saved in instance/demo-logins.txt):"]
    lines += [f"  {email:38} {password}" for email, password in logins.items()]
    text = "\n".join(lines)
    click.echo(text)
    path = Path(current_app.instance_path) / "demo-logins.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    os.chmod(path, 0o600)


@user_cli.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create a confirmed administrator account (the first one, on a new installation)."""
    if auth_services.find_user(email) is not None:
        raise click.ClickException("An account with this e-mail address exists already.")
    user = auth_services.create_user(email, name, password, confirmed_at=utcnow())
    auth_services.assign_role(None, user, Role.ADMIN, None, "created on the command line")
    db.session.commit()
    click.echo(f"Administrator {user.email} created.")


@notify_cli.command("voting-opens")
def notify_voting_opens() -> None:
    """Tell the initiators of admitted ideas that voting has started (once per round)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        for round_ in initiative_services.rounds_to_announce(today_in_nl()):
            mailed = sum(
                initiative_notify.send(initiative, "voting_opens")
                for initiative in initiative_services.admitted(round_)
            )
            initiative_services.mark_announced(round_, mailed)
            db.session.commit()
            click.echo(f"{round_.title}: {mailed} initiator(s) told that voting opened.")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(notify_cli)

    from wijkbudget.profiles.cli import wijk_cli
    from wijkbudget.projects.cli import privacy_cli

    app.cli.add_command(privacy_cli)
    app.cli.add_command(wijk_cli)

    from wijkbudget.voting import cli as voting_cli

    voting_cli.init_app(app, demo_cli)

    from wijkbudget.api import cli as api_cli
    from wijkbudget.audit import cli as audit_cli
    from wijkbudget.backup import cli as backup_cli
    from wijkbudget.exports import cli as exports_cli
    from wijkbudget.results import cli as results_cli

    for feature in (results_cli, exports_cli, api_cli, audit_cli, backup_cli):
        feature.init_app(app)
