"""Bar charts as plain SVG, drawn on the server: no JavaScript, sharp on any screen.

Every chart has a text alternative (its title) and the same figures in a table beside it;
the bars carry their values as text, so nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from wijkbudget.profiles.models import Unit

WIDTH = 340
TRACK_X = 128
TRACK_WIDTH = 150
BAR_HEIGHT = 18
ROW_GAP = 6
WIJK_COLOUR = "#154273"  # 10.4:1 on white
GRONINGEN_COLOUR = "#767676"  # 4.5:1 on white
TRACK_COLOUR = "#e8ecf0"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as the reader reads it: "24%", "5,1"
    reference: bool = False  # the rest of Groningen: grey


@dataclass(frozen=True)
class Group:
    name: str
    unit: Unit
    bars: list[Bar]


def scale_max(unit: Unit) -> Decimal:
    """An honest, fixed scale: 0 to 100 for percentages, 0 to 10 for scores."""
    return Decimal(100) if unit is Unit.PERCENT else Decimal(10)


def bar_chart(groups: list[Group], *, title: str, chart_id: str) -> Markup:
    """One SVG with a block per indicator: its name, then a bar per area."""
    parts: list[str] = []
    y = 0
    for group in groups:
        y += 18
        parts.append(
            f'<text x="0" y="{y}" font-weight="700" font-size="14">{escape(group.name)}</text>'
        )
        y += 6
        top = scale_max(group.unit)
        for bar in group.bars:
            share = max(Decimal(0), min(bar.value / top, Decimal(1))) if top else Decimal(0)
            width = round(float(share) * TRACK_WIDTH, 1)
            colour = GRONINGEN_COLOUR if bar.reference else WIJK_COLOUR
            middle = y + BAR_HEIGHT / 2 + 5
            parts.append(
                f'<text x="0" y="{middle}" font-size="13">{escape(bar.label)}</text>'
                f'<rect x="{TRACK_X}" y="{y}" width="{TRACK_WIDTH}" height="{BAR_HEIGHT}" '
                f'fill="{TRACK_COLOUR}"/>'
                f'<rect x="{TRACK_X}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
                f'<text x="{TRACK_X + TRACK_WIDTH + 6}" y="{middle}" font-size="13" '
                f'font-weight="700">{escape(bar.text)}</text>'
            )
            y += BAR_HEIGHT + ROW_GAP
        y += 6
    height = y + 4
    title_id = f"{chart_id}-title"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id={quoteattr(chart_id)} '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby={quoteattr(title_id)} font-family={quoteattr(FONT)} fill="#1a1a1a">'
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
        f"{''.join(parts)}</svg>"
    )
    return Markup(svg)  # every text in it was escaped above
