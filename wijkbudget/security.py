"""HTTP headers that keep pages safe: a strict Content-Security-Policy and friends."""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # No Referer at all: a stemcode in /stem?code=… must never reach a log through it.
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith("/stem"):
            # The ballot carries the code and the choices: never kept for the Back button of
            # a shared buurthuis computer, nor by any cache in between.
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
