"""Management of projects: for admins, the wijkondersteuner of the wijk, and coordinators."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from wijkbudget.audit.services import record
from wijkbudget.auth.decorators import require
from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.projects import export, notify, permissions, photos, services, signups
from wijkbudget.projects.forms import (
    ActivityForm,
    CoordinatorForm,
    MailForm,
    ProjectForm,
    RemoveForm,
    SignupStatusForm,
)
from wijkbudget.projects.labels import error_text
from wijkbudget.projects.models import (
    Activity,
    Audience,
    JoinWay,
    ProgrammeLine,
    Project,
    Signup,
    SignupStatus,
)
from wijkbudget.wijken import services as wijk_services
from wijkbudget.wijken.models import Wijk
from wijkbudget.wijken.phases import DUTCH_TIME

bp = Blueprint("projects_manage", __name__, url_prefix="/meedoen/beheer")


_manager_only = require(permissions.can_see_management)


def _managed(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    if not permissions.can_manage_project(current_user, project):
        abort(403)
    return project


def _show(
    form: ProjectForm | ActivityForm | CoordinatorForm | SignupStatusForm,
    error: services.ProjectError | signups.SignupError | signups.StatusError,
) -> None:
    field = getattr(form, error.field, None) or form.submit
    field.errors = [*field.errors, error_text(error.code, error.params)]


@bp.get("/")
@_manager_only
def index() -> str:
    return render_template(
        "projects/manage/index.html",
        projects=services.manageable_projects(current_user),
        can_create=permissions.can_create_project(current_user),
    )


def _wijk_choices(extra: list[Wijk] | None = None) -> list[SelectChoice]:
    wijken = wijk_services.wijken_overview()
    allowed = [w for w in wijken if permissions.can_create_project_in(current_user, w)]
    allowed += [w for w in extra or [] if w not in allowed]
    return [SelectChoice(w.id, w.name) for w in sorted(allowed, key=lambda w: w.name)]


def _data(form: ProjectForm) -> services.ProjectData:
    wijken = [db.session.get(Wijk, wijk_id) for wijk_id in form.wijken.data or []]
    return services.ProjectData(
        slug=form.slug.data or "",
        programme_line=ProgrammeLine(form.programme_line.data),
        title_nl=form.title_nl.data or "",
        title_en=form.title_en.data or "",
        summary_nl=form.summary_nl.data or "",
        summary_en=form.summary_en.data or "",
        description_nl=form.description_nl.data or "",
        description_en=form.description_en.data or "",
        organisation=form.organisation.data or "",
        privacy_nl=form.privacy_nl.data or "",
        privacy_en=form.privacy_en.data or "",
        wijken=[w for w in wijken if w is not None],
        audiences=[Audience(a) for a in form.audiences.data or []],
        join_ways=[JoinWay(w) for w in form.join_ways.data or []],
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        contact_phone=form.contact_phone.data or "",
        location=form.location.data or "",
        schedule_nl=form.schedule_nl.data or "",
        schedule_en=form.schedule_en.data or "",
        min_age=form.min_age.data,
        max_age=form.max_age.data,
        capacity=form.capacity.data,
        signup_open=bool(form.signup_open.data),
        needs_guardian=bool(form.needs_guardian.data),
        ends_on=form.ends_on.data,
    )


def _save_photo(form: ProjectForm, project: Project) -> None:
    upload = form.photo.data
    if form.remove_photo.data:
        services.set_photo(current_user, project, None, "", "")
    elif upload is not None and bool(getattr(upload, "filename", None)):
        if not (form.photo_alt_nl.data or "").strip():
            raise services.ProjectError("photo_alt_nl", "photo_alt_needed")
        cleaned = photos.clean_photo(upload.read(photos.MAX_BYTES + 1))
        services.set_photo(
            current_user,
            project,
            cleaned,
            form.photo_alt_nl.data or "",
            form.photo_alt_en.data or "",
        )
    elif project.has_photo and (
        project.photo_alt_nl != (form.photo_alt_nl.data or "").strip()
        or project.photo_alt_en != (form.photo_alt_en.data or "").strip()
    ):
        project.photo_alt_nl = (form.photo_alt_nl.data or "").strip()
        project.photo_alt_en = (form.photo_alt_en.data or "").strip()


@bp.route("/nieuw", methods=["GET", "POST"])
@_manager_only
def new() -> str | Response:
    if not permissions.can_create_project(current_user):
        abort(403)
    form = ProjectForm()
    form.wijken.choices = _wijk_choices()
    if request.method == "GET":
        form.signup_open.data = True
    if form.validate_on_submit():
        try:
            project = services.create_project(current_user, _data(form))
            _save_photo(form, project)
        except services.ProjectError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("The project is saved."), "success")
            return redirect(url_for("projects_manage.edit", project_id=project.id))
    return render_template("projects/manage/form.html", form=form, project=None)


@bp.route("/<int:project_id>", methods=["GET", "POST"])
@_manager_only
def edit(project_id: int) -> str | Response:
    project = _managed(project_id)
    form = ProjectForm(obj=project)
    form.wijken.choices = _wijk_choices(project.wijken)
    if request.method == "GET":
        form.wijken.data = [w.id for w in project.wijken]
        form.audiences.data = [a.value for a in project.audiences]
        form.join_ways.data = [w.value for w in project.join_ways]
        form.programme_line.data = project.programme_line.value
    if form.validate_on_submit():
        try:
            promoted = services.update_project(
                current_user, project, _data(form), reason=form.reason.data or ""
            )
            _save_photo(form, project)
        except services.ProjectError as error:
            db.session.rollback()
            _show(form, error)
        else:
            _commit_and_tell_moved_up(promoted)
            flash(_("The project is saved."), "success")
            return redirect(url_for("projects_manage.edit", project_id=project.id))
    return render_template(
        "projects/manage/form.html",
        form=form,
        project=project,
        activity_form=ActivityForm(prefix="activity"),
        coordinator_form=CoordinatorForm(prefix="coordinator"),
        remove_form=RemoveForm(prefix="remove"),
        can_assign=permissions.can_assign_coordinators(current_user, project),
    )


def _commit_and_tell_moved_up(promoted: list[Signup]) -> None:
    """Commit first: a mail goes out only about a place that is really theirs."""
    db.session.commit()
    for person in promoted:
        notify.send_moved_up(person)


def _local(moment: datetime) -> datetime:
    """A time typed in the form is Dutch time."""
    return moment.replace(tzinfo=DUTCH_TIME)


@bp.route("/<int:project_id>/activiteiten", methods=["GET", "POST"])
@_manager_only
def activities(project_id: int) -> str | Response:
    project = _managed(project_id)
    form = ActivityForm(prefix="activity")
    remove = RemoveForm(prefix="remove")
    if remove.submit.data and remove.validate_on_submit():
        activity = db.session.get(Activity, int(remove.item_id.data or 0))
        if activity is None or activity.project_id != project.id:
            abort(404)
        services.remove_activity(current_user, activity)
        db.session.commit()
        flash(_("The activity is removed."), "success")
        return redirect(url_for("projects_manage.activities", project_id=project.id))
    if form.submit.data and form.validate_on_submit():
        assert form.starts_at.data is not None and form.ends_at.data is not None
        try:
            services.add_activity(
                current_user,
                project,
                title_nl=form.title_nl.data or "",
                title_en=form.title_en.data or "",
                starts_at=_local(form.starts_at.data),
                ends_at=_local(form.ends_at.data),
                location=form.location.data or "",
            )
        except services.ProjectError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("The activity is added."), "success")
            return redirect(url_for("projects_manage.activities", project_id=project.id))
    return render_template(
        "projects/manage/activities.html",
        project=project,
        form=form,
        remove_form=remove,
        activities=project.activities,
    )


@bp.route("/<int:project_id>/coordinatoren", methods=["GET", "POST"])
@_manager_only
def coordinators(project_id: int) -> str | Response:
    project = _managed(project_id)
    if not permissions.can_assign_coordinators(current_user, project):
        abort(403)
    form = CoordinatorForm(prefix="coordinator")
    remove = RemoveForm(prefix="remove")
    if remove.submit.data and remove.validate_on_submit():
        user = next((c for c in project.coordinators if str(c.id) == remove.item_id.data), None)
        if user is None:
            abort(404)
        services.remove_coordinator(current_user, project, user)
        db.session.commit()
        flash(_("%(name)s no longer coordinates this project.", name=user.name), "success")
        return redirect(url_for("projects_manage.coordinators", project_id=project.id))
    if form.submit.data and form.validate_on_submit():
        try:
            user = services.add_coordinator(current_user, project, form.email.data or "")
        except services.ProjectError as error:
            db.session.rollback()
            _show(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s now coordinates this project.", name=user.name), "success")
            return redirect(url_for("projects_manage.coordinators", project_id=project.id))
    return render_template(
        "projects/manage/coordinators.html", project=project, form=form, remove_form=remove
    )


@bp.get("/<int:project_id>/aanmeldingen")
@_manager_only
def signup_list(project_id: int) -> str:
    project = _managed(project_id)
    return render_template(
        "projects/manage/signups.html",
        project=project,
        signups=signups.signups_of(project),
        taken=services.places_taken(project),
    )


@bp.route("/aanmelding/<int:signup_id>", methods=["GET", "POST"])
@_manager_only
def signup_detail(signup_id: int) -> str | Response:
    signup = db.get_or_404(Signup, signup_id)
    project = _managed(signup.project_id)
    form = SignupStatusForm(obj=signup)
    if request.method == "GET":
        form.status.data = signup.status.value
    if form.validate_on_submit():
        try:
            promoted = signups.set_status(
                current_user, signup, SignupStatus(form.status.data), form.note.data or "", utcnow()
            )
        except signups.StatusError as error:
            db.session.rollback()
            _show(form, error)
        else:
            _commit_and_tell_moved_up(promoted)
            flash(_("The sign-up is saved."), "success")
            return redirect(url_for("projects_manage.signup_list", project_id=project.id))
    return render_template(
        "projects/manage/signup.html",
        project=project,
        signup=signup,
        form=form,
        position=signups.waiting_position(signup),
    )


@bp.get("/<int:project_id>/aanmeldingen.<kind>")
@_manager_only
def export_signups(project_id: int, kind: str) -> Response:
    project = _managed(project_id)
    if kind not in ("csv", "xlsx"):
        abort(404)
    table = export.rows(signups.signups_of(project))
    if kind == "csv":
        content, mimetype = export.to_csv(table), "text/csv; charset=utf-8"
    else:
        content = export.to_xlsx(table, project.slug)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    record(current_user, "signup.export", project, format=kind, rows=len(table) - 1)
    db.session.commit()
    filename = f"aanmeldingen-{project.slug}-{utcnow():%Y%m%d}.{kind}"
    return Response(
        content,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:project_id>/mail", methods=["GET", "POST"])
@_manager_only
def mail(project_id: int) -> str | Response:
    project = _managed(project_id)
    form = MailForm()
    if form.validate_on_submit():
        chosen = {SignupStatus(s) for s in form.recipients.data or []}
        people = [s for s in signups.signups_of(project) if s.status in chosen and s.email]
        record(
            current_user,
            "signup.mail",
            project,
            statuses=sorted(s.value for s in chosen),
            recipients=len(people),
            subject=form.subject.data or "",
        )
        db.session.commit()
        for person in people:
            notify.send_message(
                person, form.subject.data or "", form.body.data or "", current_user.name
            )
        flash(_("The e-mail is sent to %(count)s people.", count=len(people)), "success")
        return redirect(url_for("projects_manage.signup_list", project_id=project.id))
    without_email = [
        s
        for s in signups.signups_of(project)
        if not s.email and s.status is not SignupStatus.CANCELLED
    ]
    return render_template(
        "projects/manage/mail.html", project=project, form=form, without_email=without_email
    )
