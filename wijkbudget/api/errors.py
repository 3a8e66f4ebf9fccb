"""Errors of the JSON API: always ``{"error": {"code": …, "message": …}}``, never a web page."""

from __future__ import annotations

from flask import Response, jsonify

# Messages are for the developers who call the API (English, like the field names).
MESSAGES = {
    400: ("bad_request", "The request is not valid."),
    401: ("unauthorized", "This needs a valid API token."),
    403: ("forbidden", "The API token may not read this."),
    404: ("not_found", "There is nothing here."),
    405: ("method_not_allowed", "The API only answers GET requests."),
    406: ("not_acceptable", "The API only answers in JSON."),
    413: ("too_large", "The request is too large."),
    429: ("too_many_requests", "Too many requests; try again later."),
    500: ("server_error", "Something went wrong on our side."),
}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ApiError(Exception):
    """Stop a request with a JSON error; ``code`` is stable, ``message`` explains it."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        default_code, default_message = MESSAGES.get(status, MESSAGES[500])
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.headers = headers or {}


def error_response(error: ApiError) -> Response:
    response = jsonify({"error": {"code": error.code, "message": error.message}})
    response.status_code = error.status
    response.headers.update(error.headers)
    if error.status == 405:
        response.headers["Allow"] = ALLOWED_METHODS
    # An error says something about this request only: never kept by a cache.
    response.headers["Cache-Control"] = "no-store"
    return response
