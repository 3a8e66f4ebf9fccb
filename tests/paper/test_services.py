"""Paper ballots through the services: print, issue, enter twice, resolve, reconcile."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.paper.conftest import Buurthuis, now
from tests.voting.conftest import Vote
from wijkbudget.audit.models import AuditEntry
from wijkbudget.extensions import db
from wijkbudget.paper import reconcile as reconciliation
from wijkbudget.paper import services
from wijkbudget.paper.models import InvalidReason, PaperSheet, SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.voting import casting
from wijkbudget.voting import services as voting
from wijkbudget.voting.models import Ballot, Channel, RollEntry

Reading = services.Reading


def _paper_ballots() -> list[Ballot]:
    return list(db.session.scalars(sa.select(Ballot).where(Ballot.channel == Channel.PAPER)))


def _enter(b: Buurthuis, person: int, serial: str, reading: Reading) -> str:
    step, _sheet = services.enter(b.people[person], b.vote.round, serial, reading)
    db.session.commit()
    return step


def test_printing_numbers_on_from_the_last_print_and_is_audited(buurthuis: Buurthuis) -> None:
    more = services.print_sheets(buurthuis.people[0], buurthuis.vote.round, 3)
    assert [s.serial for s in more] == [11, 12, 13]
    assert buurthuis.serials[0] == format_serial(1)
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("paper.printed") == 2


def test_no_printing_before_voting_opened(make_round, make_user) -> None:  # type: ignore[no-untyped-def]
    from wijkbudget.wijken.phases import Phase

    round_ = make_round(Phase.VOTING)
    with pytest.raises(services.PaperError, match="voting_not_open"):
        services.print_sheets(None, round_, 5)


def test_a_code_used_on_paper_cannot_vote_online(buurthuis: Buurthuis) -> None:
    code = buurthuis.vote.codes(1)[0]
    sheet = services.issue_committed(
        buurthuis.people[0], buurthuis.vote.round, code, buurthuis.serials[0], now()
    )
    assert sheet.issued
    with pytest.raises(voting.VotingError, match="used_on_paper"):
        casting.cast(code, {buurthuis.vote.ids[3]: 1}, Channel.ONLINE, now())
    entry = casting.find_entry(code)
    assert entry.channel is Channel.PAPER and entry.voted and entry.pointer is None


def test_a_code_used_online_gets_no_paper_ballot(buurthuis: Buurthuis) -> None:
    code = buurthuis.vote.codes(1)[0]
    casting.cast_committed(code, {buurthuis.vote.ids[3]: 1}, Channel.ONLINE, now())
    with pytest.raises(services.EntryError) as refused:
        services.issue(buurthuis.people[0], buurthuis.vote.round, code, buurthuis.serials[0], now())
    assert refused.value.code == "used_online"
    db.session.rollback()
    assert not db.session.scalar(sa.select(PaperSheet.issued).where(PaperSheet.serial == 1))


def test_one_sheet_is_handed_out_once_and_a_typo_in_the_serial_is_caught(
    buurthuis: Buurthuis,
) -> None:
    first, second = buurthuis.vote.codes(2)
    services.issue_committed(buurthuis.people[0], buurthuis.vote.round, first, "0001-8", now())
    with pytest.raises(services.EntryError) as again:
        services.issue(buurthuis.people[0], buurthuis.vote.round, second, "1-8", now())
    assert again.value.code == "sheet_issued"
    with pytest.raises(services.EntryError) as typo:
        services.issue(buurthuis.people[0], buurthuis.vote.round, second, "0001-7", now())
    assert typo.value.code == "serial_typo"
    db.session.rollback()
    assert not casting.find_entry(second).voted  # nothing was lost for the second resident


def test_two_equal_entries_put_the_ballot_in_the_count(buurthuis: Buurthuis) -> None:
    serial = buurthuis.issue()[0]
    reading = Reading(SheetState.VALID, {buurthuis.vote.ids[1]: 1, buurthuis.vote.ids[3]: 1})
    assert _enter(buurthuis, 0, serial, reading) == services.EntryStep.FIRST
    assert _paper_ballots() == []  # one entry is not enough
    assert _enter(buurthuis, 1, serial, reading) == services.EntryStep.AGREED
    [ballot] = _paper_ballots()
    assert ballot.choices == {str(buurthuis.vote.ids[1]): 1, str(buurthuis.vote.ids[3]): 1}


def test_nobody_enters_the_same_sheet_twice(buurthuis: Buurthuis) -> None:
    serial = buurthuis.issue()[0]
    reading = Reading(SheetState.BLANK)
    _enter(buurthuis, 0, serial, reading)
    with pytest.raises(services.EntryError) as twice:
        services.enter(buurthuis.people[0], buurthuis.vote.round, serial, reading)
    assert twice.value.code == "entered_by_you"


def test_differing_entries_wait_for_a_third_person_with_a_reason(buurthuis: Buurthuis) -> None:
    serial = buurthuis.issue()[0]
    ids = buurthuis.vote.ids
    _enter(buurthuis, 0, serial, Reading(SheetState.VALID, {ids[0]: 1}))
    assert _enter(buurthuis, 1, serial, Reading(SheetState.VALID, {ids[1]: 1})) == "mismatch"
    assert _paper_ballots() == []
    [sheet] = services.mismatches(buurthuis.vote.round)
    with pytest.raises(services.EntryError) as third:
        services.enter(buurthuis.people[2], buurthuis.vote.round, serial, Reading(SheetState.BLANK))
    assert third.value.code == "needs_resolution"
    with pytest.raises(services.PaperError, match="resolver_entered"):
        services.resolve(
            buurthuis.people[0], buurthuis.vote.round, sheet, Reading(SheetState.BLANK), "x"
        )
    with pytest.raises(services.EntryError):
        services.resolve(
            buurthuis.people[2], buurthuis.vote.round, sheet, Reading(SheetState.BLANK), " "
        )
    services.resolve(
        buurthuis.people[2],
        buurthuis.vote.round,
        sheet,
        Reading(SheetState.VALID, {ids[1]: 1}),
        "The cross is clearly in the second box.",
    )
    db.session.commit()
    [ballot] = _paper_ballots()
    assert ballot.choices == {str(ids[1]): 1}
    resolved = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "paper.resolved")
    ).one()
    assert resolved.reason == "The cross is clearly in the second box."
    assert services.mismatches(buurthuis.vote.round) == []


def test_a_reading_over_the_budget_must_be_entered_as_invalid(buurthuis: Buurthuis) -> None:
    serial = buurthuis.issue()[0]
    everything = {item: 1 for item in buurthuis.vote.ids}  # € 29.000 > € 25.000
    with pytest.raises(services.EntryError) as over:
        services.enter(
            buurthuis.people[0], buurthuis.vote.round, serial, Reading(SheetState.VALID, everything)
        )
    assert over.value.code == "breaks_rules" and over.value.params["rule"] == "over_budget"
    with pytest.raises(services.EntryError) as no_reason:
        services.enter(
            buurthuis.people[0], buurthuis.vote.round, serial, Reading(SheetState.INVALID)
        )
    assert no_reason.value.code == "reason_for_invalid"
    invalid = Reading(SheetState.INVALID, everything, InvalidReason.OVER_BUDGET)
    _enter(buurthuis, 0, serial, invalid)
    _enter(buurthuis, 1, serial, invalid)
    figures = reconciliation.reconcile(buurthuis.vote.round)
    assert (figures.invalid, figures.valid, figures.paper_ballots) == (1, 0, 0)


def test_a_sheet_never_handed_out_does_not_count(buurthuis: Buurthuis) -> None:
    with pytest.raises(services.EntryError) as refused:
        services.enter(
            buurthuis.people[0],
            buurthuis.vote.round,
            buurthuis.serials[-1],
            Reading(SheetState.BLANK),
        )
    assert refused.value.code == "sheet_not_issued"


def test_reconciliation_lists_every_discrepancy_until_it_is_clean(buurthuis: Buurthuis) -> None:
    round_ = buurthuis.vote.round
    once, differ, kept = buurthuis.issue(3)
    ids = buurthuis.vote.ids
    _enter(buurthuis, 0, once, Reading(SheetState.BLANK))
    _enter(buurthuis, 0, differ, Reading(SheetState.VALID, {ids[0]: 1}))
    _enter(buurthuis, 1, differ, Reading(SheetState.VALID, {ids[2]: 1}))
    figures = reconciliation.reconcile(round_)
    assert (figures.printed, figures.issued, figures.codes_on_paper) == (10, 3, 3)
    assert figures.waiting_second == [once] and figures.mismatches == [differ]
    assert figures.not_returned == [kept]
    assert [code for code, _ in figures.problems] == ["waiting_second", "mismatches"]
    assert reconciliation.count_blocker(round_) == "paper_not_reconciled"

    _enter(buurthuis, 1, once, Reading(SheetState.BLANK))
    sheet = services.mismatches(round_)[0]
    services.resolve(
        buurthuis.people[2], round_, sheet, Reading(SheetState.VALID, {ids[2]: 1}), "Checked."
    )
    db.session.commit()
    figures = reconciliation.reconcile(round_)
    assert figures.clean and (figures.valid, figures.blank, figures.paper_ballots) == (1, 1, 1)
    assert reconciliation.count_blocker(round_) is None


def test_an_admin_override_lets_the_count_start_and_is_logged(
    buurthuis: Buurthuis,
    make_user,  # type: ignore[no-untyped-def]
) -> None:
    from wijkbudget.auth.models import Role

    round_ = buurthuis.vote.round
    serial = buurthuis.issue()[0]
    _enter(buurthuis, 0, serial, Reading(SheetState.BLANK))
    admin = make_user(Role.ADMIN)
    with pytest.raises(services.EntryError):
        reconciliation.override(admin, round_, "")
    reconciliation.override(admin, round_, "Ballot 0001 was lost after the first entry.")
    assert reconciliation.count_blocker(round_) is None
    logged = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "paper.override")
    ).one()
    assert logged.details["problems"] == ["waiting_second"]


def test_without_paper_nothing_blocks_the_count(vote: Vote) -> None:
    assert reconciliation.count_blocker(vote.round) is None


def test_issuing_leaves_nothing_that_joins_code_and_sheet(buurthuis: Buurthuis) -> None:
    """The roll row and the sheet share no value a query could join them on."""
    serial = buurthuis.issue()[0]
    entry = db.session.scalars(sa.select(RollEntry).where(RollEntry.voted.is_(True))).one()
    sheet = db.session.scalars(sa.select(PaperSheet).where(PaperSheet.issued.is_(True))).one()
    roll_values = {str(getattr(entry, c.key)) for c in RollEntry.__table__.columns}
    sheet_values = {
        str(getattr(sheet, c.key))
        for c in PaperSheet.__table__.columns
        if c.key not in ("round_id", "issued", "version")
    }
    assert format_serial(sheet.serial) == serial
    assert not (roll_values & sheet_values) - {"None", "0", "1", "True", "False"}
    assert entry.voted_on is None  # no day that the audit log's times could narrow down
    details = db.session.scalars(
        sa.select(AuditEntry.details).where(AuditEntry.action == "paper.issued")
    ).one()
    assert set(details) == {"round_id"}  # that a sheet was handed out: not which, nor to whom


def test_after_closing_a_sheet_handed_out_but_never_entered_blocks_the_count(
    buurthuis: Buurthuis,
) -> None:
    from dataclasses import asdict

    from wijkbudget.demo import dates_for
    from wijkbudget.wijken.phases import Phase, today_in_nl

    round_ = buurthuis.vote.round
    kept = buurthuis.issue()[0]
    assert reconciliation.reconcile(round_).clean  # while voting runs, it may still come back
    for name, day in asdict(dates_for(Phase.COUNTING, today_in_nl())).items():
        setattr(round_, name, day)
    db.session.commit()
    figures = reconciliation.reconcile(round_)
    assert figures.not_returned == [kept]
    assert [code for code, _ in figures.problems] == ["not_entered"]
    assert reconciliation.count_blocker(round_) == "paper_not_reconciled"
