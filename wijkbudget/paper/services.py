"""Paper ballots of a round: print, issue against a stemcode, enter twice, resolve, reconcile.

Services take explicit arguments, raise a domain error, flush but do not commit — except
:func:`issue_committed`, the boundary that commits (and retries) an issue, like
:func:`wijkbudget.voting.casting.cast_committed` does for an online vote.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.errors import DomainError, FieldError
from wijkbudget.extensions import db
from wijkbudget.paper.models import (
    InvalidReason,
    PaperEntry,
    PaperSheet,
    SheetState,
)
from wijkbudget.paper.serials import format_serial, parse_serial
from wijkbudget.voting import codes
from wijkbudget.voting import services as voting
from wijkbudget.voting.ballot import BallotError, check
from wijkbudget.voting.models import Ballot, Channel, RollEntry
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import Phase, today_in_nl
from wijkbudget.wijken.services import lock_round

MAX_PRINT = 2000  # sheets in one print run
ISSUE_ATTEMPTS = 50


class PaperError(DomainError):
    """Paper voting cannot do this now; ``str(error)`` is the message code."""


class EntryError(FieldError):
    """Input on a paper form that a rule refuses."""


# --- Printing ----------------------------------------------------------------------------------


def sheets_printed(round_: Round) -> int:
    query = sa.select(sa.func.count()).select_from(PaperSheet)
    return db.session.scalar(query.where(PaperSheet.round_id == round_.id)) or 0


def print_sheets(actor: User | None, round_: Round, count: int) -> list[PaperSheet]:
    """Number ``count`` new sheets after the last one printed, once the ballot is frozen."""
    if not voting.is_frozen(round_):
        raise PaperError("voting_not_open")
    if round_.phase_on(today_in_nl()) is not Phase.VOTING:
        raise PaperError("not_voting_phase")
    if not 1 <= count <= MAX_PRINT:
        raise EntryError("count", "print_range", maximum=MAX_PRINT)
    last = db.session.scalar(
        sa.select(sa.func.max(PaperSheet.serial)).where(PaperSheet.round_id == round_.id)
    )
    first = (last or 0) + 1
    sheets = [PaperSheet(round_id=round_.id, serial=first + n) for n in range(count)]
    db.session.add_all(sheets)
    db.session.flush()
    record(
        actor,
        "paper.printed",
        round_,
        wijk_id=round_.wijk_id,
        count=count,
        first=format_serial(first),
        last=format_serial(first + count - 1),
    )
    return sheets


def _sheet(round_: Round, typed_serial: str) -> PaperSheet:
    number = parse_serial(typed_serial)
    if number is None:
        raise EntryError("serial", "serial_typo")
    sheet = db.session.scalar(
        sa.select(PaperSheet).where(PaperSheet.round_id == round_.id, PaperSheet.serial == number)
    )
    if sheet is None:
        raise EntryError("serial", "no_such_sheet")
    return sheet


# --- Issuing at the buurthuis ------------------------------------------------------------------


class IssueConflict(DomainError):
    """An online vote or another issue with the same code or sheet landed first; try again."""


def issue(
    actor: User | None, round_: Round, typed_code: str, typed_serial: str, now: datetime
) -> PaperSheet:
    """Mark the stemcode as used on paper and the sheet as handed out — nothing links the two.

    The roll row is claimed with the same conditional UPDATE an online cast uses, so a code
    can be used on paper or online, never both, even at the same moment.
    """
    today = today_in_nl(now)
    if not voting.accepting_votes(round_, today):
        raise PaperError("voting_closed")
    code = codes.normalize(typed_code)
    if code is None:
        raise EntryError("code", "wrong_code")
    entry = db.session.execute(
        sa.select(RollEntry.id, RollEntry.round_id, RollEntry.revoked, RollEntry.casts)
        .add_columns(RollEntry.voted, RollEntry.channel)
        .where(RollEntry.code_hash == codes.code_hash(voting.secret(), code))
        .with_for_update()
    ).one_or_none()
    if entry is None or entry.round_id != round_.id:
        raise EntryError("code", "wrong_code")
    if entry.revoked:
        raise EntryError("code", "revoked_code")
    if entry.voted:
        used = "used_on_paper" if entry.channel is Channel.PAPER else "used_online"
        raise EntryError("code", used)
    sheet = _sheet(round_, typed_serial)
    if sheet.issued:
        raise EntryError("serial", "sheet_issued")
    claimed = db.session.execute(
        sa.update(RollEntry)
        .where(
            RollEntry.id == entry.id,
            RollEntry.casts == entry.casts,
            RollEntry.revoked.is_(False),
            RollEntry.voted.is_(False),
        )
        # No day: with the audit log's times it would narrow down whose sheet is whose.
        .values(casts=entry.casts + 1, voted=True, channel=Channel.PAPER)
        .execution_options(synchronize_session=False)
    )
    handed = db.session.execute(
        sa.update(PaperSheet)
        .where(PaperSheet.id == sheet.id, PaperSheet.issued.is_(False))
        .values(issued=True)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1 or handed.rowcount != 1:  # type: ignore[attr-defined]
        raise IssueConflict()
    db.session.expire(sheet)
    # Who handed out a sheet, not to whom: the code is not in the log.
    # That a sheet was handed out, and by whom: not which sheet, not for which code.
    record(actor, "paper.issued", round_, wijk_id=round_.wijk_id, round_id=round_.id)
    return sheet


def issue_committed(
    actor: User | None, round_: Round, typed_code: str, typed_serial: str, now: datetime
) -> PaperSheet:
    """:func:`issue`, committed; one that lost a race is tried again from what is committed."""
    round_id, actor_id = round_.id, actor.id if actor else None
    for attempt in range(ISSUE_ATTEMPTS):
        try:
            sheet = issue(actor, round_, typed_code, typed_serial, now)
            db.session.commit()
            return sheet
        except (IssueConflict, sa.exc.OperationalError):
            db.session.rollback()
            time.sleep(0.002 * (attempt + 1))
            round_ = db.session.get(Round, round_id) or round_
            actor = db.session.get(User, actor_id) if actor_id else None
        except Exception:
            db.session.rollback()
            raise
    raise PaperError("busy")


# --- Entering returned sheets ------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one person read on a sheet."""

    state: SheetState
    choices: dict[int, int] = field(default_factory=dict)
    invalid_reason: InvalidReason | None = None


class EntryStep(StrEnum):
    FIRST = "first"  # the sheet waits for a second person
    AGREED = "agreed"  # both entries agree: done (counted when valid)
    MISMATCH = "mismatch"  # the entries differ: a third person resolves it


def may_enter(round_: Round) -> None:
    """Entry runs while voting and after it closed, until the count has been made.

    Holds the round (:func:`~wijkbudget.wijken.services.lock_round`) so that an entry and the
    count never overlap: a sheet is either in the count or refused as "already counted".
    """
    from wijkbudget.results.services import outcome_of  # results builds on paper, not back

    lock_round(round_)
    if round_.phase_on(today_in_nl()) not in (Phase.VOTING, Phase.COUNTING):
        raise PaperError("entry_closed")
    if not voting.is_frozen(round_):
        raise PaperError("voting_not_open")
    if outcome_of(round_) is not None:
        raise PaperError("already_counted")


def _checked(round_: Round, reading: Reading) -> Reading:
    """The reading as stored: choices only for a valid sheet, and those within the rules."""
    if reading.state is SheetState.INVALID:
        if reading.invalid_reason is None:
            raise EntryError("invalid_reason", "reason_for_invalid")
        return Reading(SheetState.INVALID, {}, reading.invalid_reason)
    if reading.state is SheetState.BLANK:
        return Reading(SheetState.BLANK)
    setup = voting.setup_of(round_)
    assert setup is not None
    try:
        chosen = check(voting.rules_of(setup), reading.choices)
    except BallotError as error:
        if error.code == "nothing_chosen":
            raise EntryError("state", "valid_but_empty") from error
        raise EntryError("choices", "breaks_rules", rule=error.code, **error.params) from error
    return Reading(SheetState.VALID, chosen)


def _claim(sheet: PaperSheet) -> None:
    """Raise the sheet's version, or :class:`PaperError` when someone else entered it first."""
    claimed = db.session.execute(
        sa.update(PaperSheet)
        .where(PaperSheet.id == sheet.id, PaperSheet.version == sheet.version)
        .values(version=sheet.version + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise PaperError("entered_meanwhile")
    set_committed_value(sheet, "version", sheet.version + 1)  # what the database holds now


def _add_entry(
    actor: User, sheet: PaperSheet, reading: Reading, *, resolution: bool = False, reason: str = ""
) -> PaperEntry:
    entry = PaperEntry(
        sheet=sheet,
        entered_by_id=actor.id,
        state=reading.state,
        choices={str(item): weight for item, weight in sorted(reading.choices.items())},
        invalid_reason=reading.invalid_reason,
        resolution=resolution,
        reason=reason.strip(),
    )
    db.session.add(entry)
    return entry


def _finish(round_: Round, sheet: PaperSheet, entry: PaperEntry) -> None:
    """The sheet is decided: a valid one joins the online ballots, with a random id."""
    sheet.state = entry.state
    if entry.state is SheetState.VALID:
        ballot = Ballot(
            round_id=round_.id,
            choices=dict(entry.choices),
            channel=Channel.PAPER,
            receipt=codes.new_receipt(),
        )
        db.session.add(ballot)


def enter(
    actor: User, round_: Round, typed_serial: str, reading: Reading
) -> tuple[EntryStep, PaperSheet]:
    """One person's entry of a returned sheet: the :class:`EntryStep` it led to, and the sheet."""
    may_enter(round_)
    sheet = _sheet(round_, typed_serial)
    if not sheet.issued:
        raise EntryError("serial", "sheet_not_issued")
    checked = _checked(round_, reading)
    entries = list(sheet.entries)
    if any(e.entered_by_id == actor.id for e in entries):
        raise EntryError("serial", "entered_by_you")
    if sheet.state is not None:
        raise EntryError("serial", "sheet_done")
    if len(entries) >= 2:
        raise EntryError("serial", "needs_resolution")
    _claim(sheet)
    entry = _add_entry(actor, sheet, checked)
    db.session.flush()
    if not entries:
        step = EntryStep.FIRST
    elif entries[0].reading() == entry.reading():
        _finish(round_, sheet, entry)
        step = EntryStep.AGREED
    else:
        step = EntryStep.MISMATCH
    record(
        actor,
        "paper.mismatch" if step is EntryStep.MISMATCH else "paper.entered",
        sheet,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        serial=format_serial(sheet.serial),
        entry=len(entries) + 1,
    )
    return step, sheet


def mismatches(round_: Round) -> list[PaperSheet]:
    """Sheets with two entries that differ, waiting for a third person."""
    query = (
        sa.select(PaperSheet)
        .join(PaperEntry)
        .where(PaperSheet.round_id == round_.id, PaperSheet.state.is_(None))
        .group_by(PaperSheet.id)
        .having(sa.func.count(PaperEntry.id) >= 2)
        .order_by(PaperSheet.serial)
    )
    return list(db.session.scalars(query))


def sheet_by_serial(round_: Round, serial: int) -> PaperSheet | None:
    return db.session.scalar(
        sa.select(PaperSheet).where(PaperSheet.round_id == round_.id, PaperSheet.serial == serial)
    )


def resolve(actor: User, round_: Round, sheet: PaperSheet, reading: Reading, reason: str) -> None:
    """A third person, who entered neither, decides what the sheet says, and why."""
    may_enter(round_)
    if sheet.state is not None or len(sheet.entries) < 2:
        raise PaperError("nothing_to_resolve")
    if any(e.entered_by_id == actor.id for e in sheet.entries):
        raise PaperError("resolver_entered")
    if not reason.strip():
        raise EntryError("reason", "reason_required")
    checked = _checked(round_, reading)
    _claim(sheet)
    entry = _add_entry(actor, sheet, checked, resolution=True, reason=reason)
    db.session.flush()
    _finish(round_, sheet, entry)
    record(
        actor,
        "paper.resolved",
        sheet,
        reason=reason,
        wijk_id=round_.wijk_id,
        round_id=round_.id,
        serial=format_serial(sheet.serial),
        state=checked.state.value,
    )
