"""The life of an initiative: draft, submit, moderate, change and resubmit.

Services take explicit arguments (``actor``, ``today``), raise :class:`FieldError` or
:class:`InitiativeError`, flush but do not commit. Every moderation decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import record
from wijkbudget.auth import permissions
from wijkbudget.auth.models import User
from wijkbudget.db import utcnow
from wijkbudget.errors import DomainError, FieldError
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import (
    CostLine,
    Initiative,
    InitiativeVersion,
    Photo,
    Status,
    Theme,
)
from wijkbudget.initiatives.photos import clean_photo
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import Phase

DEFAULT_THEMES = ("Wonen", "Werken", "Leren", "Veilig zijn", "Meedoen")
THEME_MAX_LENGTH = 80


HIDEABLE = {
    Status.SUBMITTED,
    Status.PUBLISHED,
    Status.ADMITTED,
    Status.NOT_ADMITTED,
    Status.DUPLICATE,
}


class InitiativeError(DomainError):
    """The initiative is not in a state where this can happen (``code`` says why)."""


@dataclass
class InitiativeData:
    """What an initiator fills in. Amounts are whole cents."""

    title: str
    summary: str = ""
    description: str = ""
    initiator_name: str = ""
    initiator_contact: str = ""
    group_name: str = ""
    theme_id: int | None = None
    location: str = ""
    cost_lines: list[tuple[str, int]] = field(default_factory=list)
    consent_to_publish: bool = False

    @property
    def amount_cents(self) -> int:
        return sum(amount for _item, amount in self.cost_lines)


def themes_of_wijk(wijk_id: int) -> list[Theme]:
    """The themes residents can choose from, in order (archived ones are not offered)."""
    query = (
        sa.select(Theme)
        .where(Theme.wijk_id == wijk_id, Theme.archived.is_(False))
        .order_by(Theme.position)
    )
    return list(db.session.scalars(query))


def themes_for(round_: Round) -> list[Theme]:
    return themes_of_wijk(round_.wijk_id)


def set_themes(actor: User | None, wijk_id: int, names: list[str]) -> None:
    """The wijk's themes, in this order. A theme taken off the list that ideas already use is
    archived (kept for them, no longer offered); an unused one is deleted. Audited."""
    wanted = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    if any(len(name) > THEME_MAX_LENGTH for name in wanted):
        raise FieldError("themes", "theme_too_long", n=THEME_MAX_LENGTH)
    existing = {
        t.name: t for t in db.session.scalars(sa.select(Theme).where(Theme.wijk_id == wijk_id))
    }
    before = [t.name for t in sorted(existing.values(), key=lambda t: t.position) if not t.archived]
    for position, name in enumerate(wanted):
        theme = existing.pop(name, None) or Theme(wijk_id=wijk_id, name=name)
        theme.position, theme.archived = position, False
        db.session.add(theme)
    in_use = set(
        db.session.scalars(
            sa.select(Initiative.theme_id).where(
                Initiative.theme_id.in_([t.id for t in existing.values()])
            )
        )
    )
    for dropped in existing.values():
        if dropped.id in in_use:
            dropped.archived = True
        else:
            db.session.delete(dropped)
    db.session.flush()
    if before != wanted:
        wijk = db.session.get(Wijk, wijk_id)
        assert wijk is not None
        record(actor, "wijk.themes", wijk, wijk_id=wijk_id, before=before, after=wanted)


def _check_theme(round_: Round, theme_id: int | None) -> None:
    if theme_id is None:
        return
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.wijk_id != round_.wijk_id:
        raise FieldError("theme", "unknown_theme")


def _apply(initiative: Initiative, data: InitiativeData) -> None:
    initiative.title = data.title.strip()
    initiative.summary = data.summary.strip()
    initiative.description = data.description.strip()
    initiative.initiator_name = data.initiator_name.strip()
    initiative.initiator_contact = data.initiator_contact.strip()
    initiative.group_name = data.group_name.strip()
    initiative.theme_id = data.theme_id
    initiative.location = data.location.strip()
    initiative.consent_to_publish = data.consent_to_publish
    initiative.cost_lines = [
        CostLine(position=position, item=item.strip(), amount_cents=amount)
        for position, (item, amount) in enumerate(data.cost_lines)
    ]
    initiative.amount_cents = data.amount_cents


def check_complete(round_: Round, data: InitiativeData) -> None:
    """Everything an initiative needs before the wijk can see it; raises on the first gap."""
    required = (
        ("title", data.title),
        ("summary", data.summary),
        ("description", data.description),
        ("initiator_name", data.initiator_name),
        ("initiator_contact", data.initiator_contact),
    )
    for name, value in required:
        if not value.strip():
            raise FieldError(name, "required")
    if data.theme_id is None:
        raise FieldError("theme", "required")
    _check_theme(round_, data.theme_id)
    if not data.cost_lines:
        raise FieldError("cost_lines", "no_costs")
    if any(amount <= 0 for _item, amount in data.cost_lines):
        raise FieldError("cost_lines", "cost_not_positive")
    if data.amount_cents > round_.max_per_initiative:
        raise FieldError("cost_lines", "over_maximum", maximum=round_.max_per_initiative)
    if not data.consent_to_publish:
        raise FieldError("consent_to_publish", "consent_needed")


def save_draft(
    author: User,
    round_: Round,
    data: InitiativeData,
    today: date,
    initiative: Initiative | None = None,
) -> Initiative:
    """Keep what the resident typed so far; a draft may be half done (only the theme is checked)."""
    _check_theme(round_, data.theme_id)
    if initiative is None:
        if not permissions.can_submit(author, round_, today):
            raise InitiativeError("submission_closed")
        initiative = Initiative(round=round_, author=author, status=Status.DRAFT, version=0)
    elif not permissions.can_edit_initiative(author, initiative, today):
        raise InitiativeError("not_editable")
    _apply(initiative, data)
    db.session.add(initiative)
    db.session.flush()
    return initiative


def attach_photo(initiative: Initiative, raw: bytes, alt_text: str) -> Photo:
    """Replace the initiative's photo with a cleaned copy of ``raw``."""
    clean = clean_photo(raw)
    photo = initiative.photo or Photo(initiative=initiative)
    photo.data, photo.width, photo.height = clean.data, clean.width, clean.height
    photo.alt_text = alt_text.strip()[:200] or initiative.title
    db.session.add(photo)
    db.session.flush()
    return photo


def snapshot(initiative: Initiative) -> dict[str, Any]:
    """The content of an initiative as it was submitted, for the werkgroep's version history."""
    return {
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "initiator_name": initiative.initiator_name,
        "group_name": initiative.group_name,
        "theme": initiative.theme.name if initiative.theme else "",
        "location": initiative.location,
        "amount_cents": initiative.amount_cents,
        "cost_lines": [[line.item, line.amount_cents] for line in initiative.cost_lines],
    }


def _ensure_ballot_not_frozen(round_: Round) -> None:
    """Once voting opened, the list on the ballot and its costs stay as they were."""
    from wijkbudget.voting.services import is_frozen  # voting imports this module

    if is_frozen(round_):
        raise InitiativeError("voting_frozen")


def _new_version(initiative: Initiative) -> None:
    initiative.version += 1
    db.session.flush()
    db.session.refresh(initiative, ["theme"])
    initiative.versions.append(
        InitiativeVersion(number=initiative.version, content=snapshot(initiative))
    )


def submit(author: User, initiative: Initiative, data: InitiativeData, today: date) -> None:
    """Send the initiative in (or in again after changes): it goes to the wijkondersteuner."""
    if not permissions.can_edit_initiative(author, initiative, today):
        raise InitiativeError("not_editable")
    _ensure_ballot_not_frozen(initiative.round)
    check_complete(initiative.round, data)
    resubmission = initiative.status is Status.CHANGES_REQUESTED
    _apply(initiative, data)
    initiative.status = Status.SUBMITTED
    initiative.submitted_at = utcnow()
    initiative.changes_requested = ""
    _new_version(initiative)
    record(
        author,
        "initiative.resubmit" if resubmission else "initiative.submit",
        initiative,
        wijk_id=initiative.round.wijk_id,
        version=initiative.version,
    )


def submit_assisted(
    actor: User, round_: Round, data: InitiativeData, today: date, consent_recorded: bool
) -> Initiative:
    """A wijkondersteuner enters an idea for a resident who is not online; it is published at once.

    The resident's consent is recorded by the wijkondersteuner (on paper or by phone).
    """
    if (
        not permissions.can_moderate(actor, round_, today)
        or round_.phase_on(today) is not Phase.SUBMISSION
    ):
        raise InitiativeError("submission_closed")
    _ensure_ballot_not_frozen(round_)
    if not consent_recorded:
        raise FieldError("consent_recorded", "consent_needed")
    check_complete(round_, data)
    initiative = Initiative(
        round=round_, author=None, assisted_by=actor, status=Status.PUBLISHED, version=0
    )
    db.session.add(initiative)
    _apply(initiative, data)
    initiative.submitted_at = utcnow()
    _new_version(initiative)
    record(
        actor,
        "initiative.submit_assisted",
        initiative,
        wijk_id=round_.wijk_id,
        resident=data.initiator_name,
        consent_recorded=True,
    )
    return initiative


# --- Moderation by the wijkondersteuner -------------------------------------------------------


def _moderating(actor: User, initiative: Initiative, today: date, allowed: set[Status]) -> None:
    if not permissions.can_moderate(actor, initiative.round, today):
        raise InitiativeError("not_allowed")
    if initiative.status not in allowed:
        raise InitiativeError("wrong_status")


def _needs_reason(reason: str) -> str:
    if not reason.strip():
        raise FieldError("reason", "reason_required")
    return reason.strip()


def publish(actor: User, initiative: Initiative, today: date) -> None:
    """Make a submitted initiative public; the werkgroep's check starts on this version."""
    _moderating(actor, initiative, today, {Status.SUBMITTED, Status.HIDDEN})
    initiative.status = Status.PUBLISHED
    initiative.moderation_note = ""
    record(
        actor,
        "initiative.publish",
        initiative,
        wijk_id=initiative.round.wijk_id,
        version=initiative.version,
    )


def hide(actor: User, initiative: Initiative, today: date, reason: str) -> None:
    """Hide spam, abuse or personal data. The initiator reads the reason."""
    reason = _needs_reason(reason)
    # Personal data found later must be removable at any moment, during voting too.
    _moderating(actor, initiative, today, HIDEABLE)
    initiative.status = Status.HIDDEN
    initiative.moderation_note = reason
    record(actor, "initiative.hide", initiative, reason=reason, wijk_id=initiative.round.wijk_id)


def request_changes(actor: User, initiative: Initiative, today: date, reason: str) -> None:
    """Ask the initiator to change the initiative before it is published."""
    reason = _needs_reason(reason)
    _moderating(actor, initiative, today, {Status.SUBMITTED})
    initiative.status = Status.CHANGES_REQUESTED
    initiative.changes_requested = reason
    record(
        actor,
        "initiative.request_changes",
        initiative,
        reason=reason,
        wijk_id=initiative.round.wijk_id,
    )


def mark_duplicate(
    actor: User, initiative: Initiative, original: Initiative, today: date, reason: str
) -> None:
    """The same idea as ``original``: it is shown with a link to it and not reviewed again."""
    reason = _needs_reason(reason)
    _moderating(actor, initiative, today, {Status.SUBMITTED, Status.PUBLISHED})
    if (
        original.id == initiative.id
        or original.round_id != initiative.round_id
        or not original.status.is_public
        or original.status is Status.DUPLICATE
    ):  # only a public original: its title is shown on the duplicate's public page
        raise FieldError("duplicate_of", "bad_duplicate")
    initiative.status = Status.DUPLICATE
    initiative.duplicate_of = original
    initiative.moderation_note = reason
    record(
        actor,
        "initiative.mark_duplicate",
        initiative,
        reason=reason,
        wijk_id=initiative.round.wijk_id,
        duplicate_of=original.id,
    )


def correct(
    actor: User, initiative: Initiative, data: InitiativeData, today: date, reason: str
) -> None:
    """Fix a typo or a detail; the page then says "bewerkt door de wijkondersteuner"."""
    reason = _needs_reason(reason)
    _moderating(actor, initiative, today, {Status.SUBMITTED, Status.PUBLISHED})
    _ensure_ballot_not_frozen(initiative.round)
    before = snapshot(initiative)
    check_complete(initiative.round, data)
    _apply(initiative, data)
    initiative.edited_by_moderator = True
    db.session.flush()
    record(
        actor,
        "initiative.correct",
        initiative,
        reason=reason,
        wijk_id=initiative.round.wijk_id,
        before=before,
        after=snapshot(initiative),
    )


# --- Lists ------------------------------------------------------------------------------------


def public_list(
    round_: Round, *, status: Status | None = None, theme_id: int | None = None, search: str = ""
) -> list[Initiative]:
    """The round's public initiatives, optionally filtered, by title."""
    statuses = [status] if status and status.is_public else [s for s in Status if s.is_public]
    query = sa.select(Initiative).where(
        Initiative.round_id == round_.id, Initiative.status.in_(statuses)
    )
    if theme_id:
        query = query.where(Initiative.theme_id == theme_id)
    term = search.strip().lower()
    if term:
        pattern = f"%{term}%"
        query = query.where(
            sa.or_(
                sa.func.lower(Initiative.title).like(pattern),
                sa.func.lower(Initiative.summary).like(pattern),
            )
        )
    return list(db.session.scalars(query.order_by(Initiative.title)))


def moderation_queue(round_: Round) -> list[Initiative]:
    """New and changed submissions first (oldest first), then what is public."""
    query = (
        sa.select(Initiative)
        .where(
            Initiative.round_id == round_.id,
            Initiative.status.in_([Status.SUBMITTED, Status.PUBLISHED, Status.HIDDEN]),
        )
        .order_by(
            sa.case((Initiative.status == Status.SUBMITTED, 0), else_=1), Initiative.submitted_at
        )
    )
    return list(db.session.scalars(query))


def of_author(user: User) -> list[Initiative]:
    query = (
        sa.select(Initiative)
        .where(Initiative.author_id == user.id)
        .order_by(Initiative.created_at.desc())
    )
    return list(db.session.scalars(query))


def rounds_to_announce(today: date) -> list[Round]:
    """Rounds in their voting phase whose initiators have not yet heard that voting opened.

    The audit log remembers the announcement, so running the command twice mails nobody twice.
    """
    announced = sa.select(AuditEntry.object_id).where(
        AuditEntry.action == "round.voting_announced", AuditEntry.object_type == "rounds"
    )
    query = sa.select(Round).where(
        Round.id.not_in(announced), Round.voting_start <= today, Round.voting_end >= today
    )
    return list(db.session.scalars(query))


def admitted(round_: Round) -> list[Initiative]:
    query = sa.select(Initiative).where(
        Initiative.round_id == round_.id, Initiative.status == Status.ADMITTED
    )
    return list(db.session.scalars(query.order_by(Initiative.title)))


def mark_announced(round_: Round, mailed: int) -> None:
    record(None, "round.voting_announced", round_, wijk_id=round_.wijk_id, mailed=mailed)
