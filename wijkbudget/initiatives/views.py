from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from wijkbudget.auth import permissions
from wijkbudget.errors import FieldError
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.initiatives import notify, services
from wijkbudget.initiatives.forms import (
    COST_ROWS,
    AssistedForm,
    CorrectionForm,
    FilterForm,
    InitiativeForm,
    ModerationForm,
)
from wijkbudget.initiatives.labels import ERROR_MESSAGES, STATUS_EXPLANATIONS, STATUS_LABELS
from wijkbudget.initiatives.markdown import render_markdown
from wijkbudget.initiatives.models import Initiative, Photo, Status
from wijkbudget.initiatives.photos import MAX_UPLOAD_BYTES
from wijkbudget.money import euros_for_input
from wijkbudget.review import services as review_services
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("initiatives", __name__)


@bp.record_once
def _template_globals(state: BlueprintSetupState) -> None:
    """Globals rather than context: macros imported by templates can read them too."""
    state.app.jinja_env.globals.update(
        {
            "STATUS_LABELS": STATUS_LABELS,
            "STATUS_EXPLANATIONS": STATUS_EXPLANATIONS,
            "markdown": render_markdown,
        }
    )


def _theme_choices(form: InitiativeForm | FilterForm, round_: Round, empty: str) -> None:
    form.theme.choices = [SelectChoice("", empty)] + [
        SelectChoice(str(t.id), t.name) for t in services.themes_for(round_)
    ]


def _fill(form: InitiativeForm, initiative: Initiative) -> None:
    """Put an initiative's content into the form (GET), cost lines padded with empty rows."""
    form.process(obj=initiative)
    form.theme.data = str(initiative.theme_id or "")
    form.photo_alt.data = initiative.photo.alt_text if initiative.photo else ""
    rows = [
        {"item": c.item, "amount": euros_for_input(c.amount_cents)} for c in initiative.cost_lines
    ]
    rows += [{}] * max(COST_ROWS - len(rows), 1)
    while len(form.cost_lines.entries):
        form.cost_lines.pop_entry()
    for row in rows:
        form.cost_lines.append_entry(row)


def _photo_upload(form: InitiativeForm, initiative: Initiative) -> bool:
    """Attach an uploaded photo; on a bad photo, keep everything else and say what is wrong."""
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", ""):
        if initiative.photo is not None and form.photo_alt.data:  # only the description changed
            initiative.photo.alt_text = form.photo_alt.data.strip()[:200]
        return True
    try:
        raw = upload.read(MAX_UPLOAD_BYTES + 1)  # a larger file is refused unread
        services.attach_photo(initiative, raw, form.photo_alt.data or "")
    except FieldError as error:
        show_error(form, error, ERROR_MESSAGES, "photo")
        return False
    return True


def _round_or_404(round_id: int) -> Round:
    return db.get_or_404(Round, round_id)


@bp.get("/ronde/<int:round_id>/initiatieven")
def index(round_id: int) -> str:
    round_ = _round_or_404(round_id)
    form = FilterForm(request.args)
    _theme_choices(form, round_, _("All themes"))
    form.status.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(s.value, str(STATUS_LABELS[s])) for s in Status if s.is_public
    ]
    status = Status(form.status.data) if form.status.data in {s.value for s in Status} else None
    theme = int(form.theme.data) if str(form.theme.data or "").isdigit() else None
    found = services.public_list(round_, status=status, theme_id=theme, search=form.q.data or "")
    return render_template(
        "initiatives/index.html", round=round_, form=form, initiatives=found, today=today_in_nl()
    )


@bp.get("/initiatief/<int:initiative_id>")
def show(initiative_id: int) -> str:
    initiative = db.get_or_404(Initiative, initiative_id)
    if not permissions.can_view_initiative(current_user, initiative):
        abort(404)  # not 403: a hidden initiative's existence is not revealed
    return render_template(
        "initiatives/show.html",
        initiative=initiative,
        decision=review_services.latest_decision(initiative),
        today=today_in_nl(),
    )


@bp.get("/foto/<int:photo_id>.jpg")
def photo(photo_id: int) -> Response:
    found = db.get_or_404(Photo, photo_id)
    if not permissions.can_view_initiative(current_user, found.initiative):
        abort(404)
    response = make_response(found.data)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _save_or_submit(
    form: InitiativeForm, initiative: Initiative | None, round_: Round
) -> tuple[Initiative | None, bool]:
    """Shared by new and edit: save the draft, attach the photo, submit if asked.

    Returns the (possibly new) draft and whether all went well. The draft is committed
    before anything else can fail, so nothing typed is ever lost.
    """
    today = today_in_nl()
    try:
        initiative = services.save_draft(current_user, round_, form.to_data(), today, initiative)
    except FieldError as error:
        db.session.rollback()
        show_error(form, error, ERROR_MESSAGES, "title")
        return initiative, False
    except services.InitiativeError as error:
        db.session.rollback()
        flash(str(ERROR_MESSAGES[str(error)]), "error")
        return initiative, False
    photo_ok = _photo_upload(form, initiative)
    db.session.commit()
    if not photo_ok:
        flash(_("Your draft is saved, but not the photo."), "error")
        return initiative, False
    if not form.submit.data:
        flash(_("Your draft is saved."), "success")
        return initiative, True
    try:
        services.submit(current_user, initiative, form.to_data(), today)
    except FieldError as error:
        db.session.rollback()
        show_error(form, error, ERROR_MESSAGES, "title")
        flash(
            _("Your draft is saved. Something is still missing before you can send it in."), "error"
        )
        return initiative, False
    db.session.commit()
    notify.send(initiative, "received")
    flash(_("Thank you! Your idea is sent in."), "success")
    return initiative, True


def _after_save(form: InitiativeForm, initiative: Initiative) -> WerkzeugResponse:
    endpoint = "initiatives.show" if form.submit.data else "initiatives.edit"
    return redirect(url_for(endpoint, initiative_id=initiative.id))


@bp.route("/ronde/<int:round_id>/initiatief/nieuw", methods=["GET", "POST"])
@login_required
def new(round_id: int) -> str | WerkzeugResponse:
    round_ = _round_or_404(round_id)
    if not permissions.can_submit(current_user, round_, today_in_nl()):
        flash(_("You cannot send in ideas now."), "error")
        return redirect(url_for("wijken.round", round_id=round_.id))
    form = InitiativeForm()
    _theme_choices(form, round_, _("Choose a theme"))
    initiative = None
    if request.method == "GET":
        form.initiator_name.data = current_user.name
        form.initiator_contact.data = current_user.email
    elif form.validate_on_submit():
        initiative, ok = _save_or_submit(form, None, round_)
        if ok and initiative is not None:
            return _after_save(form, initiative)
    # Once a draft exists, the form posts to its edit page: a second draft is never made.
    return render_template("initiatives/form.html", form=form, round=round_, initiative=initiative)


@bp.route("/initiatief/<int:initiative_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(initiative_id: int) -> str | WerkzeugResponse:
    initiative = db.get_or_404(Initiative, initiative_id)
    if not permissions.can_edit_initiative(current_user, initiative, today_in_nl()):
        if initiative.author_id == current_user.id:
            flash(_("You cannot change this idea now."), "error")
            return redirect(url_for("initiatives.show", initiative_id=initiative.id))
        abort(404)  # as on the idea's page: whether a hidden idea exists is not revealed
    form = InitiativeForm()
    _theme_choices(form, initiative.round, _("Choose a theme"))
    if request.method == "GET":
        _fill(form, initiative)
    elif form.validate_on_submit():
        saved, ok = _save_or_submit(form, initiative, initiative.round)
        if ok and saved is not None:
            return _after_save(form, saved)
    return render_template(
        "initiatives/form.html", form=form, round=initiative.round, initiative=initiative
    )


@bp.get("/mijn-initiatieven")
@login_required
def mine() -> str:
    return render_template(
        "initiatives/mine.html", initiatives=services.of_author(current_user), today=today_in_nl()
    )


# --- The wijkondersteuner ---------------------------------------------------------------------


def _moderator_round(round_: Round) -> None:
    if not permissions.can_moderate(current_user, round_, today_in_nl()):
        abort(403)


def _moderated(initiative_id: int) -> Initiative:
    """An initiative the wijkondersteuner may handle: sent in, never a resident's draft."""
    initiative = db.get_or_404(Initiative, initiative_id)
    _moderator_round(initiative.round)
    if initiative.status is Status.DRAFT:
        abort(404)
    return initiative


@bp.get("/ronde/<int:round_id>/moderatie")
@login_required
def queue(round_id: int) -> str:
    round_ = _round_or_404(round_id)
    _moderator_round(round_)
    return render_template(
        "initiatives/queue.html", round=round_, initiatives=services.moderation_queue(round_)
    )


@bp.route("/initiatief/<int:initiative_id>/moderatie", methods=["GET", "POST"])
@login_required
def moderate(initiative_id: int) -> str | WerkzeugResponse:
    initiative = _moderated(initiative_id)
    form = ModerationForm()
    others = [i for i in services.public_list(initiative.round) if i.id != initiative.id]
    form.duplicate_of.choices = [SelectChoice("", _("Choose the original idea"))] + [
        SelectChoice(str(i.id), i.title) for i in others
    ]
    if form.validate_on_submit():
        today, reason = today_in_nl(), form.reason.data or ""
        try:
            if form.publish.data:
                services.publish(current_user, initiative, today)
                message = _("The idea is published.")
            elif form.request_changes.data:
                services.request_changes(current_user, initiative, today, reason)
                message = _("The initiator is asked to change the idea.")
            elif form.hide.data:
                services.hide(current_user, initiative, today, reason)
                message = _("The idea is hidden.")
            elif form.duplicate.data:
                original = (
                    db.session.get(Initiative, int(form.duplicate_of.data))
                    if str(form.duplicate_of.data or "").isdigit()
                    else None
                )
                if original is None:
                    raise FieldError("duplicate_of", "bad_duplicate")
                services.mark_duplicate(current_user, initiative, original, today, reason)
                message = _("The idea is marked as a duplicate.")
            else:
                abort(400)
        except FieldError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "reason")
        except services.InitiativeError as error:
            db.session.rollback()
            flash(str(ERROR_MESSAGES[str(error)]), "error")
        else:
            db.session.commit()
            if form.request_changes.data:
                notify.send(initiative, "changes")
            elif form.hide.data:
                notify.send(initiative, "hidden")
            flash(message, "success")
            return redirect(url_for("initiatives.queue", round_id=initiative.round_id))
    return render_template("initiatives/moderate.html", initiative=initiative, form=form)


@bp.route("/initiatief/<int:initiative_id>/corrigeren", methods=["GET", "POST"])
@login_required
def correct(initiative_id: int) -> str | WerkzeugResponse:
    initiative = _moderated(initiative_id)
    form = CorrectionForm()
    _theme_choices(form, initiative.round, _("Choose a theme"))
    if request.method == "GET":
        _fill(form, initiative)
        form.reason.data = ""
    elif form.validate_on_submit():
        try:
            services.correct(
                current_user, initiative, form.to_data(), today_in_nl(), form.reason.data or ""
            )
        except FieldError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "title")
        except services.InitiativeError as error:
            db.session.rollback()
            flash(str(ERROR_MESSAGES[str(error)]), "error")
        else:
            if _photo_upload(form, initiative):
                db.session.commit()
                flash(_("The correction is saved."), "success")
                return redirect(url_for("initiatives.show", initiative_id=initiative.id))
            db.session.rollback()
    return render_template("initiatives/correct.html", form=form, initiative=initiative)


@bp.route("/ronde/<int:round_id>/namens-bewoner", methods=["GET", "POST"])
@login_required
def assisted(round_id: int) -> str | WerkzeugResponse:
    round_ = _round_or_404(round_id)
    _moderator_round(round_)
    form = AssistedForm()
    _theme_choices(form, round_, _("Choose a theme"))
    if form.validate_on_submit():
        data = form.to_data()
        data.consent_to_publish = bool(form.consent_recorded.data)
        try:
            initiative = services.submit_assisted(
                current_user, round_, data, today_in_nl(), bool(form.consent_recorded.data)
            )
            ok = _photo_upload(form, initiative)
        except FieldError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "title")
        except services.InitiativeError as error:
            db.session.rollback()
            flash(str(ERROR_MESSAGES[str(error)]), "error")
        else:
            if ok:
                db.session.commit()
                notify.send(initiative, "received_assisted")
                flash(_("The idea is entered for the resident and published."), "success")
                return redirect(url_for("initiatives.show", initiative_id=initiative.id))
            db.session.rollback()
    return render_template("initiatives/assisted.html", form=form, round=round_)
