from __future__ import annotations

from flask import Blueprint, abort, render_template

from wijkbudget.wijken import services
from wijkbudget.wijken.phases import PHASE_ORDER, today_in_nl

bp = Blueprint("wijken", __name__)


@bp.get("/wijk/<slug>")
def wijk(slug: str) -> str:
    found = services.wijk_by_slug(slug)
    if found is None:
        abort(404)
    today = today_in_nl()
    return render_template(
        "wijken/wijk.html",
        wijk=found,
        round=services.current_round(found, today),
        today=today,
        phases=PHASE_ORDER,
    )
