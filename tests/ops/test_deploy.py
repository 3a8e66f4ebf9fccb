"""The deployment files say what they must: gunicorn settings, systemd units, nginx, env, Docker."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
APP = "wijkbudget:create_app()"
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "HOME": os.environ.get("HOME", "/tmp"),
    "WIJKBUDGET_ENV": "production",
    "SECRET_KEY": "not-a-real-secret",
    "PUBLIC_URL": "https://wijkbudget.example.nl",
}


def _in_production(*command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``command`` run in the repository with the production environment (plus ``env``)."""
    return subprocess.run(
        command, cwd=ROOT, env={**PRODUCTION_ENV, **env}, capture_output=True, text=True, timeout=60
    )


def _gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    for name in ("WEB_CONCURRENCY", "WIJKBUDGET_BIND", "FORWARDED_ALLOW_IPS", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _gunicorn_settings(monkeypatch)
    assert settings["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert settings["timeout"] == 30
    assert 0 < settings["graceful_timeout"] <= 30  # type: ignore[operator]
    assert settings["max_requests"] and settings["max_requests_jitter"]
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert settings["accesslog"] is None
    assert settings["preload_app"] is False
    assert settings["wsgi_app"] == APP


def test_gunicorn_master_loads_the_code_but_builds_no_app() -> None:
    """Workers fork with every feature imported (cheap restarts) but open their own pool."""
    probe = (
        "import runpy, sys\n"
        "settings = runpy.run_path('gunicorn.conf.py')\n"
        "settings['on_starting'](None)\n"
        "from wijkbudget import BLUEPRINTS\n"
        "from wijkbudget.extensions import db\n"
        "missing = [n for n in BLUEPRINTS if 'wijkbudget.' + n not in sys.modules]\n"
        "print(missing, len(db._app_engines))\n"
    )
    done = _in_production(sys.executable, "-c", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "0"]


def test_gunicorn_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _gunicorn_settings(
        monkeypatch,
        WEB_CONCURRENCY="3",
        WIJKBUDGET_BIND="0.0.0.0:8000",
        FORWARDED_ALLOW_IPS="10.0.0.2",
    )
    assert settings["workers"] == 3
    assert settings["bind"] == ["0.0.0.0:8000"]
    assert settings["forwarded_allow_ips"] == "10.0.0.2"


def test_gunicorn_accepts_the_config_and_loads_the_app(tmp_path: Path) -> None:
    result = _in_production(
        str(BIN / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "--check-config",
        APP,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite'}",
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_writes_its_own_lines_as_json_in_production() -> None:
    script = (
        "import runpy\n"
        "from gunicorn.config import Config\n"
        "from gunicorn.glogging import Logger\n"
        "cfg = Config()\n"
        "for name, value in runpy.run_path('gunicorn.conf.py').items():\n"
        "    if name in cfg.settings: cfg.set(name, value)\n"
        "Logger(cfg).info('Booting worker with pid: %s', 42)\n"
    )
    result = _in_production(sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(line) for line in result.stderr.splitlines()]
    assert line["logger"] == "gunicorn.error"
    assert line["message"] == "Booting worker with pid: 42"


def test_gunicorn_builds_no_access_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """With logging configured by dict, gunicorn's own logger builds an access line for every
    request even when nothing writes it; the app logs its requests itself."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    class Untouchable:
        def __getattr__(self, name: str) -> object:
            raise AssertionError(f"the access hook read {name} of a request or response")

    cfg = Config()
    for name, value in _gunicorn_settings(monkeypatch, WIJKBUDGET_ENV="production").items():
        if name in cfg.settings:
            cfg.set(name, value)
    assert cfg.logconfig_dict  # the case in which gunicorn would build the line
    untouchable = Untouchable()
    with pytest.raises(AssertionError):  # what the stock logger does with the same request
        Logger(cfg).access(untouchable, untouchable, {}, untouchable)
    logger = cfg.logger_class(cfg)
    assert logger.access(untouchable, untouchable, {}, untouchable) is None
    cfg.set("accesslog", "-")  # an operator who asks for gunicorn's access log gets it
    with pytest.raises(AssertionError):
        cfg.logger_class(cfg).access(untouchable, untouchable, {}, untouchable)


# --- systemd ------------------------------------------------------------------------------


def _unit(name: str) -> str:
    return (DEPLOY / name).read_text(encoding="utf-8")


def test_web_unit_runs_migrations_then_gunicorn_as_its_own_user() -> None:
    unit = _unit("wijkbudget.service")
    assert "User=wijkbudget" in unit
    assert "EnvironmentFile=/etc/wijkbudget/env" in unit
    assert re.search(r"^ExecStartPre=\S+/flask --app wijkbudget db upgrade$", unit, re.M)
    start = re.search(r"^ExecStart=(\S+)/gunicorn -c (\S+)/gunicorn.conf.py (.+)$", unit, re.M)
    assert start and start.group(3) == f'"{APP}"'
    for hardening in (
        "NoNewPrivileges=true",
        "ProtectSystem=strict",
        "PrivateTmp=true",
        "ReadWritePaths=/var/lib/wijkbudget",
    ):
        assert hardening in unit


@pytest.mark.parametrize(
    ("job", "command"),
    [("notify", "notify voting-opens"), ("purge", "privacy purge")],
)
def test_daily_jobs_run_existing_commands(job: str, command: str) -> None:
    from wijkbudget import create_app

    service = _unit(f"wijkbudget-{job}.service")
    assert f"flask --app wijkbudget {command}\n" in service
    assert "Type=oneshot" in service and "User=wijkbudget" in service
    assert "OnCalendar=" in _unit(f"wijkbudget-{job}.timer")
    group, name = command.split()
    app = create_app("testing")
    assert name in app.cli.commands[group].commands  # type: ignore[attr-defined]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
def test_systemd_accepts_the_units() -> None:
    units = sorted(str(p) for p in DEPLOY.iterdir() if p.suffix in {".service", ".timer"})
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    # The programs live on the server, not here: that is the only complaint allowed.
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "is not executable" not in line
    ]
    assert not problems, problems


# --- nginx --------------------------------------------------------------------------------


def _nginx() -> str:
    return (DEPLOY / "nginx.conf").read_text(encoding="utf-8")


def test_nginx_takes_uploads_as_large_as_the_app() -> None:
    megabytes = config.load("testing")["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    assert re.findall(r"^\s*client_max_body_size (\d+)m;", _nginx(), re.M) == [str(int(megabytes))]


def test_nginx_logs_never_the_raw_request_uri() -> None:
    conf = _nginx()
    formats = re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", conf)
    assert [name for name, _ in formats] == ["wijkbudget"]
    assert "$request_uri" not in formats[0][1] and "$request " not in formats[0][1]
    assert "$http_referer" not in formats[0][1]
    access_logs = re.findall(r"^\s*access_log\s+(.+);", conf, re.M)
    assert access_logs and all(line.split()[-1] == "wijkbudget" for line in access_logs)


def test_nginx_sends_tls_hsts_and_the_proxy_headers() -> None:
    conf = _nginx()
    for needed in (
        "listen 443 ssl",
        "Strict-Transport-Security",
        "proxy_set_header X-Forwarded-For",
        "proxy_set_header X-Forwarded-Proto $scheme",
        "proxy_set_header X-Request-ID $request_id",
        "location /static/",
    ):
        assert needed in conf


# --- environment and Docker ---------------------------------------------------------------

_READS = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|os\.environ\[|_int|_bool)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_env_example_documents_every_variable_the_app_reads() -> None:
    sources = [ROOT / "config.py", ROOT / "gunicorn.conf.py", *(ROOT / "wijkbudget").rglob("*.py")]
    read = {name for path in sources for name in _READS.findall(path.read_text("utf-8"))}
    assert {"SECRET_KEY", "DATABASE_URL", "LOG_FORMAT", "RATELIMIT_STORAGE_URI"} <= read
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.M))
    assert read - documented == set()
    secrets = re.findall(r"^(?:SECRET_KEY|MAIL_PASSWORD)=(.*)$", example, re.M)
    assert secrets == ["", ""]


def test_dockerfile_builds_a_non_root_image_that_checks_its_health() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    instructions = [
        line.split(maxsplit=1)[0]
        for line in re.sub(r"\\\n", " ", dockerfile).splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert instructions[0] == "FROM" and "python:3.11-slim" in dockerfile
    assert set(instructions) <= {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "USER", "EXPOSE"} | {
        "HEALTHCHECK",
        "CMD",
    }
    assert instructions.index("USER") < instructions.index("CMD")
    assert "USER wijkbudget" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in dockerfile
    assert "pybabel compile -d wijkbudget/translations" in dockerfile
    assert "/healthz" in dockerfile.split("HEALTHCHECK", 1)[1]
    assert f'CMD ["gunicorn", "-c", "gunicorn.conf.py", "{APP}"]' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "instance", "tests"} <= set(ignored)
