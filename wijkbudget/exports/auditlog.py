"""Audit-log extracts (a round, a wijk, dates) and the key moments of a round's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from wijkbudget.audit.labels import action_label
from wijkbudget.audit.models import AuditEntry
from wijkbudget.audit.services import search
from wijkbudget.exports.tables import Column, Kind, Table
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import DUTCH_TIME

# The moments of a round a report names, by audit action (the first one counts; for a count
# that was done again, the last one).
KEY_ACTIONS = ("criteria.set", "voting.open", "results.count", "results.publish")


def _belongs_to(entry: AuditEntry, round_: Round, initiative_ids: set[int]) -> bool:
    if entry.details.get("round_id") == round_.id:
        return True
    if entry.object_type == "rounds":
        return entry.object_id == round_.id
    return entry.object_type == "initiatives" and entry.object_id in initiative_ids


def round_entries(
    round_: Round, since: date | None = None, until: date | None = None
) -> list[AuditEntry]:
    """What the log says about one round and its initiatives, newest first."""
    ids = set(db.session.scalars(sa.select(Initiative.id).where(Initiative.round_id == round_.id)))
    query = search(wijk_id=round_.wijk_id, since=since, until=until)
    return [e for e in db.session.scalars(query) if _belongs_to(e, round_, ids)]


def entries(
    wijk_id: int | None = None, since: date | None = None, until: date | None = None
) -> list[AuditEntry]:
    """The log of one wijk (or every wijk) between two dates, newest first."""
    return list(db.session.scalars(search(wijk_id=wijk_id, since=since, until=until)))


def table(found: Sequence[AuditEntry]) -> Table:
    """Who, when, what (in the reader's language and as the code) and why."""
    wijken: dict[int, str] = {
        id_: name for id_, name in db.session.execute(sa.select(Wijk.id, Wijk.name))
    }
    result = Table(
        _("Audit log"),
        [
            Column(_("When"), Kind.DATETIME, 16),
            Column(_("Who"), width=22),
            Column(_("What"), width=36),
            Column(_("Action code"), width=24),
            Column(_("Wijk"), width=16),
            Column(_("About"), width=16),
            Column(_("Why"), width=50),
        ],
    )
    result.rows = [
        [
            entry.at,
            entry.actor.name if entry.actor else _("system"),
            action_label(entry.action),
            entry.action,
            wijken.get(entry.wijk_id, "") if entry.wijk_id else "",
            f"{entry.object_type} #{entry.object_id}" if entry.object_id else entry.object_type,
            entry.reason,
        ]
        for entry in found
    ]
    return result


@dataclass(frozen=True)
class Moment:
    when: date | datetime
    label: str

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)

    @property
    def day(self) -> date:
        if isinstance(self.when, datetime):
            return self.when.astimezone(DUTCH_TIME).date()
        return self.when


def timeline(round_: Round, *, with_results: bool) -> list[Moment]:
    """The round's phase dates and its key logged moments, in order of date."""
    moments = [
        Moment(round_.submission_start, _("Sending in ideas starts")),
        Moment(round_.review_start, _("The werkgroep starts checking the ideas")),
        Moment(round_.voting_start, _("Voting starts")),
        Moment(round_.voting_end, _("Last day of voting")),
        Moment(round_.results_date, _("Planned date of the results")),
    ]
    labels = {
        "criteria.set": _("Criteria published"),
        "voting.open": _("Voting opened"),
        "results.count": _("Votes counted"),
        "results.publish": _("Results published"),
    }
    wanted = KEY_ACTIONS if with_results else KEY_ACTIONS[:2]
    found: dict[str, AuditEntry] = {}
    for entry in reversed(round_entries(round_)):  # oldest first
        # A new version of the criteria is a publication too (the first one counts); a
        # recount replaces the earlier count (the last one counts).
        action = "criteria.set" if entry.action == "criteria.new_version" else entry.action
        if action in wanted and (action not in found or action == "results.count"):
            found[action] = entry
    moments += [Moment(found[a].at, labels[a]) for a in wanted if a in found]
    return sorted(moments, key=lambda m: (m.day, isinstance(m.when, datetime)))
