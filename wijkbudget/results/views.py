"""The results page, the results pack, and the admin's count, publish and import."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.results import charts, engine, explain, pack, permissions, services
from wijkbudget.results.forms import CountForm, ImportForm, PublishForm
from wijkbudget.results.importing import PbImportError, import_pb
from wijkbudget.results.labels import RULE_LABELS, message
from wijkbudget.results.models import Outcome
from wijkbudget.voting import services as voting
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("results", __name__)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(
        {
            "results_outcome_of": services.outcome_of,
            "results_permissions": permissions,
            "RESULT_RULE_LABELS": RULE_LABELS,
        }
    )


def _rule_label(rule: str) -> str:
    label = RULE_LABELS.get(rule)
    return str(label) if label is not None else rule


def _steps(outcome: Outcome) -> list[dict[str, Any]]:
    """Every step of the count, in order, with the idea's title and the step in words."""
    titles = {item["project"]: item["title"] for item in outcome.per_initiative}
    points = explain.points_ballot(outcome)
    threshold = outcome.parameters.get("threshold")
    return [
        {
            "title": titles.get(step["project"], step["project"]),
            "funded": step["reason"] == "funded",
            "text": explain.explain_step(step, points=points, threshold=threshold),
        }
        for step in explain.steps(outcome)
    ]


@bp.get("/ronde/<int:round_id>/uitslag")
def page(round_id: int) -> str:
    round_ = db.get_or_404(Round, round_id)
    outcome = services.outcome_of(round_)
    context: dict[str, Any] = {"round": round_, "wijk": round_.wijk, "today": today_in_nl()}
    if not permissions.can_see_outcome(current_user, outcome):
        # Nothing about a count before it is published: not even whether one exists.
        return render_template("results/not_yet.html", **context)
    assert outcome is not None
    results = services.initiative_results(outcome)
    points = explain.points_ballot(outcome)
    turnout = voting.turnout(round_)
    return render_template(
        "results/page.html",
        **context,
        outcome=outcome,
        results=results,
        funded=[result for result in results if result.funded],
        points=points,
        rule_label=_rule_label(outcome.rule),
        rule_paragraphs=explain.explain_rule(outcome),
        steps=_steps(outcome),
        turnout=turnout,
        votes_chart=charts.votes_chart(results, points=points, chart_id="votes-chart"),
        budget_chart=charts.budget_chart(
            outcome.budget_cents, outcome.total_cents, chart_id="budget-chart"
        ),
    )


@bp.get("/ronde/<int:round_id>/uitslag/pakket.zip")
def results_pack(round_id: int) -> Response:
    round_ = db.get_or_404(Round, round_id)
    outcome = services.outcome_of(round_)
    if not permissions.can_see_outcome(current_user, outcome):
        abort(404)
    assert outcome is not None
    response = Response(pack.build(outcome), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{pack.filename(outcome)}"'
    return response


# --- Counting and publishing (admins and the gemeente) ----------------------------------------


def _managed(round_id: int) -> Round:
    round_ = db.get_or_404(Round, round_id)
    if not permissions.can_count(current_user, round_, today_in_nl()):
        abort(403)
    return round_


def _comparison(outcome: Outcome) -> list[dict[str, Any]]:
    """What each other rule would have funded with the same ballots."""
    titles = {item["project"]: item["title"] for item in outcome.per_initiative}
    funded = [item["project"] for item in outcome.per_initiative if item["funded"]]
    return [
        {
            "rule": _rule_label(rule),
            "same": list(result.selected) == funded,
            "funded": [titles[project] for project in result.selected],
            "total_cents": engine.cents(result.total_cost),
        }
        for rule, result in engine.other_rules(outcome)
    ]


@bp.get("/ronde/<int:round_id>/uitslag/beheer")
@login_required
def manage(round_id: int) -> str:
    round_ = _managed(round_id)
    outcome = services.outcome_of(round_)
    blocker = services.count_blocker(round_, today_in_nl())
    return render_template(
        "results/manage.html",
        round=round_,
        outcome=outcome,
        blocker=message(blocker) if blocker else None,
        count_form=CountForm(prefix="count"),
        publish_form=PublishForm(prefix="publish"),
        rule_label=_rule_label(outcome.rule) if outcome else "",
        comparison=_comparison(outcome) if outcome else [],
    )


@bp.post("/ronde/<int:round_id>/uitslag/tellen")
@login_required
def count(round_id: int) -> WerkzeugResponse:
    round_ = _managed(round_id)
    if CountForm(prefix="count").validate_on_submit():
        try:
            services.count_round(current_user, round_, utcnow())
        except services.ResultsError as error:
            db.session.rollback()
            flash(message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("The votes are counted. Check the outcome, then publish it."), "success")
    return redirect(url_for("results.manage", round_id=round_.id))


@bp.post("/ronde/<int:round_id>/uitslag/publiceren")
@login_required
def publish(round_id: int) -> str | WerkzeugResponse:
    round_ = _managed(round_id)
    form = PublishForm(prefix="publish")
    if not form.validate_on_submit():
        flash(_("Tick the box to publish."), "error")
        return redirect(url_for("results.manage", round_id=round_.id))
    try:
        services.publish(current_user, round_, utcnow())
    except services.ResultsError as error:
        db.session.rollback()
        flash(message(str(error)), "error")
        return redirect(url_for("results.manage", round_id=round_.id))
    db.session.commit()
    flash(_("The results are published. Everyone can see them now."), "success")
    return redirect(url_for("results.page", round_id=round_.id))


@bp.route("/beheer/uitslag/importeren", methods=["GET", "POST"])
@login_required
def import_round() -> str | WerkzeugResponse:
    if not permissions.can_import(current_user):
        abort(403)
    form = ImportForm()
    form.wijk.choices = [
        SelectChoice(w.id, w.name) for w in db.session.scalars(db.select(Wijk).order_by(Wijk.name))
    ]
    if form.validate_on_submit():
        upload = form.file.data
        wijk = db.session.get(Wijk, form.wijk.data)
        if upload is None or not upload.filename or wijk is None:
            form.file.errors = [_("Choose a .pb file.")]
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                outcome = import_pb(
                    current_user,
                    wijk,
                    text,
                    utcnow(),
                    source=upload.filename,
                    rule=form.rule.data or "as-held",
                    year=form.year.data,
                )
            except UnicodeDecodeError:
                form.file.errors = [str(message("bad_file"))]
            except PbImportError as error:
                db.session.rollback()
                detail = f" ({error.detail})" if error.detail else ""
                form.file.errors = [message(str(error)) + detail]
            else:
                db.session.commit()
                flash(_("The round is imported."), "success")
                return redirect(url_for("results.page", round_id=outcome.round_id))
    return render_template("results/import.html", form=form)
