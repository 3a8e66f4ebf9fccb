"""The app as production runs it: migrated, then served by gunicorn on loopback."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .net import free_port
from .proc import children

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
UNLIMITED = "1000000/minute"


def app_environment(database_url: str, public_url: str, instance: Path) -> dict[str, str]:
    """Production settings with a fresh secret, and stemcode limits out of the way.

    The limits count only refused codes, but with every voter on 127.0.0.1 they would still
    measure the limiter rather than the app.
    """
    return {
        **os.environ,
        "WIJKBUDGET_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_URL": public_url,
        "DATABASE_URL": database_url,
        "WIJKBUDGET_INSTANCE": str(instance),
        "RATELIMIT_STORAGE_URI": "memory://",
        "STEMCODE_LIMIT_PER_CLIENT": UNLIMITED,
        "STEMCODE_LIMIT_OVERALL": UNLIMITED,
    }


def prepare(env: dict[str, str], folder: Path, count: int) -> dict[str, Any]:
    """Migrate, then round and codes from ``prepare.py``; the 0600 file with the codes is
    removed as soon as it is read."""
    out = folder / "codes.json"
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("prepare.py")), str(out), str(count)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # the migration log lines and the traceback, only when it failed
        raise RuntimeError(f"preparing the round failed:\n{done.stdout}{done.stderr}")
    try:
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink()
    return data


def gunicorn_config(choice: str) -> Path | None:
    """``auto``: the repository's gunicorn.conf.py when there is one; ``none``; or a path."""
    if choice == "none":
        return None
    if choice == "auto":
        found = REPO / "gunicorn.conf.py"
        return found if found.exists() else None
    return Path(choice)


class Gunicorn:
    """gunicorn on 127.0.0.1 with ``workers`` sync workers; its log goes to ``folder``."""

    def __init__(
        self,
        env: dict[str, str],
        folder: Path,
        workers: int,
        config: Path | None,
        options: tuple[str, ...] = (),
    ) -> None:
        self.port = free_port()
        self.env = {**env, "PUBLIC_URL": f"http://127.0.0.1:{self.port}"}
        self.folder = folder
        self.workers = workers
        self.config = config
        self.options = options  # more gunicorn options; they override the config file's
        self.log = folder / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        command = [str(VENV_BIN / "gunicorn")]
        if self.config is not None:
            command += ["--config", str(self.config)]
        command += [
            "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}",
            "--backlog", "2048",
            "--graceful-timeout", "5",
            *self.options,
            "wijkbudget:create_app()",
        ]  # fmt: skip
        with self.log.open("ab") as log:
            # cwd is the temp folder: no gunicorn.conf.py is picked up unless we pass one.
            self.process = subprocess.Popen(
                command, env=self.env, cwd=self.folder, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up; see {self.log}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log}")

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status < 500
        except OSError:
            return False
        finally:
            connection.close()

    def worker_pids(self) -> list[int]:
        """The master's children."""
        return children(self.process.pid) if self.process is not None else []

    def kill_worker(self) -> int | None:
        """SIGKILL one worker, as the OOM killer would; the master starts a new one."""
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
