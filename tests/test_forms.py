"""Every form speaks the reader's language, down to WTForms' own messages."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask import Flask
from flask_wtf import FlaskForm
from wtforms import IntegerField

import wijkbudget
from wijkbudget.forms import AppForm


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found))


def test_every_form_of_the_app_is_an_app_form() -> None:
    for module in pkgutil.walk_packages(wijkbudget.__path__, "wijkbudget."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    ours = {f for f in _subclasses(FlaskForm) if f.__module__.startswith("wijkbudget.")}
    assert len(ours) > 40
    assert {f.__qualname__ for f in ours if not issubclass(f, AppForm)} == set()


class _AgeForm(AppForm):
    age = IntegerField("Age")


@pytest.mark.parametrize(
    ("language", "message"), [("nl", "Ongeldig getal."), ("en", "Not a valid integer value.")]
)
def test_wtforms_messages_follow_the_language_of_each_request(
    app: Flask, language: str, message: str
) -> None:
    for _ in range(2):  # the second request gets the catalog kept from the first
        with app.test_request_context(
            "/", method="POST", data={"age": "veertig"}, headers={"Accept-Language": language}
        ):
            form = _AgeForm(meta={"csrf": False})
            assert not form.validate()
            assert form.age.errors == [message]
