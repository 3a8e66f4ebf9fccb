"""Names of the phases as residents read them, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.wijken.phases import Phase

PHASE_LABELS: dict[Phase, LazyString] = {
    Phase.PREPARATION: _l("Preparation"),
    Phase.SUBMISSION: _l("Submit ideas"),
    Phase.REVIEW: _l("Check by the werkgroep"),
    Phase.VOTING: _l("Voting"),
    Phase.COUNTING: _l("Counting"),
    Phase.RESULTS: _l("Results"),
}

PHASE_EXPLANATIONS: dict[Phase, LazyString] = {
    Phase.PREPARATION: _l("The round has not started yet."),
    Phase.SUBMISSION: _l("You can send in an idea for the wijk now."),
    Phase.REVIEW: _l("The werkgroep checks every idea against the rules."),
    Phase.VOTING: _l("You can vote now: choose the ideas you want."),
    Phase.COUNTING: _l("Voting has closed. The votes are being counted."),
    Phase.RESULTS: _l("The results are known."),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    "bad_postcode": _l("These are not four-digit postcodes: %(codes)s."),
    "bad_slug": _l("Use only small letters, digits and dashes."),
    "wijk_exists": _l("Another wijk already has this name or web address."),
    "postcode_taken": _l("Postcode %(code)s already belongs to %(wijk)s."),
    "budget_not_positive": _l("The budget must be more than € 0."),
    "dates_out_of_order": _l(
        "This date must come after the date above it (the last day of voting may be the first day)."
    ),
    "maximum_over_budget": _l("The maximum per idea cannot be more than the budget."),
    "reviews_needed_range": _l("Choose between 1 and 20 reviews."),
    "voting_frozen": _l(
        "Voting has opened: the rules, the budget and the ideas on the ballot cannot change."
    ),
    "voting_frozen_end": _l(
        "Voting has opened: the last day of voting can only move later, while voting still runs."
    ),
    "theme_too_long": _l("A theme can be at most %(n)s characters long."),
    "round_exists": _l("This wijk already has a round in %(year)s."),
    "reason_required_running": _l("This round has already started. Write down why you change it."),
}
