"""The ballot at /stem (no login: the stemcode is the key) and the pages that run the vote."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.formhelpers import show_error
from wijkbudget.initiatives.models import Initiative
from wijkbudget.paper import assist
from wijkbudget.paper.labels import MESSAGES as PAPER_MESSAGES
from wijkbudget.paper.services import PaperError
from wijkbudget.templating import euro
from wijkbudget.voting import casting, codes, importer, letters, limits, permissions, services
from wijkbudget.voting.ballot import BallotError, Rules, check, total_cost
from wijkbudget.voting.forms import (
    BallotForm,
    CodeForm,
    ImportForm,
    LettersForm,
    OpenForm,
    ReplaceForm,
    SetupForm,
)
from wijkbudget.voting.labels import (
    BALLOT_TYPE_LABELS,
    ERROR_MESSAGES,
    IMPORT_MESSAGES,
    RULE_EXPLANATIONS,
    RULE_LABELS,
)
from wijkbudget.voting.models import BallotType, Channel, EligibleAddress, RollEntry, VotingSetup
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

log = logging.getLogger(__name__)
_SMALL_NUMBER = re.compile(r"[0-9]{1,9}")

bp = Blueprint("voting", __name__)
rate_limited = [
    limits.limiter.limit(limits.per_client, deduct_when=limits.failed),
    limits.limiter.limit(limits.overall, key_func=lambda: "all", deduct_when=limits.failed),
]


def _limited(view: Any) -> Any:
    for decorator in rate_limited:
        view = decorator(view)
    return view


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    limits.init_app(state.app)
    state.app.jinja_env.globals.update(
        {
            "voting_setup_of": services.setup_of,
            "voting_permissions": permissions,
            "BALLOT_TYPE_LABELS": BALLOT_TYPE_LABELS,
            "RULE_LABELS": RULE_LABELS,
            "RULE_EXPLANATIONS": RULE_EXPLANATIONS,
        }
    )


def _message(code: str, **params: object) -> str:
    money = {"budget", "total", "minimum"}
    shown = {k: euro(v) if k in money and isinstance(v, int) else v for k, v in params.items()}
    text = str(ERROR_MESSAGES[code])
    return text % shown if shown else text


# --- The ballot -------------------------------------------------------------------------------


def _ballot_items(setup: VotingSetup) -> list[dict[str, Any]]:
    assert setup.frozen is not None
    found = {
        i.id: i
        for i in db.session.scalars(
            db.select(Initiative).where(
                Initiative.id.in_([item["id"] for item in setup.frozen["initiatives"]])
            )
        )
    }
    return [
        {**item, "initiative": found.get(item["id"])}
        for item in sorted(setup.frozen["initiatives"], key=lambda item: item["title"].lower())
    ]


def read_choices(setup: VotingSetup) -> dict[int, int]:
    """The choices on the submitted form; unreadable points count as a mistake, shown later."""
    assert setup.frozen is not None
    chosen: dict[int, int] = {}
    if setup.ballot_type is BallotType.POINTS:
        for item in setup.frozen["initiatives"]:
            raw = request.form.get(f"points-{item['id']}", "").strip()
            if raw:
                # ASCII digits only: "²".isdigit() is true but int("²") fails.
                chosen[item["id"]] = int(raw) if _SMALL_NUMBER.fullmatch(raw) else -1
        return chosen
    for raw in request.form.getlist("choice"):
        if _SMALL_NUMBER.fullmatch(raw):
            chosen[int(raw)] = 1
    return chosen


def _code_and_open_setup(typed: str) -> tuple[RollEntry, VotingSetup] | str:
    """A typed stemcode's roll entry and its round's set-up while the vote is open, or why not
    (an :data:`ERROR_MESSAGES` key)."""
    try:
        entry, setup = casting.code_and_setup(typed)
        if entry.channel is Channel.PAPER:
            raise services.VotingError("used_on_paper")
    except services.VotingError as error:
        log.info("stemcode refused (%s) from %s", error, request.remote_addr)
        return str(error)
    open_setup = services.open_today(setup, today_in_nl())
    return "voting_closed" if open_setup is None else (entry, open_setup)


def _refusal_status(problem: str) -> int:
    """A closed vote is no wrong guess: only refused codes count towards the rate limits."""
    return 200 if problem == "voting_closed" else limits.FAILED


def _render_ballot(
    code: str,
    setup: VotingSetup,
    choices: dict[int, int],
    *,
    error: str | None = None,
    show_total: bool = False,
    voted_before: bool = False,
    status: int = 200,
) -> tuple[str, int]:
    rules = services.rules_of(setup)
    return (
        render_template(
            "voting/ballot.html",
            form=BallotForm(code=code),
            code=code,
            round=setup.round,
            setup=setup,
            rules=rules,
            items=_ballot_items(setup),
            choices=choices,
            total=_total(rules, choices),
            given=sum(w for w in choices.values() if w > 0),
            error=error,
            show_total=show_total,
            voted_before=voted_before,
        ),
        status,
    )


def _total(rules: Rules, choices: dict[int, int]) -> int:
    return total_cost(rules, {k: v for k, v in choices.items() if k in rules.costs and v > 0})


@bp.route("/stem", methods=["GET", "POST"])
@_limited
def enter() -> tuple[str, int] | str:
    form = CodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]  # from the QR code: one tap on "Next"
    if not form.validate_on_submit():
        return render_template("voting/enter.html", form=form)
    found = _code_and_open_setup(form.code.data or "")
    if isinstance(found, str):
        form.code.errors = [_message(found)]
        return render_template("voting/enter.html", form=form), _refusal_status(found)
    entry, setup = found
    code = codes.normalize(form.code.data or "") or ""
    earlier = casting.current_choices(code, entry)
    return _render_ballot(code, setup, earlier or {}, voted_before=earlier is not None)


@bp.post("/stem/stembiljet")
@_limited
def ballot() -> tuple[str, int] | str | WerkzeugResponse:
    form = BallotForm()
    if not form.validate_on_submit():
        abort(400)
    found = _code_and_open_setup(form.code.data or "")
    if isinstance(found, str):
        return _back_to_code(found)
    setup = found[1]
    code = codes.normalize(form.code.data or "") or ""
    choices = read_choices(setup)
    action = request.form.get("action", "total")
    if action in ("total", "back"):
        return _render_ballot(code, setup, choices, show_total=action == "total")
    try:
        chosen = check(services.rules_of(setup), choices)
    except BallotError as error:
        return _render_ballot(code, setup, choices, error=_message(error.code, **error.params))
    items = [item for item in _ballot_items(setup) if item["id"] in chosen]
    return render_template(
        "voting/review.html",
        form=BallotForm(code=code),
        code=code,
        round=setup.round,
        setup=setup,
        items=items,
        choices=chosen,
        total=_total(services.rules_of(setup), chosen),
        budget=services.rules_of(setup).budget_cents,
    )


def _back_to_code(problem: str) -> tuple[str, int]:
    form = CodeForm()
    form.code.errors = [_message(problem)]
    return render_template("voting/enter.html", form=form), _refusal_status(problem)


@bp.post("/stem/uitbrengen")
@_limited
def cast() -> tuple[str, int] | WerkzeugResponse:
    form = BallotForm()
    if not form.validate_on_submit():
        abort(400)
    found = _code_and_open_setup(form.code.data or "")
    if isinstance(found, str):
        return _back_to_code(found)
    entry, setup = found
    code = codes.normalize(form.code.data or "") or ""
    choices = read_choices(setup)
    now = utcnow()
    round_id = setup.round_id  # read before the commit expires it
    assisted = assist.cast_hook(setup.round, now)
    try:
        result = casting.cast_committed(
            code, choices, Channel.ONLINE, now, also=assisted, as_read=(entry, setup)
        )
    except BallotError as error:
        return _render_ballot(code, setup, choices, error=_message(error.code, **error.params))
    except PaperError as error:  # the helper reached their proxy limit meanwhile
        limit = {"limit": assist.proxy_limit()}
        return _render_ballot(code, setup, choices, error=str(PAPER_MESSAGES[str(error)]) % limit)
    except services.VotingError as error:
        if str(error) in ("wrong_code", "revoked_code", "used_on_paper"):
            return _back_to_code(str(error))
        return _render_ballot(code, setup, choices, error=_message(str(error)))
    if assisted is not None:
        assist.finish()
    session["voting_receipt"] = {
        "receipt": result.receipt,
        "changed": result.changed,
        "round_id": round_id,
    }
    return redirect(url_for("voting.done"))


@bp.get("/stem/klaar")
def done() -> str | WerkzeugResponse:
    receipt = session.get("voting_receipt")
    if not receipt:
        return redirect(url_for("voting.enter"))
    round_ = db.get_or_404(Round, receipt["round_id"])
    return render_template("voting/done.html", receipt=receipt, round=round_)


@bp.get("/ronde/<int:round_id>/stemmen/bonnetjes")
def receipts(round_id: int) -> str:
    round_ = db.get_or_404(Round, round_id)
    closed = services.is_closed(round_, today_in_nl())
    return render_template(
        "voting/receipts.html",
        round=round_,
        closed=closed,
        receipts=services.receipts(round_) if closed else [],
    )


# --- Running the vote -------------------------------------------------------------------------


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
            flash(_message(str(error)), "error")
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
            flash(_message(str(error)), "error")
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
            flash(_message(str(error)), "error")
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
