"""The wijk profile on the wijk page: loaded through a template function, no route of its own."""

from __future__ import annotations

from flask import Blueprint

from wijkbudget.profiles.goals import SOURCE as GOALS_SOURCE
from wijkbudget.profiles.services import goal_text, wijk_profile
from wijkbudget.projects.labels import LINE_LABELS

bp = Blueprint("profiles", __name__)


@bp.app_context_processor
def profile_helpers() -> dict[str, object]:
    return {
        "wijk_profile": wijk_profile,
        "goal_text": goal_text,
        "GOALS_SOURCE": GOALS_SOURCE,
        "LINE_LABELS": LINE_LABELS,
    }
