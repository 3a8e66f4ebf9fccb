"""What people read about results, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

RULE_LABELS: dict[str, LazyString] = {
    "greedy": _l("Most votes first"),
    "equalshares": _l("Equal shares"),
    "mes-add1": _l("Equal shares (pabutools' variant)"),
    "as-held": _l("As the city counted it"),
}

MESSAGES: dict[str, LazyString] = {
    "voting_not_closed": _l("Voting has not closed yet. You can count after the last voting day."),
    "no_ballots": _l("Nobody voted in this round, so there is nothing to count."),
    "paper_not_reconciled": _l(
        "The paper ballots are not reconciled yet. Finish the paper count first."
    ),
    "already_published": _l("The results are published. They cannot be counted again."),
    "not_counted": _l("Count the votes first."),
    "bad_file": _l("This is not a valid Pabulib file."),
    "not_euro": _l("This file is not in euros."),
    "no_year": _l("The file does not say the year. Fill in the year."),
    "round_exists": _l("This wijk has a round in that year already."),
    "unknown_rule": _l("Unknown counting rule."),
}


def message(code: str) -> str:
    """The message for a service's error code; the code itself when it has none (never fails)."""
    label = MESSAGES.get(code)
    return str(label) if label is not None else code
