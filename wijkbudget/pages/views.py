from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale

from wijkbudget.wijken import services
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    today = today_in_nl()
    wijken = [(wijk, services.current_round(wijk, today)) for wijk in services.wijken_overview()]
    return render_template("pages/home.html", wijken=wijken, today=today)


@bp.get("/hoe-werkt-het")
def how_it_works() -> str:
    # Long texts are written per language as whole pages: easier to keep at B1 level than
    # dozens of gettext fragments.
    return render_template(f"pages/how_it_works.{get_locale() or 'nl'}.html")
