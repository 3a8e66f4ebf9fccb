"""The OpenAPI document describes every endpoint, and the API keeps to it (schemathesis)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from tests.api.conftest import World, auth, build_world, count_and_publish, get_json
from wijkbudget.api.schema.openapi import openapi_document
from wijkbudget.auth.models import User
from wijkbudget.wijken.models import Round, Wijk


def test_every_api_route_is_in_the_document(app: Flask) -> None:
    document = openapi_document()
    documented = {"/api/v1" + path for path in document["paths"]} | {"/api/v1/openapi.json"}
    routes = {
        rule.rule.replace("<int(max=2147483647):", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert routes == documented


def _objects(schema: Any) -> Iterable[dict[str, Any]]:
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            yield schema
        for value in schema.values():
            yield from _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _objects(value)


def test_every_shape_is_closed_unless_free_form(app: Flask) -> None:
    schemas = openapi_document()["components"]["schemas"]
    for schema in _objects(schemas):
        if schema.get("additionalProperties") is True:
            assert "properties" not in schema  # parameters, details: free-form on purpose
            continue
        assert schema["additionalProperties"] is False
        assert sorted(schema["required"]) == sorted(schema["properties"])


def test_the_document_is_served_as_json(client: FlaskClient) -> None:
    response = get_json(client, "/api/v1/openapi.json")
    assert response.json["openapi"].startswith("3.")
    assert response.json["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    audit = response.json["paths"]["/audit"]["get"]
    assert audit["security"] == [{"bearerAuth": []}]
    assert audit["x-required-scope"] == "audit:read"
    assert response.json["paths"]["/wijken"]["get"]["security"] == []


# --- schemathesis ----------------------------------------------------------------------------


class Isolated:
    """Each request in its own context, as in a server (see ``tests.conftest.IsolatedClient``)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return contextvars.Context().run(self.app, environ, start_response)


@pytest.fixture
def api_token(make_token: Callable[..., str]) -> str:
    return make_token()  # every scope


@pytest.fixture
def api_schema(
    app: Flask,
    make_wijk: Callable[..., Wijk],
    make_round: Callable[..., Round],
    werkgroep: User,
    api_token: str,
) -> Any:
    """The schema as the app serves it, with demo-like data: round 1, initiative 1 and the
    wijk ``beijum`` exist (the document's examples); round 1 is counted and published."""
    world: World = build_world(make_wijk, make_round, werkgroep)
    assert (world.voting.id, world.admitted.id) == (1, 1)
    count_and_publish(world)
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", Isolated(app))

    class TokenAuth:
        """The token with every scope, on the operations that ask for one."""

        def get(self, case: Any, ctx: Any) -> str:
            return api_token

        def set(self, case: Any, data: str, ctx: Any) -> None:
            case.headers = {**(case.headers or {}), **auth(data)}

    loaded.auth(refresh_interval=None)(TokenAuth)
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same cases every run
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case: Any) -> None:
    """No 5xx, and every answer (errors included) is what the document says, with the token."""
    case.call_and_validate()
