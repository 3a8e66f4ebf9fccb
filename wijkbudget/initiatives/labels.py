"""What residents read about initiatives: statuses and messages, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.initiatives.models import Status

STATUS_LABELS: dict[Status, LazyString] = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Sent in, waiting for the wijkondersteuner"),
    Status.CHANGES_REQUESTED: _l("Changes asked"),
    Status.PUBLISHED: _l("Published, checked by the werkgroep"),
    Status.ADMITTED: _l("Admitted to the vote"),
    Status.NOT_ADMITTED: _l("Not admitted"),
    Status.HIDDEN: _l("Hidden"),
    Status.DUPLICATE: _l("Duplicate"),
}

STATUS_EXPLANATIONS: dict[Status, LazyString] = {
    Status.DRAFT: _l("Only you can see this idea. Send it in when it is ready."),
    Status.SUBMITTED: _l("The wijkondersteuner looks at your idea and then publishes it."),
    Status.CHANGES_REQUESTED: _l("Please change your idea and send it in again."),
    Status.PUBLISHED: _l("Everybody can see the idea. The werkgroep checks it against the rules."),
    Status.ADMITTED: _l("The idea meets the rules. Residents can vote for it."),
    Status.NOT_ADMITTED: _l("The idea does not meet the rules. Read why below."),
    Status.HIDDEN: _l("The wijkondersteuner has hidden this idea. Read why below."),
    Status.DUPLICATE: _l("This idea is the same as another idea."),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    "required": _l("Please fill this in."),
    "unknown_theme": _l("Choose one of the themes."),
    "no_costs": _l("Write down at least one cost: what, and how much."),
    "cost_not_positive": _l("Every amount must be more than € 0."),
    "over_maximum": _l("Together the costs are more than the maximum per idea (%(maximum)s)."),
    "consent_needed": _l("Tick the box to agree: otherwise the idea cannot be published."),
    "photo_too_large": _l("The photo is too large. Use a photo of at most %(mb)s MB."),
    "photo_wrong_type": _l("This is not a photo we can use. Use a JPEG or PNG file."),
    "reason_required": _l("Write down the reason: the initiator reads it."),
    "bad_duplicate": _l("Choose another idea of this round."),
    "submission_closed": _l("You cannot send in ideas now."),
    "not_editable": _l("You cannot change this idea now."),
    "not_allowed": _l("You may not do this."),
    "wrong_status": _l("This is not possible in the current status of the idea."),
    "voting_frozen": _l(
        "Voting has opened: the rules, the budget and the ideas on the ballot cannot change."
    ),
}
