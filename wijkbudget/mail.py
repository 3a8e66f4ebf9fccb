"""Sending e-mail: over SMTP when ``MAIL_SERVER`` is set, otherwise written to the log."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any

from flask import current_app, url_for


def public_url_for(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail, always on ``PUBLIC_URL``.

    Never built from the request's Host header: a forged Host would otherwise put an
    attacker's address in a password-reset mail.
    """
    return current_app.config["PUBLIC_URL"] + url_for(endpoint, **values)


def send_mail_safely(to: str, subject: str, body: str) -> bool:
    """Send, but never let a mail server that is down undo or hide what was already saved."""
    try:
        send_mail(to, subject, body)
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("Mail to %s could not be sent", to)
        return False
    return True


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text message (plain text reads well on any phone and in any mail program)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    if not config["MAIL_SERVER"]:
        current_app.logger.info("Mail (MAIL_SERVER not set, not sent):\n%s", message)
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
