"""Configuration read from the environment at start-up, with safe defaults for development.

``WIJKBUDGET_ENV`` picks the profile: ``development`` (default), ``production`` or ``testing``.
Production refuses to start without ``SECRET_KEY``; development generates one and keeps it in
``instance/secret_key`` so that logins survive a restart of ``make run``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent
ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """The environment does not describe a configuration wijkbudget can start with."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None


def instance_dir() -> Path:
    return Path(os.environ.get("WIJKBUDGET_INSTANCE", BASE_DIR / "instance"))


def database_url(default: str | None = None) -> str:
    """``DATABASE_URL`` as given; plain ``postgres(ql)://`` URLs are pointed at psycopg 3."""
    url = os.environ.get("DATABASE_URL") or default
    if not url:
        url = f"sqlite:///{instance_dir() / 'wijkbudget.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _development_secret() -> str:
    """A random key kept in instance/, generated on first start."""
    folder = instance_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def load(env_name: str | None = None) -> dict[str, Any]:
    """The settings for ``env_name`` (default: ``WIJKBUDGET_ENV`` or development)."""
    env = env_name or os.environ.get("WIJKBUDGET_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(
            f"WIJKBUDGET_ENV={env!r} is unknown; use one of {', '.join(ENVIRONMENTS)}"
        )
    production = env == "production"
    secure_cookies = _bool("SESSION_COOKIE_SECURE", production)

    secret = os.environ.get("SECRET_KEY", "")
    if not secret:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set: production refuses to start without it. Generate one with "
                '`python -c "import secrets; print(secrets.token_hex(32))"`.'
            )
        secret = "testing-only-not-secret" if env == "testing" else _development_secret()
    if production and not os.environ.get("PUBLIC_URL"):
        raise ConfigError(
            "PUBLIC_URL is not set: production needs the site's address (https://…) for the "
            "links in mails; they are never built from a request's Host header."
        )

    if env == "testing":
        db_url = os.environ.get("TESTING_DATABASE_URL") or "sqlite://"
    else:
        db_url = database_url()

    return {
        "WIJKBUDGET_ENV": env,
        "TESTING": env == "testing",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        # The CSRF token lives as long as the session: a slow typist loses nothing.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "wijkbudget <noreply@wijkbudget.localhost>"),
        # Where residents reach the site; links in mails sent from the command line use it.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Behind a reverse proxy, trust this many X-Forwarded-* hops (client address, https).
        "TRUSTED_PROXIES": _int("WIJKBUDGET_TRUSTED_PROXIES", 0),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": _int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 5),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("LOGIN_MAX_FAILURES_PER_ADDRESS", 30),
        "LOGIN_FAILURE_WINDOW_MINUTES": _int("LOGIN_FAILURE_WINDOW_MINUTES", 15),
        # Register and password-reset mails: at most this many per address and per IP an hour.
        "MAIL_REQUESTS_PER_EMAIL": _int("MAIL_REQUESTS_PER_EMAIL", 3),
        "MAIL_REQUESTS_PER_ADDRESS": _int("MAIL_REQUESTS_PER_ADDRESS", 20),
        "PASSWORD_RESET_MAX_AGE_SECONDS": 3600,
        # Sign-ups for a programme project are deleted this many days after it ends (AVG).
        "SIGNUP_RETENTION_DAYS": _int("SIGNUP_RETENTION_DAYS", 90),
        # Sign-ups for programme projects per client ("limits" syntax). Each sends a mail: plenty
        # for a buurthuis computer, too few to flood a list or someone's inbox.
        "SIGNUP_LIMIT_PER_CLIENT": os.environ.get("SIGNUP_LIMIT_PER_CLIENT", "20/hour"),
        # Proxy votes one helper may assist per round (the Kieswet allows two per person).
        "PROXY_VOTES_PER_HELPER": _int("PROXY_VOTES_PER_HELPER", 2),
        # Uploads (photos) larger than this are refused before they are read into memory.
        "MAX_CONTENT_LENGTH": 9 * 1024 * 1024,
        # scrypt everywhere; only the test suite trades strength for speed.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000" if env == "testing" else "scrypt",
        "ACCOUNT_CONFIRM_MAX_AGE_SECONDS": 3 * 24 * 3600,
        # Log lines: "json" (one object a line, for a log shipper) or "text" (for a terminal).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json" if production else "text").lower(),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
    }
