from __future__ import annotations

from flask import Blueprint, abort, render_template

from wijkbudget.extensions import db
from wijkbudget.wijken import services
from wijkbudget.wijken.models import Round
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


@bp.get("/ronde/<int:round_id>")
def round(round_id: int) -> str:
    found = db.get_or_404(Round, round_id)
    today = today_in_nl()
    return render_template(
        "wijken/round.html", wijk=found.wijk, round=found, today=today, phases=PHASE_ORDER
    )
