"""The ballot at /stem (no login: the stemcode is the key): the code, the ballot, the review,
the cast and the receipt."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.blueprints import BlueprintSetupState
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response as WerkzeugResponse

from wijkbudget.db import utcnow
from wijkbudget.extensions import db
from wijkbudget.initiatives.models import Initiative
from wijkbudget.paper import assist
from wijkbudget.paper.labels import MESSAGES as PAPER_MESSAGES
from wijkbudget.paper.services import PaperError
from wijkbudget.templating import euro
from wijkbudget.voting import casting, codes, limits, permissions, services
from wijkbudget.voting.ballot import BallotError, Rules, check, total_cost
from wijkbudget.voting.forms import BallotForm, CodeForm
from wijkbudget.voting.labels import (
    BALLOT_TYPE_LABELS,
    ERROR_MESSAGES,
    RULE_EXPLANATIONS,
    RULE_LABELS,
)
from wijkbudget.voting.models import BallotType, Channel, VotingSetup
from wijkbudget.wijken.models import Round
from wijkbudget.wijken.phases import today_in_nl

log = logging.getLogger(__name__)
_SMALL_NUMBER = re.compile(r"[0-9]{1,9}")

bp = Blueprint("voting", __name__)


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


def message(code: str, **params: object) -> str:
    """A voting error's text in the reader's language, with its amounts as euros."""
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


def read_choices(rules: Rules) -> dict[int, int]:
    """The choices on the submitted form; unreadable points count as a mistake, shown later."""
    chosen: dict[int, int] = {}
    if rules.ballot_type is BallotType.POINTS:
        for item in rules.costs:
            raw = request.form.get(f"points-{item}", "").strip()
            if raw:
                # ASCII digits only: "²".isdigit() is true but int("²") fails.
                chosen[item] = int(raw) if _SMALL_NUMBER.fullmatch(raw) else -1
        return chosen
    for raw in request.form.getlist("choice"):
        if _SMALL_NUMBER.fullmatch(raw):
            chosen[int(raw)] = 1
    return chosen


def _open_code(typed: str) -> tuple[casting.CodeRow, casting.OpenVote] | str:
    """A typed stemcode's row and its round's vote while that is open, or why not (an
    :data:`ERROR_MESSAGES` key)."""
    try:
        row = casting.read_code(typed)
        if row.channel is Channel.PAPER:
            raise services.VotingError("used_on_paper")
    except services.VotingError as error:
        log.info("stemcode refused (%s) from %s", error, request.remote_addr)
        return str(error)
    vote = casting.open_vote(row, today_in_nl())
    return "voting_closed" if vote is None else (row, vote)


def _setup_of(vote: casting.OpenVote) -> VotingSetup:
    """The open vote's set-up with its round, for a page that shows the ballot."""
    setup = db.session.get(VotingSetup, vote.setup_id, options=[joinedload(VotingSetup.round)])
    assert setup is not None
    return setup


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


def _posted_code() -> str:
    """The stemcode in the ballot's hidden field.

    CSRFProtect has checked the token before any view runs, so the ballot's two POSTs build no
    form to read one field: on a voting morning that is a measurable share of every cast.
    """
    return request.form.get("code", "")


def _total(rules: Rules, choices: dict[int, int]) -> int:
    return total_cost(rules, {k: v for k, v in choices.items() if k in rules.costs and v > 0})


@bp.route("/stem", methods=["GET", "POST"])
@limits.counting_refused_codes
def enter() -> tuple[str, int] | str:
    form = CodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]  # from the QR code: one tap on "Next"
    if not form.validate_on_submit():
        return render_template("voting/enter.html", form=form)
    found = _open_code(form.code.data or "")
    if isinstance(found, str):
        form.code.errors = [message(found)]
        return render_template("voting/enter.html", form=form), _refusal_status(found)
    row, vote = found
    code = codes.normalize(form.code.data or "") or ""
    earlier = casting.current_choices(code, row)
    return _render_ballot(code, _setup_of(vote), earlier or {}, voted_before=earlier is not None)


@bp.post("/stem/stembiljet")
@limits.counting_refused_codes
def ballot() -> tuple[str, int] | str | WerkzeugResponse:
    found = _open_code(_posted_code())
    if isinstance(found, str):
        return _back_to_code(found)
    vote = found[1]
    setup = _setup_of(vote)
    code = codes.normalize(_posted_code()) or ""
    choices = read_choices(vote.rules)
    action = request.form.get("action", "total")
    if action in ("total", "back"):
        return _render_ballot(code, setup, choices, show_total=action == "total")
    try:
        chosen = check(vote.rules, choices)
    except BallotError as error:
        return _render_ballot(code, setup, choices, error=message(error.code, **error.params))
    items = [item for item in _ballot_items(setup) if item["id"] in chosen]
    return render_template(
        "voting/review.html",
        form=BallotForm(code=code),
        code=code,
        round=setup.round,
        setup=setup,
        items=items,
        choices=chosen,
        total=_total(vote.rules, chosen),
        budget=vote.rules.budget_cents,
    )


def _back_to_code(problem: str) -> tuple[str, int]:
    form = CodeForm()
    form.code.errors = [message(problem)]
    return render_template("voting/enter.html", form=form), _refusal_status(problem)


@bp.post("/stem/uitbrengen")
@limits.counting_refused_codes
def cast() -> tuple[str, int] | WerkzeugResponse:
    if assist.assisting() is None:  # an assisted cast also records the help: one transaction
        casting.without_transaction()
    found = _open_code(_posted_code())
    if isinstance(found, str):
        return _back_to_code(found)
    row, vote = found
    code = codes.normalize(_posted_code()) or ""
    choices = read_choices(vote.rules)
    now = utcnow()
    assisted = assist.cast_hook(vote.round_id, now)
    try:
        result = casting.cast_committed(
            code, choices, Channel.ONLINE, now, also=assisted, as_read=row
        )
    except BallotError as error:
        error_text = message(error.code, **error.params)
        return _render_ballot(code, _setup_of(vote), choices, error=error_text)
    except PaperError as error:  # the helper reached their proxy limit meanwhile
        limit = {"limit": assist.proxy_limit()}
        error_text = str(PAPER_MESSAGES[str(error)]) % limit
        return _render_ballot(code, _setup_of(vote), choices, error=error_text)
    except services.VotingError as error:
        if str(error) in ("wrong_code", "revoked_code", "used_on_paper"):
            return _back_to_code(str(error))
        return _render_ballot(code, _setup_of(vote), choices, error=message(str(error)))
    if assisted is not None:
        assist.finish()
    session["voting_receipt"] = {
        "receipt": result.receipt,
        "changed": result.changed,
        "round_id": vote.round_id,
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


# Running the vote (set-up, addresses and letters, turnout) is on this blueprint too.
from wijkbudget.voting import manage  # noqa: E402, F401
