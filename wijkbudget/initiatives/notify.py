"""E-mails to initiators, in their own language."""

from __future__ import annotations

import re

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from wijkbudget.initiatives.models import Initiative
from wijkbudget.mail import public_url_for, send_mail_safely

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SUBJECTS = {
    "received": _l("We have received your idea"),
    "received_assisted": _l("Your idea is on the website"),
    "changes": _l("Please change your idea"),
    "admitted": _l("Your idea is admitted to the vote"),
    "not_admitted": _l("Your idea is not admitted to the vote"),
    "hidden": _l("Your idea has been hidden"),
    "voting_opens": _l("Voting has started"),
}


def recipient(initiative: Initiative) -> tuple[str, str] | None:
    """E-mail address and language of the initiator, if we have an address."""
    if initiative.author is not None:
        return initiative.author.email, initiative.author.locale or "nl"
    if _EMAIL.match(initiative.initiator_contact):  # assisted: the contact may be an address
        return initiative.initiator_contact, "nl"
    return None


def send(initiative: Initiative, kind: str, fallback_locale: str = "nl") -> bool:
    """Tell the initiator what happened; False when there is no address (paper route)."""
    found = recipient(initiative)
    if found is None:
        return False
    address, locale = found
    link = public_url_for("initiatives.show", initiative_id=initiative.id)
    with force_locale(locale or fallback_locale):
        body = render_template(f"initiatives/mail/{kind}.txt", initiative=initiative, link=link)
        return send_mail_safely(address, str(SUBJECTS[kind]), body)
