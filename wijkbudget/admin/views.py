from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from wijkbudget.admin.forms import (
    AssignRoleForm,
    AuditFilterForm,
    RevokeRoleForm,
    RoundForm,
    UserSearchForm,
    WijkForm,
)
from wijkbudget.audit import services as audit_services
from wijkbudget.audit.labels import action_label
from wijkbudget.auth import permissions
from wijkbudget.auth import services as auth_services
from wijkbudget.auth.decorators import require
from wijkbudget.auth.labels import ROLE_ERROR_MESSAGES, ROLE_LABELS
from wijkbudget.auth.models import ASSIGNABLE_ROLES, Role, RoleAssignment, User
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.initiatives import services as initiative_services
from wijkbudget.money import euros_for_input
from wijkbudget.wijken import services
from wijkbudget.wijken.labels import ERROR_MESSAGES
from wijkbudget.wijken.models import Round, Wijk
from wijkbudget.wijken.phases import PhaseDates, today_in_nl

bp = Blueprint("admin", __name__, url_prefix="/beheer")

PAGE_SIZE = 50
AUDIT_FILTERS = ("wijk", "action", "who", "since", "until")


admin_required = require(permissions.is_admin)


@bp.get("/")
@admin_required
def index() -> str:
    return render_template(
        "admin/index.html", wijken=services.wijken_overview(), today=today_in_nl()
    )


@bp.route("/wijken/nieuw", methods=["GET", "POST"])
@admin_required
def new_wijk() -> str | Response:
    form = WijkForm()
    if request.method == "GET":
        form.themes.data = "\n".join(initiative_services.DEFAULT_THEMES)
    if form.validate_on_submit():
        try:
            wijk = services.create_wijk(
                current_user,
                name=form.name.data or "",
                slug=form.slug.data or "",
                postcodes=services.parse_postcodes(form.postcodes.data or ""),
                description=form.description.data or "",
            )
            initiative_services.set_themes(current_user, wijk.id, _lines(form.themes.data))
        except FieldError as error:  # the wijk's own checks, and the themes'
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "name")
        else:
            db.session.commit()
            flash(_("Wijk %(name)s is saved.", name=wijk.name), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/wijk_form.html", form=form, wijk=None)


@bp.route("/wijken/<int:wijk_id>", methods=["GET", "POST"])
@admin_required
def edit_wijk(wijk_id: int) -> str | Response:
    wijk = db.get_or_404(Wijk, wijk_id)
    form = WijkForm(obj=wijk)
    if request.method == "GET":
        form.postcodes.data = " ".join(p.postcode for p in wijk.postcodes)
        form.themes.data = "\n".join(t.name for t in initiative_services.themes_of_wijk(wijk.id))
    if form.validate_on_submit():
        try:
            services.update_wijk(
                current_user,
                wijk,
                name=form.name.data or "",
                slug=form.slug.data or "",
                postcodes=services.parse_postcodes(form.postcodes.data or ""),
                description=form.description.data or "",
                reason=form.reason.data or "",
            )
            initiative_services.set_themes(current_user, wijk.id, _lines(form.themes.data))
        except FieldError as error:  # the wijk's own checks, and the themes'
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "name")
        else:
            db.session.commit()
            flash(_("Wijk %(name)s is saved.", name=wijk.name), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/wijk_form.html", form=form, wijk=wijk)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _round_data(form: RoundForm) -> services.RoundData:
    return services.RoundData(
        year=form.year.data or 0,
        title=form.title.data or "",
        budget_cents=form.budget_cents(),
        dates=PhaseDates(**form.dates()),
        max_per_initiative_cents=form.max_per_initiative_cents(),
        reviews_needed=form.reviews_needed.data or 2,
    )


@bp.route("/wijken/<int:wijk_id>/rondes/nieuw", methods=["GET", "POST"])
@admin_required
def new_round(wijk_id: int) -> str | Response:
    wijk = db.get_or_404(Wijk, wijk_id)
    form = RoundForm()
    if request.method == "GET":
        form.year.data = today_in_nl().year
        form.title.data = _("Wijkbudget %(wijk)s %(year)s", wijk=wijk.name, year=form.year.data)
    if form.validate_on_submit():
        try:
            services.create_round(current_user, wijk, _round_data(form))
        except services.WijkError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "title")
        else:
            db.session.commit()
            flash(_("The round is saved."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/round_form.html", form=form, wijk=wijk, round=None)


@bp.route("/rondes/<int:round_id>", methods=["GET", "POST"])
@admin_required
def edit_round(round_id: int) -> str | Response:
    round_ = db.get_or_404(Round, round_id)
    form = RoundForm(obj=round_)
    today = today_in_nl()
    if request.method == "GET":
        form.budget.data = euros_for_input(round_.budget_cents)
        if round_.max_per_initiative_cents:
            form.initiative_maximum.data = euros_for_input(round_.max_per_initiative_cents)
    if form.validate_on_submit():
        try:
            services.update_round(
                current_user, round_, _round_data(form), today=today, reason=form.reason.data or ""
            )
        except services.WijkError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "title")
        else:
            db.session.commit()
            flash(_("The round is saved."), "success")
            return redirect(url_for("admin.index"))
    from wijkbudget.voting.services import is_frozen

    return render_template(
        "admin/round_form.html",
        form=form,
        wijk=round_.wijk,
        round=round_,
        today=today,
        voting_locked=is_frozen(round_),
    )


@bp.get("/gebruikers")
@admin_required
def users() -> str:
    form = UserSearchForm(request.args)
    query = sa.select(User).order_by(User.name, User.id).limit(PAGE_SIZE)
    term = (form.q.data or "").strip().lower()
    if term:
        pattern = f"%{term}%"
        query = query.where(
            sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern))
        )
    return render_template(
        "admin/users.html", form=form, users=list(db.session.scalars(query)), labels=ROLE_LABELS
    )


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user(user_id: int) -> str | Response:
    person = db.get_or_404(User, user_id)
    assign_form = AssignRoleForm(prefix="assign")
    assign_form.role.choices = [
        SelectChoice(r.value, str(ROLE_LABELS[r])) for r in ASSIGNABLE_ROLES
    ]
    assign_form.wijk.choices = [SelectChoice("", _("— not for one wijk —"))] + [
        SelectChoice(str(w.id), w.name) for w in services.wijken_overview()
    ]
    revoke_form = RevokeRoleForm(prefix="revoke")
    if assign_form.submit.data and assign_form.validate_on_submit():
        wijk_id = assign_form.wijk.data
        wijk = db.session.get(Wijk, int(wijk_id)) if wijk_id and wijk_id.isdigit() else None
        try:
            auth_services.assign_role(
                current_user,
                person,
                Role(assign_form.role.data),
                wijk,
                assign_form.reason.data or "",
            )
        except auth_services.RoleError as error:
            db.session.rollback()
            assign_form.role.errors.append(str(ROLE_ERROR_MESSAGES[str(error)]))
        else:
            db.session.commit()
            flash(_("The role is given."), "success")
            return redirect(url_for("admin.user", user_id=person.id))
    if revoke_form.submit.data and not revoke_form.validate_on_submit():
        flash(_("Write down why you take the role back."), "error")
    elif revoke_form.submit.data:
        raw_id = revoke_form.assignment_id.data or ""
        assignment = db.session.get(RoleAssignment, int(raw_id)) if raw_id.isdigit() else None
        if assignment is None or assignment.user_id != person.id:
            abort(404)
        try:
            auth_services.revoke_role(current_user, assignment, revoke_form.reason.data or "")
        except auth_services.RoleError as error:
            db.session.rollback()
            flash(str(ROLE_ERROR_MESSAGES[str(error)]), "error")
        else:
            db.session.commit()
            flash(_("The role is taken back."), "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return render_template(
        "admin/user.html",
        person=person,
        assign_form=assign_form,
        revoke_form=revoke_form,
        labels=ROLE_LABELS,
    )


@bp.get("/logboek")
@require(lambda user: permissions.can_see_audit_log(user, None))
def audit_log() -> str:
    form = AuditFilterForm(request.args)
    form.wijk.choices = [SelectChoice("", _("All wijken"))] + [
        SelectChoice(str(w.id), w.name) for w in services.wijken_overview()
    ]
    form.action.choices = [SelectChoice("", _("Everything"))] + [
        SelectChoice(action, action_label(action)) for action in audit_services.actions_in_use()
    ]
    form.validate()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    query = audit_services.search(
        wijk_id=int(form.wijk.data) if str(form.wijk.data or "").isdigit() else None,
        action=form.action.data or "",
        who=form.who.data or "",
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
    )
    entries = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    filters = {k: v for k in AUDIT_FILTERS if (v := request.args.get(k))}
    return render_template("admin/audit_log.html", entries=entries, form=form, filters=filters)
