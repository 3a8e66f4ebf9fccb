"""The initiatives of one or more rounds: status, costs, the werkgroep's verdicts and decision.

No personal data: no initiator's name, group, e-mail or phone, and no werkgroep member's name.
Drafts are left out (only their initiator sees them); a hidden idea is counted but its title
and costs are not shown, because ideas are hidden for abuse or personal data.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from wijkbudget.exports.tables import Cell, Column, Kind, Table
from wijkbudget.extensions import db
from wijkbudget.initiatives.labels import STATUS_LABELS
from wijkbudget.initiatives.models import Initiative, Status
from wijkbudget.review.labels import OUTCOME_LABELS, VERDICT_LABELS
from wijkbudget.review.models import Criterion, CriterionVerdict, Decision
from wijkbudget.templating import euro
from wijkbudget.wijken.models import Round


def _initiatives(rounds: Sequence[Round]) -> list[Initiative]:
    query = (
        sa.select(Initiative)
        .options(selectinload(Initiative.theme), selectinload(Initiative.round))
        .where(Initiative.round_id.in_([r.id for r in rounds]), Initiative.status != Status.DRAFT)
        .order_by(Initiative.round_id, Initiative.id)
    )
    return list(db.session.scalars(query))


def latest_decisions(initiatives: Sequence[Initiative]) -> dict[int, Decision]:
    """The werkgroep's last decision per initiative (on any version), in one query."""
    query = (
        sa.select(Decision)
        .where(Decision.initiative_id.in_([i.id for i in initiatives]))
        .order_by(Decision.id)
    )
    return {d.initiative_id: d for d in db.session.scalars(query)}


def _criteria(decisions: Sequence[Decision]) -> list[Criterion]:
    """Every criterion a decision speaks about, in the round's order (oldest version first)."""
    found = {v.criterion.id: v.criterion for d in decisions for v in d.verdicts}
    return sorted(found.values(), key=lambda c: (c.round_id, c.version, c.position, c.id))


def _verdict_text(verdict: CriterionVerdict) -> str:
    label = str(VERDICT_LABELS[verdict.verdict])
    return f"{label} ({verdict.reason})" if verdict.reason else label


def _basics(initiative: Initiative, decision: Decision | None) -> list[Cell]:
    hidden = initiative.status is Status.HIDDEN
    costs = "; ".join(f"{line.item}: {euro(line.amount_cents)}" for line in initiative.cost_lines)
    return [
        initiative.id,
        _("(not shown: hidden by the wijkondersteuner)") if hidden else initiative.title,
        initiative.theme.name if initiative.theme else "",
        str(STATUS_LABELS[initiative.status]),
        None if hidden else initiative.amount_cents,
        "" if hidden else costs,
        initiative.submitted_at.date() if initiative.submitted_at else None,
        str(OUTCOME_LABELS[decision.outcome]) if decision else "",
        (decision.explanation or decision.changes) if decision else "",
        decision.decided_at if decision else None,
    ]


def _basic_columns() -> list[Column]:
    return [
        Column(_("Number"), Kind.NUMBER, 9),
        Column(_("Title"), width=40),
        Column(_("Theme")),
        Column(_("Status"), width=24),
        Column(_("Amount asked"), Kind.MONEY),
        Column(_("Costs"), width=40),
        Column(_("Sent in on"), Kind.DATE),
        Column(_("Werkgroep decision"), width=22),
        Column(_("Reason for the decision"), width=40),
        Column(_("Decided on"), Kind.DATETIME, 16),
    ]


def round_table(round_: Round) -> Table:
    """One round: a verdict column and a reason column for every criterion."""
    initiatives = _initiatives([round_])
    decisions = latest_decisions(initiatives)
    criteria = _criteria(list(decisions.values()))
    texts = [c.text for c in criteria]
    columns = _basic_columns()
    for criterion in criteria:
        header = criterion.text
        if texts.count(criterion.text) > 1:
            header = _(
                "%(criterion)s (version %(version)s)", criterion=header, version=criterion.version
            )
        columns.append(Column(header, width=18))
        columns.append(Column(_("Why: %(criterion)s", criterion=header), width=30))
    table = Table(_("Initiatives"), columns)
    for initiative in initiatives:
        decision = decisions.get(initiative.id)
        given = {v.criterion_id: v for v in decision.verdicts} if decision else {}
        row = _basics(initiative, decision)
        for criterion in criteria:
            verdict = given.get(criterion.id)
            row.append(str(VERDICT_LABELS[verdict.verdict]) if verdict else "")
            row.append(verdict.reason if verdict else "")
        table.rows.append(row)
    return table


def across_table(rounds: Sequence[Round]) -> Table:
    """Many rounds: the wijk and year as columns, every criterion's verdict in one cell."""
    by_id = {r.id: r for r in rounds}
    initiatives = _initiatives(rounds)
    decisions = latest_decisions(initiatives)
    columns = [Column(_("Wijk"), width=18), Column(_("Year"), Kind.NUMBER, 7)]
    columns += [*_basic_columns(), Column(_("Verdict per criterion"), width=60)]
    table = Table(_("Initiatives"), columns)
    for initiative in initiatives:
        round_ = by_id[initiative.round_id]
        decision = decisions.get(initiative.id)
        given = decision.verdicts if decision else []
        verdicts = "; ".join(f"{v.criterion.text}: {_verdict_text(v)}" for v in given)
        table.rows.append([round_.wijk.name, round_.year, *_basics(initiative, decision), verdicts])
    return table
