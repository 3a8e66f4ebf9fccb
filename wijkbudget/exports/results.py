"""Results per initiative by channel, only for rounds whose results are published."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from wijkbudget.exports.tables import Cell, Column, Kind, Table
from wijkbudget.results.models import Outcome
from wijkbudget.results.services import InitiativeResult, initiative_results, published_outcome
from wijkbudget.wijken.models import Round


class NotPublished(LookupError):
    """The round's results are not published: nobody sees counts before that."""


def _columns() -> list[Column]:
    return [
        Column(_("Number"), Kind.NUMBER, 9),
        Column(_("Title"), width=40),
        Column(_("Amount"), Kind.MONEY),
        Column(_("Votes online"), Kind.NUMBER),
        Column(_("Votes on paper"), Kind.NUMBER),
        Column(_("Votes in total"), Kind.NUMBER),
        Column(_("Funded"), width=10),
        Column(_("Why"), width=70),
    ]


def _row(result: InitiativeResult) -> list[Cell]:
    return [
        result.initiative_id,
        result.title,
        result.amount_cents,
        result.votes_online,
        result.votes_paper,
        result.votes,
        _("yes") if result.funded else _("no"),
        result.explanation,
    ]


def outcome_for(round_: Round) -> Outcome:
    """The published outcome; :class:`NotPublished` before publication."""
    outcome = published_outcome(round_)
    if outcome is None:
        raise NotPublished(round_.id)
    return outcome


def round_table(round_: Round) -> Table:
    table = Table(_("Results"), _columns())
    table.rows = [_row(result) for result in initiative_results(outcome_for(round_))]
    return table


def across_table(rounds: Sequence[Round]) -> Table:
    """Every published round among ``rounds``; the others are left out."""
    columns = [Column(_("Wijk"), width=18), Column(_("Year"), Kind.NUMBER, 7), *_columns()]
    table = Table(_("Results"), columns)
    for round_ in rounds:
        outcome = published_outcome(round_)
        if outcome is None:
            continue
        for result in initiative_results(outcome):
            table.rows.append([round_.wijk.name, round_.year, *_row(result)])
    return table
