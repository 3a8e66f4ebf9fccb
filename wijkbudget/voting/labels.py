"""What people read about voting, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from wijkbudget.voting.models import BallotType

BALLOT_TYPE_LABELS: dict[BallotType, LazyString] = {
    BallotType.APPROVAL: _l("Choose up to a number of ideas"),
    BallotType.KNAPSACK: _l("Choose ideas that together fit the budget"),
    BallotType.POINTS: _l("Spread points over the ideas"),
}

RULE_LABELS: dict[str, LazyString] = {
    "greedy": _l("Most votes first"),
    "equalshares": _l("Equal shares"),
}

RULE_EXPLANATIONS: dict[str, LazyString] = {
    "greedy": _l(
        "The idea with the most votes gets money first, then the next one, as long as there "
        "is money left. An idea that costs more than what is left is skipped."
    ),
    "equalshares": _l(
        "Every voter gets an equal part of the budget. Ideas are paid from the parts of the "
        "people who voted for them. This way, smaller groups in the wijk also get an idea."
    ),
}

ERROR_MESSAGES: dict[str, LazyString] = {
    # A resident's mistakes on the ballot.
    "wrong_code": _l(
        "We do not know this stemcode. Check the code on your letter and type it again."
    ),
    "used_on_paper": _l(
        "A paper ballot was handed out for this stemcode, so it cannot be used online. "
        "Hand in the paper ballot at the buurthuis."
    ),
    "revoked_code": _l(
        "This stemcode no longer works: a new letter was made for it. "
        "Use the code on the new letter."
    ),
    "voting_closed": _l("Voting is closed. You cannot vote or change your vote any more."),
    "nothing_chosen": _l("Choose at least one idea."),
    "too_many_choices": _l("You chose %(given)s ideas. You may choose at most %(maximum)s."),
    "over_budget": _l(
        "Together your ideas cost %(total)s. That is more than the budget of %(budget)s. "
        "Remove an idea."
    ),
    "under_minimum": _l(
        "Together your ideas cost %(total)s. Choose ideas for at least %(minimum)s."
    ),
    "too_many_points": _l("You gave %(given)s points. You may give at most %(points)s."),
    "negative_points": _l("Points cannot be less than 0."),
    "unknown_initiative": _l("One of your choices is not on the ballot. Choose again."),
    "busy": _l("It is very busy. Please try again in a minute."),
    # The set-up and the letters.
    "voting_frozen": _l(
        "Voting has opened: the rules, the budget and the ideas on the ballot cannot change."
    ),
    "no_setup": _l("Save the voting set-up first."),
    "not_voting_phase": _l("Voting can only open in the voting period of the round."),
    "nothing_admitted": _l("There are no admitted ideas to vote on yet."),
    "minimum_unreachable": _l(
        "Together the admitted ideas cost less than the minimum a voter must choose. "
        "Lower the minimum share first."
    ),
    "not_closed": _l("Voting has not closed yet."),
    "unknown_rule": _l("Choose one of the counting rules."),
    "max_choices_range": _l("Choose a number from 1 to 100."),
    "share_range": _l("Choose a percentage from 0 to 100."),
    "points_range": _l("Choose a number from 1 to 1000."),
    "age_range": _l("Choose an age from 0 to 120."),
    "reason_required": _l("Write down the reason."),
    "no_such_letter": _l("There is no letter with this number at this address."),
    "letter_used": _l(
        "This stemcode has been used to vote already, so it cannot be replaced. Tell the gemeente."
    ),
    "no_such_address": _l("This address is not on the list of the round."),
}

IMPORT_MESSAGES: dict[str, LazyString] = {
    "missing_columns": _l("The file misses these columns: %(value)s."),
    "bad_postcode": _l("“%(value)s” is not a postcode like 9733 AB."),
    "outside_wijk": _l("Postcode %(value)s is not in this wijk."),
    "bad_number": _l("“%(value)s” is not a house number."),
    "bad_addition": _l("“%(value)s” is not an addition like A or 2."),
    "bad_residents": _l("“%(value)s” is not a number of residents from 1 to 50."),
    "duplicate_address": _l("This address is in the list twice (postcode %(value)s)."),
    "empty_file": _l("The file has no addresses."),
}
