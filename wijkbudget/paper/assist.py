"""Assisted online votes: a helper sits with a resident (or their proxy) who votes on the app.

Recorded: that a vote was assisted, by whom, when and how. Never the choices or the code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import current_app, session
from flask_login import current_user

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db
from wijkbudget.paper.models import AssistedVote, AssistKind
from wijkbudget.paper.services import PaperError
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl


def proxy_limit() -> int:
    return int(current_app.config["PROXY_VOTES_PER_HELPER"])


def proxy_votes_by(helper: User, round_: Round) -> int:
    query = sa.select(sa.func.count()).where(
        AssistedVote.round_id == round_.id,
        AssistedVote.helper_id == helper.id,
        AssistedVote.kind == AssistKind.PROXY,
    )
    return db.session.scalar(query) or 0


def check_may_assist(helper: User, round_: Round, kind: AssistKind, consent_seen: bool) -> None:
    """Before the ballot: a proxy needs written consent, and the helper's proxy limit holds."""
    if kind is AssistKind.PROXY:
        if not consent_seen:
            raise PaperError("consent_required")
        if proxy_votes_by(helper, round_) >= proxy_limit():
            raise PaperError("proxy_limit")


def record_assisted_vote(
    helper: User, round_: Round, kind: AssistKind, consent_seen: bool, now: datetime
) -> AssistedVote:
    """Called inside the cast's transaction: when the limit is reached, nothing is cast.

    The helper's row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite writes one
    transaction at a time anyway), so two proxy votes by one helper at the same moment are
    counted one after the other and cannot both slip under the limit.
    """
    db.session.execute(sa.select(User.id).where(User.id == helper.id).with_for_update())
    check_may_assist(helper, round_, kind, consent_seen)
    assisted = AssistedVote(round_id=round_.id, helper_id=helper.id, kind=kind, at=now)
    db.session.add(assisted)
    db.session.flush()
    record(
        helper,
        "paper.assisted_vote",
        assisted,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        kind=kind.value,
    )
    return assisted


def assisted_counts(round_: Round) -> dict[AssistKind, int]:
    rows = db.session.execute(
        sa.select(AssistedVote.kind, sa.func.count())
        .where(AssistedVote.round_id == round_.id)
        .group_by(AssistedVote.kind)
    ).all()
    return {kind: count for kind, count in rows}


# --- The assisted vote in the helper's browser session ----------------------------------------

SESSION_KEY = "assisting"


def start(round_: Round, kind: AssistKind, consent_seen: bool) -> None:
    """The helper's next cast on this device, in this round, is recorded as assisted."""
    session[SESSION_KEY] = {"round_id": round_.id, "kind": kind.value, "consent": consent_seen}


def assisting() -> dict[str, object] | None:
    """The assisted vote under way on this device (for the banner on the ballot), if any."""
    value = session.get(SESSION_KEY)
    return value if isinstance(value, dict) and current_user.is_authenticated else None


def cast_hook(round_id: int, now: datetime) -> Callable[[], object] | None:
    """What the cast must also do when a helper assists it: record it, within the limit."""
    from wijkbudget.paper.permissions import can_assist

    started = assisting()
    if started is None or started.get("round_id") != round_id:
        return None
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return None
    if not can_assist(current_user, round_, today_in_nl(now)):
        return None
    helper = current_user._get_current_object()
    kind = AssistKind(str(started["kind"]))
    consent = bool(started.get("consent"))
    return lambda: record_assisted_vote(helper, round_, kind, consent, now)


def finish() -> None:
    session.pop(SESSION_KEY, None)
