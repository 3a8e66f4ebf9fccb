"""The results as SVG drawn on the server: a bar per initiative and the budget as one bar.

No JavaScript. Each chart has a title and a description (its text alternative), the numbers are
written beside the bars, and "funded" is said in words: nothing depends on colour alone. The
same figures are in the table on the page.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from flask_babel import gettext as _
from markupsafe import Markup

from wijkbudget.results.services import InitiativeResult
from wijkbudget.templating import euro

WIDTH = 340
TRACK_WIDTH = 230
BAR_HEIGHT = 18
ONLINE_COLOUR = "#154273"  # 10.4:1 on white
PAPER_COLOUR = "#767676"  # 4.5:1 on white, and striped
LEFT_COLOUR = "#e8ecf0"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"


def _svg(chart_id: str, height: int, title: str, description: str, body: str) -> Markup:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id={quoteattr(chart_id)} '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f"aria-labelledby={quoteattr(title_id)} aria-describedby={quoteattr(desc_id)} "
        f'font-family={quoteattr(FONT)} fill="#1a1a1a">'
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
        f"<desc id={quoteattr(desc_id)}>{escape(description)}</desc>"
        f'<defs><pattern id="{chart_id}-stripes" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{PAPER_COLOUR}"/></pattern></defs>'
        f"{body}</svg>"
    )
    return Markup(svg)  # every text in it was escaped above


def _short(text: str, width: int = 44) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def votes_chart(results: list[InitiativeResult], *, points: bool, chart_id: str) -> Markup:
    """A bar per initiative: online votes solid, paper votes striped, the total as text."""
    top = max((result.votes for result in results), default=0) or 1
    parts: list[str] = []
    y = 0
    for result in results:
        y += 16
        label = _short(result.title)
        if result.funded:
            label = _("%(title)s (funded)", title=label)
        parts.append(f'<text x="0" y="{y}" font-size="13" font-weight="700">{escape(label)}</text>')
        y += 5
        online = round(result.votes_online / top * TRACK_WIDTH, 1)
        paper = round(result.votes_paper / top * TRACK_WIDTH, 1)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<rect x="0" y="{y}" width="{online}" height="{BAR_HEIGHT}" fill="{ONLINE_COLOUR}"/>'
            f'<rect x="{online}" y="{y}" width="{paper}" height="{BAR_HEIGHT}" '
            f'fill="url(#{chart_id}-stripes)" stroke="{PAPER_COLOUR}"/>'
            f'<text x="{online + paper + 6}" y="{middle}" font-size="13">{result.votes}</text>'
        )
        y += BAR_HEIGHT + 6
    what = _("points") if points else _("votes")
    description = _(
        "A bar for each idea, as long as its number of %(what)s: the solid part online, the "
        "striped part on paper. The table below gives the same numbers.",
        what=what,
    )
    title = _("Points per idea") if points else _("Votes per idea")
    return _svg(chart_id, y + 4, title, description, "".join(parts))


def budget_chart(budget_cents: int, spent_cents: int, *, chart_id: str) -> Markup:
    """The budget as one bar: the part spent on funded ideas, and what is left."""
    spent = round(min(spent_cents / budget_cents, 1) * WIDTH, 1) if budget_cents else 0
    left = budget_cents - spent_cents
    spent_text = _("Spent: %(amount)s", amount=euro(spent_cents))
    left_text = _("Left: %(amount)s", amount=euro(left))
    body = (
        f'<rect x="0" y="0" width="{WIDTH}" height="24" fill="{LEFT_COLOUR}"/>'
        f'<rect x="0" y="0" width="{spent}" height="24" fill="{ONLINE_COLOUR}"/>'
        f'<text x="0" y="44" font-size="13" font-weight="700">{escape(spent_text)}</text>'
        f'<text x="{WIDTH}" y="44" font-size="13" text-anchor="end">{escape(left_text)}</text>'
    )
    description = _(
        "Of the budget of %(budget)s, %(spent)s goes to the funded ideas and %(left)s is left.",
        budget=euro(budget_cents),
        spent=euro(spent_cents),
        left=euro(left),
    )
    return _svg(chart_id, 50, _("The budget"), description, body)
