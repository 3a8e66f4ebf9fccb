"""What people read about the werkgroep's check, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.review.models import Outcome, Strength, Verdict

VERDICT_LABELS: dict[Verdict, LazyString] = {
    Verdict.MEETS: _l("Meets"),
    Verdict.DOES_NOT_MEET: _l("Does not meet"),
    Verdict.UNCLEAR: _l("Unclear"),
}

STRENGTH_LABELS: dict[Strength, LazyString] = {
    Strength.MUST: _l("must"),
    Strength.SHOULD: _l("should"),
}

OUTCOME_LABELS: dict[Outcome, LazyString] = {
    Outcome.ADMITTED: _l("Admitted to the vote"),
    Outcome.CHANGES_NEEDED: _l("Changes needed"),
    Outcome.NOT_ADMITTED: _l("Not admitted"),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    "no_criteria": _l("Write down at least one criterion."),
    "reason_required_frozen": _l(
        "The check has started, so the criteria are frozen. Write down why they change."
    ),
    "verdict_missing": _l("Choose a verdict for every criterion."),
    "reason_for_verdict": _l("Write down why: the initiator reads this."),
    "admitted_with_unmet": _l(
        "An idea can only be admitted when it meets every criterion that must be met, and "
        "nothing is unclear."
    ),
    "changes_required": _l("Write down what must change."),
    "explain_refusal": _l("Explain why the idea is not admitted."),
    "not_allowed": _l("You may not do this."),
    "conflict": _l("You declared a conflict of interest, or it is your own idea."),
    "not_reviewable": _l("This idea is not waiting for the werkgroep."),
    "not_enough_reviews": _l("More werkgroep members must review this idea first."),
}
