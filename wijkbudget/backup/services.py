"""Backing up and restoring the whole database.

SQLite: the online backup API copies a consistent snapshot while the app keeps running.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, with the password handed over in
the environment (``PGPASSWORD``), never on the command line where ``ps`` would show it.

A backup holds everything: the voter roll, the ballots and personal data. Files are written
readable by their owner only (0600).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# The tables whose row counts a restore prints: what a gemeente would look for first.
KEY_TABLES = (
    "wijken",
    "rounds",
    "users",
    "initiatives",
    "voting_roll",
    "voting_ballots",
    "paper_sheets",
    "project_signups",
    "audit_entries",
)
# Connection settings of a database URL's query that libpq also reads from the environment.
LIBPQ_ENV = {
    "host": "PGHOST",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the command line."""


def default_path(folder: Path, url: sa.URL, now: datetime) -> Path:
    """``<folder>/wijkbudget-<UTC timestamp>.sqlite`` (or ``.pgdump``)."""
    suffix = ".sqlite" if url.get_backend_name() == "sqlite" else ".pgdump"
    return folder / f"wijkbudget-{now:%Y%m%dT%H%M%SZ}{suffix}"


def _private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, before anything is written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} exists already; choose another file name.") from None
    os.chmod(path, 0o600)  # whatever the umask said


def create(url: sa.URL, target: Path) -> int:
    """Write a backup of the database at ``url`` to the new file ``target``; its size."""
    _private_file(target)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(_sqlite_path(url), target)
        else:
            _run(
                [pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
                url,
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target.stat().st_size


@dataclass(frozen=True)
class Contents:
    """How many rows the app's tables hold (tables that do not exist yet hold none)."""

    rows: dict[str, int]

    @property
    def empty(self) -> bool:
        return not any(self.rows.values())

    def filled(self, shown: int = 5) -> str:
        """The tables with rows, the key ones first: "wijken: 7, users: 12, … 9 more tables"."""
        tables = sorted(
            (table for table, count in self.rows.items() if count),
            key=lambda t: KEY_TABLES.index(t) if t in KEY_TABLES else len(KEY_TABLES),
        )
        text = ", ".join(f"{table}: {self.rows[table]}" for table in tables[:shown])
        return text + (f", and {len(tables) - shown} more tables" if len(tables) > shown else "")


def contents(connection: sa.Connection, tables: list[sa.Table]) -> Contents:
    """Row counts of ``tables`` as the database has them."""
    existing = set(sa.inspect(connection).get_table_names())
    rows = {
        table.name: (
            connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            if table.name in existing
            else 0
        )
        for table in tables
    }
    return Contents(rows)


def restore(url: sa.URL, source: Path) -> None:
    """Put the backup ``source`` into the database at ``url``, replacing what is there.

    The caller checks that the database is empty (or that replacing it is wanted) and that
    no connection of its own is open: SQLite's copy needs the file to itself, and
    ``pg_restore`` drops and creates tables.
    """
    kind = backup_kind(source)
    backend = url.get_backend_name()
    if kind != backend:
        raise BackupError(f"{source} is a {kind} backup; the database here is {backend}.")
    if backend == "sqlite":
        _sqlite_check(source)
        target = _sqlite_path(url)
        if not target.exists():
            _private_file(target)
        _sqlite_copy(source, target)
    else:
        command = [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
        # --clean --if-exists: a schema made by `flask db upgrade` (or, with --force, a
        # filled database) is dropped first; in a brand-new database the drops do nothing.
        command += ["--clean", "--if-exists", "--no-password", f"--dbname={url.database}"]
        _run([*command, str(source)], url)


def backup_kind(path: Path) -> str:
    """``sqlite`` or ``postgresql``, from the file's first bytes."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a wijkbudget backup (neither SQLite nor pg_dump).")


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("Only a SQLite database in a file can be backed up or restored.")
    return Path(url.database)


@contextmanager
def _sqlite_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        yield connection


def _sqlite_check(path: Path) -> None:
    with _sqlite_read_only(path) as connection:
        result = connection.execute("PRAGMA quick_check").fetchone()
    if result is None or result[0] != "ok":
        raise BackupError(f"{path} is damaged: SQLite's check says {result}.")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy every page in one step: a consistent snapshot, even while others write."""
    with _sqlite_read_only(source) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client of the server's version "
            "(Debian: postgresql-client-15)."
        )
    return max(candidates, key=lambda path: int(Path(path).parts[-3]))


def pg_environment(url: sa.URL) -> dict[str, str]:
    """libpq's environment for ``url``: where to connect and the password, out of sight."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            env[key] = str(value)
    for key, variable in LIBPQ_ENV.items():
        option = url.query.get(key)
        if isinstance(option, str):
            env[variable] = option
    return env


def _run(command: list[str], url: sa.URL) -> None:
    done = subprocess.run(
        command, env=pg_environment(url), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {done.stderr.strip() or done.returncode}")
