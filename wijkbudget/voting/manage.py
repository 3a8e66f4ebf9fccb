"""Running the vote: its set-up and opening, the addresses and letters, a lost letter replaced,
turnout. On the voting blueprint of :mod:`wijkbudget.voting.views`."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.voting import importer, letters, permissions, services
from wijkbudget.voting.forms import ImportForm, LettersForm, OpenForm, ReplaceForm, SetupForm
from wijkbudget.voting.labels import ERROR_MESSAGES, IMPORT_MESSAGES
from wijkbudget.voting.models import BallotType, EligibleAddress
from wijkbudget.voting.views import bp, message
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl


def _round_for(round_id: int, allowed: Any) -> Round:
    round_ = db.get_or_404(Round, round_id)
    if not allowed(current_user, round_, today_in_nl()):
        abort(403)
    return round_


@bp.route("/ronde/<int:round_id>/stemmen/instellen", methods=["GET", "POST"])
@login_required
def setup(round_id: int) -> str | WerkzeugResponse:
    round_ = _round_for(round_id, permissions.can_manage_voting)
    current = services.setup_of(round_)
    form = SetupForm(obj=current)
    if current is not None and request.method == "GET":
        form.ballot_type.data = current.ballot_type.value
    open_form = OpenForm(prefix="open")
    if open_form.submit.data and open_form.validate_on_submit():
        try:
            services.open_voting(current_user, round_, utcnow())
        except services.VotingError as error:
            db.session.rollback()
            flash(message(str(error)), "error")
        else:
            db.session.commit()
            flash(
                _("Voting is open. The rules, the budget and the ideas are now locked."), "success"
            )
        return redirect(url_for("voting.setup", round_id=round_.id))
    if form.submit.data and form.validate_on_submit():
        data = services.SetupData(
            ballot_type=BallotType(form.ballot_type.data),
            counting_rule=form.counting_rule.data or "",
            max_choices=form.max_choices.data or 0,
            min_share_percent=form.min_share_percent.data or 0,
            points=form.points.data or 0,
            minimum_age=form.minimum_age.data or 0,
        )
        try:
            services.save_setup(current_user, round_, data)
        except services.SetupError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "ballot_type")
        except services.VotingError as error:
            db.session.rollback()
            flash(message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("The voting set-up is saved."), "success")
            return redirect(url_for("voting.setup", round_id=round_.id))
    return render_template(
        "voting/setup.html",
        round=round_,
        form=form,
        open_form=open_form,
        current=current,
        today=today_in_nl(),
    )


@bp.route("/ronde/<int:round_id>/stemmen/adressen", methods=["GET", "POST"])
@login_required
def addresses(round_id: int) -> tuple[str, int] | Response | WerkzeugResponse:
    round_ = _round_for(round_id, permissions.can_manage_voting)
    import_form = ImportForm(prefix="import")
    letters_form = LettersForm(prefix="letters")
    problems: list[tuple[int, str]] = []
    if import_form.submit.data and import_form.validate_on_submit():
        upload = import_form.file.data
        raw = upload.read() if upload and getattr(upload, "filename", "") else b""
        try:
            added = importer.import_addresses(current_user, round_, raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            problems = [(1, _("The file is not a CSV file in UTF-8."))]
        except importer.ImportError_ as error:
            db.session.rollback()
            problems = [
                (p.line, str(IMPORT_MESSAGES[p.code]) % {"value": p.value}) for p in error.problems
            ]
        except services.VotingError as error:
            db.session.rollback()
            flash(message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("%(count)d addresses imported.", count=added), "success")
            return redirect(url_for("voting.addresses", round_id=round_.id))
    if letters_form.submit.data and letters_form.validate_on_submit():
        made = services.issue_codes(current_user, round_)
        if not made:
            db.session.rollback()
            flash(_("Every resident on the list has a letter already."), "info")
            return redirect(url_for("voting.addresses", round_id=round_.id))
        if letters_form.kind.data == "csv":
            body: bytes | str = letters.letters_csv(made)
            kind, name = "text/csv; charset=utf-8", "stemcodes.csv"
        else:
            body = letters.letters_pdf(round_, made)
            kind, name = "application/pdf", "brieven.pdf"
        db.session.commit()  # only now: the codes exist nowhere but in this download
        response = make_response(body)
        response.headers["Content-Type"] = kind
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-store"
        return response
    status = 422 if problems else 200
    return render_template(
        "voting/addresses.html",
        round=round_,
        import_form=import_form,
        letters_form=letters_form,
        problems=problems,
        addresses=services.addresses_of(round_),
        today=today_in_nl(),
    ), status


@bp.route("/ronde/<int:round_id>/stemmen/nieuwe-brief", methods=["GET", "POST"])
@login_required
def replace(round_id: int) -> str:
    round_ = _round_for(round_id, permissions.can_replace_code)
    form = ReplaceForm()
    letter = None
    if form.validate_on_submit():
        postcode = (form.postcode.data or "").replace(" ", "").upper()
        addition = (form.addition.data or "").replace("-", "").replace(" ", "").upper()
        address = db.session.scalar(
            db.select(EligibleAddress).where(
                EligibleAddress.round_id == round_.id,
                EligibleAddress.postcode == postcode,
                EligibleAddress.house_number == form.house_number.data,
                EligibleAddress.addition == addition,
            )
        )
        try:
            if address is None:
                raise services.SetupError("postcode", "no_such_address")
            letter = services.replace_code(
                current_user, round_, address, form.letter_number.data or 0, form.reason.data or ""
            )
        except services.SetupError as error:
            db.session.rollback()
            show_error(form, error, ERROR_MESSAGES, "postcode")
        else:
            db.session.commit()
    return render_template("voting/replace.html", round=round_, form=form, letter=letter)


@bp.get("/ronde/<int:round_id>/stemmen/opkomst")
@login_required
def turnout(round_id: int) -> str:
    round_ = _round_for(round_id, permissions.can_see_turnout)
    return render_template(
        "voting/turnout.html",
        round=round_,
        turnout=services.turnout(round_),
        closed=services.is_closed(round_, today_in_nl()),
    )
