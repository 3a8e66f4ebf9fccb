"""Log lines: one JSON object each, a request id on every line, never a stemcode or token."""

from __future__ import annotations

import contextvars
import logging
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import ConfigError
from tests.helpers import submit
from wijkbudget.ops.logging import (
    JsonFormatter,
    TextFormatter,
    loggable_path,
    make_handler,
    redact,
)

CODE = "ABCD-EFGH-JKMN"
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

LogLines = Callable[[], list[dict[str, Any]]]


def test_every_request_gets_a_fresh_id_in_the_response(client: FlaskClient) -> None:
    first = client.get("/").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_well_formed_id_from_the_proxy_is_kept(client: FlaskClient) -> None:
    response = client.get("/", headers={"X-Request-ID": "nginx-7f3a.b_9"})
    assert response.headers["X-Request-ID"] == "nginx-7f3a.b_9"


@pytest.mark.parametrize(
    "given_id",
    ["", "x" * 65, "has space", 'quote"', "semi;colon", "ünïcode", "{json}", "a/b"],
)
def test_a_malformed_id_is_replaced(client: FlaskClient, given_id: str) -> None:
    response = client.get("/", headers={"X-Request-ID": given_id})
    assert response.headers["X-Request-ID"] != given_id
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80))
def test_the_returned_id_is_always_safe_and_kept_only_when_valid(
    client: FlaskClient, given_id: str
) -> None:
    returned = client.get("/healthz", headers={"X-Request-ID": given_id}).headers["X-Request-ID"]
    assert VALID_ID.fullmatch(returned)
    assert (returned == given_id) == bool(VALID_ID.fullmatch(given_id))


def test_access_line_of_a_qr_link_has_the_id_and_path_but_no_stemcode(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = client.get(f"/stem?code={CODE}")
    assert response.status_code == 200
    assert CODE in response.get_data(as_text=True)  # the form is filled in for the resident
    request_id = response.headers["X-Request-ID"]
    access = [r for r in caplog.records if r.name == "wijkbudget.access"]
    assert len(access) == 1
    assert access[0].request_id == request_id  # type: ignore[attr-defined]
    assert access[0].path == "/stem"  # type: ignore[attr-defined]
    assert "GET /stem 200" in caplog.text
    assert "ABCD" not in caplog.text
    assert not any("ABCD" in str(value) for r in caplog.records for value in vars(r).values())


def test_json_lines_have_the_agreed_shape(json_app: Flask, log_lines: LogLines) -> None:
    log_lines()
    response = json_app.test_client().get("/hoe-werkt-het?utm_source=flyer")
    [line] = log_lines()
    assert line.keys() >= {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
        "remote_addr",
    }
    assert line["level"] == "INFO" and line["logger"] == "wijkbudget.access"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/hoe-werkt-het", 200)
    assert line["remote_addr"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "utm_source" not in str(line)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


def test_refused_stemcode_every_line_carries_the_id_and_none_the_code(
    json_app: Flask, log_lines: LogLines
) -> None:
    client = json_app.test_client()
    log_lines()
    response = submit(client, f"/stem?code={CODE}", {"code": CODE}, action="/stem")
    assert response.status_code == 422
    lines = log_lines()
    refused = [line for line in lines if line["logger"] == "wijkbudget.voting.views"]
    assert refused and "stemcode refused" in refused[0]["message"]
    post_lines = [line for line in lines if line.get("method") == "POST"]
    assert {line["request_id"] for line in post_lines} == {response.headers["X-Request-ID"]}
    assert len(post_lines) >= 2  # the refusal and the access line
    assert all(line["path"] == "/stem" for line in lines if "path" in line)
    assert "ABCD" not in str(lines)


def test_tokens_in_links_are_redacted_from_path_and_message(
    json_app: Flask, log_lines: LogLines
) -> None:
    log_lines()
    token = "eyJ1c2VyIjo0Mn0.secret-token-value"
    json_app.test_client().get(f"/wachtwoord-herstellen/{token}")
    lines = log_lines()
    access = [line for line in lines if line["logger"] == "wijkbudget.access"]
    assert access[0]["path"] == "/wachtwoord-herstellen/[redacted]"
    assert "secret-token-value" not in str(lines)


def test_requests_sharing_an_app_context_each_log_their_own_path(json_app: Flask) -> None:
    """A CLI command or a test runs requests inside one app context (and so one ``g``): the path
    and the secrets a line is redacted with belong to the request that writes it."""
    first, second = "eyJ1c2VyIjo0Mn0.first-token-value", "eyJ1c2VyIjo0Mn0.second-token-value"
    with json_app.app_context():
        seen = []
        for path in (f"/wachtwoord-herstellen/{first}", f"/wachtwoord-herstellen/{second}"):
            with json_app.test_request_context(path):
                seen.append((loggable_path(), redact(f"sent {path}")))
        with json_app.test_request_context("/stem?code=ABCD-EFGH-JKMN"):
            seen.append((loggable_path(), redact("typed ABCD-EFGH-JKMN")))
    assert seen == [
        ("/wachtwoord-herstellen/[redacted]", "sent /wachtwoord-herstellen/[redacted]"),
        ("/wachtwoord-herstellen/[redacted]", "sent /wachtwoord-herstellen/[redacted]"),
        ("/stem", "typed [redacted]"),
    ]


def test_lines_outside_a_request_have_no_request_fields(
    json_app: Flask, log_lines: LogLines
) -> None:
    log_lines()
    cli_log = logging.getLogger("wijkbudget.cli")
    # A fresh context: outside the request context pytest-flask pushes for every test.
    contextvars.Context().run(cli_log.warning, "mail for round %s?code=%s", 7, CODE)
    [line] = log_lines()
    assert line["request_id"] == "-"
    assert "method" not in line and "path" not in line
    assert line["message"] == "mail for round 7?code=[redacted]"


def test_text_lines_are_readable_and_redacted() -> None:
    record = logging.makeLogRecord(
        {"name": "werkzeug", "levelname": "INFO", "msg": '"GET /stem?code=%s HTTP/1.1" 200'}
    )
    record.args = (CODE,)
    line = TextFormatter().format(record)
    assert "INFO" in line and "[-] werkzeug:" in line
    assert "/stem?code=[redacted]" in line and "ABCD" not in line


def test_json_formatter_keeps_the_traceback_on_the_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    formatted = JsonFormatter().format(record)
    assert "\n" not in formatted  # still one line
    assert "ValueError: boom" in formatted


def test_an_unknown_log_format_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        make_handler("yaml")


def test_other_libraries_only_log_their_warnings(json_app: Flask, log_lines: LogLines) -> None:
    log_lines()
    logging.getLogger("weasyprint.progress").info("Step 5 - Creating layout")
    logging.getLogger("weasyprint").warning("Ignored `float: sideways`")
    logging.getLogger("alembic.runtime.migration").info("Running upgrade a -> b")
    messages = [line["message"] for line in log_lines()]
    assert messages == ["Ignored `float: sideways`", "Running upgrade a -> b"]


def test_an_unknown_log_level_refuses_to_start(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        make_app(LOG_LEVEL="LOUD")
