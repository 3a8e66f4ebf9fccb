"""``flask backup create`` and ``backup restore``: the demo goes out and comes back whole."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade

from tests.backup.scratch import app_on, scratch_database
from wijkbudget import demo
from wijkbudget.audit import chain
from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.backup import services
from wijkbudget.extensions import db
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import today_in_nl

# Each must hold rows in the demo: a round trip that loses one of them cannot pass.
MUST_SURVIVE = (
    "initiatives",
    "voting_ballots",
    "voting_roll",
    "audit_entries",
    "project_signups",
    "paper_sheets",
    "users",
)


def _cli(app: Flask, *args: str, **kwargs: Any) -> Result:
    return app.test_cli_runner().invoke(args=list(args), **kwargs)


def _every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the app, in primary-key order, as the app reads them."""
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            query = sa.select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def _backed_up(app: Flask, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    file = tmp_path / "out" / "demo.backup"
    result = _cli(app, "backup", "create", "-o", str(file))
    assert result.exit_code == 0, result.output
    assert f"Backup written: {file} (" in result.output
    return file, _every_row()


@pytest.fixture
def backup_of_demo(app: Flask, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The demo, backed up with the command; the file and every row it should bring back."""
    demo.load(today_in_nl())
    db.session.commit()
    return _backed_up(app, tmp_path)


@pytest.fixture
def small_backup(
    app: Flask, tmp_path: Path, make_round: Callable[..., Any]
) -> tuple[Path, dict[str, Any]]:
    """A round in a wijk (and their audit entries), backed up."""
    make_round()
    return _backed_up(app, tmp_path)


def test_round_trip_into_an_empty_database(
    app: Flask, tmp_path: Path, backup_of_demo: tuple[Path, dict[str, Any]]
) -> None:
    file, original = backup_of_demo
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    for table in MUST_SURVIVE:
        assert original[table], f"the demo has no {table}: the test would prove nothing"

    with scratch_database(tmp_path) as url, app_on(url, tmp_path) as target:
        result = _cli(target, "backup", "restore", str(file), "--yes")
        assert result.exit_code == 0, result.output
        audit_count = len(original["audit_entries"])
        assert f"{audit_count} entries, chain intact." in result.output
        for table in ("initiatives", "voting_ballots", "project_signups"):
            assert re.search(rf"{table}\s+{len(original[table])}\n", result.output)

        restored = _every_row()
        assert restored.keys() == original.keys()
        for table, rows in original.items():
            assert restored[table] == rows, f"{table} differs after the restore"

        # The restored installation goes on working: the next entry chains on.
        wijk = db.session.scalars(sa.select(Wijk)).first()
        assert wijk is not None
        record(None, "test.after_restore", wijk)
        db.session.commit()
        verdict = chain.verify(db.session)
        assert verdict.intact and verdict.entries == audit_count + 1


def test_restore_refuses_a_database_with_content_unless_forced(
    app: Flask, tmp_path: Path, small_backup: tuple[Path, dict[str, Any]]
) -> None:
    file, original = small_backup
    with scratch_database(tmp_path) as url, app_on(url, tmp_path) as target:
        assert _cli(target, "backup", "restore", str(file), "--yes").exit_code == 0
        wijk = db.session.scalars(sa.select(Wijk)).first()
        assert wijk is not None
        record(None, "test.later", wijk, reason="written after the backup")
        db.session.commit()

        refused = _cli(target, "backup", "restore", str(file), "--yes")
        assert refused.exit_code == 1
        assert "The database is not empty (" in refused.output
        assert "--force" in refused.output
        later = sa.select(AuditEntry).where(AuditEntry.action == "test.later")
        assert db.session.scalars(later).one_or_none() is not None  # nothing was replaced

        forced = _cli(target, "backup", "restore", str(file), "--yes", "--force")
        assert forced.exit_code == 0, forced.output
        assert _every_row() == original


def test_restore_asks_first(
    app: Flask, tmp_path: Path, small_backup: tuple[Path, dict[str, Any]]
) -> None:
    file, _original = small_backup
    with scratch_database(tmp_path) as url, app_on(url, tmp_path) as target:
        answered_no = _cli(target, "backup", "restore", str(file), input="n\n")
        assert answered_no.exit_code == 1
        assert "Restore " in answered_no.output and "Aborted" in answered_no.output
        with db.engine.connect() as connection:
            assert services.contents(connection, list(db.metadata.sorted_tables)).empty


def test_restore_refuses_what_is_not_a_backup(app: Flask, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup", encoding="utf-8")
    result = _cli(app, "backup", "restore", str(bogus), "--yes")
    assert result.exit_code == 1 and "is not a wijkbudget backup" in result.output
    missing = _cli(app, "backup", "restore", str(tmp_path / "gone.sqlite"), "--yes")
    assert missing.exit_code == 1 and "does not exist" in missing.output


def test_create_writes_a_private_file_with_a_timestamp_in_the_instance_folder(
    app: Flask, tmp_path: Path, make_wijk: Any
) -> None:
    make_wijk()
    app.instance_path = str(tmp_path / "instance")
    result = _cli(app, "backup", "create")
    assert result.exit_code == 0, result.output
    [file] = (tmp_path / "instance" / "backups").iterdir()
    assert file.name.startswith(f"wijkbudget-{today_in_nl().year}")
    assert str(file) in result.output
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    again = _cli(app, "backup", "create", "-o", str(file))
    assert again.exit_code == 1 and "exists already" in again.output


def test_the_password_goes_in_the_environment_not_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_run(command: list[str], env: dict[str, str], **kwargs: Any) -> Any:
        calls.append((command, env))
        Path(command[-1].removeprefix("--file=")).write_bytes(b"PGDMP fake")
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(services.subprocess, "run", fake_run)
    url = sa.make_url(
        "postgresql+psycopg://wb:s3cret-pw@db.example:6543/wijkbudget?sslmode=require"
    )
    size = services.create(url, tmp_path / "x.pgdump")
    assert size == len(b"PGDMP fake")
    [(command, env)] = calls
    assert not any("s3cret-pw" in part for part in command)
    assert command[1] == "--format=custom"
    assert (env["PGPASSWORD"], env["PGHOST"], env["PGPORT"]) == ("s3cret-pw", "db.example", "6543")
    assert (env["PGUSER"], env["PGDATABASE"], env["PGSSLMODE"]) == ("wb", "wijkbudget", "require")


def test_pg_tools_are_found_beside_the_server_when_not_on_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services.shutil, "which", lambda name: None)
    found = [f"/usr/lib/postgresql/{v}/bin/pg_dump" for v in ("9", "15", "13")]
    monkeypatch.setattr(services.glob, "glob", lambda pattern: found)
    assert services.pg_tool("pg_dump") == "/usr/lib/postgresql/15/bin/pg_dump"
    monkeypatch.setattr(services.glob, "glob", lambda pattern: [])
    with pytest.raises(services.BackupError, match="pg_dump was not found"):
        services.pg_tool("pg_dump")


def test_restore_into_a_freshly_migrated_database(
    app: Flask, tmp_path: Path, small_backup: tuple[Path, dict[str, Any]]
) -> None:
    """A new installation: `flask db upgrade` made the (empty) tables, then the restore."""
    file, original = small_backup
    with scratch_database(tmp_path) as url, app_on(url, tmp_path) as target:
        upgrade()
        db.session.remove()
        result = _cli(target, "backup", "restore", str(file), "--yes")
        assert result.exit_code == 0, result.output
        assert _every_row() == original


def test_a_backup_from_an_older_version_asks_for_the_upgrade(tmp_path: Path) -> None:
    file = tmp_path / "old.backup"
    with scratch_database(tmp_path) as url, app_on(url, tmp_path):
        upgrade(revision="ae3f4a5b6c7d")  # before the audit chain
        services.create(db.engine.url, file)
    with scratch_database(tmp_path) as url, app_on(url, tmp_path) as target:
        result = _cli(target, "backup", "restore", str(file), "--yes")
        assert result.exit_code == 0, result.output
        assert "The backup's schema is ae3f4a5b6c7d" in result.output
        assert "Run `flask db upgrade`, then `flask audit verify`." in result.output
        upgrade()
        assert chain.verify(db.session).intact
