"""The e-mails someone who signed up receives, in the language they signed up in.

Plain text, short sentences, and the link to cancel in every mail.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from wijkbudget.mail import public_url_for, send_mail_safely
from wijkbudget.projects.labels import localized
from wijkbudget.projects.models import Signup
from wijkbudget.projects.signups import waiting_position


def _send(signup: Signup, template: str, subject: Callable[[str], str], **context: object) -> None:
    if not signup.email:
        return
    link = public_url_for("projects.my_signup", token=signup.token)
    with force_locale(signup.locale):
        title = localized(signup.project, "title")
        body = render_template(
            template,
            signup=signup,
            title=title,
            link=link,
            position=waiting_position(signup),
            **context,
        )
        send_mail_safely(signup.email, subject(title), body)


def _signed_up_subject(title: str) -> str:
    return _("You signed up for %(title)s", title=title)


def send_confirmation(signup: Signup) -> None:
    _send(signup, "projects/mail/confirmation.txt", _signed_up_subject)


def send_already_signed_up(signup: Signup) -> None:
    _send(signup, "projects/mail/confirmation.txt", _signed_up_subject, again=True)


def send_moved_up(signup: Signup) -> None:
    _send(
        signup,
        "projects/mail/moved_up.txt",
        lambda title: _("There is a place for you: %(title)s", title=title),
    )


def send_message(signup: Signup, subject: str, message: str, sender_name: str) -> None:
    """A coordinator's own message to someone who signed up (they write it in one language)."""
    if not signup.email:
        return
    link = public_url_for("projects.my_signup", token=signup.token)
    with force_locale(signup.locale):
        body = render_template(
            "projects/mail/message.txt",
            signup=signup,
            title=localized(signup.project, "title"),
            message=message,
            sender_name=sender_name,
            link=link,
        )
        send_mail_safely(signup.email, subject, body)
