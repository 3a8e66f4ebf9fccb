"""Public pages: the project listing, a project's page, signing up, and cancelling."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.mail import public_url_for
from wijkbudget.projects import notify, services, signups
from wijkbudget.projects import privacy as privacy_rules
from wijkbudget.projects.forms import CancelForm, ForgetForm, SignupForm
from wijkbudget.projects.labels import (
    AUDIENCE_LABELS,
    LINE_LABELS,
    STATUS_LABELS,
    WAY_EXPLANATIONS,
    WAY_LABELS,
    error_text,
    localized,
)
from wijkbudget.projects.models import Audience, JoinWay, ProgrammeLine, Project, Signup
from wijkbudget.projects.permissions import (
    can_assign_coordinators,
    can_manage_project,
    can_see_management,
)
from wijkbudget.voting import limits
from wijkbudget.wijken import services as wijk_services

bp = Blueprint("projects", __name__, url_prefix="/meedoen")


@bp.app_context_processor
def project_helpers() -> dict[str, object]:
    return {
        "localized": localized,
        "projects_in_wijk": lambda wijk: services.find_projects(services.Filters(wijk=wijk)),
        "LINE_LABELS": LINE_LABELS,
        "AUDIENCE_LABELS": AUDIENCE_LABELS,
        "WAY_LABELS": WAY_LABELS,
        "WAY_EXPLANATIONS": WAY_EXPLANATIONS,
        "STATUS_LABELS": STATUS_LABELS,
        "WAY_EXPLANATIONS_BY_VALUE": {w.value: text for w, text in WAY_EXPLANATIONS.items()},
        "can_manage_project": can_manage_project,
        "can_assign_coordinators": can_assign_coordinators,
        "can_see_project_management": can_see_management,
    }


@bp.app_template_filter("activity_time")
def activity_time(moment: datetime) -> str:
    """ "dinsdag 3 maart 2026, 10:00" in Dutch time, in the reader's language."""
    return str(format_datetime(moment, "EEEE d MMMM y, HH:mm"))


@bp.app_template_filter("activity_clock")
def activity_clock(moment: datetime) -> str:
    return str(format_datetime(moment, "HH:mm"))


E = TypeVar("E", ProgrammeLine, Audience, JoinWay)


def _choice(kind: type[E], name: str) -> E | None:
    value = request.args.get(name, "")
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@bp.get("/")
def index() -> str:
    wijk_slug = request.args.get("wijk", "")
    wijk = wijk_services.wijk_by_slug(wijk_slug) if wijk_slug else None
    filters = services.Filters(
        wijk=wijk,
        line=_choice(ProgrammeLine, "lijn"),
        audience=_choice(Audience, "voor"),
        way=_choice(JoinWay, "manier"),
    )
    return render_template(
        "projects/index.html",
        projects=services.find_projects(filters),
        filters=filters,
        wijken=wijk_services.wijken_overview(),
        filtered=any(
            value is not None
            for value in (filters.wijk, filters.line, filters.audience, filters.way)
        ),
    )


def _project_or_404(slug: str) -> Project:
    project = services.project_by_slug(slug)
    if project is None:
        abort(404)
    return project


@bp.get("/<slug>")
def project(slug: str) -> str:
    found = _project_or_404(slug)
    return render_template(
        "projects/project.html",
        project=found,
        activities=services.upcoming_activities(found, utcnow()),
        full=services.is_full(found),
    )


@bp.get("/<slug>/agenda.ics")
def calendar(slug: str) -> Response:
    from wijkbudget.projects import ics

    found = _project_or_404(slug)
    now = utcnow()
    url = public_url_for("projects.project", slug=found.slug)
    text = ics.calendar(
        found,
        services.upcoming_activities(found, now, limit=200),
        title=localized(found, "title"),
        url=url,
        host=urlsplit(current_app.config["PUBLIC_URL"]).hostname or "wijkbudget",
        now=now,
    )
    return Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{found.slug}.ics"'},
    )


@bp.get("/<slug>/privacy")
def privacy(slug: str) -> str:
    return render_template(
        "projects/privacy.html",
        project=_project_or_404(slug),
        retention_days=current_app.config.get(
            "SIGNUP_RETENTION_DAYS", privacy_rules.DEFAULT_RETENTION_DAYS
        ),
    )


@bp.get("/<slug>/foto.jpg")
def photo(slug: str) -> Response:
    found = _project_or_404(slug)
    if not found.has_photo or found.photo is None:
        abort(404)
    response = Response(found.photo, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _signup_data(form: SignupForm, project: Project) -> signups.SignupData:
    return signups.SignupData(
        name=form.name.data or "",
        way=JoinWay(form.way.data),
        email=form.email.data or "",
        phone=form.phone.data or "",
        message=form.message.data or "",
        guardian_name=(form.guardian_name.data or "") if project.needs_guardian else "",
        guardian_consent=bool(form.guardian_consent.data) if project.needs_guardian else False,
        child_age=form.child_age.data if project.needs_guardian else None,
        locale=str(get_locale()),
    )


@bp.route("/<slug>/aanmelden", methods=["GET", "POST"])
@limits.limiting_posts("signup", "SIGNUP_LIMIT_PER_CLIENT")
def sign_up(slug: str) -> str | Response:
    found = _project_or_404(slug)
    form = SignupForm()
    form.set_ways(found.join_ways)
    if found.needs_guardian:
        form.name.label.text = _("Name of the child")
    if request.method == "GET" and request.args.get("manier") in {w.value for w in found.join_ways}:
        form.way.data = request.args["manier"]
    full = services.is_full(found)
    if found.signup_open and form.validate_on_submit():
        try:
            signup = signups.sign_up(found, _signup_data(form, found), utcnow())
        except signups.SignupError as error:
            db.session.rollback()
            if error.code == "already_signed_up" and error.existing is not None:
                notify.send_already_signed_up(error.existing)
            getattr(form, error.field).errors.append(error_text(error.code, error.params))
        else:
            db.session.commit()
            notify.send_confirmation(signup)
            return redirect(url_for("projects.signed_up", slug=found.slug, token=signup.token))
    return render_template("projects/sign_up.html", project=found, form=form, full=full)


@bp.get("/<slug>/aangemeld/<token>")
def signed_up(slug: str, token: str) -> str:
    signup = signups.by_token(token)
    if signup is None or signup.project.slug != slug:
        abort(404)
    return render_template(
        "projects/signed_up.html",
        project=signup.project,
        signup=signup,
        position=signups.waiting_position(signup),
    )


@bp.route("/afmelden/<token>", methods=["GET", "POST"])
def my_signup(token: str) -> str | Response:
    signup = signups.by_token(token)
    if signup is None:
        return render_template("projects/signup_gone.html"), 404  # type: ignore[return-value]
    cancel_form, forget_form = CancelForm(prefix="cancel"), ForgetForm(prefix="forget")
    project = signup.project
    now = utcnow()
    promoted: list[Signup] | None = None
    forgotten = False
    if forget_form.forget.data and forget_form.validate_on_submit():
        promoted = signups.forget(signup, now)
        forgotten = True
        message = _("Your sign-up is cancelled and your details are deleted.")
    elif cancel_form.submit.data and cancel_form.validate_on_submit():
        promoted = signups.cancel(signup, now)
        message = _("Your sign-up is cancelled.")
    if promoted is not None:
        db.session.commit()
        for person in promoted:
            notify.send_moved_up(person)
        flash(message, "success")
        if forgotten:
            return redirect(url_for("projects.project", slug=project.slug))
        return redirect(url_for("projects.my_signup", token=token))
    return render_template(
        "projects/my_signup.html",
        signup=signup,
        project=project,
        position=signups.waiting_position(signup),
        cancel_form=cancel_form,
        forget_form=forget_form,
    )
