"""Structured logging with a request id on every line.

Every line of a request carries its request id, method and path, so one resident's trouble can
be followed through the log. The id comes from the reverse proxy's ``X-Request-ID`` header when
it is well formed (nginx's ``$request_id``), else it is made here; it goes back to the client in
the same header. The app writes one access line per request itself, so gunicorn's access log can
stay off.

What is never logged: a query string (``/stem?code=…`` carries a stemcode) and the tokens in
capability links (``/wachtwoord-herstellen/<token>``): whoever reads the log could use them.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

from config import ConfigError

ACCESS_LOGGER = "wijkbudget.access"
# Loggers whose INFO lines matter: the app's, the migrations' (`flask db upgrade`), and the
# development server's request lines.
OWN_LOGGERS = ("wijkbudget", "alembic", "flask_migrate", "werkzeug")
REQUEST_ID_HEADER = "X-Request-ID"
LOG_FORMATS = ("json", "text")

_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# URL variables and query parameters that are secrets in themselves: never in a log line.
SECRETS = frozenset({"token", "code"})
# Belt and braces for lines written by others (werkzeug's development server): a stemcode or
# token in a query string is cut out of any message.
_SECRET_IN_QUERY = re.compile(r"([?&](?:code|token)=)[^&\s\"']*")
REDACTED = "[redacted]"

# Fields a record may carry besides the standard ones, in the order they are written.
REQUEST_FIELDS = ("request_id", "method", "path", "remote_addr")
ACCESS_FIELDS = ("status", "duration_ms")


def request_id() -> str:
    """The current request's id: the proxy's ``X-Request-ID`` when well formed, else a new one."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return str(g.request_id)


def _request_secrets() -> frozenset[str]:
    """The stemcode or token the current request carries in its URL, if any.

    Found once per request (every line of the request needs them) and kept in the request's
    WSGI environment, not in ``g``: requests inside one app context (a test, a CLI) share ``g``.
    """
    found: frozenset[str] | None = request.environ.get("wijkbudget.log_secrets")
    if found is None:
        values = [value for name, value in (request.view_args or {}).items() if name in SECRETS]
        values += [value for name in SECRETS for value in request.args.getlist(name)]
        # A value this short is no secret, and blanking it would garble the line.
        found = frozenset(str(value) for value in values if len(str(value)) >= 4)
        request.environ["wijkbudget.log_secrets"] = found
    return found


def loggable_path() -> str:
    """The request's path without its query string, with secret URL variables redacted."""
    path: str | None = request.environ.get("wijkbudget.log_path")
    if path is None:
        secrets = _request_secrets()
        parts = request.path.split("/")
        path = "/".join(REDACTED if part in secrets else part for part in parts)
        request.environ["wijkbudget.log_path"] = path
    return path


def redact(text: str) -> str:
    """``text`` without a stemcode or token: from any query string, and the current request's."""
    text = _SECRET_IN_QUERY.sub(rf"\1{REDACTED}", text)
    if has_request_context():
        for secret in _request_secrets():
            text = text.replace(secret, REDACTED)
    return text


class RequestContextFilter(logging.Filter):
    """Adds the request id, method, path and client address to every record made in a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is not None:
            return True  # already filled in (a record may pass several filters)
        if has_request_context():
            record.request_id = request_id()
            record.method = request.method
            record.path = loggable_path()
            record.remote_addr = request.remote_addr or "-"
        else:
            record.request_id = "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: easy for journald, Loki or any log shipper to parse."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for field in REQUEST_FIELDS + ACCESS_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line for a terminal: time, level, request id, logger, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return redact(super().format(record))


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the moment (test runners swap it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


_CONTEXT_FILTER = RequestContextFilter()


def make_handler(log_format: str) -> logging.Handler:
    """The handler wijkbudget writes its lines with, in ``log_format`` (json or text)."""
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT={log_format!r} is unknown; use json or text")
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    return handler


def _install_handler(handler: logging.Handler, level: str) -> None:
    """Put ``handler`` on the root logger, replacing one an earlier ``create_app`` put there.

    wijkbudget's own loggers (and the migrations') log at ``level``; other libraries only their
    warnings: WeasyPrint alone writes a dozen INFO lines for each PDF.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    levelno = logging.getLevelNamesMapping()[level]
    root.setLevel(max(levelno, logging.WARNING))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(levelno)


def _log_request(response: Response) -> None:
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    # A load balancer polls the health check every few seconds: not worth a line each time.
    healthy_poll = request.endpoint == "ops.healthz" and response.status_code == 200
    logging.getLogger(ACCESS_LOGGER).log(
        logging.DEBUG if healthy_poll else logging.INFO,
        "%s %s %s %sms",
        request.method,
        loggable_path(),
        response.status_code,
        duration_ms,
        extra={"status": response.status_code, "duration_ms": duration_ms},
    )


def init_app(app: Flask) -> None:
    """Log lines as ``LOG_FORMAT`` (json/text) at ``LOG_LEVEL``, with a request id on each."""
    level = str(app.config.get("LOG_LEVEL", "INFO")).upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL={level!r} is unknown; use DEBUG, INFO, WARNING or ERROR")
    _install_handler(make_handler(str(app.config.get("LOG_FORMAT", "text"))), level)
    # Records of the app's own loggers carry the request fields wherever they end up (a test's
    # caplog included); the handler's filter covers every other logger. One shared filter, so
    # building many apps in one process does not pile them up.
    app.logger.removeHandler(default_handler)
    app.logger.addFilter(_CONTEXT_FILTER)
    logging.getLogger(ACCESS_LOGGER).addFilter(_CONTEXT_FILTER)

    @app.before_request
    def start_request() -> None:
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def finish_request(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id()
        _log_request(response)
        return response
