"""The e-mails an account receives, written in the reader's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from wijkbudget.auth import tokens
from wijkbudget.auth.models import User
from wijkbudget.mail import public_url_for, send_mail_safely


def _locale(user: User | None, fallback: str) -> str:
    return (user.locale if user and user.locale else None) or fallback


def send_confirmation(user: User, locale: str) -> None:
    link = public_url_for("auth.confirm", token=tokens.make_token(user, tokens.CONFIRM))
    with force_locale(_locale(user, locale)):
        body = render_template("auth/mail/confirm.txt", user=user, link=link)
        send_mail_safely(user.email, _("Confirm your wijkbudget account"), body)


def send_already_registered(user: User, locale: str) -> None:
    """Someone tried to register with an address that has an account: tell its owner."""
    link = public_url_for("auth.forgot_password")
    with force_locale(_locale(user, locale)):
        body = render_template("auth/mail/already_registered.txt", user=user, link=link)
        send_mail_safely(user.email, _("You already have a wijkbudget account"), body)


def send_password_reset(user: User, locale: str) -> None:
    token = tokens.make_token(user, tokens.RESET)
    link = public_url_for("auth.reset_password", token=token)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60
    with force_locale(_locale(user, locale)):
        body = render_template("auth/mail/reset.txt", user=user, link=link, minutes=minutes)
        send_mail_safely(user.email, _("Choose a new wijkbudget password"), body)
