from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from wijkbudget.auth import permissions
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.initiatives import notify
from wijkbudget.initiatives.models import Initiative
from wijkbudget.review import services
from wijkbudget.review.forms import ConflictForm, CriteriaForm, DecisionForm, ReviewForm
from wijkbudget.review.labels import ERROR_MESSAGES, OUTCOME_LABELS, STRENGTH_LABELS, VERDICT_LABELS
from wijkbudget.review.models import Criterion, Outcome, Strength, Verdict
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("review", __name__)
SPARE_ROWS = 3


@bp.record_once
def _template_globals(state: BlueprintSetupState) -> None:
    """Globals rather than context: macros imported by templates can read them too."""
    state.app.jinja_env.globals.update(
        {
            "VERDICT_LABELS": VERDICT_LABELS,
            "STRENGTH_LABELS": STRENGTH_LABELS,
            "OUTCOME_LABELS": OUTCOME_LABELS,
            "current_criteria": services.current_criteria,
        }
    )


@bp.route("/ronde/<int:round_id>/criteria", methods=["GET", "POST"])
@login_required
def criteria(round_id: int) -> str | Response:
    round_ = db.get_or_404(Round, round_id)
    today = today_in_nl()
    if not permissions.can_manage_criteria(current_user, round_, today):
        abort(403)
    form = CriteriaForm()
    if request.method == "GET":
        existing = services.current_criteria(round_)
        rows = [
            {"text": c.text, "explanation": c.explanation, "strength": c.strength.value}
            for c in existing
        ]
        form.process(data={"rows": rows + [{}] * SPARE_ROWS})
    elif form.validate_on_submit():
        items = [
            services.CriterionData(
                text=row.text.data or "",
                explanation=row.explanation.data or "",
                strength=Strength(row.strength.data or Strength.MUST.value),
            )
            for row in (entry.form for entry in form.rows)
        ]
        try:
            services.set_criteria(current_user, round_, items, today, form.reason.data or "")
        except FieldError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "reason" if error.field == "reason" else "rows")
        else:
            db.session.commit()
            flash(_("The criteria are published."), "success")
            return redirect(url_for("wijken.round", round_id=round_.id))
    return render_template("review/criteria.html", round=round_, form=form, today=today)


@bp.get("/ronde/<int:round_id>/werkgroep")
@login_required
def overview(round_id: int) -> str:
    round_ = db.get_or_404(Round, round_id)
    if not permissions.can_review(current_user, round_, today_in_nl()):
        abort(403)
    return render_template(
        "review/overview.html", round=round_, rows=services.werkgroep_overview(round_, current_user)
    )


def _verdict_rows(
    form: ReviewForm, criteria: list[Criterion], preset: dict[int, tuple[str, str]]
) -> None:
    """One row per current criterion, filled from ``preset`` (criterion id → verdict, reason)."""
    while form.verdicts.entries:
        form.verdicts.pop_entry()
    for criterion in criteria:
        verdict, reason = preset.get(criterion.id, ("", ""))
        entry = form.verdicts.append_entry(
            {"criterion_id": str(criterion.id), "verdict": verdict or None, "reason": reason}
        )
        entry.form.verdict.label.text = criterion.text  # names the row in the error summary


def _posted(form: ReviewForm) -> dict[int, tuple[str, str]]:
    """What was sent, by criterion id."""
    posted = {}
    for entry in form.verdicts.entries:
        raw_id = entry.form.criterion_id.data or ""
        if raw_id.isdigit():
            posted[int(raw_id)] = (entry.form.verdict.data or "", entry.form.reason.data or "")
    return posted


def _given(posted: dict[int, tuple[str, str]]) -> dict[int, services.VerdictData]:
    valid = {v.value for v in Verdict}
    return {
        criterion_id: services.VerdictData(Verdict(verdict), reason)
        for criterion_id, (verdict, reason) in posted.items()
        if verdict in valid
    }


def _show_verdict_error(form: ReviewForm, error: FieldError, criteria: list[Criterion]) -> None:
    """Rebuild the rows for the current criteria (keeping what was sent); mark the one at fault."""
    _verdict_rows(form, criteria, _posted(form))
    if error.field.startswith("criterion-"):
        criterion_id = error.field.removeprefix("criterion-")
        for entry in form.verdicts.entries:
            if entry.form.criterion_id.data == criterion_id:
                entry.form.verdict.errors = [str(ERROR_MESSAGES[error.code])]
                return
    show_error(form, error, ERROR_MESSAGES, "submit")


@bp.route("/initiatief/<int:initiative_id>/beoordelen", methods=["GET", "POST"])
@login_required
def review(initiative_id: int) -> str | Response:
    initiative = db.get_or_404(Initiative, initiative_id)
    today = today_in_nl()
    if not permissions.can_review_initiative(current_user, initiative, today):
        abort(404)  # drafts, hidden ideas and ideas not waiting for the check are not shown
    criteria = services.current_criteria(initiative.round)
    form = ReviewForm(prefix="review")
    conflict_form = ConflictForm(prefix="conflict")
    if conflict_form.declare.data and conflict_form.validate_on_submit():
        services.declare_conflict(current_user, initiative, conflict_form.reason.data or "")
        db.session.commit()
        flash(_("Your conflict of interest is recorded. You do not review this idea."), "success")
        return redirect(url_for("review.overview", round_id=initiative.round_id))
    if request.method == "GET":
        mine = next(
            (r for r in services.reviews_of(initiative) if r.reviewer_id == current_user.id), None
        )
        preset = {
            v.criterion_id: (v.verdict.value, v.reason) for v in (mine.verdicts if mine else [])
        }
        _verdict_rows(form, criteria, preset)
    elif form.submit.data and form.validate_on_submit():
        try:
            services.submit_review(current_user, initiative, _given(_posted(form)), today)
        except FieldError as error:
            db.session.rollback()
            _show_verdict_error(form, error, criteria)
        except services.ReviewError as error:
            db.session.rollback()
            flash(str(ERROR_MESSAGES[str(error)]), "error")
        else:
            db.session.commit()
            flash(_("Your review is saved."), "success")
            return redirect(url_for("review.overview", round_id=initiative.round_id))
    reviews = services.reviews_of(initiative)
    return render_template(
        "review/review.html",
        initiative=initiative,
        criteria=criteria,
        form=form,
        conflict_form=conflict_form,
        reviews=reviews,
        reviewed_myself=any(r.reviewer_id == current_user.id for r in reviews),
        conflicted=services.has_conflict(current_user, initiative),
        can_decide=services.can_decide_now(initiative),
    )


@bp.route("/initiatief/<int:initiative_id>/besluit", methods=["GET", "POST"])
@login_required
def decide(initiative_id: int) -> str | Response:
    initiative = db.get_or_404(Initiative, initiative_id)
    today = today_in_nl()
    if not permissions.can_review_initiative(current_user, initiative, today):
        abort(404)
    if services.has_conflict(current_user, initiative):
        abort(403)
    criteria = services.current_criteria(initiative.round)
    form = DecisionForm(prefix="decision")
    if request.method == "GET":
        suggested = services.suggested_verdicts(initiative)
        _verdict_rows(form, criteria, {cid: (v.value, "") for cid, v in suggested.items()})
    elif form.validate_on_submit():
        outcome = form.outcome.data
        try:
            if outcome not in {o.value for o in Outcome}:
                raise FieldError("outcome", "not_allowed")
            services.decide(
                current_user,
                initiative,
                Outcome(outcome),
                _given(_posted(form)),
                today,
                changes=form.changes.data or "",
                explanation=form.explanation.data or "",
            )
        except FieldError as error:
            db.session.rollback()
            if error.code == "not_allowed":
                form.outcome.errors = [_("Choose a decision.")]
            else:
                _show_verdict_error(form, error, criteria)
        except services.ReviewError as error:
            db.session.rollback()
            flash(str(ERROR_MESSAGES[str(error)]), "error")
        else:
            db.session.commit()
            kind = {
                "admitted": "admitted",
                "changes_needed": "changes",
                "not_admitted": "not_admitted",
            }[outcome]
            notify.send(initiative, kind)
            flash(_("The decision is taken and published."), "success")
            return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    return render_template(
        "review/decide.html",
        initiative=initiative,
        criteria=criteria,
        form=form,
        reviews=services.reviews_of(initiative),
    )
