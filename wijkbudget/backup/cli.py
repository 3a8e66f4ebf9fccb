"""``flask --app wijkbudget backup create`` and ``backup restore``."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask, current_app

from wijkbudget.audit import chain
from wijkbudget.backup import services
from wijkbudget.backup.services import BackupError
from wijkbudget.db import utcnow
from wijkbudget.extensions import db

backup_cli = click.Group("backup", help="Back up the whole database, and restore a backup.")


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


def _revisions(connection: sa.Connection) -> tuple[str | None, str | None]:
    """The schema revision of the database, and the one this version of the code expects."""
    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    head = ScriptDirectory.from_config(config).get_current_head()
    if not sa.inspect(connection).has_table("alembic_version"):
        return None, head
    return connection.scalar(sa.text("SELECT version_num FROM alembic_version")), head


@backup_cli.command("create")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: instance/backups/wijkbudget-<UTC time>.*).",
)
def create(output: Path | None) -> None:
    """Back up the database to a new file, readable by its owner only."""
    url = db.engine.url
    target = output or services.default_path(
        Path(current_app.instance_path) / "backups", url, utcnow()
    )
    try:
        size = services.create(url, target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {target} ({_size(size)}).")
    click.echo("It holds the voter roll, the ballots and personal data: keep it safe.")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Replace a database that has content.")
def restore(source: Path, yes: bool, force: bool) -> None:
    """Restore a backup into an empty database.

    SOURCE is a file made by `backup create`. Stop the app first. The database must be empty
    (new, or just made by `flask db upgrade`), unless --force: then it is replaced as a whole.
    """
    url = db.engine.url
    tables = list(db.metadata.sorted_tables)
    try:
        services.backup_kind(source)
        with db.engine.connect() as connection:
            before = services.contents(connection, tables)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if not before.empty and not force:
        raise click.ClickException(
            f"The database is not empty ({before.filled()}). A backup is only restored into "
            "an empty database; add --force to replace everything in it."
        )
    where = url.render_as_string(hide_password=True)
    if not yes:
        replacing = " It REPLACES everything in it." if not before.empty else ""
        click.confirm(f"Restore {source} into {where}?{replacing}", abort=True)
    # Our own connections go first: SQLite's copy wants the file to itself, and pg_restore
    # would wait for any lock they hold.
    db.session.remove()
    db.engine.dispose()
    try:
        services.restore(url, source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    with db.engine.connect() as connection:
        after = services.contents(connection, tables)
        revision, head = _revisions(connection)
    click.echo(f"Restored {source} into {where}.")
    for table in services.KEY_TABLES:
        click.echo(f"  {table:18} {after.rows.get(table, 0):>8}")
    if revision != head:
        click.echo(
            f"The backup's schema is {revision}; this version needs {head}. Run "
            "`flask db upgrade`, then `flask audit verify`."
        )
        return
    verdict = chain.verify(db.session)
    db.session.remove()
    if not verdict.intact:
        raise click.ClickException(verdict.summary())
    click.echo(f"Audit log: {verdict.summary()}")


def init_app(app: Flask) -> None:
    """Register the backup commands on ``app.cli``."""
    app.cli.add_command(backup_cli)
