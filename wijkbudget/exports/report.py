"""The PDF report for the wijk and the council (weasyprint), in the reader's language.

Once the results are published it holds the outcome (funded ideas, amounts, spent and left),
why each idea was or was not funded, turnout per way of voting and per area, and the timeline.
Before that it is a report of the process only: the ideas and the werkgroep's decisions and
the timeline, without any count and without turnout.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template

from wijkbudget.exports import auditlog, participation
from wijkbudget.exports.initiatives import latest_decisions
from wijkbudget.extensions import db
from wijkbudget.initiatives.labels import STATUS_LABELS
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.results.services import initiative_results, published_outcome
from wijkbudget.review.labels import OUTCOME_LABELS
from wijkbudget.wijken.models import Round


def context(round_: Round) -> dict[str, Any]:
    """Everything the report shows; also what the tests read."""
    outcome = published_outcome(round_)
    initiatives = list(
        db.session.scalars(
            sa.select(Initiative)
            .where(
                Initiative.round_id == round_.id,
                Initiative.status.not_in([Status.DRAFT, Status.HIDDEN]),
            )
            .order_by(Initiative.title)
        )
    )
    results = initiative_results(outcome) if outcome is not None else []
    return {
        "round": round_,
        "STATUS_LABELS": STATUS_LABELS,
        "OUTCOME_LABELS": OUTCOME_LABELS,
        "outcome": outcome,
        "results": results,
        "funded": [r for r in results if r.funded],
        "initiatives": initiatives,
        "decisions": latest_decisions(initiatives),
        "participation": participation.round_rows(round_) if outcome is not None else [],
        "timeline": auditlog.timeline(round_, with_results=outcome is not None),
    }


def html(round_: Round) -> str:
    return render_template("exports/report_pdf.html", **context(round_))


def pdf(round_: Round) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html(round_)).write_pdf())
