"""Reconciliation of a round's paper ballots: the figures, every discrepancy, and whether the
count may start (or an admin let it start anyway, with a reason)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from wijkbudget.audit.services import record
from wijkbudget.auth.models import User
from wijkbudget.extensions import db
from wijkbudget.paper.models import PaperOverride, PaperSheet, SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.paper.services import EntryError, PaperError, sheets_printed
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import Ballot, Channel, RollEntry
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl


@dataclass(frozen=True)
class Reconciliation:
    """The paper figures of a round, and every discrepancy between them."""

    printed: int
    issued: int
    returned: int  # sheets with at least one entry
    valid: int
    blank: int
    invalid: int
    codes_on_paper: int
    paper_ballots: int  # ballots from paper in the count
    waiting_second: list[str]  # serials entered once
    mismatches: list[str]  # serials whose two entries differ
    not_returned: list[str]  # handed out, not (yet) entered
    problems: list[tuple[str, dict[str, int]]]  # (message code, numbers) that block the count

    @property
    def clean(self) -> bool:
        return not self.problems


def reconcile(round_: Round) -> Reconciliation:
    sheets = list(
        db.session.scalars(
            sa.select(PaperSheet)
            .where(PaperSheet.round_id == round_.id)
            .options(selectinload(PaperSheet.entries))
            .order_by(PaperSheet.serial)
        )
    )
    states = [s.state for s in sheets]
    codes_on_paper = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RollEntry)
            .where(
                RollEntry.round_id == round_.id,
                RollEntry.revoked.is_(False),
                RollEntry.channel == Channel.PAPER,
            )
        )
        or 0
    )
    paper_ballots = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Ballot)
            .where(Ballot.round_id == round_.id, Ballot.channel == Channel.PAPER)
        )
        or 0
    )
    issued = sum(s.issued for s in sheets)
    valid = states.count(SheetState.VALID)
    waiting = [format_serial(s.serial) for s in sheets if s.state is None and len(s.entries) == 1]
    differ = [format_serial(s.serial) for s in sheets if s.state is None and len(s.entries) >= 2]
    problems: list[tuple[str, dict[str, int]]] = []
    if codes_on_paper != issued:
        problems.append(("codes_vs_issued", {"codes": codes_on_paper, "issued": issued}))
    if waiting:
        problems.append(("waiting_second", {"count": len(waiting)}))
    if differ:
        problems.append(("mismatches", {"count": len(differ)}))
    if paper_ballots != valid:
        problems.append(("ballots_vs_valid", {"ballots": paper_ballots, "valid": valid}))
    not_returned = [format_serial(s.serial) for s in sheets if s.issued and not s.entries]
    if not_returned and voting.is_closed(round_, today_in_nl()):
        # A box nobody entered must not pass for residents who kept their ballot.
        problems.append(("not_entered", {"count": len(not_returned)}))
    return Reconciliation(
        printed=len(sheets),
        issued=issued,
        returned=sum(bool(s.entries) for s in sheets),
        valid=valid,
        blank=states.count(SheetState.BLANK),
        invalid=states.count(SheetState.INVALID),
        codes_on_paper=codes_on_paper,
        paper_ballots=paper_ballots,
        waiting_second=waiting,
        mismatches=differ,
        not_returned=not_returned,
        problems=problems,
    )


def override_of(round_: Round) -> PaperOverride | None:
    return db.session.scalar(sa.select(PaperOverride).where(PaperOverride.round_id == round_.id))


def override(actor: User, round_: Round, reason: str) -> PaperOverride:
    """Let the count start although paper is not reconciled: an admin, with a reason."""
    if not reason.strip():
        raise EntryError("reason", "reason_required")
    if override_of(round_) is not None:
        raise PaperError("overridden_already")
    made = PaperOverride(round_id=round_.id, by_id=actor.id, reason=reason.strip())
    db.session.add(made)
    db.session.flush()
    figures = reconcile(round_)
    record(
        actor,
        "paper.override",
        round_,
        reason=reason,
        wijk_id=round_.wijk_id,
        problems=[code for code, _numbers in figures.problems],
    )
    return made


def count_blocker(round_: Round) -> str | None:
    """None when paper allows the count to start; else the message code saying why not."""
    if sheets_printed(round_) == 0 or override_of(round_) is not None:
        return None
    return None if reconcile(round_).clean else "paper_not_reconciled"
