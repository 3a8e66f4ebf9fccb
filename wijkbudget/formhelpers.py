"""Putting a domain error on the form field it is about, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import Field, FieldList

from wijkbudget.errors import FieldError
from wijkbudget.templating import euro

MONEY_PARAMS = {"maximum"}


def _target(form: FlaskForm, name: str, fallback: str) -> Field:
    field: Any = getattr(form, name, None) or getattr(form, fallback)
    if isinstance(
        field, FieldList
    ):  # a problem with the rows is shown at the first row's first field
        first_row = field.entries[0].form
        field = next(iter(first_row))
    return field


def show_error(
    form: FlaskForm, error: FieldError, messages: Mapping[str, LazyString], fallback: str
) -> None:
    """Attach the translated message to ``error.field`` (or to ``fallback`` if no such field)."""
    params = {
        key: euro(value) if key in MONEY_PARAMS and isinstance(value, int) else value
        for key, value in error.params.items()
    }
    message = str(messages[error.code])
    if params:
        message = message % params
    field = _target(form, error.field, fallback)
    field.errors = [*field.errors, message]
