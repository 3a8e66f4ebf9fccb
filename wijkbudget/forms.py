"""The base classes of every form: WTForms' own messages in the reader's language."""

from __future__ import annotations

from functools import cache

from babel.support import Translations
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.i18n import messages_path


@cache
def _wtforms_catalog(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


def wtforms_messages() -> Translations:
    """WTForms' own messages ("Not a valid choice.") in the reader's language.

    Flask-WTF reads that catalog from disk on every request; this keeps one per language.
    """
    return _wtforms_catalog(str(get_locale()))


class AppForm(FlaskForm):
    """Every form of the app: Flask-WTF's (with its CSRF token) with WTForms' messages in the
    reader's language."""

    class Meta:
        def get_translations(self, form: Form) -> Translations:
            return wtforms_messages()


class SubForm(Form):
    """A row inside a FieldList: no CSRF of its own, but WTForms' messages in the reader's language
    (plain WTForms forms would say "Not a valid choice." in English on a Dutch page)."""

    class Meta:
        def get_translations(self, form: Form) -> Translations:
            return wtforms_messages()
