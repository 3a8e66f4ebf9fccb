"""What paper voting says to people, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.paper.models import AssistKind, InvalidReason, SheetState

STATE_LABELS: dict[SheetState, LazyString] = {
    SheetState.VALID: _l("Valid: ideas are chosen"),
    SheetState.BLANK: _l("Blank: nothing is chosen"),
    SheetState.INVALID: _l("Invalid"),
}

INVALID_LABELS: dict[InvalidReason, LazyString] = {
    InvalidReason.OVER_BUDGET: _l("The chosen ideas cost more than the budget"),
    InvalidReason.TOO_MANY: _l("Too many ideas or points"),
    InvalidReason.UNREADABLE: _l("Cannot be read"),
    InvalidReason.IDENTIFIABLE: _l("A name or signature is on it"),
    InvalidReason.OTHER: _l("Another reason"),
}

ASSIST_LABELS: dict[AssistKind, LazyString] = {
    AssistKind.PRESENT: _l("The resident is here, with their letter"),
    AssistKind.PROXY: _l("Someone else, with the resident's letter and signed consent (proxy)"),
}

MESSAGES: dict[str, LazyString] = {
    "voting_not_open": _l("Voting has not been opened for this round yet."),
    "not_voting_phase": _l("Ballots can only be printed while voting runs."),
    "print_range": _l("Print between 1 and %(maximum)d ballots at a time."),
    "serial_typo": _l(
        "This is not a ballot number. Check the number at the top of the ballot, "
        "with the digit after the dash."
    ),
    "no_such_sheet": _l("There is no ballot with this number in this round."),
    "wrong_code": _l("We do not know this stemcode. Check the code on the letter."),
    "revoked_code": _l("This stemcode no longer works: a new letter was made for it."),
    "used_online": _l("This stemcode has voted online already. No paper ballot for it."),
    "used_on_paper": _l("A paper ballot was handed out for this stemcode already."),
    "sheet_issued": _l("This ballot was handed out already. Take the next one."),
    "voting_closed": _l("Voting is closed. No more ballots can be handed out."),
    "busy": _l("It is very busy. Try again in a moment."),
    "entry_closed": _l("Ballots can be entered while voting runs and until the count."),
    "already_counted": _l("The votes have been counted. No more ballots can be entered."),
    "reason_for_invalid": _l("Choose why the ballot is invalid."),
    "valid_but_empty": _l("No idea is chosen. Choose “Blank” if nothing is marked."),
    "breaks_rules": _l("%(detail)s Enter the ballot as invalid, with the reason."),
    "entered_meanwhile": _l("Someone entered this ballot at the same moment. Look again."),
    "sheet_not_issued": _l(
        "This ballot was never handed out, so it does not count. Put it aside and tell the "
        "wijkondersteuner."
    ),
    "entered_by_you": _l("You entered this ballot already. Someone else must enter it too."),
    "sheet_done": _l("This ballot has been entered twice already. Nothing more to do."),
    "needs_resolution": _l(
        "The two entries of this ballot differ. A third person decides, under “Differences”."
    ),
    "nothing_to_resolve": _l("There is no difference to resolve for this ballot."),
    "resolver_entered": _l(
        "You entered this ballot yourself. Someone who did not enter it decides."
    ),
    "reason_required": _l("Please write down the reason."),
    "overridden_already": _l("The count was allowed already."),
    "consent_required": _l("A proxy needs the resident's signed consent. Check it first."),
    "proxy_limit": _l(
        "You have helped the most proxy votes allowed for one helper (%(limit)d). Ask a colleague."
    ),
    "paper_not_reconciled": _l(
        "The paper ballots do not add up yet. Solve the differences, or an administrator "
        "allows the count with a reason."
    ),
}

STEP_MESSAGES: dict[str, LazyString] = {
    "first": _l("Saved. Now someone else enters ballot %(serial)s too."),
    "agreed": _l("Saved. Both entries of ballot %(serial)s are the same: it is done."),
    "mismatch": _l(
        "Saved, but the two entries of ballot %(serial)s differ. A third person decides."
    ),
}

PROBLEM_MESSAGES: dict[str, LazyString] = {
    "codes_vs_issued": _l(
        "%(codes)d stemcodes are marked as used on paper, but %(issued)d ballots were handed out."
    ),
    "waiting_second": _l(
        "%(count)d ballots have been entered once; a second person must enter them."
    ),
    "mismatches": _l("%(count)d ballots have two entries that differ; a third person decides."),
    "not_entered": _l(
        "Voting is closed, and %(count)d ballots that were handed out have not been entered. "
        "Enter them; if residents kept them, an administrator allows the count with that reason."
    ),
    "ballots_vs_valid": _l(
        "%(valid)d ballots are valid, but %(ballots)d paper votes are in the count."
    ),
}
