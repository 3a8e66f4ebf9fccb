"""Pages of paper voting: overview and reconciliation, printing, issuing, entry, differences,
the admin's override, and starting an assisted online vote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as WerkzeugResponse

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.paper import assist, permissions, reconcile, services, sheets
from wijkbudget.paper.forms import (
    AssistForm,
    EntryForm,
    IssueForm,
    OverrideForm,
    PrintForm,
    ResolveForm,
)
from wijkbudget.paper.labels import (
    ASSIST_LABELS,
    INVALID_LABELS,
    MESSAGES,
    PROBLEM_MESSAGES,
    STATE_LABELS,
    STEP_MESSAGES,
)
from wijkbudget.paper.models import AssistKind, InvalidReason, PaperSheet, SheetState
from wijkbudget.paper.serials import format_serial
from wijkbudget.templating import euro
from wijkbudget.voting import services as voting
from wijkbudget.voting.labels import ERROR_MESSAGES as BALLOT_MESSAGES
from wijkbudget.voting.models import VotingSetup
from wijkbudget.voting.views import read_choices
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

bp = Blueprint("paper", __name__)


@bp.record_once
def _globals(state: Any) -> None:
    state.app.jinja_env.globals.update(
        {
            "paper_permissions": permissions,
            "format_serial": format_serial,
            "paper_assisting": assist.assisting,
            "PAPER_STATE_LABELS": STATE_LABELS,
            "PAPER_INVALID_LABELS": INVALID_LABELS,
        }
    )


def _round_for(round_id: int, allowed: Callable[[Any, Round, date], bool]) -> Round:
    round_ = db.get_or_404(Round, round_id)
    if not allowed(current_user, round_, today_in_nl()):
        abort(403)
    return round_


def _message(code: str, **params: object) -> str:
    if code == "breaks_rules":
        money = {"budget", "total", "minimum"}
        shown = {k: euro(v) if k in money and isinstance(v, int) else v for k, v in params.items()}
        detail = str(BALLOT_MESSAGES[str(params["rule"])])
        params = {"detail": detail % shown if "%(" in detail else detail}
    text = str(MESSAGES[code])
    return text % params if params else text


def _setup(round_: Round) -> VotingSetup:
    setup = voting.setup_of(round_)
    if setup is None or not setup.is_open:
        abort(404)
    return setup


def _items(setup: VotingSetup) -> list[dict[str, Any]]:
    assert setup.frozen is not None
    return sorted(setup.frozen["initiatives"], key=lambda item: item["title"].lower())


# --- Overview, printing, override ---------------------------------------------------------------


@bp.route("/ronde/<int:round_id>/papier", methods=["GET", "POST"])
@login_required
def overview(round_id: int) -> Any:
    round_ = _round_for(round_id, permissions.can_see_paper)
    today = today_in_nl()
    print_form = PrintForm(prefix="print")
    override_form = OverrideForm(prefix="override")
    if print_form.submit.data and print_form.validate_on_submit():
        if not permissions.can_print(current_user, round_, today):
            abort(403)
        setup = _setup(round_)
        try:
            made = services.print_sheets(current_user, round_, print_form.count.data or 0)
        except services.EntryError as error:
            db.session.rollback()
            show_error(print_form, error, MESSAGES, "count")
        except services.PaperError as error:
            db.session.rollback()
            flash(_message(str(error)), "error")
        except IntegrityError:  # someone printed at the same moment: the numbers clashed
            db.session.rollback()
            flash(_message("busy"), "error")
        else:
            body = sheets.sheets_pdf(setup, made)
            db.session.commit()
            response = make_response(body)
            response.headers["Content-Type"] = "application/pdf"
            name = f"stembiljetten-{format_serial(made[0].serial)}.pdf"
            response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    if override_form.submit.data and override_form.validate_on_submit():
        if not permissions.can_override(current_user, round_, today):
            abort(403)
        try:
            reconcile.override(current_user, round_, override_form.reason.data or "")
        except (services.PaperError, services.EntryError) as error:
            db.session.rollback()
            flash(_message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("The count may start. Your reason is in the audit log."), "success")
            return redirect(url_for("paper.overview", round_id=round_.id))
    figures = reconcile.reconcile(round_)
    problems = [str(PROBLEM_MESSAGES[code]) % numbers for code, numbers in figures.problems]
    return render_template(
        "paper/overview.html",
        round=round_,
        today=today,
        figures=figures,
        problems=problems,
        override=reconcile.override_of(round_),
        assisted=assist.assisted_counts(round_),
        ASSIST_LABELS=ASSIST_LABELS,
        print_form=print_form,
        override_form=override_form,
        frozen=voting.is_frozen(round_),
    )


# --- Issuing ------------------------------------------------------------------------------------


@bp.route("/ronde/<int:round_id>/papier/uitgeven", methods=["GET", "POST"])
@login_required
def issue(round_id: int) -> Any:
    round_ = _round_for(round_id, permissions.can_issue)
    _setup(round_)
    form = IssueForm()
    if form.validate_on_submit():
        try:
            sheet = services.issue_committed(
                current_user, round_, form.code.data or "", form.serial.data or "", utcnow()
            )
        except services.EntryError as error:
            show_error(form, error, MESSAGES, "code")
        except services.PaperError as error:
            flash(_message(str(error)), "error")
        else:
            flash(
                _(
                    "Hand out ballot %(serial)s. Write “used on paper” on the letter.",
                    serial=format_serial(sheet.serial),
                ),
                "success",
            )
            return redirect(url_for("paper.issue", round_id=round_.id))
    status = 422 if form.errors else 200
    return render_template("paper/issue.html", round=round_, form=form), status


# --- Entry and differences ----------------------------------------------------------------------


def _reading(form: EntryForm, setup: VotingSetup) -> services.Reading:
    state = SheetState(form.state.data)
    reason = InvalidReason(form.invalid_reason.data) if form.invalid_reason.data else None
    choices = read_choices(voting.rules_of(setup)) if state is SheetState.VALID else {}
    return services.Reading(state, choices, reason)


def _show_entry_error(form: EntryForm, error: services.EntryError, fallback: str) -> None:
    if error.field == "choices":  # the reading breaks the ballot's rules: shown by the choice
        form.state.errors = [_message(error.code, **error.params)]
    else:
        show_error(form, error, MESSAGES, fallback)


def _entry_page(
    template: str, round_: Round, setup: VotingSetup, form: EntryForm, **context: Any
) -> tuple[str, int]:
    choices = read_choices(voting.rules_of(setup)) if request.method == "POST" else {}
    status = 422 if form.errors else 200
    return render_template(
        template,
        round=round_,
        setup=setup,
        items=_items(setup),
        form=form,
        choices=choices,
        **context,
    ), status


@bp.route("/ronde/<int:round_id>/papier/invoeren", methods=["GET", "POST"])
@login_required
def enter(round_id: int) -> Any:
    round_ = _round_for(round_id, permissions.can_enter)
    setup = _setup(round_)
    form = EntryForm()
    if form.validate_on_submit():
        try:
            step, sheet = services.enter(
                current_user, round_, form.serial.data or "", _reading(form, setup)
            )
        except services.EntryError as error:
            db.session.rollback()
            _show_entry_error(form, error, "serial")
        except services.PaperError as error:
            db.session.rollback()
            flash(_message(str(error)), "error")
        else:
            db.session.commit()
            serial = format_serial(sheet.serial)
            level = "error" if step == services.EntryStep.MISMATCH else "success"
            flash(str(STEP_MESSAGES[step]) % {"serial": serial}, level)
            return redirect(url_for("paper.enter", round_id=round_.id))
    return _entry_page("paper/enter.html", round_, setup, form)


@bp.get("/ronde/<int:round_id>/papier/verschillen")
@login_required
def differences(round_id: int) -> str:
    round_ = _round_for(round_id, permissions.can_enter)
    return render_template(
        "paper/differences.html", round=round_, sheets=services.mismatches(round_)
    )


def _sheet_or_404(round_: Round, serial: int) -> PaperSheet:
    sheet = services.sheet_by_serial(round_, serial)
    if sheet is None:
        abort(404)
    return sheet


@bp.route("/ronde/<int:round_id>/papier/verschillen/<int:serial>", methods=["GET", "POST"])
@login_required
def resolve(round_id: int, serial: int) -> Any:
    round_ = _round_for(round_id, permissions.can_enter)
    setup = _setup(round_)
    sheet = _sheet_or_404(round_, serial)
    form = ResolveForm()
    if request.method == "GET":
        form.serial.data = format_serial(sheet.serial)
    if form.validate_on_submit():
        try:
            services.resolve(
                current_user, round_, sheet, _reading(form, setup), form.reason.data or ""
            )
        except services.EntryError as error:
            db.session.rollback()
            _show_entry_error(form, error, "state")
        except services.PaperError as error:
            db.session.rollback()
            flash(_message(str(error)), "error")
        else:
            db.session.commit()
            flash(_("Ballot %(serial)s is decided.", serial=format_serial(serial)), "success")
            return redirect(url_for("paper.differences", round_id=round_.id))
    titles = {str(item["id"]): item["title"] for item in _items(setup)}
    return _entry_page("paper/resolve.html", round_, setup, form, sheet=sheet, titles=titles)


# --- Assisted online votes ----------------------------------------------------------------------


@bp.route("/ronde/<int:round_id>/stemmen/helpen", methods=["GET", "POST"])
@login_required
def assist_start(round_id: int) -> Any:
    round_ = _round_for(round_id, permissions.can_assist)
    form = AssistForm()
    if form.validate_on_submit():
        kind = AssistKind(form.kind.data)
        try:
            assist.check_may_assist(current_user, round_, kind, bool(form.consent.data))
        except services.PaperError as error:
            params = {"limit": assist.proxy_limit()} if str(error) == "proxy_limit" else {}
            form.kind.errors = [_message(str(error), **params)]
        else:
            assist.start(round_, kind, bool(form.consent.data))
            return redirect(url_for("voting.enter"))
    status = 422 if form.errors else 200
    return render_template(
        "paper/assist.html",
        round=round_,
        form=form,
        proxies=assist.proxy_votes_by(current_user, round_),
        limit=assist.proxy_limit(),
    ), status


@bp.post("/stem/hulp-stoppen")
def assist_stop() -> WerkzeugResponse:
    session.pop(assist.SESSION_KEY, None)
    return redirect(url_for("voting.enter"))
