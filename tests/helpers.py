"""Helpers that drive forms the way a browser does: CSRF token included."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

_TOKEN = re.compile(r'name="((?:[\w-]+-)?csrf_token)"[^>]*value="([^"]+)"')


def csrf_fields(html: str) -> dict[str, str]:
    """Every CSRF token on a page, by field name (forms with a prefix have their own)."""
    return dict(_TOKEN.findall(html))


def submit(
    client: FlaskClient,
    page: str,
    data: dict[str, Any],
    *,
    action: str | None = None,
    **kwargs: Any,
) -> TestResponse:
    """Open ``page``, then post ``data`` with the page's CSRF token(s) to ``action`` (or itself)."""
    html = client.get(page).get_data(as_text=True)
    tokens = csrf_fields(html)
    assert tokens, f"no form with a CSRF token on {page}"
    return client.post(action or page, data={**tokens, **data}, **kwargs)


def login(client: FlaskClient, email: str, password: str) -> TestResponse:
    response = submit(client, "/inloggen", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def text(response: TestResponse) -> str:
    """The page as text with tags removed and whitespace collapsed, as a person reads it."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", body)
