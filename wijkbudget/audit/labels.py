"""What each audited action means, in the reader's language (the code stays beside it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

ACTION_LABELS: dict[str, LazyString] = {
    "wijk.create": _l("Wijk created"),
    "wijk.update": _l("Wijk changed"),
    "wijk.themes": _l("Themes of a wijk changed"),
    "round.create": _l("Round created"),
    "round.update": _l("Round changed"),
    "round.voting_announced": _l("Initiators told that voting opened"),
    "role.assign": _l("Role given"),
    "role.revoke": _l("Role taken back"),
    "initiative.submit": _l("Idea sent in"),
    "initiative.resubmit": _l("Changed idea sent in again"),
    "initiative.submit_assisted": _l("Idea entered for a resident"),
    "initiative.publish": _l("Idea published"),
    "initiative.hide": _l("Idea hidden"),
    "initiative.request_changes": _l("Changes asked by the wijkondersteuner"),
    "initiative.mark_duplicate": _l("Idea marked as duplicate"),
    "initiative.correct": _l("Idea corrected by the wijkondersteuner"),
    "criteria.set": _l("Criteria published"),
    "criteria.new_version": _l("New version of the criteria"),
    "review.submit": _l("Review by a werkgroep member"),
    "review.conflict_declared": _l("Conflict of interest declared"),
    "decision.admitted": _l("Werkgroep: admitted to the vote"),
    "decision.changes_needed": _l("Werkgroep: changes needed"),
    "decision.not_admitted": _l("Werkgroep: not admitted"),
    "project.create": _l("Project created"),
    "project.update": _l("Project changed"),
    "project.photo": _l("Project photo changed"),
    "project.activity_add": _l("Activity added"),
    "project.activity_remove": _l("Activity removed"),
    "project.coordinator_add": _l("Coordinator added"),
    "project.coordinator_remove": _l("Coordinator removed"),
    "signup.status": _l("Sign-up status changed"),
    "signup.export": _l("Sign-ups exported"),
    "signup.mail": _l("Mail sent to sign-ups"),
    "signup.moved_up": _l("Moved up from the waiting list"),
    "signup.purge": _l("Old sign-ups deleted"),
    "indicator.import": _l("Wijk figures imported"),
    "voting.setup": _l("Voting set-up changed"),
    "voting.open": _l("Voting opened"),
    "voting.addresses_imported": _l("Addresses imported"),
    "voting.codes_issued": _l("Stemcodes made"),
    "voting.code_replaced": _l("Stemcode replaced"),
    "paper.printed": _l("Paper ballots printed"),
    "paper.issued": _l("Paper ballot handed out"),
    "paper.entered": _l("Paper ballot entered"),
    "paper.mismatch": _l("Paper ballot entered differently"),
    "paper.resolved": _l("Difference on a paper ballot decided"),
    "paper.override": _l("Count allowed without reconciled paper"),
    "paper.assisted_vote": _l("Assisted online vote"),
    "results.count": _l("Counted the votes"),
    "results.publish": _l("Published the results"),
    "results.import": _l("Imported a past round from a Pabulib file"),
    "api.token_issued": _l("API token issued"),
    "api.token_revoked": _l("API token revoked"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
