"""A throw-away PostgreSQL cluster of the benchmark's own, never the system one.

``initdb`` into a temporary directory, listening on 127.0.0.1 at a free port with its socket in
that directory, password authentication with a random password. PostgreSQL refuses to run as
root, so as root every command runs as the ``postgres`` system user through ``runuser``.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .net import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
USER = "bench"
DATABASE = "wijkbudget"


class OwnPostgres:
    """Start with :meth:`start`, fault with :meth:`restart`, always end with :meth:`stop`."""

    def __init__(self, system_user: str = "postgres") -> None:
        self.root = Path(tempfile.mkdtemp(prefix="wijkbudget-load-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.password = secrets.token_urlsafe(24)
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(system_user)
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", system_user, "--"]
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, env: dict[str, str] | None = None) -> None:
        done = subprocess.run(
            [*self._as_user, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=self.root,
        )
        if done.returncode != 0:
            name = Path(args[0]).name
            raise RuntimeError(f"{name} failed: {done.stderr.strip()}; see {self.log}")

    def start(self) -> None:
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if self._as_user:
            shutil.chown(pwfile, user=self._as_user[2])
        self._run(
            str(PG_BIN / "initdb"),
            "-D", str(self.data),
            "-U", USER,
            "--pwfile", str(pwfile),
            "--auth", "scram-sha-256",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        pwfile.unlink()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "200",
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# wijkbudget bench/load.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self._pg_ctl("start")
        self.running = True
        self._run(
            str(PG_BIN / "createdb"),
            "-h", "127.0.0.1",
            "-p", str(self.port),
            "-U", USER,
            DATABASE,
            env={"PGPASSWORD": self.password},
        )  # fmt: skip

    def _pg_ctl(self, *action: str) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            *action,
        )  # fmt: skip

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: open connections are cut, running transactions roll back."""
        self._pg_ctl("-m", "fast", "restart")

    def stop(self, keep: bool = False) -> None:
        if self.running:
            try:
                self._pg_ctl("-m", "fast", "stop")
            finally:
                self.running = False
        if not keep:
            shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def scratch(database_url: str, prefix: str) -> Iterator[tuple[OwnPostgres | None, Path]]:
    """For one measurement: a cluster of its own, started (``None`` when ``database_url`` names
    the database to use), and a temporary folder; both removed afterwards."""
    postgres = None if database_url else OwnPostgres()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        if postgres is not None:
            postgres.start()
        yield postgres, folder
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
