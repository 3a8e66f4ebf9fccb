"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Flask
from flask_babel import format_currency, format_date, get_locale
from flask_login import current_user

from wijkbudget.audit.labels import action_label
from wijkbudget.auth import permissions
from wijkbudget.auth.forms import LanguageForm, LogoutForm
from wijkbudget.auth.labels import ROLE_LABELS
from wijkbudget.wijken.labels import PHASE_EXPLANATIONS, PHASE_LABELS
from wijkbudget.wijken.phases import Phase


def euro(cents: int) -> str:
    """Money as residents read it: € 25.000 or € 1.250,50 in Dutch, €25,000 in English."""
    locale = get_locale()
    assert locale is not None  # always set inside a request or force_locale
    pattern: str = locale.currency_formats["standard"].pattern
    if cents % 100 == 0:
        pattern = pattern.replace(".00", "")  # whole euros read easier without ",00"
    return str(format_currency(Decimal(cents) / 100, "EUR", format=pattern, currency_digits=False))


def long_date(day: date | None) -> str:
    return format_date(day, "long") if day else ""


def init_app(app: Flask) -> None:
    app.jinja_env.filters["euro"] = euro
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.globals["Phase"] = Phase
    app.jinja_env.globals["zip"] = zip
    app.jinja_env.globals["action_label"] = action_label
    app.jinja_env.globals["permissions"] = permissions
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["PHASE_LABELS"] = PHASE_LABELS
    app.jinja_env.globals["PHASE_EXPLANATIONS"] = PHASE_EXPLANATIONS

    @app.context_processor
    def shared_forms() -> dict[str, object]:
        # Never filled from the posted body: they post elsewhere, and reading the body here
        # would raise again while the 413 page for a too-large upload is being rendered.
        return {
            "language_form": LanguageForm(formdata=None),
            "logout_form": LogoutForm(formdata=None) if current_user.is_authenticated else None,
        }
