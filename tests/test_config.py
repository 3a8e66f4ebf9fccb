from __future__ import annotations

from pathlib import Path

import pytest

import config


def test_production_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.load("production")


def test_production_refuses_to_start_without_its_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(config.ConfigError, match="PUBLIC_URL"):
        config.load("production")


def test_production_uses_secure_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("PUBLIC_URL", "https://wijkbudget.example.nl/")
    settings = config.load("production")
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SECRET_KEY"] == "x" * 64
    assert settings["PASSWORD_HASH_METHOD"] == "scrypt"
    assert settings["PUBLIC_URL"] == "https://wijkbudget.example.nl"


def test_development_keeps_its_generated_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("WIJKBUDGET_INSTANCE", str(tmp_path))
    first = config.load("development")["SECRET_KEY"]
    assert len(first) == 64
    assert config.load("development")["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/wb", "postgresql+psycopg://u:p@db/wb"),
        ("postgresql://u:p@db/wb", "postgresql+psycopg://u:p@db/wb"),
        ("postgresql+psycopg://u:p@db/wb", "postgresql+psycopg://u:p@db/wb"),
        ("sqlite:////srv/wb.sqlite", "sqlite:////srv/wb.sqlite"),
    ],
)
def test_database_urls_work_unchanged(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert config.database_url() == expected


def test_default_database_is_sqlite_in_instance(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKBUDGET_INSTANCE", str(tmp_path))
    assert config.database_url() == f"sqlite:///{tmp_path}/wijkbudget.sqlite"


def test_unknown_environment_and_bad_numbers_are_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(config.ConfigError, match="unknown"):
        config.load("staging")
    monkeypatch.setenv("MAIL_PORT", "twenty-five")
    with pytest.raises(config.ConfigError, match="MAIL_PORT"):
        config.load("testing")
