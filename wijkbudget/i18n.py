"""Language choice: Dutch by default, English beside it.

The choice is kept in the session (and on the account when logged in), so it persists across
pages and visits without JavaScript. A visitor who never chose gets Dutch unless their browser
asks for English first.
"""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from wijkbudget.extensions import babel

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def select_locale() -> str:
    languages: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    best = request.accept_languages.best_match(languages, default="nl")
    return best or "nl"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["get_locale"] = get_locale
