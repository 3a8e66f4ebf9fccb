"""Friendly error pages in the visitor's language, and the domain error base class."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from wijkbudget.extensions import db


class DomainError(Exception):
    """A business rule said no. Views turn it into a message for the resident."""


class FieldError(DomainError):
    """Input a rule refuses. ``field`` names the form field at fault, ``code`` the message."""

    def __init__(self, field: str, code: str, /, **params: object) -> None:
        super().__init__(code)
        self.field = field
        self.code = code
        self.params = params


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    for code in (400, 403, 404, 405, 413, 429):

        @app.errorhandler(code)
        def http_error(error: HTTPException) -> tuple[str, int]:
            status = error.code or 500
            return render_template("errors/error.html", status=status), status

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        return render_template("errors/error.html", status=500), 500
