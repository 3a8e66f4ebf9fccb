"""Participation without personal data: in total, per way of voting, per day, per postcode area.

The areas come from :func:`wijkbudget.voting.services.turnout`, which hides every area with
fewer than 10 voters (and, if needed, more areas, so the hidden ones together never have 1 to 9
voters). The hidden areas appear here as one merged row; its numbers are the total over all
areas minus the shown ones, so they are exactly those hidden areas together, never fewer than
10 voters unless 0. Stemcodes without an address (a list in the buurthuis) are a row of their
own: they belong to no area. Only when no area can be shown at all do the areas and those
codes share one row, which then equals the total.

Age bands are not exported: the address register holds no ages, and we do not invent them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from wijkbudget.exports.tables import Column, Kind, Table
from wijkbudget.extensions import db
from wijkbudget.voting.models import Channel, RollEntry
from wijkbudget.voting.services import SMALL_AREA, Turnout, turnout
from wijkbudget.wijken.models import Round


@dataclass(frozen=True)
class Row:
    breakdown: str
    group: str
    voted: int
    codes: int | None

    @property
    def share(self) -> float | None:
        return self.voted / self.codes if self.codes else None


def _area_totals(round_: Round) -> tuple[int, int]:
    """Voted and stemcodes over all codes that belong to an address (so to an area)."""
    query = sa.select(
        sa.func.coalesce(sa.func.sum(sa.case((RollEntry.voted.is_(True), 1), else_=0)), 0),
        sa.func.count(),
    ).where(
        RollEntry.round_id == round_.id,
        RollEntry.revoked.is_(False),
        RollEntry.address_id.is_not(None),
    )
    voted, codes = db.session.execute(query).one()
    return int(str(voted)), int(str(codes))


def rows_of(seen: Turnout, area_voted: int, area_codes: int) -> list[Row]:
    """The rows of the export, from the safe turnout and the totals over all areas."""
    area, day, way = _("Postcode area"), _("Day"), _("Way of voting")
    rows = [Row(_("Total"), _("Everyone"), seen.voted, seen.codes)]
    names = {Channel.ONLINE: _("Online"), Channel.PAPER: _("On paper")}
    rows += [
        Row(way, names.get(channel, _("unknown")) if channel else _("unknown"), count, None)
        for channel, count in seen.per_channel
    ]
    rows += [
        Row(day, voted_on.isoformat() if voted_on else _("unknown"), count, None)
        for voted_on, count in seen.per_day
    ]
    rows += [Row(area, pc4, voted, codes) for pc4, voted, codes in seen.per_area]
    merged_voted = area_voted - sum(r[1] for r in seen.per_area)
    merged_codes = area_codes - sum(r[2] for r in seen.per_area)
    loose_voted, loose_codes = seen.voted - area_voted, seen.codes - area_codes
    if 0 < merged_voted < SMALL_AREA:
        # Only when no area is shown at all: the areas and the loose codes together are then
        # the whole round, the same number as the first row, so nothing small stands alone.
        rows.append(
            Row(
                area,
                _("All areas and stemcodes without an address together"),
                merged_voted + loose_voted,
                merged_codes + loose_codes,
            )
        )
        return rows
    if seen.hidden_areas:
        label = ngettext(
            "Other areas together (%(num)d area with fewer than 10 voters)",
            "Other areas together (%(num)d areas, each with fewer than 10 voters or merged)",
            seen.hidden_areas,
        )
        rows.append(Row(area, label, merged_voted, merged_codes))
    if loose_codes:
        # Not an area: codes from a list in the buurthuis. Like the ways of voting, a small
        # number here points at no address.
        rows.append(
            Row(
                _("Without an address"), _("Stemcodes without an address"), loose_voted, loose_codes
            )
        )
    return rows


def round_rows(round_: Round) -> list[Row]:
    return rows_of(turnout(round_), *_area_totals(round_))


def round_table(round_: Round) -> Table:
    table = Table(
        _("Participation"),
        [
            Column(_("Breakdown"), width=18),
            Column(_("Group"), width=44),
            Column(_("Voted"), Kind.NUMBER),
            Column(_("Stemcodes"), Kind.NUMBER),
            Column(_("Turnout"), Kind.PERCENT),
        ],
    )
    table.rows = [[r.breakdown, r.group, r.voted, r.codes, r.share] for r in round_rows(round_)]
    return table
