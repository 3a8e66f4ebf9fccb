"""Reading a wijk's profile: its indicator figures per theme, next to the rest of Groningen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from wijkbudget.extensions import db
from wijkbudget.profiles import charts
from wijkbudget.profiles.goals import THEME_GOALS, WIJK_TARGETS, Goal
from wijkbudget.profiles.models import Indicator, IndicatorValue, Unit
from wijkbudget.projects.labels import localized
from wijkbudget.projects.models import ProgrammeLine
from wijkbudget.wijken.models import Wijk


def format_value(value: Decimal, unit: Unit) -> str:
    """``24%`` or, for a score, ``5,1`` in Dutch and ``5.1`` in English."""
    number = format_decimal(value, format="#,##0.#")
    return f"{number}%" if unit is Unit.PERCENT else number


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    name: str
    explanation: str
    wijk_value: Decimal
    wijk_text: str
    groningen_text: str


@dataclass(frozen=True)
class Theme:
    line: ProgrammeLine
    goals: tuple[Goal, ...]
    targets: tuple[Goal, ...]
    figures: list[Figure]
    chart: Markup | None
    sources: list[tuple[str, int]]


def wijk_profile(wijk: Wijk) -> list[Theme]:
    """Per theme: the goals, the wijk's own targets, and its figures with a chart."""
    query = (
        sa.select(Indicator, IndicatorValue)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(IndicatorValue.wijk_id == wijk.id)
        .order_by(Indicator.position, Indicator.id)
    )
    by_theme: dict[ProgrammeLine, list[Figure]] = {line: [] for line in ProgrammeLine}
    for indicator, value in db.session.execute(query):
        groningen = indicator.groningen_value
        by_theme[indicator.theme].append(
            Figure(
                indicator=indicator,
                name=localized(indicator, "name"),
                explanation=localized(indicator, "explanation") if indicator.explanation_nl else "",
                wijk_value=value.value,
                wijk_text=format_value(value.value, indicator.unit),
                groningen_text="" if groningen is None else format_value(groningen, indicator.unit),
            )
        )
    themes = []
    for line in ProgrammeLine:
        figures = by_theme[line]
        chart = None
        if figures:
            groups = [
                charts.Group(
                    name=f.name,
                    unit=f.indicator.unit,
                    bars=[charts.Bar(wijk.name, f.wijk_value, f.wijk_text)]
                    + (
                        [
                            charts.Bar(
                                _("Rest of Groningen"),
                                f.indicator.groningen_value,
                                f.groningen_text,
                                reference=True,
                            )
                        ]
                        if f.indicator.groningen_value is not None
                        else []
                    ),
                )
                for f in figures
            ]
            chart = charts.bar_chart(
                groups,
                title=_(
                    "Chart: %(wijk)s compared with the rest of Groningen. "
                    "The table next to it has the same figures.",
                    wijk=wijk.name,
                ),
                chart_id=f"chart-{line.value}",
            )
        sources = sorted({(f.indicator.source, f.indicator.year) for f in figures})
        themes.append(
            Theme(
                line=line,
                goals=THEME_GOALS[line],
                targets=WIJK_TARGETS.get(wijk.slug, {}).get(line, ()),
                figures=figures,
                chart=chart,
                sources=sources,
            )
        )
    return themes


def goal_text(goal: Goal) -> str:
    return goal.en if str(get_locale()) == "en" else goal.nl
